package domain

import (
	"errors"
	"slices"
	"strings"
	"time"
	"unicode"
)

// MembershipState is where a verified worker stands with BPJS
// Ketenagakerjaan, after the nagari's own check (Status). The nagari
// submits its funded, verified workers to BPJS in numbered batches, as one
// wadah (DOMAIN.md §12); BPJS answers per worker. The values are stored, so
// they never change. Messages "membership.state.<state>" name them.
type MembershipState string

// The membership states. A registration that was never submitted has none
// (""): it is only as far as its Status says.
const (
	MembershipSubmitted MembershipState = "diajukan"     // in a batch sent to BPJS, no answer yet
	MembershipActive    MembershipState = "aktif"        // BPJS accepted: a KPJ number and a cover period
	MembershipRefused   MembershipState = "ditolak_bpjs" // BPJS refused the row; staff may correct and resubmit
	MembershipEnded     MembershipState = "berakhir"     // was aktif; ended for an EndReason
)

// MembershipStates lists the states in the order a membership goes through
// them.
var MembershipStates = []MembershipState{MembershipSubmitted, MembershipActive, MembershipRefused, MembershipEnded}

// Valid reports whether s is one of MembershipStates.
func (s MembershipState) Valid() bool { return slices.Contains(MembershipStates, s) }

// EndReason is why an active membership ended. The values are stored.
// Messages "membership.end.<reason>" name them.
type EndReason string

// The reasons a membership ends: the worker died, moved away, withdrew, is
// past the age limit, the iuran went unpaid (BPJS ends cover after more
// than three unpaid months, DOMAIN.md §12), or the budget year the place
// was funded from ended without renewal.
const (
	EndDeath      EndReason = "meninggal"
	EndMoved      EndReason = "pindah"
	EndWithdrew   EndReason = "mengundurkan_diri"
	EndAge        EndReason = "usia"
	EndUnpaid     EndReason = "iuran_tidak_dibayar"
	EndBudgetYear EndReason = "tahun_anggaran_berakhir"
)

// EndReasons lists the reasons staff can pick from, in the order they are
// offered.
var EndReasons = []EndReason{EndDeath, EndMoved, EndWithdrew, EndAge, EndUnpaid, EndBudgetYear}

// Valid reports whether r is one of EndReasons.
func (r EndReason) Valid() bool { return slices.Contains(EndReasons, r) }

// Reenrollable reports whether a membership ended for r can be submitted
// to BPJS again: only when the nagari caused the ending, by not renewing
// its budget year or not paying the iuran, and so can undo it (a late APB
// Nagari, arrears paid). A worker who died, moved away, withdrew or is past
// the age limit never comes back this way.
func (r EndReason) Reenrollable() bool { return r == EndBudgetYear || r == EndUnpaid }

// Membership is a registration's standing with BPJS, as stored. Dates are
// calendar days at 00:00 UTC, like every date of this package.
type Membership struct {
	State MembershipState // "" when never submitted
	// Batch is the number of the batch the worker was last submitted in.
	Batch string
	// KPJ is the BPJS Ketenagakerjaan card number BPJS gave; set once aktif.
	KPJ KPJ
	// CoverStart and CoverEnd bound the cover period BPJS confirmed; the
	// end is the last covered day (the budget year's end), zero when open.
	CoverStart, CoverEnd time.Time
	// RefusedReason is BPJS's reason for refusing the row, as BPJS wrote it.
	RefusedReason string
	// EndReason and EndedOn say why and from which day cover stopped: the
	// worker is not covered on EndedOn itself.
	EndReason EndReason
	EndedOn   time.Time
}

// Cover is whether a person was protected on a given day: the answer an
// accident or death report needs, rather than "registered".
type Cover string

// The answers of Membership.CoverOn. Messages "membership.cover.<cover>"
// say them.
const (
	CoverActive  Cover = "aktif"    // within a confirmed cover period
	CoverPending Cover = "diajukan" // submitted to BPJS, not (yet) covered that day
	CoverNone    Cover = "tidak"    // not covered that day
)

// CoverOn says whether the membership covered day (a calendar date). Cover
// is a period: a member is covered from CoverStart to CoverEnd, and never
// on or after EndedOn. An active membership whose period starts later, or a
// submitted one, is CoverPending; anything else is CoverNone.
func (m Membership) CoverOn(day time.Time) Cover {
	day = dateOf(day.Date())
	covered := !m.CoverStart.IsZero() && !day.Before(m.CoverStart) &&
		(m.CoverEnd.IsZero() || !day.After(m.CoverEnd)) &&
		(m.EndedOn.IsZero() || day.Before(m.EndedOn))
	switch {
	case covered && (m.State == MembershipActive || m.State == MembershipEnded):
		return CoverActive
	case m.State == MembershipSubmitted, m.State == MembershipActive && day.Before(m.CoverStart):
		return CoverPending
	}
	return CoverNone
}

// ErrMembershipTransition is returned for a change the lifecycle does not
// allow, such as activating a worker who was never submitted.
var ErrMembershipTransition = errors.New("membership change not allowed from its state")

// Submit is the membership after the worker is put in batch. Only a
// verified, funded worker not yet submitted, one BPJS refused, or one whose
// membership ended for a Reenrollable reason can be. The new membership
// starts afresh: an old card number and cover period are not current any
// more (the audit keeps them).
func (m Membership) Submit(batch string) (Membership, error) {
	if m.State != "" && m.State != MembershipRefused && (m.State != MembershipEnded || !m.EndReason.Reenrollable()) {
		return m, ErrMembershipTransition
	}
	return Membership{State: MembershipSubmitted, Batch: batch}, nil
}

// Activate is the membership after BPJS accepted it with kpj, covering from
// start to end (end zero when BPJS gave none).
func (m Membership) Activate(kpj KPJ, start, end time.Time) (Membership, error) {
	if m.State != MembershipSubmitted {
		return m, ErrMembershipTransition
	}
	if kpj == "" || start.IsZero() || (!end.IsZero() && end.Before(start)) {
		return m, ErrMembershipTransition
	}
	return Membership{State: MembershipActive, Batch: m.Batch, KPJ: kpj, CoverStart: start, CoverEnd: end}, nil
}

// ImportedMembership is the membership of a worker BPJS accepted before
// this system knew them, brought in by the bulk import of a nagari's list:
// aktif with card number kpj, covering from start to end (end zero when
// the list gives none), and in no batch of ours. It is the one way into
// aktif other than Activate.
func ImportedMembership(kpj KPJ, start, end time.Time) (Membership, error) {
	m, err := Membership{State: MembershipSubmitted}.Activate(kpj, start, end)
	if err != nil {
		return Membership{}, err
	}
	m.Batch = ""
	return m, nil
}

// Refuse is the membership after BPJS refused the row for reason.
func (m Membership) Refuse(reason string) (Membership, error) {
	if m.State != MembershipSubmitted {
		return m, ErrMembershipTransition
	}
	return Membership{State: MembershipRefused, Batch: m.Batch, RefusedReason: reason}, nil
}

// End is the membership after cover stopped on day for reason. Only an
// active membership ends; the card number and period stay, so that an
// event before day is still known to have been covered.
func (m Membership) End(reason EndReason, day time.Time) (Membership, error) {
	if m.State != MembershipActive || !reason.Valid() || day.IsZero() {
		return m, ErrMembershipTransition
	}
	m.State, m.EndReason, m.EndedOn = MembershipEnded, reason, dateOf(day.Date())
	return m, nil
}

// KPJ is a BPJS Ketenagakerjaan membership (card) number. BPJS's own
// format is not documented in DOMAIN.md, so any run of 8 to 20 digits is
// taken, spaces, dots and dashes dropped, as printed on cards and in
// BPJS's lists.
type KPJ string

// Last4 is the end of the card number, enough for a worker to recognise
// their card in a message kept outside the sealed record (the outbox);
// the whole number is for /status and /kartu.
func (k KPJ) Last4() string {
	if len(k) <= 4 {
		return string(k)
	}
	return string(k[len(k)-4:])
}

// ParseKPJ reads a KPJ number as typed or as a spreadsheet cell holds it.
func ParseKPJ(s string) (KPJ, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimSuffix(strings.TrimPrefix(s, "="), `"`), `"`) // ="…" from our own CSV
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '.' || r == '-' || unicode.IsSpace(r):
		default:
			return "", &InputError{Msg: "membership.kpj.invalid"}
		}
	}
	if n := b.Len(); n < 8 || n > 20 {
		return "", &InputError{Msg: "membership.kpj.invalid"}
	}
	return KPJ(b.String()), nil
}
