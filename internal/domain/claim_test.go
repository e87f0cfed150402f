package domain

import (
	"errors"
	"testing"
	"time"
)

func TestParseRupiah(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   string
		want int64
		msg  string // the error's message ID, "" when it parses
	}{
		{"42.000.000", 42_000_000, ""},
		{"Rp 42 juta", 42_000_000, ""},
		{"Rp42.000.000,00", 42_000_000, ""},
		{"rp. 42.000.000,-", 42_000_000, ""},
		{"IDR 42000000", 42_000_000, ""},
		{"42jt", 42_000_000, ""},
		{"1,5 juta", 1_500_000, ""},
		{"1.5 juta", 1_500_000, ""},
		{"1.500 juta", 1_500_000_000, ""},
		{"750 ribu", 750_000, ""},
		{"750rb", 750_000, ""},
		{" 12.500 ", 12_500, ""},
		{"42", 0, "claims.amount.too_small"},
		{"20 M", 0, "claims.amount.too_large"},
		{"42,000,000", 0, "claims.amount.invalid"},
		{"4.2", 0, "claims.amount.invalid"},
		{"42.00.000", 0, "claims.amount.invalid"},
		{"1,5", 0, "claims.amount.invalid"},
		{"1,0000001 juta", 0, "claims.amount.invalid"},
		{"empat puluh juta", 0, "claims.amount.invalid"},
		{"42 dolar", 0, "claims.amount.invalid"},
		{"-42.000", 0, "claims.amount.invalid"},
		{"", 0, "claims.amount.invalid"},
		{"99999999999999999999", 0, "claims.amount.invalid"},
	} {
		got, err := ParseRupiah(c.in)
		var ie *InputError
		switch {
		case c.msg == "" && (err != nil || got != c.want):
			t.Errorf("ParseRupiah(%q) = %d, %v; want %d", c.in, got, err, c.want)
		case c.msg != "" && (!errors.As(err, &ie) || ie.Msg != c.msg):
			t.Errorf("ParseRupiah(%q) = %d, %v; want %s", c.in, got, err, c.msg)
		}
	}
}

func FuzzParseRupiah(f *testing.F) {
	for _, s := range []string{"42.000.000", "Rp 42 juta", "1,5 jt", "1.5 juta", "Rp42.000.000,00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseRupiah(s)
		if err == nil && (n < MinClaimAmount || n > MaxClaimAmount) {
			t.Fatalf("ParseRupiah(%q) = %d, outside the bounds", s, n)
		}
		if err == nil {
			// What FormatRupiah writes reads back the same.
			if back, err := ParseRupiah(FormatRupiah(n)); err != nil || back != n {
				t.Fatalf("%d written %q reads back %d, %v", n, FormatRupiah(n), back, err)
			}
		}
	})
}

func TestFormatRupiah(t *testing.T) {
	t.Parallel()
	for n, want := range map[int64]string{1000: "Rp1.000", 42_000_000: "Rp42.000.000", 999: "Rp999", 1_234_567: "Rp1.234.567"} {
		if got := FormatRupiah(n); got != want {
			t.Errorf("FormatRupiah(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestParseClaimNumber(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"klm-2026-001234": "KLM-2026-001234", "  JKK/01  2026 ": "JKK/01 2026", "123456789": "123456789",
	} {
		if got, err := ParseClaimNumber(in); err != nil || got != want {
			t.Errorf("ParseClaimNumber(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "   ", "tanpa angka", "KLM#2026", "1234567890123456789012345678901234567890X", "KLM-2026-é1"} {
		if _, err := ParseClaimNumber(in); !errors.Is(err, Invalid("claims.number.invalid")) {
			t.Errorf("ParseClaimNumber(%q) = %v, want claims.number.invalid", in, err)
		}
	}
}

func TestCheckPaidDate(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 5, 3, 0, 0, 0, time.UTC)
	event := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	if err := CheckPaidDate(Today(now), event, now); err != nil {
		t.Errorf("today: %v", err)
	}
	if err := CheckPaidDate(Today(now).AddDate(0, 0, 1), event, now); !errors.Is(err, Invalid("date.future")) {
		t.Errorf("tomorrow: %v", err)
	}
	if err := CheckPaidDate(event.AddDate(0, 0, -1), event, now); !errors.Is(err, Invalid("claims.date.before_event")) {
		t.Errorf("before the accident: %v", err)
	}
}

func TestTahap2Due(t *testing.T) {
	t.Parallel()
	t2 := Tahap2{Outcome: "sembuh", On: time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)}
	// 3 December 00:00 WIB plus 2 × 24 hours is 5 December 00:00 WIB.
	if want := time.Date(2026, 12, 4, 17, 0, 0, 0, time.UTC); !t2.Due().Equal(want) {
		t.Errorf("due %v, want %v", t2.Due(), want)
	}
}
