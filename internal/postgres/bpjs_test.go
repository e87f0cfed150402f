package postgres_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/postgres/pgtest"
	"github.com/jaganagari/jaganagari/internal/seal"
)

const (
	bpjsOfficer = int64(810100) // petugas nagari of Alahan Panjang
	bpjsAdmin   = int64(810200)
	lolo        = "13.02.03.2001" // another kecamatan
)

// bpjsWorker registers worker serial from chat 900000+serial in nagari,
// and sets it verified and funded (or on the waiting list), as a verified
// decision within (or beyond) the quota leaves it. It returns the
// registration's id.
func bpjsWorker(t *testing.T, pool *pgxpool.Pool, s *postgres.Store, serial int, nagari string, status domain.Status, funded bool) int64 {
	t.Helper()
	r := registration(serial)
	r.NagariCode = nagari
	sub := answer(t, s, int64(900000+serial), submit("bpjs-"+strings.Repeat("x", serial), r))
	var id int64
	err := pool.QueryRow(t.Context(), `
		update registrations set status = $2, covered_at = case when $3 then now() end
		where number = $1 returning id`, sub.Number, status, funded).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func membershipOf(t *testing.T, s *postgres.Store, serial int) domain.Membership {
	t.Helper()
	return answer(t, s, int64(900000+serial), engine.LoadStatus{}).Membership
}

func nikOf(serial int) domain.NIK { return registration(serial).NIK }

func bpjsStore(t *testing.T) (*pgxpool.Pool, *postgres.Store) {
	t.Helper()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	staffChat(t, s, bpjsOfficer, domain.RoleNagari, alahan)
	staffChat(t, s, bpjsAdmin, domain.RoleAdmin, "")
	return pool, s
}

// TestBatchHoldsOnlyVerifiedFundedWorkers makes a batch for a petugas
// nagari: the funded verified worker and the one BPJS refused go, the
// waiting-list, pending and already submitted ones do not; a second batch
// is refused as empty; the batch reads back row for row.
func TestBatchHoldsOnlyVerifiedFundedWorkers(t *testing.T) {
	t.Parallel()
	pool, s := bpjsStore(t)
	bpjsWorker(t, pool, s, 1, alahan, domain.StatusVerified, true)
	bpjsWorker(t, pool, s, 2, alahan, domain.StatusVerified, false) // waiting list
	bpjsWorker(t, pool, s, 3, alahan, domain.StatusPending, false)
	refused := bpjsWorker(t, pool, s, 4, alahan, domain.StatusVerified, true)
	bpjsWorker(t, pool, s, 5, lolo, domain.StatusVerified, true) // another nagari
	for _, change := range []func(m domain.Membership, b string) (domain.Membership, error){
		func(m domain.Membership, b string) (domain.Membership, error) { return m.Submit(b) },
		func(m domain.Membership, _ string) (domain.Membership, error) { return m.Refuse("NIK tidak sesuai") },
	} {
		if err := s.ChangeMembership(t.Context(), refused, change); err != nil {
			t.Fatal(err)
		}
	}

	p := answer(t, s, bpjsOfficer, engine.PrepareBatch{})
	// The refused worker's first batch is listed to download again.
	if p.Nagari != alahan || p.Ready != 2 || p.Resubmitted != 1 || len(p.Batches) != 1 {
		t.Fatalf("preview = %+v, want Alahan Panjang with 2 ready, 1 resubmitted, and the earlier batch", p)
	}
	if c := answer(t, s, bpjsAdmin, engine.PrepareBatch{}).Choices; len(c) != 2 {
		t.Errorf("admin's choices = %+v, want Alahan Panjang and Lolo", c)
	}
	// A petugas nagari cannot batch another nagari.
	if res := apply(t, s, bpjsOfficer, engine.CreateBatch{Nagari: lolo}); res[0].Err != "staff.denied" {
		t.Errorf("batch of another nagari answered %+v", res[0])
	}

	b := answer(t, s, bpjsOfficer, engine.CreateBatch{Nagari: alahan})
	if !b.Found || b.Batch.Size != 2 || b.Resubmitted != 1 || !strings.HasPrefix(b.Batch.Number, "AJU-") {
		t.Fatalf("batch = %+v", b.Batch)
	}
	var niks []string
	for _, r := range b.Rows {
		if len(r) != len(domain.BatchColumns) {
			t.Fatalf("row has %d cells, want %d", len(r), len(domain.BatchColumns))
		}
		niks = append(niks, r[domain.BatchNIKColumn])
	}
	if diff := cmp.Diff([]string{string(nikOf(1)), string(nikOf(4))}, niks); diff != "" {
		t.Errorf("batch NIKs (-want +got):\n%s", diff)
	}
	want := domain.ExportRow{string(nikOf(1)), "Rajo Ameh", "12-03-1985", "L", "Jorong Koto Baru, dekat surau", "Alahan Panjang",
		"petani", "+6281234567890", "Rosmaniar", "Siti Nurbaya", "anak"}
	if diff := cmp.Diff(want, b.Rows[0]); diff != "" {
		t.Errorf("first row (-want +got):\n%s", diff)
	}
	for serial, st := range map[int]domain.MembershipState{1: domain.MembershipSubmitted, 2: "", 3: "", 4: domain.MembershipSubmitted, 5: ""} {
		if m := membershipOf(t, s, serial); m.State != st || (st != "" && m.Batch != b.Batch.Number) {
			t.Errorf("worker %d membership %+v, want %q in %s", serial, m, st, b.Batch.Number)
		}
	}

	if res := apply(t, s, bpjsOfficer, engine.CreateBatch{Nagari: alahan}); res[0].Err != "bpjs.batch.empty" {
		t.Errorf("second batch answered %+v, want bpjs.batch.empty", res[0])
	}
	if n := countRows(t, pool, "bpjs_batches"); n != 2 {
		t.Errorf("%d batches, want 2 (no empty one)", n)
	}

	again := answer(t, s, bpjsOfficer, engine.ExportBatch{Number: b.Batch.Number})
	made := b
	made.Resubmitted = 0 // told when the batch is made, not after
	if diff := cmp.Diff(made, again); diff != "" {
		t.Errorf("batch read again (-made +again):\n%s", diff)
	}
	var audited int
	if err := pool.QueryRow(t.Context(), `select count(*) from audit_log where action in ('bpjs.batch', 'bpjs.batch.export', 'membership.diajukan')`).Scan(&audited); err != nil || audited != 1+1+3 {
		t.Errorf("audit rows = %d (%v), want the batch, its export and three submissions", audited, err)
	}
}

// result is a result file's rows as the bot would read them.
func result(t *testing.T, rows ...[]string) domain.ResultFile {
	t.Helper()
	table := append([][]string{{"NIK", "Nomor KPJ", "Status", "Tanggal mulai", "Tanggal akhir", "Alasan"}}, rows...)
	return domain.ReadResult(table, time.Now())
}

// TestImportResultRules imports BPJS's answer row by row: an accepted and
// a refused worker move on and are told in the same transaction, every
// other row is reported and changes nothing, and the same file again is
// all "already done".
func TestImportResultRules(t *testing.T) {
	t.Parallel()
	pool, s := bpjsStore(t)
	for serial := 1; serial <= 3; serial++ {
		bpjsWorker(t, pool, s, serial, alahan, domain.StatusVerified, true)
	}
	bpjsWorker(t, pool, s, 4, alahan, domain.StatusVerified, false) // waiting list, never submitted
	bpjsWorker(t, pool, s, 5, lolo, domain.StatusVerified, true)
	b := answer(t, s, bpjsOfficer, engine.CreateBatch{Nagari: alahan})
	other, err := s.CreateBatch(t.Context(), lolo)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(t.Context(), `delete from outbox`); err != nil {
		t.Fatal(err)
	}
	nik := func(serial int) string { return string(nikOf(serial)) }
	file := result(t,
		[]string{nik(1), "1234 5678 901", "Diterima", "01-08-2026", "31/12/2026", ""},
		[]string{nik(2), "", "DITOLAK", "", "", "NIK tidak sesuai Dukcapil"},
		[]string{nik(3), "12ab", "diterima", "01-08-2026", "", ""},                           // invalid KPJ
		[]string{nik(1), "99999999", "diterima", "01-08-2026", "", ""},                       // duplicate
		[]string{"1302041203850077", "11111111", "diterima", "01-08-2026", "", ""},           // unknown
		[]string{nik(4), "22222222", "diterima", "01-08-2026", "", ""},                       // not submitted
		[]string{nik(5), "33333333", "diterima", "01-08-2026", "", ""},                       // another nagari
		[]string{"130204", "44444444", "diterima", "01-08-2026", "", ""},                     // bad NIK
		[]string{"1302041203850078", "44444444", "mungkin", "01-08-2026", "", ""},            // bad status
		[]string{"1302041203850079", "44444444", "diterima", "2026-13-45", "", ""},           // bad date
		[]string{"1302041203850080", "44444444", "diterima", "01-08-2026", "01-07-2026", ""}, // end before start
	)
	outcomes := func(a engine.ResultImported) []string {
		var out []string
		for _, l := range a.Report.Lines {
			out = append(out, string(l.Outcome)+" "+l.Problem)
		}
		return out
	}
	got := answer(t, s, bpjsOfficer, engine.ImportResult{File: file})
	want := []string{"aktif ", "ditolak ", "tidak_valid bpjs.row.kpj", "ganda ", "tidak_dikenal ", "belum_diajukan ",
		"bukan_wilayah ", "tidak_valid bpjs.row.nik", "tidak_valid bpjs.row.status", "tidak_valid bpjs.row.start", "tidak_valid bpjs.row.end"}
	if diff := cmp.Diff(want, outcomes(got)); diff != "" {
		t.Fatalf("outcomes (-want +got):\n%s", diff)
	}
	if l := got.Report.Lines[6]; l.Number != "" || l.NIK != nikOf(5).Masked() {
		t.Errorf("a row of another nagari shows %+v: no number, the NIK masked", l)
	}
	if got.Report.Counts[domain.ImportInvalid] != 5 || got.Report.Lines[0].Line != 2 {
		t.Errorf("counts %v, first line %d", got.Report.Counts, got.Report.Lines[0].Line)
	}

	start, end := time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	active := domain.Membership{State: domain.MembershipActive, Batch: b.Batch.Number, KPJ: "12345678901", CoverStart: start, CoverEnd: end}
	states := func() map[int]domain.Membership {
		out := map[int]domain.Membership{}
		for serial := 1; serial <= 5; serial++ {
			out[serial] = membershipOf(t, s, serial)
		}
		return out
	}
	wantStates := map[int]domain.Membership{
		1: active,
		2: {State: domain.MembershipRefused, Batch: b.Batch.Number, RefusedReason: "NIK tidak sesuai Dukcapil"},
		3: {State: domain.MembershipSubmitted, Batch: b.Batch.Number},
		4: {},
		5: {State: domain.MembershipSubmitted, Batch: other.Batch.Number},
	}
	if diff := cmp.Diff(wantStates, states()); diff != "" {
		t.Fatalf("memberships (-want +got):\n%s", diff)
	}

	// Told in the same transaction: the two workers and the nagari's staff.
	type note struct {
		Chat                    int64
		Nagari, Msg, KPJ, Start string
	}
	readNotes := func() []note {
		rows, err := pool.Query(t.Context(), `
			select coalesce(chat_id, 0), coalesce(nagari_code, ''), msg, coalesce(data->>'KPJ', ''), coalesce(data->>'Start', '')
			from outbox order by id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []note
		for rows.Next() {
			var n note
			if err := rows.Scan(&n.Chat, &n.Nagari, &n.Msg, &n.KPJ, &n.Start); err != nil {
				t.Fatal(err)
			}
			out = append(out, n)
		}
		return out
	}
	wantNotes := []note{
		{Chat: 900001, Msg: "notify.bpjs.active", KPJ: "8901", Start: "date:2026-08-01"},
		{Chat: 900002, Msg: "notify.bpjs.refused"},
		{Nagari: alahan, Msg: "notify.bpjs.imported"},
	}
	if diff := cmp.Diff(wantNotes, readNotes()); diff != "" {
		t.Errorf("outbox (-want +got):\n%s", diff)
	}
	// The card number is sealed in the registration; the outbox, kept in
	// the clear until it is pruned, holds only its last digits.
	var clear int
	if err := pool.QueryRow(t.Context(), `select count(*) from outbox where data::text like '%12345678901%'`).Scan(&clear); err != nil || clear != 0 {
		t.Errorf("%d outbox rows hold the whole KPJ (%v)", clear, err)
	}

	// The same file again changes nothing: the applied rows are done.
	again := answer(t, s, bpjsOfficer, engine.ImportResult{File: file})
	want[0], want[1] = "sudah ", "sudah "
	if diff := cmp.Diff(want, outcomes(again)); diff != "" {
		t.Errorf("second import (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantStates, states()); diff != "" {
		t.Errorf("memberships after the second import (-want +got):\n%s", diff)
	}
	if n := len(readNotes()); n != 3 {
		t.Errorf("%d notices after the second import, want the 3 of the first", n)
	}

	// A file that lost its columns is refused whole.
	bad := domain.ReadResult([][]string{{"NIK", "KPJ"}, {nik(3), "12345678"}}, time.Now())
	if r := answer(t, s, bpjsOfficer, engine.ImportResult{File: bad}); r.Problem != domain.ResultMissing ||
		!cmp.Equal(r.Missing, []string{"Status", "Tanggal mulai"}) || len(r.Report.Lines) != 0 {
		t.Errorf("file without columns answered %+v", r)
	}
	// A row naming an older batch than the worker's is stale.
	stale := domain.ReadResult([][]string{{"NIK", "KPJ", "Status", "Mulai", "Nomor pengajuan"},
		{nik(3), "12345678", "diterima", "01-08-2026", "AJU-2020-00001"}}, time.Now())
	if r := answer(t, s, bpjsOfficer, engine.ImportResult{File: stale}); r.Report.Lines[0].Outcome != domain.ImportNotSubmitted {
		t.Errorf("stale row answered %+v", r.Report.Lines)
	}
	if diff := cmp.Diff(wantStates, states()); diff != "" {
		t.Errorf("memberships after refused files (-want +got):\n%s", diff)
	}
	// A worker is not staff: the import is denied before anything.
	if res := apply(t, s, 900003, engine.ImportResult{File: file}); res[0].Err != "staff.denied" {
		t.Errorf("a worker's import answered %+v", res[0])
	}

	// The CLI imports every nagari's rows.
	cli, err := s.ImportResult(t.Context(), result(t, []string{nik(5), "33333333", "diterima", "2026-08-01", "", ""}))
	if err != nil || cli.Report.Lines[0].Outcome != domain.ImportActivated {
		t.Fatalf("CLI import = %+v, %v", cli, err)
	}
	// No end in the file: cover runs to the end of the budget year.
	if m := membershipOf(t, s, 5); m.State != domain.MembershipActive || m.KPJ != "33333333" ||
		!m.CoverEnd.Equal(time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("worker 5 after the CLI import: %+v", m)
	}
	// The card number is never in the audit log.
	var leaked int
	if err := pool.QueryRow(t.Context(), `select count(*) from audit_log where before::text || after::text like '%12345678901%'`).Scan(&leaked); err != nil || leaked != 0 {
		t.Errorf("%d audit rows hold the KPJ (%v)", leaked, err)
	}
}
