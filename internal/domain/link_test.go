package domain

import (
	"regexp"
	"testing"
	"time"
)

func TestParseLinkCode(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"KMR-TXA": "KMRTXA", "kmr txa": "KMRTXA", " Kmr.Txa ": "KMRTXA", "KMRTXA": "KMRTXA",
	} {
		if got, err := ParseLinkCode(in); err != nil || got != want {
			t.Errorf("ParseLinkCode(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "KMR-TX", "KMR-TXAA", "KMR-TX4", "KMR_TXA", "ÄMR-TXA", "K7QM-2XHD-9P", string(make([]byte, 41))} {
		if got, err := ParseLinkCode(in); err == nil {
			t.Errorf("ParseLinkCode(%q) = %q, want link.code.format", in, got)
		} else if ie, ok := err.(*InputError); !ok || ie.Msg != "link.code.format" {
			t.Errorf("ParseLinkCode(%q) error %v", in, err)
		}
	}
}

func TestInWIB(t *testing.T) {
	t.Parallel()
	// 20:00 UTC on 2 Dec is 3 Dec in Solok.
	if got := InWIB(time.Date(2026, 12, 2, 20, 0, 0, 0, time.UTC)); got.Day() != 3 || got.Hour() != 3 {
		t.Errorf("InWIB = %v", got)
	}
}

var linkCodeForm = regexp.MustCompile(`^[A-Z]{6}$`)

func FuzzParseLinkCode(f *testing.F) {
	for _, s := range []string{"KMR-TXA", "kmr txa", "", "K7QM-2XHD-9P", "ÅÅÅ-ÅÅÅ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseLinkCode(s)
		if err != nil {
			mustInputError(t, err)
			return
		}
		if !linkCodeForm.MatchString(c) {
			t.Fatalf("ParseLinkCode(%q) = %q, not six capitals", s, c)
		}
		if again, err := ParseLinkCode(c); err != nil || again != c {
			t.Fatalf("ParseLinkCode(%q) = %q, %v; want itself", c, again, err)
		}
	})
}
