package postgres_test

import (
	"slices"
	"testing"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/postgres/pgtest"
	"github.com/jaganagari/jaganagari/internal/seal"
)

// TestLateRenewalGivesTheYearsMembersTheirPlacesBack: a nagari that did
// not renew has its members ended on 1 January; it renews on 10 February
// with a quota, and the members ended for the budget year take places
// again before the earlier-registered waiting worker, within the quota,
// each told once; the next batch submits them afresh and BPJS's answer
// makes them aktif with the new card and cover. A member who died stays
// ended. The recap and the iuran of the old months stay right.
func TestLateRenewalGivesTheYearsMembersTheirPlacesBack(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	const officer = int64(800300)
	staffChat(t, s, officer, domain.RoleNagari, "Alahan Panjang")
	s.SetClock(func() time.Time { return wib(2026, 6, 1, 9) })
	quota := 3
	if _, err := s.RenewNagari(t.Context(), alahan, 2026, &quota); err != nil {
		t.Fatal(err)
	}
	s.SetClock(time.Now)
	// w waits for a place, registered before the members.
	w, _ := member(t, s, pool, 1, time.Time{}, time.Time{})
	if _, err := pool.Exec(t.Context(), `update registrations set covered_at = null where id = $1`, w); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	var numbers []string
	for serial := 2; serial <= 5; serial++ {
		id, number := member(t, s, pool, serial, date(2026, 11, 20), time.Time{})
		ids, numbers = append(ids, id), append(numbers, number)
	}
	dead := ids[3]
	if err := s.EndMembership(t.Context(), numbers[3], domain.EndDeath, date(2026, 12, 10)); err != nil {
		t.Fatal(err)
	}
	if _, _, _, funded := membershipRow(t, pool, w); funded {
		t.Fatal("the waiting worker took a place of a full quota")
	}
	for _, m := range []int{11, 12} {
		if _, err := s.RecordIuranPaid(t.Context(), "cli", 0, alahan, domain.MonthOf(date(2026, time.Month(m), 1)), nil); err != nil {
			t.Fatal(err)
		}
	}
	chores(t, s, wib(2026, 12, 1, 9))
	if c := chores(t, s, wib(2027, 1, 1, 1)); c.YearsClosed != 1 || c.Ended != 3 {
		t.Fatalf("year end: %+v", c)
	}
	for _, id := range ids[:3] {
		if state, reason, _, funded := membershipRow(t, pool, id); state != "berakhir" || reason != string(domain.EndBudgetYear) || funded {
			t.Fatalf("after the year: %s %s funded %v", state, reason, funded)
		}
	}
	// Nothing comes back before the nagari renews, whatever fills the quota.
	if _, promoted, err := s.SetNagari(t.Context(), alahan, postgres.NagariSetting{Participating: new(true)}); err != nil || promoted != 0 {
		t.Fatalf("before renewal: %d promoted, %v", promoted, err)
	}

	s.SetClock(func() time.Time { return wib(2027, 2, 10, 9) })
	for range 2 { // the second renewal changes nothing and tells no one again
		if by, err := s.RenewNagari(t.Context(), alahan, 2027, &quota); err != nil || by.Year != 2027 || by.Quota != 3 {
			t.Fatalf("renew 2027 in February: %+v, %v", by, err)
		}
	}
	for _, id := range ids[:3] {
		if state, _, _, funded := membershipRow(t, pool, id); state != "berakhir" || !funded {
			t.Fatalf("after the renewal a former member is %s, funded %v", state, funded)
		}
	}
	if state, reason, _, funded := membershipRow(t, pool, dead); state != "berakhir" || reason != string(domain.EndDeath) || funded {
		t.Fatalf("the member who died: %s %s funded %v", state, reason, funded)
	}
	if _, _, _, funded := membershipRow(t, pool, w); funded {
		t.Fatal("the waiting worker went before the former members")
	}
	if _, told := notices(t, pool, "reenrol.notify.worker"); told != 3 {
		t.Fatalf("%d former members told, want 3 once each", told)
	}
	var naik int
	if err := pool.QueryRow(t.Context(), `select count(*) from outbox where msg = 'notify.status.registration' and data->>'Status' = 'naik'`).Scan(&naik); err != nil || naik != 0 {
		t.Fatalf("%d promotion notices (%v); former members get their own", naik, err)
	}
	if c := answer(t, s, chat+2, engine.LoadCard{}); c.Membership.State != domain.MembershipEnded || c.Waiting {
		t.Fatalf("card of a former member with a place: %+v", c)
	}
	if st := answer(t, s, chat+2, engine.LoadStatus{}); !st.Placed || st.Membership.State != domain.MembershipEnded {
		t.Fatalf("status of a former member with a place: %+v", st)
	}
	if c := answer(t, s, chat+5, engine.LoadCard{}); !c.Waiting {
		t.Fatalf("card of the member who died: %+v", c)
	}
	recap := func() domain.AreaStats {
		t.Helper()
		return answer(t, s, officer, engine.LoadRecap{At: wib(2027, 3, 20, 9)}).Total
	}
	if r := recap(); r.Funded != 3 || r.Waiting != 1 || r.Ended != 1 || r.Active != 0 || r.Submitted != 0 {
		t.Fatalf("recap after the renewal: %+v", r)
	}

	b, err := s.CreateBatch(t.Context(), alahan)
	if pos, err := s.IuranStatus(t.Context(), alahan, wib(2027, 3, 20, 9)); err != nil || len(pos) != 1 || pos[0].Months[3].Members != 4 {
		t.Fatalf("iuran of a nagari whose members all wait for BPJS again: %+v, %v", pos, err)
	}
	if err != nil || !b.Found || len(b.Rows) != 3 {
		t.Fatalf("the next batch: %d rows, %v", len(b.Rows), err)
	}
	sub := answer(t, s, chat+2, engine.LoadStatus{}).Membership
	if sub != (domain.Membership{State: domain.MembershipSubmitted, Batch: b.Batch.Number}) {
		t.Fatalf("resubmitted membership shows the old one: %+v", sub)
	}
	if r := recap(); r.Submitted != 3 || r.Ended != 1 || r.Funded != 3 {
		t.Fatalf("recap after the batch: %+v", r)
	}
	// An accident of 15 December 2026 reported now, while the member
	// waits for BPJS again, was in the earlier cover period: covered that
	// day, whatever the membership is now. A day of January, between the
	// periods, was not.
	for _, c := range []struct {
		day  time.Time
		want domain.ReportCover
	}{{date(2026, 12, 15), domain.ReportCoverActive}, {date(2027, 1, 20), domain.ReportCoverPending}} {
		late := accident(2)
		late.Date = c.day
		if got := answer(t, s, reporterChat, engine.SubmitReport{Key: "late-" + c.day.Format("0102"), Report: late}); got.Cover != c.want {
			t.Errorf("an accident of %s reported after the resubmission: cover %q, want %q", c.day.Format("2 Jan 2006"), got.Cover, c.want)
		}
	}
	var audited int
	if err := pool.QueryRow(t.Context(), `
		select count(*) from audit_log where action = 'membership.diajukan' and record_id = $1
		  and before->>'ended_on' = '2027-01-01' and before->>'state' = 'berakhir'`, numbers[0]).Scan(&audited); err != nil || audited != 1 {
		t.Fatalf("the old ending audited %d times (%v)", audited, err)
	}

	nik := func(serial int) string { return string(nikOf(serial)) }
	res, err := s.ImportResult(t.Context(), result(t,
		[]string{nik(2), "5555555502", "diterima", "01-03-2027", "", ""},
		[]string{nik(3), "5555555503", "diterima", "01-03-2027", "", ""},
		[]string{nik(4), "5555555504", "diterima", "01-03-2027", "", ""},
		[]string{nik(5), "5555555505", "diterima", "01-03-2027", "", ""}, // died: not submitted
	))
	if err != nil || res.Report.Counts[domain.ImportActivated] != 3 || res.Report.Counts[domain.ImportNotSubmitted] != 1 {
		t.Fatalf("BPJS's answer: %+v, %v", res.Report.Counts, err)
	}
	got := answer(t, s, chat+2, engine.LoadStatus{}).Membership
	if got.State != domain.MembershipActive || got.KPJ != "5555555502" || !got.CoverStart.Equal(date(2027, 3, 1)) ||
		!got.CoverEnd.Equal(date(2027, 12, 31)) || !got.EndedOn.IsZero() || got.EndReason != "" {
		t.Fatalf("active again: %+v", got)
	}
	if r := recap(); r.Active != 3 || r.Ended != 1 || r.Submitted != 0 {
		t.Fatalf("recap after BPJS's answer: %+v", r)
	}
	pos, err := s.IuranStatus(t.Context(), alahan, wib(2027, 3, 20, 9))
	if err != nil || len(pos) != 1 {
		t.Fatalf("iuran: %+v, %v", pos, err)
	}
	members := map[string]int{}
	for _, m := range pos[0].Months {
		members[m.Month.String()] = m.Members
	}
	// December kept its four members (one died on the 10th), though three
	// were submitted again since.
	want := map[string]int{"2027-03": 3, "2027-02": 0, "2027-01": 0, "2026-12": 4, "2026-11": 4}
	for m, n := range want {
		if members[m] != n {
			t.Errorf("iuran of %s: %d members, want %d (all %v)", m, members[m], n, members)
		}
	}
}

// TestPaidArrearsGiveTheMembersTheirPlacesBack: memberships ended after
// four unpaid months come back only once those months are all recorded
// paid; recording the last one gives the places back at once.
func TestPaidArrearsGiveTheMembersTheirPlacesBack(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	a, _ := member(t, s, pool, 1, date(2026, 1, 1), date(2026, 12, 31))
	b, _ := member(t, s, pool, 2, date(2026, 1, 1), date(2026, 12, 31))
	if _, _, err := s.SetNagari(t.Context(), alahan, postgres.NagariSetting{Participating: new(true), Quota: new(2)}); err != nil {
		t.Fatal(err)
	}
	for m := time.January; m <= time.April; m++ {
		chores(t, s, wib(2026, m, 16, 9))
	}
	if state, reason, _, funded := membershipRow(t, pool, a); state != "berakhir" || reason != string(domain.EndUnpaid) || funded {
		t.Fatalf("after four unpaid months: %s %s funded %v", state, reason, funded)
	}
	back := func() []bool {
		var out []bool
		for _, id := range []int64{a, b} {
			_, _, _, funded := membershipRow(t, pool, id)
			out = append(out, funded)
		}
		return out
	}
	s.SetClock(func() time.Time { return wib(2026, 5, 5, 9) })
	for m := time.January; m <= time.March; m++ {
		if _, err := s.RecordIuranPaid(t.Context(), "cli", 0, alahan, domain.MonthOf(date(2026, m, 1)), nil); err != nil {
			t.Fatal(err)
		}
		if got := back(); slices.Contains(got, true) {
			t.Fatalf("a place back with %s paid and April not: %v", domain.MonthOf(date(2026, m, 1)), got)
		}
	}
	if _, promoted, err := s.SetNagari(t.Context(), alahan, postgres.NagariSetting{Quota: new(2)}); err != nil || promoted != 0 {
		t.Fatalf("with arrears left: %d promoted, %v", promoted, err)
	}
	paid, err := s.RecordIuranPaid(t.Context(), "cli", 0, alahan, domain.MonthOf(date(2026, 4, 1)), nil)
	if err != nil || paid.Members != 2 {
		t.Fatalf("April: %+v, %v", paid, err)
	}
	if got := back(); !slices.Equal(got, []bool{true, true}) {
		t.Fatalf("places after the arrears were paid: %v", got)
	}
	if _, told := notices(t, pool, "reenrol.notify.worker"); told != 2 {
		t.Fatalf("%d told, want 2", told)
	}
	if ready, _, err := s.ReadyForBatch(t.Context(), alahan); err != nil || ready != 2 {
		t.Fatalf("ready for the next batch: %d, %v", ready, err)
	}
}

// TestRenewedYearStartGivesFormerMembersTheNewPlaces: renewed in February
// with one place, a nagari gives it to the first of its two members ended
// with the budget year; renewed in December for the next year with two,
// the second takes the new place on 1 January.
func TestRenewedYearStartGivesFormerMembersTheNewPlaces(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	s.SetClock(func() time.Time { return wib(2026, 6, 1, 9) })
	if _, err := s.RenewNagari(t.Context(), alahan, 2026, new(2)); err != nil {
		t.Fatal(err)
	}
	s.SetClock(time.Now)
	a, _ := member(t, s, pool, 1, date(2026, 12, 1), time.Time{})
	b, _ := member(t, s, pool, 2, date(2026, 12, 1), time.Time{})
	if c := chores(t, s, wib(2027, 1, 1, 1)); c.YearsClosed != 1 || c.Ended != 2 {
		t.Fatalf("year end: %+v", c)
	}
	s.SetClock(func() time.Time { return wib(2027, 2, 10, 9) })
	if _, err := s.RenewNagari(t.Context(), alahan, 2027, new(1)); err != nil {
		t.Fatal(err)
	}
	funded := func(id int64) bool { _, _, _, f := membershipRow(t, pool, id); return f }
	if !funded(a) || funded(b) {
		t.Fatalf("one place in February: first %v, second %v", funded(a), funded(b))
	}
	s.SetClock(func() time.Time { return wib(2027, 12, 5, 9) })
	if _, err := s.RenewNagari(t.Context(), alahan, 2028, new(2)); err != nil {
		t.Fatal(err)
	}
	if funded(b) {
		t.Fatal("the next year's place given before 1 January")
	}
	if c := chores(t, s, wib(2028, 1, 1, 1)); c.YearsRolled != 1 {
		t.Fatalf("year start: %+v", c)
	}
	if !funded(b) {
		t.Fatal("the renewed year's new place went to no former member")
	}
	if _, told := notices(t, pool, "reenrol.notify.worker"); told != 2 {
		t.Fatalf("%d told, want 2", told)
	}
}

// TestAFormerMemberWhoDiedDoesNotComeBack: a member ended with the budget
// year whose death is reported and taken up by staff afterwards takes no
// place when the nagari renews, and goes in no batch.
func TestAFormerMemberWhoDiedDoesNotComeBack(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	const officer = int64(800400)
	staffChat(t, s, officer, domain.RoleNagari, "Alahan Panjang")
	s.SetClock(func() time.Time { return wib(2026, 6, 1, 9) })
	if _, err := s.RenewNagari(t.Context(), alahan, 2026, new(2)); err != nil {
		t.Fatal(err)
	}
	s.SetClock(time.Now)
	a, _ := member(t, s, pool, 1, date(2026, 11, 20), time.Time{})
	b, _ := member(t, s, pool, 2, date(2026, 11, 20), time.Time{})
	if c := chores(t, s, wib(2027, 1, 1, 1)); c.YearsClosed != 1 || c.Ended != 2 {
		t.Fatalf("year end: %+v", c)
	}
	death := domain.Report{
		Kind: domain.ReportJKM, Death: true, SubjectNIK: registration(1).NIK, Registered: true,
		Date: domain.Today(time.Now()).AddDate(0, 0, -2), Place: "Di rumah", Cause: "sakit",
		ReporterName: "Rina", ReporterRelation: "anak", ReporterPhone: "+6281234567890",
	}
	got := answer(t, s, reporterChat, engine.SubmitReport{Key: "jkm-reenrol", Report: death})
	var reportID int64
	if err := pool.QueryRow(t.Context(), `select id from reports where number = $1`, got.Number).Scan(&reportID); err != nil {
		t.Fatal(err)
	}
	if m := answer(t, s, officer, engine.SetReportStage{ID: reportID, Stage: domain.StageInProgress, At: time.Now()}); !m.Changed {
		t.Fatalf("stage: %+v", m)
	}
	s.SetClock(func() time.Time { return wib(2027, 2, 10, 9) })
	if _, err := s.RenewNagari(t.Context(), alahan, 2027, new(2)); err != nil {
		t.Fatal(err)
	}
	if _, _, _, funded := membershipRow(t, pool, a); funded {
		t.Fatal("a former member whose death was taken up took a place again")
	}
	if _, _, _, funded := membershipRow(t, pool, b); !funded {
		t.Fatal("the other former member did not take a place again")
	}
	if ready, _, err := s.ReadyForBatch(t.Context(), alahan); err != nil || ready != 1 {
		t.Fatalf("ready for the next batch: %d, %v", ready, err)
	}
}
