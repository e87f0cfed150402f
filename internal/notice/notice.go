package notice

import (
	"strings"
	"time"
)

// Notice is one message for the outbox. Exactly one of NagariCode (the
// staff of that nagari) and ChatID (one chat, such as a worker) is set.
type Notice struct {
	Kind       string
	NagariCode string
	ChatID     int64
	// Audience says which staff of NagariCode get the notice: "" or
	// AudienceNagari for the nagari's own (escalating when it has none),
	// AudienceAbove for its kecamatan officers and regency admins.
	Audience  string
	Msg       string            // message ID in locales
	Data      map[string]string // template data; never a full NIK or phone
	Buttons   [][]Button
	Photos    []string // Telegram file_ids
	NotBefore time.Time
}

// Audiences of a nagari notice.
const (
	AudienceNagari = "nagari"
	AudienceAbove  = "atas"
)

// Button is an inline button of a notice. Value is its callback data in
// the "step|value" form that Callback reads; the step is an Anytime step,
// since a notice is pressed whatever the chat is doing. It is stored as
// JSON in the outbox, so its fields' names are part of the stored format.
type Button struct {
	Msg   string `json:"msg"`
	Value string `json:"value"`
}

// callbackSep separates a notice button's step from its value. The bot
// signs the same two parts, "step|value|mac".
const callbackSep = "|"

// NewButton is the button labelled by message ID msg that opens step with
// value.
func NewButton(msg, step, value string) Button {
	return Button{Msg: msg, Value: step + callbackSep + value}
}

// Callback splits the button's data into the step it opens and the value
// it hands that step.
func (b Button) Callback() (step, value string) {
	step, value, _ = strings.Cut(b.Value, callbackSep)
	return step, value
}

// MsgValue marks a notice data value as a message ID, rendered in the
// recipient's language before it is put into the template.
func MsgValue(id string) string { return msgPrefix + id }

// DateValue marks a notice data value as a date, written out in the
// recipient's language.
func DateValue(t time.Time) string { return datePrefix + t.Format(time.DateOnly) }

// Prefixes of typed notice data values; see MsgValue and DateValue.
const (
	msgPrefix  = "msg:"
	datePrefix = "date:"
)

// ReadValue reads a notice data value: a message ID (isMsg), a date
// string "2006-01-02" (isDate), or plain text.
func ReadValue(v string) (s string, isMsg, isDate bool) {
	switch {
	case strings.HasPrefix(v, msgPrefix):
		return v[len(msgPrefix):], true, false
	case strings.HasPrefix(v, datePrefix):
		return v[len(datePrefix):], false, true
	}
	return v, false, false
}
