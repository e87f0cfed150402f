package engine

import "github.com/jaganagari/jaganagari/internal/domain"

// FindWorker asks whether a NIK belongs to a registered worker: registered
// and not rejected (covered or not: that depends on the day, which the
// report asks later). It answers a WorkerFound. Nothing else is told: anyone can
// type a NIK, and a name or status is not theirs to learn.
type FindWorker struct{ NIK domain.NIK }

// WorkerFound answers FindWorker.
type WorkerFound struct{ Found bool }

// SubmitReport writes an accident or death report and its staff notice in
// one transaction. Key makes it idempotent, as for SubmitRegistration. It
// answers a ReportSubmitted.
type SubmitReport struct {
	Key    string
	Report domain.Report
}

// ReportSubmitted answers SubmitReport.
type ReportSubmitted struct {
	Number string // JKK-2026-000123
	Kind   domain.ReportKind
	// Cover is the person's cover on the day of the accident or death, as
	// the report recorded it; the reporter is told only its Cover().
	Cover domain.ReportCover
}

// AddReportPhotos adds photos to an open report made from this chat and
// tells its nagari staff. It answers a PhotosAdded; Err is
// "rep.more.not_open" when the report is closed or not this chat's,
// "rep.more.full" when it would exceed domain.MaxReportPhotosTotal.
type AddReportPhotos struct {
	Number string
	Photos []string
}

// PhotosAdded answers AddReportPhotos.
type PhotosAdded struct {
	Number string
	Count  int // photos the report now has
}

// EffectName implements Effect.
func (FindWorker) EffectName() string { return "find_worker" }

// EffectName implements Effect.
func (SubmitReport) EffectName() string { return "submit_report" }

// EffectName implements Effect.
func (AddReportPhotos) EffectName() string { return "add_report_photos" }

func (FindWorker) answers(WorkerFound)       {}
func (SubmitReport) answers(ReportSubmitted) {}
func (AddReportPhotos) answers(PhotosAdded)  {}
