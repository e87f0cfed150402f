package engine

import (
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
)

// Staff effects. Each is carried out for the acting chat, and the
// store filters every query through that chat's active staff bindings, so an
// effect that names a record outside the chat's area finds nothing, however
// the button that produced it was made. A chat without a binding gets
// Result.Err "staff.denied"; an effect for regency admins only gets
// "staff.admin_only".

// File is a document or picture for the chat, produced by an effect (an
// export, a chart). It travels in Result.Files and Reply.File and is never
// stored in a session.
type File struct {
	Name string
	Data []byte
	// Photo sends the file as a picture (a chart) rather than a document.
	Photo bool
}

// BindStaff redeems a one-time invite code, making the chat staff of the
// code's area. It answers a StaffBound; Err is one of staff.code.invalid,
// staff.code.expired, staff.code.used.
type BindStaff struct {
	Code string
	// Name is the officer's Telegram name (Input.Name), kept with the
	// binding so admins see whom they gave access.
	Name string
}

// StaffBound answers BindStaff.
type StaffBound struct {
	Role domain.Role
	Area string // the area's name, "" for admins
}

// CreateInvite makes a one-time code for a new officer; regency admins only.
// Area is a nagari or kecamatan code or name (empty for admins). It
// answers an InviteCreated; Err is staff.invite.area_unknown when Area
// matches no single place.
type CreateInvite struct {
	Role domain.Role
	Area string
}

// InviteCreated answers CreateInvite.
type InviteCreated struct {
	Code string
	Role domain.Role
	Area string // the area's name
}

// ListStaff lists the active staff; regency admins only. It answers a
// StaffList.
type ListStaff struct{}

// StaffList answers ListStaff. Self is the asking chat, whose own
// bindings are listed but never offered for revoking.
type StaffList struct {
	Members []domain.StaffMember
	Self    int64
}

// RevokeStaff ends a staff binding; regency admins only, and never the
// admin's own (Err staff.revoke.self). The officer is told in their chat
// through the outbox. It answers a Revoked.
type RevokeStaff struct{ ID int64 }

// Revoked answers RevokeStaff: Found is false when there was no active
// binding with the ID. ChatID is the revoked officer's chat, whose command
// menu the bot then resets.
type Revoked struct {
	Found  bool
	ChatID int64
}

// LoadStaffRoles reads the roles the chat holds as active staff, for
// /start and /bantuan to show staff their menu. It answers a StaffRoles,
// empty for a worker.
type LoadStaffRoles struct{}

// StaffRoles answers LoadStaffRoles.
type StaffRoles struct {
	Roles []domain.Role
	// Registered is true when the chat receives some registration's
	// notices; /start offers an unregistered chat to link its record.
	Registered bool
}

// LoadQueue loads a page of the area's registrations, newest first: the
// pending ones, or with Waiting the waiting list (verified beyond the quota
// or in a nagari that has not joined) in order of submission. It answers a
// Queue.
type LoadQueue struct {
	Offset  int
	Waiting bool
}

// Queue answers LoadQueue.
type Queue struct {
	Registrations []domain.RegistrationSummary
	Total, Offset int
	Waiting       bool // the page is of the waiting list
}

// LoadRegistration loads one registration of the area for staff. It
// answers a StaffRegistration.
type LoadRegistration struct{ ID int64 }

// StaffRegistration answers LoadRegistration and SearchRegistration: a
// record of another area answers exactly like one that does not exist.
type StaffRegistration struct {
	Found        bool
	Registration domain.RegistrationRecord
}

// DecideRegistration verifies a pending registration, or rejects it with
// Reason (a domain.RejectReasons code or typed text). The worker is notified
// through the outbox in the same transaction, and the action is audited.
// It answers a Decision.
type DecideRegistration struct {
	ID     int64
	Verify bool
	Reason string
}

// Decision answers DecideRegistration.
type Decision struct {
	Found  bool
	Number string
	Status domain.Status
	// Changed is false when the registration had been decided already.
	Changed bool
	// Waiting is true when it was verified onto the waiting list.
	Waiting bool
}

// LoadReports loads a page of the area's accident and death reports,
// newest first. It answers a ReportPage.
type LoadReports struct{ Offset int }

// ReportPage answers LoadReports.
type ReportPage struct {
	Reports       []domain.ReportSummary
	Total, Offset int
}

// LoadReport loads one report of the area, opened. It answers a
// StaffReport.
type LoadReport struct{ ID int64 }

// StaffReport answers LoadReport.
type StaffReport struct {
	Found  bool
	Report domain.ReportRecord
}

// SetReportStage moves a report of the area from stage From to Stage (the
// next stage, or domain.StageRejected with Reason), with what the move
// records: the BPJS claim number on the way to domain.StageFiled, the
// claim's outcome on the way to domain.StageDone. It stops the report's
// reminders, schedules the reporter's notice for At plus
// domain.StageUndoWindow and audits. It answers a StageSet.
type SetReportStage struct {
	ID     int64
	From   domain.Stage // "" accepts any stage the move is allowed from
	Stage  domain.Stage
	Reason string
	Claim  domain.Claim
	At     time.Time
}

// StageSet answers SetReportStage.
type StageSet struct {
	Found  bool
	Number string
	From   domain.Stage // before the move
	Stage  domain.Stage // as it now stands
	// Changed is false for a stale or forged button: nothing changed.
	Changed bool
	// Move names the move for UndoReportStage, until UndoUntil.
	Move      int64
	UndoUntil time.Time
}

// UndoReportStage takes move Move back, at At: the report returns to the
// stage it came from with the fields it had, and the notices of the move,
// still unsent, are dropped. Only the report's latest move can be undone,
// within domain.StageUndoWindow. It answers a StageUndone.
type UndoReportStage struct {
	Move int64
	At   time.Time
}

// StageUndone answers UndoReportStage.
type StageUndone struct {
	Found  bool
	Number string
	Stage  domain.Stage // as it now stands
	// Undone is false when the window had passed, a later move followed,
	// or the move was undone already (Late says which of the first two).
	Undone bool
	Late   bool
}

// RecordTahap2 records the doctor's declaration (Outcome, on Date) that
// starts an accident report's tahap II deadline; its reminders follow it.
// It answers a Tahap2Recorded; Err is "claims.date.before_event" for a
// date before the accident.
type RecordTahap2 struct {
	ID      int64
	Outcome string
	Date    time.Time
	At      time.Time // when it is recorded: the reminders' floor counts from it
}

// Tahap2Recorded answers RecordTahap2.
type Tahap2Recorded struct {
	Found  bool
	Number string
	// Changed is false for a report that is not an open accident report.
	Changed bool
	Due     time.Time
}

// AddReportNote adds staff's note Text to a report of the area, at any
// stage, sealed (it may hold health details) and audited. It answers a
// NoteAdded.
type AddReportNote struct {
	ID   int64
	Text string
}

// NoteAdded answers AddReportNote.
type NoteAdded struct {
	Found  bool
	Number string
}

// LoadRecap counts the area's registrations, quota and reports. It
// answers a Recap; bot draws its chart (internal/chart) and puts it in
// Result.Files before the flow sees the result.
type LoadRecap struct {
	// At is the bot's clock, for the iuran's months (zero: the store's).
	At time.Time
}

// Recap answers LoadRecap: the figures of the chat's whole area, named,
// and those of each nagari in it (each kecamatan, with PerKecamatan, for a
// regency admin) for the chart's rows. Rows is empty for an area of one
// nagari, whose chart is its own figures.
type Recap struct {
	Total        domain.AreaStats
	Rows         []domain.AreaStats
	PerKecamatan bool
	// Iuran is the iuran of each nagari of the area with members, active
	// or ended (effect_iuran.go).
	Iuran []IuranLine
}

// LoadCoverage gives the regency's coverage per kecamatan; regency admins
// only. It answers a domain.Coverage; bot draws its chart into
// Result.Files.
type LoadCoverage struct{}

// ExportWorkers reads the area's verified workers, with the columns BPJS
// asks for collective registration. It answers an Exported; bot writes its
// rows as XLSX and CSV (internal/export) into Result.Files.
type ExportWorkers struct{}

// Exported answers ExportWorkers: the verified workers, one row each in
// the order of domain.ExportColumns. They are personal data: a Result is
// never stored or logged, and the rows leave only as the staff's files.
type Exported struct {
	Total int
	Rows  []domain.ExportRow
}

// LinkGroup links the group the command came from to the nagari of the
// staff member From. It answers a GroupLinked; Err is staff.denied when
// From is not a nagari officer.
type LinkGroup struct{ From int64 }

// GroupLinked answers LinkGroup.
type GroupLinked struct{ Area string }

// EffectName implements Effect.
func (BindStaff) EffectName() string { return "bind_staff" }

// EffectName implements Effect.
func (CreateInvite) EffectName() string { return "create_invite" }

// EffectName implements Effect.
func (ListStaff) EffectName() string { return "list_staff" }

// EffectName implements Effect.
func (RevokeStaff) EffectName() string { return "revoke_staff" }

// EffectName implements Effect.
func (LoadStaffRoles) EffectName() string { return "load_staff_roles" }

// EffectName implements Effect.
func (LoadQueue) EffectName() string { return "load_queue" }

// EffectName implements Effect.
func (LoadRegistration) EffectName() string { return "load_registration" }

// SearchRegistration finds the registration of a NIK within the chat's
// staff area, for an officer with the worker in front of them. It answers
// a StaffRegistration, as LoadRegistration does; a NIK registered in
// another area answers like one registered nowhere.
type SearchRegistration struct{ NIK domain.NIK }

// EffectName implements Effect.
func (SearchRegistration) EffectName() string { return "search_registration" }

// EffectName implements Effect.
func (DecideRegistration) EffectName() string { return "decide_registration" }

// EffectName implements Effect.
func (LoadReports) EffectName() string { return "load_reports" }

// EffectName implements Effect.
func (LoadReport) EffectName() string { return "load_report" }

// EffectName implements Effect.
func (SetReportStage) EffectName() string { return "set_report_stage" }

// EffectName implements Effect.
func (UndoReportStage) EffectName() string { return "undo_report_stage" }

// EffectName implements Effect.
func (RecordTahap2) EffectName() string { return "record_tahap2" }

// EffectName implements Effect.
func (AddReportNote) EffectName() string { return "add_report_note" }

// EffectName implements Effect.
func (LoadRecap) EffectName() string { return "load_recap" }

// EffectName implements Effect.
func (LoadCoverage) EffectName() string { return "load_coverage" }

// EffectName implements Effect.
func (ExportWorkers) EffectName() string { return "export_workers" }

// EffectName implements Effect.
func (LinkGroup) EffectName() string { return "link_group" }

func (BindStaff) answers(StaffBound)                 {}
func (CreateInvite) answers(InviteCreated)           {}
func (ListStaff) answers(StaffList)                  {}
func (RevokeStaff) answers(Revoked)                  {}
func (LoadQueue) answers(Queue)                      {}
func (LoadStaffRoles) answers(StaffRoles)            {}
func (LoadRegistration) answers(StaffRegistration)   {}
func (SearchRegistration) answers(StaffRegistration) {}
func (DecideRegistration) answers(Decision)          {}
func (LoadReports) answers(ReportPage)               {}
func (LoadReport) answers(StaffReport)               {}
func (SetReportStage) answers(StageSet)              {}
func (UndoReportStage) answers(StageUndone)          {}
func (RecordTahap2) answers(Tahap2Recorded)          {}
func (AddReportNote) answers(NoteAdded)              {}
func (LoadRecap) answers(Recap)                      {}
func (LoadCoverage) answers(domain.Coverage)         {}
func (ExportWorkers) answers(Exported)               {}
func (LinkGroup) answers(GroupLinked)                {}
