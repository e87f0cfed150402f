package domain

import (
	"errors"
	"strings"
	"time"
)

// Iuran: the nagari pays its active members' iuran to BPJS Ketenagakerjaan
// month by month. BPU iuran is due "paling lambat tanggal 15 bulan iuran
// yang bersangkutan"; arrears can be paid for at most 3 months, and after
// more than 3 consecutive unpaid months membership ends (DOMAIN.md §12).

// DefaultIuran is the iuran per worker and month when no other is set:
// the BPU minimum, JKK Rp10.000 + JKM Rp6.800 (DOMAIN.md §2).
const DefaultIuran = 16800

// IuranDueDay is the day of the month by which the month's iuran is due.
const IuranDueDay = 15

// IuranGraceMonths is how many consecutive unpaid months BPJS lets stand:
// one more ends the memberships.
const IuranGraceMonths = 3

// IuranWarnLevels are the unpaid streaks (in months) at which staff are
// warned, before the memberships end.
var IuranWarnLevels = []int{1, 2}

// Month is a calendar month, stored as its first day (00:00 UTC).
type Month time.Time

// MonthOf is the month of day (a calendar date).
func MonthOf(day time.Time) Month { return Month(dateOf(day.Year(), day.Month(), 1)) }

// First is the month's first day.
func (m Month) First() time.Time { return time.Time(m) }

// Last is the month's last day.
func (m Month) Last() time.Time { return time.Time(m).AddDate(0, 1, -1) }

// Add is the month n months later (earlier for n < 0).
func (m Month) Add(n int) Month { return Month(time.Time(m).AddDate(0, n, 0)) }

// Due is the day the month's iuran is due.
func (m Month) Due() time.Time { return time.Time(m).AddDate(0, 0, IuranDueDay-1) }

// String is the month as "2026-11", as the CLI takes it.
func (m Month) String() string { return time.Time(m).Format("2006-01") }

// ErrMonth is ParseMonth's error.
var ErrMonth = errors.New(`month is not "YYYY-MM"`)

// ParseMonth reads "2026-11".
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", strings.TrimSpace(s))
	if err != nil || t.Year() < 2025 || t.Year() > 2100 {
		return Month{}, ErrMonth
	}
	return Month(t), nil
}

// LastDueMonth is the latest month whose due date has passed at now (in
// WIB): on the 16th a month's iuran is late, on the 15th not yet.
func LastDueMonth(now time.Time) Month {
	d := today(now)
	m := MonthOf(d)
	if !d.After(m.Due()) {
		m = m.Add(-1)
	}
	return m
}

// IuranMonth is what one month owed and whether it was paid.
type IuranMonth struct {
	Month   Month
	Members int // active members covered in the month
	Paid    bool
}

// Owed reports whether the month owed any iuran.
func (m IuranMonth) Owed() bool { return m.Members > 0 }

// UnpaidStreak counts the consecutive months, from the newest back, that
// owed iuran and were not paid; months must run newest first. A month that
// owed nothing ends the streak, like a paid one.
func UnpaidStreak(months []IuranMonth) int {
	n := 0
	for _, m := range months {
		if !m.Owed() || m.Paid {
			break
		}
		n++
	}
	return n
}

// IuranLapsed reports whether an unpaid streak ends the memberships.
func IuranLapsed(streak int) bool { return streak > IuranGraceMonths }

// YearEnd is the last day of budget year y: the APB Nagari's year is the
// calendar year.
func YearEnd(y int) time.Time { return dateOf(y, time.December, 31) }

// YearStart is the first day of budget year y.
func YearStart(y int) time.Time { return dateOf(y, time.January, 1) }

// RenewalReminderMonth is the month of a budget year from which the nagari
// staff are reminded to renew its quota for the next year.
const RenewalReminderMonth = time.December

// DefaultCoverEnd is the cover end of an activation BPJS gave none for:
// the end of the budget year that funds the place (budgetYear, 0 when none
// is recorded), or of the start's year when that is later.
func DefaultCoverEnd(start time.Time, budgetYear int) time.Time {
	return YearEnd(max(budgetYear, start.Year()))
}
