package domain

import "time"

// LinkCodeLen is how many letters a link code has (/sambung): an officer
// reads it out as two groups of three, "KMR-TXA".
const LinkCodeLen = 6

// ParseLinkCode reads a link code as typed or heard: letters in either
// case, with any spaces, dashes or dots between them. It returns the six
// letters in upper case, or "link.code.format" for anything that cannot
// be a code (so it is not counted as a wrong guess).
func ParseLinkCode(s string) (string, error) {
	bad := Invalid("link.code.format")
	if len(s) > 40 {
		return "", bad
	}
	out := make([]byte, 0, LinkCodeLen)
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			out = append(out, byte(r-'a'+'A'))
		case r >= 'A' && r <= 'Z':
			out = append(out, byte(r))
		case r == '-' || r == '.' || isSpace(r):
		default:
			return "", bad
		}
	}
	if len(out) != LinkCodeLen {
		return "", bad
	}
	return string(out), nil
}

// InWIB is t on Solok's clock, for showing a date or time to people.
func InWIB(t time.Time) time.Time { return t.In(wib) }
