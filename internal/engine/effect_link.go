package engine

import (
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
)

// CreateLinkCode makes a fresh one-time code for the registration of NIK,
// for its worker to link their own chat to it (/sambung). The chat must
// be a petugas nagari of the registration's nagari or the kader who
// entered it, and the registration must have no chat yet. A new code
// replaces the old one. It answers a LinkCode; Err is link.code.denied
// when the chat is neither officer nor kader, link.code.not_found when no
// such registration is within its reach, link.code.linked when the
// registration already has a chat.
type CreateLinkCode struct{ NIK domain.NIK }

// LinkCode answers CreateLinkCode.
type LinkCode struct {
	Code         string // to read out, as "KMR-TXA"
	Number, Name string // the registration's
	Expires      time.Time
}

// LinkByCode links the chat to the registration a one-time code was made
// for. It answers a Linked; Err is link.wait after too many wrong codes,
// link.code.wrong for a code that is not live, link.code.used and
// link.code.expired for one used or expired, link.taken when the
// registration was linked to another chat meanwhile.
type LinkByCode struct{ Code string }

// LinkByPhone links the chat to every registration without a chat whose
// phone is Phone, the sender's own number shared as a contact (Telegram
// vouches for it). It answers a Linked; Err is link.phone.none when no
// registration has that phone.
type LinkByPhone struct{ Phone domain.Phone }

// Linked answers LinkByCode and LinkByPhone: the people whose notices the
// chat now receives, told only once the link is proven.
type Linked struct {
	People []LinkedPerson
}

// LinkedPerson is one registration a chat was linked to.
type LinkedPerson struct {
	Number, Name, Nagari string
}

// EffectName implements Effect.
func (CreateLinkCode) EffectName() string { return "create_link_code" }

// EffectName implements Effect.
func (LinkByCode) EffectName() string { return "link_by_code" }

// EffectName implements Effect.
func (LinkByPhone) EffectName() string { return "link_by_phone" }

func (CreateLinkCode) answers(LinkCode) {}
func (LinkByCode) answers(Linked)       {}
func (LinkByPhone) answers(Linked)      {}
