package domain

import (
	"strconv"
	"strings"
	"time"
	"unicode"
)

// What happens to a claim after the nagari files it with BPJS
// Ketenagakerjaan: the claim number BPJS gave it, then whether BPJS paid
// (how much, and when) or refused it (why). Tahap II is the second accident
// report, due within 2 × 24 hours after the doctor declares the worker
// sembuh, cacat or meninggal; it doubles as the benefit claim (Permenaker
// 5/2021 Pasal 19).

// StageUndoWindow is how long after moving a report staff may take the move
// back ("Urungkan"). The reporter's notice of a move waits as long, so an
// undone move was never told to anyone.
const StageUndoWindow = 5 * time.Minute

// ClaimOutcome is how a finished claim ended. The values are stored.
type ClaimOutcome string

// The outcomes of a claim BPJS decided.
const (
	ClaimPaid    ClaimOutcome = "dibayar"
	ClaimRefused ClaimOutcome = "ditolak_bpjs"
)

// Valid reports whether o is one of the outcomes.
func (o ClaimOutcome) Valid() bool { return o == ClaimPaid || o == ClaimRefused }

// ClaimRefusalReasons are the reasons staff pick when BPJS refused a claim;
// a typed reason is stored as typed. Labels are "claims.refusal.<code>".
// They name what BPJS checks: the accident being a work accident, an
// active membership at the time (JKM is paid only while the membership is
// active), the documents asked for.
var ClaimRefusalReasons = []string{"bukan_kecelakaan_kerja", "kepesertaan_tidak_aktif", "dokumen_tidak_lengkap"}

// IsRefusalReason reports whether code is one of ClaimRefusalReasons.
func IsRefusalReason(code string) bool {
	for _, c := range ClaimRefusalReasons {
		if c == code {
			return true
		}
	}
	return false
}

// Tahap2Outcomes are what the doctor declared, which starts the tahap II
// deadline. Labels are "claims.t2.outcome.<code>".
var Tahap2Outcomes = []string{"sembuh", "cacat", "meninggal"}

// IsTahap2Outcome reports whether code is one of Tahap2Outcomes.
func IsTahap2Outcome(code string) bool {
	for _, c := range Tahap2Outcomes {
		if c == code {
			return true
		}
	}
	return false
}

// Tahap2From is the instant the tahap II deadline counts from for a
// declaration made on day: its start in WIB, since only the day is known
// (when in doubt the deadline comes sooner, as HappenedBy does).
func Tahap2From(day time.Time) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, wib)
}

// ClaimNumberMaxLen bounds a BPJS claim number as typed.
const ClaimNumberMaxLen = 40

// ParseClaimNumber reads the claim number BPJS gave a claim, as an officer
// types it: letters, digits, "-", "/" and ".", spaces between parts kept as
// one. Its format is not published, so only its shape is checked.
func ParseClaimNumber(s string) (string, error) {
	bad := Invalid("claims.number.invalid")
	f := strings.Fields(s)
	out := strings.Join(f, " ")
	if out == "" || len([]rune(out)) > ClaimNumberMaxLen {
		return "", bad
	}
	digits := 0
	for _, r := range out {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r < unicode.MaxASCII && unicode.IsLetter(r), r == '-', r == '/', r == '.', r == ' ':
		default:
			return "", bad
		}
	}
	if digits == 0 {
		return "", bad
	}
	return strings.ToUpper(out), nil
}

// MaxClaimAmount bounds a paid amount: far above any benefit of the
// programme (the JKM total is Rp42 juta, JKK beasiswa at most Rp174 juta),
// so a slip of the keyboard is caught, not a real payment.
const MaxClaimAmount = 10_000_000_000

// MinClaimAmount catches "42" typed for 42 juta.
const MinClaimAmount = 1_000

// rupiahUnits are the words that multiply an amount.
var rupiahUnits = map[string]int64{
	"rb": 1_000, "ribu": 1_000, "k": 1_000,
	"jt": 1_000_000, "juta": 1_000_000,
	"m": 1_000_000_000, "miliar": 1_000_000_000, "milyar": 1_000_000_000,
}

// ParseRupiah reads an amount of rupiah the way it is written in
// Indonesia: "42.000.000", "Rp 42.000.000,00", "Rp42 juta", "1,5 jt",
// "42000000". A "." between groups of three digits separates thousands, a
// "," starts the decimals; with a unit word, "1.5 juta" is read as 1,5 juta
// too. The amount must be whole rupiah between MinClaimAmount and
// MaxClaimAmount.
func ParseRupiah(s string) (int64, error) {
	bad := Invalid("claims.amount.invalid")
	if len(s) > 64 {
		return 0, bad
	}
	t := strings.ToLower(strings.TrimSpace(s))
	for _, p := range []string{"idr", "rp.", "rp"} {
		if strings.HasPrefix(t, p) {
			t = strings.TrimSpace(t[len(p):])
			break
		}
	}
	t = strings.TrimSuffix(strings.TrimSuffix(t, ",-"), ".-")
	// Split the number from a unit word: "42juta", "42 juta".
	end := strings.IndexFunc(t, func(r rune) bool { return unicode.IsLetter(r) })
	num, unit := t, ""
	if end >= 0 {
		num, unit = strings.TrimSpace(t[:end]), strings.TrimSpace(t[end:])
	}
	num = strings.ReplaceAll(num, " ", "")
	mult := int64(1)
	if unit != "" {
		m, ok := rupiahUnits[strings.TrimSuffix(unit, ".")]
		if !ok {
			return 0, bad
		}
		mult = m
	}
	whole, frac, ok := splitAmount(num, unit != "")
	if !ok {
		return 0, bad
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > MaxClaimAmount {
		return 0, bad
	}
	amount := w * mult
	if frac = strings.TrimRight(frac, "0"); frac != "" {
		if len(frac) > 9 {
			return 0, bad
		}
		f, _ := strconv.ParseInt(frac, 10, 64)
		scale := int64(1)
		for range len(frac) {
			scale *= 10
		}
		if (f*mult)%scale != 0 {
			return 0, bad // not whole rupiah
		}
		amount += f * mult / scale
	}
	switch {
	case amount > MaxClaimAmount:
		return 0, &InputError{Msg: "claims.amount.too_large", Data: map[string]any{"Amount": FormatRupiah(MaxClaimAmount)}}
	case amount < MinClaimAmount:
		return 0, Invalid("claims.amount.too_small")
	}
	return amount, nil
}

// splitAmount splits the digits of an amount into its whole part and its
// decimals. withUnit allows one "." as the decimal point ("1.5 juta").
func splitAmount(num string, withUnit bool) (whole, frac string, ok bool) {
	if num == "" {
		return "", "", false
	}
	if i := strings.LastIndexByte(num, ','); i >= 0 {
		whole, frac = num[:i], num[i+1:]
		if strings.Contains(frac, ".") || !isDigits(frac) {
			return "", "", false
		}
	} else {
		whole = num
	}
	groups := strings.Split(whole, ".")
	if len(groups) == 2 && withUnit && frac == "" && len(groups[1]) != 3 {
		// "1.5 juta": a decimal point, not a thousands separator.
		whole, frac = groups[0], groups[1]
		groups = []string{whole}
	}
	for i, g := range groups {
		if !isDigits(g) || g == "" || (i > 0 && len(g) != 3) || (i == 0 && len(groups) > 1 && len(g) > 3) {
			return "", "", false
		}
	}
	if frac != "" && !isDigits(frac) {
		return "", "", false
	}
	return strings.Join(groups, ""), frac, true
}

// FormatRupiah writes an amount as Indonesians read it: "Rp42.000.000".
func FormatRupiah(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	b.WriteString("Rp")
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// CheckPaidDate applies the rules of a payment date: not in the future, not
// before the accident or death the claim is about.
func CheckPaidDate(paid, event, now time.Time) error {
	switch {
	case paid.After(today(now)):
		return Invalid("date.future")
	case !event.IsZero() && paid.Before(event):
		return Invalid("claims.date.before_event")
	}
	return nil
}

// Claim is what staff recorded about a report's claim with BPJS.
type Claim struct {
	Number  string       // BPJS's claim number, from StageFiled on
	Outcome ClaimOutcome // at StageDone; "" for reports finished before outcomes were recorded
	Amount  int64        // rupiah, when paid
	PaidOn  time.Time    // 00:00 UTC, when paid
	Refusal string       // a ClaimRefusalReasons code or typed text, when refused
}

// Tahap2 is the doctor's declaration that starts the tahap II deadline of
// an accident report.
type Tahap2 struct {
	Outcome string    // one of Tahap2Outcomes; "" while not recorded
	On      time.Time // the day declared, 00:00 UTC
}

// Recorded reports whether staff recorded the declaration.
func (t Tahap2) Recorded() bool { return t.Outcome != "" }

// Due is when tahap II must reach BPJS: 2 × 24 hours from the declaration.
func (t Tahap2) Due() time.Time { return Tahap2Due(t.On) }

// Tahap2Due is when tahap II is due for a declaration made on day.
func Tahap2Due(day time.Time) time.Time { return Tahap2From(day).Add(ReportWithin) }

// NoteMaxLen bounds a staff note on a report.
const NoteMaxLen = 500

// ReportNote is a note staff added to a report.
type ReportNote struct {
	At      time.Time
	StaffID int64
	Text    string
}
