package domain

import (
	"log/slog"
	"strings"
	"time"
)

// NIK is a validated 16-digit Nomor Induk Kependudukan. It is a string, not an
// integer, because its parts are codes that may start with zero. String and
// LogValue mask it, since a NIK is confidential under UU PDP; string(n) gives
// the digits when they are really needed (storage, the BPJS export).
type NIK string

// NIKInfo is what the digits of a NIK say about its holder.
type NIKInfo struct {
	// BirthDate is 00:00 UTC of the birth date encoded in digits 7-12.
	BirthDate time.Time
	// Gender is Female when 40 was added to the day.
	Gender Gender
	// FromSolok reports whether the NIK was first issued in Kabupaten Solok
	// (code 13.02). A NIK never changes when its holder moves, so false is
	// only a soft note for staff, never a reason to refuse.
	FromSolok bool
}

// Gender is the jenis kelamin as written on the KTP.
type Gender string

// The two values of Gender use the KTP letters.
const (
	Male   Gender = "L"
	Female Gender = "P"
)

// Valid reports whether g is Male or Female.
func (g Gender) Valid() bool { return g == Male || g == Female }

// solokPrefix starts every NIK first issued in Kabupaten Solok.
const solokPrefix = "1302"

// provinces are the province codes of Kepmendagri 300.2.2-2138/2025 (38
// provinces, including the four Papua provinces created in 2022). Older NIKs
// use codes from this same set, since codes are never reused.
var provinces = map[string]bool{
	"11": true, "12": true, "13": true, "14": true, "15": true, "16": true, "17": true, "18": true, "19": true,
	"21": true,
	"31": true, "32": true, "33": true, "34": true, "35": true, "36": true,
	"51": true, "52": true, "53": true,
	"61": true, "62": true, "63": true, "64": true, "65": true,
	"71": true, "72": true, "73": true, "74": true, "75": true, "76": true,
	"81": true, "82": true,
	"91": true, "92": true, "93": true, "94": true, "95": true, "96": true,
}

// maxNIKInput bounds the text ParseNIK reads: a NIK with a label and
// separators fits easily, and a 10,000-character message is rejected at once.
const maxNIKInput = 64

// ParseNIK validates a NIK as typed. It strips
// spaces, dots and dashes and a leading "NIK" label, then requires 16 ASCII
// digits ("nik.not_digits" if anything else remains, "nik.invalid_length"
// otherwise), a real province and non-zero kabupaten and kecamatan codes
// ("nik.invalid_region"), a birth date that exists and is not after now, with
// women's days plus 40 ("nik.invalid_date"), and a serial other than 0000
// ("nik.invalid_serial"). A NIK from outside Solok is accepted: see
// NIKInfo.FromSolok.
func ParseNIK(s string, now time.Time) (NIK, error) {
	if len(s) > maxNIKInput {
		return "", Invalid("nik.invalid_length")
	}
	s = strings.TrimSpace(s)
	s = trimNIKLabel(s)
	digits := make([]byte, 0, 16)
	other := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits = append(digits, byte(r))
		case r == '.' || r == '-' || r == '_' || r == '\u2010' || r == '\u2011' || r == '\u2013' || isSpace(r):
			// Separators people and copy-paste put into long numbers.
		default:
			other = true
		}
	}
	if other {
		return "", Invalid("nik.not_digits")
	}
	if len(digits) != 16 {
		return "", &InputError{Msg: "nik.invalid_length", Data: map[string]any{"Got": len(digits)}}
	}
	n := NIK(digits)
	if !provinces[string(n[0:2])] || n[2:4] == "00" || n[4:6] == "00" {
		return "", Invalid("nik.invalid_region")
	}
	if _, _, ok := nikBirth(n, now); !ok {
		return "", Invalid("nik.invalid_date")
	}
	if n[12:16] == "0000" {
		return "", Invalid("nik.invalid_serial")
	}
	return n, nil
}

// trimNIKLabel removes a leading "NIK", "nik:", "No. NIK" or "NIK KTP" that
// people copy along with the number.
func trimNIKLabel(s string) string {
	l := strings.ToLower(s)
	for _, p := range []string{"no. nik", "no nik", "nomor nik", "nik ktp", "nik"} {
		if strings.HasPrefix(l, p) {
			s = s[len(p):]
			s = strings.TrimLeft(s, " :.=\t")
			return s
		}
	}
	return s
}

// nikBirth decodes the birth date and gender in digits 7-12. The two-digit
// year takes the latest century that does not put the birth after now, which
// keeps the age within 0-100.
func nikBirth(n NIK, now time.Time) (time.Time, Gender, bool) {
	if len(n) != 16 {
		return time.Time{}, "", false
	}
	dd := atoi2(string(n[6:8]))
	mm := atoi2(string(n[8:10]))
	yy := atoi2(string(n[10:12]))
	g := Male
	switch {
	case dd >= 41 && dd <= 71:
		dd -= 40
		g = Female
	case dd >= 1 && dd <= 31:
	default:
		return time.Time{}, "", false
	}
	td := today(now)
	y := td.Year()/100*100 + yy
	if after(y, time.Month(mm), dd, td) {
		y -= 100
	}
	t, ok := validDate(y, time.Month(mm), dd)
	if !ok || t.After(td) || age(t, td) > MaxAge {
		return time.Time{}, "", false
	}
	return t, g, true
}

// atoi2 reads two ASCII digits; callers have already checked they are digits.
func atoi2(s string) int { return int(s[0]-'0')*10 + int(s[1]-'0') }

// Info decodes birth date, gender and origin from n. It returns the zero
// NIKInfo for a value that ParseNIK would reject.
func (n NIK) Info(now time.Time) NIKInfo {
	t, g, ok := nikBirth(n, now)
	if !ok {
		return NIKInfo{}
	}
	return NIKInfo{BirthDate: t, Gender: g, FromSolok: strings.HasPrefix(string(n), solokPrefix)}
}

// Matches cross-checks the birth date and gender the user typed against those
// encoded in n. A mismatch is usually a typo in one of
// them, so the caller should ask again rather than accept either.
func (n NIK) Matches(birthDate time.Time, g Gender, now time.Time) error {
	info := n.Info(now)
	if info.BirthDate.IsZero() {
		return Invalid("nik.invalid_date")
	}
	if !info.BirthDate.Equal(birthDate) {
		return Invalid("nik.birth_date_mismatch")
	}
	if info.Gender != g {
		return Invalid("nik.gender_mismatch")
	}
	return nil
}

// Masked shows the first 4 digits (province and kabupaten, useful to staff)
// and the last 4, as in "1302********0001". The middle holds the birth date,
// which together with the rest would identify the person. A value that is not
// 16 bytes is masked completely.
func (n NIK) Masked() string {
	if n == "" {
		return ""
	}
	if len(n) != 16 {
		return strings.Repeat("*", 16)
	}
	return string(n[:4]) + "********" + string(n[12:])
}

// String returns the masked NIK so that %v and %s never leak it.
func (n NIK) String() string { return n.Masked() }

// GoString returns the masked NIK so that %#v never leaks it either.
func (n NIK) GoString() string { return `"` + n.Masked() + `"` }

// LogValue returns the masked NIK for log/slog.
func (n NIK) LogValue() slog.Value { return slog.StringValue(n.Masked()) }
