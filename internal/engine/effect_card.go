package engine

import "github.com/jaganagari/jaganagari/internal/domain"

// LoadCard looks up the newest registration made from this chat and its
// BPJS membership, for /kartu. It answers a MemberCard; bot draws the card
// (internal/card) into Result.Files when the membership is aktif, before
// the flow sees the result.
type LoadCard struct{}

// MemberCard answers LoadCard: the worker's own registration, with what
// the card shows and what says where they stand when there is no card.
// Only the chat that registered learns it.
type MemberCard struct {
	Found   bool
	Number  string
	Status  domain.Status
	Waiting bool // verified (or pending) and waiting for a funded place
	// Name, Nagari and Kecamatan are as registered.
	Name, Nagari, Kecamatan string
	Membership              domain.Membership
}

// EffectName implements Effect.
func (LoadCard) EffectName() string { return "load_card" }

func (LoadCard) answers(MemberCard) {}
