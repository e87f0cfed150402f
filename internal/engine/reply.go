package engine

import "github.com/jaganagari/jaganagari/internal/domain"

// Reply is one message to show. It holds a message ID and template data,
// never text: the adapter renders it in the chat's language.
type Reply struct {
	Msg  string
	Data map[string]any
	// Buttons is an inline keyboard, one slice per row.
	Buttons [][]Button
	// Keyboard is a reply keyboard (for example "share my number"), one
	// slice per row. A message carries Buttons or Keyboard, not both.
	Keyboard [][]Button
	// RemoveKeyboard takes a reply keyboard off the screen.
	RemoveKeyboard bool
	// File, when set, is sent as a document (or a photo) with the rendered
	// Msg as its caption.
	File *File
}

// Button is one button. Its label is a message ID (Msg) or, for proper
// names such as a nagari, the literal Label.
type Button struct {
	Msg   string
	Data  map[string]any
	Label string
	// Value comes back in Input.Value when pressed.
	Value string
	// Step is filled in by Advance with the step that asked, so that a press
	// on an old message can be recognised as stale.
	Step string
	// Contact makes a reply-keyboard button that shares the user's number.
	Contact bool
	// Location makes a reply-keyboard button that shares where the user is.
	Location bool
	// Share makes an inline button that opens a chat app with a message
	// ready to send, instead of answering anything: it has no Value.
	Share *Share
}

// Share is a message for the person with Phone, sent from the pressing
// user's own phone through WhatsApp, which most workers use (DOMAIN.md
// §14). The adapter renders Msg with Data in the default language (the
// person's own language is not known), adding "Link": the link that opens
// the bot with the start parameter Start, or "" when Start is empty or the
// bot's link is unknown. Flows name the parameter, never the bot or its
// app.
type Share struct {
	Phone domain.Phone
	Msg   string
	Data  map[string]any
	Start string
}

// Values used by buttons the engine itself understands.
const (
	ValueBack = "back"
)

// BackButton is the "Kembali" button every form step can offer.
func BackButton() Button { return Button{Msg: "button.back", Value: ValueBack} }

// Say returns a reply with just a message.
func Say(msg string, data map[string]any) Reply { return Reply{Msg: msg, Data: data} }

// Msg is a template value that is itself a message ID, rendered in the
// chat's language before it is inserted (a status, a gender, a relation).
// A time.Time value is likewise rendered as a date in the chat's language.
type Msg string

// Phrase is a template value that is itself a message with its own data,
// rendered in the chat's language before it is inserted ("pukul 14.30 WIB").
type Phrase struct {
	Msg  string
	Data map[string]any
}
