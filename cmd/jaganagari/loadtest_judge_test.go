package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/jaganagari/jaganagari/internal/loadtest"
)

// TestLoadtestVerdicts judges runs of every size. A target set at a scale
// (1,000 workers, 1,000 updates/s, 10,000 live sessions) is met or missed
// only by a run that reached that scale; a smaller run did not measure it,
// whatever its figure. The rows are keyed by a word of each target's name.
func TestLoadtestVerdicts(t *testing.T) {
	type figures struct {
		workers, sessions   int
		rate, upd, bare     float64 // paced rate offered; bot and bare updates/s
		paced               float64 // paced updates/s achieved
		p99                 time.Duration
		failed              int
		trips               float64
		sessionMax          int64
		rssMB               float64
		inProcess, noSample bool
	}
	full := figures{workers: 1000, sessions: 11000, rate: 1000, upd: 2132, bare: 3962, paced: 993, p99: 99 * time.Millisecond,
		trips: 2, sessionMax: 856, rssMB: 104.7}
	for _, tc := range []struct {
		name string
		f    func(*figures)
		want map[string]string
	}{
		{"the README's run: all met but p99", func(*figures) {}, map[string]string{
			">= 2000 updates/s": "MET", "bare": "MET", "p99 end-to-end": "MISSED", "round trips": "MET", "per live session": "MET", "RSS": "MET"}},
		{"a full-size run that misses everything", func(f *figures) {
			f.upd, f.p99, f.trips, f.sessionMax, f.rssMB = 1900, 25*time.Millisecond, 2.3, 2100, 160
		}, map[string]string{
			">= 2000 updates/s": "MISSED", "bare": "MISSED", "p99 end-to-end": "MISSED", "round trips": "MISSED", "per live session": "MISSED", "RSS": "MISSED"}},
		{"a fast run with failed registrations misses throughput", func(f *figures) { f.upd, f.failed = 2500, 3 }, map[string]string{
			">= 2000 updates/s": "MISSED"}},
		{"the test's tiny run measures no scaled target", func(f *figures) {
			*f = figures{workers: 5, sessions: 14, rate: 200, upd: 900, bare: 1500, paced: 180, p99: 3 * time.Millisecond,
				trips: 2, sessionMax: 900, rssMB: 47, inProcess: true}
		}, map[string]string{
			">= 2000 updates/s": "NOT MEASURED", "bare": "MET", "p99 end-to-end": "NOT MEASURED", "round trips": "MET", "per live session": "MET", "RSS": "NOT MEASURED"}},
		{"a small run over the RSS limit is not a miss either", func(f *figures) { f.sessions, f.rssMB = 5000, 160 }, map[string]string{
			"RSS": "NOT MEASURED"}},
		{"a paced phase short of the rate measured another rate", func(f *figures) { f.paced, f.p99 = 700, 5*time.Millisecond }, map[string]string{
			"p99 end-to-end": "NOT MEASURED"}},
		{"a paced phase offered less than the rate", func(f *figures) { f.rate, f.paced, f.p99 = 500, 500, 5*time.Millisecond }, map[string]string{
			"p99 end-to-end": "NOT MEASURED"}},
		{"in-process RSS over the limit includes the driver", func(f *figures) { f.inProcess, f.rssMB = true, 160 }, map[string]string{
			"RSS": "NOT MEASURED"}},
		{"in-process RSS under the limit bounds the bot's", func(f *figures) { f.inProcess, f.rssMB = true, 120 }, map[string]string{
			"RSS": "MET"}},
		{"no session sampled, no size judged", func(f *figures) { f.noSample = true }, map[string]string{
			"per live session": "NOT MEASURED"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fg := full
			tc.f(&fg)
			bot := loadtest.Result{Name: "bot", Workers: fg.workers, Updates: 140000, UpdatesPerSec: fg.upd, Failed: fg.failed}
			r := &loadReport{
				InProcess: fg.inProcess,
				Bare:      loadtest.Result{Name: "bare", Workers: fg.workers, Updates: 140000, UpdatesPerSec: fg.bare},
				Bot:       bot,
				Paced: &loadtest.Result{Name: "bot paced", Workers: fg.workers, Rate: fg.rate, Updates: 14000, UpdatesPerSec: fg.paced,
					EndToEnd: loadtest.Summary{N: 14000, P99: fg.p99}},
				Ratio:        fg.upd / fg.bare,
				BotPeakRSSKB: int64(fg.rssMB * 1024),
			}
			r.Redis.CommandsPerUpdate = fg.trips
			r.Redis.LiveSessions = fg.sessions
			if !fg.noSample {
				r.Redis.BytesAtSummary = sizeSample{N: 200, Mean: float64(fg.sessionMax) - 100, Max: fg.sessionMax}
			}
			r.judge(loadFlags{workers: fg.workers, registrations: 10000, paced: 1000, rate: fg.rate})

			var out bytes.Buffer
			printTargets(&out, r.Targets)
			lines := strings.Split(strings.TrimSpace(out.String()), "\n")[1:]
			for key, want := range tc.want {
				var line string
				for _, l := range lines {
					if strings.Contains(l, key) {
						line = strings.TrimSpace(l)
					}
				}
				if !strings.HasPrefix(line, want+" ") {
					t.Errorf("%s: %q, want %s\n%s", key, line, want, out.String())
				}
			}
			// The JSON report carries the same verdict.
			data, err := json.Marshal(r.Targets)
			if err != nil {
				t.Fatal(err)
			}
			var ts []map[string]any
			if err := json.Unmarshal(data, &ts); err != nil {
				t.Fatal(err)
			}
			for i, l := range lines {
				if v, _ := ts[i]["verdict"].(string); !strings.HasPrefix(strings.TrimSpace(l), strings.ToUpper(v)+" ") || v == "" {
					t.Errorf("JSON verdict %q for %q", v, l)
				}
			}
		})
	}
}

// TestLoadtestSenderVerdicts: a sender run in which no chat got two
// messages measured no gap, and one that sent nothing measured no pace.
func TestLoadtestSenderVerdicts(t *testing.T) {
	for _, tc := range []struct {
		name  string
		stats loadtest.SendStats
		want  map[string]string
	}{
		{"one message per chat", loadtest.SendStats{Messages: 4, Chats: 4, MaxPerChat: 1, MaxInWindow: 4}, map[string]string{
			"messages in any": "MET", "per chat gap": "NOT MEASURED", "each once": "MET"}},
		{"two messages too close", loadtest.SendStats{Messages: 8, Chats: 4, MaxPerChat: 2, MaxInWindow: 8, MinChatGap: 10 * time.Millisecond}, map[string]string{
			"per chat gap": "MISSED", "each once": "MISSED"}},
		{"nothing sent", loadtest.SendStats{}, map[string]string{
			"messages in any": "NOT MEASURED", "per chat gap": "NOT MEASURED", "floor": "NOT MEASURED", "each once": "MISSED"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &senderReport{Rate: 30, Burst: 30, ChatGap: time.Second, Stats: tc.stats, Sent: tc.stats.Messages,
				Total: 2 * time.Second, Floor: 2 * time.Second}
			if tc.stats.Messages > 0 {
				r.Ratio = 1
			}
			r.judge(4, 4)
			var out bytes.Buffer
			printTargets(&out, r.Targets)
			for key, want := range tc.want {
				var line string
				for _, l := range strings.Split(out.String(), "\n") {
					if strings.Contains(l, key) {
						line = strings.TrimSpace(l)
					}
				}
				if !strings.HasPrefix(line, want+" ") {
					t.Errorf("%s: %q, want %s\n%s", key, line, want, out.String())
				}
			}
		})
	}
}
