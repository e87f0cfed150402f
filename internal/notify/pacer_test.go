package notify

import (
	"sync"
	"testing"
	"time"
)

// TestPacerNeverLetsMoreThanNInASpan checks the property at the receiving
// end, with calls whose duration varies: no span holds more than n call
// starts. (A property of order, not of speed: no timed assertion.)
func TestPacerNeverLetsMoreThanNInASpan(t *testing.T) {
	t.Parallel()
	const n, calls = 5, 40
	span := 50 * time.Millisecond
	p := newPacer(n, span)
	var mu sync.Mutex
	var starts []time.Time
	var wg sync.WaitGroup
	for i := range calls {
		wg.Go(func() {
			release, err := p.acquire(t.Context())
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			starts = append(starts, time.Now())
			mu.Unlock()
			time.Sleep(time.Duration(i%3) * time.Millisecond) // the call itself
			release()
		})
	}
	wg.Wait()
	if len(starts) != calls {
		t.Fatalf("%d calls made, want %d", len(starts), calls)
	}
	slicesSort(starts)
	for i := n; i < len(starts); i++ {
		if d := starts[i].Sub(starts[i-n]); d < span {
			t.Fatalf("calls %d and %d only %v apart: %d calls in one span", i-n, i, d, n+1)
		}
	}
}

func slicesSort(ts []time.Time) {
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && ts[j].Before(ts[j-1]); j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
}
