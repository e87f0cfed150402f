package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/seal"
)

// DefaultURL is the database tests use when DATABASE_URL is not set: the
// local Postgres that scripts/test starts.
const DefaultURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// maxConns bounds each test's pool. go test runs packages in parallel
// processes and parallel tests inside each, all against one server with
// max_connections 100 by default; four is enough to race transactions.
const maxConns = 4

// New returns a pool on a fresh schema t_<random hex>, migrated (with the
// development keys, seal.Dev) and seeded with the nagari, on the database named by DATABASE_URL (or DefaultURL).
// Every connection of the pool has its search_path set to that schema.
// When the test ends the pool is closed and the schema dropped. If Postgres
// cannot be reached the test fails, saying how to start it; it never skips.
func New(t testing.TB) *pgxpool.Pool {
	t.Helper()
	return NewWithKeys(t, seal.Dev())
}

// NewWithKeys is New for a database first migrated with keys: its blind
// index key is the one the schema will insist on (postgres.Migrate).
func NewWithKeys(t testing.TB, keys *seal.Keys) *pgxpool.Pool {
	t.Helper()
	pool := NewEmpty(t)
	conn, err := pool.Acquire(t.Context())
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	defer conn.Release()
	if err := postgres.Migrate(t.Context(), conn.Conn(), keys); err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	return pool
}

// NewEmpty is New without the migration: a fresh, empty schema, for tests
// of migrating itself.
func NewEmpty(t testing.TB) *pgxpool.Pool {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()

	cfg := config(t)
	adminCfg := cfg.ConnConfig.Copy() // outside the test schema
	schema := "t_" + randomHex(t)

	admin, err := connect(ctx, adminCfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = admin.Exec(ctx, "create schema "+pgx.Identifier{schema}.Sanitize())
	admin.Close(context.Background())
	if err != nil {
		t.Fatalf("pgtest: create schema: %v", err)
	}
	// Registered before the pool exists so that the schema goes even when a
	// later step fails. Cleanups run last-in first-out: the pool closes
	// (registered below) before the schema is dropped.
	t.Cleanup(func() { dropSchema(t, adminCfg, schema) })

	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	cfg.MaxConns = maxConns
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("pgtest: create pool: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// config reads DATABASE_URL, or DefaultURL when it is unset.
func config(t testing.TB) *pgxpool.Config {
	t.Helper()
	url := os.Getenv("DATABASE_URL")
	if url == "" {
		url = DefaultURL
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgx's message can quote the URL, password included.
		t.Fatalf("pgtest: DATABASE_URL is not a valid Postgres connection string")
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = 10 * time.Second
	}
	return cfg
}

// connect opens a single connection. Its error says how to get a database,
// since a missing one is the usual cause.
func connect(ctx context.Context, cfg *pgx.ConnConfig) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("pgtest: cannot reach Postgres at %s:%d as %q (database %q): %w\n"+
			"Set DATABASE_URL to a reachable database (default %s), or run the tests with scripts/test, which starts one.",
			cfg.Host, cfg.Port, cfg.User, cfg.Database, err, DefaultURL)
	}
	return conn, nil
}

// dropSchema removes a test's schema and everything in it.
func dropSchema(t testing.TB, cfg *pgx.ConnConfig, schema string) {
	t.Helper()
	// t.Context is already cancelled while cleanups run.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := connect(ctx, cfg)
	if err != nil {
		t.Errorf("pgtest: drop schema %s: %v", schema, err)
		return
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "drop schema if exists "+pgx.Identifier{schema}.Sanitize()+" cascade"); err != nil {
		t.Errorf("pgtest: drop schema %s: %v", schema, err)
	}
}

// randomHex names a schema; 64 random bits make a clash between concurrent
// test processes practically impossible.
func randomHex(t testing.TB) string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	return hex.EncodeToString(b)
}
