package main

// jaganagari poster --out DIR [--nagari CODE|NAME]: the A4 posters of
// every nagari (or one), each as PDF and PNG, named by code and name.

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	tgbot "github.com/go-telegram/bot"

	"github.com/jaganagari/jaganagari/internal/config"
	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/poster"
	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/render"
	"github.com/jaganagari/jaganagari/locales"
)

func cmdPoster(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("poster", stderr)
	out := fs.String("out", "", "folder to write the posters to (made if missing)")
	only := fs.String("nagari", "", "one nagari, by code or name (default: all of them)")
	pos, err := parseFlags(fs, args)
	if err != nil || len(pos) > 0 || *out == "" {
		return errUsage
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	username, err := botUsername(ctx, cfg)
	if err != nil {
		return err
	}
	store, closeStore, err := openStore(ctx, getenv)
	if err != nil {
		return err
	}
	defer closeStore()
	list, err := store.NagariOffices(ctx)
	if err != nil {
		return err
	}
	if *only != "" {
		n, err := store.ResolveNagari(ctx, *only)
		if err != nil {
			return err
		}
		for _, o := range list {
			if o.Code == n.Code {
				list = []postgres.NagariOffice{o}
				break
			}
		}
	}
	r8, err := render.New(locales.FS)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fmt.Errorf("make %s: %w", *out, err)
	}
	names, err := writePosters(list, username, *out, func(msg string, data map[string]any) (string, error) {
		return r8.Text(render.DefaultLanguage, msg, data)
	})
	if err != nil {
		return err
	}
	for i, n := range list {
		fmt.Fprintf(stdout, "%s %s: %s, %s\n", n.Code, n.Name, names[i][0], names[i][1])
	}
	fmt.Fprintf(stdout, "%d posters written to %s (link https://t.me/%s?start=…)\n", len(list), *out, username)
	return nil
}

// botUsername is TELEGRAM_BOT_USERNAME, else what Telegram's getMe says
// for TELEGRAM_BOT_TOKEN.
func botUsername(ctx context.Context, cfg config.Config) (string, error) {
	if cfg.BotUsername != "" {
		return cfg.BotUsername, nil
	}
	if cfg.BotToken == "" {
		return "", fmt.Errorf("the posters' link needs the bot's username: set TELEGRAM_BOT_USERNAME (or TELEGRAM_BOT_TOKEN to ask Telegram)")
	}
	api, err := tgbot.New(cfg.BotToken, tgbot.WithServerURL(cfg.APIURL), tgbot.WithSkipGetMe())
	if err != nil {
		return "", fmt.Errorf("connect to bot api: %w", err)
	}
	me, err := api.GetMe(ctx)
	if err != nil {
		return "", fmt.Errorf("ask telegram for the bot's username: %w", err)
	}
	if !domain.ValidBotUsername(me.Username) {
		return "", fmt.Errorf("telegram answered the username %q, which no link can carry", me.Username)
	}
	return me.Username, nil
}

// writePosters draws the posters of list into dir, one per CPU at once
// (BenchmarkRender: about 0.12 s each, most of it compressing the
// picture), and answers each one's PDF and PNG file names.
func writePosters(list []postgres.NagariOffice, username, dir string, words poster.Words) ([][2]string, error) {
	names := make([][2]string, len(list))
	errs := make([]error, len(list))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(list)) {
		wg.Go(func() {
			for i := range jobs {
				names[i], errs[i] = writePoster(list[i], username, dir, words)
			}
		})
	}
	for i := range list {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return names, nil
}

func writePoster(o postgres.NagariOffice, username, dir string, words poster.Words) ([2]string, error) {
	n := poster.Nagari{Code: o.Code, Name: o.Name, Kecamatan: o.KecamatanName, Contact: o.Contact, Link: domain.DeepLink(username, o.Code)}
	files, err := poster.Render(n, words)
	if err != nil {
		return [2]string{}, fmt.Errorf("poster of %s: %w", o.Code, err)
	}
	names := [2]string{poster.FileName(n, "pdf"), poster.FileName(n, "png")}
	for i, data := range [][]byte{files.PDF, files.PNG} {
		if err := os.WriteFile(filepath.Join(dir, names[i]), data, 0o644); err != nil {
			return [2]string{}, fmt.Errorf("write poster: %w", err)
		}
	}
	return names, nil
}
