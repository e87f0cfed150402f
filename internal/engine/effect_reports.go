package engine

import "github.com/jaganagari/jaganagari/internal/domain"

// FindWorker asks whether a NIK belongs to a covered worker: registered and
// not rejected. Answers: ResultFound ("1" or ""). Nothing else is told:
// anyone can type a NIK, and a name or status is not theirs to learn.
type FindWorker struct{ NIK domain.NIK }

// SubmitReport writes an accident or death report and its staff notice in
// one transaction. Key makes it idempotent, as for SubmitRegistration.
// Answers: ResultNumber (JKK-2026-000123), ResultKind (jkk or jkm).
type SubmitReport struct {
	Key    string
	Report domain.Report
}

// AddReportPhotos adds photos to an open report made from this chat and
// tells its nagari staff. Answers: ResultNumber and ResultCount (photos the
// report now has); Err "rep.more.not_open" when the report is closed or not
// this chat's, "rep.more.full" when it would exceed
// domain.MaxReportPhotosTotal.
type AddReportPhotos struct {
	Number string
	Photos []string
}

// EffectName implements Effect.
func (FindWorker) EffectName() string { return "find_worker" }

// EffectName implements Effect.
func (SubmitReport) EffectName() string { return "submit_report" }

// EffectName implements Effect.
func (AddReportPhotos) EffectName() string { return "add_report_photos" }

// Keys of Result.Values used by the report effects.
const (
	ResultKind  = "kind"
	ResultCount = "count"
)
