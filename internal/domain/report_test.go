package domain

import (
	"testing"
	"time"
)

func TestParseEventDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want time.Time
		msg  string
	}{
		{"5/3/2026", day(2026, 3, 5), ""},
		{"5 Maret 2026", day(2026, 3, 5), ""},
		{"5 mar", day(2026, 3, 5), ""},
		{"hari ini", day(2026, 11, 25), ""},
		{"kemarin", day(2026, 11, 24), ""},
		{"26/11/2026", time.Time{}, "date.future"},
		{"25/11/2021", day(2021, 11, 25), ""}, // exactly five years back
		{"24/11/2021", time.Time{}, "date.claim_window"},
		{"5 mei 1980", time.Time{}, "date.claim_window"},
		{"besok", time.Time{}, "date.invalid"},
	}
	for _, tt := range tests {
		got, err := ParseEventDate(tt.in, now)
		wantMsg(t, err, tt.msg)
		if !got.Equal(tt.want) {
			t.Errorf("ParseEventDate(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestParseClock(t *testing.T) {
	t.Parallel()
	yesterday := day(2026, 11, 24)
	tests := []struct {
		in   string
		on   time.Time
		want string
		msg  string
	}{
		{"14:30", yesterday, "14:30", ""},
		{"14.30", yesterday, "14:30", ""},
		{"jam 9", yesterday, "09:00", ""},
		{"pukul 7 malam", yesterday, "19:00", ""},
		{"2 siang", yesterday, "14:00", ""},
		{"4 sore", yesterday, "16:00", ""},
		{"12 pagi", yesterday, "00:00", ""},
		{"9.15 wib", yesterday, "09:15", ""},
		{"25:00", yesterday, "", "time.invalid"},
		{"sore sekali", yesterday, "", "time.invalid"},
		{"9 kemarin", yesterday, "", "time.invalid"},
		{"", yesterday, "", "time.invalid"},
		// now is 10:00 WIB on 25 November.
		{"09:59", day(2026, 11, 25), "09:59", ""},
		{"10:01", day(2026, 11, 25), "", "time.future"},
	}
	for _, tt := range tests {
		got, err := ParseClock(tt.in, tt.on, now)
		wantMsg(t, err, tt.msg)
		if got != tt.want {
			t.Errorf("ParseClock(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func validAccident() Report {
	return Report{
		Kind: ReportJKK, SubjectNIK: "1302044505800001", Registered: true,
		Date: day(2026, 11, 24), Clock: "pagi", Place: "Sawah di Jorong Koto Baru",
		Description: "Terjatuh dari pematang sawah", Injury: "Kaki kiri terkilir", Treatment: "puskesmas",
		ReporterName: "Budi Santoso", ReporterRelation: "keluarga", ReporterPhone: "+6281234567890",
	}
}

func TestReportValidate(t *testing.T) {
	t.Parallel()
	if err := validAccident().Validate(now); err != nil {
		t.Fatalf("valid accident: %v", err)
	}
	death := Report{
		Kind: ReportJKM, Death: true, SubjectNIK: "1302044505800001", Registered: true,
		Date: day(2026, 11, 20), Place: "Rumah", Cause: "sakit",
		ReporterName: "Rina", ReporterRelation: "anak", ReporterPhone: "+6281234567890",
	}
	if err := death.Validate(now); err != nil {
		t.Fatalf("valid death: %v", err)
	}
	bad := map[string]func(*Report){
		"future":            func(r *Report) { r.Date = day(2026, 12, 1) },
		"too_old":           func(r *Report) { r.Date = day(2020, 1, 1) },
		"no_place":          func(r *Report) { r.Place = "" },
		"untrimmed":         func(r *Report) { r.Description = " Terjatuh dari pematang " },
		"treatment":         func(r *Report) { r.Treatment = "dukun" },
		"six_photos":        func(r *Report) { r.Photos = []string{"a", "b", "c", "d", "e", "f"} },
		"self_with_nik":     func(r *Report) { r.ForSelf = true },
		"uncovered_nagari":  func(r *Report) { r.Registered = false },
		"reporter_relation": func(r *Report) { r.ReporterRelation = "anak" },
		"reporter_phone":    func(r *Report) { r.ReporterPhone = "0812" },
		"clock":             func(r *Report) { r.Clock = "25:00" },
		"kind":              func(r *Report) { r.Kind = "jht" },
		"location":          func(r *Report) { r.Lat = 91 },
	}
	for name, mutate := range bad {
		r := validAccident()
		mutate(&r)
		if err := r.Validate(now); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	death.Cause = CauseWorkAccident
	if err := death.Validate(now); err == nil {
		t.Error("a work-accident death filed as JKM: no error")
	}
	death.Kind = ReportJKK
	if err := death.Validate(now); err != nil {
		t.Errorf("work-accident death as JKK: %v", err)
	}
}

func TestHappenedBy(t *testing.T) {
	t.Parallel()
	wib := time.FixedZone("WIB", 7*60*60)
	reported := time.Date(2026, 11, 25, 10, 0, 0, 0, wib)
	day := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name        string
		date        time.Time
		clock, want string
	}{
		{"an_exact_time", day, "14:30", "2026-11-24T14:30:00+07:00"},
		{"a_part_of_the_day_from_its_start", day, "sore", "2026-11-24T15:00:00+07:00"},
		{"an_unknown_time_from_midnight", day, "tidak_tahu", "2026-11-24T00:00:00+07:00"},
		{"no_time_from_midnight", day, "", "2026-11-24T00:00:00+07:00"},
		{"never_after_the_report", time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), "malam", "2026-11-25T10:00:00+07:00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := Report{Date: tc.date, Clock: tc.clock}.HappenedBy(reported)
			if got.Format(time.RFC3339) != tc.want {
				t.Errorf("HappenedBy = %s, want %s", got.Format(time.RFC3339), tc.want)
			}
		})
	}
}

func TestReportWithoutNIKValidate(t *testing.T) {
	t.Parallel()
	described := func() Report {
		r := validAccident()
		r.SubjectNIK, r.Registered, r.NagariCode = "", false, "13.02.04.2001"
		r.SubjectName, r.SubjectAge = "Rajo Alam", "50an"
		return r
	}
	if err := described().Validate(now); err != nil {
		t.Fatalf("a person described without a NIK: %v", err)
	}
	named := validAccident()
	named.Registered, named.NagariCode, named.SubjectName = false, "13.02.04.2001", "Rajo Alam"
	if err := named.Validate(now); err != nil {
		t.Fatalf("a named person with an unregistered NIK: %v", err)
	}
	bad := map[string]func(*Report){
		"no_age":           func(r *Report) { r.SubjectAge = "" },
		"bad_age":          func(r *Report) { r.SubjectAge = "sekitar 50" },
		"no_name":          func(r *Report) { r.SubjectName = "" },
		"untidy_name":      func(r *Report) { r.SubjectName = "RAJO alam" },
		"registered":       func(r *Report) { r.Registered = true },
		"age_with_a_nik":   func(r *Report) { r.SubjectNIK = "1302044505800001" },
		"self_and_a_name":  func(r *Report) { r.ForSelf, r.SubjectAge = true, "" },
		"no_nagari":        func(r *Report) { r.NagariCode = "" },
		"untidy_with_nik":  func(r *Report) { r.SubjectNIK, r.SubjectAge, r.SubjectName = "1302044505800001", "", "rajo" },
		"reporter_missing": func(r *Report) { r.ReporterName = "" },
	}
	for name, mutate := range bad {
		r := described()
		mutate(&r)
		if err := r.Validate(now); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
