package domain

import "time"

// RegistrationRecord is a registration as stored: the form as submitted
// (or last corrected), and what staff and the store added to it. A field
// added to Registration is a field of the record too.
type RegistrationRecord struct {
	Registration
	ID     int64
	Number string // REG-2026-000123, what the worker and staff quote
	Status Status
	// RejectReason is why staff rejected it: a RejectReasons code or typed
	// text; "" unless Status is StatusRejected.
	RejectReason string
	// NagariName and KecamatanName name Registration.NagariCode's place.
	NagariName, KecamatanName string
	// Participating says the nagari has joined the programme.
	Participating bool
	// Funded says the registration holds one of the nagari's funded
	// places (verified within the quota). Funded is not covered: cover
	// begins when BPJS accepts the worker (Membership).
	Funded bool
	// Membership is the worker's standing with BPJS after the nagari's
	// check: submitted, aktif with a card number and cover period, refused
	// or ended.
	Membership Membership
	CreatedAt  time.Time
	// ChatID is the chat that receives the person's notices: their own,
	// or the family phone they were registered from; 0 when they have no
	// chat (registered by an officer or kader). EnteredBy is the chat that
	// typed the registration in.
	ChatID, EnteredBy int64
	// Witness is the staff binding (its ID and role) of the officer or
	// kader who witnessed an assisted consent; 0 and "" otherwise.
	Witness     int64
	WitnessRole Role
}

// Assisted reports whether an officer or kader entered the registration
// for the person.
func (r RegistrationRecord) Assisted() bool { return r.Witness != 0 }

// Waiting reports whether the registration is on the waiting list:
// verified beyond the quota, or pending in a nagari that has not joined.
func (r RegistrationRecord) Waiting() bool {
	return (r.Status == StatusVerified && !r.Funded) || (r.Status == StatusPending && !r.Participating)
}

// Person is a registration as a line of a chat's own list: /status, and
// the buttons that pick whose data /dataku, /ubah and /hapus mean.
type Person struct {
	Number string
	Name   string
	Status Status
	Reason string // why it was rejected, if it was
	// Entered is true when the chat entered it for someone without a chat
	// (an officer's or kader's entry) rather than receiving its notices.
	Entered bool
	// Membership is where the person stands with BPJS: its state and
	// dates only (the card number is for /status and /kartu of the one
	// person), so a household sees who is actually protected.
	Membership Membership
}

// RegistrationSummary is a registration as a line of a staff list.
type RegistrationSummary struct {
	ID         int64
	Number     string
	Name       string
	NagariName string
}

// ReportRecord is an accident or death report as stored: the form as
// submitted, and what staff and the store added to it. Report.Registered
// says the report is linked to a registered worker; Cover says whether
// that worker was covered on the day of the accident or death.
type ReportRecord struct {
	Report
	ID           int64
	Number       string // JKK-2026-000123 or JKM-…
	Stage        Stage
	RejectReason string // why staff turned it down; "" unless Stage is StageRejected
	NagariName   string
	// Cover is the person's cover on the report's Date, as the store found
	// it when the report was made; "" for reports made before it was kept.
	Cover ReportCover
	// WorkerName and WorkerPhone are the registered worker's, when
	// Registered.
	WorkerName  string
	WorkerPhone Phone
	// NotMember is set when an officer recorded that the person of a
	// report without a registration is not a member (NotMemberAt when);
	// linking the report to a registration later clears it.
	NotMember   bool
	NotMemberAt time.Time
	CreatedAt   time.Time
	// DueFrom is when the tahap I deadline counts from (zero for reports
	// from before it was kept); ActedAt is when staff first acted on it.
	DueFrom, ActedAt time.Time
	Claim            Claim
	Tahap2           Tahap2
	Notes            []ReportNote // oldest first
	// Documents is the report's checklist (DocumentsFor) as it stands;
	// filled where the report is opened for staff.
	Documents []DocumentStatus
}

// Contact is the number staff call about the report: the reporter's, or
// the worker's own when they reported for themself.
func (r ReportRecord) Contact() Phone {
	if r.ReporterPhone != "" {
		return r.ReporterPhone
	}
	return r.WorkerPhone
}

// HasLocation reports whether the reporter shared a location.
func (r ReportRecord) HasLocation() bool { return r.Lat != 0 || r.Lon != 0 }

// ReportSummary is a report as a line of a list.
type ReportSummary struct {
	ID         int64
	Number     string
	Kind       ReportKind
	Stage      Stage
	NagariName string
	Date       time.Time // of the accident or death, 00:00 UTC
	// Death is true for a death report, a JKK one included.
	Death bool
}
