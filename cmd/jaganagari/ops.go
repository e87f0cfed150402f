package main

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// readyTimeout bounds each dependency check of /readyz, so that a dead
// dependency answers "not ready" instead of hanging the probe.
const readyTimeout = 2 * time.Second

// pinger is a dependency /readyz checks.
type pinger interface {
	Ping(ctx context.Context) error
}

// pingFunc adapts a function to pinger.
type pingFunc func(ctx context.Context) error

func (f pingFunc) Ping(ctx context.Context) error { return f(ctx) }

// newRegistry is the process's metrics registry: Go runtime and process
// metrics plus whatever the parts register.
func newRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg
}

// opsHandler serves /healthz (the process runs), /readyz (every dependency
// answers) and /metrics. It lives on its own address, never the webhook's.
func opsHandler(reg *prometheus.Registry, deps map[string]pinger) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ready := true
		var report string
		for name, dep := range deps {
			ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
			err := dep.Ping(ctx)
			cancel()
			if err != nil {
				ready = false
				report += name + ": down\n"
			} else {
				report += name + ": ok\n"
			}
		}
		if !ready {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		fmt.Fprint(w, report)
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg}))
	return mux
}

// appDeps lists what the bot cannot work without.
func appDeps(a *app) map[string]pinger {
	return map[string]pinger{
		"postgres": a.store,
		"redis":    pingFunc(func(ctx context.Context) error { return a.redis.Ping(ctx).Err() }),
	}
}

// backlogger is what the outbox metrics read.
type backlogger interface {
	Backlog(ctx context.Context, now time.Time) (int, time.Duration, error)
}

// registerOutboxMetrics exports the outbox's backlog and lag, read from
// Postgres at each scrape. A failed read reports -1, which alerts can tell
// from an empty outbox.
func registerOutboxMetrics(reg prometheus.Registerer, o backlogger) {
	read := func() (float64, float64) {
		ctx, cancel := context.WithTimeout(context.Background(), readyTimeout)
		defer cancel()
		n, lag, err := o.Backlog(ctx, time.Now())
		if err != nil {
			return -1, -1
		}
		return float64(n), lag.Seconds()
	}
	reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "jaganagari_outbox_backlog", Help: "Notices and deliveries not yet sent.",
		}, func() float64 { n, _ := read(); return n }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "jaganagari_outbox_lag_seconds", Help: "Age of the oldest notice not yet sent.",
		}, func() float64 { _, lag := read(); return lag }),
	)
}
