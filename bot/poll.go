package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"
)

// Long polling, done here rather than by go-telegram/bot's Start: Telegram
// forgets every update below the offset of the next getUpdates, and the
// library sends the next offset as soon as it has queued a batch, before
// any of it is handled. A crash, or a SIGTERM with updates still in the
// library's queue, then loses them. This loop never asks for an offset past
// the oldest update still in hand, so whatever was fetched and not handled
// is delivered again to the next process; the Redis duplicate check drops
// the ones that were handled after all.

const (
	// pollTimeout is how long one getUpdates waits at Telegram for news.
	pollTimeout = 50 * time.Second
	// pollLimit is Telegram's most updates per getUpdates.
	pollLimit = 100
	// inHandWait bounds the wait for an update in hand before polling
	// again: while one is in hand Telegram answers at once (the update is
	// still unconfirmed), so the loop waits on its own handlers instead,
	// but never so long that other chats' news waits behind a slow one.
	inHandWait = 250 * time.Millisecond
	// confirmTimeout bounds the last getUpdates at shutdown, which
	// confirms the updates handled, within SIGTERM's 10 seconds.
	confirmTimeout = time.Second
	// maxPollBackoff is the longest pause after a failed getUpdates.
	maxPollBackoff = 5 * time.Second
)

// allowedUpdates are the update kinds the bot asks Telegram for.
var allowedUpdates = []string{"message", "edited_message", "callback_query"}

// Poll receives updates by long polling until ctx ends, then finishes the
// updates in hand and confirms them to Telegram.
func (b *Bot) Poll(ctx context.Context) {
	var (
		hand    = newInHand()
		after   int64 // the newest update ID handed to a lane
		backoff time.Duration
	)
	for ctx.Err() == nil {
		offset := hand.oldest(after + 1)
		timeout := pollTimeout
		if offset <= after {
			timeout = 0 // Telegram would answer at once anyway
		}
		updates, err := b.getUpdates(ctx, offset, timeout)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			backoff = min(max(2*backoff, 100*time.Millisecond), maxPollBackoff)
			b.log.Warn("get updates", "err", err, "retry_in", backoff)
			pause(ctx, backoff)
			continue
		}
		backoff = 0
		fresh := false
		for _, u := range updates {
			if u.ID <= after {
				continue // in hand already, or handled and not yet confirmed
			}
			after, fresh = u.ID, true
			hand.add(u.ID)
			if !b.enqueue(ctx, u, func() { hand.done(u.ID) }) {
				break // shutting down: it stays unconfirmed
			}
		}
		if !fresh && offset <= after {
			hand.wait(ctx, inHandWait)
		}
	}
	b.lanes.close()
	// Confirm what was handled, so the next start does not fetch it again
	// (it would be dropped as a duplicate, but only while Redis remembers).
	confirmCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), confirmTimeout)
	defer cancel()
	if _, err := b.getUpdates(confirmCtx, hand.oldest(after+1), 0); err != nil {
		b.log.Warn("confirm updates at shutdown", "err", err)
	}
}

// pause waits for d or until ctx ends.
func pause(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// getUpdates asks the Bot API for the updates from offset on, waiting up to
// timeout for the first.
func (b *Bot) getUpdates(ctx context.Context, offset int64, timeout time.Duration) ([]*models.Update, error) {
	body, err := json.Marshal(map[string]any{
		"offset": offset, "limit": pollLimit, "timeout": int(timeout.Seconds()), "allowed_updates": allowedUpdates,
	})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.serverURL()+"/bot"+b.opts.Token+"/getUpdates", bytes.NewReader(body))
	if err != nil {
		return nil, errors.New("getUpdates: cannot build the request")
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := b.pollClient.Do(req)
	if err != nil {
		// url.Error quotes the URL, which holds the token.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("getUpdates: %w", err)
	}
	defer resp.Body.Close()
	var answer struct {
		OK          bool             `json:"ok"`
		Result      []*models.Update `json:"result"`
		ErrorCode   int              `json:"error_code"`
		Description string           `json:"description"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
		return nil, fmt.Errorf("getUpdates: read the answer (HTTP %d): %w", resp.StatusCode, err)
	}
	if !answer.OK {
		return nil, fmt.Errorf("getUpdates: %d %s", answer.ErrorCode, answer.Description)
	}
	return answer.Result, nil
}

// serverURL is the Bot API server without a trailing slash.
func (b *Bot) serverURL() string {
	if b.opts.ServerURL == "" {
		return "https://api.telegram.org"
	}
	return strings.TrimRight(b.opts.ServerURL, "/")
}

// inHand tracks the update IDs handed to lanes and not yet handled.
type inHand struct {
	mu   sync.Mutex
	ids  map[int64]struct{}
	tick chan struct{} // one signal per handled update, dropped when full
}

func newInHand() *inHand {
	return &inHand{ids: map[int64]struct{}{}, tick: make(chan struct{}, 1)}
}

func (h *inHand) add(id int64) {
	h.mu.Lock()
	h.ids[id] = struct{}{}
	h.mu.Unlock()
}

func (h *inHand) done(id int64) {
	h.mu.Lock()
	delete(h.ids, id)
	h.mu.Unlock()
	select {
	case h.tick <- struct{}{}:
	default:
	}
}

// oldest is the smallest ID in hand, or next when none is: the offset to
// poll with. At most pollLimit IDs are in hand beyond the oldest, so the
// scan is short.
func (h *inHand) oldest(next int64) int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	for id := range h.ids {
		next = min(next, id)
	}
	return next
}

// wait returns when an update in hand is handled, after d, or when ctx
// ends, whichever is first.
func (h *inHand) wait(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-h.tick:
	case <-t.C:
	case <-ctx.Done():
	}
}
