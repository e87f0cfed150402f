package domain

import (
	"slices"
	"testing"
	"time"
)

func TestRegistrationAgeLimit(t *testing.T) {
	t.Parallel()
	// now is 25 November 2026 in WIB.
	tests := []struct {
		birth time.Time
		ok    bool
	}{
		{day(1961, 11, 26), true},  // 64, a day short of 65
		{day(1961, 11, 25), false}, // 65 today: "belum mencapai 65 tahun" no more
		{day(1950, 1, 1), false},
		{day(2000, 1, 1), true},
	}
	for _, tt := range tests {
		if got := YoungEnough(tt.birth, now); got != tt.ok {
			t.Errorf("YoungEnough(%s) = %v, want %v", tt.birth.Format(time.DateOnly), got, tt.ok)
		}
		err := CheckRegistrationAge(tt.birth, now)
		if tt.ok {
			wantMsg(t, err, "")
		} else {
			wantMsg(t, err, "reg.too_old")
		}
	}
}

func TestParseDeathDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want time.Time
		msg  string
	}{
		{"kemarin", day(2026, 11, 24), ""},
		// JKM has no claim time limit (DOMAIN.md §12): seven years back is
		// taken, where an accident's date would be past the JKK window.
		{"3 mei 2019", day(2019, 5, 3), ""},
		{"25/11/2016", day(2016, 11, 25), ""},
		{"24/11/2016", time.Time{}, "date.too_long_ago"},
		{"26/11/2026", time.Time{}, "date.future"},
		{"besok", time.Time{}, "date.invalid"},
	}
	for _, tt := range tests {
		got, err := ParseDeathDate(tt.in, now)
		wantMsg(t, err, tt.msg)
		if !got.Equal(tt.want) {
			t.Errorf("ParseDeathDate(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	if _, err := ParseEventDate("3 mei 2019", now); err == nil {
		t.Error("an accident 7 years back was taken: the JKK window is 5 years")
	}
}

func TestDeathReportDatesHaveNoClaimWindow(t *testing.T) {
	t.Parallel()
	r := Report{Kind: ReportJKM, Death: true, SubjectNIK: "1302041203850002", Registered: true,
		Date: day(2019, 5, 3), Place: "Di rumah", Cause: "sakit",
		ReporterName: "Rina Wati", ReporterRelation: "anak", ReporterPhone: "+6281234567890"}
	if err := r.Validate(now); err != nil {
		t.Errorf("a JKM death 7 years back: %v", err)
	}
	r.Kind, r.Cause = ReportJKK, CauseSuddenAtWork
	if err := r.Validate(now); err != nil {
		t.Errorf("a sudden death at work as JKK: %v", err)
	}
	r.Kind = ReportJKM
	if err := r.Validate(now); err == nil {
		t.Error("a sudden death at work filed as JKM was taken")
	}
}

func TestParsePLKKList(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		max  int
		want []string
		msg  string
	}{
		{"RSUD Arosuka\nPuskesmas Alahan Panjang", 5, []string{"RSUD Arosuka", "Puskesmas Alahan Panjang"}, ""},
		{"1. RSUD  Arosuka\r\n\n - Klinik 24 Jam\n• rsud arosuka\n2) Puskesmas Sirukam", 5,
			[]string{"RSUD Arosuka", "Klinik 24 Jam", "Puskesmas Sirukam"}, ""},
		{"24 Jam Klinik", 5, []string{"24 Jam Klinik"}, ""},
		{" - ", 5, nil, ""},
		{"kosong", 5, nil, ""},
		{"\n\n", 5, nil, "plkk.empty"},
		{"A\nB\nC", 2, nil, "text.too_short"},
		{"RS A\nRS B\nRS C", 2, nil, "plkk.too_many"},
		{string(make([]byte, 10000)), 5, nil, "plkk.too_many"},
	}
	for _, tt := range tests {
		got, err := ParsePLKKList(tt.in, tt.max)
		wantMsg(t, err, tt.msg)
		if !slices.Equal(got, tt.want) {
			t.Errorf("ParsePLKKList(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := PLKKFor([]string{"Puskesmas A"}, []string{"RSUD B", "puskesmas a"}); !slices.Equal(got, []string{"Puskesmas A", "RSUD B"}) {
		t.Errorf("PLKKFor = %q", got)
	}
}

func FuzzParsePLKKList(f *testing.F) {
	for _, s := range []string{"RSUD Arosuka\nPuskesmas A", "1. X\n2) Y", "-", "", "\x00\n\u200b", "• • •"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		list, err := ParsePLKKList(s, MaxPLKKNagari)
		if err != nil {
			return
		}
		if len(list) > MaxPLKKNagari || len(PLKKFor(list, nil)) != len(list) {
			t.Fatalf("list %q over the bound or repeated", list)
		}
		for _, name := range list {
			if got, err := ParseFreeText(name, PLKKNameMinLen, PLKKNameMaxLen); err != nil || got != name {
				t.Fatalf("name %q not canonical", name)
			}
		}
	})
}
