package bot

import (
	"context"
	"errors"
	"log/slog"
	"sync"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/jaganagari/jaganagari/internal/engine"
)

// pressed is what a button press answered: the question as it was asked
// and the button pressed (ok false when the press answered no question).
type pressed struct {
	lang     string
	question engine.Reply
	button   engine.Button
	ok       bool
}

// settlePress takes the buttons off the pressed message with one Bot API
// call. A press that answered the question leaves the answer under it
// ("Pilih jenis kelamin:\n➡️ Perempuan"), so the chat still reads as a
// conversation; the label is rendered from the question, never taken from
// what the client sent. Any other press (a stale button, Kembali, a staff
// notice) just loses the buttons.
func (b *Bot) settlePress(ctx context.Context, log *slog.Logger, in incoming, p pressed) {
	if p.ok {
		text, err := b.answered(p)
		if err == nil {
			params := &tgbot.EditMessageTextParams{ChatID: in.chatID, MessageID: in.messageID, Text: text}
			if len(in.links) > 0 {
				params.ReplyMarkup = models.InlineKeyboardMarkup{InlineKeyboard: in.links}
			}
			_, err = b.api.EditMessageText(ctx, params)
			if err == nil || errors.Is(err, tgbot.ErrorBadRequest) {
				// A bad request is a message Telegram will not edit (too old,
				// already showing this); it has no buttons worth a second call.
				return
			}
			log.Warn("show answer", "err", err)
			return
		}
		b.opts.Metrics.fail("render")
		log.Error("render answer", "msg", p.question.Msg, "err", err)
	}
	b.removeButtons(ctx, log, in.chatID, in.messageID, in.links)
}

// answered renders the question with the pressed button's label under it.
func (b *Bot) answered(p pressed) (string, error) {
	r8 := b.opts.Renderer
	question, err := r8.Text(p.lang, p.question.Msg, p.question.Data)
	if err != nil {
		return "", err
	}
	label, err := r8.Label(p.lang, p.button)
	if err != nil {
		return "", err
	}
	return r8.Text(p.lang, "button.chosen", map[string]any{"Question": question, "Answer": label})
}

// retireQuestion takes the buttons off the chat's previous question when
// replies ask a new one: a "Kembali" left under an answered question only
// gets "this button is no longer valid". It runs just after the new
// question is sent, which the worker is waiting for; a press on the old
// buttons in between is answered as a stale button. The pressed message is
// settled by then. Buttons of Anytime steps (a report's "Tambah foto", a
// staff notice) are meant to stay and are never remembered.
func (b *Bot) retireQuestion(ctx context.Context, log *slog.Logger, in incoming, replies []signedReply) {
	asks := false
	for _, r := range replies {
		asks = asks || b.isQuestion(r.Reply) || len(r.Keyboard) > 0
	}
	if !asks {
		return
	}
	if prev := b.questions.take(in.chatID); prev != 0 && prev != in.messageID {
		b.removeButtons(ctx, log, in.chatID, prev, nil)
	}
}

// isQuestion reports whether r shows buttons that answer the step asking,
// rather than buttons of Anytime steps that stay valid.
func (b *Bot) isQuestion(r engine.Reply) bool {
	if len(r.Buttons) == 0 {
		return false
	}
	asks := false
	for _, row := range r.Buttons {
		for _, btn := range row {
			if btn.Share != nil {
				continue // a link answers nothing
			}
			if st, ok := b.opts.Machine.Step(btn.Step); ok && st.Anytime {
				return false
			}
			asks = true
		}
	}
	return asks
}

// maxRememberedQuestions bounds lastQuestions: a message ID per chat that
// wrote recently, a few megabytes at most.
const maxRememberedQuestions = 100_000

// lastQuestions remembers, per chat, the message ID of the last question
// sent with inline buttons. It lives in the process, not in the session:
// the session is saved before the question is sent (so a crash repeats a
// question rather than losing an answer), and putting the new message's ID
// in it would cost a third Redis round trip per update. A chat whose next
// update reaches another process (webhook with several) keeps the old
// buttons, which then answer "tombol ini sudah tidak berlaku" as before.
type lastQuestions struct {
	mu  sync.Mutex
	max int
	ids map[int64]int
}

func newLastQuestions(max int) *lastQuestions {
	return &lastQuestions{max: max, ids: map[int64]int{}}
}

// take returns chatID's last question (0: none) and forgets it.
func (q *lastQuestions) take(chatID int64) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	id := q.ids[chatID]
	delete(q.ids, chatID)
	return id
}

// remember makes id chatID's last question.
func (q *lastQuestions) remember(chatID int64, id int) {
	if id == 0 {
		return
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if _, known := q.ids[chatID]; !known && len(q.ids) >= q.max {
		for k := range q.ids { // any one: forgetting only leaves old buttons
			delete(q.ids, k)
			break
		}
	}
	q.ids[chatID] = id
}

// isMenu reports whether step's buttons stay on their message when pressed
// (engine.Step.Menu).
func (b *Bot) isMenu(step string) bool {
	st, ok := b.opts.Machine.Step(step)
	return ok && st.Anytime && st.Menu
}
