package notify

import (
	"context"
	"time"
)

// pacer lets at most n Bot API calls happen in any span of time, counted
// at the receiving end. It holds n tokens; a call takes one, and the token
// comes back stamped with the time the call *ended*, usable again only a
// span after that. Two calls that share a token are therefore a span
// apart at Telegram however late a goroutine wakes or a request travels,
// and n+1 calls cannot fit in one span. A token bucket (rate.Limiter)
// spaces grants evenly but cannot see a call delayed after its grant, which
// is how 31 messages could land in one second.
type pacer struct {
	tokens chan time.Time
	span   time.Duration
}

func newPacer(n int, span time.Duration) *pacer {
	p := &pacer{tokens: make(chan time.Time, n), span: span}
	for range n {
		p.tokens <- time.Time{}
	}
	return p
}

// acquire waits for a token whose span has passed; release must be called
// once the call has ended (whatever its result).
func (p *pacer) acquire(ctx context.Context) (release func(), err error) {
	var used time.Time
	select {
	case used = <-p.tokens:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if wait := time.Until(used.Add(p.span)); wait > 0 {
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			p.tokens <- used
			return nil, ctx.Err()
		}
	}
	return func() { p.tokens <- time.Now() }, nil
}
