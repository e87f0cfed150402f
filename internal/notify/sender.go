package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"golang.org/x/time/rate"

	"github.com/jaganagari/jaganagari/bot"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/notice"
	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/render"
)

// API is the part of the Bot API the sender calls; *tgbot.Bot has it.
type API interface {
	SendMessage(ctx context.Context, params *tgbot.SendMessageParams) (*models.Message, error)
	SendPhoto(ctx context.Context, params *tgbot.SendPhotoParams) (*models.Message, error)
	SendMediaGroup(ctx context.Context, params *tgbot.SendMediaGroupParams) ([]*models.Message, error)
	SendDocument(ctx context.Context, params *tgbot.SendDocumentParams) (*models.Message, error)
}

// Queue is the outbox the sender works through; *postgres.Outbox has it.
type Queue interface {
	Remind(ctx context.Context, now time.Time) (reminded, escalated int, err error)
	Reclaim(ctx context.Context, now time.Time, lease time.Duration) (int, error)
	Fan(ctx context.Context, now time.Time, limit int) (fanned, unrouted int, err error)
	Claim(ctx context.Context, now time.Time, limit int, gap, groupGap time.Duration) ([]postgres.Delivery, error)
	Progress(ctx context.Context, d postgres.Delivery, parts int) error
	Sent(ctx context.Context, d postgres.Delivery, parts int, at time.Time) error
	Retry(ctx context.Context, d postgres.Delivery, parts int, at time.Time, chatWide bool, reason string) error
	GiveUp(ctx context.Context, d postgres.Delivery, blocked bool, now time.Time, reason string) (int, error)
	NextDue(ctx context.Context, now time.Time) (time.Time, bool, error)
	Prune(ctx context.Context, now time.Time) (int, error)
}

// SharedPacer is a Queue that also paces API calls across every sender on
// its database; *postgres.Outbox is one. Telegram's 30 messages a second
// are for the bot, not for each process: without it a sender paces only
// itself, and two processes could send 60.
type SharedPacer interface {
	TakeSendToken(ctx context.Context, n int, lease time.Duration) (slot int, wait time.Duration, ok bool, err error)
	ReturnSendToken(ctx context.Context, slot int, span time.Duration) error
}

// Defaults of Options, from Telegram's limits for bots.
const (
	DefaultRate        = 30 // API calls per second, whole bot
	DefaultChatGap     = time.Second
	DefaultGroupGap    = 3 * time.Second // 20 per minute
	DefaultBatch       = 50
	DefaultLease       = 5 * time.Minute
	DefaultPoll        = time.Second
	DefaultBackoff     = 5 * time.Second
	DefaultMaxAttempts = 8 // 5 s doubling: gives up after about 20 minutes
	// DefaultChoresEvery spaces the membership chores: their rules change
	// by the day, so a few runs an hour are plenty.
	DefaultChoresEvery = 10 * time.Minute
	callTimeout        = 30 * time.Second
)

// Options configures a Sender. API, Queue and Renderer are required.
type Options struct {
	API      API
	Queue    Queue
	Renderer *render.Renderer
	// Signer signs button data as the bot checks it; the bot refuses an
	// unsigned press. Nil leaves buttons unsigned (tests of the sender alone).
	Signer *bot.Signer
	Logger *slog.Logger
	// Now is the clock for everything compared in the database; default
	// time.Now. Pacing between API calls always uses real time.
	Now func() time.Time

	Rate        rate.Limit    // API calls per second; default DefaultRate
	ChatGap     time.Duration // between messages to one chat; default 1 s
	GroupGap    time.Duration // between messages to one group; default 3 s
	Batch       int           // deliveries claimed per round
	Lease       time.Duration // after which a 'sending' delivery is sent again
	Poll        time.Duration // longest sleep when idle
	Backoff     time.Duration // first retry delay after a failure; doubles
	MaxAttempts int

	// Chores, if set, runs the time-driven membership rules (the iuran
	// warnings and endings, the budget year) at Now, at most every
	// ChoresEvery; they write notices into the outbox this sender delivers.
	// *postgres.Store's MembershipChores is one. They mark what they did,
	// so a run repeated after a restart does nothing twice.
	Chores      func(ctx context.Context, now time.Time) error
	ChoresEvery time.Duration // default DefaultChoresEvery

	// OnDone, if set, is called after each delivery attempt is recorded.
	OnDone func(Outcome)
}

// Outcome is what became of one delivery attempt.
type Outcome struct {
	OutboxID int64
	ChatID   int64
	Kind     string
	Result   string // "sent", "retry", "blocked", "failed"
}

// Sender delivers the outbox. Several senders, in one process or many,
// may work on one database at once.
type Sender struct {
	o      Options
	log    *slog.Logger
	global *pacer
	// n calls in every span is the pace, here and in the shared tokens.
	n    int
	span time.Duration
	// pruned is when old notices were last pruned (Options.Now's clock);
	// RunOnce prunes at most every pruneEvery.
	pruned time.Time
	// choresRan is when Chores last ran (Options.Now's clock).
	choresRan time.Time
}

// pruneEvery spaces the pruning of delivered notices: it is housekeeping,
// and a delete a second would be wasted on an outbox that changes slowly.
const pruneEvery = time.Hour

// New checks o and fills in defaults.
func New(o Options) (*Sender, error) {
	if o.API == nil || o.Queue == nil || o.Renderer == nil {
		return nil, errors.New("notify: a sender needs an API, a queue and a renderer")
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Rate <= 0 {
		o.Rate = DefaultRate
	}
	setDefault(&o.ChatGap, DefaultChatGap)
	setDefault(&o.GroupGap, DefaultGroupGap)
	setDefault(&o.Lease, DefaultLease)
	setDefault(&o.Poll, DefaultPoll)
	setDefault(&o.Backoff, DefaultBackoff)
	setDefault(&o.ChoresEvery, DefaultChoresEvery)
	if o.Batch <= 0 {
		o.Batch = DefaultBatch
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	// o.Rate calls a second, as n calls in every span of n/Rate seconds;
	// n is at most the shared tokens there are, so both pace alike.
	n := min(max(1, int(o.Rate)), postgres.SendTokens)
	span := time.Duration(float64(n) / float64(o.Rate) * float64(time.Second))
	return &Sender{o: o, log: o.Logger, global: newPacer(n, span), n: n, span: span}, nil
}

func setDefault(d *time.Duration, def time.Duration) {
	if *d <= 0 {
		*d = def
	}
}

// Run delivers until ctx ends, then returns once the calls in hand are
// made and recorded. Errors of one round are logged and the round is
// tried again after Poll.
func (s *Sender) Run(ctx context.Context) {
	for ctx.Err() == nil {
		n, err := s.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			s.log.Error("notify round", "err", err)
		}
		if n > 0 && err == nil {
			continue
		}
		wait := s.o.Poll
		if at, ok, err := s.o.Queue.NextDue(ctx, s.o.Now()); err == nil && ok {
			wait = min(wait, max(at.Sub(s.o.Now()), 0))
		}
		if wait <= 0 {
			// Due but not claimable: a chat still inside its gap.
			wait = min(s.o.ChatGap, s.o.Poll) / 4
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
		case <-t.C:
		}
		t.Stop()
	}
}

// RunOnce does one round: writes due reminders, reclaims abandoned
// deliveries, prunes long-delivered notices (hourly), fans out due notices,
// then claims a batch and sends it, each chat in its own goroutine. It returns how many deliveries it attempted.
func (s *Sender) RunOnce(ctx context.Context) (int, error) {
	now := s.o.Now()
	if r, e, err := s.o.Queue.Remind(ctx, now); err != nil {
		return 0, err
	} else if r+e > 0 {
		s.log.Info("report reminders written", "reminders", r, "escalations", e)
	}
	if s.o.Chores != nil && now.Sub(s.choresRan) >= s.o.ChoresEvery {
		if err := s.o.Chores(ctx, now); err != nil {
			return 0, err
		}
		s.choresRan = now
	}
	if n, err := s.o.Queue.Reclaim(ctx, now, s.o.Lease); err != nil {
		return 0, err
	} else if n > 0 {
		s.log.Warn("deliveries reclaimed after their sender stopped; they are sent again", "count", n)
	}
	if now.Sub(s.pruned) >= pruneEvery {
		n, err := s.o.Queue.Prune(ctx, now)
		if err != nil {
			return 0, err
		}
		s.pruned = now
		if n > 0 {
			s.log.Info("delivered notices pruned", "count", n, "older_than", postgres.NoticeRetention.String())
		}
	}
	for {
		fanned, unrouted, err := s.o.Queue.Fan(ctx, now, s.o.Batch)
		if err != nil {
			return 0, err
		}
		if unrouted > 0 {
			s.log.Error("notices without any recipient: no active staff and no regency admin; held for retry", "count", unrouted)
		}
		if fanned+unrouted < s.o.Batch {
			break
		}
	}
	batch, err := s.o.Queue.Claim(ctx, now, s.o.Batch, s.o.ChatGap, s.o.GroupGap)
	if err != nil {
		return 0, err
	}
	// Claimed deliveries are finished even when ctx ends meanwhile:
	// leaving them 'sending' would only delay them by a lease.
	work := context.WithoutCancel(ctx)
	var wg sync.WaitGroup
	for _, d := range batch {
		wg.Go(func() { s.deliver(work, d) })
	}
	wg.Wait()
	return len(batch), nil
}

// deliver sends d's remaining parts (the text, then the photos) and
// records the outcome.
func (s *Sender) deliver(ctx context.Context, d postgres.Delivery) {
	log := s.log.With("outbox_id", d.OutboxID, "kind", d.Kind, "level", d.Level, "attempt", d.Attempts)
	parts := s.parts(d)
	done := d.PartsSent
	var last time.Time
	var err error
	for ; done < len(parts); done++ {
		if !last.IsZero() {
			// Between the parts of one delivery the chat's gap is kept
			// here, from the previous response (Postgres keeps it between
			// deliveries).
			gap := s.o.ChatGap
			if d.Level == postgres.LevelGroup {
				gap = s.o.GroupGap
			}
			time.Sleep(time.Until(last.Add(gap)))
		}
		var release func()
		if release, err = s.acquire(ctx, log); err != nil {
			break
		}
		call, cancel := context.WithTimeout(ctx, callTimeout)
		err = parts[done](call)
		cancel()
		release()
		last = time.Now()
		if err != nil {
			break
		}
		if done+1 < len(parts) {
			if perr := s.o.Queue.Progress(ctx, d, done+1); perr != nil {
				log.Error("record delivery progress", "err", perr)
			}
		}
	}
	now := s.o.Now()
	result, rerr := s.record(ctx, log, d, done, len(parts), err, now)
	if rerr != nil {
		log.Error("record delivery", "err", rerr)
	}
	if s.o.OnDone != nil {
		s.o.OnDone(Outcome{OutboxID: d.OutboxID, ChatID: d.ChatID, Kind: d.Kind, Result: result})
	}
}

// acquire waits for a call's turn: a token of this sender's own pacer, then
// one of the database's shared tokens when the queue has them. If the
// database cannot be asked, this sender's pacing alone holds: the call's
// outcome could not be recorded either, and the delivery is retried.
func (s *Sender) acquire(ctx context.Context, log *slog.Logger) (release func(), err error) {
	local, err := s.global.acquire(ctx)
	if err != nil {
		return nil, err
	}
	shared, ok := s.o.Queue.(SharedPacer)
	if !ok {
		return local, nil
	}
	for {
		// The lease frees the token if this process dies mid-call.
		slot, wait, got, err := shared.TakeSendToken(ctx, s.n, callTimeout+s.span)
		if err != nil {
			log.Warn("shared send pacing unavailable; this sender paces itself alone", "err", err)
			return local, nil
		}
		if got {
			return func() {
				if err := shared.ReturnSendToken(context.WithoutCancel(ctx), slot, s.span); err != nil {
					log.Warn("return a send token; it frees itself when its lease ends", "err", err)
				}
				local()
			}, nil
		}
		t := time.NewTimer(max(wait, time.Millisecond))
		select {
		case <-ctx.Done():
			t.Stop()
			local()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

// record stores what came of the calls: sent, a retry, or giving up.
func (s *Sender) record(ctx context.Context, log *slog.Logger, d postgres.Delivery, done, total int, err error, now time.Time) (string, error) {
	var flood *tgbot.TooManyRequestsError
	switch {
	case err == nil:
		return "sent", s.o.Queue.Sent(ctx, d, done, now)
	case errors.As(err, &flood):
		wait := time.Duration(max(flood.RetryAfter, 1)) * time.Second
		log.Warn("telegram flood control", "retry_after", flood.RetryAfter)
		return "retry", s.o.Queue.Retry(ctx, d, done, now.Add(wait), true, "429 retry after "+wait.String())
	case errors.Is(err, tgbot.ErrorForbidden):
		n, gerr := s.o.Queue.GiveUp(ctx, d, true, now, "403 blocked")
		log.Info("chat blocked the bot", "passed_on_to", n)
		return "blocked", gerr
	case errors.Is(err, tgbot.ErrorBadRequest) && done > 0:
		// The text is out; the photos were refused (an expired file_id).
		// Staff open the report for them, so the notice counts as sent.
		log.Warn("notice photos refused; text delivered", "err", err)
		return "sent", s.o.Queue.Sent(ctx, d, done, now)
	case errors.Is(err, tgbot.ErrorBadRequest) || errors.Is(err, tgbot.ErrorUnauthorized) || d.Attempts >= s.o.MaxAttempts:
		n, gerr := s.o.Queue.GiveUp(ctx, d, false, now, shortErr(err))
		log.Error("notice given up", "err", err, "passed_on_to", n)
		return "failed", gerr
	default:
		backoff := s.o.Backoff * time.Duration(math.Pow(2, float64(min(d.Attempts-1, 10))))
		log.Warn("notice will be retried", "err", err, "in", backoff)
		return "retry", s.o.Queue.Retry(ctx, d, done, now.Add(backoff), false, shortErr(err))
	}
}

func shortErr(err error) string {
	s := err.Error()
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

// parts renders d as the API calls that deliver it: the text with its
// buttons, then the photos (one photo, or an album). A group gets the text
// only: it may hold people who are not staff, photos of injuries are
// health data, and the bot ignores button presses in groups.
func (s *Sender) parts(d postgres.Delivery) []func(context.Context) error {
	lang := d.Lang
	if lang == "" {
		lang = render.DefaultLanguage
	}
	text, err := s.text(lang, d)
	if err != nil {
		// A notice that cannot be rendered is a bug in the code that wrote
		// it; the message ID is logged, never the data.
		s.log.Error("render notice", "msg", d.Msg, "err", err)
		text, _ = s.o.Renderer.Text(lang, "error.internal", nil)
	}
	p := &tgbot.SendMessageParams{ChatID: d.ChatID, Text: text}
	group := d.Level == postgres.LevelGroup
	if len(d.Buttons) > 0 && !group {
		kb := make([][]models.InlineKeyboardButton, len(d.Buttons))
		for i, row := range d.Buttons {
			for _, b := range row {
				label, err := s.o.Renderer.Text(lang, b.Msg, nil)
				if err != nil {
					label = b.Msg
				}
				data := b.Value
				if s.o.Signer != nil {
					// Notice buttons belong to Anytime steps: signed outside any form.
					step, value := b.Callback()
					data = s.o.Signer.Data(d.ChatID, "", step, value)
				}
				kb[i] = append(kb[i], models.InlineKeyboardButton{Text: label, CallbackData: data})
			}
		}
		p.ReplyMarkup = models.InlineKeyboardMarkup{InlineKeyboard: kb}
	}
	parts := []func(context.Context) error{func(ctx context.Context) error {
		_, err := s.o.API.SendMessage(ctx, p)
		return err
	}}
	if group {
		return parts
	}
	// A checklist file is stored with its kind ("p:" a photo, "d:" a
	// document); a report's own photos are bare file_ids.
	var photos []string
	for _, id := range d.Photos {
		if doc, ok := strings.CutPrefix(id, "d:"); ok {
			parts = append(parts, func(ctx context.Context) error {
				_, err := s.o.API.SendDocument(ctx, &tgbot.SendDocumentParams{ChatID: d.ChatID, Document: &models.InputFileString{Data: doc}})
				return err
			})
			continue
		}
		photos = append(photos, strings.TrimPrefix(id, "p:"))
	}
	switch {
	case len(photos) == 0:
	case len(photos) == 1:
		parts = append(parts, func(ctx context.Context) error {
			_, err := s.o.API.SendPhoto(ctx, &tgbot.SendPhotoParams{ChatID: d.ChatID, Photo: &models.InputFileString{Data: photos[0]}})
			return err
		})
	default:
		media := make([]models.InputMedia, 0, len(photos))
		for _, id := range photos[:min(len(photos), 10)] {
			media = append(media, &models.InputMediaPhoto{Media: id})
		}
		parts = append(parts, func(ctx context.Context) error {
			_, err := s.o.API.SendMediaGroup(ctx, &tgbot.SendMediaGroupParams{ChatID: d.ChatID, Media: media})
			return err
		})
	}
	return parts
}

// text renders the notice in lang. Data values marked by
// notice.MsgValue and notice.DateValue become messages and dates.
func (s *Sender) text(lang string, d postgres.Delivery) (string, error) {
	data := make(map[string]any, len(d.Data))
	for k, v := range d.Data {
		switch v, isMsg, isDate := notice.ReadValue(v); {
		case isMsg:
			data[k] = engine.Msg(v)
		case isDate:
			t, err := time.Parse(time.DateOnly, v)
			if err != nil {
				return "", fmt.Errorf("notice date %s: %w", k, err)
			}
			data[k] = t
		default:
			data[k] = v
		}
	}
	text, err := s.o.Renderer.Text(lang, d.Msg, data)
	if err != nil {
		return "", err
	}
	if d.Escalated() {
		why, err := s.o.Renderer.Text(lang, "notify.escalated", map[string]any{"Nagari": d.NagariName})
		if err != nil {
			return "", err
		}
		text += "\n\n" + why
	}
	return text, nil
}
