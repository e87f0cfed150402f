package engine

// Kind says what a user sent, as far as a conversation cares.
type Kind uint8

// The kinds of input. KindResult is not sent by a user: the adapter feeds
// the outcome of an Effect back through Advance as one.
const (
	KindText Kind = iota + 1
	KindButton
	KindCommand
	KindContact
	KindPhoto
	KindLocation
	KindOther // sticker, voice, video, poll...: never what a step wants
	KindResult
	// KindEdit is an edited message. Answers are read once, when sent, so an
	// edit is explained rather than silently ignored.
	KindEdit
	// KindForward is a forwarded message: not the user's own answer.
	KindForward
	// KindDocument is a file sent as a document (a scan, a PDF, a
	// spreadsheet), with its FileID and FileName: staff send BPJS's result
	// file so, and the document checklist asks for one.
	KindDocument
)

// Kinds is a set of Kind, used by a Step to say what it accepts.
type Kinds uint16

// Of returns the set holding the given kinds.
func Of(ks ...Kind) Kinds {
	var set Kinds
	for _, k := range ks {
		set |= 1 << k
	}
	return set
}

// Has reports whether k is in the set.
func (ks Kinds) Has(k Kind) bool { return ks&(1<<k) != 0 }

// Input is one thing a user did, already stripped of Telegram's shapes.
type Input struct {
	Kind    Kind
	Text    string // message text, or a command's argument
	Command string // for KindCommand: the name without "/", lower case
	Step    string // for KindButton: the step that drew the button
	Value   string // for KindButton: the button's value
	Phone   string // for KindContact
	// OwnContact is true when the shared contact is the sender's own, so the
	// number was verified by Telegram rather than typed.
	OwnContact bool
	FileID     string // for KindPhoto and KindDocument
	FileName   string // for KindDocument, as the sender's device named it
	Lat, Lon   float64
	// From is the sender's user ID for a command sent in a group, where the
	// chat is the group's (/hubungkan); 0 in private chats.
	From int64
	// Name is the sender's Telegram name for a command (domain.StaffName),
	// which /petugas keeps with the staff binding; "" otherwise.
	Name   string
	Result *Result // for KindResult
}

// Result is what came of an Effect. Err is a message ID when the effect
// could not be carried out (for example "error.unavailable" while Postgres
// is down); otherwise Answer holds the effect's answer, of the type its
// doc comment names. Build one with Answered and read it with AnswerOf, so
// the compiler checks that both sides mean the same type.
//
// A Result lives for one update: it is fed back through Advance and never
// stored in a Session, so its answer need not survive JSON. A flow that
// needs part of an answer later copies it into the session's answers.
type Result struct {
	Effect string
	Err    string
	Answer any
	// Files carries the documents and pictures made from the answer (an
	// export, a chart) for the flow to put on a Reply. The store answers
	// typed data only; bot renders the files from it after Records.Apply.
	Files []File
}

// Answering is an effect whose answer is a T. Each answering effect says
// so with an empty method answers(T), which ties the effect to its answer
// type for Answered and AnswerOf.
type Answering[T any] interface {
	Effect
	answers(T)
}

// Answered is the Result of effect e carried out, answering a.
func Answered[E Answering[T], T any](e E, a T) Result {
	return Result{Effect: e.EffectName(), Answer: a}
}

// AnswerOf reads r's answer to an effect of type E: AnswerOf[LoadStatus](r)
// is a RegistrationStatus. It is the zero answer when the effect failed
// (r.Err) or r answers another effect.
func AnswerOf[E Answering[T], T any](r *Result) T {
	var a T
	if r != nil {
		a, _ = r.Answer.(T)
	}
	return a
}

// Text returns a text input, the commonest kind; tests use it a lot.
func Text(s string) Input { return Input{Kind: KindText, Text: s} }

// Slash returns the input for "/name arg".
func Slash(name, arg string) Input { return Input{Kind: KindCommand, Command: name, Text: arg} }

// Press returns the input for pressing the button with value on step's message.
func Press(step, value string) Input { return Input{Kind: KindButton, Step: step, Value: value} }
