package engine

import "time"

// SchemaVersion is the shape of Session. Raise it when a change to the
// fields would misread sessions stored by the previous deploy; Advance then
// drops the unfinished form politely instead of guessing.
const SchemaVersion = 1

// FormTTL is how long an unfinished form waits for its owner. After that the
// next message is told gently that the form expired.
const FormTTL = 24 * time.Hour

// Session is one chat's conversation state. It is stored whole in Redis
// between updates, so its JSON is kept short.
type Session struct {
	V    int    `json:"v"`
	Lang string `json:"l,omitempty"`
	// Flow names the form being filled; empty when the chat is idle.
	Flow string `json:"f,omitempty"`
	// Step is the step whose question was asked last.
	Step string `json:"s,omitempty"`
	// Back is the path of steps taken, for "Kembali".
	Back []string `json:"b,omitempty"`
	// Return is where a side trip (/status, /bantuan) comes back to.
	Return string `json:"r,omitempty"`
	// Answers holds the form's answers in canonical string form, keyed by
	// field. Strings, not typed values, so that a deploy that adds a field
	// still reads old sessions.
	Answers map[string]string `json:"a,omitempty"`
	// Editing is set while a field is changed from the summary, so that the
	// step returns to the summary instead of walking on.
	Editing bool `json:"e,omitempty"`
	// FormID identifies this filling of the form; it is the idempotency key
	// of the submission, so pressing "Kirim" twice records once.
	FormID string `json:"id,omitempty"`
	// Touched is the time of the last input, for FormTTL.
	Touched time.Time `json:"t"`
	// KB is true while a reply keyboard is on the user's screen.
	KB bool `json:"k,omitempty"`
	// Dropped is set by the adapter when it read none of the chat's
	// messages for a while (its rate limit). The next message may answer
	// a question the worker only imagined, so it is not taken as an
	// answer: the question still open is asked again.
	Dropped bool `json:"x,omitempty"`
}

// InForm reports whether the chat has an unfinished form.
func (s *Session) InForm() bool { return s.Flow != "" }

// Answer returns the answer stored under key, or "".
func (s *Session) Answer(key string) string { return s.Answers[key] }

// Set stores an answer.
func (s *Session) Set(key, value string) {
	if s.Answers == nil {
		s.Answers = map[string]string{}
	}
	s.Answers[key] = value
}

// Unset removes an answer.
func (s *Session) Unset(key string) { delete(s.Answers, key) }

// StartForm begins flow at a clean slate. The form ID is derived from the
// chat's own clock reading so Advance stays pure; two forms of one chat
// never start in the same nanosecond.
func (s *Session) StartForm(flow string, now time.Time) {
	s.Flow = flow
	s.Back = nil
	s.Return = ""
	s.Answers = nil
	s.Editing = false
	s.FormID = flow + "-" + now.UTC().Format("20060102T150405.000000000")
}

// EndForm forgets the form but keeps the chat's preferences.
func (s *Session) EndForm() {
	s.Flow = ""
	s.Back = nil
	s.Return = ""
	s.Answers = nil
	s.Editing = false
	s.FormID = ""
}
