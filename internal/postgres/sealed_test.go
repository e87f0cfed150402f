package postgres_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/postgres/pgtest"
	"github.com/jaganagari/jaganagari/internal/seal"
)

// personal are the values of registration(1) and accident(1) that must
// never be stored in the clear: the NIK, the phone's digits, the mother's
// maiden name (BPJS asks it to prove who a member is), and the account of
// the accident.
var personal = []string{"1302041203850001", "81234567890", "Rosmaniar", "Kaki kiri patah", "pematang", "puskesmas"}

// dumpSchema returns every row of every table of pool's schema as text.
func dumpSchema(t *testing.T, pool *pgxpool.Pool) string {
	t.Helper()
	rows, err := pool.Query(t.Context(), `
		select table_name from information_schema.tables
		where table_schema = current_schema() and table_type = 'BASE TABLE'`)
	if err != nil {
		t.Fatal(err)
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) < 10 {
		t.Fatalf("only %d tables in the schema: the dump would prove little", len(tables))
	}
	var b strings.Builder
	for _, table := range tables {
		var text string
		err := pool.QueryRow(t.Context(), "select coalesce(string_agg(t::text, E'\\n'), '') from "+pgx.Identifier{table}.Sanitize()+" t").Scan(&text)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(text)
	}
	return b.String()
}

// keyRing is a ring of the given key IDs, each key a byte repeated, and
// one fixed index key: rings of different sealing keys index alike, as
// they do in a real rotation.
func keyRing(t *testing.T, ids ...string) *seal.Keys {
	t.Helper()
	var keys []seal.Key
	for _, id := range ids {
		keys = append(keys, seal.Key{ID: id, Secret: bytes.Repeat([]byte(id[len(id)-1:]), seal.KeySize)})
	}
	k, err := seal.New(keys, bytes.Repeat([]byte{0x1d}, seal.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// sealedStore is a store over a fresh schema migrated with a ring of ids.
func sealedStore(t *testing.T, ids ...string) (*pgxpool.Pool, *postgres.Store) {
	t.Helper()
	keys := keyRing(t, ids...)
	pool := pgtest.NewWithKeys(t, keys)
	return pool, postgres.NewStore(pool, keys)
}

func TestNothingPersonalIsStoredInTheClear(t *testing.T) {
	t.Parallel()
	pool, s := sealedStore(t, "k1")
	applyOne(t, s, chat, submit("reg-1", registration(1)))
	applyOne(t, s, reporterChat, engine.SubmitReport{Key: "jkk-1", Report: accident(1)})
	uncovered := accident(1)
	uncovered.SubjectNIK, uncovered.Registered, uncovered.NagariCode = "1302041203850099", false, "13.02.04.2001"
	applyOne(t, s, reporterChat, engine.SubmitReport{Key: "jkk-2", Report: uncovered})
	if n := countRows(t, pool, "reports"); n != 2 {
		t.Fatalf("%d reports, want 2", n)
	}

	dump := dumpSchema(t, pool)
	for _, v := range append(personal, "1302041203850099") {
		if strings.Contains(dump, v) {
			t.Errorf("the database holds %q in the clear", v)
		}
	}
	// The masked NIK of the staff notice is there: the dump is not empty.
	if !strings.Contains(dump, "1302********0001") {
		t.Error("the dump lacks the masked NIK of the staff notice; is it complete?")
	}

	// And everything opens again for those who may see it.
	got := answer(t, s, chat, engine.LoadMyData{}).Registration
	if got.NIK != "1302041203850001" || got.Phone != "+6281234567890" || got.MotherName != "Rosmaniar" {
		t.Errorf("/dataku shows NIK %q, phone %q, mother %q", string(got.NIK), string(got.Phone), got.MotherName)
	}

	// /dataku lists the reports about the worker, and the reporter's own.
	worker := answer(t, s, chat, engine.LoadMyData{}).Reports
	if len(worker) != 1 || worker[0].Kind != domain.ReportJKK || worker[0].Stage != domain.StageNew {
		t.Errorf("the worker's /dataku lists %v, want the one report about them", worker)
	}
	reporter := answer(t, s, reporterChat, engine.LoadMyData{})
	if reporter.Found || len(reporter.Reports) != 2 || reporter.Reports[0].Number == reporter.Reports[1].Number {
		t.Errorf("the reporter's /dataku: %+v, want no registration and both reports", reporter)
	}
}

func TestDuplicateNIKIsFoundByItsBlindIndex(t *testing.T) {
	t.Parallel()
	_, s := sealedStore(t, "k1")
	applyOne(t, s, chat, submit("reg-1", registration(1)))
	if got := answer(t, s, chat+1, submit("reg-2", registration(1))); !got.Duplicate {
		t.Errorf("second registration of one NIK from another chat: %v, want duplicate", got)
	}
	if got := answer(t, s, chat+1, engine.FindRegistration{NIK: registration(1).NIK}); !got.Found {
		t.Errorf("FindRegistration of a registered NIK: %v", got)
	}
	if got := answer(t, s, chat+1, engine.FindRegistration{NIK: registration(2).NIK}); got.Found {
		t.Errorf("FindRegistration of an unregistered NIK: %v", got)
	}
}

func TestRotateKeys(t *testing.T) {
	t.Parallel()
	pool, old := sealedStore(t, "k1")
	for i := 1; i <= 3; i++ {
		r := registration(i)
		if i == 3 {
			r.MotherName = "" // registered before the question was asked: NULL
		}
		applyOne(t, old, chat+int64(i), submit("reg", r))
	}
	applyOne(t, old, reporterChat, engine.SubmitReport{Key: "jkk-1", Report: accident(1)})

	// The operator adds k2 in front of k1 and runs rotate-key.
	both := postgres.NewStore(pool, keyRing(t, "k2", "k1"))
	done, err := both.RotateKeys(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if done != (postgres.Rotated{Registrations: 3, Reports: 1}) {
		t.Errorf("rotated %+v, want 3 registrations and 1 report", done)
	}
	var stale int
	err = pool.QueryRow(t.Context(), `
		select (select count(*) from registrations where key_id <> 'k2') + (select count(*) from reports where key_id <> 'k2')`).Scan(&stale)
	if err != nil || stale != 0 {
		t.Fatalf("%d rows still on another key (%v)", stale, err)
	}
	if again, err := both.RotateKeys(t.Context()); err != nil || again != (postgres.Rotated{}) {
		t.Errorf("a second rotation moved %+v (%v), want nothing", again, err)
	}

	// k1 can go: a ring of k2 alone reads everything and still finds NIKs.
	onlyNew := postgres.NewStore(pool, keyRing(t, "k2"))
	got := answer(t, onlyNew, chat+2, engine.LoadMyData{}).Registration
	if got.NIK != registration(2).NIK || got.Phone != registration(2).Phone || got.MotherName != registration(2).MotherName {
		t.Errorf("after rotation /dataku shows %q, %q, %q", string(got.NIK), string(got.Phone), got.MotherName)
	}
	if got := answer(t, onlyNew, chat+9, submit("reg-dup", registration(3))); !got.Duplicate {
		t.Errorf("after rotation a registered NIK is not a duplicate: %v", got)
	}
	if _, err := pool.Exec(t.Context(), `update registrations set status = 'terverifikasi'`); err != nil {
		t.Fatal(err)
	}
	rows, err := onlyNew.ExportNagari(t.Context(), "13.02.04.2001")
	if err != nil || len(rows) != 3 || rows[0][0] != string(registration(1).NIK) || rows[0][8] != string(registration(1).Phone) ||
		rows[0][9] != registration(1).MotherName {
		t.Errorf("export after rotation: %v, %v", rows, err)
	}
}

func TestRotateKeysWithoutTheOldKeyChangesNothing(t *testing.T) {
	t.Parallel()
	pool, old := sealedStore(t, "k1")
	applyOne(t, old, chat, submit("reg-1", registration(1)))
	_, err := postgres.NewStore(pool, keyRing(t, "k2")).RotateKeys(t.Context())
	if !errors.Is(err, seal.ErrUnknownKey) {
		t.Fatalf("RotateKeys without k1 = %v, want ErrUnknownKey", err)
	}
	var keyID string
	if err := pool.QueryRow(t.Context(), `select key_id from registrations`).Scan(&keyID); err != nil || keyID != "k1" {
		t.Errorf("key_id %q (%v), want k1 untouched", keyID, err)
	}
	if got := answer(t, old, chat, engine.LoadMyData{}); got.Registration.NIK != registration(1).NIK {
		t.Errorf("the record no longer opens with k1: %v", got)
	}
}

func TestMigrateRefusesAnotherIndexKey(t *testing.T) {
	t.Parallel()
	pool, _ := sealedStore(t, "k1")
	other, err := seal.New([]seal.Key{{ID: "k1", Secret: bytes.Repeat([]byte{1}, seal.KeySize)}}, bytes.Repeat([]byte{2}, seal.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	conn, err := pool.Acquire(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	if err := postgres.Migrate(t.Context(), conn.Conn(), other); !errors.Is(err, postgres.ErrIndexKeyChanged) {
		t.Fatalf("Migrate with another index key = %v, want ErrIndexKeyChanged", err)
	}
	if err := postgres.Migrate(t.Context(), conn.Conn(), keyRing(t, "k1")); err != nil {
		t.Fatalf("Migrate with the original index key: %v", err)
	}
}

func TestMigrateSealsTheRowsOfAnOlderRelease(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewEmpty(t)
	conn, err := pool.Acquire(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	// The schema as release 007 left it, with a registration and a report
	// in the clear.
	if err := postgres.MigrateTo(t.Context(), conn.Conn(), 7); err != nil {
		t.Fatal(err)
	}
	_, err = conn.Exec(t.Context(), `
		insert into nagari (code, name, kecamatan_code, kecamatan_name)
		values ('13.02.04.2001', 'Alahan Panjang', '13.02.04', 'Lembah Gumanti')`)
	if err != nil {
		t.Fatal(err)
	}
	r := registration(1)
	var regID int64
	err = conn.QueryRow(t.Context(), `
		insert into registrations (idempotency_key, chat_id, nik, name, birth_date, gender, address, nagari_code,
			occupation, phone, heir_name, heir_relation, consent_version, consent_at)
		values ('old', $1, $2, $3, $4, 'L', $5, $6, 'petani', $7, $8, 'anak', 'v1', now())
		returning id`,
		chat, string(r.NIK), r.Name, r.BirthDate, r.Address, r.NagariCode, string(r.Phone), r.HeirName).Scan(&regID)
	if err != nil {
		t.Fatal(err)
	}
	a := accident(1)
	_, err = conn.Exec(t.Context(), `
		insert into reports (number, kind, death, idempotency_key, chat_id, registration_id, subject_nik, nagari_code,
			for_self, event_date, place, description, injury, treatment, reporter_name, reporter_relation, reporter_phone)
		values ('JKK-2026-000001', 'jkk', false, 'old', $1, $2, $3, $4, false, $5, $6, $7, $8, $9, $10, 'tetangga', $11)`,
		reporterChat, regID, string(a.SubjectNIK), r.NagariCode, a.Date, a.Place, a.Description, a.Injury, a.Treatment,
		a.ReporterName, string(a.ReporterPhone))
	if err != nil {
		t.Fatal(err)
	}

	// Without ENCRYPTION_KEYS the records are not sealed with the public
	// development keys; with them, they are.
	if err := postgres.Migrate(t.Context(), conn.Conn(), seal.Dev()); !errors.Is(err, postgres.ErrDevSealing) {
		t.Fatalf("Migrate with the development keys = %v, want ErrDevSealing", err)
	}
	keys := keyRing(t, "k1")
	if err := postgres.Migrate(t.Context(), conn.Conn(), keys); err != nil {
		t.Fatal(err)
	}
	dump := dumpSchema(t, pool)
	for _, v := range personal {
		if strings.Contains(dump, v) {
			t.Errorf("after the upgrade the database still holds %q in the clear", v)
		}
	}
	s := postgres.NewStore(pool, keys)
	got := answer(t, s, chat, engine.LoadMyData{}).Registration
	if got.NIK != r.NIK || got.Phone != r.Phone {
		t.Errorf("the old registration opens to NIK %q, phone %q", string(got.NIK), string(got.Phone))
	}
	if got := answer(t, s, chat+1, engine.FindRegistration{NIK: r.NIK}); !got.Found {
		t.Errorf("the old registration's NIK is not found by its index: %v", got)
	}
	var keyID string
	var injury []byte
	if err := conn.QueryRow(t.Context(), `select key_id, injury_sealed from reports`).Scan(&keyID, &injury); err != nil {
		t.Fatal(err)
	}
	if v, err := keys.Open(keyID, postgres.FieldInjury, injury); err != nil || v != a.Injury {
		t.Errorf("the old report's injury opens to %q, %v", v, err)
	}
}

// migrateWith runs Migrate on one of pool's connections.
func migrateWith(t *testing.T, pool *pgxpool.Pool, keys *seal.Keys) error {
	t.Helper()
	conn, err := pool.Acquire(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	return postgres.Migrate(t.Context(), conn.Conn(), keys)
}

func TestDevelopmentAndRealKeysDoNotMix(t *testing.T) {
	t.Parallel()

	t.Run("an_empty_database_first_migrated_without_keys_takes_real_ones", func(t *testing.T) {
		t.Parallel()
		pool := pgtest.New(t) // migrated with the development keys
		if err := migrateWith(t, pool, keyRing(t, "k1")); err != nil {
			t.Fatalf("real keys on an empty development database: %v", err)
		}
		if err := migrateWith(t, pool, seal.Dev()); !errors.Is(err, postgres.ErrIndexKeyChanged) {
			t.Fatalf("back to the development keys = %v, want ErrIndexKeyChanged", err)
		}
	})

	t.Run("real_keys_refuse_a_database_of_test_records", func(t *testing.T) {
		t.Parallel()
		pool := pgtest.New(t)
		applyOne(t, postgres.NewStore(pool, seal.Dev()), chat, submit("reg-1", registration(1)))
		if err := migrateWith(t, pool, keyRing(t, "k1")); !errors.Is(err, postgres.ErrDevDatabase) {
			t.Fatalf("real keys on development records = %v, want ErrDevDatabase", err)
		}
	})
}
