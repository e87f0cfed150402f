package engine

import "github.com/jaganagari/jaganagari/internal/domain"

// LinkReport links report ID, made without a registered person (often
// without a NIK: "Tidak tahu NIK"), to the registration holding NIK, found
// within the chat's staff area only. The report gets the NIK and the
// registration, its cover on the event's day is computed again, the
// reporter is told (without the NIK), and the link is audited. It answers
// a ReportLinked.
type LinkReport struct {
	ID  int64
	NIK domain.NIK
}

// ReportLinked answers LinkReport.
type ReportLinked struct {
	// Found is false when the report is not in the chat's area.
	Found  bool
	ID     int64
	Number string
	// Linked is false when nothing changed: the report was linked already
	// (Already: a stale or second press) or no registration of the NIK is
	// in the chat's area.
	Linked  bool
	Already bool
	// WorkerName and Cover are the registration's name and the person's
	// cover on the event's day, when Linked.
	WorkerName string
	Cover      domain.ReportCover
}

// MarkNotMember records that the person of report ID, which has no
// registration, is not a member. Linking the report later undoes it. It
// answers a NotMemberMarked.
type MarkNotMember struct{ ID int64 }

// NotMemberMarked answers MarkNotMember.
type NotMemberMarked struct {
	Found  bool
	Number string
	// Changed is false when the report was marked before, or is linked.
	Changed bool
	Linked  bool
}

// EffectName implements Effect.
func (LinkReport) EffectName() string { return "link_report" }

// EffectName implements Effect.
func (MarkNotMember) EffectName() string { return "mark_not_member" }

func (LinkReport) answers(ReportLinked)       {}
func (MarkNotMember) answers(NotMemberMarked) {}
