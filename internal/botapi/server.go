package botapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"
)

const (
	// maxBodyBytes is Telegram's limit for a request, uploads included.
	maxBodyBytes = 50 << 20
	// maxDownloadBytes is the largest file getFile hands out, as on Telegram.
	maxDownloadBytes = 20 << 20
	// maxCalls bounds the call history so a simulator left running for days
	// does not grow without limit; the oldest calls are forgotten first.
	maxCalls = 10000
)

// Server is an in-process Telegram Bot API for one bot token. It serves
// /bot<token>/<method> and /file/bot<token>/<path>, holds the chats with the
// simulated users, queues their updates for getUpdates or a webhook, and
// records every call. All methods are safe for concurrent use.
type Server struct {
	// Now returns the time used for message dates, edit dates and call
	// timestamps; it defaults to time.Now. Set it before the server is used.
	// To move a clock while the server runs, point Now at a function that
	// reads a synchronised clock, since Now itself is read without a lock.
	Now func() time.Time

	token   string
	botID   int64
	maxBody int64

	hookClient *http.Client
	wg         sync.WaitGroup // webhook deliveries and the Start listener

	mu      sync.Mutex
	closed  bool
	changed chan struct{} // closed and replaced on every change; see bump
	quit    chan struct{} // closed by Close
	httpSrv *http.Server

	bot     models.User
	privacy bool

	users map[int64]*User
	chats map[int64]*chat

	lastUpdateID int64     // the last update_id given
	updateIDs    UpdateIDs // where update_ids come from; nil counts in memory
	queue        []*queued
	allowed      []string
	pollGen      uint64
	polling      int // getUpdates requests in progress
	hook         *webhook

	calls  []Call
	faults map[string][]fault

	files      map[string]*storedFile
	filePaths  map[string]*storedFile
	photoSets  map[string][]models.PhotoSize
	fileSeq    int
	callbacks  map[string]*Callback
	callbackID int64
	mediaGroup int64
	commands   map[string][]models.BotCommand

	subs   map[int]chan Event
	subSeq int
	seq    uint64
}

type fault struct {
	left       int
	code       int
	retryAfter int
}

// New returns a server for the bot with this token ("<bot id>:<secret>").
// The bot's ID is the number before the colon, as on Telegram. The server is
// an http.Handler: mount it on an httptest.Server, or call Start.
func New(token string) *Server {
	id, _ := strconv.ParseInt(strings.SplitN(token, ":", 2)[0], 10, 64)
	return &Server{
		token:   token,
		botID:   id,
		maxBody: maxBodyBytes,
		hookClient: &http.Client{
			Timeout: 60 * time.Second,
		},
		changed: make(chan struct{}),
		quit:    make(chan struct{}),
		bot: models.User{
			ID:            id,
			IsBot:         true,
			FirstName:     "JagaNagari",
			Username:      "JagaNagariBot",
			CanJoinGroups: true,
		},
		privacy:   true,
		users:     map[int64]*User{},
		chats:     map[int64]*chat{},
		faults:    map[string][]fault{},
		files:     map[string]*storedFile{},
		filePaths: map[string]*storedFile{},
		photoSets: map[string][]models.PhotoSize{},
		callbacks: map[string]*Callback{},
		commands:  map[string][]models.BotCommand{},
		subs:      map[int]chan Event{},
	}
}

// SetBotProfile sets the name and username getMe reports and messages carry
// in "from". The username is also what "/cmd@username" and "@username"
// mentions in groups must name to reach this bot.
func (s *Server) SetBotProfile(firstName, username string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.bot.FirstName = firstName
	s.bot.Username = username
}

// Bot returns the bot's own user, as getMe reports it.
func (s *Server) Bot() models.User {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.botUser()
}

func (s *Server) botUser() models.User {
	u := s.bot
	u.CanReadAllGroupMessages = !s.privacy
	return u
}

// botRef is the bot as messages name it in "from": only getMe reports the
// capability flags.
func (s *Server) botRef() models.User {
	return models.User{ID: s.bot.ID, IsBot: true, FirstName: s.bot.FirstName, Username: s.bot.Username}
}

// SetPrivacyMode switches the bot's group privacy mode, which is on by
// default as on Telegram: in groups the bot then only receives commands and
// messages that mention it. Messages it cannot see still enter the transcript.
func (s *Server) SetPrivacyMode(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.privacy = on
}

// Start listens on addr (for example "127.0.0.1:0") and serves the Bot API
// there until Close. It returns the base URL to pass to bot.WithServerURL.
func (s *Server) Start(addr string) (string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("listen on %s: %w", addr, err)
	}
	hs := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}

	s.mu.Lock()
	if s.closed || s.httpSrv != nil {
		s.mu.Unlock()
		ln.Close()
		if s.closed {
			return "", ErrClosed
		}
		return "", errors.New("bot api server already started")
	}
	s.httpSrv = hs
	s.wg.Add(1)
	s.mu.Unlock()

	go func() {
		defer s.wg.Done()
		_ = hs.Serve(ln) // returns http.ErrServerClosed after Close
	}()
	return "http://" + ln.Addr().String(), nil
}

// Close stops the server: long polls and waiters return, webhook delivery
// stops, subscriber channels are closed and, after Start, the listener shuts
// down. Later requests are answered with 500. Close is idempotent.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	if s.hook != nil {
		s.hook.cancel()
	}
	for id, ch := range s.subs {
		close(ch)
		delete(s.subs, id)
	}
	hs := s.httpSrv
	s.bump()
	close(s.quit)
	s.mu.Unlock()

	var err error
	if hs != nil {
		err = hs.Close()
	}
	s.wg.Wait()
	s.hookClient.CloseIdleConnections()
	return err
}

// FailNext makes the next n calls of method (case-insensitive; "*" for any
// method) answer with the error code instead of running: 429 carries
// parameters.retry_after, 403 is "Forbidden: bot was blocked by the user",
// other codes get Telegram's usual description. Failures queue up: two
// FailNext calls for one method fail n1+n2 calls, in order.
func (s *Server) FailNext(method string, n int, code int, retryAfter int) {
	if n <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	key := strings.ToLower(method)
	s.faults[key] = append(s.faults[key], fault{left: n, code: code, retryAfter: retryAfter})
}

// takeFault consumes one injected failure for method, if any is queued.
func (s *Server) takeFault(method string) *apiError {
	for _, key := range []string{strings.ToLower(method), "*"} {
		fs := s.faults[key]
		if len(fs) == 0 {
			continue
		}
		f := fs[0]
		if fs[0].left--; fs[0].left == 0 {
			s.faults[key] = fs[1:]
		}
		return faultError(f.code, f.retryAfter)
	}
	return nil
}

// Calls returns every recorded API call, oldest first (at most the last
// 10000). The maps inside are shared with the server: treat them as read-only.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// CallsTo returns the recorded calls of one method (case-insensitive).
func (s *Server) CallsTo(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if strings.EqualFold(c.Method, method) {
			out = append(out, c)
		}
	}
	return out
}

// Call is one recorded Bot API request and the answer it got.
type Call struct {
	// Method is the method name as Telegram documents it ("sendMessage"),
	// whatever case the client used; unknown methods keep the client's spelling.
	Method string `json:"method"`
	// Params holds every field as text, the way the multipart form carries
	// it: nested objects such as reply_markup are JSON. Use Decode to read them.
	Params map[string]string `json:"params"`
	// Files holds uploaded file parts by form field name.
	Files map[string]Upload `json:"files,omitempty"`
	// At is when the request arrived, by Server.Now.
	At time.Time `json:"at"`
	// Status is the HTTP status of the answer; Telegram uses the error_code.
	Status int `json:"status"`
	// Response is the whole JSON answer, {"ok":...}.
	Response json.RawMessage `json:"response"`
}

// Upload is a file sent as a multipart part.
type Upload struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type,omitempty"`
	Data        []byte `json:"-"`
}

// Decode unmarshals the JSON in parameter key into v; a plain text value
// (such as a string chat_id) is decoded as a JSON string.
func (c Call) Decode(key string, v any) error {
	raw, ok := c.Params[key]
	if !ok {
		return fmt.Errorf("decode param %s of %s: missing", key, c.Method)
	}
	if err := json.Unmarshal([]byte(raw), v); err != nil {
		quoted, _ := json.Marshal(raw)
		if err2 := json.Unmarshal(quoted, v); err2 != nil {
			return fmt.Errorf("decode param %s of %s: %w", key, c.Method, err)
		}
	}
	return nil
}

// OK reports whether the call was answered with "ok": true.
func (c Call) OK() bool { return c.Status == http.StatusOK }

// DecodeResult unmarshals the "result" of a successful answer into v.
func (c Call) DecodeResult(v any) error {
	var r struct {
		OK          bool            `json:"ok"`
		Result      json.RawMessage `json:"result"`
		Description string          `json:"description"`
	}
	if err := json.Unmarshal(c.Response, &r); err != nil {
		return fmt.Errorf("decode response of %s: %w", c.Method, err)
	}
	if !r.OK {
		return fmt.Errorf("decode result of %s: call failed: %s", c.Method, r.Description)
	}
	if err := json.Unmarshal(r.Result, v); err != nil {
		return fmt.Errorf("decode result of %s: %w", c.Method, err)
	}
	return nil
}

// ServeHTTP answers Bot API requests and file downloads.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch path := r.URL.Path; {
	case strings.HasPrefix(path, "/file/bot"):
		s.serveFile(w, r, strings.TrimPrefix(path, "/file/bot"))
	case strings.HasPrefix(path, "/bot"):
		s.serveMethod(w, r, strings.TrimPrefix(path, "/bot"))
	default:
		writeAnswer(w, errorAnswer(errNotFound))
	}
}

func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// methodFunc runs one Bot API method. It locks s.mu itself, so that
// getUpdates can wait without holding it.
type methodFunc func(s *Server, ctx context.Context, p *params) (any, *apiError)

// described is a successful result that also carries a description, as
// setWebhook's "Webhook was set".
type described struct {
	result      any
	description string
}

func (s *Server) serveMethod(w http.ResponseWriter, r *http.Request, rest string) {
	token, method, _ := strings.Cut(rest, "/")
	if token != s.token {
		writeAnswer(w, errorAnswer(errUnauthorized))
		return
	}
	at := s.now()
	name, fn := lookupMethod(method)

	s.mu.Lock()
	limit := s.maxBody
	s.mu.Unlock()
	p, perr := readParams(w, r, limit)
	var ans answer
	switch {
	case perr != nil:
		ans = errorAnswer(perr)
	case fn == nil:
		ans = errorAnswer(errNotFound)
	default:
		ans = s.run(r.Context(), name, fn, p)
	}
	if p == nil {
		p = &params{values: map[string]string{}}
	}
	// Record before answering, so a client that has its answer always finds
	// the call in Calls.
	call := Call{Method: name, Params: p.values, Files: p.files, At: at, Status: ans.status, Response: ans.body}
	s.mu.Lock()
	if len(s.calls) >= maxCalls {
		// Drop the oldest tenth at once, so trimming stays cheap per call.
		s.calls = append(s.calls[:0:0], s.calls[maxCalls/10:]...)
	}
	s.calls = append(s.calls, call)
	s.emit(Event{Kind: EventCall, Call: &call})
	s.mu.Unlock()

	writeAnswer(w, ans)
}

func (s *Server) run(ctx context.Context, method string, fn methodFunc, p *params) answer {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return errorAnswer(errServerClosed)
	}
	f := s.takeFault(method)
	s.mu.Unlock()
	if f != nil {
		return errorAnswer(f)
	}
	res, e := fn(s, ctx, p)
	if e != nil {
		return errorAnswer(e)
	}
	if d, ok := res.(described); ok {
		return okAnswer(d.result, d.description)
	}
	return okAnswer(res, "")
}

// answer is an encoded Bot API response.
type answer struct {
	status int
	body   []byte
}

type responseParameters struct {
	RetryAfter int `json:"retry_after,omitempty"`
}

type response struct {
	OK          bool                `json:"ok"`
	Result      any                 `json:"result,omitempty"`
	ErrorCode   int                 `json:"error_code,omitempty"`
	Description string              `json:"description,omitempty"`
	Parameters  *responseParameters `json:"parameters,omitempty"`
}

func okAnswer(result any, description string) answer {
	return answer{status: http.StatusOK, body: mustJSON(response{OK: true, Result: result, Description: description})}
}

func errorAnswer(e *apiError) answer {
	resp := response{ErrorCode: e.code, Description: e.description}
	if e.retryAfter > 0 {
		resp.Parameters = &responseParameters{RetryAfter: e.retryAfter}
	}
	return answer{status: e.code, body: mustJSON(resp)}
}

func writeAnswer(w http.ResponseWriter, a answer) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(a.body)))
	w.WriteHeader(a.status)
	_, _ = w.Write(a.body) // the client may be gone; nothing to do about it
}

// mustJSON encodes v without HTML escaping, as Telegram does. The values are
// built by this package, so a failure is a bug.
func mustJSON(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(fmt.Sprintf("botapi: encode %T: %v", v, err))
	}
	return bytes.TrimRight(buf.Bytes(), "\n")
}

// bump wakes everyone waiting for a change: long polls, WaitMessage, WaitIdle.
// The caller holds s.mu.
func (s *Server) bump() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// wait blocks until the state changes or ctx ends. The caller holds s.mu;
// wait releases it while blocked and holds it again on return.
func (s *Server) wait(ctx context.Context, timer <-chan time.Time) (woke bool) {
	ch := s.changed
	s.mu.Unlock()
	defer s.mu.Lock()
	select {
	case <-ch:
		return true
	case <-ctx.Done():
		return false
	case <-timer:
		return false
	}
}
