package simulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/jaganagari/jaganagari/internal/botapi"
)

// keepAlive is how often an idle event stream gets a comment line, so
// proxies and the browser keep it open.
const keepAlive = 15 * time.Second

// streamEvent is one server-sent event for the page. Type is "snapshot"
// (every phone's screen: sent first, and again whenever events were lost),
// "phones" (the list changed), "message", "edit" or "delete" (a message as
// it is now, with the chat's reply keyboard), "callback_answer" (the bot's
// answer to a button press, shown as a toast) or "chat_action" ("typing").
type streamEvent struct {
	Type     string                      `json:"type"`
	ChatID   int64                       `json:"chat_id,omitempty"`
	Message  *botapi.Message             `json:"message,omitempty"`
	Keyboard *models.ReplyKeyboardMarkup `json:"keyboard,omitempty"`
	Callback *botapi.Callback            `json:"callback,omitempty"`
	Action   string                      `json:"action,omitempty"`
	Phones   []Phone                     `json:"phones,omitempty"`
	Chats    []chatView                  `json:"chats,omitempty"`
}

// events streams changes to the page as server-sent events.
//
// It subscribes before it takes the snapshot, so no change falls between
// them: a change already in the snapshot may arrive again as an event, and
// applying events in order still ends on the current state. Message events
// carry the reply keyboard as it is when the event is sent, never older.
func (s *Simulator) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		writeError(w, http.StatusInternalServerError, "streaming unsupported")
		return
	}
	ch, stop := s.api.Subscribe()
	defer stop()
	phones, changed := s.phonesChanged()

	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)

	send := func(e streamEvent) bool {
		b, err := json.Marshal(e)
		if err != nil {
			s.log.Error("encode simulator event", "type", e.Type, "err", err)
			return true
		}
		if _, err := fmt.Fprintf(w, "data: %s\n\n", b); err != nil {
			return false
		}
		fl.Flush()
		return true
	}
	snapshot := func(phones []Phone) bool {
		e := streamEvent{Type: "snapshot", Phones: phones, Chats: make([]chatView, 0, len(phones))}
		for _, p := range phones {
			e.Chats = append(e.Chats, s.view(p))
		}
		return send(e)
	}

	if !snapshot(phones) {
		return
	}
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	var last uint64
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil {
				return
			}
			fl.Flush()
		case <-changed:
			phones, changed = s.phonesChanged()
			if !send(streamEvent{Type: "phones", Phones: phones}) {
				return
			}
		case ev, ok := <-ch:
			if !ok {
				return // the Bot API server closed
			}
			gap := last != 0 && ev.Seq != last+1
			last = ev.Seq
			if gap {
				// This stream fell behind and events were dropped for it.
				phones, changed = s.phonesChanged()
				if !snapshot(phones) {
					return
				}
				continue
			}
			if e, ok := s.streamEventOf(ev); ok && !send(e) {
				return
			}
		}
	}
}

// streamEventOf turns a Bot API server event into what the page needs;
// API calls and button presses are not shown.
func (s *Simulator) streamEventOf(ev botapi.Event) (streamEvent, bool) {
	switch ev.Kind {
	case botapi.EventMessage, botapi.EventEdit, botapi.EventDelete:
		return streamEvent{Type: string(ev.Kind), ChatID: ev.ChatID, Message: ev.Message, Keyboard: s.api.Keyboard(ev.ChatID)}, true
	case botapi.EventCallbackAnswer:
		return streamEvent{Type: string(ev.Kind), ChatID: ev.ChatID, Callback: ev.Callback}, true
	case botapi.EventChatAction:
		return streamEvent{Type: string(ev.Kind), ChatID: ev.ChatID, Action: ev.Action}, true
	}
	return streamEvent{}, false
}
