package botapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"
)

const (
	maxUpdatesLimit       = 100
	defaultMaxConnections = 40
	webhookRetryMin       = 100 * time.Millisecond
	webhookRetryMax       = 5 * time.Second
)

// queued is an update waiting to be confirmed by getUpdates or delivered
// to the webhook. It is encoded once, when queued, so the bytes served are
// the same however often they are fetched.
type queued struct {
	id     int64
	chatID int64 // orders webhook deliveries per chat
	kind   string
	raw    json.RawMessage
}

// defaultExcluded are the update kinds Telegram leaves out when
// allowed_updates is empty.
var defaultExcluded = []string{"chat_member", "message_reaction", "message_reaction_count"}

func (s *Server) allowedKind(kind string) bool {
	if len(s.allowed) == 0 {
		return !slices.Contains(defaultExcluded, kind)
	}
	return slices.Contains(s.allowed, kind)
}

// UpdateIDs numbers the updates a Server creates, for a server whose
// numbering must outlive it (see NumberUpdatesWith).
type UpdateIDs interface {
	// NextUpdateID returns the id for a new update, above every id it
	// returned before.
	NextUpdateID() (int64, error)
}

// NumberUpdatesWith makes the server take its update_ids from ids rather
// than count from 1 in memory, so that a server started again goes on where
// the last one stopped, as Telegram does. Ids stay increasing within the
// server: when ids fails, or answers at or below the last id given (its
// store was wiped), the server counts on from the last id itself. Call it
// before the server is used; it is called with the server's lock held.
func (s *Server) NumberUpdatesWith(ids UpdateIDs) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.updateIDs = ids
}

// enqueue gives u the next update_id and queues it, unless the bot's
// allowed_updates excludes its kind; then u.ID stays 0, as Telegram never
// creates such an update. The caller holds s.mu.
func (s *Server) enqueue(u *models.Update, kind string, chatID int64) {
	if !s.allowedKind(kind) {
		return
	}
	next := s.lastUpdateID + 1
	if s.updateIDs != nil {
		if id, err := s.updateIDs.NextUpdateID(); err == nil {
			next = max(next, id)
		}
	}
	s.lastUpdateID = next
	u.ID = next
	s.queue = append(s.queue, &queued{id: u.ID, chatID: chatID, kind: kind, raw: mustJSON(u)})
	s.pumpWebhook()
	s.bump()
}

// confirm forgets the updates getUpdates' offset confirms: all below a
// positive offset; with a negative offset, all but the last -offset.
func (s *Server) confirm(offset int64) {
	before := len(s.queue)
	switch {
	case offset > 0:
		i := 0
		for i < len(s.queue) && s.queue[i].id < offset {
			i++
		}
		s.queue = s.queue[i:]
	case offset < 0:
		keep := int(-offset)
		if keep < len(s.queue) {
			s.queue = s.queue[len(s.queue)-keep:]
		}
	}
	if len(s.queue) != before {
		s.bump()
	}
}

// Pending returns how many updates are queued and not yet confirmed by the
// bot's next getUpdates offset, or not yet accepted by its webhook.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

// WaitIdle returns once every queued update has been confirmed or
// delivered. That means the bot has fetched them, not that its handlers have
// finished: wait for their replies with WaitMessage.
func (s *Server) WaitIdle(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.queue) > 0 {
		if s.closed {
			return fmt.Errorf("wait for idle: %w", ErrClosed)
		}
		if !s.wait(ctx, nil) {
			return fmt.Errorf("wait for idle with %d updates pending: %w", len(s.queue), ctx.Err())
		}
	}
	return nil
}

// Polling reports whether the bot has a getUpdates request in progress:
// for a long-polling bot, whether it is connected now.
func (s *Server) Polling() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.polling > 0
}

// WaitPolling returns once the bot has a getUpdates request in progress,
// which for a long-polling bot means it is up and waiting for updates.
func (s *Server) WaitPolling(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.polling == 0 {
		if s.closed {
			return fmt.Errorf("wait for a poll: %w", ErrClosed)
		}
		if !s.wait(ctx, nil) {
			return fmt.Errorf("wait for a poll: %w", ctx.Err())
		}
	}
	return nil
}

var (
	errWebhookActive   = &apiError{code: http.StatusConflict, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}
	errOtherGetUpdates = &apiError{code: http.StatusConflict, description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}
)

func (s *Server) getUpdates(ctx context.Context, p *params) (any, *apiError) {
	offset, e := p.int64("offset")
	if e != nil {
		return nil, e
	}
	limit, e := p.int("limit")
	if e != nil {
		return nil, e
	}
	if limit <= 0 || limit > maxUpdatesLimit {
		limit = maxUpdatesLimit
	}
	timeout, e := p.int("timeout")
	if e != nil {
		return nil, e
	}
	var allowed []string
	if raw := p.str("allowed_updates"); raw != "" {
		if err := jsonUnmarshalString(raw, &allowed); err != nil {
			return nil, badRequest("can't parse allowed updates")
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hook != nil {
		return nil, errWebhookActive
	}
	if p.has("allowed_updates") {
		s.allowed = allowed
	}
	s.confirm(offset)
	// A newer getUpdates ends this one with 409, as on Telegram: it shows
	// two bot instances polling one token.
	s.pollGen++
	gen := s.pollGen
	s.polling++
	s.bump()
	defer func() {
		s.polling--
		s.bump()
	}()

	var timer <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(time.Duration(timeout) * time.Second)
		defer t.Stop()
		timer = t.C
	}
	for {
		switch {
		case s.closed:
			return nil, errServerClosed
		case s.hook != nil:
			return nil, errWebhookActive
		case s.pollGen != gen:
			return nil, errOtherGetUpdates
		}
		if len(s.queue) > 0 || timer == nil {
			n := min(len(s.queue), limit)
			raws := make([]json.RawMessage, n)
			for i := range n {
				raws[i] = s.queue[i].raw
			}
			return raws, nil
		}
		if !s.wait(ctx, timer) {
			// Timed out, or the client went away: an empty answer either way.
			return []json.RawMessage{}, nil
		}
	}
}

// webhook is the delivery state for one setWebhook. Replacing or deleting
// the webhook cancels its context, which stops its deliveries.
type webhook struct {
	url         string
	secret      string
	maxConn     int
	ipAddress   string
	allowed     []string
	lastErrDate int
	lastErrMsg  string

	ctx      context.Context
	cancel   context.CancelFunc
	inflight map[int64]bool // chats with a delivery under way
}

var reSecretToken = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

func (s *Server) setWebhook(_ context.Context, p *params) (any, *apiError) {
	raw := strings.TrimSpace(p.str("url"))
	if raw == "" {
		return s.deleteWebhook(context.Background(), p)
	}
	// Telegram demands HTTPS on ports 443, 80, 88 or 8443. The simulator
	// runs on localhost without certificates, so plain HTTP and any port
	// are accepted here.
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, badRequest("bad webhook: Failed to resolve host: Name or service not known")
	}
	secret := p.str("secret_token")
	if secret != "" && !reSecretToken.MatchString(secret) {
		return nil, badRequest("secret token contains unallowed characters")
	}
	maxConn, e := p.int("max_connections")
	if e != nil {
		return nil, e
	}
	if maxConn <= 0 {
		maxConn = defaultMaxConnections
	}
	maxConn = min(maxConn, 100)
	var allowed []string
	if a := p.str("allowed_updates"); a != "" {
		if err := jsonUnmarshalString(a, &allowed); err != nil {
			return nil, badRequest("can't parse allowed updates")
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hook != nil {
		s.hook.cancel()
	}
	if p.bool("drop_pending_updates") {
		s.dropPending()
	}
	if p.has("allowed_updates") {
		s.allowed = allowed
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.hook = &webhook{
		url: raw, secret: secret, maxConn: maxConn, ipAddress: p.str("ip_address"), allowed: allowed,
		ctx: ctx, cancel: cancel, inflight: map[int64]bool{},
	}
	s.pumpWebhook()
	s.bump() // ends long polls with 409
	return described{result: true, description: "Webhook was set"}, nil
}

func (s *Server) deleteWebhook(_ context.Context, p *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p.bool("drop_pending_updates") {
		s.dropPending()
	}
	if s.hook == nil {
		return described{result: true, description: "Webhook is already deleted"}, nil
	}
	s.hook.cancel()
	s.hook = nil
	s.bump()
	return described{result: true, description: "Webhook was deleted"}, nil
}

func (s *Server) dropPending() {
	if len(s.queue) > 0 {
		s.queue = nil
		s.bump()
	}
}

func (s *Server) getWebhookInfo(_ context.Context, _ *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	info := models.WebhookInfo{PendingUpdateCount: len(s.queue)}
	if h := s.hook; h != nil {
		info.URL = h.url
		info.MaxConnections = h.maxConn
		info.IPAddress = h.ipAddress
		info.LastErrorDate = h.lastErrDate
		info.LastErrorMessage = h.lastErrMsg
		info.AllowedUpdates = h.allowed
	}
	return info, nil
}

// pumpWebhook starts deliveries for queued updates: in queue order, at most
// one at a time per chat so each chat's updates arrive in order, and at
// most max_connections at once. The caller holds s.mu.
func (s *Server) pumpWebhook() {
	h := s.hook
	if h == nil || s.closed {
		return
	}
	busy := map[int64]bool{} // chats with an earlier update still queued
	for _, q := range s.queue {
		if h.inflight[q.chatID] || busy[q.chatID] {
			busy[q.chatID] = true
			continue
		}
		busy[q.chatID] = true
		if len(h.inflight) >= h.maxConn {
			return
		}
		h.inflight[q.chatID] = true
		s.wg.Add(1)
		go s.deliver(h, q)
	}
}

// deliver POSTs one update to the webhook until it answers 2xx, backing off
// between attempts, or until the webhook is replaced or the server closes.
func (s *Server) deliver(h *webhook, q *queued) {
	defer s.wg.Done()
	delay := webhookRetryMin
	for {
		failure := s.postUpdate(h, q.raw)
		if failure == "" {
			break
		}
		s.mu.Lock()
		if s.hook == h {
			h.lastErrDate = int(s.now().Unix())
			h.lastErrMsg = failure
		}
		s.mu.Unlock()
		t := time.NewTimer(delay)
		select {
		case <-h.ctx.Done():
			t.Stop()
			s.mu.Lock()
			delete(h.inflight, q.chatID)
			s.mu.Unlock()
			return
		case <-t.C:
		}
		delay = min(delay*2, webhookRetryMax)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	delete(h.inflight, q.chatID)
	if i := slices.Index(s.queue, q); i >= 0 {
		s.queue = slices.Delete(s.queue, i, i+1)
	}
	s.pumpWebhook()
	s.bump()
}

// postUpdate sends one update and returns "" on success, or the failure in the
// words Telegram's getWebhookInfo uses for last_error_message.
func (s *Server) postUpdate(h *webhook, body []byte) string {
	req, err := http.NewRequestWithContext(h.ctx, http.MethodPost, h.url, bytes.NewReader(body))
	if err != nil {
		return "Wrong webhook URL"
	}
	req.Header.Set("Content-Type", "application/json")
	if h.secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", h.secret)
	}
	resp, err := s.hookClient.Do(req)
	if err != nil {
		return "Connection refused"
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return "Wrong response from the webhook: " + resp.Status
	}
	return ""
}
