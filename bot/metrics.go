package bot

import (
	"errors"
	"strconv"

	tgbot "github.com/go-telegram/bot"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/jaganagari/jaganagari/internal/engine"
)

// Metrics are the bot's Prometheus instruments. They are registered on a
// registry the caller owns, so tests can read them and two bots in one
// process do not collide.
type Metrics struct {
	updates   *prometheus.CounterVec
	latency   prometheus.Histogram
	errors    *prometheus.CounterVec
	apiErrors *prometheus.CounterVec
}

// NewMetrics creates and registers the bot's instruments on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		updates: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "jaganagari_updates_total", Help: "Updates handled, by what the user sent.",
		}, []string{"kind"}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "jaganagari_update_seconds", Help: "Time to handle one update, from claiming the chat to the last reply sent.",
			Buckets: []float64{.002, .005, .01, .02, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "jaganagari_errors_total", Help: "Failures while handling updates, by stage.",
		}, []string{"stage"}),
		apiErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "jaganagari_telegram_errors_total", Help: "Bot API calls that failed, by HTTP-style code.",
		}, []string{"code"}),
	}
	reg.MustRegister(m.updates, m.latency, m.errors, m.apiErrors)
	return m
}

var kindNames = map[engine.Kind]string{
	engine.KindText: "text", engine.KindButton: "button", engine.KindCommand: "command",
	engine.KindContact: "contact", engine.KindPhoto: "photo", engine.KindLocation: "location",
	engine.KindOther: "other", engine.KindEdit: "edit", engine.KindForward: "forward", engine.KindDocument: "document",
}

func (m *Metrics) update(k engine.Kind, seconds float64) {
	if m == nil {
		return
	}
	m.updates.WithLabelValues(kindNames[k]).Inc()
	m.latency.Observe(seconds)
}

func (m *Metrics) fail(stage string) {
	if m != nil {
		m.errors.WithLabelValues(stage).Inc()
	}
}

// apiError counts a failed Bot API call by the code Telegram answered.
func (m *Metrics) apiError(err error) {
	if m == nil || err == nil {
		return
	}
	code := "other"
	var flood *tgbot.TooManyRequestsError
	switch {
	case errors.As(err, &flood):
		code = strconv.Itoa(429)
	case errors.Is(err, tgbot.ErrorForbidden):
		code = "403"
	case errors.Is(err, tgbot.ErrorBadRequest):
		code = "400"
	case errors.Is(err, tgbot.ErrorUnauthorized):
		code = "401"
	case errors.Is(err, tgbot.ErrorNotFound):
		code = "404"
	}
	m.apiErrors.WithLabelValues(code).Inc()
}
