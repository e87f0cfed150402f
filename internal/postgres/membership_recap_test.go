package postgres_test

import (
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/postgres/pgtest"
	"github.com/jaganagari/jaganagari/internal/seal"
)

// members registers five workers of Alahan Panjang, each from a chat of
// its own, one per stage: pending, verified and never submitted,
// submitted, aktif (cover from a month ago for a year) and ended (aktif
// the same way, ended ten days ago). It answers each registration's id by
// stage.
func members(t *testing.T, s *postgres.Store, pool *pgxpool.Pool) map[string]int64 {
	t.Helper()
	today := domain.Today(time.Now())
	start, end := today.AddDate(0, -1, 0), today.AddDate(1, 0, 0)
	ids := map[string]int64{}
	for i, stage := range []string{"pending", "verified", "submitted", "active", "ended"} {
		sub := answer(t, s, chat+int64(i), submit("reg-"+stage, registration(20+i)))
		var id int64
		if err := pool.QueryRow(t.Context(), `select id from registrations where number = $1`, sub.Number).Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids[stage] = id
		if stage == "pending" {
			continue
		}
		if _, err := pool.Exec(t.Context(), `update registrations set status = 'terverifikasi', covered_at = now() where id = $1`, id); err != nil {
			t.Fatal(err)
		}
		steps := map[string][]func(m domain.Membership, batch string) (domain.Membership, error){
			"submitted": {submitTo},
			"active":    {submitTo, activate(start, end)},
			"ended": {submitTo, activate(start, end), func(m domain.Membership, _ string) (domain.Membership, error) {
				return m.End(domain.EndMoved, today.AddDate(0, 0, -10))
			}},
		}[stage]
		for _, step := range steps {
			if err := s.ChangeMembership(t.Context(), id, step); err != nil {
				t.Fatal(err)
			}
		}
		if stage == "ended" {
			// As endMembership does: the ended member's place is freed.
			if _, err := pool.Exec(t.Context(), `update registrations set covered_at = null where id = $1`, id); err != nil {
				t.Fatal(err)
			}
		}
	}
	return ids
}

func submitTo(m domain.Membership, batch string) (domain.Membership, error) { return m.Submit(batch) }

func activate(start, end time.Time) func(domain.Membership, string) (domain.Membership, error) {
	return func(m domain.Membership, _ string) (domain.Membership, error) {
		return m.Activate("26051234567", start, end)
	}
}

func TestRecapsCountMembersByTheirStandingWithBPJS(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	const officer, admin = int64(800300), int64(800301)
	staffChat(t, s, officer, domain.RoleNagari, "13.02.04.2001")
	staffChat(t, s, admin, domain.RoleAdmin, "")
	members(t, s, pool)

	r := noFiles(t, s, officer, engine.LoadRecap{})
	got := engine.AnswerOf[engine.LoadRecap](&r).Total
	// The ended member still counts as registered and verified (what
	// happened), but holds no funded place and is not active.
	if got.Registered != 5 || got.Verified != 4 || got.Pending != 1 || got.Submitted != 1 || got.Active != 1 ||
		got.Ended != 1 || got.Funded != 3 || got.Waiting != 0 {
		t.Errorf("nagari recap = %+v, want 5 registered, 4 verified, 1 submitted, 1 active, 1 ended, 3 funded", got)
	}

	r = noFiles(t, s, admin, engine.LoadCoverage{})
	cov := engine.AnswerOf[engine.LoadCoverage](&r)
	if t1 := cov.Total; t1.Submitted != 1 || t1.Active != 1 || t1.Ended != 1 || t1.Funded != 3 {
		t.Errorf("regency coverage total = %+v", t1)
	}
	for _, k := range cov.Kecamatan {
		if k.Name == "Lembah Gumanti" && (k.Active != 1 || k.Ended != 1 || k.Submitted != 1) {
			t.Errorf("Lembah Gumanti = %+v, want its members counted", k)
		}
	}

	// The export, what the nagari submits and pays for, leaves out the
	// member whose cover ended.
	r = noFiles(t, s, officer, engine.ExportWorkers{})
	rows := engine.AnswerOf[engine.ExportWorkers](&r).Rows
	if len(rows) != 3 {
		t.Fatalf("export has %d rows, want the 3 verified members not ended", len(rows))
	}
	for _, row := range rows {
		if row[domain.ExportNIKColumn] == string(registration(24).NIK) {
			t.Errorf("the ended member is in the export")
		}
	}
}

func TestReportRecordsTheCoverOnTheDayOfTheEvent(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	const officer = int64(800400)
	staffChat(t, s, officer, domain.RoleNagari, "13.02.04.2001")
	members(t, s, pool)
	today := domain.Today(time.Now())

	for _, c := range []struct {
		name   string
		serial int
		day    time.Time
		want   domain.ReportCover
	}{
		{"registered, not yet checked", 20, today, domain.ReportCoverNotSubmitted},
		{"verified, never submitted", 21, today, domain.ReportCoverNotSubmitted},
		{"submitted only", 22, today, domain.ReportCoverPending},
		{"active that day", 23, today, domain.ReportCoverActive},
		{"active, before the cover began", 23, today.AddDate(0, -2, 0), domain.ReportCoverPending},
		{"ended before the day", 24, today, domain.ReportCoverOutside},
		{"ended after the day", 24, today.AddDate(0, 0, -20), domain.ReportCoverActive},
		{"not registered", 99, today, domain.ReportCoverUnregistered},
	} {
		r := accident(c.serial)
		r.Date = c.day
		if c.serial == 99 {
			r.Registered, r.NagariCode = false, "13.02.04.2001"
		}
		got := answer(t, s, reporterChat, engine.SubmitReport{Key: "rep-" + c.name, Report: r})
		if got.Cover != c.want {
			t.Errorf("%s: reporter's answer has cover %q, want %q", c.name, got.Cover, c.want)
		}
		// Sent again (a repeated Kirim), the same answer.
		if again := answer(t, s, reporterChat, engine.SubmitReport{Key: "rep-" + c.name, Report: r}); again != got {
			t.Errorf("%s: repeated submission answered %+v, want %+v", c.name, again, got)
		}
		var id int64
		if err := pool.QueryRow(t.Context(), `select id from reports where number = $1`, got.Number).Scan(&id); err != nil {
			t.Fatal(err)
		}
		shown := answer(t, s, officer, engine.LoadReport{ID: id}).Report
		if shown.Cover != c.want || shown.Registered != (c.serial != 99) {
			t.Errorf("%s: staff see cover %q, registered %v; want %q", c.name, shown.Cover, shown.Registered, c.want)
		}
	}
}
