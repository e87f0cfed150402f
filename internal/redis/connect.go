package redis

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// Timeouts used by Connect unless the URL sets its own (dial_timeout=,
// read_timeout=, write_timeout=, max_retries= in the query). They are short
// so that a Redis outage fails the update fast (the user gets
// error.internal and can retry) instead of leaving the chat hanging.
const (
	dialTimeout  = 2 * time.Second
	readTimeout  = 1 * time.Second
	writeTimeout = 1 * time.Second
	// maxRetries is one retry: enough to get past a pooled connection that
	// Redis closed on restart, without multiplying the wait in an outage.
	maxRetries = 1
)

// Connect opens a client for a redis://, rediss:// or unix:// URL and
// pings it once, so a wrong URL or a dead server shows at start. With the
// default timeouts a command against a dead server fails within about
// 2×(2 s dial) in the worst case (an address that drops packets), and at
// once when the port is closed. The ctx deadline, when shorter, wins.
//
// Errors never contain the URL, which may hold a password.
func Connect(ctx context.Context, rawURL string) (*goredis.Client, error) {
	c, err := newClient(rawURL)
	if err != nil {
		return nil, err
	}
	if err := c.Ping(ctx).Err(); err != nil {
		c.Close()
		return nil, fmt.Errorf("ping redis: %w", err)
	}
	return c, nil
}

// newClient is Connect without the ping.
func newClient(raw string) (*goredis.Client, error) {
	opt, err := goredis.ParseURL(raw)
	if err != nil {
		// url.Parse errors quote the whole URL, password included.
		if ue, ok := errors.AsType[*url.Error](err); ok {
			err = ue.Err
		}
		return nil, fmt.Errorf("parse redis url: %w", err)
	}
	if opt.DialTimeout == 0 {
		opt.DialTimeout = dialTimeout
	}
	if opt.ReadTimeout == 0 {
		opt.ReadTimeout = readTimeout
	}
	if opt.WriteTimeout == 0 {
		opt.WriteTimeout = writeTimeout
	}
	if opt.MaxRetries == 0 {
		opt.MaxRetries = maxRetries
	}
	// One dial attempt per try: go-redis otherwise redials five times,
	// which turns a 2 s dial timeout into 10 s.
	opt.DialerRetries = 1
	// Honour the caller's ctx deadline on reads and writes too.
	opt.ContextTimeoutEnabled = true
	return goredis.NewClient(opt), nil
}
