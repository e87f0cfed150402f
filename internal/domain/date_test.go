package domain

import (
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want time.Time
		msg  string
	}{
		// Numeric, day first.
		{"5/3/2026", day(2026, 3, 5), ""},
		{"05-03-1980", day(1980, 3, 5), ""},
		{"5.3.80", day(1980, 3, 5), ""},
		{"5.3.26", day(2026, 3, 5), ""},
		{"5.12.26", day(1926, 12, 5), ""}, // 2026-12-05 is in the future
		{"25.11.26", day(2026, 11, 25), ""},
		{"5/3/00", day(2000, 3, 5), ""},
		{"13/3/2026", day(2026, 3, 13), ""},
		{"5 - 3 - 2026", day(2026, 3, 5), ""},
		{"5/3", day(2026, 3, 5), ""},
		{"24/12", day(2025, 12, 24), ""},
		{"05031980", day(1980, 3, 5), ""},
		{"050380", day(1980, 3, 5), ""},
		{"29/2/2024", day(2024, 2, 29), ""},
		{"29-02-00", day(2000, 2, 29), ""},
		// ISO.
		{"2026-03-05", day(2026, 3, 5), ""},
		{"1980/03/05", day(1980, 3, 5), ""},
		// Month names.
		{"5 Maret 2026", day(2026, 3, 5), ""},
		{"5 mar 2026", day(2026, 3, 5), ""},
		{"5 mei 1980", day(1980, 5, 5), ""},
		{"5 MEI 1980", day(1980, 5, 5), ""},
		{"tgl 5 mei 1980", day(1980, 5, 5), ""},
		{"tgl. 5 mei 1980", day(1980, 5, 5), ""},
		{"Tgl.5/3/1980", day(1980, 3, 5), ""},
		{"tanggal 5 Mei 1980", day(1980, 5, 5), ""},
		{"Tanggal: 17 Agustus 1945", day(1945, 8, 17), ""},
		{"5 mei tahun 1980", day(1980, 5, 5), ""},
		{"5 mei '80", day(1980, 5, 5), ""},
		{"5-Mar-2026", day(2026, 3, 5), ""},
		{"5mar2026", day(2026, 3, 5), ""},
		{"  5   Maret   2026  ", day(2026, 3, 5), ""},
		{"5 Maret 2026.", day(2026, 3, 5), ""},
		{"Senin, 5 Mei 2025", day(2025, 5, 5), ""},
		{"jum'at 7 november 2025", day(2025, 11, 7), ""},
		{"5 Pebruari 1970", day(1970, 2, 5), ""},
		{"5 Nopember 1970", day(1970, 11, 5), ""},
		{"5 septem 1970", day(1970, 9, 5), ""},
		// No year: this year, or last year if that is still to come.
		{"5 Agustus", day(2026, 8, 5), ""},
		{"5 agt", day(2026, 8, 5), ""},
		{"5 ags", day(2026, 8, 5), ""},
		{"25 November", day(2026, 11, 25), ""},
		{"26 nov", day(2025, 11, 26), ""},
		{"5 Desember", day(2025, 12, 5), ""},
		// English.
		{"5 March 2026", day(2026, 3, 5), ""},
		{"March 5, 2026", day(2026, 3, 5), ""},
		{"5 Aug 2025", day(2025, 8, 5), ""},
		{"5th May 1980", day(1980, 5, 5), ""},
		{"1st oct 1999", day(1999, 10, 1), ""},
		// Relative.
		{"hari ini", day(2026, 11, 25), ""},
		{"Hari Ini", day(2026, 11, 25), ""},
		{"hariini", day(2026, 11, 25), ""},
		{"kemarin", day(2026, 11, 24), ""},
		{"kemaren", day(2026, 11, 24), ""},
		{"KEMARIN", day(2026, 11, 24), ""},
		{"kemarin lusa", day(2026, 11, 23), ""},
		{"kemaren lusa", day(2026, 11, 23), ""},
		{"3 hari lalu", day(2026, 11, 22), ""},
		{"3 hari yang lalu", day(2026, 11, 22), ""},
		{"tgl kemarin", day(2026, 11, 24), ""},

		{"31/2/2026", time.Time{}, "date.invalid"},
		{"29/2/2025", time.Time{}, "date.invalid"},
		{"31/4/2026", time.Time{}, "date.invalid"},
		{"3/13/2026", time.Time{}, "date.invalid"}, // never US order
		{"0/3/2026", time.Time{}, "date.invalid"},
		{"5/0/2026", time.Time{}, "date.invalid"},
		{"32/1/2026", time.Time{}, "date.invalid"},
		{"5/3/202", time.Time{}, "date.invalid"},
		{"5/3/1899", time.Time{}, "date.invalid"},
		{"005/3/2026", time.Time{}, "date.invalid"},
		{"5 foo 2026", time.Time{}, "date.invalid"},
		{"5 ju 2026", time.Time{}, "date.invalid"},
		{"mei", time.Time{}, "date.invalid"},
		{"1980", time.Time{}, "date.invalid"},
		{"5", time.Time{}, "date.invalid"},
		{"1.2.3.4", time.Time{}, "date.invalid"},
		{"besok", time.Time{}, "date.invalid"},
		{"lusa", time.Time{}, "date.invalid"},
		{"", time.Time{}, "date.invalid"},
		{"   ", time.Time{}, "date.invalid"},
		{"🎂", time.Time{}, "date.invalid"},
		{"5 mei 1980 🎂", time.Time{}, "date.invalid"},
		{"５/３/２０２６", time.Time{}, "date.invalid"},
		{long("5/3/2026 "), time.Time{}, "date.invalid"},
		{"5/3/2027", time.Time{}, "date.future"},
		{"26/11/2026", time.Time{}, "date.future"},
		{"2026-11-26", time.Time{}, "date.future"},
		{"1 januari 2030", time.Time{}, "date.future"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseDate(tt.in, now)
			wantMsg(t, err, tt.msg)
			if !got.Equal(tt.want) || got.Location() != time.UTC {
				t.Errorf("ParseDate(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseDateMonthNames(t *testing.T) {
	t.Parallel()
	names := map[time.Month][]string{
		1:  {"januari", "jan", "january"},
		2:  {"februari", "feb", "peb", "february"},
		3:  {"maret", "mar", "march"},
		4:  {"april", "apr"},
		5:  {"mei", "may"},
		6:  {"juni", "jun", "june"},
		7:  {"juli", "jul", "july"},
		8:  {"agustus", "agu", "agt", "ags", "aug", "august"},
		9:  {"september", "sep", "sept"},
		10: {"oktober", "okt", "oct", "october"},
		11: {"november", "nov", "nop"},
		12: {"desember", "des", "dec", "december"},
	}
	for m, ws := range names {
		for _, w := range ws {
			for _, word := range []string{w, w + ".", strings.ToUpper(w[:1]) + w[1:], strings.ToUpper(w)} {
				in := "1 " + word + " 1990"
				got, err := ParseDate(in, now)
				if err != nil || !got.Equal(day(1990, m, 1)) {
					t.Errorf("ParseDate(%q) = %v, %v; want 1990-%02d-01", in, got, err, m)
				}
			}
		}
	}
}

// Users are in WIB: at 00:30 WIB on the 25th the server's UTC clock still
// says the 24th, and the 25th must not count as the future.
func TestParseDateUsesWIB(t *testing.T) {
	t.Parallel()
	justAfterMidnightWIB := time.Date(2026, 11, 24, 17, 30, 0, 0, time.UTC)
	got, err := ParseDate("25/11/2026", justAfterMidnightWIB)
	if err != nil || !got.Equal(day(2026, 11, 25)) {
		t.Errorf("25/11/2026 at 00:30 WIB = %v, %v", got, err)
	}
	got, err = ParseDate("hari ini", justAfterMidnightWIB)
	if err != nil || !got.Equal(day(2026, 11, 25)) {
		t.Errorf("hari ini at 00:30 WIB = %v, %v", got, err)
	}
	justBeforeMidnightWIB := time.Date(2026, 11, 25, 16, 59, 0, 0, time.UTC)
	_, err = ParseDate("26/11/2026", justBeforeMidnightWIB)
	wantMsg(t, err, "date.future")
}

func TestParseBirthDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want time.Time
		msg  string
	}{
		{"5 mei 1980", day(1980, 5, 5), ""},
		{"15/5/80", day(1980, 5, 15), ""},
		{"25/11/2011", day(2011, 11, 25), ""}, // 15 today
		{"25/11/1926", day(1926, 11, 25), ""}, // 100 today
		{"1.1.26", day(1926, 1, 1), ""},       // a registrant born "26" is 100, not a baby
		{"26/11/1925", day(1925, 11, 26), ""}, // 100, turns 101 tomorrow
		{"26/11/2011", time.Time{}, "date.too_young"},
		{"5/3/2012", time.Time{}, "date.too_young"},
		{"hari ini", time.Time{}, "date.too_young"},
		{"1.1.15", time.Time{}, "date.too_young"},
		{"25/11/1925", time.Time{}, "date.too_old"},
		{"1/1/1900", time.Time{}, "date.too_old"},
		{"5/3/2027", time.Time{}, "date.future"},
		{"31/2/1980", time.Time{}, "date.invalid"},
		{"", time.Time{}, "date.invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseBirthDate(tt.in, now)
			wantMsg(t, err, tt.msg)
			if !got.Equal(tt.want) {
				t.Errorf("ParseBirthDate(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func BenchmarkParseDate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseDate("tgl 5 Agustus 1980", now)
	}
}
