package engine

import "github.com/jaganagari/jaganagari/internal/domain"

// EndMembership ends the active BPJS membership of a registration of the
// chat's area for Reason, from today; the worker is told, the freed quota
// place goes to the waiting list, and the action is audited. It answers a
// MembershipEnded.
type EndMembership struct {
	ID     int64
	Reason domain.EndReason
}

// MembershipEnded answers EndMembership.
type MembershipEnded struct {
	Found  bool
	Number string
	// Changed is false when the membership was not active (ended already,
	// perhaps by a colleague a moment ago).
	Changed bool
}

// EffectName implements Effect.
func (EndMembership) EffectName() string { return "end_membership" }

func (EndMembership) answers(MembershipEnded) {}
