package engine

import "github.com/jaganagari/jaganagari/internal/domain"

// LoadMyData asks for everything held about a registration whose notices
// the chat receives (UU PDP: the right of access): the one numbered
// Number, or with "" the newest. It answers a MyData.
type LoadMyData struct{ Number string }

// MyData answers LoadMyData.
type MyData struct {
	// Found says the chat has the registration; Registration is it.
	Found        bool
	Registration domain.RegistrationRecord
	// People are every registration the chat receives the notices of (a
	// household registers several from one phone), newest first.
	People []domain.Person
	// Reports are the reports the chat made or that are about its
	// registration, newest first, found or not.
	Reports []domain.ReportSummary
	// OpenClaims are the reports about the registration (Number's, or
	// with "" every one of the chat's) that staff still act on: while
	// there is one, EraseMyData erases nothing, so /hapus says so first.
	OpenClaims []domain.ReportSummary
}

// EraseMyData withdraws consent and erases a registration whose notices
// the chat receives (UU PDP: the right to erasure): the one numbered
// Number, or with "" the chat's only one. It answers an Erased.
type EraseMyData struct{ Number string }

// Erased answers EraseMyData.
type Erased struct {
	Found  bool
	Number string
	// Choose lists the people when Number was "" and the chat receives
	// several: nothing was erased, the chat picks whose.
	Choose []domain.Person
	// Kept is true when the record must stay for an open claim and was not
	// erased.
	Kept bool
}

// CorrectRegistration writes the worker's corrections to the chat's own
// registration of Registration.NIK (UU PDP: the right to correction). The
// NIK and the nagari stay as they are: a different NIK is another person,
// and a move to another nagari is for its staff to decide. Key is the
// form's FormID, so a repeated "Kirim" corrects and notifies once. It
// answers a Corrected.
type CorrectRegistration struct {
	Key          string
	Registration domain.Registration
}

// Corrected answers CorrectRegistration.
type Corrected struct {
	Found  bool
	Number string
	// Changed is true when a field changed (or this form was applied
	// before); the nagari's staff are then told.
	Changed bool
}

// EffectName implements Effect.
func (CorrectRegistration) EffectName() string { return "correct_registration" }

// EffectName implements Effect.
func (LoadMyData) EffectName() string { return "load_my_data" }

// EffectName implements Effect.
func (EraseMyData) EffectName() string { return "erase_my_data" }

func (LoadMyData) answers(MyData)             {}
func (EraseMyData) answers(Erased)            {}
func (CorrectRegistration) answers(Corrected) {}
