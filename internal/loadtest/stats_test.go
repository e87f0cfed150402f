package loadtest

import (
	"testing"
	"time"
)

func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }

func TestSummarize(t *testing.T) {
	t.Parallel()
	t.Run("percentiles_by_nearest_rank", func(t *testing.T) {
		ds := make([]time.Duration, 0, 100)
		for i := 100; i >= 1; i-- { // unsorted on purpose
			ds = append(ds, ms(i))
		}
		s := Summarize(ds)
		want := Summary{N: 100, Mean: ms(50) + 500*time.Microsecond, P50: ms(50), P95: ms(95), P99: ms(99), Max: ms(100)}
		if s != want {
			t.Errorf("got %+v\nwant %+v", s, want)
		}
	})
	t.Run("one_sample_is_every_percentile", func(t *testing.T) {
		s := Summarize([]time.Duration{ms(7)})
		if s.P50 != ms(7) || s.P99 != ms(7) || s.Max != ms(7) || s.Mean != ms(7) {
			t.Errorf("got %+v", s)
		}
	})
	t.Run("a_slow_tail_shows_in_p99_not_p50", func(t *testing.T) {
		ds := make([]time.Duration, 1000)
		for i := range ds {
			ds[i] = ms(2)
		}
		for i := range 11 {
			ds[i*90] = ms(500)
		}
		s := Summarize(ds)
		if s.P50 != ms(2) || s.P95 != ms(2) || s.P99 != ms(500) {
			t.Errorf("got %+v", s)
		}
	})
	t.Run("no_samples_is_zero", func(t *testing.T) {
		if s := Summarize(nil); s != (Summary{}) {
			t.Errorf("got %+v", s)
		}
	})
}

func TestPercentile(t *testing.T) {
	t.Parallel()
	sorted := []time.Duration{ms(1), ms(2), ms(3), ms(4)}
	for _, c := range []struct {
		p    float64
		want time.Duration
	}{{1, ms(1)}, {25, ms(1)}, {26, ms(2)}, {50, ms(2)}, {75, ms(3)}, {99, ms(4)}, {100, ms(4)}} {
		if got := Percentile(sorted, c.p); got != c.want {
			t.Errorf("p%v = %v, want %v", c.p, got, c.want)
		}
	}
}

func TestRatio(t *testing.T) {
	t.Parallel()
	if got := Ratio(1500, 3000); got != 0.5 {
		t.Errorf("Ratio(1500, 3000) = %v", got)
	}
	if got := Ratio(1, 0); got != 0 {
		t.Errorf("Ratio(1, 0) = %v, want 0", got)
	}
}
