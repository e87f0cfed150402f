package domain

import (
	"strconv"
	"strings"
	"unicode"
)

// ApproxAge is how old a reporter thinks the person is when they do not
// know the person's NIK: a typed number of years ("52") or one of
// AgeRanges. It helps the nagari officer find the person; it is never
// checked against a birth date. Labels of the ranges are "intake.age.<code>".
type ApproxAge string

// AgeUnknown is the range of a reporter who cannot guess.
const AgeUnknown ApproxAge = "tidak_tahu"

// AgeRanges are the age buttons, in display order: decades, since people
// guess "about fifty" more readily than a number.
var AgeRanges = []ApproxAge{"lt20", "20an", "30an", "40an", "50an", "60plus", AgeUnknown}

// Bounds of a typed age, in years.
const (
	AgeMin = 10
	AgeMax = 100
)

// Years is the typed number of years, and 0 for a range.
func (a ApproxAge) Years() int {
	n, err := strconv.Atoi(string(a))
	if err != nil {
		return 0
	}
	return n
}

// Valid reports whether a is a range code or a typed age in bounds, as
// ParseApproxAge makes it.
func (a ApproxAge) Valid() bool {
	for _, r := range AgeRanges {
		if a == r {
			return true
		}
	}
	n := a.Years()
	return n >= AgeMin && n <= AgeMax && strconv.Itoa(n) == string(a)
}

// ParseApproxAge reads an age typed forgivingly: "50", "sekitar 50",
// "kira-kira 50 tahun", "50 th", "± 50", "umur 50" give 50; "50an",
// "50-an" and "umur 50an" give the range of the fifties (sixty and older
// are one range, under twenty another). Error: "intake.age.invalid".
func ParseApproxAge(s string) (ApproxAge, error) {
	bad := Invalid("intake.age.invalid")
	if len(s) > 40 {
		return "", bad
	}
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return unicode.IsSpace(r) || r == '±' || r == '~' || r == '+' || r == ',' || r == '.'
	})
	var number string
	decade := false
	for _, w := range words {
		switch w {
		case "sekitar", "kira", "kira-kira", "kurang", "lebih", "kurleb", "umur", "umurnya", "usia", "usianya",
			"tahun", "thn", "th", "tahunan", "an", "-an", "lebih-kurang", "kl", "±":
			if w == "an" || w == "-an" || w == "tahunan" {
				decade = true
			}
			continue
		}
		digits := strings.TrimRightFunc(w, unicode.IsLetter)
		suffix := w[len(digits):]
		digits = strings.TrimSuffix(digits, "-")
		if digits == "" || number != "" {
			return "", bad
		}
		for _, r := range digits {
			if r < '0' || r > '9' {
				return "", bad
			}
		}
		switch suffix {
		case "", "th", "thn", "tahun":
		case "an", "tahunan":
			decade = true
		default:
			return "", bad
		}
		number = digits
	}
	n, err := strconv.Atoi(number)
	if number == "" || len(number) > 3 || err != nil || n < AgeMin || n > AgeMax {
		return "", bad
	}
	if decade {
		switch {
		case n%10 != 0:
			return "", bad
		case n < 20:
			return "lt20", nil
		case n >= 60:
			return "60plus", nil
		}
		return ApproxAge(strconv.Itoa(n) + "an"), nil
	}
	return ApproxAge(strconv.Itoa(n)), nil
}
