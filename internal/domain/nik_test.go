package domain

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestParseNIK(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     NIK
		msg      string
	}{
		{"plain solok man", "1302041505800001", "1302041505800001", ""},
		{"solok woman with day plus 40", "1302045505800002", "1302045505800002", ""},
		{"jakarta woman is accepted", "3174014107950003", "3174014107950003", ""},
		{"aceh", "1101010101900001", "1101010101900001", ""},
		{"papua barat daya, created 2022", "9601010101900001", "9601010101900001", ""},
		{"spaces", "1302 0415 0580 0001", "1302041505800001", ""},
		{"dots", "1302.0415.0580.0001", "1302041505800001", ""},
		{"dashes", "1302-041505-80-0001", "1302041505800001", ""},
		{"unicode hyphen and tabs", "1302\u20110415\t0580 0001", "1302041505800001", ""},
		{"surrounding space and newline", "  1302041505800001\n", "1302041505800001", ""},
		{"label NIK", "NIK 1302041505800001", "1302041505800001", ""},
		{"label nik colon", "nik:1302041505800001", "1302041505800001", ""},
		{"label NIK colon space", "NIK : 1302041505800001", "1302041505800001", ""},
		{"label No. NIK", "No. NIK 1302041505800001", "1302041505800001", ""},
		{"non-breaking spaces", "1302\u00a00415\u00a00580\u00a00001", "1302041505800001", ""},
		{"leap day 2000", "1302042902000001", "1302042902000001", ""},
		{"leap day woman", "1302046902000001", "1302046902000001", ""},
		{"born today", "1302042511260001", "1302042511260001", ""},
		{"yy 26 after today reads as 1926", "1302040112260001", "1302040112260001", ""},
		{"day 71 is woman's 31st", "1302047101900001", "1302047101900001", ""},

		{"empty", "", "", "nik.invalid_length"},
		{"only spaces", "    ", "", "nik.invalid_length"},
		{"15 digits", "130204150580001", "", "nik.invalid_length"},
		{"17 digits", "13020415058000011", "", "nik.invalid_length"},
		{"kk number of 16 digits plus one", "1302041505800001 1", "", "nik.invalid_length"},
		{"10,000 digits", long("1"), "", "nik.invalid_length"},
		{"letter O for zero", "13020415O5800001", "", "nik.not_digits"},
		{"letters", "abcdefghijklmnop", "", "nik.not_digits"},
		{"emoji", "1302041505800001😀", "", "nik.not_digits"},
		{"slash", "1302/0415/0580/0001", "", "nik.not_digits"},
		{"plus", "+1302041505800001", "", "nik.not_digits"},
		{"arabic-indic digits", "١٣٠٢٠٤١٥٠٥٨٠٠٠٠١", "", "nik.not_digits"},
		{"fullwidth digits", "１３０２０４１５０５８００００１", "", "nik.not_digits"},
		{"province 10 does not exist", "1002041505800001", "", "nik.invalid_region"},
		{"province 20 does not exist", "2002041505800001", "", "nik.invalid_region"},
		{"province 99 does not exist", "9902041505800001", "", "nik.invalid_region"},
		{"province 00", "0002041505800001", "", "nik.invalid_region"},
		{"kabupaten 00", "1300041505800001", "", "nik.invalid_region"},
		{"kecamatan 00", "1302001505800001", "", "nik.invalid_region"},
		{"day 00", "1302040005800001", "", "nik.invalid_date"},
		{"day 32", "1302043205800001", "", "nik.invalid_date"},
		{"day 40", "1302044005800001", "", "nik.invalid_date"},
		{"day 72", "1302047205800001", "", "nik.invalid_date"},
		{"day 99", "1302049905800001", "", "nik.invalid_date"},
		{"month 00", "1302041500800001", "", "nik.invalid_date"},
		{"month 13", "1302041513800001", "", "nik.invalid_date"},
		{"31 february", "1302043102800001", "", "nik.invalid_date"},
		{"71 february for a woman", "1302047102800001", "", "nik.invalid_date"},
		{"29 february 2001", "1302042902010001", "", "nik.invalid_date"},
		{"31 april", "1302043104800001", "", "nik.invalid_date"},
		{"serial 0000", "1302041505800000", "", "nik.invalid_serial"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseNIK(tt.in, now)
			wantMsg(t, err, tt.msg)
			if got != tt.want {
				t.Errorf("ParseNIK(%q) = %q, want %q", tt.in, string(got), string(tt.want))
			}
		})
	}
}

func TestNIKInfo(t *testing.T) {
	t.Parallel()
	tests := []struct {
		nik  NIK
		want NIKInfo
	}{
		{"1302041505800001", NIKInfo{BirthDate: day(1980, 5, 15), Gender: Male, FromSolok: true}},
		{"1302045505800002", NIKInfo{BirthDate: day(1980, 5, 15), Gender: Female, FromSolok: true}},
		{"3174014107950003", NIKInfo{BirthDate: day(1995, 7, 1), Gender: Female, FromSolok: false}},
		{"1371010101050001", NIKInfo{BirthDate: day(2005, 1, 1), Gender: Male, FromSolok: false}}, // Kota Padang
		{"1311010101900001", NIKInfo{BirthDate: day(1990, 1, 1), Gender: Male, FromSolok: false}}, // Solok Selatan, not Solok
		{"1302042902000001", NIKInfo{BirthDate: day(2000, 2, 29), Gender: Male, FromSolok: true}},
		{"1302042511260001", NIKInfo{BirthDate: day(2026, 11, 25), Gender: Male, FromSolok: true}},
		{"1302042611260001", NIKInfo{BirthDate: day(1926, 11, 26), Gender: Male, FromSolok: true}},
		{"1302040112260001", NIKInfo{BirthDate: day(1926, 12, 1), Gender: Male, FromSolok: true}},
		{"1302047112990001", NIKInfo{BirthDate: day(1999, 12, 31), Gender: Female, FromSolok: true}},
		{"not a nik", NIKInfo{}},
		{"", NIKInfo{}},
	}
	for _, tt := range tests {
		if got := tt.nik.Info(now); got != tt.want {
			t.Errorf("NIK(%q).Info() = %+v, want %+v", string(tt.nik), got, tt.want)
		}
	}
}

func TestNIKMatches(t *testing.T) {
	t.Parallel()
	n := NIK("1302045505800002")
	wantMsg(t, n.Matches(day(1980, 5, 15), Female, now), "")
	wantMsg(t, n.Matches(day(1980, 5, 16), Female, now), "nik.birth_date_mismatch")
	wantMsg(t, n.Matches(day(1980, 5, 15), Male, now), "nik.gender_mismatch")
	wantMsg(t, NIK("x").Matches(day(1980, 5, 15), Male, now), "nik.invalid_date")
}

func TestNIKNeverPrintsDigits(t *testing.T) {
	t.Parallel()
	n := NIK("1302041505800001")
	const masked = "1302********0001"
	if got := n.Masked(); got != masked {
		t.Errorf("Masked() = %q, want %q", got, masked)
	}
	reg := Registration{NIK: n, Phone: "+6281234567890"}
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("x", "nik", n, "phone", reg.Phone)
	for _, out := range []string{
		n.String(),
		fmt.Sprint(n),
		fmt.Sprintf("%v %s %q %+v %#v", n, n, n, n, n),
		fmt.Sprintf("%v %+v %#v", reg, reg, reg),
		fmt.Sprintf("%v", []NIK{n}),
		n.LogValue().String(),
		logged.String(),
	} {
		if strings.Contains(out, "15058000") || strings.Contains(out, "1302041505800001") {
			t.Errorf("output leaks the NIK: %s", out)
		}
		if strings.Contains(out, "34567") {
			t.Errorf("output leaks the phone: %s", out)
		}
	}
	if !strings.Contains(logged.String(), masked) {
		t.Errorf("log = %s, want the masked NIK", logged.String())
	}
	for _, odd := range []NIK{"123", "13020415058000011"} {
		if got := odd.Masked(); got != "****************" {
			t.Errorf("NIK(%q).Masked() = %q, want all stars", string(odd), got)
		}
	}
	if got := NIK("").Masked(); got != "" {
		t.Errorf(`NIK("").Masked() = %q`, got)
	}
}

func TestGenderValid(t *testing.T) {
	t.Parallel()
	for g, want := range map[Gender]bool{Male: true, Female: true, "": false, "l": false, "X": false} {
		if got := g.Valid(); got != want {
			t.Errorf("Gender(%q).Valid() = %v", g, got)
		}
	}
}

func BenchmarkParseNIK(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseNIK("1302 0415 0580 0001", now)
	}
}
