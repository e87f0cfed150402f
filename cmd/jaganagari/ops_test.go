package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/jaganagari/jaganagari/bot"
)

func get(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	body, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, string(body)
}

func TestOpsEndpoints(t *testing.T) {
	t.Parallel()
	up := pingFunc(func(context.Context) error { return nil })
	down := pingFunc(func(context.Context) error { return errors.New("connection refused") })
	reg := newRegistry()
	bot.NewMetrics(reg)

	h := opsHandler(reg, map[string]pinger{"postgres": up, "redis": up})
	if code, _ := get(t, h, "/healthz"); code != 200 {
		t.Errorf("healthz = %d", code)
	}
	if code, body := get(t, h, "/readyz"); code != 200 || !strings.Contains(body, "redis: ok") {
		t.Errorf("readyz with everything up = %d %q", code, body)
	}
	code, body := get(t, h, "/metrics")
	if code != 200 || !strings.Contains(body, "go_goroutines") || !strings.Contains(body, "jaganagari_update_seconds") {
		t.Errorf("metrics = %d, missing instruments", code)
	}

	h = opsHandler(prometheus.NewRegistry(), map[string]pinger{"postgres": up, "redis": down})
	if code, body := get(t, h, "/readyz"); code != 503 || !strings.Contains(body, "redis: down") {
		t.Errorf("readyz with redis down = %d %q", code, body)
	}
}

type fixedBacklog struct {
	n   int
	lag time.Duration
	err error
}

func (f fixedBacklog) Backlog(context.Context, time.Time) (int, time.Duration, error) {
	return f.n, f.lag, f.err
}

func TestOutboxMetrics(t *testing.T) {
	t.Parallel()
	reg := prometheus.NewRegistry()
	registerOutboxMetrics(reg, fixedBacklog{n: 7, lag: 90 * time.Second})
	_, body := get(t, opsHandler(reg, nil), "/metrics")
	if !strings.Contains(body, "jaganagari_outbox_backlog 7") || !strings.Contains(body, "jaganagari_outbox_lag_seconds 90") {
		t.Errorf("outbox metrics missing:\n%s", body)
	}
	reg = prometheus.NewRegistry()
	registerOutboxMetrics(reg, fixedBacklog{err: errors.New("down")})
	if _, body := get(t, opsHandler(reg, nil), "/metrics"); !strings.Contains(body, "jaganagari_outbox_backlog -1") {
		t.Errorf("a failed read is not reported as -1:\n%s", body)
	}
}
