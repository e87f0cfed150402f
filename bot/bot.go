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
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/jaganagari/jaganagari/internal/engine"
)

// Sessions keeps each chat's conversation between updates.
type Sessions interface {
	Load(ctx context.Context, chatID int64) (engine.Session, bool, error)
	Save(ctx context.Context, chatID int64, s engine.Session) error
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
	Renderer  *Renderer
	Logger    *slog.Logger
	Now       func() time.Time // default time.Now
	// Lanes is how many chats are served at once; updates of one chat are
	// always handled one at a time, in order.
	Lanes int
	// SkipGetMe skips checking the token at start (tests, simulator).
	SkipGetMe bool
}

// maxHops bounds how often one update may feed effect results back into the
// engine; a flow needing more is a bug, not a reason to loop.
const maxHops = 4

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
	api      *tgbot.Bot
	opts     Options
	log      *slog.Logger
	lanes    *dispatcher
	chatSalt []byte
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
		o.Lanes = 64
	}
	b := &Bot{opts: o, log: o.Logger, lanes: newDispatcher(o.Lanes), chatSalt: make([]byte, 16)}
	_, _ = rand.Read(b.chatSalt)

	apiOpts := []tgbot.Option{
		tgbot.WithHTTPClient(apiTimeout, apiClient(o.Lanes)),
		// The library's own loop only queues; lanes keep each chat in order.
		tgbot.WithNotAsyncHandlers(),
		tgbot.WithDefaultHandler(func(ctx context.Context, _ *tgbot.Bot, u *models.Update) { b.Enqueue(ctx, u) }),
		tgbot.WithErrorsHandler(func(err error) { b.log.Warn("bot api", "err", err) }),
		tgbot.WithAllowedUpdates(tgbot.AllowedUpdates{"message", "callback_query"}),
	}
	if o.ServerURL != "" {
		apiOpts = append(apiOpts, tgbot.WithServerURL(o.ServerURL))
	}
	if o.SkipGetMe {
		apiOpts = append(apiOpts, tgbot.WithSkipGetMe())
	}
	api, err := tgbot.New(o.Token, apiOpts...)
	if err != nil {
		return nil, fmt.Errorf("connect to bot api: %w", err)
	}
	b.api = api
	return b, nil
}

// API is the Bot API client, for senders that share the bot's identity.
func (b *Bot) API() *tgbot.Bot { return b.api }

// Poll receives updates by long polling until ctx ends, then finishes the
// updates already queued.
func (b *Bot) Poll(ctx context.Context) {
	b.api.Start(ctx)
	b.lanes.close()
}

// Enqueue hands an update to its chat's lane.
func (b *Bot) Enqueue(ctx context.Context, u *models.Update) {
	in, ok := toInput(u)
	if !ok {
		return
	}
	// The lane outlives the request that delivered the update.
	job := func() { b.handle(context.WithoutCancel(ctx), u.ID, in) }
	if !b.lanes.dispatch(ctx, in.chatID, job) {
		b.log.Warn("update dropped at shutdown", "update_id", u.ID)
	}
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
	start := time.Now()
	log := b.log.With("update_id", updateID, "chat", b.chatRef(in.chatID))
	if in.callbackID != "" {
		b.acknowledge(ctx, log, in)
	}

	sess, found, err := b.opts.Sessions.Load(ctx, in.chatID)
	if err != nil {
		log.Error("load session", "err", err)
		b.send(ctx, log, in.chatID, DefaultLanguage, []engine.Reply{engine.Say("error.unavailable", nil)})
		return
	}
	if !found {
		sess = engine.Session{V: engine.SchemaVersion, Lang: b.rememberedLanguage(ctx, log, in.chatID)}
	}
	now := b.opts.Now()
	sess, replies, effects := b.opts.Machine.Advance(sess, in.input, now)
	for hop := 0; len(effects) > 0; hop++ {
		if hop == maxHops {
			log.Error("effects chain too long", "step", sess.Step)
			break
		}
		results, err := b.opts.Records.Apply(ctx, in.chatID, effects)
		if err != nil {
			log.Error("apply effects", "step", sess.Step, "err", err)
			results = unavailable(effects)
		}
		effects = nil
		for i := range results {
			var more []engine.Reply
			var next []engine.Effect
			sess, more, next = b.opts.Machine.Advance(sess, engine.Input{Kind: engine.KindResult, Result: &results[i]}, now)
			replies = append(replies, more...)
			effects = append(effects, next...)
		}
	}
	// Saved after the records are written and before anyone is told, so a
	// crash in between repeats a question rather than losing an answer.
	if err := b.opts.Sessions.Save(ctx, in.chatID, sess); err != nil {
		log.Error("save session", "step", sess.Step, "err", err)
	}
	b.send(ctx, log, in.chatID, sess.Lang, replies)
	log.Debug("update handled", "flow", sess.Flow, "step", sess.Step, "dur", time.Since(start))
}

// unavailable answers every effect that expects an answer with the message
// that the service is down, so the flow can offer to try again.
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
	if !ok || lang == DefaultLanguage {
		return ""
	}
	return lang
}

// acknowledge stops the button's spinner and takes the buttons off the
// pressed message, so the same button cannot be pressed twice.
func (b *Bot) acknowledge(ctx context.Context, log *slog.Logger, in incoming) {
	if _, err := b.api.AnswerCallbackQuery(ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: in.callbackID}); err != nil {
		log.Warn("answer callback", "err", err)
	}
	_, err := b.api.EditMessageReplyMarkup(ctx, &tgbot.EditMessageReplyMarkupParams{
		ChatID: in.chatID, MessageID: in.messageID,
		ReplyMarkup: models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{}},
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
