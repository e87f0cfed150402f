package domain

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseWitness(t *testing.T) {
	t.Parallel()
	ok := []struct {
		in   string
		want Witness
	}{
		{"Pak Datuak 0812 3456 7890", Witness{Name: "Pak Datuak", Phone: "+6281234567890"}},
		{"siti aminah", Witness{Name: "Siti Aminah"}},
		{"Siti Aminah, HP 0812-3456-7890", Witness{Name: "Siti Aminah", Phone: "+6281234567890"}},
		{"Rajo Alam no. +62 812 3456 7890", Witness{Name: "Rajo Alam", Phone: "+6281234567890"}},
		{"Upiak - 081234567890", Witness{Name: "Upiak", Phone: "+6281234567890"}},
		{"  Nur'aini   (0812) 3456 7890 ", Witness{Name: "Nur'aini", Phone: "+6281234567890"}},
		{"0812 3456 7890 Pak Datuak", Witness{Name: "Pak Datuak", Phone: "+6281234567890"}},
	}
	for _, c := range ok {
		got, err := ParseWitness(c.in)
		if err != nil {
			t.Errorf("ParseWitness(%q): %v", c.in, err)
			continue
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("ParseWitness(%q) (-want +got):\n%s", c.in, diff)
		}
	}
	bad := []struct{ in, msg string }{
		{"Pak Datuak 0755 123", "phone.invalid"},
		{"0812 3456 7890", "name.too_short"},
		{"Budi 2 Santoso", "name.invalid_chars"},
		{strings.Repeat("a", 10000), "name.too_long"},
		{"", "name.too_short"},
	}
	for _, c := range bad {
		_, err := ParseWitness(c.in)
		var ie *InputError
		if !errors.As(err, &ie) || ie.Msg != c.msg {
			t.Errorf("ParseWitness(%.30q) = %v, want %s", c.in, err, c.msg)
		}
	}
}

func TestWitnessesRoundTripAndCheck(t *testing.T) {
	t.Parallel()
	ws := []Witness{{Name: "Pak Datuak", Phone: "+6281234567890"}, {Name: "Siti Aminah"}}
	got, err := DecodeWitnesses(EncodeWitnesses(ws))
	if err != nil || !cmp.Equal(ws, got) {
		t.Fatalf("round trip = %v, %v", got, err)
	}
	if EncodeWitnesses(nil) != "" {
		t.Error("no witnesses should encode to nothing")
	}
	if err := CheckWitnesses(append(ws, Witness{Name: "Upiak"})); err == nil {
		t.Error("a third witness passed the check")
	}
	if err := CheckWitnesses([]Witness{{Name: "siti"}}); err == nil {
		t.Error("a name not in canonical form passed")
	}
	if err := CheckWitnesses([]Witness{{Name: "Siti", Phone: "0812"}}); err == nil {
		t.Error("a phone not in canonical form passed")
	}
	if _, err := DecodeWitnesses("{"); err == nil {
		t.Error("damaged witnesses decoded")
	}
}

// FuzzParseWitness: any text gives a witness that passes CheckWitnesses,
// or an *InputError; never a panic.
func FuzzParseWitness(f *testing.F) {
	for _, s := range []string{"Pak Datuak 0812 3456 7890", "siti, HP: 0812-3456-7890", "0812", "Budi 2", "", "Nur'aini (0812) 3456 7890", "hp 0812 3456 7890"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, err := ParseWitness(s)
		if err != nil {
			mustInputError(t, err)
			return
		}
		if err := CheckWitnesses([]Witness{w}); err != nil {
			t.Fatalf("ParseWitness(%q) = %+v, which the store refuses: %v", s, w, err)
		}
		if strings.ContainsAny(w.Name, "\t\n") {
			t.Fatalf("ParseWitness(%q) name %q holds a tab or newline", s, w.Name)
		}
	})
}
