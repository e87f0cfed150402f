package domain

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// isSpace reports whether r separates words. It adds the zero-width and
// no-break spaces that phone keyboards and copy-paste insert.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\u2060' || r == '\ufeff'
}

// ParseFreeText normalises free text such as an address: it drops invalid
// UTF-8 and control and formatting characters (which can hide text or break
// exports), collapses runs of white space into one space, and trims. The
// result must have minLen to maxLen characters, else "text.too_short" or
// "text.too_long" with Data {"Min": minLen, "Max": maxLen}.
func ParseFreeText(s string, minLen, maxLen int) (string, error) {
	data := map[string]any{"Min": minLen, "Max": maxLen}
	var b strings.Builder
	if g := min(len(s), 4*maxLen+4); g > 0 {
		b.Grow(g)
	}
	n := 0
	pendingSpace := false
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			continue
		case isSpace(r):
			pendingSpace = n > 0
			continue
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) && r != '\u200d':
			continue
		}
		if pendingSpace {
			b.WriteByte(' ')
			n++
			pendingSpace = false
		}
		b.WriteRune(r)
		n++
		// Stop at the first character over the limit, so a 10,000-character
		// message costs no more than a valid one.
		if n > maxLen {
			return "", &InputError{Msg: "text.too_long", Data: data}
		}
	}
	if n < minLen {
		return "", &InputError{Msg: "text.too_short", Data: data}
	}
	return b.String(), nil
}
