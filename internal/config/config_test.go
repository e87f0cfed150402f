package config_test

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/jaganagari/jaganagari/internal/config"
)

// env is a map-backed getenv.
type env map[string]string

func (e env) get(k string) string { return e[k] }

// Keys of the real shape (32 bytes of base64); not in use anywhere.
const (
	key1     = "MTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTE="
	key2     = "MjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjI="
	indexKey = "aWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWk="
)

// A token of the real shape; not a live token.
const token = "1234567890:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"

func TestLoad_defaults(t *testing.T) {
	t.Parallel()
	got, err := config.Load(env{}.get)
	if err != nil {
		t.Fatal(err)
	}
	want := config.Config{
		APIURL:        "https://api.telegram.org",
		Mode:          config.ModePolling,
		ListenAddr:    "127.0.0.1:8081",
		DatabaseURL:   "postgres://postgres@127.0.0.1:5432/jaganagari?sslmode=disable",
		RedisURL:      "redis://127.0.0.1:6379/0",
		LogFormat:     config.LogText,
		LogLevel:      slog.LevelInfo,
		SimulatorAddr: "127.0.0.1:8080",
		OpsAddr:       "127.0.0.1:9090",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("defaults (-want +got):\n%s", d)
	}
}

func TestLoad_defaultsMatchDescribe(t *testing.T) {
	t.Parallel()
	// Setting every variable to its documented default changes nothing.
	e := env{}
	for _, v := range config.Describe() {
		e[v.Name] = v.Default
	}
	got, err := config.Load(e.get)
	if err != nil {
		t.Fatal(err)
	}
	def, _ := config.Load(env{}.get)
	if d := cmp.Diff(def, got); d != "" {
		t.Errorf("documented defaults differ from Load's (-load +documented):\n%s", d)
	}
}

func TestLoad_values(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		env   env
		check func(t *testing.T, c config.Config)
	}{
		{
			name: "webhook mode with everything set",
			env: env{
				"TELEGRAM_BOT_TOKEN": token,
				"TELEGRAM_MODE":      "webhook",
				"WEBHOOK_URL":        "https://bot.nagari.example/tg/hook",
				"WEBHOOK_SECRET":     "s3cret_-Value",
				"LISTEN_ADDR":        ":8443",
			},
			check: func(t *testing.T, c config.Config) {
				if c.Mode != config.ModeWebhook || c.WebhookURL != "https://bot.nagari.example/tg/hook" ||
					c.WebhookSecret != "s3cret_-Value" || c.ListenAddr != ":8443" || c.BotToken != token {
					t.Errorf("got %+v", c) // String() blanks the secrets
				}
			},
		},
		{
			name: "surrounding white space is trimmed",
			env:  env{"TELEGRAM_BOT_TOKEN": " " + token + "\n", "LOG_LEVEL": " debug "},
			check: func(t *testing.T, c config.Config) {
				if c.BotToken != token || c.LogLevel != slog.LevelDebug {
					t.Errorf("token trimmed %v, level %v", c.BotToken == token, c.LogLevel)
				}
			},
		},
		{
			name: "api url loses its trailing slash",
			env:  env{"TELEGRAM_API_URL": "http://127.0.0.1:9999/"},
			check: func(t *testing.T, c config.Config) {
				if c.APIURL != "http://127.0.0.1:9999" {
					t.Errorf("APIURL = %q", c.APIURL)
				}
			},
		},
		{
			name: "enums are case-insensitive",
			env:  env{"TELEGRAM_MODE": "Polling", "LOG_FORMAT": "JSON", "LOG_LEVEL": "WARN"},
			check: func(t *testing.T, c config.Config) {
				if c.Mode != config.ModePolling || c.LogFormat != config.LogJSON || c.LogLevel != slog.LevelWarn {
					t.Errorf("got mode %q format %q level %v", c.Mode, c.LogFormat, c.LogLevel)
				}
			},
		},
		{
			name: "log level error",
			env:  env{"LOG_LEVEL": "error"},
			check: func(t *testing.T, c config.Config) {
				if c.LogLevel != slog.LevelError {
					t.Errorf("level %v", c.LogLevel)
				}
			},
		},
		{
			name: "other url schemes the drivers accept",
			env: env{
				"DATABASE_URL": "postgresql://app:pw@db.internal/jaganagari",
				"REDIS_URL":    "rediss://:pw@cache.internal:6380/1",
			},
			check: func(t *testing.T, c config.Config) {
				if c.DatabaseURL != "postgresql://app:pw@db.internal/jaganagari" || c.RedisURL != "rediss://:pw@cache.internal:6380/1" {
					t.Error("urls not kept verbatim")
				}
			},
		},
		{
			name: "redis over a unix socket",
			env:  env{"REDIS_URL": "unix:///run/redis/redis.sock?db=2"},
			check: func(t *testing.T, c config.Config) {
				if c.RedisURL != "unix:///run/redis/redis.sock?db=2" {
					t.Errorf("RedisURL = %q", c.RedisURL)
				}
			},
		},
		{
			name: "webhook settings are validated but unused in polling mode",
			env:  env{"WEBHOOK_URL": "https://bot.nagari.example/hook", "WEBHOOK_SECRET": "abc"},
			check: func(t *testing.T, c config.Config) {
				if c.Mode != config.ModePolling || c.WebhookSecret != "abc" {
					t.Errorf("mode %q", c.Mode)
				}
			},
		},
		{
			name: "a 256-character secret is the longest allowed",
			env:  env{"WEBHOOK_SECRET": strings.Repeat("a", 256)},
			check: func(t *testing.T, c config.Config) {
				if len(c.WebhookSecret) != 256 {
					t.Errorf("len %d", len(c.WebhookSecret))
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := config.Load(tt.env.get)
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}

func TestLoad_malformed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  env
		bad  string // the one variable named in the error
	}{
		{"token without colon", env{"TELEGRAM_BOT_TOKEN": "1234567890AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"}, "TELEGRAM_BOT_TOKEN"},
		{"token with letters in the id", env{"TELEGRAM_BOT_TOKEN": "12a4567890:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"}, "TELEGRAM_BOT_TOKEN"},
		{"token truncated", env{"TELEGRAM_BOT_TOKEN": "1234567890:AAHdqTcvCH1v"}, "TELEGRAM_BOT_TOKEN"},
		{"token pasted twice", env{"TELEGRAM_BOT_TOKEN": token + token}, "TELEGRAM_BOT_TOKEN"},
		{"token with a space inside", env{"TELEGRAM_BOT_TOKEN": "1234567890:AAHdqTcvCH1vGWJxfS eofSAs0K5PALDsaw0"}, "TELEGRAM_BOT_TOKEN"},
		{"api url without scheme", env{"TELEGRAM_API_URL": "api.telegram.org"}, "TELEGRAM_API_URL"},
		{"api url ftp", env{"TELEGRAM_API_URL": "ftp://api.telegram.org"}, "TELEGRAM_API_URL"},
		{"api url with credentials", env{"TELEGRAM_API_URL": "https://u:p@api.telegram.org"}, "TELEGRAM_API_URL"},
		{"api url unparseable", env{"TELEGRAM_API_URL": "https://api telegram org/%zz"}, "TELEGRAM_API_URL"},
		{"mode unknown", env{"TELEGRAM_MODE": "longpoll"}, "TELEGRAM_MODE"},
		{"webhook url http", env{"WEBHOOK_URL": "http://bot.nagari.example/hook"}, "WEBHOOK_URL"},
		{"webhook url odd port", env{"WEBHOOK_URL": "https://bot.nagari.example:9000/hook"}, "WEBHOOK_URL"},
		{"webhook url localhost", env{"WEBHOOK_URL": "https://localhost/hook"}, "WEBHOOK_URL"},
		{"webhook url private ip", env{"WEBHOOK_URL": "https://192.168.1.10/hook"}, "WEBHOOK_URL"},
		{"webhook url no host", env{"WEBHOOK_URL": "https:///hook"}, "WEBHOOK_URL"},
		{"webhook secret with a dot", env{"WEBHOOK_SECRET": "abc.def"}, "WEBHOOK_SECRET"},
		{"webhook secret too long", env{"WEBHOOK_SECRET": strings.Repeat("a", 257)}, "WEBHOOK_SECRET"},
		{"listen addr without port", env{"LISTEN_ADDR": "127.0.0.1"}, "LISTEN_ADDR"},
		{"listen addr port too big", env{"LISTEN_ADDR": "127.0.0.1:70000"}, "LISTEN_ADDR"},
		{"listen addr named port", env{"LISTEN_ADDR": "127.0.0.1:http"}, "LISTEN_ADDR"},
		{"database url mysql", env{"DATABASE_URL": "mysql://root@127.0.0.1/db"}, "DATABASE_URL"},
		{"database url key value dsn", env{"DATABASE_URL": "host=127.0.0.1 user=postgres password=pw"}, "DATABASE_URL"},
		{"database url without host", env{"DATABASE_URL": "postgres:///jaganagari"}, "DATABASE_URL"},
		{"redis url http", env{"REDIS_URL": "http://127.0.0.1:6379"}, "REDIS_URL"},
		{"redis url bare host", env{"REDIS_URL": "127.0.0.1:6379"}, "REDIS_URL"},
		{"log format logfmt", env{"LOG_FORMAT": "logfmt"}, "LOG_FORMAT"},
		{"log level trace", env{"LOG_LEVEL": "trace"}, "LOG_LEVEL"},
		{"log level warning", env{"LOG_LEVEL": "warning"}, "LOG_LEVEL"},
		{"simulator addr garbage", env{"SIMULATOR_ADDR": "eight thousand"}, "SIMULATOR_ADDR"},
		{"webhook mode without url", env{"TELEGRAM_MODE": "webhook", "WEBHOOK_SECRET": "abc"}, "WEBHOOK_URL"},
		{"keys without an id", env{"ENCRYPTION_KEYS": key1, "BLIND_INDEX_KEY": indexKey}, "ENCRYPTION_KEYS"},
		{"keys of 16 bytes", env{"ENCRYPTION_KEYS": "k1:AAAAAAAAAAAAAAAAAAAAAA==", "BLIND_INDEX_KEY": indexKey}, "ENCRYPTION_KEYS"},
		{"keys with an id twice", env{"ENCRYPTION_KEYS": "k1:" + key1 + ",k1:" + key2, "BLIND_INDEX_KEY": indexKey}, "ENCRYPTION_KEYS"},
		{"keys without the index key", env{"ENCRYPTION_KEYS": "k1:" + key1}, "BLIND_INDEX_KEY"},
		{"index key without keys", env{"BLIND_INDEX_KEY": indexKey}, "ENCRYPTION_KEYS"},
		{"index key not base64", env{"ENCRYPTION_KEYS": "k1:" + key1, "BLIND_INDEX_KEY": "not base64!"}, "BLIND_INDEX_KEY"},
		{"webhook mode without secret", env{"TELEGRAM_MODE": "webhook", "WEBHOOK_URL": "https://bot.nagari.example/hook"}, "WEBHOOK_SECRET"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := config.Load(tt.env.get)
			if err == nil {
				t.Fatalf("Load succeeded: %v", c)
			}
			if d := cmp.Diff([]string{tt.bad}, names(t, err)); d != "" {
				t.Errorf("variables named (-want +got):\n%s\nerror: %v", d, err)
			}
			if c != (config.Config{}) {
				t.Errorf("Load returned a partial config with its error: %v", c)
			}
		})
	}
}

func TestLoad_reportsEveryProblemAtOnce(t *testing.T) {
	t.Parallel()
	_, err := config.Load(env{
		"TELEGRAM_BOT_TOKEN": "nope",
		"TELEGRAM_MODE":      "webhook", // and neither WEBHOOK_URL nor WEBHOOK_SECRET
		"DATABASE_URL":       "mysql://x",
		"LOG_LEVEL":          "loud",
		"SIMULATOR_ADDR":     "nowhere",
	}.get)
	want := []string{"TELEGRAM_BOT_TOKEN", "DATABASE_URL", "LOG_LEVEL", "SIMULATOR_ADDR", "WEBHOOK_URL", "WEBHOOK_SECRET"}
	if d := cmp.Diff(want, names(t, err)); d != "" {
		t.Errorf("variables named (-want +got):\n%s", d)
	}
	for _, n := range want {
		if !strings.Contains(err.Error(), n+": ") {
			t.Errorf("message does not name %s: %v", n, err)
		}
	}
	var ve config.VarError
	if !errors.As(err, &ve) || ve.Name != "TELEGRAM_BOT_TOKEN" {
		t.Errorf("errors.As VarError = %v, %v", ve, err)
	}
}

func TestLoad_malformedSecretsAreNotEchoed(t *testing.T) {
	t.Parallel()
	secrets := env{
		"TELEGRAM_BOT_TOKEN": "12345:tooShortButSecretTOKEN",
		"WEBHOOK_SECRET":     "secret.with.dots",
		"WEBHOOK_URL":        "http://hook.example/secretPATH",
		"DATABASE_URL":       "mysql://u:dbPASSWORD@h/db",
		"REDIS_URL":          "redis//:redisPASSWORD@h",
		"TELEGRAM_API_URL":   "https://u:apiPASSWORD@api.telegram.org",
		"ENCRYPTION_KEYS":    "k1:keySECRETnotBASE64!",
		"BLIND_INDEX_KEY":    "indexSECRETtooShort",
	}
	_, err := config.Load(secrets.get)
	if err == nil {
		t.Fatal("Load succeeded")
	}
	for _, s := range []string{"tooShortButSecretTOKEN", "secret.with.dots", "secretPATH", "dbPASSWORD", "redisPASSWORD", "apiPASSWORD", "keySECRET", "indexSECRET"} {
		if strings.Contains(err.Error(), s) {
			t.Errorf("error repeats %q: %v", s, err)
		}
	}
	if got := len(names(t, err)); got != len(secrets) {
		t.Errorf("%d problems, want %d: %v", got, len(secrets), err)
	}
}

func TestRequireToken(t *testing.T) {
	t.Parallel()
	c, err := config.Load(env{}.get)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"TELEGRAM_BOT_TOKEN"}, names(t, c.RequireToken())); d != "" {
		t.Errorf("without token (-want +got):\n%s", d)
	}
	c, err = config.Load(env{"TELEGRAM_BOT_TOKEN": token}.get)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.RequireToken(); err != nil {
		t.Errorf("with token: %v", err)
	}
}

func TestKeys(t *testing.T) {
	t.Parallel()
	c, err := config.Load(env{}.get)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"ENCRYPTION_KEYS"}, names(t, c.RequireKeys())); d != "" {
		t.Errorf("without keys, RequireKeys names (-want +got):\n%s", d)
	}
	if k, err := c.Keys(); err != nil || !k.IsDev() {
		t.Errorf("without keys, Keys = %v, %v; want the development ring", k, err)
	}

	c, err = config.Load(env{"ENCRYPTION_KEYS": " k2:" + key2 + " , k1:" + key1, "BLIND_INDEX_KEY": indexKey}.get)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.RequireKeys(); err != nil {
		t.Errorf("with keys: %v", err)
	}
	k, err := c.Keys()
	if err != nil {
		t.Fatal(err)
	}
	if k.IsDev() || k.Current() != "k2" || !k.Has("k1") {
		t.Errorf("ring: dev %v, current %s, has k1 %v; want k2 sealing and k1 opening", k.IsDev(), k.Current(), k.Has("k1"))
	}

	same, err := config.Load(env{"ENCRYPTION_KEYS": "k1:" + key1, "BLIND_INDEX_KEY": key1}.get)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := same.Keys(); err == nil || strings.Contains(err.Error(), key1) {
		t.Errorf("an index key equal to a sealing key: Keys = %v, want an error without the key", err)
	}
}

func TestConfig_neverShowsSecrets(t *testing.T) {
	t.Parallel()
	const (
		secret   = "webhookSECRETvalue"
		dbPass   = "dbPASSWORDvalue"
		redisPw  = "redisPASSWORDvalue"
		queryPw  = "queryPASSWORDvalue"
		sslPw    = "sslKEYPASSvalue"
		tokenKey = "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0" // the part after the bot ID
	)
	c, err := config.Load(env{
		"TELEGRAM_BOT_TOKEN": token,
		"TELEGRAM_MODE":      "webhook",
		"WEBHOOK_URL":        "https://bot.nagari.example/hook",
		"WEBHOOK_SECRET":     secret,
		"DATABASE_URL":       "postgres://app:" + dbPass + "@db.internal:5432/jaganagari?sslmode=verify-full&password=" + queryPw + "&sslpassword=" + sslPw,
		"REDIS_URL":          "redis://default:" + redisPw + "@cache.internal:6379/0",
		"ENCRYPTION_KEYS":    "k1:" + key1,
		"BLIND_INDEX_KEY":    indexKey,
	}.get)
	if err != nil {
		t.Fatal(err)
	}

	var text, json bytes.Buffer
	slog.New(slog.NewTextHandler(&text, nil)).Info("starting", "config", c)
	slog.New(slog.NewJSONHandler(&json, nil)).Info("starting", "config", c)
	outputs := map[string]string{
		"text handler": text.String(),
		"json handler": json.String(),
		"%v":           fmt.Sprintf("%v", c),
		"%+v":          fmt.Sprintf("%+v", c),
		"%#v":          fmt.Sprintf("%#v", c),
		"%s":           fmt.Sprintf("%s", c),
	}
	for name, out := range outputs {
		for _, s := range []string{tokenKey, secret, dbPass, redisPw, queryPw, sslPw, key1, indexKey} {
			if strings.Contains(out, s) {
				t.Errorf("%s shows a secret %q:\n%s", name, s, out)
			}
		}
		// What is safe and useful stays.
		for _, s := range []string{"db.internal:5432", "cache.internal:6379", "sslmode=verify-full", "webhook", "[redacted]"} {
			if !strings.Contains(out, s) {
				t.Errorf("%s lacks %q:\n%s", name, s, out)
			}
		}
	}
}

func TestConfig_logValueShowsUnsetSecretsAsEmpty(t *testing.T) {
	t.Parallel()
	c, err := config.Load(env{}.get)
	if err != nil {
		t.Fatal(err)
	}
	g := c.LogValue().Group()
	i := slices.IndexFunc(g, func(a slog.Attr) bool { return a.Key == "telegram_bot_token" })
	if i < 0 || g[i].Value.String() != "" {
		t.Errorf("unset token logged as %v", g)
	}
}

func TestDescribe(t *testing.T) {
	t.Parallel()
	want := []string{
		"TELEGRAM_BOT_TOKEN", "TELEGRAM_API_URL", "TELEGRAM_BOT_USERNAME", "TELEGRAM_MODE", "WEBHOOK_URL", "WEBHOOK_SECRET",
		"LISTEN_ADDR", "DATABASE_URL", "REDIS_URL", "LOG_FORMAT", "LOG_LEVEL", "SIMULATOR_ADDR", "OPS_ADDR",
		"ENCRYPTION_KEYS", "BLIND_INDEX_KEY",
	}
	var got []string
	for _, v := range config.Describe() {
		got = append(got, v.Name)
		if v.Description == "" || !strings.HasSuffix(v.Description, ".") {
			t.Errorf("%s: description should be a sentence: %q", v.Name, v.Description)
		}
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("variables (-want +got):\n%s", d)
	}
}

// TestLoad_readsOnlyDescribedVariables proves Describe is complete: Load
// asks getenv for nothing it does not document.
func TestLoad_readsOnlyDescribedVariables(t *testing.T) {
	t.Parallel()
	described := map[string]bool{}
	for _, v := range config.Describe() {
		described[v.Name] = true
	}
	getenv := func(k string) string {
		if !described[k] {
			t.Errorf("Load reads undocumented %s", k)
		}
		return map[string]string{"TELEGRAM_MODE": "webhook"}[k]
	}
	config.Load(getenv) //nolint:errcheck // only the reads matter
}

// names returns the variables an error from this package names, in order.
func names(t *testing.T, err error) []string {
	t.Helper()
	var ce *config.Error
	if !errors.As(err, &ce) {
		t.Fatalf("error %v (%T) is not a *config.Error", err, err)
	}
	var ns []string
	for _, v := range ce.Vars {
		ns = append(ns, v.Name)
	}
	return ns
}
