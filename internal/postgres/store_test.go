package postgres_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/postgres/pgtest"
	"github.com/jaganagari/jaganagari/internal/seal"
)

const chat = int64(700100200)

var numberFormat = regexp.MustCompile(`^REG-([0-9]{4})-[0-9]{6}$`)

// registration returns a valid registration whose NIK ends in serial, so
// tests can make several distinct workers.
func registration(serial int) domain.Registration {
	return domain.Registration{
		NIK:            domain.NIK(fmt.Sprintf("130204120385%04d", serial)),
		Name:           "Rajo Ameh",
		BirthDate:      time.Date(1985, time.March, 12, 0, 0, 0, 0, time.UTC),
		Gender:         domain.Male,
		Address:        "Jorong Koto Baru, dekat surau",
		NagariCode:     "13.02.04.2001",
		Occupation:     "petani",
		Phone:          "+6281234567890",
		MotherName:     "Rosmaniar",
		HeirName:       "Siti Nurbaya",
		HeirRelation:   "anak",
		ConsentVersion: "2026-01",
		ConsentAt:      time.Now().Add(-time.Minute).UTC().Truncate(time.Microsecond),
		ConsentMode:    domain.ConsentOwn,
	}
}

func submit(key string, r domain.Registration) engine.SubmitRegistration {
	return engine.SubmitRegistration{Key: key, Registration: r}
}

// apply runs effects and fails the test on an error.
func apply(t *testing.T, s *postgres.Store, chatID int64, effects ...engine.Effect) []engine.Result {
	t.Helper()
	res, err := s.Apply(t.Context(), chatID, effects)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	return res
}

// applyOne runs one answering effect for its side effects, failing the
// test unless it answered without Err.
func applyOne(t *testing.T, s *postgres.Store, chatID int64, e engine.Effect) {
	t.Helper()
	res := apply(t, s, chatID, e)
	if len(res) != 1 || res[0].Effect != e.EffectName() || res[0].Err != "" {
		t.Fatalf("Apply(%s) = %+v, want one result without Err", e.EffectName(), res)
	}
}

// answer runs one answering effect and returns its answer, failing the
// test unless the store answered with the effect's own answer type.
func answer[E engine.Answering[T], T any](t *testing.T, s *postgres.Store, chatID int64, e E) T {
	t.Helper()
	res := apply(t, s, chatID, e)
	if len(res) != 1 || res[0].Effect != e.EffectName() || res[0].Err != "" {
		t.Fatalf("Apply(%s) = %+v, want one result without Err", e.EffectName(), res)
	}
	a, ok := res[0].Answer.(T)
	if !ok {
		t.Fatalf("Apply(%s) answered %T, want %T", e.EffectName(), res[0].Answer, a)
	}
	return a
}

func count(t *testing.T, pool *pgxpool.Pool) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), `select count(*) from registrations`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRegistrationFixtureIsValid(t *testing.T) {
	t.Parallel()
	if err := registration(1).Validate(time.Now()); err != nil {
		t.Fatalf("the test registration no longer validates: %v", err)
	}
}

func TestSubmitRegistration(t *testing.T) {
	t.Parallel()

	t.Run("writes_one_row_with_every_field", func(t *testing.T) {
		t.Parallel()
		pool := pgtest.New(t)
		s := postgres.NewStore(pool, seal.Dev())
		r := registration(1)
		r.Occupation, r.OccupationOther = "lainnya", "Penjahit"
		got := answer(t, s, chat, submit("reg-1", r))

		if !numberFormat.MatchString(got.Number) {
			t.Errorf("number %q is not REG-<year>-<6 digits>", got.Number)
		}
		want := engine.Submitted{Number: got.Number, Status: domain.StatusPending}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("result (-want +got):\n%s", diff)
		}
		if n := count(t, pool); n != 1 {
			t.Fatalf("%d rows, want 1", n)
		}

		type row struct {
			Number, IdempotencyKey      string
			ChatID                      int64
			KeyID                       string
			NIK                         []byte
			Name                        string
			BirthDate                   time.Time
			Gender, Address, NagariCode string
			Occupation, OccupationOther string
			Phone                       []byte
			HeirName, HeirRelation      string
			ConsentVersion              string
			ConsentAt                   time.Time
			Status                      string
			RejectReason                *string
		}
		rows, _ := pool.Query(t.Context(), `
			select number, idempotency_key, chat_id, key_id, nik_sealed, name, birth_date, gender, address,
			       nagari_code, occupation, occupation_other, phone_sealed, heir_name, heir_relation,
			       consent_version, consent_at, status, reject_reason
			from registrations`)
		stored, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[row])
		if err != nil {
			t.Fatal(err)
		}
		keys := seal.Dev()
		nik, err := keys.Open(stored.KeyID, postgres.FieldNIK, stored.NIK)
		if err != nil || nik != string(r.NIK) {
			t.Errorf("sealed NIK opens to %q, %v; want %s", nik, err, r.NIK)
		}
		phone, err := keys.Open(stored.KeyID, postgres.FieldPhone, stored.Phone)
		if err != nil || phone != string(r.Phone) {
			t.Errorf("sealed phone opens to %q, %v; want %s", phone, err, r.Phone)
		}
		stored.NIK, stored.Phone = nil, nil
		wantRow := row{
			Number: got.Number, IdempotencyKey: "reg-1", ChatID: chat,
			KeyID: seal.DevKeyID, Name: r.Name, BirthDate: r.BirthDate, Gender: "L", Address: r.Address,
			NagariCode: r.NagariCode, Occupation: "lainnya", OccupationOther: "Penjahit",
			HeirName: r.HeirName, HeirRelation: r.HeirRelation,
			ConsentVersion: r.ConsentVersion, ConsentAt: r.ConsentAt, Status: "menunggu_verifikasi",
		}
		if diff := cmp.Diff(wantRow, stored, cmp.Comparer(time.Time.Equal)); diff != "" {
			t.Errorf("stored row (-want +got):\n%s", diff)
		}
	})

	t.Run("the_same_key_twice_records_once", func(t *testing.T) {
		t.Parallel()
		pool := pgtest.New(t)
		s := postgres.NewStore(pool, seal.Dev())
		first := answer(t, s, chat, submit("reg-1", registration(1)))
		again := answer(t, s, chat, submit("reg-1", registration(1)))
		if diff := cmp.Diff(first, again); diff != "" {
			t.Errorf("second submission answered differently (-first +again):\n%s", diff)
		}
		if n := count(t, pool); n != 1 {
			t.Errorf("%d rows, want 1", n)
		}
	})

	t.Run("the_same_nik_under_another_key_is_a_duplicate", func(t *testing.T) {
		t.Parallel()
		pool := pgtest.New(t)
		s := postgres.NewStore(pool, seal.Dev())
		first := answer(t, s, chat, submit("reg-1", registration(1)))
		for _, c := range []struct {
			name string
			chat int64
		}{{"same_chat", chat}, {"other_chat", chat + 1}} {
			got := answer(t, s, c.chat, submit("reg-2", registration(1)))
			want := engine.Submitted{Duplicate: true}
			if c.chat == chat {
				// Only the chat that registered the NIK learns its number.
				want.Number, want.Status = first.Number, first.Status
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s: result (-want +got):\n%s", c.name, diff)
			}
		}
		if n := count(t, pool); n != 1 {
			t.Errorf("%d rows, want 1", n)
		}
	})

	t.Run("the_same_key_from_another_chat_is_another_form", func(t *testing.T) {
		t.Parallel()
		pool := pgtest.New(t)
		s := postgres.NewStore(pool, seal.Dev())
		a := answer(t, s, chat, submit("reg-1", registration(1)))
		b := answer(t, s, chat+1, submit("reg-1", registration(2)))
		if a.Number == b.Number || b.Duplicate {
			t.Errorf("chats sharing a key got %v and %v, want two records", a, b)
		}
		if n := count(t, pool); n != 2 {
			t.Errorf("%d rows, want 2", n)
		}
	})

	t.Run("numbers_are_unique_and_well_formed", func(t *testing.T) {
		t.Parallel()
		pool := pgtest.New(t)
		s := postgres.NewStore(pool, seal.Dev())
		seen := map[string]bool{}
		for i := range 30 {
			n := answer(t, s, chat, submit(fmt.Sprint("reg-", i), registration(i+1))).Number
			if !numberFormat.MatchString(n) || seen[n] {
				t.Errorf("number %q is malformed or repeated", n)
			}
			seen[n] = true
		}
		// The year is the record's creation year in WIB.
		rows, _ := pool.Query(t.Context(), `select number, created_at from registrations`)
		var number string
		var created time.Time
		_, err := pgx.ForEachRow(rows, []any{&number, &created}, func() error {
			year := numberFormat.FindStringSubmatch(number)[1]
			if want := fmt.Sprint(created.In(time.FixedZone("WIB", 7*3600)).Year()); year != want {
				t.Errorf("number %s made at %v, want year %s", number, created, want)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})

	t.Run("twenty_concurrent_submissions_of_one_key_record_once", func(t *testing.T) {
		t.Parallel()
		pool := pgtest.New(t)
		s := postgres.NewStore(pool, seal.Dev())
		results := concurrently(t, 20, func(int) engine.SubmitRegistration { return submit("reg-1", registration(1)) }, s)
		for _, r := range results {
			if r.Number != results[0].Number || r.Duplicate {
				t.Errorf("got %v, want all like %v", r, results[0])
			}
		}
		if n := count(t, pool); n != 1 {
			t.Errorf("%d rows, want 1", n)
		}
	})

	t.Run("twenty_concurrent_forms_with_one_nik_record_once", func(t *testing.T) {
		t.Parallel()
		pool := pgtest.New(t)
		s := postgres.NewStore(pool, seal.Dev())
		results := concurrently(t, 20, func(i int) engine.SubmitRegistration { return submit(fmt.Sprint("reg-", i), registration(1)) }, s)
		fresh := 0
		for _, r := range results {
			if !r.Duplicate {
				fresh++
			}
			if r.Number != results[0].Number {
				t.Errorf("numbers differ: %v and %v", r, results[0])
			}
		}
		if fresh != 1 {
			t.Errorf("%d submissions were not duplicates, want 1", fresh)
		}
		if n := count(t, pool); n != 1 {
			t.Errorf("%d rows, want 1", n)
		}
	})

	t.Run("input_the_user_can_fix_is_a_result_and_writes_nothing", func(t *testing.T) {
		t.Parallel()
		pool := pgtest.New(t)
		s := postgres.NewStore(pool, seal.Dev())
		r := registration(1)
		r.Name = ""
		res := apply(t, s, chat, submit("reg-1", r))
		if len(res) != 1 || res[0].Err != "name.too_short" {
			t.Errorf("got %+v, want one result with Err name.too_short", res)
		}
		if n := count(t, pool); n != 0 {
			t.Errorf("%d rows, want 0", n)
		}
	})

	t.Run("a_value_no_parser_makes_is_an_error_and_writes_nothing", func(t *testing.T) {
		t.Parallel()
		pool := pgtest.New(t)
		s := postgres.NewStore(pool, seal.Dev())
		r := registration(1)
		r.Name = "rajo ameh" // ParseName would capitalise it
		if _, err := s.Apply(t.Context(), chat, []engine.Effect{submit("reg-1", r)}); err == nil {
			t.Error("Apply accepted a registration that is not in canonical form")
		}
		if _, err := s.Apply(t.Context(), chat, []engine.Effect{submit("", registration(1))}); err == nil {
			t.Error("Apply accepted an empty idempotency key")
		}
		if n := count(t, pool); n != 0 {
			t.Errorf("%d rows, want 0", n)
		}
	})

	t.Run("database_errors_carry_no_personal_data", func(t *testing.T) {
		t.Parallel()
		pool := pgtest.New(t)
		s := postgres.NewStore(pool, seal.Dev())
		r := registration(1)
		r.NagariCode = "13.02.99.2001" // well formed, but no such nagari
		_, err := s.Apply(t.Context(), chat, []engine.Effect{submit("reg-1", r)})
		if err == nil {
			t.Fatal("Apply stored a registration for an unknown nagari")
		}
		for _, secret := range []string{string(r.NIK), r.Name, string(r.Phone), r.Address, r.HeirName} {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error %q contains personal data", err)
			}
		}
	})
}

// concurrently applies n effects at once from goroutines and returns their
// answers in goroutine order.
func concurrently[E engine.Answering[T], T any](t *testing.T, n int, effect func(i int) E, s *postgres.Store) []T {
	t.Helper()
	results := make([]T, n)
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			res, err := s.Apply(t.Context(), chat, []engine.Effect{effect(i)})
			if err == nil && len(res) != 1 {
				err = fmt.Errorf("%d results", len(res))
			}
			if err == nil {
				results[i] = engine.AnswerOf[E](&res[0])
			}
			errs[i] = err
		})
	}
	close(start)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatalf("concurrent Apply: %v", err)
		}
	}
	return results
}

func TestFindRegistration(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	r := registration(1)

	if got := answer(t, s, chat, engine.FindRegistration{NIK: r.NIK}); got.Found {
		t.Errorf("before submitting: %v, want not found", got)
	}
	sub := answer(t, s, chat, submit("reg-1", r))
	got := answer(t, s, chat, engine.FindRegistration{NIK: r.NIK})
	want := engine.RegistrationStatus{Found: true, Number: sub.Number, Status: domain.StatusPending}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("own chat: result (-want +got):\n%s", diff)
	}
	// Anyone can type a NIK; a stranger learns only that it is taken.
	got = answer(t, s, chat+1, engine.FindRegistration{NIK: r.NIK})
	if diff := cmp.Diff(engine.RegistrationStatus{Found: true}, got); diff != "" {
		t.Errorf("other chat: result (-want +got):\n%s", diff)
	}
}

func TestLoadStatus(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())

	if got := answer(t, s, chat, engine.LoadStatus{}); got.Found {
		t.Errorf("with no registration: %v, want not found", got)
	}
	first := answer(t, s, chat, submit("reg-1", registration(1)))
	second := registration(2)
	second.NagariCode = "13.02.06.2003" // Koto Laweh, Lembang Jaya
	newest := answer(t, s, chat, submit("reg-2", second))
	applyOne(t, s, chat+1, submit("reg-3", registration(3))) // another chat's

	// Staff reject it; the staff flow is not written yet, so do it by hand.
	_, err := pool.Exec(t.Context(),
		`update registrations set status = 'ditolak', reject_reason = 'KTP buram' where number = $1`,
		newest.Number)
	if err != nil {
		t.Fatal(err)
	}
	got := answer(t, s, chat, engine.LoadStatus{})
	want := engine.RegistrationStatus{
		Found: true, Number: newest.Number, Status: domain.StatusRejected,
		NagariCode: "13.02.06.2003", Reason: "KTP buram",
		// Both people registered from this chat, newest first; not the
		// other chat's.
		People: []domain.Person{
			{Number: newest.Number, Name: "Rajo Ameh", Status: domain.StatusRejected, Reason: "KTP buram"},
			{Number: first.Number, Name: "Rajo Ameh", Status: domain.StatusPending},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("result (-want +got):\n%s", diff)
	}
}

func TestLanguage(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())

	if lang, ok, err := s.Language(t.Context(), chat); err != nil || ok || lang != "" {
		t.Errorf("unknown chat: Language = %q, %v, %v; want \"\", false, nil", lang, ok, err)
	}
	for _, lang := range []string{"en", "id", "id"} {
		if res := apply(t, s, chat, engine.SaveLanguage{Lang: lang}); len(res) != 0 {
			t.Errorf("SaveLanguage answered %+v, want nothing", res)
		}
		got, ok, err := s.Language(t.Context(), chat)
		if err != nil || !ok || got != lang {
			t.Errorf("after saving %q: Language = %q, %v, %v", lang, got, ok, err)
		}
	}
	if _, ok, _ := s.Language(t.Context(), chat+1); ok {
		t.Error("another chat has a language it never chose")
	}
}

func TestApply(t *testing.T) {
	t.Parallel()

	t.Run("answers_in_order_and_skips_silent_effects", func(t *testing.T) {
		t.Parallel()
		s := postgres.NewStore(pgtest.New(t), seal.Dev())
		r := registration(1)
		res := apply(t, s, chat,
			engine.SaveLanguage{Lang: "id"},
			submit("reg-1", r),
			engine.FindRegistration{NIK: r.NIK},
			engine.LoadStatus{},
		)
		var names []string
		for _, r := range res {
			names = append(names, r.Effect)
		}
		want := []string{"submit_registration", "find_registration", "load_status"}
		if diff := cmp.Diff(want, names); diff != "" {
			t.Errorf("result effects (-want +got):\n%s", diff)
		}
		if a := engine.AnswerOf[engine.FindRegistration](&res[1]); !a.Found {
			t.Errorf("find after submit in one Apply: %+v, want found", res[1])
		}
	})

	t.Run("an_unknown_effect_is_an_error_after_earlier_results", func(t *testing.T) {
		t.Parallel()
		s := postgres.NewStore(pgtest.New(t), seal.Dev())
		res, err := s.Apply(t.Context(), chat, []engine.Effect{engine.LoadStatus{}, bogus{}, engine.LoadStatus{}})
		if err == nil || len(res) != 1 {
			t.Errorf("got %d results and error %v, want 1 and an error", len(res), err)
		}
	})

	t.Run("a_cancelled_context_is_an_error_and_writes_nothing", func(t *testing.T) {
		t.Parallel()
		pool := pgtest.New(t)
		s := postgres.NewStore(pool, seal.Dev())
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		for _, e := range []engine.Effect{submit("reg-1", registration(1)), engine.SaveLanguage{Lang: "en"},
			engine.FindRegistration{NIK: registration(1).NIK}, engine.LoadStatus{}} {
			if _, err := s.Apply(ctx, chat, []engine.Effect{e}); err == nil {
				t.Errorf("%s with a cancelled context: no error", e.EffectName())
			}
		}
		if n := count(t, pool); n != 0 {
			t.Errorf("%d rows, want 0", n)
		}
		if _, ok, _ := s.Language(t.Context(), chat); ok {
			t.Error("language saved with a cancelled context")
		}
	})

	t.Run("a_closed_pool_is_an_error_and_writes_nothing", func(t *testing.T) {
		t.Parallel()
		pool := pgtest.New(t)
		closed, err := pgxpool.NewWithConfig(t.Context(), pool.Config())
		if err != nil {
			t.Fatal(err)
		}
		closed.Close()
		s := postgres.NewStore(closed, seal.Dev())
		if _, err := s.Apply(t.Context(), chat, []engine.Effect{submit("reg-1", registration(1))}); err == nil {
			t.Error("Apply on a closed pool: no error")
		}
		if err := s.Ping(t.Context()); err == nil {
			t.Error("Ping on a closed pool: no error")
		}
		if _, _, err := s.Language(t.Context(), chat); err == nil {
			t.Error("Language on a closed pool: no error")
		}
		if _, err := s.Regions(t.Context()); err == nil {
			t.Error("Regions on a closed pool: no error")
		}
		if n := count(t, pool); n != 0 {
			t.Errorf("%d rows, want 0", n)
		}
	})
}

type bogus struct{}

func (bogus) EffectName() string { return "bogus" }

func TestSchemasAreIsolated(t *testing.T) {
	t.Parallel()
	poolA, poolB := pgtest.New(t), pgtest.New(t)
	a, b := postgres.NewStore(poolA, seal.Dev()), postgres.NewStore(poolB, seal.Dev())
	r := registration(1)

	applyOne(t, a, chat, submit("reg-1", r))
	apply(t, a, chat, engine.SaveLanguage{Lang: "en"})

	if got := answer(t, b, chat, engine.FindRegistration{NIK: r.NIK}); got.Found {
		t.Errorf("schema B finds schema A's registration: %v", got)
	}
	if got := answer(t, b, chat, engine.LoadStatus{}); got.Found {
		t.Errorf("schema B loads schema A's status: %v", got)
	}
	if _, ok, _ := b.Language(t.Context(), chat); ok {
		t.Error("schema B knows schema A's language")
	}
	if got := answer(t, b, chat, submit("reg-2", r)); got.Duplicate {
		t.Errorf("schema B sees schema A's NIK as a duplicate: %v", got)
	}
	if n := count(t, poolB); n != 1 {
		t.Errorf("schema B has %d rows, want 1", n)
	}
}

func TestRegions(t *testing.T) {
	t.Parallel()
	s := postgres.NewStore(pgtest.New(t), seal.Dev())
	list, err := s.Regions(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 74 {
		t.Fatalf("%d nagari, want 74", len(list))
	}
	kecamatan := map[string]bool{}
	for i, n := range list {
		kecamatan[n.KecamatanCode] = true
		if i > 0 && list[i-1].Code >= n.Code {
			t.Errorf("not ordered by code at %s", n.Code)
		}
	}
	if len(kecamatan) != 14 {
		t.Errorf("%d kecamatan, want 14", len(kecamatan))
	}
	want := domain.Nagari{Code: "13.02.03.2001", Name: "Lolo", KecamatanCode: "13.02.03", KecamatanName: "Pantai Cermin"}
	if diff := cmp.Diff(want, list[0]); diff != "" {
		t.Errorf("first nagari (-want +got):\n%s", diff)
	}
}

func TestConnect(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)

	t.Run("reaches_the_database", func(t *testing.T) {
		t.Parallel()
		p, err := postgres.Connect(t.Context(), pool.Config().ConnString())
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		if err := postgres.NewStore(p, seal.Dev()).Ping(t.Context()); err != nil {
			t.Error(err)
		}
	})

	t.Run("keeps_the_password_out_of_errors", func(t *testing.T) {
		t.Parallel()
		_, err := postgres.Connect(t.Context(), "postgres://u:s3cret@host:notaport/db")
		if err == nil || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("Connect error %v, want one without the password", err)
		}
	})
}

func TestSubmitWritesTheStaffNoticeInTheSameTransaction(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	applyOne(t, s, chat, submit("reg-1", registration(1)))
	applyOne(t, s, chat, submit("reg-1", registration(1))) // a repeat notifies nobody again
	var n int
	var nagari, msg, nik string
	err := pool.QueryRow(t.Context(), `select count(*) over (), nagari_code, msg, data->>'NIK' from outbox`).Scan(&n, &nagari, &msg, &nik)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 || nagari != registration(1).NagariCode || msg != "notify.registration" {
		t.Errorf("outbox: %d rows, nagari %s, msg %s", n, nagari, msg)
	}
	if nik == string(registration(1).NIK) || len(nik) != 16 {
		t.Errorf("notice carries NIK %q, want it masked", nik)
	}
}

func TestOutboxBacklog(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s, o := postgres.NewStore(pool, seal.Dev()), postgres.NewOutbox(pool)
	now := time.Now()
	if n, lag, err := o.Backlog(t.Context(), now); err != nil || n != 0 || lag != 0 {
		t.Fatalf("empty outbox: %d, %v, %v", n, lag, err)
	}
	applyOne(t, s, chat, submit("reg-1", registration(1)))
	n, lag, err := o.Backlog(t.Context(), now.Add(time.Minute))
	if err != nil || n != 1 || lag < 59*time.Second {
		t.Fatalf("one notice waiting: %d, %v, %v", n, lag, err)
	}
}
