package main

import (
	"context"
	"io"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jaganagari/jaganagari/internal/botapi"
	"github.com/jaganagari/jaganagari/internal/config"
	"github.com/jaganagari/jaganagari/internal/postgres/pgtest"
	"github.com/jaganagari/jaganagari/internal/redis/redistest"
	"github.com/jaganagari/jaganagari/internal/seal"
)

// TestRunServesTelegramAndStopsOnSignal runs `jaganagari run` as production
// does, against a Bot API the test controls: a worker is answered, and
// cancelling (what SIGTERM does) makes it finish and return cleanly.
func TestRunServesTelegramAndStopsOnSignal(t *testing.T) {
	t.Parallel()
	const token = "123456789:TESTtokenTESTtokenTESTtokenTESTtoken"
	api := botapi.New(token)
	ts := httptest.NewServer(api)
	defer ts.Close()

	// Real keys, as run insists on; the schema is first migrated with
	// them, since run refuses another blind index key than the first.
	keyEnv := map[string]string{"ENCRYPTION_KEYS": "k1:" + seal.NewSecret(), "BLIND_INDEX_KEY": seal.NewSecret()}
	cfg, err := config.Load(func(k string) string { return keyEnv[k] })
	if err != nil {
		t.Fatal(err)
	}
	keys, err := cfg.Keys()
	if err != nil {
		t.Fatal(err)
	}
	dsn := schemaURL(t, pgtest.NewWithKeys(t, keys)) // a schema of its own; run migrates it again
	rdb, _ := redistest.New(t)

	chat := time.Now().UnixNano()%1_000_000_000 + 5_000_000_000
	t.Cleanup(func() {
		for _, k := range []string{"s:", "d:", "r:", "l:"} {
			rdb.Del(context.Background(), "jn:"+k+strconv.FormatInt(chat, 10))
		}
	})
	env := map[string]string{
		"TELEGRAM_BOT_TOKEN": token,
		"TELEGRAM_API_URL":   ts.URL,
		"DATABASE_URL":       dsn,
		"REDIS_URL":          "redis://" + rdb.Options().Addr + "/0",
		"LISTEN_ADDR":        "127.0.0.1:0",
		"OPS_ADDR":           "127.0.0.1:0",
		"LOG_LEVEL":          "error",
		"ENCRYPTION_KEYS":    keyEnv["ENCRYPTION_KEYS"],
		"BLIND_INDEX_KEY":    keyEnv["BLIND_INDEX_KEY"],
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan int, 1)
	go func() {
		done <- realMain(ctx, []string{"run"}, func(k string) string { return env[k] }, io.Discard, io.Discard)
	}()

	if err := api.AddUser(botapi.User{ID: chat, FirstName: "Siti"}); err != nil {
		t.Fatal(err)
	}
	if _, err := api.SendText(chat, "/start"); err != nil {
		t.Fatal(err)
	}
	wait, stop := context.WithTimeout(ctx, 30*time.Second)
	defer stop()
	if _, err := api.WaitMessage(wait, chat, func(m botapi.Message) bool { return strings.Contains(m.Text, "JagaNagari") }); err != nil {
		t.Fatalf("no welcome from the running bot: %v", err)
	}
	// The workers' "/" menu is set at start, in both languages.
	for _, lang := range []string{"", "en"} {
		if _, err := api.WaitCall(wait, func(c botapi.Call) bool {
			return c.Method == "setMyCommands" && c.OK() && c.Params["language_code"] == lang && c.Params["scope"] == `{"type":"default"}`
		}); err != nil {
			t.Fatalf("no %q command menu from the running bot: %v", lang, err)
		}
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("run exited with %d", code)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("run did not stop after its context was cancelled")
	}
}

func TestRunWithoutTokenPointsToTheSimulator(t *testing.T) {
	t.Parallel()
	var stderr strings.Builder
	code := realMain(t.Context(), []string{"run"}, func(string) string { return "" }, io.Discard, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "TELEGRAM_BOT_TOKEN") || !strings.Contains(stderr.String(), "simulate") {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
}

func TestRunRefusesTheDevelopmentKeys(t *testing.T) {
	t.Parallel()
	var stderr strings.Builder
	env := map[string]string{"TELEGRAM_BOT_TOKEN": "123456789:TESTtokenTESTtokenTESTtokenTESTtoken"}
	code := realMain(t.Context(), []string{"run"}, func(k string) string { return env[k] }, io.Discard, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "ENCRYPTION_KEYS") || !strings.Contains(stderr.String(), "keygen") {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
}

func databaseURL() string {
	if u := os.Getenv("DATABASE_URL"); u != "" {
		return u
	}
	return pgtest.DefaultURL
}

// schemaURL is the DATABASE_URL that puts a command in pool's schema.
func schemaURL(t *testing.T, pool *pgxpool.Pool) string {
	t.Helper()
	u, err := url.Parse(databaseURL())
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", pool.Config().ConnConfig.RuntimeParams["search_path"])
	u.RawQuery = q.Encode()
	return u.String()
}
