package engine

import "github.com/jaganagari/jaganagari/internal/domain"

// LoadMyData asks for everything held about the chat's own registration
// (UU PDP: the right of access). Answers ResultFound and, when found, the
// registration's fields under the keys Data* below; Items lists the
// reports the chat made or that are about its registration, newest first,
// each with "number", "kind" ("jkk"/"jkm"), "stage" and "date"
// (YYYY-MM-DD, of the accident or death).
type LoadMyData struct{}

// EraseMyData withdraws consent and erases the chat's registration (UU PDP:
// the right to erasure). Answers ResultFound, ResultNumber, and ResultKept
// ("1" when the record must stay for an open claim and was not erased).
type EraseMyData struct{}

// CorrectRegistration writes the worker's corrections to the chat's own
// registration of Registration.NIK (UU PDP: the right to correction). The
// NIK and the nagari stay as they are: a different NIK is another person,
// and a move to another nagari is for its staff to decide. Key is the
// form's FormID, so a repeated "Kirim" corrects and notifies once. Answers
// ResultFound, ResultNumber and ResultChanged ("1" when a field changed;
// the nagari's staff are then told).
type CorrectRegistration struct {
	Key          string
	Registration domain.Registration
}

// EffectName implements Effect.
func (CorrectRegistration) EffectName() string { return "correct_registration" }

// EffectName implements Effect.
func (LoadMyData) EffectName() string { return "load_my_data" }

// EffectName implements Effect.
func (EraseMyData) EffectName() string { return "erase_my_data" }

// Keys of the answer to LoadMyData, beyond ResultNumber and ResultStatus.
const (
	DataNIK          = "nik"
	DataName         = "name"
	DataBirthDate    = "birth_date" // YYYY-MM-DD
	DataGender       = "gender"
	DataAddress      = "address"
	DataNagari       = "nagari" // code
	DataOccupation   = "occupation"
	DataOccupationEt = "occupation_other"
	DataPhone        = "phone"
	DataHeirName     = "heir_name"
	DataHeirRelation = "heir_relation"
	DataConsentAt    = "consent_at" // RFC 3339
	DataCreatedAt    = "created_at" // RFC 3339
	ResultKept       = "kept"
)
