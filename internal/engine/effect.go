package engine

import "github.com/jaganagari/jaganagari/internal/domain"

// Effect is something Advance wants done outside the conversation: a record
// written, a lookup made. The adapter carries effects out in order and, for
// those that answer, feeds a Result back through Advance.
type Effect interface {
	// EffectName names the effect in Result.Effect and in logs.
	EffectName() string
}

// SubmitRegistration writes a worker's registration. Key makes it
// idempotent: the same key never creates a second record.
// Answers: ResultNumber, ResultStatus and ResultDuplicate ("1" when the NIK
// was already registered by another form).
type SubmitRegistration struct {
	Key          string
	Registration domain.Registration
}

// FindRegistration looks a NIK up. Answers: ResultFound ("1" or ""),
// ResultNumber, ResultStatus.
type FindRegistration struct{ NIK domain.NIK }

// LoadStatus looks up the registration made from this chat. Answers:
// ResultFound, ResultNumber, ResultStatus, ResultNagari (its code),
// ResultReason (why it was rejected, if it was).
type LoadStatus struct{}

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
func (SaveLanguage) EffectName() string { return "save_language" }

// Keys of Result.Values.
const (
	ResultFound     = "found"
	ResultNumber    = "number"
	ResultStatus    = "status"
	ResultDuplicate = "duplicate"
	ResultNagari    = "nagari"
	ResultReason    = "reason"
)

// Answers reports whether an effect of this kind feeds a Result back.
func Answers(e Effect) bool {
	_, silent := e.(SaveLanguage)
	return !silent
}
