package domain

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// mustInputError fails unless err is an *InputError: parsers must never
// return an error the bot would have to report as internal.
func mustInputError(t *testing.T, err error) {
	t.Helper()
	var ie *InputError
	if !errors.As(err, &ie) || ie.Msg == "" {
		t.Fatalf("error %v (%T) is not an *InputError", err, err)
	}
}

func FuzzParseNIK(f *testing.F) {
	for _, s := range []string{
		"1302041505800001", "1302 0415 0580 0001", "NIK: 1302045505800002", "3174014107950003",
		"1302042902000001", "1302043102800001", "1302041505800000", "1002041505800001",
		"13020415O5800001", "", "nik", "١٣٠٢٠٤١٥٠٥٨٠٠٠٠١",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseNIK(s, now)
		if err != nil {
			mustInputError(t, err)
			return
		}
		if len(n) != 16 || !isDigits(string(n)) {
			t.Fatalf("ParseNIK(%q) = %q, not 16 digits", s, string(n))
		}
		if again, err := ParseNIK(string(n), now); err != nil || again != n {
			t.Fatalf("ParseNIK(%q) = %q, %v; want itself", string(n), string(again), err)
		}
		m := n.Masked()
		if len(m) != 16 || m[4:12] != "********" || m[:4] != string(n[:4]) || m[12:] != string(n[12:]) {
			t.Fatalf("Masked() = %q for %q", m, string(n))
		}
		if n.String() != m || n.LogValue().String() != m {
			t.Fatal("String or LogValue is not masked")
		}
		info := n.Info(now)
		if info.BirthDate.IsZero() || info.BirthDate.After(today(now)) || !info.Gender.Valid() {
			t.Fatalf("Info() = %+v for a valid NIK", info)
		}
		if a := age(info.BirthDate, today(now)); a < 0 || a > MaxAge {
			t.Fatalf("age %d from NIK %q", a, string(n))
		}
		if err := n.Matches(info.BirthDate, info.Gender, now); err != nil {
			t.Fatalf("NIK does not match its own info: %v", err)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"5/3/2026", "05-03-1980", "5.3.80", "2026-03-05", "5 Maret 2026", "5 mar 2026", "tgl 5 mei 1980",
		"5 Agustus", "5 agt", "hari ini", "kemarin lusa", "3 hari yang lalu", "March 5, 2026", "31/2/2026",
		"05031980", "Senin, 5 Mei 2025", "jum'at 7 nov", "", "🎂",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s, now)
		bd, berr := ParseBirthDate(s, now)
		if err != nil {
			mustInputError(t, err)
			if berr == nil {
				t.Fatalf("ParseBirthDate(%q) succeeded where ParseDate failed with %v", s, err)
			}
			mustInputError(t, berr)
			return
		}
		if !d.Equal(dateOf(d.Date())) || d.Location() != time.UTC {
			t.Fatalf("ParseDate(%q) = %v, not 00:00 UTC", s, d)
		}
		if d.After(today(now)) {
			t.Fatalf("ParseDate(%q) = %v, after today", s, d)
		}
		for _, layout := range []string{"2006-01-02", "2/1/2006", "02-01-2006", "2 January 2006"} {
			if again, err := ParseDate(d.Format(layout), now); err != nil || !again.Equal(d) {
				t.Fatalf("ParseDate(%q) = %v, %v; want %v", d.Format(layout), again, err, d)
			}
		}
		if berr != nil {
			mustInputError(t, berr)
			return
		}
		if a := age(bd, today(now)); a < MinAge || a > MaxAge {
			t.Fatalf("ParseBirthDate(%q) = %v, age %d", s, bd, a)
		}
	})
}

func FuzzParseName(f *testing.F) {
	for _, s := range []string{
		"SITI NURBAYA", "m. yusuf", "nur'aini", "nur’aini", "st. rahmah el-yunusiyah", "  a  b ", "Budi 2",
		"😀", "ÉLODIE", "rene\u0301", "ǆemal", "ſara", "...", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseName(s)
		if err != nil {
			mustInputError(t, err)
			return
		}
		if again, err := ParseName(n); err != nil || again != n {
			t.Fatalf("ParseName(%q) = %q, %v; want itself", n, again, err)
		}
		if c := utf8.RuneCountInString(n); c < NameMinLen || c > NameMaxLen {
			t.Fatalf("ParseName(%q) = %q, %d characters", s, n, c)
		}
		if !utf8.ValidString(n) || strings.Contains(n, "  ") || strings.TrimSpace(n) != n {
			t.Fatalf("ParseName(%q) = %q, not normalised", s, n)
		}
	})
}

var e164 = regexp.MustCompile(`^\+628[1-35-9]\d{7,10}$`)

func FuzzParsePhone(f *testing.F) {
	for _, s := range []string{
		"081234567890", "+62 812-3456-7890", "+62 (0) 812 3456 7890", "6281234567890", "8123456789",
		"0755 20001", "+1 415 555 0100", "", "++62", "０８１２",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePhone(s)
		if err != nil {
			mustInputError(t, err)
			return
		}
		if !e164.MatchString(string(p)) {
			t.Fatalf("ParsePhone(%q) = %q, not E.164 mobile", s, string(p))
		}
		if again, err := ParsePhone(string(p)); err != nil || again != p {
			t.Fatalf("ParsePhone(%q) = %q, %v; want itself", string(p), string(again), err)
		}
		m := p.Masked()
		if len(m) != len(p) || m[:6] != string(p[:6]) || m[len(m)-3:] != string(p[len(p)-3:]) ||
			strings.Trim(m[6:len(m)-3], "*") != "" {
			t.Fatalf("Masked() = %q for %q", m, string(p))
		}
		if p.String() != m || p.LogValue().String() != m {
			t.Fatal("String or LogValue is not masked")
		}
	})
}

// FuzzMatchNagari checks that no text makes matching panic or return more
// than maxMatches; it is the input users type most freely.
func FuzzMatchNagari(f *testing.F) {
	r := loadRegions(f)
	for _, s := range []string{"muara panas", "Koto Anau", "KOTO  LAWEH", "jawi2", "IX", "sei", "🙂", ""} {
		f.Add("", s)
		f.Add("13.02.06", s)
	}
	f.Fuzz(func(t *testing.T, kec, s string) {
		if got := r.MatchNagari(kec, s); len(got) > maxMatches {
			t.Fatalf("MatchNagari(%q, %q) gave %d results", kec, s, len(got))
		}
		if got := r.MatchKecamatan(s); len(got) > maxMatches {
			t.Fatalf("MatchKecamatan(%q) gave %d results", s, len(got))
		}
	})
}
