package domain

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want, msg string
	}{
		{"upper case", "SITI NURBAYA", "Siti Nurbaya", ""},
		{"initial with dot", "m. yusuf", "M. Yusuf", ""},
		{"apostrophe does not start a word", "nur'aini", "Nur'aini", ""},
		{"curly apostrophe", "nur’aini", "Nur'aini", ""},
		{"abbreviation and hyphen", "st. rahmah el-yunusiyah", "St. Rahmah El-Yunusiyah", ""},
		{"already canonical", "Siti Nurbaya", "Siti Nurbaya", ""},
		{"mixed case", "sItI nUrBaYa", "Siti Nurbaya", ""},
		{"extra spaces", "  siti    nurbaya  ", "Siti Nurbaya", ""},
		{"tabs and newline", "siti\tnur\nbaya", "Siti Nur Baya", ""},
		{"non-breaking space", "siti\u00a0nurbaya", "Siti Nurbaya", ""},
		{"dot without space", "m.yusuf", "M.Yusuf", ""},
		{"unicode hyphen", "el\u2010yunusiyah", "El-Yunusiyah", ""},
		{"leading apostrophe", "'aisyah", "'Aisyah", ""},
		{"two letters", "ed", "Ed", ""},
		{"accents", "ÉLODIE rené", "Élodie René", ""},
		{"combining accent", "rene\u0301", "Rene\u0301", ""},
		{"arabic script", "محمد علي", "محمد علي", ""},
		{"long minang name", "Hj. Rangkayo Rasuna Said", "Hj. Rangkayo Rasuna Said", ""},
		{"exactly 100", strings.Repeat("a", 100), "A" + strings.Repeat("a", 99), ""},

		{"empty", "", "", "name.too_short"},
		{"spaces only", "   \t\n", "", "name.too_short"},
		{"one letter", "A", "", "name.too_short"},
		{"101 letters", strings.Repeat("a", 101), "", "name.too_long"},
		{"10,000 letters", long("a"), "", "name.too_long"},
		{"10,000 words", long("ab "), "", "name.too_long"},
		{"digit", "Budi 2", "", "name.invalid_chars"},
		{"all digits", "1302041505800001", "", "name.invalid_chars"},
		{"emoji", "Budi 😀", "", "name.invalid_chars"},
		{"underscore", "Budi_Santoso", "", "name.invalid_chars"},
		{"at sign", "budi@example.com", "", "name.invalid_chars"},
		{"comma", "Santoso, Budi", "", "name.invalid_chars"},
		{"slash", "Budi/Andi", "", "name.invalid_chars"},
		{"brackets", "Budi (Andi)", "", "name.invalid_chars"},
		{"punctuation only", "...", "", "name.invalid_chars"},
		{"zero width joiner", "Bu\u200ddi", "", "name.invalid_chars"},
		{"right-to-left override", "Budi\u202e", "", "name.invalid_chars"},
		{"lone combining mark", "\u0301abc", "", "name.invalid_chars"},
		{"control character", "Bu\x00di", "", "name.invalid_chars"},
		{"invalid utf-8", "Bu\xffdi", "", "name.invalid_chars"},
		{"10,000 emoji", long("😀"), "", "name.invalid_chars"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseName(tt.in)
			wantMsg(t, err, tt.msg)
			if got != tt.want {
				t.Errorf("ParseName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseFreeText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		min, max int
		want     string
		msg      string
	}{
		{"address", "Jorong Koto Tuo, Nagari Cupak", 5, 200, "Jorong Koto Tuo, Nagari Cupak", ""},
		{"collapses white space and newlines", "  Jorong  Koto\n\nBaru \t ", 5, 200, "Jorong Koto Baru", ""},
		{"strips control characters", "Jorong\x00 Koto\x07 Baru", 5, 200, "Jorong Koto Baru", ""},
		{"strips bidi override", "Jorong\u202e Koto", 5, 200, "Jorong Koto", ""},
		{"strips invalid utf-8", "Jorong\xff Koto", 5, 200, "Jorong Koto", ""},
		{"keeps digits and punctuation", "Jl. Raya No. 12, RT 01/RW 02", 5, 200, "Jl. Raya No. 12, RT 01/RW 02", ""},
		{"keeps emoji", "dekat masjid 🕌", 5, 200, "dekat masjid 🕌", ""},
		{"exactly max", "abcde", 1, 5, "abcde", ""},
		{"exactly min", "abc", 3, 5, "abc", ""},
		{"empty", "", 5, 200, "", "text.too_short"},
		{"white space only", " \n\t ", 1, 200, "", "text.too_short"},
		{"too short after trimming", "  ab  ", 3, 200, "", "text.too_short"},
		{"too long", "abcdef", 1, 5, "", "text.too_long"},
		{"10,000 characters", long("a"), 5, 200, "", "text.too_long"},
		{"10,000 spaces", long(" "), 5, 200, "", "text.too_short"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseFreeText(tt.in, tt.min, tt.max)
			wantMsg(t, err, tt.msg)
			if got != tt.want {
				t.Errorf("ParseFreeText(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if err != nil {
				want := map[string]any{"Min": tt.min, "Max": tt.max}
				if diff := cmp.Diff(want, err.(*InputError).Data); diff != "" {
					t.Errorf("Data (-want +got):\n%s", diff)
				}
			}
		})
	}
}
