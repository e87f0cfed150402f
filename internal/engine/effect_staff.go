package engine

import "github.com/jaganagari/jaganagari/internal/domain"

// Staff effects (issue #5). Each is carried out for the acting chat, and the
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
// code's area. Answers ResultRole and ResultArea; Err is one of
// staff.code.invalid, staff.code.expired, staff.code.used.
type BindStaff struct{ Code string }

// CreateInvite makes a one-time code for a new officer; regency admins only.
// Area is a nagari or kecamatan code or name (empty for admins). Answers ResultCode,
// ResultRole, ResultArea; Err staff.invite.area_unknown when Area matches no
// single place.
type CreateInvite struct {
	Role domain.Role
	Area string
}

// ListStaff lists the active staff; regency admins only. Items: id, role,
// area, chat.
type ListStaff struct{}

// RevokeStaff ends a staff binding; regency admins only. Answers
// ResultFound.
type RevokeStaff struct{ ID int64 }

// LoadQueue loads a page of the area's registrations, newest first: the
// pending ones, or with Waiting the waiting list (verified beyond the quota
// or in a nagari that has not joined) in order of submission. Items: id,
// number, name, nagari. Answers ResultTotal and ResultOffset.
type LoadQueue struct {
	Offset  int
	Waiting bool
}

// LoadRegistration loads one registration of the area for staff. Answers
// ResultFound and the record: ResultID, ResultNumber, ResultStatus, and
// nik, name, birth, gender, address, nagari_name, occupation, phone,
// heir_name, heir_relation, ResultReason, ResultWaiting.
type LoadRegistration struct{ ID int64 }

// DecideRegistration verifies a pending registration, or rejects it with
// Reason (a domain.RejectReasons code or typed text). The worker is notified
// through the outbox in the same transaction, and the action is audited.
// Answers ResultFound, ResultNumber, ResultStatus, ResultChanged ("" when
// it had been decided already) and ResultWaiting.
type DecideRegistration struct {
	ID     int64
	Verify bool
	Reason string
}

// LoadReports loads a page of the area's open accident and death reports,
// newest first. Items: id, number, kind, stage, nagari. Answers ResultTotal
// and ResultOffset.
type LoadReports struct{ Offset int }

// LoadReport loads one report of the area. Answers ResultFound, ResultID,
// ResultNumber, "kind", ResultStage, ResultReason, "nagari_name".
type LoadReport struct{ ID int64 }

// SetReportStage moves a report of the area to Stage (the next stage, or
// domain.StageRejected with Reason), tells the reporter, stops its reminders and
// audits. Answers ResultFound, ResultNumber, ResultStage, ResultChanged.
type SetReportStage struct {
	ID     int64
	Stage  domain.Stage
	Reason string
}

// LoadRecap counts the area's registrations, quota and reports, with a
// chart in Result.Files: the area's quota and registrations, and quota use
// per nagari (per kecamatan for regency admins) for an area of several.
// Answers the Recap* keys.
type LoadRecap struct{}

// LoadCoverage gives the regency's coverage per kecamatan; regency admins
// only. Items: name, participating, nagari, registered, verified, covered,
// quota, reports. Answers the totals under the same keys, and a chart.
type LoadCoverage struct{}

// ExportWorkers exports the area's verified workers as XLSX and CSV in
// Result.Files, with the columns BPJS asks for collective registration.
// Answers ResultTotal.
type ExportWorkers struct{}

// LinkGroup links the group the command came from to the nagari of the
// staff member From. Answers ResultArea; Err staff.denied when From is not
// a nagari officer.
type LinkGroup struct{ From int64 }

// EffectName implements Effect.
func (BindStaff) EffectName() string { return "bind_staff" }

// EffectName implements Effect.
func (CreateInvite) EffectName() string { return "create_invite" }

// EffectName implements Effect.
func (ListStaff) EffectName() string { return "list_staff" }

// EffectName implements Effect.
func (RevokeStaff) EffectName() string { return "revoke_staff" }

// EffectName implements Effect.
func (LoadQueue) EffectName() string { return "load_queue" }

// EffectName implements Effect.
func (LoadRegistration) EffectName() string { return "load_registration" }

// SearchRegistration finds the registration of a NIK within the chat's
// staff area, for an officer with the worker in front of them. It answers
// as LoadRegistration does; a NIK registered in another area answers like
// one registered nowhere.
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
func (LoadRecap) EffectName() string { return "load_recap" }

// EffectName implements Effect.
func (LoadCoverage) EffectName() string { return "load_coverage" }

// EffectName implements Effect.
func (ExportWorkers) EffectName() string { return "export_workers" }

// EffectName implements Effect.
func (LinkGroup) EffectName() string { return "link_group" }

// Keys of Result.Values for staff effects.
const (
	ResultID      = "id"
	ResultRole    = "role"
	ResultArea    = "area"
	ResultCode    = "code"
	ResultTotal   = "total"
	ResultOffset  = "offset"
	ResultChanged = "changed"
	ResultWaiting = "waiting"
	ResultStage   = "stage"
)
