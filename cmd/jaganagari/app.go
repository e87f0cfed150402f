package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	goredis "github.com/redis/go-redis/v9"

	"github.com/jaganagari/jaganagari/bot"
	"github.com/jaganagari/jaganagari/internal/config"
	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/flows"
	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/redis"
	"github.com/jaganagari/jaganagari/internal/render"
	"github.com/jaganagari/jaganagari/internal/seal"
	"github.com/jaganagari/jaganagari/locales"
)

// The stores satisfy what bot asks of them.
var (
	_ bot.Sessions  = (*redis.SessionStore)(nil)
	_ bot.Records   = (*postgres.Store)(nil)
	_ bot.Languages = (*postgres.Store)(nil)
)

// sessionTTL is how long Redis keeps an idle chat's session. It outlives the
// engine's 24-hour form expiry because the session also holds the language.
const sessionTTL = 30 * 24 * time.Hour

// app is the set of parts every serving command wires together.
type app struct {
	cfg      config.Config
	log      *slog.Logger
	pool     *pgxpool.Pool
	keys     *seal.Keys
	store    *postgres.Store
	redis    *goredis.Client
	prefix   string // starts every Redis key of this app
	sessions *redis.SessionStore
	machine  *engine.Machine
	renderer *render.Renderer
	metrics  *prometheus.Registry
	botStats *bot.Metrics
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel, ReplaceAttr: redactAttr}
	if cfg.LogFormat == config.LogJSON {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// redactAttr masks values under keys that could carry personal data or
// secrets, in case one slips into a log call.
func redactAttr(_ []string, a slog.Attr) slog.Attr {
	switch a.Key {
	case "nik", "phone", "text", "token", "name", "address":
		return slog.String(a.Key, "[redacted]")
	}
	return a
}

// openApp connects to Postgres and Redis, migrates the schema and builds the
// flows from the nagari in the database.
func openApp(ctx context.Context, cfg config.Config, log *slog.Logger) (*app, error) {
	a := &app{cfg: cfg, log: log, metrics: newRegistry()}
	a.botStats = bot.NewMetrics(a.metrics)
	keys, err := openKeys(cfg, log)
	if err != nil {
		return nil, err
	}
	a.keys = keys
	if err := postgres.EnsureDatabase(ctx, cfg.DatabaseURL); err != nil {
		return nil, err
	}
	pool, err := postgres.Connect(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	a.pool = pool
	if err := migrate(ctx, pool, keys); err != nil {
		a.close()
		return nil, err
	}
	registerOutboxMetrics(a.metrics, postgres.NewOutbox(pool))
	a.redis, err = redis.Connect(ctx, cfg.RedisURL)
	if err != nil {
		a.close()
		return nil, err
	}
	if err := a.wire(ctx, sessionPrefix); err != nil {
		a.close()
		return nil, err
	}
	return a, nil
}

// sessionPrefix starts the Redis keys of chat sessions.
const sessionPrefix = "jn:"

// wire builds the stores, flows and renderer over a's open pool and Redis
// client. Tests call it on a per-test schema and key prefix.
func (a *app) wire(ctx context.Context, prefix string) error {
	var err error
	if a.renderer, err = render.New(locales.FS); err != nil {
		return err
	}
	a.store = postgres.NewStore(a.pool, a.keys)
	a.prefix = prefix
	a.sessions = redis.NewSessionStore(a.redis, prefix, sessionTTL).SealWith(a.keys)
	nagari, err := a.store.Regions(ctx)
	if err != nil {
		return err
	}
	a.machine, err = flows.New(domain.NewRegions(nagari))
	return err
}

func migrate(ctx context.Context, pool *pgxpool.Pool, keys *seal.Keys) error {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("connect to postgres: %w", err)
	}
	defer conn.Release()
	return postgres.Migrate(ctx, conn.Conn(), keys)
}

// openKeys builds the sealing ring from the environment. Without
// ENCRYPTION_KEYS it is the public development ring, which is fine for the
// simulator and tests and said loudly, since records sealed with it are
// protected from nobody; run refuses it before getting here.
func openKeys(cfg config.Config, log *slog.Logger) (*seal.Keys, error) {
	keys, err := cfg.Keys()
	if err != nil {
		return nil, err
	}
	if keys.IsDev() {
		log.Warn("ENCRYPTION_KEYS is not set: personal data is sealed with the public development keys; never use this database for real people")
	}
	return keys, nil
}

func (a *app) close() {
	if a.redis != nil {
		a.redis.Close()
	}
	if a.pool != nil {
		a.pool.Close()
	}
}

// newBot wires a bot over the app's parts, against serverURL.
func (a *app) newBot(ctx context.Context, token, serverURL string, skipGetMe bool) (*bot.Bot, error) {
	return bot.New(ctx, bot.Options{
		Token:     token,
		ServerURL: serverURL,
		Machine:   a.machine,
		Sessions:  a.sessions,
		Records:   a.store,
		Languages: a.store,
		Menus:     a.store,
		Renderer:  a.renderer,
		Logger:    a.log,
		Metrics:   a.botStats,
		SkipGetMe: skipGetMe,
		Username:  a.cfg.BotUsername, // when getMe is skipped
	})
}

func loadConfig(getenv func(string) string) (config.Config, error) {
	cfg, err := config.Load(getenv)
	if err != nil {
		return cfg, fmt.Errorf("configuration: %w", err)
	}
	return cfg, nil
}
