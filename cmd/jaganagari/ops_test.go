package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

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
