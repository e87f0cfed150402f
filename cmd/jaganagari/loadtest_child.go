package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"runtime/pprof"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/jaganagari/jaganagari/bot"
	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/flows"
	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/redis"
	"github.com/jaganagari/jaganagari/internal/render"
	"github.com/jaganagari/jaganagari/internal/seal"
	"github.com/jaganagari/jaganagari/locales"
)

// botHandle is a bot under test, started by startBot.
type botHandle struct {
	url string // its webhook
	// stop stops it and returns its peak RSS in kB and the CPU time it
	// used (user and system; 0 when it ran in this process).
	stop func() (int64, time.Duration, error)
}

// childHello and childBye are the lines a child writes on stdout.
type childHello struct {
	URL string `json:"url"`
}

type childBye struct {
	PeakRSSKB int64  `json:"peak_rss_kb"`
	Err       string `json:"err,omitempty"`
}

// startBot starts the bot (kind "bot") or the bare bot ("bare"), in a child
// process of this binary unless f.inProcess.
func startBot(ctx context.Context, f loadFlags, kind, sinkURL, prefix, cpuProfile string, env []string, stderr io.Writer) (*botHandle, error) {
	if f.inProcess {
		getenv := envLookup(env)
		url, stop, err := serveLoadBot(ctx, kind, sinkURL, prefix, cpuProfile, getenv)
		if err != nil {
			return nil, err
		}
		return &botHandle{url: url, stop: func() (int64, time.Duration, error) { return peakRSSKB(), 0, stop() }}, nil
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("find this program to start the %s bot: %w", kind, err)
	}
	args := []string{"loadtest", "-child", kind, "-sink", sinkURL, "-prefix", prefix}
	if cpuProfile != "" {
		args = append(args, "-cpuprofile", cpuProfile)
	}
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Env = env
	cmd.Stderr = stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start the %s bot: %w", kind, err)
	}
	lines := bufio.NewScanner(stdout)
	var hello childHello
	if !lines.Scan() || json.Unmarshal(lines.Bytes(), &hello) != nil || hello.URL == "" {
		stdin.Close()
		_ = cmd.Wait()
		return nil, fmt.Errorf("the %s bot did not start (its errors are above)", kind)
	}
	return &botHandle{url: hello.URL, stop: func() (int64, time.Duration, error) {
		stdin.Close() // the child's signal to finish
		var bye childBye
		if lines.Scan() {
			_ = json.Unmarshal(lines.Bytes(), &bye)
		}
		werr := cmd.Wait()
		var cpu time.Duration
		if cmd.ProcessState != nil {
			cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		}
		switch {
		case bye.Err != "":
			return bye.PeakRSSKB, cpu, fmt.Errorf("%s bot: %s", kind, bye.Err)
		case werr != nil:
			return bye.PeakRSSKB, cpu, fmt.Errorf("%s bot: %w", kind, werr)
		}
		return bye.PeakRSSKB, cpu, nil
	}}, nil
}

// loadChild serves one bot for a parent loadtest until stdin closes.
func loadChild(ctx context.Context, f loadFlags, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	url, stop, err := serveLoadBot(ctx, f.child, f.sink, f.prefix, f.cpuProfile, getenv)
	if err != nil {
		return err
	}
	if err := json.NewEncoder(stdout).Encode(childHello{URL: url}); err != nil {
		_ = stop()
		return err
	}
	done := make(chan struct{})
	go func() {
		_, _ = io.Copy(io.Discard, stdin)
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
	}
	var bye childBye
	if err := stop(); err != nil {
		bye.Err = err.Error()
	}
	bye.PeakRSSKB = peakRSSKB()
	return json.NewEncoder(stdout).Encode(bye)
}

// serveLoadBot starts a bot's webhook on 127.0.0.1 and returns its URL. The
// bot is wired as `jaganagari run` wires it, except for the Redis key prefix.
func serveLoadBot(ctx context.Context, kind, sinkURL, prefix, cpuProfile string, getenv func(string) string) (url string, stop func() error, err error) {
	var handler http.Handler
	var closeBot func()
	switch kind {
	case "bot":
		handler, closeBot, err = newLoadBot(ctx, sinkURL, prefix, getenv)
	case "bare":
		handler, closeBot, err = newBareBot(ctx, sinkURL)
	default:
		return "", nil, fmt.Errorf("unknown bot %q", kind)
	}
	if err != nil {
		return "", nil, err
	}
	var profile *os.File
	if cpuProfile != "" {
		if profile, err = os.Create(cpuProfile); err != nil {
			closeBot()
			return "", nil, err
		}
		if err := pprof.StartCPUProfile(profile); err != nil {
			profile.Close()
			closeBot()
			return "", nil, err
		}
	}
	base, stopHTTP, err := serveOn("127.0.0.1:0", handler)
	if err != nil {
		closeBot()
		return "", nil, err
	}
	return base + "/hook", func() error {
		stopHTTP()
		closeBot()
		if profile != nil {
			pprof.StopCPUProfile()
			return profile.Close()
		}
		return nil
	}, nil
}

// newLoadBot is the JagaNagari bot over the load database and prefix.
func newLoadBot(ctx context.Context, sinkURL, prefix string, getenv func(string) string) (http.Handler, func(), error) {
	cfg, err := loadConfig(getenv)
	if err != nil {
		return nil, nil, err
	}
	log := newLogger(cfg, os.Stderr)
	pool, err := postgres.Connect(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, nil, err
	}
	// The load database is a throwaway of made-up people: the development
	// keys seal them, as migrateLoadDB's do; sealing costs the same.
	store := postgres.NewStore(pool, seal.Dev())
	rdb, err := redis.Connect(ctx, cfg.RedisURL)
	if err != nil {
		pool.Close()
		return nil, nil, err
	}
	closeStores := func() { rdb.Close(); pool.Close() }
	nagari, err := store.Regions(ctx)
	if err != nil {
		closeStores()
		return nil, nil, err
	}
	machine, err := flows.New(domain.NewRegions(nagari))
	if err != nil {
		closeStores()
		return nil, nil, err
	}
	renderer, err := render.New(locales.FS)
	if err != nil {
		closeStores()
		return nil, nil, err
	}
	b, err := bot.New(ctx, bot.Options{
		Token: loadToken, ServerURL: sinkURL, Machine: machine,
		Sessions: redis.NewSessionStore(rdb, prefix, sessionTTL).SealWith(seal.Dev()), Records: store, Languages: store,
		Renderer: renderer, Logger: log,
	})
	if err != nil {
		closeStores()
		return nil, nil, err
	}
	// Closing the bot first lets queued updates finish while the stores
	// are still there.
	return b.WebhookHandler(loadSecret), func() { b.Close(); closeStores() }, nil
}

// newBareBot is the floor: go-telegram/bot's own webhook handler with its
// defaults, answering every update with one sendMessage.
func newBareBot(ctx context.Context, sinkURL string) (http.Handler, func(), error) {
	b, err := tgbot.New(loadToken,
		tgbot.WithServerURL(sinkURL),
		tgbot.WithWebhookSecretToken(loadSecret),
		tgbot.WithErrorsHandler(func(err error) { slog.Warn("bare bot", "err", err) }),
		tgbot.WithDefaultHandler(func(ctx context.Context, b *tgbot.Bot, u *models.Update) {
			var chat int64
			switch {
			case u.Message != nil:
				chat = u.Message.Chat.ID
			case u.CallbackQuery != nil && u.CallbackQuery.Message.Message != nil:
				chat = u.CallbackQuery.Message.Message.Chat.ID
			default:
				return
			}
			if _, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: chat, Text: "ok"}); err != nil {
				slog.Warn("bare bot send", "err", err)
			}
		}),
	)
	if err != nil {
		return nil, nil, fmt.Errorf("bare bot: %w", err)
	}
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		b.StartWebhook(ctx)
	}()
	return b.WebhookHandler(), func() { cancel(); <-done }, nil
}

// envLookup is a getenv over KEY=value pairs.
func envLookup(env []string) func(string) string {
	m := map[string]string{}
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok {
			m[k] = v
		}
	}
	return func(k string) string { return m[k] }
}
