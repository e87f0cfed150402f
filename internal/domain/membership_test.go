package domain

import (
	"errors"
	"testing"
	"time"
)

func TestCoverIsAPeriodNotARegistration(t *testing.T) {
	t.Parallel()
	active := Membership{State: MembershipActive, KPJ: "12345678901", CoverStart: day(2026, 8, 1), CoverEnd: day(2026, 12, 31)}
	ended, err := active.End(EndDeath, day(2026, 10, 10))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		m    Membership
		on   time.Time
		want Cover
	}{
		{"never submitted", Membership{}, day(2026, 9, 1), CoverNone},
		{"submitted only", Membership{State: MembershipSubmitted, Batch: "AJU-2026-00001"}, day(2026, 9, 1), CoverPending},
		{"refused", Membership{State: MembershipRefused}, day(2026, 9, 1), CoverNone},
		{"active, before its start", active, day(2026, 7, 31), CoverPending},
		{"active, first day", active, day(2026, 8, 1), CoverActive},
		{"active, last day", active, day(2026, 12, 31), CoverActive},
		{"active, after its end", active, day(2027, 1, 1), CoverNone},
		{"active, a time of day within", active, time.Date(2026, 9, 1, 23, 59, 0, 0, time.UTC), CoverActive},
		{"ended, before the end", ended, day(2026, 10, 9), CoverActive},
		{"ended, on the end day", ended, day(2026, 10, 10), CoverNone},
		{"ended, before the start", ended, day(2026, 7, 1), CoverNone},
	} {
		if got := c.m.CoverOn(c.on); got != c.want {
			t.Errorf("%s: CoverOn = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestMembershipLifecycle(t *testing.T) {
	t.Parallel()
	var none Membership
	sub, err := none.Submit("AJU-2026-00001")
	if err != nil || sub.State != MembershipSubmitted || sub.Batch != "AJU-2026-00001" {
		t.Fatalf("Submit = %+v, %v", sub, err)
	}
	if _, err := sub.Submit("AJU-2026-00002"); !errors.Is(err, ErrMembershipTransition) {
		t.Errorf("submitting twice: err = %v", err)
	}
	if _, err := none.Activate("12345678901", day(2026, 8, 1), time.Time{}); !errors.Is(err, ErrMembershipTransition) {
		t.Errorf("activating an unsubmitted worker: err = %v", err)
	}
	if _, err := sub.Activate("12345678901", day(2026, 8, 1), day(2026, 7, 1)); !errors.Is(err, ErrMembershipTransition) {
		t.Errorf("a period ending before it starts: err = %v", err)
	}
	act, err := sub.Activate("12345678901", day(2026, 8, 1), day(2026, 12, 31))
	if err != nil || act.State != MembershipActive || act.Batch != sub.Batch || act.KPJ != "12345678901" {
		t.Fatalf("Activate = %+v, %v", act, err)
	}
	if _, err := act.Refuse("NIK tidak sesuai"); !errors.Is(err, ErrMembershipTransition) {
		t.Errorf("refusing an active member: err = %v", err)
	}
	if _, err := act.End("bosan", day(2026, 9, 1)); !errors.Is(err, ErrMembershipTransition) {
		t.Errorf("an unknown end reason: err = %v", err)
	}
	end, err := act.End(EndMoved, time.Date(2026, 9, 1, 15, 0, 0, 0, time.UTC))
	if err != nil || end.State != MembershipEnded || end.EndedOn != day(2026, 9, 1) || end.KPJ != act.KPJ {
		t.Fatalf("End = %+v, %v", end, err)
	}
	if _, err := end.End(EndDeath, day(2026, 9, 2)); !errors.Is(err, ErrMembershipTransition) {
		t.Errorf("ending twice: err = %v", err)
	}
	ref, err := sub.Refuse("NIK tidak sesuai Dukcapil")
	if err != nil || ref.State != MembershipRefused || ref.RefusedReason == "" {
		t.Fatalf("Refuse = %+v, %v", ref, err)
	}
	again, err := ref.Submit("AJU-2026-00003")
	if err != nil || again.State != MembershipSubmitted || again.RefusedReason != "" {
		t.Errorf("resubmitting after a refusal = %+v, %v", again, err)
	}
}

func TestParseKPJ(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]KPJ{
		"12345678901":       "12345678901",
		" 123 4567 8901 ":   "12345678901",
		"123.456.789-01":    "12345678901",
		`="12345678901"`:    "12345678901",
		"12345678901234567": "12345678901234567",
	} {
		got, err := ParseKPJ(in)
		if err != nil || got != want {
			t.Errorf("ParseKPJ(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "1234567", "123456789012345678901", "KPJ123456789", "12345678901x"} {
		_, err := ParseKPJ(in)
		wantMsg(t, err, "membership.kpj.invalid")
	}
}

func TestEndedByTheNagariCanBeSubmittedAgain(t *testing.T) {
	t.Parallel()
	active := Membership{State: MembershipActive, Batch: "AJU-2026-00001", KPJ: "12345678901",
		CoverStart: day(2026, 8, 1), CoverEnd: day(2026, 12, 31)}
	want := map[EndReason]bool{
		EndDeath: false, EndMoved: false, EndWithdrew: false, EndAge: false,
		EndUnpaid: true, EndBudgetYear: true,
	}
	if len(want) != len(EndReasons) {
		t.Fatalf("the test covers %d reasons, there are %d", len(want), len(EndReasons))
	}
	for _, r := range EndReasons {
		if got := r.Reenrollable(); got != want[r] {
			t.Errorf("%s.Reenrollable() = %v, want %v", r, got, want[r])
		}
		ended, err := active.End(r, day(2027, 1, 1))
		if err != nil {
			t.Fatalf("End(%s): %v", r, err)
		}
		again, err := ended.Submit("AJU-2027-00002")
		if !want[r] {
			if !errors.Is(err, ErrMembershipTransition) || again.State != MembershipEnded {
				t.Errorf("submitting a member ended for %s = %+v, %v; want refused", r, again, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("submitting a member ended for %s: %v", r, err)
		}
		if again != (Membership{State: MembershipSubmitted, Batch: "AJU-2027-00002"}) {
			t.Errorf("submitting a member ended for %s = %+v; want a fresh submission, no old card or period", r, again)
		}
		if got := again.CoverOn(day(2026, 9, 1)); got != CoverPending {
			t.Errorf("resubmitted for %s: CoverOn = %q, want %q", r, got, CoverPending)
		}
	}
	if EndReason("bosan").Reenrollable() {
		t.Error("an unknown reason is reenrollable")
	}
}
