package config

import (
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/jaganagari/jaganagari/internal/seal"
)

// Mode is how the bot receives updates from Telegram.
type Mode string

// The values of TELEGRAM_MODE.
const (
	// ModePolling asks Telegram for updates with getUpdates. It needs no
	// public address, so it is the default and what local runs use.
	ModePolling Mode = "polling"
	// ModeWebhook has Telegram POST updates to WEBHOOK_URL.
	ModeWebhook Mode = "webhook"
)

// LogFormat is the shape of log lines.
type LogFormat string

// The values of LOG_FORMAT.
const (
	// LogText is slog's key=value text, for people reading a terminal.
	LogText LogFormat = "text"
	// LogJSON is one JSON object per line, for the log collector in production.
	LogJSON LogFormat = "json"
)

// Config is every setting JagaNagari reads from the environment. Build it
// with Load; the zero value is not useful.
//
// Config holds secrets (the bot token, the webhook secret and any passwords
// inside DATABASE_URL and REDIS_URL). Its LogValue and String methods blank
// them, so a Config may be logged or printed whole.
type Config struct {
	// BotToken is TELEGRAM_BOT_TOKEN. Load accepts it empty, because only
	// `run` talks to Telegram; run calls RequireToken.
	BotToken string
	// APIURL is TELEGRAM_API_URL without a trailing slash.
	APIURL string
	// BotUsername is TELEGRAM_BOT_USERNAME without a leading @: the bot's
	// username in the deep links on posters, for `jaganagari poster`. `run`
	// asks Telegram (getMe) instead.
	BotUsername string
	// Mode is TELEGRAM_MODE.
	Mode Mode
	// WebhookURL is WEBHOOK_URL, the public https address Telegram posts
	// updates to. Set whenever Mode is ModeWebhook.
	WebhookURL string
	// WebhookSecret is WEBHOOK_SECRET, the secret_token Telegram sends back
	// in the X-Telegram-Bot-Api-Secret-Token header. Set whenever Mode is
	// ModeWebhook.
	WebhookSecret string
	// ListenAddr is LISTEN_ADDR, where the webhook and /healthz listen.
	ListenAddr string
	// DatabaseURL is DATABASE_URL, a postgres:// URL.
	DatabaseURL string
	// RedisURL is REDIS_URL, a redis://, rediss:// or unix:// URL.
	RedisURL string
	// LogFormat is LOG_FORMAT.
	LogFormat LogFormat
	// LogLevel is LOG_LEVEL.
	LogLevel slog.Level
	// SimulatorAddr is SIMULATOR_ADDR, where `simulate` serves the local
	// chat simulator.
	SimulatorAddr string
	// OpsAddr is OPS_ADDR, where /healthz, /readyz and /metrics listen,
	// apart from the webhook so they are never exposed with it.
	OpsAddr string
	// EncryptionKeys is ENCRYPTION_KEYS, "id:base64,id:base64,...", already
	// validated: the keys that seal NIKs, phones and health details, the
	// first one sealing new values. Empty means the public development
	// keys; run calls RequireKeys. Secret. Kept as text so that Config
	// stays comparable; Keys builds the ring.
	EncryptionKeys string
	// BlindIndexKey is BLIND_INDEX_KEY, base64, already validated: the key
	// of the NIK's blind index. Set exactly when EncryptionKeys is. Secret.
	BlindIndexKey string
}

// Var describes one environment variable for people: Describe returns them
// and the README mirrors them.
type Var struct {
	Name        string
	Default     string // "" when there is none
	Description string
}

// spec is a Var plus how Load reads it. Keeping both in one table is what
// keeps Describe and Load from drifting apart.
type spec struct {
	Var
	// set stores v (already trimmed, with the default applied) in c, or
	// returns the problem. The problem must not contain v when the variable
	// can hold a secret.
	set func(c *Config, v string) string
}

var specs = []spec{
	{
		Var: Var{
			Name:        "TELEGRAM_BOT_TOKEN",
			Description: "Bot token from @BotFather, shaped <digits>:<35 characters>. Required by `run`; other subcommands do without it. Secret.",
		},
		set: func(c *Config, v string) string {
			if v != "" && !tokenShape.MatchString(v) {
				return "not shaped like a bot token (<digits>:<35 characters>); check for a truncated or pasted-twice value"
			}
			c.BotToken = v
			return ""
		},
	},
	{
		Var: Var{
			Name:        "TELEGRAM_API_URL",
			Default:     "https://api.telegram.org",
			Description: "Bot API server. Point it at a local Bot API server or a test fake; http or https.",
		},
		set: func(c *Config, v string) string {
			u, err := url.Parse(v)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
				return "must be an http or https URL with a host and no credentials, query or fragment"
			}
			c.APIURL = strings.TrimRight(v, "/")
			return ""
		},
	},
	{
		Var: Var{
			Name:        "TELEGRAM_BOT_USERNAME",
			Description: "The bot's @username, for the links on the posters `jaganagari poster` writes (without it, the command asks Telegram with TELEGRAM_BOT_TOKEN). `run` asks Telegram itself.",
		},
		set: func(c *Config, v string) string {
			v = strings.TrimPrefix(v, "@")
			if v != "" && !usernameShape.MatchString(v) {
				return "not a bot username: 5 to 32 letters, digits or _, ending in bot"
			}
			c.BotUsername = v
			return ""
		},
	},
	{
		Var: Var{
			Name:        "TELEGRAM_MODE",
			Default:     string(ModePolling),
			Description: "How updates arrive: `polling` (getUpdates; no public address needed) or `webhook` (needs WEBHOOK_URL and WEBHOOK_SECRET).",
		},
		set: func(c *Config, v string) string {
			switch m := Mode(strings.ToLower(v)); m {
			case ModePolling, ModeWebhook:
				c.Mode = m
				return ""
			}
			return fmt.Sprintf("%s is neither polling nor webhook", quote(v))
		},
	},
	{
		Var: Var{
			Name:        "WEBHOOK_URL",
			Description: "Public https URL Telegram posts updates to (port 443, 80, 88 or 8443). Required when TELEGRAM_MODE=webhook.",
		},
		set: func(c *Config, v string) string {
			if v == "" {
				return ""
			}
			if p := webhookURLProblem(v); p != "" {
				return p
			}
			c.WebhookURL = v
			return ""
		},
	},
	{
		Var: Var{
			Name:        "WEBHOOK_SECRET",
			Description: "Secret Telegram echoes in X-Telegram-Bot-Api-Secret-Token, so forged updates are refused: 1-256 characters of A-Z a-z 0-9 _ -. Required when TELEGRAM_MODE=webhook. Secret.",
		},
		set: func(c *Config, v string) string {
			if v != "" && !secretShape.MatchString(v) {
				return "must be 1-256 characters of A-Z a-z 0-9 _ - (Telegram's rule for secret_token)"
			}
			c.WebhookSecret = v
			return ""
		},
	},
	{
		Var: Var{
			Name:        "LISTEN_ADDR",
			Default:     "127.0.0.1:8081",
			Description: "host:port where the webhook and /healthz listen. Put a TLS-terminating proxy in front for webhook mode.",
		},
		set: func(c *Config, v string) string {
			if p := addrProblem(v); p != "" {
				return p
			}
			c.ListenAddr = v
			return ""
		},
	},
	{
		Var: Var{
			Name:        "DATABASE_URL",
			Default:     "postgres://postgres@127.0.0.1:5432/jaganagari?sslmode=disable",
			Description: "PostgreSQL connection URL (postgres:// or postgresql://). Its password is never logged.",
		},
		set: func(c *Config, v string) string {
			if !urlWithScheme(v, "postgres", "postgresql") {
				return "must be a postgres:// URL with a host, e.g. postgres://user:pass@host:5432/db (key=value DSNs are not accepted)"
			}
			c.DatabaseURL = v
			return ""
		},
	},
	{
		Var: Var{
			Name:        "REDIS_URL",
			Default:     "redis://127.0.0.1:6379/0",
			Description: "Redis connection URL (redis://, rediss:// or unix://) for chat sessions. Its password is never logged.",
		},
		set: func(c *Config, v string) string {
			if !urlWithScheme(v, "redis", "rediss", "unix") {
				return "must be a redis://, rediss:// or unix:// URL, e.g. redis://127.0.0.1:6379/0"
			}
			c.RedisURL = v
			return ""
		},
	},
	{
		Var: Var{
			Name:        "LOG_FORMAT",
			Default:     string(LogText),
			Description: "`text` for a terminal, `json` for production log collection.",
		},
		set: func(c *Config, v string) string {
			switch f := LogFormat(strings.ToLower(v)); f {
			case LogText, LogJSON:
				c.LogFormat = f
				return ""
			}
			return fmt.Sprintf("%s is neither text nor json", quote(v))
		},
	},
	{
		Var: Var{
			Name:        "LOG_LEVEL",
			Default:     "info",
			Description: "Lowest level logged: debug, info, warn or error.",
		},
		set: func(c *Config, v string) string {
			switch strings.ToLower(v) {
			case "debug":
				c.LogLevel = slog.LevelDebug
			case "info":
				c.LogLevel = slog.LevelInfo
			case "warn":
				c.LogLevel = slog.LevelWarn
			case "error":
				c.LogLevel = slog.LevelError
			default:
				return fmt.Sprintf("%s is not one of debug, info, warn, error", quote(v))
			}
			return ""
		},
	},
	{
		Var: Var{
			Name:        "SIMULATOR_ADDR",
			Default:     "127.0.0.1:8080",
			Description: "host:port where `simulate` serves the local chat simulator in a browser.",
		},
		set: func(c *Config, v string) string {
			if p := addrProblem(v); p != "" {
				return p
			}
			c.SimulatorAddr = v
			return ""
		},
	},
	{
		Var: Var{
			Name:        "OPS_ADDR",
			Default:     "127.0.0.1:9090",
			Description: "host:port for /healthz, /readyz and Prometheus /metrics; kept apart from the webhook.",
		},
		set: func(c *Config, v string) string {
			if p := addrProblem(v); p != "" {
				return p
			}
			c.OpsAddr = v
			return ""
		},
	},
	{
		Var: Var{
			Name:        "ENCRYPTION_KEYS",
			Description: "Keys that seal NIKs, phone numbers and health details in Postgres (AES-256-GCM): `id:base64` pairs separated by commas, each 32 random bytes (`jaganagari keygen` prints one). The first seals new values; the others still open old ones until `jaganagari rotate-key` has moved them. Required by `run`; without it the other subcommands use public development keys. Secret.",
		},
		set: func(c *Config, v string) string {
			if _, err := parseKeys(v); err != "" {
				return err
			}
			c.EncryptionKeys = v
			return ""
		},
	},
	{
		Var: Var{
			Name:        "BLIND_INDEX_KEY",
			Description: "Key of the NIK's blind index (HMAC-SHA256), 32 random bytes in base64, so a duplicate NIK is found without storing it in the clear. Set with ENCRYPTION_KEYS; never change it on a database in use. Secret.",
		},
		set: func(c *Config, v string) string {
			if v == "" {
				return ""
			}
			if _, err := seal.ParseSecret(v); err != nil {
				return err.Error()
			}
			c.BlindIndexKey = v
			return ""
		},
	},
}

// parseKeys reads ENCRYPTION_KEYS. Its problem never quotes a secret.
func parseKeys(v string) ([]seal.Key, string) {
	if v == "" {
		return nil, ""
	}
	var keys []seal.Key
	for i, pair := range strings.Split(v, ",") {
		id, secret, ok := strings.Cut(strings.TrimSpace(pair), ":")
		if !ok || !seal.ValidID(id) {
			return nil, fmt.Sprintf("entry %d is not id:base64 with an id of 1-16 characters a-z 0-9 _ -", i+1)
		}
		b, err := seal.ParseSecret(secret)
		if err != nil {
			return nil, fmt.Sprintf("key %s: %v", id, err)
		}
		for _, k := range keys {
			if k.ID == id {
				return nil, fmt.Sprintf("key %s is given twice", id)
			}
		}
		keys = append(keys, seal.Key{ID: id, Secret: b})
	}
	return keys, ""
}

// Keys returns the sealing ring: ENCRYPTION_KEYS and BLIND_INDEX_KEY, or
// seal.Dev when neither is set. Load has checked both, so an error here is
// only a ring seal refuses (an index key equal to a sealing key).
func (c Config) Keys() (*seal.Keys, error) {
	if c.EncryptionKeys == "" {
		return seal.Dev(), nil
	}
	keys, _ := parseKeys(c.EncryptionKeys)
	index, _ := seal.ParseSecret(c.BlindIndexKey)
	k, err := seal.New(keys, index)
	if err != nil {
		return nil, &Error{Vars: []VarError{{Name: "ENCRYPTION_KEYS", Problem: strings.TrimPrefix(err.Error(), "seal: ")}}}
	}
	return k, nil
}

// RequireKeys reports an *Error when ENCRYPTION_KEYS is unset: `run` holds
// real people's data, and the development keys are public.
func (c Config) RequireKeys() error {
	if c.EncryptionKeys == "" {
		return &Error{Vars: []VarError{{
			Name:    "ENCRYPTION_KEYS",
			Problem: "required to run the bot with real data; create a key with `jaganagari keygen` (and BLIND_INDEX_KEY with another)",
		}}}
	}
	return nil
}

var (
	// tokenShape is how @BotFather's tokens look: the bot's numeric ID, a
	// colon, and 35 URL-safe characters. A little slack on the length keeps
	// a future format change from locking the bot out.
	tokenShape = regexp.MustCompile(`^[0-9]{1,20}:[A-Za-z0-9_-]{30,64}$`)
	// usernameShape is a bot's username as Telegram allows it.
	usernameShape = regexp.MustCompile(`^[A-Za-z0-9_]{2,29}(?i:bot)$`)
	// secretShape is Telegram's rule for setWebhook's secret_token.
	secretShape = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)
)

// Describe lists every variable Load reads, in the order the README shows
// them.
func Describe() []Var {
	vs := make([]Var, len(specs))
	for i, s := range specs {
		vs[i] = s.Var
	}
	return vs
}

// Load reads every variable through getenv, applies the defaults and
// validates the lot. Surrounding white space is ignored, and an empty value
// counts as unset.
//
// On failure it returns an *Error naming every missing or malformed
// variable at once, so a deployer fixes them in one go; it never repeats a
// secret's value. A missing TELEGRAM_BOT_TOKEN is not a failure here: see
// RequireToken.
func Load(getenv func(string) string) (Config, error) {
	var (
		c    Config
		errs []VarError
	)
	for _, s := range specs {
		v := strings.TrimSpace(getenv(s.Name))
		if v == "" {
			v = s.Default
		}
		if p := s.set(&c, v); p != "" {
			errs = append(errs, VarError{Name: s.Name, Problem: p})
		}
	}
	if c.Mode == ModeWebhook {
		// Only complain about what is missing: a malformed value was
		// reported above and left the field empty.
		if c.WebhookURL == "" && strings.TrimSpace(getenv("WEBHOOK_URL")) == "" {
			errs = append(errs, VarError{Name: "WEBHOOK_URL", Problem: "required when TELEGRAM_MODE=webhook"})
		}
		if c.WebhookSecret == "" && strings.TrimSpace(getenv("WEBHOOK_SECRET")) == "" {
			errs = append(errs, VarError{Name: "WEBHOOK_SECRET", Problem: "required when TELEGRAM_MODE=webhook"})
		}
	}
	// The two keys come together: a ring without its index key could seal
	// but never find a NIK, and an index key alone means a forgotten ring.
	keysSet, indexSet := strings.TrimSpace(getenv("ENCRYPTION_KEYS")) != "", strings.TrimSpace(getenv("BLIND_INDEX_KEY")) != ""
	if keysSet && !indexSet {
		errs = append(errs, VarError{Name: "BLIND_INDEX_KEY", Problem: "required when ENCRYPTION_KEYS is set"})
	}
	if indexSet && !keysSet {
		errs = append(errs, VarError{Name: "ENCRYPTION_KEYS", Problem: "required when BLIND_INDEX_KEY is set"})
	}
	if len(errs) > 0 {
		return Config{}, &Error{Vars: errs}
	}
	return c, nil
}

// RequireToken reports an *Error when TELEGRAM_BOT_TOKEN is unset. `run`
// calls it; migrate, simulate and export work without a token.
func (c Config) RequireToken() error {
	if c.BotToken == "" {
		return &Error{Vars: []VarError{{
			Name:    "TELEGRAM_BOT_TOKEN",
			Problem: "required to run the bot; create one with @BotFather",
		}}}
	}
	return nil
}

// VarError is one missing or malformed variable.
type VarError struct {
	Name string
	// Problem says what is wrong in words a deployer can act on. It holds
	// no secret value.
	Problem string
}

func (e VarError) Error() string { return e.Name + ": " + e.Problem }

// Error lists every problem Load found. Check for it with errors.As.
type Error struct {
	Vars []VarError
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("environment: ")
	for i, v := range e.Vars {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(v.Error())
	}
	return b.String()
}

// Unwrap returns each VarError, so errors.As finds them.
func (e *Error) Unwrap() []error {
	errs := make([]error, len(e.Vars))
	for i, v := range e.Vars {
		errs[i] = v
	}
	return errs
}

// LogValue logs every setting with the secrets blanked: the token and the
// webhook secret show only whether they are set, and the URLs lose their
// passwords.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("telegram_bot_token", blank(c.BotToken)),
		slog.String("telegram_api_url", c.APIURL),
		slog.String("telegram_bot_username", c.BotUsername),
		slog.String("telegram_mode", string(c.Mode)),
		slog.String("webhook_url", redactURL(c.WebhookURL)),
		slog.String("webhook_secret", blank(c.WebhookSecret)),
		slog.String("listen_addr", c.ListenAddr),
		slog.String("database_url", redactURL(c.DatabaseURL)),
		slog.String("redis_url", redactURL(c.RedisURL)),
		slog.String("log_format", string(c.LogFormat)),
		slog.String("log_level", c.LogLevel.String()),
		slog.String("simulator_addr", c.SimulatorAddr),
		slog.String("ops_addr", c.OpsAddr),
		slog.String("encryption_keys", blank(c.EncryptionKeys)),
		slog.String("blind_index_key", blank(c.BlindIndexKey)),
	)
}

// String prints the same blanked view as LogValue, so that fmt's %v and %+v
// cannot leak a secret either.
func (c Config) String() string {
	var b strings.Builder
	b.WriteString("config{")
	for i, a := range c.LogValue().Group() {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(a.Key)
		b.WriteByte('=')
		b.WriteString(a.Value.String())
	}
	b.WriteByte('}')
	return b.String()
}

// GoString makes %#v print the blanked view too.
func (c Config) GoString() string { return c.String() }

// blanked stands in for a secret that is set.
const blanked = "[redacted]"

func blank(secret string) string {
	if secret == "" {
		return ""
	}
	return blanked
}

// redactURL blanks the password in the user info and in any query parameter
// whose name mentions one (pgx reads password= and sslpassword=).
func redactURL(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return blanked // unreachable after Load, but never print what we cannot parse
	}
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), blanked)
		}
	}
	if u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			if l := strings.ToLower(k); strings.Contains(l, "pass") || strings.Contains(l, "secret") || strings.Contains(l, "token") {
				q.Set(k, blanked)
			}
		}
		u.RawQuery = q.Encode()
	}
	s := u.String()
	// url.URL.String escapes the brackets; keep the log readable.
	return strings.ReplaceAll(s, url.QueryEscape(blanked), blanked)
}

// urlWithScheme reports whether v parses as a URL with one of schemes and,
// unless it is a unix socket, a host.
func urlWithScheme(v string, schemes ...string) bool {
	u, err := url.Parse(v)
	if err != nil {
		return false
	}
	for _, s := range schemes {
		if strings.EqualFold(u.Scheme, s) {
			if s == "unix" {
				return u.Path != ""
			}
			return u.Host != ""
		}
	}
	return false
}

// webhookURLProblem checks what Telegram's setWebhook will insist on, so
// the mistake shows at start rather than as an API error later.
func webhookURLProblem(v string) string {
	u, err := url.Parse(v)
	if err != nil || u.Scheme != "https" || u.Hostname() == "" {
		return "must be an https URL with a host (Telegram only delivers to https)"
	}
	if u.User != nil || u.Fragment != "" {
		return "must not contain credentials or a fragment"
	}
	switch u.Port() {
	case "", "443", "80", "88", "8443":
	default:
		return "Telegram only delivers to ports 443, 80, 88 or 8443"
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return "must be public: Telegram cannot reach localhost"
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		if ip.IsLoopback() || ip.IsPrivate() || ip.IsUnspecified() || ip.IsLinkLocalUnicast() {
			return "must be public: Telegram cannot reach a loopback or private address"
		}
	}
	return ""
}

// addrProblem checks a listen address of the form host:port; the host may be
// empty (all interfaces).
func addrProblem(v string) string {
	_, port, err := net.SplitHostPort(v)
	if err != nil {
		return fmt.Sprintf("%s is not host:port, e.g. 127.0.0.1:8080", quote(v))
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return fmt.Sprintf("%s has no port number between 0 and 65535", quote(v))
	}
	return ""
}

// quote shows a non-secret value back to the deployer, cut short so a
// pasted blob does not flood the log.
func quote(v string) string {
	const max = 40
	if len(v) > max {
		return strconv.Quote(v[:max]) + "…"
	}
	return strconv.Quote(v)
}
