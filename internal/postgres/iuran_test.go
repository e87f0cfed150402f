package postgres_test

import (
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/postgres/pgtest"
	"github.com/jaganagari/jaganagari/internal/seal"
)

// alahan is Nagari Alahan Panjang, where the tests' workers live.
const alahan = "13.02.04.2001"

// wib is 00:00 plus hour WIB on the given day, as an instant.
func wib(y int, m time.Month, d, hour int) time.Time {
	return time.Date(y, m, d, hour, 0, 0, 0, time.FixedZone("WIB", 7*3600))
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// member is a worker of Alahan Panjang registered from chat base+serial,
// verified into the quota (or, with waiting, onto the waiting list) and,
// unless start is zero, aktif with BPJS from start to end.
func member(t *testing.T, s *postgres.Store, pool *pgxpool.Pool, serial int, start, end time.Time) (int64, string) {
	t.Helper()
	sub := answer(t, s, chat+int64(serial), submit("reg", registration(serial)))
	var id int64
	if err := pool.QueryRow(t.Context(), `update registrations set status = 'terverifikasi', covered_at = now() where number = $1 returning id`, sub.Number).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if start.IsZero() {
		return id, sub.Number
	}
	if err := s.ChangeMembership(t.Context(), id, func(m domain.Membership, b string) (domain.Membership, error) {
		return m.Submit(b)
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.ChangeMembership(t.Context(), id, func(m domain.Membership, _ string) (domain.Membership, error) {
		return m.Activate(domain.KPJ("1234567890"+string(rune('0'+serial))), start, end)
	}); err != nil {
		t.Fatal(err)
	}
	return id, sub.Number
}

// notices counts the outbox rows of msg, and those sent to a chat.
func notices(t *testing.T, pool *pgxpool.Pool, msg string) (staff, chats int) {
	t.Helper()
	err := pool.QueryRow(t.Context(), `
		select count(*) filter (where nagari_code is not null), count(*) filter (where chat_id is not null)
		from outbox where msg = $1`, msg).Scan(&staff, &chats)
	if err != nil {
		t.Fatal(err)
	}
	return staff, chats
}

// membershipRow reads registration id's membership columns straight from the table.
func membershipRow(t *testing.T, pool *pgxpool.Pool, id int64) (state, reason string, endedOn *time.Time, funded bool) {
	t.Helper()
	err := pool.QueryRow(t.Context(), `
		select coalesce(membership_state, ''), coalesce(end_reason, ''), ended_on, covered_at is not null
		from registrations where id = $1`, id).Scan(&state, &reason, &endedOn, &funded)
	if err != nil {
		t.Fatal(err)
	}
	return state, reason, endedOn, funded
}

func chores(t *testing.T, s *postgres.Store, now time.Time) postgres.Chores {
	t.Helper()
	c, err := s.MembershipChores(t.Context(), now)
	if err != nil {
		t.Fatalf("chores at %v: %v", now, err)
	}
	return c
}

// TestUnpaidIuranWarnsTwiceThenEndsTheMemberships runs the job month by
// month on an injected clock, each day twice (a restart): one warning
// after one unpaid month, one after two, none after three, and after the
// fourth the memberships end, each worker told once.
func TestUnpaidIuranWarnsTwiceThenEndsTheMemberships(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	a, _ := member(t, s, pool, 1, date(2026, 1, 1), date(2026, 12, 31))
	b, _ := member(t, s, pool, 2, date(2026, 1, 1), date(2026, 12, 31))

	steps := []struct {
		now      time.Time
		warnings int // iuran.notify.unpaid rows so far, two per warning (nagari and above)
		ended    bool
	}{
		{wib(2026, 1, 15, 20), 0, false}, // due today: not late yet
		{wib(2026, 1, 16, 0), 2, false},
		{wib(2026, 2, 1, 9), 2, false},
		{wib(2026, 2, 16, 9), 4, false},
		{wib(2026, 3, 16, 9), 4, false}, // three months: still within the grace, no third warning
		{wib(2026, 4, 15, 9), 4, false},
		{wib(2026, 4, 16, 9), 4, true},
		{wib(2026, 5, 16, 9), 4, true},
	}
	for _, st := range steps {
		chores(t, s, st.now)
		chores(t, s, st.now) // a restart runs it again
		if got, _ := notices(t, pool, "iuran.notify.unpaid"); got != st.warnings {
			t.Fatalf("at %v: %d warnings, want %d", st.now, got, st.warnings)
		}
		state, reason, endedOn, funded := membershipRow(t, pool, a)
		if ended := state == string(domain.MembershipEnded); ended != st.ended {
			t.Fatalf("at %v: membership %s, want ended %v", st.now, state, st.ended)
		}
		if st.ended && (reason != string(domain.EndUnpaid) || !endedOn.Equal(date(2026, 4, 16)) || funded) {
			t.Fatalf("ended %s on %v, funded %v", reason, endedOn, funded)
		}
	}
	if state, _, _, _ := membershipRow(t, pool, b); state != string(domain.MembershipEnded) {
		t.Fatalf("the second member is %s", state)
	}
	staff, workers := notices(t, pool, "iuran.notify.ended")
	if staff != 2 || workers != 0 {
		t.Fatalf("%d staff notices of the ending, want 2 (nagari and above)", staff)
	}
	if _, told := notices(t, pool, "iuran.notify.worker_ended"); told != 2 {
		t.Fatalf("%d workers told, want 2", told)
	}
	var data string
	if err := pool.QueryRow(t.Context(), `select data->>'Members' from outbox where msg = 'iuran.notify.unpaid' limit 1`).Scan(&data); err != nil {
		t.Fatal(err)
	}
	if want := "• Rajo Ameh (REG-"; len(data) < len(want) || data[:len(want)] != want {
		t.Fatalf("the warning lists %q", data)
	}
}

// TestRecordedPaymentsStopTheWarnings pays each month before it is late:
// nothing is warned or ended, the status shows each month paid at its due
// (members × the nagari's rate), and recording a month twice changes
// nothing.
func TestRecordedPaymentsStopTheWarnings(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	member(t, s, pool, 1, date(2026, 1, 1), date(2026, 12, 31))
	member(t, s, pool, 2, date(2026, 1, 1), date(2026, 12, 31))
	if rate, err := s.IuranRate(t.Context(), alahan); err != nil || rate != domain.DefaultIuran {
		t.Fatalf("rate %d, %v; want the default %d", rate, err, domain.DefaultIuran)
	}
	if err := s.SetIuranRate(t.Context(), "cli", alahan, 20000); err != nil {
		t.Fatal(err)
	}
	for m := time.January; m <= time.May; m++ {
		month := domain.MonthOf(date(2026, m, 1))
		paid, err := s.RecordIuranPaid(t.Context(), "cli", 0, alahan, month, nil)
		if err != nil || paid.Already || paid.Due != 40000 || paid.Amount != 40000 || paid.Members != 2 {
			t.Fatalf("record %s: %+v, %v", month, paid, err)
		}
		chores(t, s, wib(2026, m, 16, 9))
	}
	again, err := s.RecordIuranPaid(t.Context(), "cli", 0, alahan, domain.MonthOf(date(2026, 1, 1)), new(int64(5)))
	if err != nil || !again.Already || again.Amount != 40000 {
		t.Fatalf("recording January again: %+v, %v", again, err)
	}
	if n, _ := notices(t, pool, "iuran.notify.unpaid"); n != 0 {
		t.Fatalf("%d warnings for a nagari that paid", n)
	}
	if n, _ := notices(t, pool, "iuran.notify.ended"); n != 0 {
		t.Fatal("memberships ended although paid")
	}
	pos, err := s.IuranStatus(t.Context(), alahan, wib(2026, 6, 20, 9))
	if err != nil || len(pos) != 1 {
		t.Fatalf("status: %+v, %v", pos, err)
	}
	p := pos[0]
	if p.Active != 2 || p.Streak != 1 || !p.Months[0].Late || p.Months[0].Month.String() != "2026-06" || !p.Months[1].Paid {
		t.Fatalf("status in June, unpaid: %+v", p)
	}
	var audits int
	if err := pool.QueryRow(t.Context(), `select count(*) from audit_log where action = 'iuran.paid'`).Scan(&audits); err != nil || audits != 5 {
		t.Fatalf("%d payments audited, want 5 (%v)", audits, err)
	}
}

// TestBudgetYearRemindsOnceThenEndsUnrenewedMemberships: from 1 December
// the nagari is reminded once to renew; on 1 January its active members
// end (cover to 31 December, the default of an activation without an end),
// and its quota is released.
func TestBudgetYearRemindsOnceThenEndsUnrenewedMemberships(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	s.SetClock(func() time.Time { return wib(2026, 6, 1, 9) })
	if by, err := s.RenewNagari(t.Context(), alahan, 2026, nil); err != nil || by.Year != 2026 {
		t.Fatalf("renew 2026: %+v, %v", by, err)
	}
	s.SetClock(time.Now)
	a, _ := member(t, s, pool, 1, date(2026, 11, 20), time.Time{})
	if got := answer(t, s, chat+1, engine.LoadMyData{}).Registration.Membership.CoverEnd; !got.Equal(date(2026, 12, 31)) {
		t.Fatalf("cover end %v, want the budget year's end", got)
	}
	if _, err := s.RecordIuranPaid(t.Context(), "cli", 0, alahan, domain.MonthOf(date(2026, 11, 1)), nil); err != nil {
		t.Fatal(err)
	}
	chores(t, s, wib(2026, 11, 30, 9))
	if n, _ := notices(t, pool, "iuran.notify.renew"); n != 0 {
		t.Fatal("reminded before December")
	}
	chores(t, s, wib(2026, 12, 1, 9))
	chores(t, s, wib(2026, 12, 20, 9))
	if n, _ := notices(t, pool, "iuran.notify.renew"); n != 1 {
		t.Fatalf("%d renewal reminders, want 1", n)
	}
	if c := chores(t, s, wib(2027, 1, 1, 1)); c.YearsClosed != 1 || c.Ended != 1 {
		t.Fatalf("year end: %+v", c)
	}
	state, reason, endedOn, funded := membershipRow(t, pool, a)
	if state != "berakhir" || reason != string(domain.EndBudgetYear) || !endedOn.Equal(date(2027, 1, 1)) || funded {
		t.Fatalf("after the year: %s %s %v funded %v", state, reason, endedOn, funded)
	}
	if _, told := notices(t, pool, "iuran.notify.worker_ended"); told != 1 {
		t.Fatalf("%d workers told of the year's end", told)
	}
	var quota int
	if err := pool.QueryRow(t.Context(), `select quota from nagari where code = $1`, alahan).Scan(&quota); err != nil || quota != 0 {
		t.Fatalf("quota %d after an unrenewed year (%v)", quota, err)
	}
	if c := chores(t, s, wib(2027, 1, 2, 1)); c != (postgres.Chores{}) {
		t.Fatalf("the year closed twice: %+v", c)
	}
}

// TestRenewedBudgetYearCarriesTheMembersOver: renewed in December for the
// next year with a new quota, the nagari starts it with that quota and its
// members covered to the new year's end.
func TestRenewedBudgetYearCarriesTheMembersOver(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	s.SetClock(func() time.Time { return wib(2026, 12, 3, 9) })
	if _, err := s.RenewNagari(t.Context(), alahan, 2026, nil); err != nil {
		t.Fatal(err)
	}
	s.SetClock(time.Now)
	a, _ := member(t, s, pool, 1, date(2026, 12, 1), time.Time{})
	s.SetClock(func() time.Time { return wib(2026, 12, 3, 9) })
	if _, err := s.RenewNagari(t.Context(), alahan, 2028, nil); err == nil {
		t.Fatal("renewed two years ahead")
	}
	quota := 120
	if by, err := s.RenewNagari(t.Context(), alahan, 2027, &quota); err != nil || by.RenewedYear != 2027 || by.RenewedQuota != 120 {
		t.Fatalf("renew 2027: %+v, %v", by, err)
	}
	chores(t, s, wib(2026, 12, 10, 9))
	if n, _ := notices(t, pool, "iuran.notify.renew"); n != 0 {
		t.Fatal("a renewed nagari was reminded to renew")
	}
	if c := chores(t, s, wib(2027, 1, 1, 1)); c.YearsRolled != 1 || c.Ended != 0 {
		t.Fatalf("year start: %+v", c)
	}
	if got := answer(t, s, chat+1, engine.LoadMyData{}).Registration.Membership; got.State != domain.MembershipActive || !got.CoverEnd.Equal(date(2027, 12, 31)) {
		t.Fatalf("membership after renewal: %+v", got)
	}
	var q, year int
	if err := pool.QueryRow(t.Context(), `select quota, budget_year from nagari where code = $1`, alahan).Scan(&q, &year); err != nil || q != 120 || year != 2027 {
		t.Fatalf("nagari quota %d year %d (%v)", q, year, err)
	}
	_ = a
}

// TestVerifiedDeathEndsTheMembershipAndPromotesTheNext: a death report
// about an active member, taken up by staff, ends the membership once the
// move is past its undo window (the chores' job), from the
// day after the death (the day itself covered) and gives the place to the
// first on the waiting list, who is told.
func TestVerifiedDeathEndsTheMembershipAndPromotesTheNext(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	const officer = int64(800100)
	staffChat(t, s, officer, domain.RoleNagari, "Alahan Panjang")
	if _, _, err := s.SetNagari(t.Context(), alahan, postgres.NagariSetting{Quota: new(1)}); err != nil {
		t.Fatal(err)
	}
	// Cover began 20 days ago, so the chores find too few unpaid months to
	// end it for iuran: only the death can.
	since := domain.Today(time.Now()).AddDate(0, 0, -20)
	a, _ := member(t, s, pool, 1, since, since.AddDate(0, 6, 0))
	// The second is verified beyond the quota: on the waiting list.
	b, _ := member(t, s, pool, 2, time.Time{}, time.Time{})
	if _, err := pool.Exec(t.Context(), `update registrations set covered_at = null where id = $1`, b); err != nil {
		t.Fatal(err)
	}
	died := domain.Today(time.Now()).AddDate(0, 0, -2)
	death := domain.Report{
		Kind: domain.ReportJKM, Death: true, SubjectNIK: registration(1).NIK, Registered: true,
		Date: died, Place: "Di rumah", Cause: "sakit",
		ReporterName: "Rina", ReporterRelation: "anak", ReporterPhone: "+6281234567890",
	}
	got := answer(t, s, reporterChat, engine.SubmitReport{Key: "jkm-1", Report: death})
	var reportID int64
	if err := pool.QueryRow(t.Context(), `select id from reports where number = $1`, got.Number).Scan(&reportID); err != nil {
		t.Fatal(err)
	}
	if state, _, _, _ := membershipRow(t, pool, a); state != "aktif" {
		t.Fatalf("a death merely reported ended the membership: %s", state)
	}
	if _, err := pool.Exec(t.Context(), `delete from outbox`); err != nil {
		t.Fatal(err)
	}
	moved := time.Now()
	if a := answer(t, s, officer, engine.SetReportStage{ID: reportID, Stage: domain.StageInProgress, At: moved}); !a.Changed {
		t.Fatalf("stage: %+v", a)
	}
	// Within the undo window the move may still be undone: nothing ends.
	if c, err := s.MembershipChores(t.Context(), moved.Add(domain.StageUndoWindow-time.Second)); err != nil || c.Ended != 0 {
		t.Fatalf("chores within the undo window: %+v, %v", c, err)
	}
	if state, _, _, _ := membershipRow(t, pool, a); state != "aktif" {
		t.Fatalf("a move that can still be undone ended the membership: %s", state)
	}
	if c, err := s.MembershipChores(t.Context(), moved.Add(domain.StageUndoWindow+time.Second)); err != nil || c.Ended != 1 {
		t.Fatalf("chores after the undo window: %+v, %v", c, err)
	}
	state, reason, endedOn, funded := membershipRow(t, pool, a)
	if state != "berakhir" || reason != string(domain.EndDeath) || !endedOn.Equal(died.AddDate(0, 0, 1)) || funded {
		t.Fatalf("after the death was taken up: %s %s %v funded %v", state, reason, endedOn, funded)
	}
	if _, _, _, funded := membershipRow(t, pool, b); !funded {
		t.Fatal("the next on the waiting list did not move up")
	}
	var promoted int
	if err := pool.QueryRow(t.Context(), `
		select count(*) from outbox where chat_id = $1 and msg = 'notify.status.registration' and data->>'Status' = 'naik'`,
		chat+2).Scan(&promoted); err != nil || promoted != 1 {
		t.Fatalf("the promoted worker was told %d times (%v)", promoted, err)
	}
	// A second stage move, and the chores again, change the membership no more.
	answer(t, s, officer, engine.SetReportStage{ID: reportID, Stage: domain.StageFiled, Claim: domain.Claim{Number: "JKM-123"}, At: moved.Add(time.Hour)})
	if c, err := s.MembershipChores(t.Context(), moved.Add(2*time.Hour)); err != nil || c.Ended != 0 {
		t.Fatalf("chores again: %+v, %v", c, err)
	}
	var audits int
	if err := pool.QueryRow(t.Context(), `select count(*) from audit_log where action = 'membership.berakhir'`).Scan(&audits); err != nil || audits != 1 {
		t.Fatalf("%d endings audited, want 1", audits)
	}
}

// TestEndMembershipWithAReason ends one membership from the CLI: the
// worker is told, the ended member leaves the exports, and a member not
// active cannot be ended.
func TestEndMembershipWithAReason(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	a, number := member(t, s, pool, 1, date(2026, 1, 1), date(2026, 12, 31))
	member(t, s, pool, 2, date(2026, 1, 1), date(2026, 12, 31))
	if err := s.EndMembership(t.Context(), number, domain.EndMoved, date(2026, 6, 1)); err != nil {
		t.Fatal(err)
	}
	if state, reason, _, _ := membershipRow(t, pool, a); state != "berakhir" || reason != "pindah" {
		t.Fatalf("%s %s", state, reason)
	}
	if _, told := notices(t, pool, "iuran.notify.worker_ended"); told != 1 {
		t.Fatalf("%d workers told", told)
	}
	if err := s.EndMembership(t.Context(), number, domain.EndMoved, date(2026, 6, 1)); err == nil {
		t.Fatal("ended an ended membership")
	}
	rows, err := s.ExportNagari(t.Context(), alahan)
	if err != nil || len(rows) != 1 {
		t.Fatalf("export has %d rows, want the one active member (%v)", len(rows), err)
	}
	if slices.Contains(rows[0], number) {
		t.Fatal("the ended member is exported")
	}
}

// TestErasingAnActiveMemberAsksStaffToStopTheMembership: /hapus of an
// active member tells the nagari staff to stop the BPJS membership.
func TestErasingAnActiveMemberAsksStaffToStopTheMembership(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	member(t, s, pool, 1, date(2026, 1, 1), date(2026, 12, 31))
	answer(t, s, chat+1, engine.EraseMyData{})
	if staff, _ := notices(t, pool, "iuran.notify.erased_active"); staff != 1 {
		t.Fatalf("%d notices to stop the membership", staff)
	}
	if staff, _ := notices(t, pool, "notify.erased"); staff != 0 {
		t.Fatal("the plain erase notice went out too")
	}
}

// TestStaffEndAMembershipFromTheBot: the nagari's officer ends a member's
// membership with a reason; an officer of another nagari finds nothing,
// and a second press changes nothing.
func TestStaffEndAMembershipFromTheBot(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	const officer, other = int64(800100), int64(800101)
	staffChat(t, s, officer, domain.RoleNagari, "Alahan Panjang")
	staffChat(t, s, other, domain.RoleNagari, "13.02.04.2002")
	a, number := member(t, s, pool, 1, date(2026, 1, 1), date(2026, 12, 31))
	if got := answer(t, s, other, engine.EndMembership{ID: a, Reason: domain.EndWithdrew}); got.Found {
		t.Fatalf("another nagari's officer: %+v", got)
	}
	if got := answer(t, s, officer, engine.EndMembership{ID: a, Reason: domain.EndWithdrew}); !got.Changed || got.Number != number {
		t.Fatalf("the nagari's officer: %+v", got)
	}
	if state, reason, _, _ := membershipRow(t, pool, a); state != "berakhir" || reason != "mengundurkan_diri" {
		t.Fatalf("%s %s", state, reason)
	}
	if got := answer(t, s, officer, engine.EndMembership{ID: a, Reason: domain.EndWithdrew}); !got.Found || got.Changed {
		t.Fatalf("a second press: %+v", got)
	}
	var staffID *int64
	if err := pool.QueryRow(t.Context(), `select staff_id from audit_log where action = 'membership.berakhir'`).Scan(&staffID); err != nil || staffID == nil {
		t.Fatalf("the ending is not audited under the officer (%v)", err)
	}
}

// TestErasingAFundedWorkerMovesTheNextUp: Alahan Panjang's one place is
// held by a worker who erases their data; the next verified worker on the
// waiting list takes the place at once and is told, as when a membership
// ends.
func TestErasingAFundedWorkerMovesTheNextUp(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	if _, err := pool.Exec(t.Context(), `update nagari set quota = 1, participating = true where code = $1`, alahan); err != nil {
		t.Fatal(err)
	}
	member(t, s, pool, 1, time.Time{}, time.Time{})
	waiting := answer(t, s, chat+2, submit("reg", registration(2)))
	if _, err := pool.Exec(t.Context(), `update registrations set status = 'terverifikasi' where number = $1`, waiting.Number); err != nil {
		t.Fatal(err)
	}
	if e := answer(t, s, chat+1, engine.EraseMyData{}); !e.Found {
		t.Fatalf("erase: %+v", e)
	}
	var funded bool
	if err := pool.QueryRow(t.Context(), `select covered_at is not null from registrations where number = $1`, waiting.Number).Scan(&funded); err != nil || !funded {
		t.Fatalf("the next on the waiting list funded: %v (%v)", funded, err)
	}
	var told int
	if err := pool.QueryRow(t.Context(), `select count(*) from outbox where chat_id = $1 and msg = 'notify.status.registration'
		and data->>'Status' = $2`, chat+2, postgres.NoticePromoted).Scan(&told); err != nil || told != 1 {
		t.Errorf("the worker moved up told %d times (%v), want once", told, err)
	}
}
