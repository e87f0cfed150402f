package domain

import "testing"

func TestAReportRecordsTheCoverOnTheDayOfTheEvent(t *testing.T) {
	t.Parallel()
	active := Membership{State: MembershipActive, KPJ: "12345678901", CoverStart: day(2026, 8, 1), CoverEnd: day(2026, 12, 31)}
	ended, err := active.End(EndMoved, day(2026, 10, 10))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name       string
		registered bool
		m          Membership
		want       ReportCover
		told       Cover
	}{
		{"not registered", false, active, ReportCoverUnregistered, CoverNone},
		{"registered, never submitted", true, Membership{}, ReportCoverNotSubmitted, CoverNone},
		{"submitted, no answer yet", true, Membership{State: MembershipSubmitted}, ReportCoverPending, CoverPending},
		{"refused by BPJS", true, Membership{State: MembershipRefused, RefusedReason: "NIK"}, ReportCoverRefused, CoverNone},
		{"active that day", true, active, ReportCoverActive, CoverActive},
		{"ended before the day", true, func() Membership { m := ended; m.EndedOn = day(2026, 9, 1); return m }(), ReportCoverOutside, CoverNone},
		{"ended after the day", true, ended, ReportCoverActive, CoverActive},
	} {
		got := CoverOfReport(c.registered, c.m, day(2026, 9, 15))
		if got != c.want || got.Cover() != c.told {
			t.Errorf("%s: %q (told %q), want %q (told %q)", c.name, got, got.Cover(), c.want, c.told)
		}
	}
	// Active, but cover starting after the accident: waiting, not covered.
	if got := CoverOfReport(true, active, day(2026, 7, 20)); got != ReportCoverPending {
		t.Errorf("cover from a later day: %q, want %q", got, ReportCoverPending)
	}
	if got := CoverOfReport(true, active, day(2027, 1, 2)); got != ReportCoverOutside {
		t.Errorf("after the period's end: %q, want %q", got, ReportCoverOutside)
	}
}
