package botapi

import (
	"context"
	"fmt"
	"hash/fnv"
	"strconv"
	"time"

	"github.com/go-telegram/bot/models"
)

// Message is one entry of a chat transcript, from either side. The embedded
// models.Message is the message as Telegram reports it, current after
// edits: Text and Entities are the parsed text, ReplyMarkup the inline
// keyboard. The other fields keep what the wire format leaves out.
type Message struct {
	models.Message

	// FromBot is true for messages the bot sent through the API.
	FromBot bool `json:"from_bot"`
	// Deleted is set once deleteMessage removed the message.
	Deleted bool `json:"deleted,omitempty"`
	// Keyboard is the reply keyboard the message showed, if any.
	Keyboard *models.ReplyKeyboardMarkup `json:"keyboard,omitempty"`
	// RemoveKeyboard is set when the message removed the reply keyboard.
	RemoveKeyboard bool `json:"remove_keyboard,omitempty"`
	// ForceReply is the force_reply markup the message carried, if any.
	ForceReply *models.ForceReply `json:"force_reply,omitempty"`
	// UpdateID is the update that brought a user's message to the bot; 0
	// for bot messages and for group messages privacy mode hid from it.
	UpdateID int64 `json:"update_id,omitempty"`
}

// chat is a private chat with a simulated user, or a group.
type chat struct {
	info     models.Chat
	members  map[int64]bool
	msgs     []*Message // msgs[i].ID == i+1
	blocked  bool
	keyboard *models.ReplyKeyboardMarkup // the reply keyboard on screen
	instance string                      // callback_query.chat_instance
	// changed is closed and replaced whenever the chat's messages change,
	// so WaitMessage wakes only the waiters of this chat: with hundreds of
	// simulated users, waking every waiter on every message would cost
	// quadratic time.
	changed chan struct{}
}

func newChat(info models.Chat) *chat {
	h := fnv.New64a()
	fmt.Fprintf(h, "chat %d", info.ID)
	return &chat{
		info:     info,
		members:  map[int64]bool{},
		instance: strconv.FormatInt(int64(h.Sum64()>>1)*-1, 10),
		changed:  make(chan struct{}),
	}
}

// touch wakes the chat's waiters. The caller holds s.mu.
func (c *chat) touch() {
	close(c.changed)
	c.changed = make(chan struct{})
}

func (c *chat) private() bool { return c.info.Type == models.ChatTypePrivate }

func (c *chat) nextID() int { return len(c.msgs) + 1 }

// msg returns the message with this ID, or nil.
func (c *chat) msg(id int) *Message {
	if id < 1 || id > len(c.msgs) {
		return nil
	}
	return c.msgs[id-1]
}

// EventKind says what an Event reports.
type EventKind string

// The kinds of events Subscribe delivers.
const (
	// EventMessage: a new message in a chat, from the bot or a user.
	EventMessage EventKind = "message"
	// EventEdit: a message's text or markup changed.
	EventEdit EventKind = "edit"
	// EventDelete: the bot deleted a message.
	EventDelete EventKind = "delete"
	// EventCallback: a user pressed an inline button.
	EventCallback EventKind = "callback"
	// EventCallbackAnswer: the bot answered a callback query.
	EventCallbackAnswer EventKind = "callback_answer"
	// EventChatAction: the bot sent a chat action such as "typing".
	EventChatAction EventKind = "chat_action"
	// EventCall: the server answered an API call.
	EventCall EventKind = "call"
)

// Event reports one change. The pointers are shared by all subscribers:
// treat what they point to as read-only.
type Event struct {
	// Seq numbers events from 1 without gaps, so a subscriber sees from a gap
	// that its buffer overflowed and events were dropped.
	Seq    uint64    `json:"seq"`
	Kind   EventKind `json:"kind"`
	At     time.Time `json:"at"`
	ChatID int64     `json:"chat_id,omitempty"`
	// Message is the message as it is now, for message, edit and delete.
	Message *Message `json:"message,omitempty"`
	// Callback is the query, for callback and callback_answer.
	Callback *Callback `json:"callback,omitempty"`
	// Action is the chat action, for chat_action.
	Action string `json:"action,omitempty"`
	// Call is the recorded call, for call.
	Call *Call `json:"call,omitempty"`
}

// Callback is a callback query a user made by pressing an inline button,
// and the bot's answer to it.
type Callback struct {
	ID        string `json:"id"`
	ChatID    int64  `json:"chat_id"`
	MessageID int    `json:"message_id"`
	UserID    int64  `json:"user_id"`
	Data      string `json:"data"`

	Answered  bool   `json:"answered"`
	Text      string `json:"text,omitempty"`
	ShowAlert bool   `json:"show_alert,omitempty"`
	URL       string `json:"url,omitempty"`
}

// subscriberBuffer is how many events a subscriber may fall behind before
// events are dropped for it. The server never blocks on a subscriber.
const subscriberBuffer = 4096

// Subscribe returns a channel that receives every change from now on and a
// function that ends the subscription and closes the channel. Delivery
// never blocks the server: each subscriber has a buffer of 4096 events, and
// when it is full further events are dropped for that subscriber (a gap in
// Event.Seq shows it; Chat gives the current state to resynchronise). Close
// closes all channels.
func (s *Server) Subscribe() (<-chan Event, func()) {
	ch := make(chan Event, subscriberBuffer)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		close(ch)
		return ch, func() {}
	}
	s.subSeq++
	id := s.subSeq
	s.subs[id] = ch
	return ch, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if c, ok := s.subs[id]; ok {
			close(c)
			delete(s.subs, id)
		}
	}
}

// emit numbers an event and offers it to every subscriber. The caller holds
// s.mu, which keeps events in order.
func (s *Server) emit(e Event) {
	s.seq++
	e.Seq = s.seq
	if e.At.IsZero() {
		e.At = s.now()
	}
	for _, ch := range s.subs {
		select {
		case ch <- e:
		default: // full: dropped for this subscriber, see Subscribe
		}
	}
}

// Chat returns the transcript of a chat, both sides, oldest first, with
// bot messages as they are now (after edits, deletions marked). It is nil
// for an unknown chat.
func (s *Server) Chat(chatID int64) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	if c == nil {
		return nil
	}
	out := make([]Message, len(c.msgs))
	for i, m := range c.msgs {
		out[i] = m.clone()
	}
	return out
}

// Keyboard returns the reply keyboard the user of a chat has on screen: the
// last one the bot sent, until a message removed it. It is nil if there is
// none.
func (s *Server) Keyboard(chatID int64) *models.ReplyKeyboardMarkup {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	if c == nil || c.keyboard == nil {
		return nil
	}
	return cloneKeyboard(c.keyboard)
}

// WaitMessage returns the first message the bot sent to the chat, already
// or in the future, for which pred returns true (a nil pred matches any).
// Messages are checked as they are now, so an edit can make one match. To
// wait for a reply to something, match on an ID above the last one seen.
// It fails when ctx ends or the server closes.
func (s *Server) WaitMessage(ctx context.Context, chatID int64, pred func(Message) bool) (Message, error) {
	for {
		s.mu.Lock()
		var msgs []Message
		// Until the chat exists, any change may create it.
		changed := s.changed
		if c := s.chats[chatID]; c != nil {
			changed = c.changed
			for _, m := range c.msgs {
				if m.FromBot {
					msgs = append(msgs, m.clone())
				}
			}
		}
		closed, quit := s.closed, s.quit
		s.mu.Unlock()

		// pred is the caller's code: it runs without the lock.
		for _, m := range msgs {
			if pred == nil || pred(m) {
				return m, nil
			}
		}
		if closed {
			return Message{}, fmt.Errorf("wait for a bot message in chat %d: %w", chatID, ErrClosed)
		}
		select {
		case <-changed:
		case <-quit:
		case <-ctx.Done():
			return Message{}, fmt.Errorf("wait for a bot message in chat %d: %w", chatID, ctx.Err())
		}
	}
}

// clone copies a message deeply enough that callers cannot reach the
// server's state through it.
func (m *Message) clone() Message {
	c := *m
	c.Message = cloneWire(m.Message)
	c.Keyboard = cloneKeyboard(m.Keyboard)
	if m.ForceReply != nil {
		fr := *m.ForceReply
		c.ForceReply = &fr
	}
	return c
}

// cloneWire copies the parts of a models.Message this package fills in.
func cloneWire(m models.Message) models.Message {
	c := m
	if m.From != nil {
		u := *m.From
		c.From = &u
	}
	c.Entities = append([]models.MessageEntity(nil), m.Entities...)
	c.CaptionEntities = append([]models.MessageEntity(nil), m.CaptionEntities...)
	c.Photo = append([]models.PhotoSize(nil), m.Photo...)
	if m.Document != nil {
		d := *m.Document
		c.Document = &d
	}
	if m.Sticker != nil {
		st := *m.Sticker
		c.Sticker = &st
	}
	if m.Voice != nil {
		v := *m.Voice
		c.Voice = &v
	}
	if m.Video != nil {
		v := *m.Video
		c.Video = &v
	}
	if m.Audio != nil {
		a := *m.Audio
		c.Audio = &a
	}
	if m.Location != nil {
		l := *m.Location
		c.Location = &l
	}
	if m.Contact != nil {
		ct := *m.Contact
		c.Contact = &ct
	}
	if m.ReplyToMessage != nil {
		r := cloneWire(*m.ReplyToMessage)
		c.ReplyToMessage = &r
	}
	if m.ReplyMarkup != nil {
		kb := models.InlineKeyboardMarkup{InlineKeyboard: make([][]models.InlineKeyboardButton, len(m.ReplyMarkup.InlineKeyboard))}
		for i, row := range m.ReplyMarkup.InlineKeyboard {
			kb.InlineKeyboard[i] = append([]models.InlineKeyboardButton(nil), row...)
		}
		c.ReplyMarkup = &kb
	}
	return c
}

func cloneKeyboard(k *models.ReplyKeyboardMarkup) *models.ReplyKeyboardMarkup {
	if k == nil {
		return nil
	}
	c := *k
	c.Keyboard = make([][]models.KeyboardButton, len(k.Keyboard))
	for i, row := range k.Keyboard {
		c.Keyboard[i] = append([]models.KeyboardButton(nil), row...)
	}
	return &c
}

// addMessage appends a message to its chat and reports it. The caller
// holds s.mu and has set m.ID to c.nextID().
func (s *Server) addMessage(c *chat, m *Message) {
	c.msgs = append(c.msgs, m)
	c.touch()
	ev := m.clone()
	s.emit(Event{Kind: EventMessage, ChatID: c.info.ID, Message: &ev})
	s.bump()
}

// replaceMessage swaps in a changed copy of a message; stored messages are
// never changed in place, so clones handed out stay consistent.
func (s *Server) replaceMessage(c *chat, m *Message, kind EventKind) {
	c.msgs[m.ID-1] = m
	c.touch()
	ev := m.clone()
	s.emit(Event{Kind: kind, ChatID: c.info.ID, Message: &ev})
	s.bump()
}

// WaitCall returns the first recorded call, already made or in the future,
// for which pred returns true (a nil pred matches any). It fails when ctx
// ends or the server closes.
func (s *Server) WaitCall(ctx context.Context, pred func(Call) bool) (Call, error) {
	// Subscribed before looking at the history, so no call slips between.
	events, stop := s.Subscribe()
	defer stop()
	for _, c := range s.Calls() {
		if pred == nil || pred(c) {
			return c, nil
		}
	}
	for {
		select {
		case ev, open := <-events:
			if !open {
				return Call{}, fmt.Errorf("wait for a call: %w", ErrClosed)
			}
			if ev.Kind == EventCall && (pred == nil || pred(*ev.Call)) {
				return *ev.Call, nil
			}
		case <-ctx.Done():
			return Call{}, fmt.Errorf("wait for a call: %w", ctx.Err())
		}
	}
}
