package domain

import (
	"strings"
	"unicode"
)

// Name length limits, in characters. Two allows the short names common in
// Minangkabau and Javanese families ("Ed"), and 100 is generous next to the
// space on a KTP.
const (
	NameMinLen = 2
	NameMaxLen = 100
)

// ParseName normalises a full name as on the KTP. It accepts letters of any
// script, spaces, apostrophes (’ becomes '), dots and hyphens, collapses
// white space, and capitalises each word so that staff exports look alike
// whatever the user typed: "SITI NURBAYA" becomes "Siti Nurbaya",
// "st. rahmah el-yunusiyah" becomes "St. Rahmah El-Yunusiyah", and
// "nur'aini" stays "Nur'aini" because an apostrophe does not start a word.
// Errors: "name.too_short", "name.too_long", "name.invalid_chars".
func ParseName(s string) (string, error) {
	var b strings.Builder
	b.Grow(min(len(s), 4*NameMaxLen))
	n := 0
	letters := 0
	pendingSpace := false
	wordStart := true // no letter yet in the current word part
	prevLetter := false
	for _, r := range s {
		switch r {
		case '\u2019', '\u2018', '`', '\u00b4', '\u02bc', '\u02bb':
			r = '\''
		case '\u2010', '\u2011', '\u2012', '\u2013':
			r = '-'
		}
		switch {
		case isSpace(r):
			pendingSpace = n > 0
			wordStart = true
			prevLetter = false
			continue
		case unicode.IsLetter(r):
			if wordStart {
				r = unicode.ToTitle(unicode.ToLower(r))
			} else {
				r = unicode.ToLower(r)
			}
			wordStart = false
			prevLetter = true
			letters++
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r):
			// A combining accent belongs to the letter before it; on its own
			// it is the start of an invisible-character trick.
			if !prevLetter {
				return "", Invalid("name.invalid_chars")
			}
		case r == '.' || r == '-':
			wordStart = true
			prevLetter = false
		case r == '\'':
			prevLetter = false
		default:
			return "", Invalid("name.invalid_chars")
		}
		if pendingSpace {
			b.WriteByte(' ')
			n++
			pendingSpace = false
		}
		b.WriteRune(r)
		n++
	}
	switch {
	case n == 0:
		return "", &InputError{Msg: "name.too_short", Data: map[string]any{"Min": NameMinLen}}
	case letters == 0:
		return "", Invalid("name.invalid_chars")
	case n < NameMinLen:
		return "", &InputError{Msg: "name.too_short", Data: map[string]any{"Min": NameMinLen}}
	case n > NameMaxLen:
		return "", &InputError{Msg: "name.too_long", Data: map[string]any{"Max": NameMaxLen}}
	}
	return b.String(), nil
}
