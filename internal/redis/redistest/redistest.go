package redistest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/jaganagari/jaganagari/internal/config"
)

// startHint tells whoever runs the tests how to get a Redis.
const startHint = "start one with scripts/test, or `docker run --rm -d -p 6379:6379 redis:7`, " +
	"or point REDIS_URL at one (e.g. redis://127.0.0.1:6379/0)"

// New connects to REDIS_URL (default redis://127.0.0.1:6379/0) and returns
// the client and a fresh prefix of the form "t:<16 hex digits>:". When the
// test ends, every key starting with the prefix is deleted (SCAN and DEL,
// never FLUSHDB) and the client is closed.
//
// If Redis cannot be reached the test fails, saying how to start it: tests
// never skip silently.
func New(t testing.TB) (*goredis.Client, string) {
	t.Helper()
	raw := URL(t)
	opt, err := goredis.ParseURL(raw)
	if err != nil {
		t.Fatalf("redistest: REDIS_URL %s: %v", redact(raw), err)
	}
	opt.DialTimeout = 2 * time.Second
	opt.ReadTimeout = 2 * time.Second
	c := goredis.NewClient(opt)

	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	if err := c.Ping(ctx).Err(); err != nil {
		c.Close()
		t.Fatalf("redistest: no Redis at %s (%v); %s", redact(raw), err, startHint)
	}

	var b [8]byte
	rand.Read(b[:])
	prefix := "t:" + hex.EncodeToString(b[:]) + ":"

	t.Cleanup(func() {
		defer c.Close()
		// t.Context is already cancelled when cleanups run.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := deletePrefix(ctx, c, prefix); err != nil {
			t.Errorf("redistest: delete keys %s*: %v", prefix, err)
		}
	})
	return c, prefix
}

// deletePrefix deletes every key that starts with prefix. The prefix holds
// only hex digits, 't' and ':', so it needs no glob escaping.
func deletePrefix(ctx context.Context, c *goredis.Client, prefix string) error {
	iter := c.Scan(ctx, 0, prefix+"*", 500).Iterator()
	var batch []string
	for iter.Next(ctx) {
		batch = append(batch, iter.Val())
		if len(batch) == 500 {
			if err := c.Del(ctx, batch...).Err(); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	if err := iter.Err(); err != nil {
		return err
	}
	if len(batch) > 0 {
		return c.Del(ctx, batch...).Err()
	}
	return nil
}

// URL is the Redis URL New connects to: REDIS_URL, or config's default.
// It is for tests of code that dials by URL itself (redis.Connect, main);
// keys they write should still start with a prefix from New.
//
// It reads REDIS_URL through config.Load, so the default lives in one
// place; this test helper is the one other reader of the environment.
func URL(t testing.TB) string {
	t.Helper()
	cfg, err := config.Load(func(k string) string {
		if k == "REDIS_URL" {
			return os.Getenv(k)
		}
		return ""
	})
	if err != nil {
		t.Fatalf("redistest: %v", err)
	}
	return cfg.RedisURL
}

// redact drops a password before the URL goes into a failure message.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Redacted()
}
