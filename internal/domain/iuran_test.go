package domain

import (
	"testing"
	"time"
)

func TestLastDueMonthTurnsOnTheSixteenthInWIB(t *testing.T) {
	for _, c := range []struct {
		now  time.Time
		want string
	}{
		{time.Date(2026, 11, 15, 16, 59, 0, 0, time.UTC), "2026-10"}, // 23:59 WIB on the 15th
		{time.Date(2026, 11, 15, 17, 0, 0, 0, time.UTC), "2026-11"},  // 00:00 WIB on the 16th
		{time.Date(2027, 1, 3, 0, 0, 0, 0, time.UTC), "2026-12"},
	} {
		if got := LastDueMonth(c.now).String(); got != c.want {
			t.Errorf("LastDueMonth(%v) = %s, want %s", c.now, got, c.want)
		}
	}
}

func TestUnpaidStreakStopsAtAPaidOrOwingNothingMonth(t *testing.T) {
	m := MonthOf(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	months := []IuranMonth{{m, 3, false}, {m.Add(-1), 3, false}, {m.Add(-2), 2, true}, {m.Add(-3), 2, false}}
	if got := UnpaidStreak(months); got != 2 {
		t.Fatalf("streak %d, want 2", got)
	}
	months[2].Paid = false
	if got := UnpaidStreak(months); got != 4 || !IuranLapsed(got) {
		t.Fatalf("streak %d (lapsed %v), want 4, lapsed", got, IuranLapsed(got))
	}
	months[0].Members = 0
	if got := UnpaidStreak(months); got != 0 {
		t.Fatalf("a month owing nothing: streak %d", got)
	}
	if IuranLapsed(3) {
		t.Fatal("three unpaid months are still within the grace")
	}
}

func TestParseMonthAndDueDate(t *testing.T) {
	m, err := ParseMonth(" 2026-02 ")
	if err != nil || m.Due() != dateOf(2026, 2, 15) || m.Last() != dateOf(2026, 2, 28) || m.Add(-2).String() != "2025-12" {
		t.Fatalf("ParseMonth: %v %v %v", m, err, m.Last())
	}
	for _, bad := range []string{"", "2026-13", "11-2026", "1999-01"} {
		if _, err := ParseMonth(bad); err == nil {
			t.Errorf("ParseMonth(%q) took it", bad)
		}
	}
}

func TestDefaultCoverEndIsTheBudgetYearsEnd(t *testing.T) {
	start := dateOf(2026, 8, 1)
	if got := DefaultCoverEnd(start, 2026); got != dateOf(2026, 12, 31) {
		t.Fatal(got)
	}
	if got := DefaultCoverEnd(start, 0); got != dateOf(2026, 12, 31) {
		t.Fatal(got)
	}
	if got := DefaultCoverEnd(dateOf(2027, 1, 5), 2026); got != dateOf(2027, 12, 31) {
		t.Fatal(got)
	}
}
