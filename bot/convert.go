package bot

import (
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

// callbackSep separates step, value and MAC in callback data. Telegram
// allows 64 bytes of callback data; step IDs and values are short codes.
const callbackSep = "|"

// incoming is an update reduced to what the bot acts on.
type incoming struct {
	chatID     int64
	input      engine.Input
	callbackID string // set for button presses, which must be answered
	messageID  int    // the message whose button was pressed
	data       string // the press's callback data, checked once the session is known
	// links are the pressed message's rows of URL buttons, which stay on
	// it when its other buttons go: they answer no question (a WhatsApp
	// hand-off can still be sent after "Daftarkan pekerja lain").
	links [][]models.InlineKeyboardButton
}

// toInput reads an update. ok is false for updates the bot ignores: those
// from groups and channels (but for the commands in groupCommands), edits,
// and service messages.
func toInput(u *models.Update) (in incoming, ok bool) {
	switch {
	case u.CallbackQuery != nil:
		q := u.CallbackQuery
		if q.Message.Message == nil || q.Message.Message.Chat.Type != models.ChatTypePrivate {
			return in, false
		}
		return incoming{
			chatID:     q.Message.Message.Chat.ID,
			input:      engine.Input{Kind: engine.KindButton},
			callbackID: q.ID,
			messageID:  q.Message.Message.ID,
			data:       q.Data,
			links:      linkRows(q.Message.Message.ReplyMarkup),
		}, true
	case u.Message != nil:
		m := u.Message
		if m.From == nil {
			return in, false
		}
		if m.Chat.Type != models.ChatTypePrivate {
			return groupInput(m)
		}
		in := messageInput(m)
		if m.ForwardOrigin != nil {
			in = engine.Input{Kind: engine.KindForward}
		}
		return incoming{chatID: m.Chat.ID, input: in}, true
	case u.EditedMessage != nil:
		m := u.EditedMessage
		if m.Chat.Type != models.ChatTypePrivate || m.From == nil {
			return in, false
		}
		return incoming{chatID: m.Chat.ID, input: engine.Input{Kind: engine.KindEdit}}, true
	}
	return in, false
}

func messageInput(m *models.Message) engine.Input {
	switch {
	case m.Contact != nil:
		return engine.Input{Kind: engine.KindContact, Phone: m.Contact.PhoneNumber, OwnContact: m.Contact.UserID == m.From.ID}
	case len(m.Photo) > 0:
		// The last size is the largest.
		return engine.Input{Kind: engine.KindPhoto, FileID: m.Photo[len(m.Photo)-1].FileID, Text: m.Caption}
	case m.Document != nil:
		return engine.Input{Kind: engine.KindDocument, FileID: m.Document.FileID, FileName: m.Document.FileName, Text: m.Caption}
	case m.Location != nil:
		return engine.Input{Kind: engine.KindLocation, Lat: m.Location.Latitude, Lon: m.Location.Longitude}
	case m.Text != "":
		if name, arg, ok := command(m.Text); ok {
			in := engine.Slash(name, arg)
			in.Name = domain.StaffName(m.From.FirstName, m.From.LastName)
			return in
		}
		return engine.Text(m.Text)
	}
	return engine.Input{Kind: engine.KindOther}
}

// command splits "/start@JagaNagariBot arg" into "start" and "arg".
func command(text string) (name, arg string, ok bool) {
	if !strings.HasPrefix(text, "/") {
		return "", "", false
	}
	head, arg, _ := strings.Cut(text[1:], " ")
	head, _, _ = strings.Cut(head, "@")
	if head == "" {
		return "", "", false
	}
	return strings.ToLower(head), strings.TrimSpace(arg), true
}

// groupCommands are the only commands the bot takes in a group: a nagari
// links its group with /hubungkan. Everything else said in groups is
// ignored, so the bot never answers a worker's personal details there.
var groupCommands = map[string]bool{"hubungkan": true}

// groupInput reads a group message: a command in groupCommands, with the
// sender's ID, or nothing.
func groupInput(m *models.Message) (incoming, bool) {
	if m.Chat.Type != models.ChatTypeGroup && m.Chat.Type != models.ChatTypeSupergroup {
		return incoming{}, false
	}
	name, arg, ok := command(m.Text)
	if !ok || !groupCommands[name] {
		return incoming{}, false
	}
	in := engine.Slash(name, arg)
	in.From = m.From.ID
	return incoming{chatID: m.Chat.ID, input: in}, true
}

// linkRows returns the rows of kb made only of URL buttons.
func linkRows(kb *models.InlineKeyboardMarkup) [][]models.InlineKeyboardButton {
	if kb == nil {
		return nil
	}
	var rows [][]models.InlineKeyboardButton
	for _, row := range kb.InlineKeyboard {
		links := len(row) > 0
		for _, btn := range row {
			links = links && btn.URL != "" && btn.CallbackData == ""
		}
		if links {
			rows = append(rows, row)
		}
	}
	return rows
}
