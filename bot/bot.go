package bot

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/redis"
	"github.com/jaganagari/jaganagari/internal/render"
)

// Sessions keeps each chat's conversation between updates. Begin claims
// the chat for one update (redis.Busy while another process has it), drops
// repeated deliveries and counts the chat's recent updates; Finish saves the
// session (unless nil) and lets the chat go. Together they are the update's
// only two Redis round trips.
type Sessions interface {
	Begin(ctx context.Context, chatID, updateID int64) (redis.Turn, error)
	Finish(ctx context.Context, chatID int64, t redis.Turn, s *engine.Session) error
}

// Records carries out effects: it writes records and answers lookups.
type Records interface {
	Apply(ctx context.Context, chatID int64, effects []engine.Effect) ([]engine.Result, error)
}

// Languages remembers a chat's language beyond its session, so that a lost
// session (Redis flushed, expired) still greets the chat in its language.
type Languages interface {
	Language(ctx context.Context, chatID int64) (string, bool, error)
}

// Options wires a Bot.
type Options struct {
	Token     string
	ServerURL string // Bot API server; "" is Telegram's
	Machine   *engine.Machine
	Sessions  Sessions
	Records   Records
	Languages Languages // optional
	Renderer  *render.Renderer
	Logger    *slog.Logger
	Now       func() time.Time // default time.Now
	// Lanes is how many chats are served at once; updates of one chat are
	// always handled one at a time, in order.
	Lanes int
	// SkipGetMe skips checking the token at start (tests, simulator).
	SkipGetMe bool
	// Username is the bot's @username (without the @), for the deep links
	// on posters, when SkipGetMe leaves getMe unasked; otherwise getMe's
	// answer is used.
	Username string
	// Metrics, when set, counts updates, latency and failures.
	Metrics *Metrics
	// Menus, when set, gives each staff chat its own command menu
	// (SyncCommands); without it only the default menu is set.
	Menus Menus
	// RateLimit is how many updates a chat may send per redis.RateWindow
	// before it is asked, once, to slow down and then ignored until the
	// window passes. Default 30.
	RateLimit int64
}

// updateTimeout bounds the handling of one update, so that a hung
// dependency cannot hold a chat's lane for ever, and so that a SIGTERM is
// done within 10 seconds even with updates in hand.
const updateTimeout = 8 * time.Second

// maxBusyWait is how long an update waits for another process to finish
// with the same chat before giving up with "try again".
const maxBusyWait = 5 * time.Second

// getMeTimeout bounds the token check at start, as go-telegram/bot's own
// does.
const getMeTimeout = 5 * time.Second

// apiTimeout bounds one Bot API call, long polls included; it is
// go-telegram/bot's own default.
const apiTimeout = time.Minute

// apiClient keeps a connection to the Bot API alive for every lane.
// go-telegram/bot's default client uses http.DefaultTransport, which keeps
// only two idle connections per host: with more lanes sending at once,
// most requests dialled a new TCP connection and left one in TIME_WAIT
// (the load test's CPU profile: 15% of the bot's time in dialling).
func apiClient(lanes int) tgbot.HttpClient {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = lanes
	t.MaxIdleConns = max(t.MaxIdleConns, lanes)
	return bufferedClient{&http.Client{Timeout: apiTimeout, Transport: t}}
}

// maxBufferedBody is the largest request body bufferedClient holds in
// memory; bigger ones (file uploads) are streamed as they come.
const maxBufferedBody = 1 << 20

// bufferedClient sends each Bot API request in one piece. go-telegram/bot
// streams its multipart form through an io.Pipe, so net/http does not know
// the length, sends the body chunked and flushes every chunk: one write
// syscall per form field. The load test's CPU profile showed 28% of the
// bot's time in those writes. Reading the form first gives a
// Content-Length and one write.
type bufferedClient struct{ c *http.Client }

func (bc bufferedClient) Do(req *http.Request) (*http.Response, error) {
	if req.Body == nil || req.Body == http.NoBody || req.ContentLength != 0 {
		return bc.c.Do(req)
	}
	body, err := io.ReadAll(io.LimitReader(req.Body, maxBufferedBody+1))
	if err != nil {
		req.Body.Close()
		return nil, err
	}
	if len(body) > maxBufferedBody {
		req.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(body), req.Body), req.Body}
		return bc.c.Do(req)
	}
	req.Body.Close()
	req.ContentLength = int64(len(body))
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	return bc.c.Do(req)
}

// Bot serves one Telegram bot.
type Bot struct {
	api   *tgbot.Bot
	opts  Options
	log   *slog.Logger
	lanes *dispatcher
	// pollClient makes Poll's getUpdates calls, long enough for a long poll.
	pollClient *http.Client
	chatSalt   []byte
	signer     Signer
	// username is the bot's @username, "" when unknown.
	username string
	// questions is the last question each chat was sent, for taking its
	// buttons off once the conversation moves on (see questions.go).
	questions *lastQuestions
	// menuKick carries the chats whose staff bindings changed to
	// SyncCommands.
	menuKick chan int64
}

// New builds the bot and its Bot API client. It checks the token with getMe
// unless SkipGetMe is set.
func New(ctx context.Context, o Options) (*Bot, error) {
	if o.Machine == nil || o.Sessions == nil || o.Records == nil || o.Renderer == nil {
		return nil, errors.New("bot needs a machine, sessions, records and a renderer")
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Lanes <= 0 {
		o.Lanes = 512
	}
	if o.RateLimit <= 0 {
		o.RateLimit = 30
	}
	b := &Bot{
		opts: o, log: o.Logger, lanes: newDispatcher(o.Lanes), chatSalt: make([]byte, 16), signer: NewSigner(signerKey(o.Token)),
		questions:  newLastQuestions(maxRememberedQuestions),
		menuKick:   make(chan int64, 64),
		pollClient: &http.Client{Timeout: pollTimeout + 15*time.Second},
	}
	_, _ = rand.Read(b.chatSalt)

	apiOpts := []tgbot.Option{
		tgbot.WithHTTPClient(apiTimeout, apiClient(o.Lanes)),
		// The library sends and the webhook decodes; Poll polls (poll.go).
		tgbot.WithNotAsyncHandlers(),
		tgbot.WithDefaultHandler(func(ctx context.Context, _ *tgbot.Bot, u *models.Update) { b.Enqueue(ctx, u) }),
		tgbot.WithErrorsHandler(func(err error) { b.log.Warn("bot api", "err", err) }),
		tgbot.WithAllowedUpdates(allowedUpdates),
	}
	if o.ServerURL != "" {
		apiOpts = append(apiOpts, tgbot.WithServerURL(o.ServerURL))
	}
	// getMe is asked here rather than by the library, which checks the
	// token with it but keeps nothing of the answer: the username is the
	// posters' deep link.
	apiOpts = append(apiOpts, tgbot.WithSkipGetMe())
	api, err := tgbot.New(o.Token, apiOpts...)
	if err != nil {
		return nil, fmt.Errorf("connect to bot api: %w", err)
	}
	b.api = api
	b.username = o.Username
	if !o.SkipGetMe {
		ctx, cancel := context.WithTimeout(ctx, getMeTimeout)
		defer cancel()
		me, err := api.GetMe(ctx)
		if err != nil {
			return nil, fmt.Errorf("connect to bot api: error call getMe, %w", err)
		}
		b.username = me.Username
	}
	return b, nil
}

// Username is the bot's @username, without the @: getMe's answer, or
// Options.Username when getMe was skipped.
func (b *Bot) Username() string { return b.username }

// API is the Bot API client, for senders that share the bot's identity.
func (b *Bot) API() *tgbot.Bot { return b.api }

// Signer signs callback data the way this bot checks it, for buttons on
// messages sent outside a conversation (staff notices).
func (b *Bot) Signer() Signer { return b.signer }

// Enqueue hands an update to its chat's lane.
func (b *Bot) Enqueue(ctx context.Context, u *models.Update) {
	b.enqueue(ctx, u, nil)
}

// enqueue hands an update to its chat's lane and calls done (when not nil)
// once it is handled, or at once for an update the bot ignores. It returns
// false, without calling done, when ctx ended before a lane took it.
func (b *Bot) enqueue(ctx context.Context, u *models.Update, done func()) bool {
	if done == nil {
		done = func() {}
	}
	in, ok := toInput(u)
	if !ok {
		done()
		return true
	}
	// The lane outlives the request that delivered the update.
	job := func() {
		defer done()
		b.handle(context.WithoutCancel(ctx), u.ID, in)
	}
	if !b.lanes.dispatch(ctx, in.chatID, job) {
		b.log.Warn("update left for the next start", "update_id", u.ID)
		return false
	}
	return true
}

// Handle processes one update now, in the caller's goroutine. Enqueue is the
// normal way in; Handle serves callers that order updates themselves.
func (b *Bot) Handle(ctx context.Context, u *models.Update) {
	if in, ok := toInput(u); ok {
		b.handle(ctx, u.ID, in)
	}
}

// Close waits for queued updates; for webhook mode, where Poll is not used.
func (b *Bot) Close() { b.lanes.close() }

func (b *Bot) handle(ctx context.Context, updateID int64, in incoming) {
	ctx, cancel := context.WithTimeout(ctx, updateTimeout)
	defer cancel()
	start := time.Now()
	log := b.log.With("update_id", updateID, "chat", b.chatRef(in.chatID))
	if in.callbackID != "" {
		b.answerCallback(ctx, log, in)
	}

	m := b.opts.Metrics
	defer func() { m.update(in.input.Kind, time.Since(start).Seconds()) }()
	turn, err := b.begin(ctx, in.chatID, updateID)
	if err != nil {
		m.fail("sessions")
		log.Error("begin update", "err", err)
		b.send(ctx, log, in.chatID, render.DefaultLanguage, []signedReply{{Reply: engine.Say("error.unavailable", nil)}})
		return
	}
	if turn.Duplicate {
		log.Info("update already handled")
		return
	}
	sess := turn.Session
	if !turn.Found {
		sess = engine.Session{V: engine.SchemaVersion, Lang: b.rememberedLanguage(ctx, log, in.chatID)}
	}
	if turn.Recent > b.opts.RateLimit {
		// One polite word when the limit is crossed, then silence until the
		// window passes: answering every message would feed a flood. The
		// session remembers that answers were dropped, so the first message
		// after the window gets the open question again rather than being
		// read as its answer.
		if turn.Recent == b.opts.RateLimit+1 {
			log.Warn("chat rate limited")
			sess.Dropped = true
			b.finish(ctx, log, in.chatID, turn, &sess)
			b.send(ctx, log, in.chatID, sess.Lang, []signedReply{{Reply: engine.Say("rate.limited", nil)}})
			return
		}
		b.finish(ctx, log, in.chatID, turn, nil)
		return
	}
	if in.input.Kind == engine.KindButton {
		in.input.Step, in.input.Value = b.openButton(in.chatID, sess, in.data)
	}

	now := b.opts.Now()
	// What the press answered, read from the session as it was asked, in
	// the language it was asked in.
	press := pressed{lang: sess.Lang}
	if in.callbackID != "" {
		press.question, press.button, press.ok = b.opts.Machine.Pressed(sess, in.input, now)
	}
	var changed []int64 // chats whose staff bindings this update changed
	sess, replies, err := b.opts.Machine.Run(sess, in.input, now, func(effects []engine.Effect) []engine.Result {
		effects = b.readResultFiles(ctx, log, effects, now)
		results, err := b.opts.Records.Apply(ctx, in.chatID, effects)
		if err != nil {
			m.fail("records")
			log.Error("apply effects", "step", sess.Step, "effect", effectNames(effects), "err", err)
			return unavailable(effects)
		}
		for i := range results {
			if err := b.attach(&results[i], sess.Lang, now); err != nil {
				log.Error("render files", "effect", results[i].Effect, "err", err)
				results[i] = engine.Result{Effect: results[i].Effect, Err: "error.internal"}
			}
		}
		changed = append(changed, staffChanged(in.chatID, results)...)
		return results
	})
	if err != nil {
		log.Error("effects chain too long", "step", sess.Step)
	}
	// Saved after the records are written and before anyone is told, so a
	// crash in between repeats a question rather than losing an answer. If
	// the session cannot be saved, the worker is asked to send the same
	// answer again instead of being shown the next question: otherwise
	// their next answer would be read as the answer to this one. Every
	// effect is idempotent, so doing this update again is safe.
	if !b.finish(ctx, log, in.chatID, turn, &sess) {
		b.send(ctx, log, in.chatID, sess.Lang, []signedReply{{Reply: engine.Say("error.unavailable", nil)}})
		return
	}
	// The replies go first: they are what the worker waits for. Tidying the
	// earlier messages (the pressed question showing its answer, the last
	// question losing its "Kembali") edits messages already on screen, so
	// doing it after changes nothing the worker sees but the wait.
	signed := b.sign(in.chatID, sess.FormID, replies)
	question := b.send(ctx, log, in.chatID, sess.Lang, signed)
	if in.callbackID != "" && !b.isMenu(in.input.Step) {
		// Only now, with the press taken into account: after a failure the
		// buttons stay, so the same press can be tried again.
		b.settlePress(ctx, log, in, press)
	}
	b.retireQuestion(ctx, log, in, signed)
	b.questions.remember(in.chatID, question)
	for _, chat := range changed {
		b.kickMenu(chat)
	}
	log.Debug("update handled", "flow", sess.Flow, "step", sess.Step, "dur", time.Since(start))
}

// begin claims the chat, waiting while another process handles it.
func (b *Bot) begin(ctx context.Context, chatID, updateID int64) (redis.Turn, error) {
	wait := 10 * time.Millisecond
	deadline := time.Now().Add(maxBusyWait)
	for {
		turn, err := b.opts.Sessions.Begin(ctx, chatID, updateID)
		if !errors.Is(err, redis.Busy) || time.Now().After(deadline) {
			return turn, err
		}
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return turn, ctx.Err()
		}
		wait = min(2*wait, 500*time.Millisecond)
	}
}

func (b *Bot) finish(ctx context.Context, log *slog.Logger, chatID int64, turn redis.Turn, sess *engine.Session) bool {
	if err := b.opts.Sessions.Finish(ctx, chatID, turn, sess); err != nil {
		b.opts.Metrics.fail("sessions")
		log.Error("finish update", "err", err)
		return false
	}
	return true
}

// openButton checks a press's callback data and returns its step and value.
// Data this bot did not sign for this chat and form comes back with no
// step, which the engine answers as a stale button. Buttons of Anytime
// steps are signed outside any form.
func (b *Bot) openButton(chatID int64, sess engine.Session, data string) (step, value string) {
	scope := sess.FormID
	if st, ok := b.opts.Machine.Step(b.signer.Parts(data)); ok && st.Anytime {
		scope = ""
	}
	step, value, ok := b.signer.Open(chatID, scope, data)
	if !ok {
		return "", ""
	}
	return step, value
}

// sign fills in the callback data of every inline button, bound to the chat
// and the form now open.
func (b *Bot) sign(chatID int64, formID string, replies []engine.Reply) []signedReply {
	out := make([]signedReply, len(replies))
	for i, r := range replies {
		out[i] = signedReply{Reply: r}
		if len(r.Buttons) == 0 {
			continue
		}
		out[i].data = make([][]string, len(r.Buttons))
		for j, row := range r.Buttons {
			out[i].data[j] = make([]string, len(row))
			for k, btn := range row {
				if btn.Share != nil {
					continue // a link: nothing to sign
				}
				scope := formID
				if st, ok := b.opts.Machine.Step(btn.Step); ok && st.Anytime {
					scope = ""
				}
				out[i].data[j][k] = b.signer.Data(chatID, scope, btn.Step, btn.Value)
			}
		}
	}
	return out
}

// signedReply is a reply with the callback data of its buttons.
type signedReply struct {
	engine.Reply
	data [][]string
}

// unavailable answers every effect that expects an answer with the message
// that the service is down, so the flow can offer to try again.
// effectNames names effects for a log line.
func effectNames(effects []engine.Effect) string {
	names := make([]string, len(effects))
	for i, e := range effects {
		names[i] = e.EffectName()
	}
	return strings.Join(names, ",")
}

func unavailable(effects []engine.Effect) []engine.Result {
	var rs []engine.Result
	for _, e := range effects {
		if engine.Answers(e) {
			rs = append(rs, engine.Result{Effect: e.EffectName(), Err: "error.unavailable"})
		}
	}
	return rs
}

func (b *Bot) rememberedLanguage(ctx context.Context, log *slog.Logger, chatID int64) string {
	if b.opts.Languages == nil {
		return ""
	}
	lang, ok, err := b.opts.Languages.Language(ctx, chatID)
	if err != nil {
		log.Warn("load language", "err", err)
		return ""
	}
	if !ok || lang == render.DefaultLanguage {
		return ""
	}
	return lang
}

// answerCallback stops the pressed button's spinner.
func (b *Bot) answerCallback(ctx context.Context, log *slog.Logger, in incoming) {
	if _, err := b.api.AnswerCallbackQuery(ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: in.callbackID}); err != nil {
		log.Warn("answer callback", "err", err)
	}
}

// removeButtons takes the buttons off a message, so that an old question
// cannot be answered twice by accident, but for the rows of links keep.
func (b *Bot) removeButtons(ctx context.Context, log *slog.Logger, chatID int64, messageID int, keep [][]models.InlineKeyboardButton) {
	if keep == nil {
		keep = [][]models.InlineKeyboardButton{}
	}
	_, err := b.api.EditMessageReplyMarkup(ctx, &tgbot.EditMessageReplyMarkupParams{
		ChatID: chatID, MessageID: messageID,
		ReplyMarkup: models.InlineKeyboardMarkup{InlineKeyboard: keep},
	})
	if err != nil && !errors.Is(err, tgbot.ErrorBadRequest) {
		log.Warn("remove buttons", "err", err)
	}
}

// chatRef is a chat ID as logs show it: keyed with a per-process salt, so
// that log lines of one chat can be followed without naming the person.
func (b *Bot) chatRef(chatID int64) string {
	m := hmac.New(sha256.New, b.chatSalt)
	m.Write([]byte(strconv.FormatInt(chatID, 10)))
	return hex.EncodeToString(m.Sum(nil)[:6])
}
