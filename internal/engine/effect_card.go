package engine

import "github.com/jaganagari/jaganagari/internal/domain"

// LoadCard looks up a registration whose notices this chat receives and
// its BPJS membership, for /kartu: the one numbered Number, or with "" the
// newest, unless the chat receives several people's (a household), when
// it answers the list to pick from. It answers a MemberCard; bot draws the
// card (internal/card) into Result.Files when the membership is aktif,
// before the flow sees the result.
type LoadCard struct{ Number string }

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
	// People lists whose card the chat may see when LoadCard named no one
	// and the chat receives several people's notices; nothing else is
	// set then.
	People []domain.Person
}

// EffectName implements Effect.
func (LoadCard) EffectName() string { return "load_card" }

func (LoadCard) answers(MemberCard) {}
