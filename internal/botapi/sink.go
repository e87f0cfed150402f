package botapi

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-telegram/bot/models"
)

// Sink is a Bot API that only takes messages in: a load test points bots at
// it to receive their replies without the cost of keeping transcripts. It
// answers getMe, setWebhook, deleteWebhook, answerCallbackQuery,
// editMessageReplyMarkup and editMessageText (a pressed question showing its
// answer) with success, and sendMessage with the message
// Telegram would return, after handing it to Deliver. It keeps no users, no
// chats and no history: any chat ID is accepted, and memory stays flat
// however many messages pass. Every other method is answered 404.
//
// Requests are parsed like Server's (multipart, urlencoded, JSON), so a bot
// does the same work against a Sink as against Telegram.
type Sink struct {
	token   string
	bot     models.User
	deliver func(SinkMessage)
	nextID  atomic.Int64
}

// SinkMessage is a sendMessage as a Sink received it.
type SinkMessage struct {
	// At is when the request reached the sink, before its body was read.
	At     time.Time
	ChatID int64
	ID     int // the message_id the sink answered with
	Text   string
	// ReplyMarkup is the reply_markup parameter as sent (JSON), or "".
	ReplyMarkup string
}

// NewSink returns a sink for the bot with token that calls deliver for every
// sendMessage, from the request's goroutine, before answering it. deliver
// must be safe for concurrent use and should not block.
func NewSink(token string, deliver func(SinkMessage)) *Sink {
	id := botIDOf(token)
	return &Sink{
		token:   token,
		bot:     models.User{ID: id, IsBot: true, FirstName: "JagaNagari", Username: "JagaNagariBot"},
		deliver: deliver,
	}
}

func botIDOf(token string) int64 {
	var id int64
	for _, c := range strings.SplitN(token, ":", 2)[0] {
		if c < '0' || c > '9' {
			return 0
		}
		id = id*10 + int64(c-'0')
	}
	return id
}

// ServeHTTP answers /bot<token>/<method>.
func (s *Sink) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	at := time.Now()
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	if !ok {
		writeAnswer(w, errorAnswer(errNotFound))
		return
	}
	token, method, _ := strings.Cut(rest, "/")
	if token != s.token {
		writeAnswer(w, errorAnswer(errUnauthorized))
		return
	}
	p, perr := readParams(w, r, maxBodyBytes)
	if perr != nil {
		writeAnswer(w, errorAnswer(perr))
		return
	}
	switch strings.ToLower(method) {
	case "getme":
		writeAnswer(w, okAnswer(s.bot, ""))
	case "setwebhook", "deletewebhook", "answercallbackquery":
		writeAnswer(w, okAnswer(true, ""))
	case "editmessagereplymarkup", "editmessagetext":
		chatID, _ := p.int64("chat_id")
		msgID, _ := p.int("message_id")
		writeAnswer(w, okAnswer(s.message(at, chatID, msgID, p.str("text")), ""))
	case "sendmessage":
		chatID, e := p.int64("chat_id")
		if e != nil {
			writeAnswer(w, errorAnswer(e))
			return
		}
		m := SinkMessage{At: at, ChatID: chatID, ID: int(s.nextID.Add(1)), Text: p.str("text"), ReplyMarkup: p.str("reply_markup")}
		if s.deliver != nil {
			s.deliver(m)
		}
		writeAnswer(w, okAnswer(s.message(at, chatID, m.ID, m.Text), ""))
	default:
		writeAnswer(w, errorAnswer(errNotFound))
	}
}

// message is the Message a method returns: enough for go-telegram/bot to
// decode, without entities or markup.
func (s *Sink) message(at time.Time, chatID int64, id int, text string) json.RawMessage {
	m := models.Message{
		ID:   id,
		From: &models.User{ID: s.bot.ID, IsBot: true, FirstName: s.bot.FirstName, Username: s.bot.Username},
		Date: int(at.Unix()),
		Chat: models.Chat{ID: chatID, Type: models.ChatTypePrivate},
		Text: text,
	}
	return mustJSON(m)
}
