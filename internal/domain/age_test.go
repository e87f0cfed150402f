package domain

import "testing"

func TestParseApproxAge(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   string
		want ApproxAge
	}{
		{"50", "50"}, {"sekitar 50", "50"}, {"Sekitar 50 tahun", "50"}, {"50 th", "50"}, {"50thn", "50"},
		{"± 50", "50"}, {"kira-kira 47", "47"}, {"umur 62", "62"}, {"50an", "50an"}, {"50-an", "50an"},
		{"umur 30an", "30an"}, {"70an", "60plus"}, {"10an", "lt20"}, {" 18 ", "18"}, {"50 tahunan", "50an"},
	} {
		got, err := ParseApproxAge(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseApproxAge(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
		if !got.Valid() {
			t.Errorf("ParseApproxAge(%q) = %q is not Valid", c.in, got)
		}
	}
	for _, in := range []string{"", "tua", "5", "150", "50 60", "55an", "lima puluh", "50x", "-50", "1e3",
		"12345678901234567890123456789012345678901"} {
		if got, err := ParseApproxAge(in); err == nil {
			t.Errorf("ParseApproxAge(%q) = %q, want an error", in, got)
		} else if ie, ok := err.(*InputError); !ok || ie.Msg != "intake.age.invalid" {
			t.Errorf("ParseApproxAge(%q) error = %v", in, err)
		}
	}
	for _, a := range []ApproxAge{"", "050", "9", "101", "abc", "50 "} {
		if a.Valid() {
			t.Errorf("%q is Valid", a)
		}
	}
	if ApproxAge("62").Years() != 62 || ApproxAge("50an").Years() != 0 {
		t.Error("Years")
	}
}

func FuzzParseApproxAge(f *testing.F) {
	for _, s := range []string{"50", "sekitar 50", "50an", "50 th", "± 47 tahun", "tua"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseApproxAge(s)
		if err == nil && !a.Valid() {
			t.Fatalf("ParseApproxAge(%q) = %q, not Valid", s, a)
		}
	})
}
