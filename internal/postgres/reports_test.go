package postgres_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/postgres/pgtest"
	"github.com/jaganagari/jaganagari/internal/seal"
)

var reportNumber = regexp.MustCompile(`^JK[KM]-20[0-9]{2}-[0-9]{6}$`)

const reporterChat = int64(700100300)

// accident is a valid accident report, by a neighbour, about the worker of
// registration(serial).
func accident(serial int) domain.Report {
	return domain.Report{
		Kind: domain.ReportJKK, SubjectNIK: registration(serial).NIK, Registered: true,
		Date: domain.Today(time.Now()).AddDate(0, 0, -1), Clock: "pagi", Place: "Sawah di Jorong Koto Baru",
		Lat: -0.98, Lon: 100.65,
		Description: "Terjatuh dari pematang sawah", Injury: "Kaki kiri patah", Treatment: "puskesmas",
		Photos:       []string{"photo-1", "photo-2"},
		ReporterName: "Budi Santoso", ReporterRelation: "tetangga", ReporterPhone: "+6281234567890",
	}
}

func countRows(t *testing.T, pool *pgxpool.Pool, table string) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(t.Context(), "select count(*) from "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSubmitReport(t *testing.T) {
	t.Parallel()

	t.Run("writes_the_report_and_one_masked_notice_once", func(t *testing.T) {
		t.Parallel()
		pool := pgtest.New(t)
		s := postgres.NewStore(pool, seal.Dev())
		applyOne(t, s, chat, submit("reg-1", registration(1)))
		if _, err := pool.Exec(t.Context(), `delete from outbox`); err != nil {
			t.Fatal(err)
		}
		got := answer(t, s, reporterChat, engine.SubmitReport{Key: "jkk-1", Report: accident(1)})
		if !reportNumber.MatchString(got.Number) || !strings.HasPrefix(got.Number, "JKK-") || got.Kind != domain.ReportJKK {
			t.Errorf("answer %+v", got)
		}
		again := answer(t, s, reporterChat, engine.SubmitReport{Key: "jkk-1", Report: accident(1)})
		if again != got {
			t.Errorf("repeat got %+v, first %+v", again, got)
		}
		if n := countRows(t, pool, "reports"); n != 1 {
			t.Fatalf("%d reports", n)
		}
		var regID *int64
		var nagari, keyID string
		var sealedInjury []byte
		var photos []string
		err := pool.QueryRow(t.Context(), `select registration_id, nagari_code, key_id, injury_sealed, photos from reports`).Scan(&regID, &nagari, &keyID, &sealedInjury, &photos)
		if err != nil {
			t.Fatal(err)
		}
		injury, err := seal.Dev().Open(keyID, postgres.FieldInjury, sealedInjury)
		if err != nil {
			t.Fatal(err)
		}
		if regID == nil || nagari != registration(1).NagariCode || injury != "Kaki kiri patah" || len(photos) != 2 {
			t.Errorf("row: reg %v nagari %s injury %q photos %v", regID, nagari, injury, photos)
		}
		var n int
		var msg, data string
		var nphotos []string
		err = pool.QueryRow(t.Context(), `select count(*) over (), msg, data::text, photos from outbox`).Scan(&n, &msg, &data, &nphotos)
		if err != nil {
			t.Fatal(err)
		}
		if n != 1 || msg != "notify.report" || len(nphotos) != 2 {
			t.Errorf("outbox: %d rows, msg %s, photos %v", n, msg, nphotos)
		}
		if strings.Contains(data, string(registration(1).NIK)) || strings.Contains(data, "patah") || !strings.Contains(data, "1302********") {
			t.Errorf("notice data leaks or lacks the masked NIK: %s", data)
		}
	})

	t.Run("a_person_not_registered_goes_to_the_chosen_nagari", func(t *testing.T) {
		t.Parallel()
		pool := pgtest.New(t)
		s := postgres.NewStore(pool, seal.Dev())
		r := accident(2)
		r.Registered, r.NagariCode = false, "13.02.06.2005"
		applyOne(t, s, reporterChat, engine.SubmitReport{Key: "jkk-2", Report: r})
		var regID *int64
		var nagari string
		if err := pool.QueryRow(t.Context(), `select registration_id, nagari_code from reports`).Scan(&regID, &nagari); err != nil {
			t.Fatal(err)
		}
		var notified string
		if err := pool.QueryRow(t.Context(), `select nagari_code from outbox`).Scan(&notified); err != nil {
			t.Fatal(err)
		}
		if regID != nil || nagari != "13.02.06.2005" || notified != nagari {
			t.Errorf("reg %v, nagari %s, notified %s", regID, nagari, notified)
		}
	})

	t.Run("deaths_are_numbered_by_programme", func(t *testing.T) {
		t.Parallel()
		pool := pgtest.New(t)
		s := postgres.NewStore(pool, seal.Dev())
		applyOne(t, s, chat, submit("reg-3", registration(3)))
		death := domain.Report{
			Kind: domain.ReportJKM, Death: true, SubjectNIK: registration(3).NIK, Registered: true,
			Date: domain.Today(time.Now()), Place: "Di rumah", Cause: "sakit",
			ReporterName: "Rina", ReporterRelation: "anak", ReporterPhone: "+6281234567890",
		}
		got := answer(t, s, reporterChat, engine.SubmitReport{Key: "jkm-1", Report: death})
		if !strings.HasPrefix(got.Number, "JKM-") || got.Kind != domain.ReportJKM {
			t.Errorf("death: %v", got)
		}
		death.Kind, death.Cause = domain.ReportJKK, domain.CauseWorkAccident
		got = answer(t, s, reporterChat, engine.SubmitReport{Key: "jkm-2", Report: death})
		if !strings.HasPrefix(got.Number, "JKK-") {
			t.Errorf("work-accident death: %v", got)
		}
	})

	t.Run("a_failure_writing_the_notice_leaves_neither", func(t *testing.T) {
		t.Parallel()
		pool := pgtest.New(t)
		s := postgres.NewStore(pool, seal.Dev())
		applyOne(t, s, chat, submit("reg-4", registration(4)))
		// A real failure between the two writes, inside the transaction.
		_, err := pool.Exec(t.Context(), `
			create function fail_outbox() returns trigger language plpgsql as $$
			begin raise exception 'simulated outbox failure'; end $$;
			create trigger fail_outbox before insert on outbox for each row execute function fail_outbox();
			delete from outbox;`)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Apply(t.Context(), reporterChat, []engine.Effect{engine.SubmitReport{Key: "jkk-4", Report: accident(4)}}); err == nil {
			t.Fatal("Apply succeeded with the outbox failing")
		}
		if r, o := countRows(t, pool, "reports"), countRows(t, pool, "outbox"); r != 0 || o != 0 {
			t.Errorf("after the failure: %d reports, %d outbox rows; want neither", r, o)
		}
		if _, err := pool.Exec(t.Context(), `drop trigger fail_outbox on outbox`); err != nil {
			t.Fatal(err)
		}
		applyOne(t, s, reporterChat, engine.SubmitReport{Key: "jkk-4", Report: accident(4)})
		if r, o := countRows(t, pool, "reports"), countRows(t, pool, "outbox"); r != 1 || o != 1 {
			t.Errorf("after the retry: %d reports, %d outbox rows; want one each", r, o)
		}
	})
}

func TestFindWorker(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	applyOne(t, s, chat, submit("reg-1", registration(1)))
	applyOne(t, s, chat+1, submit("reg-2", registration(2)))
	if _, err := pool.Exec(t.Context(), `update registrations set status = 'ditolak', reject_reason = 'x' where nik_index = $1`, seal.Dev().Index(postgres.IndexNIK, string(registration(2).NIK))); err != nil {
		t.Fatal(err)
	}
	for serial, want := range map[int]bool{1: true, 2: false, 3: false} {
		// WorkerFound has no other field: nothing else can be told.
		if got := answer(t, s, reporterChat, engine.FindWorker{NIK: registration(serial).NIK}); got.Found != want {
			t.Errorf("worker %d: %v, want found %v", serial, got, want)
		}
	}
}

func TestAddReportPhotos(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	applyOne(t, s, chat, submit("reg-1", registration(1)))
	number := answer(t, s, reporterChat, engine.SubmitReport{Key: "jkk-1", Report: accident(1)}).Number
	add := func(chatID int64, photos ...string) engine.Result {
		t.Helper()
		res, err := s.Apply(t.Context(), chatID, []engine.Effect{engine.AddReportPhotos{Number: number, Photos: photos}})
		if err != nil {
			t.Fatal(err)
		}
		return res[0]
	}
	notices := func() int {
		var n int
		if err := pool.QueryRow(t.Context(), `select count(*) from outbox where kind = 'report.photos_added'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	want := engine.PhotosAdded{Number: number, Count: 4}
	if r := add(reporterChat, "akta", "kk"); r.Err != "" || engine.AnswerOf[engine.AddReportPhotos](&r) != want {
		t.Errorf("add: %+v", r)
	}
	if r := add(reporterChat, "akta", "kk"); r.Err != "" || engine.AnswerOf[engine.AddReportPhotos](&r) != want || notices() != 1 {
		t.Errorf("repeat: %+v, %d notices", r, notices())
	}
	if r := add(chat, "x"); r.Err != "rep.more.not_open" {
		t.Errorf("another chat's report: %+v", r)
	}
	if r := add(reporterChat, "a", "b", "c", "d", "e"); r.Err != "" {
		t.Errorf("up to ten: %+v", r)
	}
	if r := add(reporterChat, "f", "g"); r.Err != "rep.more.full" {
		t.Errorf("eleven: %+v", r)
	}
	if _, err := pool.Exec(t.Context(), `update reports set stage = 'selesai'`); err != nil {
		t.Fatal(err)
	}
	if r := add(reporterChat, "h"); r.Err != "rep.more.not_open" {
		t.Errorf("closed report: %+v", r)
	}
}

// TestRemindersCountFromTheAccident: the 2 × 24 hour duty runs from the
// accident, so an accident reported 30 hours late is reminded of soon
// after its report and escalated at 44 hours after the accident.
func TestRemindersCountFromTheAccident(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s, o := postgres.NewStore(pool, seal.Dev()), postgres.NewOutbox(pool)
	applyOne(t, s, chat, submit("reg-1", registration(1)))
	applyOne(t, s, reporterChat, engine.SubmitReport{Key: "jkk-1", Report: accident(1)})
	var created time.Time
	if err := pool.QueryRow(t.Context(), `select created_at from reports`).Scan(&created); err != nil {
		t.Fatal(err)
	}
	var happened *time.Time
	if err := pool.QueryRow(t.Context(), `select happened_by from reports`).Scan(&happened); err != nil || happened == nil || happened.After(created) {
		t.Fatalf("happened_by %v (%v), want set and not after the report at %v", happened, err, created)
	}
	// Say the accident was 30 hours before the report.
	if _, err := pool.Exec(t.Context(), `update reports set happened_by = created_at - interval '30 hours'`); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		after               time.Duration
		reminded, escalated int
	}{
		{postgres.ReminderFloor - time.Minute, 0, 0}, // staff first have the report itself
		{postgres.ReminderFloor, 1, 0},               // 32 h after the accident
		{postgres.EscalateAfter - 30*time.Hour - time.Minute, 0, 0},
		{postgres.EscalateAfter - 30*time.Hour, 0, 1}, // 44 h after the accident
		{72 * time.Hour, 0, 0},                        // each once
	} {
		r, e, err := o.Remind(t.Context(), created.Add(step.after))
		if err != nil {
			t.Fatal(err)
		}
		if r != step.reminded || e != step.escalated {
			t.Errorf("at report + %v: %d reminders, %d escalations; want %d, %d", step.after, r, e, step.reminded, step.escalated)
		}
	}
	// The reminder names the deadline: 18 hours after the report.
	var dueClock, overdue string
	err := pool.QueryRow(t.Context(), `select data->>'DueClock', data->>'Overdue' from outbox where kind = 'report.reminder'`).Scan(&dueClock, &overdue)
	if want := domain.ClockWIB(created.Add(18 * time.Hour)); err != nil || dueClock != want || overdue != "" {
		t.Errorf("reminder due %q, overdue %q (%v); want %s, not overdue", dueClock, overdue, err, want)
	}
}

func TestNoticeOfALateAccidentSaysTheDeadlinePassed(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	applyOne(t, s, chat, submit("reg-1", registration(1)))
	late := accident(1)
	late.Date = domain.Today(time.Now()).AddDate(0, 0, -3)
	applyOne(t, s, reporterChat, engine.SubmitReport{Key: "jkk-1", Report: late})
	var overdue, dueDate string
	err := pool.QueryRow(t.Context(), `select data->>'Overdue', data->>'DueDate' from outbox where kind = 'report.submitted'`).Scan(&overdue, &dueDate)
	if want := postgres.DateValue(late.Date.AddDate(0, 0, 2)); err != nil || overdue != "1" || dueDate != want {
		t.Errorf("notice: overdue %q, due %q (%v); want overdue, due %s", overdue, dueDate, err, want)
	}
}
