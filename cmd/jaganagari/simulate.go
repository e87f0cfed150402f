package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/jaganagari/jaganagari/internal/botapi"
)

// simulatorToken is the token the built-in Bot API accepts; it is not a
// secret because nothing outside this process knows the server.
const simulatorToken = "1000000:local-simulator"

func cmdSimulate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", cfg.SimulatorAddr, "where the built-in Bot API listens")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	log := newLogger(cfg, stderr)
	a, err := openApp(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.close()

	api := botapi.New(simulatorToken)
	url, err := api.Start(*addr)
	if err != nil {
		return fmt.Errorf("start the built-in bot api: %w", err)
	}
	defer api.Close()
	b, err := a.newBot(ctx, simulatorToken, url, false)
	if err != nil {
		return err
	}
	defer a.startSender(ctx, b.API())()
	fmt.Fprintf(stdout, "JagaNagari simulator: Bot API at %s (token %s)\n", url, simulatorToken)
	b.Poll(ctx)
	return nil
}
