package loadtest

import (
	"encoding/json"
	"strconv"
	"strings"
)

// The update JSON a person's action becomes, as Telegram posts it to a
// webhook: the fields of a private chat's message or button press.
type (
	wireUpdate struct {
		UpdateID      int64         `json:"update_id"`
		Message       *wireMessage  `json:"message,omitempty"`
		CallbackQuery *wireCallback `json:"callback_query,omitempty"`
	}
	wireUser struct {
		ID           int64  `json:"id"`
		IsBot        bool   `json:"is_bot"`
		FirstName    string `json:"first_name"`
		LanguageCode string `json:"language_code,omitempty"`
	}
	wireChat struct {
		ID        int64  `json:"id"`
		Type      string `json:"type"`
		FirstName string `json:"first_name,omitempty"`
	}
	wireEntity struct {
		Type   string `json:"type"`
		Offset int    `json:"offset"`
		Length int    `json:"length"`
	}
	wireContact struct {
		PhoneNumber string `json:"phone_number"`
		FirstName   string `json:"first_name"`
		UserID      int64  `json:"user_id"`
	}
	wireSticker struct {
		FileID       string `json:"file_id"`
		FileUniqueID string `json:"file_unique_id"`
		Type         string `json:"type"`
		Width        int    `json:"width"`
		Height       int    `json:"height"`
		IsAnimated   bool   `json:"is_animated"`
		IsVideo      bool   `json:"is_video"`
	}
	wireMessage struct {
		MessageID int          `json:"message_id"`
		From      *wireUser    `json:"from,omitempty"`
		Date      int64        `json:"date"`
		Chat      wireChat     `json:"chat"`
		Text      string       `json:"text,omitempty"`
		Entities  []wireEntity `json:"entities,omitempty"`
		Contact   *wireContact `json:"contact,omitempty"`
		Sticker   *wireSticker `json:"sticker,omitempty"`
	}
	wireCallback struct {
		ID           string       `json:"id"`
		From         wireUser     `json:"from"`
		Message      *wireMessage `json:"message"`
		ChatInstance string       `json:"chat_instance"`
		Data         string       `json:"data"`
	}
)

// action is one concrete update to send: a turn with its button resolved.
type action struct {
	act      act
	text     string
	data     string // callback data of a press
	buttonOn int    // the message that carries the pressed button
}

// updateJSON encodes a person's action in chat (the person's user ID is
// the chat ID, as in private chats) as a webhook body.
func updateJSON(id int64, chat int64, name string, date int64, a action) []byte {
	user := wireUser{ID: chat, FirstName: name, LanguageCode: "id"}
	u := wireUpdate{UpdateID: id}
	switch a.act {
	case actPress:
		u.CallbackQuery = &wireCallback{
			ID:   strconv.FormatInt(id, 10),
			From: user,
			Message: &wireMessage{
				MessageID: a.buttonOn, Date: date, Chat: wireChat{ID: chat, Type: "private", FirstName: name},
				Text: "…",
			},
			ChatInstance: strconv.FormatInt(chat, 10),
			Data:         a.data,
		}
	default:
		m := &wireMessage{MessageID: int(id), From: &user, Date: date, Chat: wireChat{ID: chat, Type: "private", FirstName: name}}
		switch a.act {
		case actCommand:
			cmd, _, _ := strings.Cut(a.text, " ")
			m.Text = a.text
			m.Entities = []wireEntity{{Type: "bot_command", Offset: 0, Length: len(cmd)}}
		case actText:
			m.Text = a.text
		case actContact:
			m.Contact = &wireContact{PhoneNumber: a.text, FirstName: name, UserID: chat}
		case actSticker:
			m.Sticker = &wireSticker{FileID: "CAACAgIAAxkBAAE", FileUniqueID: "AgADsticker", Type: "regular", Width: 512, Height: 512}
		}
		u.Message = m
	}
	b, err := json.Marshal(u)
	if err != nil {
		panic("loadtest: encode update: " + err.Error()) // plain structs: cannot fail
	}
	return b
}

// shownButton is an inline button as the bot drew it.
type shownButton struct {
	text, data string
}

// markupOf reads a sendMessage's reply_markup: the tag the script checks
// (the step of its inline buttons, tagKeyboard, or "") and the inline
// buttons.
func markupOf(raw string) (tag string, buttons []shownButton) {
	if raw == "" {
		return "", nil
	}
	var m struct {
		Inline [][]struct {
			Text string `json:"text"`
			Data string `json:"callback_data"`
		} `json:"inline_keyboard"`
		Keyboard [][]json.RawMessage `json:"keyboard"`
	}
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		return "unreadable markup", nil
	}
	if len(m.Keyboard) > 0 {
		return tagKeyboard, nil
	}
	for _, row := range m.Inline {
		for _, b := range row {
			buttons = append(buttons, shownButton{text: b.Text, data: b.Data})
			if step, _, ok := strings.Cut(b.Data, "|"); ok && tag == "" {
				tag = step
			}
		}
	}
	return tag, buttons
}

// pickButton chooses the n-th (modulo) button of step among those shown,
// leaving out "Kembali" and "Lainnya", which lead elsewhere.
func pickButton(buttons []shownButton, step string, n int) (shownButton, bool) {
	var fit []shownButton
	for _, b := range buttons {
		s, v := splitData(b.data)
		if s == step && v != "back" && v != "lainnya" {
			fit = append(fit, b)
		}
	}
	if len(fit) == 0 {
		return shownButton{}, false
	}
	return fit[n%len(fit)], true
}

// findButton returns the shown button with this step and value.
func findButton(buttons []shownButton, step, value string) (shownButton, bool) {
	for _, b := range buttons {
		if s, v := splitData(b.data); s == step && v == value {
			return b, true
		}
	}
	return shownButton{}, false
}

// splitData reads "step|value|mac" callback data (the MAC binds it to the
// chat; see bot.Signer).
func splitData(data string) (step, value string) {
	step, rest, _ := strings.Cut(data, "|")
	value, _, _ = strings.Cut(rest, "|")
	return step, value
}
