package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/jaganagari/jaganagari/internal/config"
)

// shutdownGrace is how long in-flight work may take after SIGTERM.
const shutdownGrace = 10 * time.Second

func cmdMigrate(ctx context.Context, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg, newLogger(cfg, stderr))
	if err != nil {
		return err
	}
	a.close()
	fmt.Fprintln(stdout, "database is up to date")
	return nil
}

func cmdRun(ctx context.Context, getenv func(string) string, stderr io.Writer) error {
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	if err := cfg.RequireToken(); err != nil {
		return fmt.Errorf("%w (to try the bot without a token, run: jaganagari simulate)", err)
	}
	if err := cfg.RequireKeys(); err != nil {
		return fmt.Errorf("%w (to try the bot without keys, run: jaganagari simulate)", err)
	}
	log := newLogger(cfg, stderr)
	log.Info("starting", "config", cfg)
	a, err := openApp(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.close()
	b, err := a.newBot(ctx, cfg.BotToken, cfg.APIURL, false)
	if err != nil {
		return err
	}
	defer a.startSender(ctx, b.API(), b.Signer())()
	// The command menus are set beside the updates, never before them.
	menusCtx, stopMenus := context.WithCancel(ctx)
	menusDone := make(chan struct{})
	go func() {
		defer close(menusDone)
		b.SyncCommands(menusCtx)
	}()
	defer func() { stopMenus(); <-menusDone }()

	ops := &http.Server{Addr: cfg.OpsAddr, Handler: opsHandler(a.metrics, appDeps(a)), ReadHeaderTimeout: 5 * time.Second}
	opsLn, err := net.Listen("tcp", cfg.OpsAddr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.OpsAddr, err)
	}
	go ops.Serve(opsLn)
	defer ops.Close()

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })
	if cfg.Mode == config.ModeWebhook {
		if err := b.SetWebhook(ctx, cfg.WebhookURL, cfg.WebhookSecret); err != nil {
			return err
		}
		path := "/"
		if u, err := url.Parse(cfg.WebhookURL); err == nil && u.Path != "" {
			path = u.Path
		}
		mux.Handle(path, b.WebhookHandler(cfg.WebhookSecret))
	}
	srv := &http.Server{Addr: cfg.ListenAddr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	ln, err := net.Listen("tcp", cfg.ListenAddr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.ListenAddr, err)
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	log.Info("listening", "addr", ln.Addr().String(), "mode", cfg.Mode)

	if cfg.Mode == config.ModeWebhook {
		select {
		case <-ctx.Done():
		case err := <-serveErr:
			return err
		}
	} else {
		b.Poll(ctx) // returns after ctx ends and queued updates are done
	}
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Warn("http shutdown", "err", err)
	}
	if cfg.Mode == config.ModeWebhook {
		b.Close()
	}
	log.Info("stopped")
	return nil
}
