package domain

import (
	"log/slog"
	"strings"
)

// Phone is an Indonesian mobile number in E.164 form, "+628…". String and
// LogValue mask it because a phone number identifies a person; string(p)
// gives the full number for sending messages and exports.
type Phone string

// maxPhoneInput bounds the text ParsePhone reads, so huge messages are
// rejected without scanning them.
const maxPhoneInput = 40

// ParsePhone normalises a mobile number as typed. It strips
// spaces, dashes, dots and brackets, accepts the forms +62…, 62…, 0062…, 0…
// and a bare 8…, and a "(0)" after the country code, then requires
// ^\+628[1-35-9]\d{7,10}$. Landlines (Solok's 0755) fail on purpose: staff
// must be able to reach the registrant by WhatsApp or SMS. Any failure is
// "phone.invalid".
func ParsePhone(s string) (Phone, error) {
	bad := Invalid("phone.invalid")
	if len(s) > maxPhoneInput {
		return "", bad
	}
	digits := make([]byte, 0, 16)
	plus := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits = append(digits, byte(r))
		case r == '+' && len(digits) == 0 && !plus:
			plus = true
		case r == '-' || r == '.' || r == '(' || r == ')' || r == '[' || r == ']' || r == '/' ||
			r == '\u2010' || r == '\u2011' || r == '\u2013' || isSpace(r):
		default:
			return "", bad
		}
	}
	d := string(digits)
	intl := true // a country code was given, so a trunk 0 may follow it
	switch {
	case plus && strings.HasPrefix(d, "62"):
		d = d[2:]
	case plus:
		return "", bad // another country
	case strings.HasPrefix(d, "0062"):
		d = d[4:]
	case strings.HasPrefix(d, "62"):
		d = d[2:]
	case strings.HasPrefix(d, "0"):
		d, intl = d[1:], false
	default:
		intl = false
	}
	// "+62 (0)812…" keeps the trunk 0 in brackets; drop it once.
	if intl && strings.HasPrefix(d, "08") {
		d = d[1:]
	}
	p := Phone("+62" + d)
	if !validPhone(string(p)) {
		return "", bad
	}
	return p, nil
}

// validPhone checks ^\+628[1-35-9]\d{7,10}$ without the regexp package's
// start-up cost on every call.
func validPhone(s string) bool {
	if len(s) < 12 || len(s) > 15 || !strings.HasPrefix(s, "+628") {
		return false
	}
	if c := s[4]; c < '1' || c > '9' || c == '4' {
		return false
	}
	return isDigits(s[5:])
}

// Masked keeps the first 6 and last 3 characters, as in "+62812****789": the
// prefix shows the operator and the tail lets the owner recognise it.
func (p Phone) Masked() string {
	if p == "" {
		return ""
	}
	if len(p) < 10 {
		return strings.Repeat("*", len(p))
	}
	return string(p[:6]) + strings.Repeat("*", len(p)-9) + string(p[len(p)-3:])
}

// String returns the masked number so that %v and %s never leak it.
func (p Phone) String() string { return p.Masked() }

// GoString returns the masked number so that %#v never leaks it either.
func (p Phone) GoString() string { return `"` + p.Masked() + `"` }

// LogValue returns the masked number for log/slog.
func (p Phone) LogValue() slog.Value { return slog.StringValue(p.Masked()) }
