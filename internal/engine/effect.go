package engine

import (
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
)

// Effect is something Advance wants done outside the conversation: a record
// written, a lookup made. The adapter carries effects out in order and, for
// those that answer, feeds a Result back through Advance.
type Effect interface {
	// EffectName names the effect in Result.Effect and in logs.
	EffectName() string
}

// SubmitRegistration writes a worker's registration. Key makes it
// idempotent: the same key never creates a second record. A registration
// whose consent was given with help (Registration.ConsentMode lisan or
// formulir) is entered by an officer or kader for someone without a chat
// of their own; Err is assisted.outside when the chat may not register
// with help in its nagari. Any other is the chat's own or a family
// member's, whose notices the chat receives. It answers a Submitted.
type SubmitRegistration struct {
	Key          string
	Registration domain.Registration
}

// Submitted answers SubmitRegistration.
type Submitted struct {
	// Number and Status are the record's; both are empty when Duplicate
	// found another chat's registration, which is acknowledged, never
	// described.
	Number string
	Status domain.Status
	// Duplicate is true when the NIK was already registered by another form.
	Duplicate bool
	// Waiting is true when the nagari has not joined the programme, so the
	// registration waits for it.
	Waiting bool
	// LinkCode is the one-time code (and LinkExpires its end) for the
	// worker of a registration entered with help to link their own chat
	// (/sambung), for the officer to read out; "" for any other.
	LinkCode    string
	LinkExpires time.Time
}

// FindRegistration looks a NIK up. It answers a RegistrationStatus with
// Number and Status only when this chat made the registration.
type FindRegistration struct{ NIK domain.NIK }

// LoadStatus looks up the newest registration whose notices this chat
// receives, and lists every person the chat receives or entered. It
// answers a RegistrationStatus.
type LoadStatus struct{}

// RegistrationStatus answers FindRegistration and LoadStatus.
type RegistrationStatus struct {
	Found  bool
	Number string
	Status domain.Status
	// NagariCode and Reason (why it was rejected, if it was) are told by
	// LoadStatus only.
	NagariCode string
	Reason     string
	// Membership is the worker's standing with BPJS (its state, card
	// number and cover period), told by LoadStatus only.
	Membership domain.Membership
	// Placed is true when the registration holds a funded quota place
	// (LoadStatus only): for an ended membership, a place given back.
	Placed bool
	// People are every registration the chat receives the notices of or
	// entered for someone else, newest first (LoadStatus only); More is
	// how many more there are than listed.
	People []domain.Person
	More   int
}

// LoadOffice looks up how to reach a nagari office, for the help: the
// nagari NagariCode names, else the one Name names (typed after /bantuan),
// else the nagari of the chat's own registration. It answers an Office.
type LoadOffice struct {
	NagariCode string
	Name       string
}

// Office answers LoadOffice. Both are empty when no nagari was found;
// Contact is empty while the nagari has not given one.
type Office struct {
	Nagari  string // its name
	Contact string
}

// SaveLanguage remembers the chat's language beyond the session's life.
// It answers nothing.
type SaveLanguage struct{ Lang string }

// EffectName implements Effect.
func (SubmitRegistration) EffectName() string { return "submit_registration" }

// EffectName implements Effect.
func (FindRegistration) EffectName() string { return "find_registration" }

// EffectName implements Effect.
func (LoadStatus) EffectName() string { return "load_status" }

// EffectName implements Effect.
func (LoadOffice) EffectName() string { return "load_office" }

// EffectName implements Effect.
func (SaveLanguage) EffectName() string { return "save_language" }

func (SubmitRegistration) answers(Submitted)        {}
func (FindRegistration) answers(RegistrationStatus) {}
func (LoadStatus) answers(RegistrationStatus)       {}
func (LoadOffice) answers(Office)                   {}

// Answers reports whether an effect of this kind feeds a Result back.
func Answers(e Effect) bool {
	_, silent := e.(SaveLanguage)
	return !silent
}
