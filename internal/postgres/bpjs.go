package postgres

// Batches to BPJS Ketenagakerjaan and BPJS's answer. A batch holds the
// verified, funded workers of one nagari that were never submitted or that
// BPJS refused (staff corrected them since); making it moves them to
// diajukan. BPJS's result file then moves each row's worker to aktif or
// ditolak_bpjs, and tells the worker through the outbox in the same
// transaction. The lifecycle's rules are domain.Membership's; this file
// finds the rows and scopes them to the acting staff.

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/notice"
)

// scope is who acts on batches: a staff chat, limited to its area, or the
// CLI (an operator with database access), unlimited.
type scope struct {
	chat int64
	cli  bool
}

func (sc scope) actor() string {
	if sc.cli {
		return "cli"
	}
	return chatActor(sc.chat)
}

// can reports whether sc covers nagari.
func (sc scope) can(ctx context.Context, tx pgx.Tx, nagari string) (bool, error) {
	if sc.cli {
		return true, nil
	}
	var ok bool
	err := tx.QueryRow(ctx, `select staff_can($1, $2)`, sc.chat, nagari).Scan(&ok)
	return ok, err
}

// staffID is the binding sc acts under for nagari, 0 for the CLI.
func (sc scope) staffID(ctx context.Context, tx pgx.Tx, nagari string) (int64, error) {
	if sc.cli {
		return 0, nil
	}
	return actingStaff(ctx, tx, sc.chat, nagari)
}

// readyWhere picks the workers a new batch takes: verified, holding a
// funded place, and never submitted, refused by BPJS, or a former member
// given a place again (ended for a reason domain.EndReason.Reenrollable
// names: a place is given back to no one else).
const readyWhere = `r.status = 'terverifikasi' and r.covered_at is not null
	and (r.membership_state is null or r.membership_state = 'ditolak_bpjs'
	     or (r.membership_state = 'berakhir' and r.end_reason in ('tahun_anggaran_berakhir', 'iuran_tidak_dibayar')
	         and ` + noDeathTakenUp + `))`

// RecentBatches is how many batches /ajukan lists to export again.
const RecentBatches = 5

const batchSelect = `
	select b.id, b.number, b.nagari_code, n.name as nagari_name, b.created_at,
	       (select count(*) from bpjs_batch_rows br where br.batch_id = b.id)::int as size
	from bpjs_batches b join nagari n on n.code = b.nagari_code `

func collectBatches(rows pgx.Rows) ([]domain.Batch, error) {
	return pgx.CollectRows(rows, pgx.RowToStructByName[domain.Batch])
}

// prepareBatch answers how many workers a batch of e.Nagari would hold,
// or which of the chat's nagari have workers ready.
func (s *Store) prepareBatch(ctx context.Context, chatID int64, e engine.PrepareBatch) (engine.Result, error) {
	var res engine.Result
	var a engine.BatchPreview
	err := s.inTx(ctx, "prepare batch", func(tx pgx.Tx) error {
		ok, err := isStaff(ctx, tx, chatID)
		if err != nil || !ok {
			res.Err = "staff.denied"
			return err
		}
		nagari := e.Nagari
		if nagari == "" {
			// A petugas nagari has one nagari: no need to pick it.
			var only []string
			rows, err := tx.Query(ctx, `
				select distinct n.code from staff s join nagari n on
				  s.role = 'admin_kabupaten' or n.code = s.nagari_code or left(n.code, 8) = s.kecamatan_code
				where s.chat_id = $1 and s.active limit 2`, chatID)
			if err != nil {
				return err
			}
			if only, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
				return err
			}
			if len(only) == 1 {
				nagari = only[0]
			}
		}
		if nagari != "" {
			if ok, err := (scope{chat: chatID}).can(ctx, tx, nagari); err != nil || !ok {
				res.Err = "staff.denied"
				return err
			}
			a.Nagari = nagari
			err := tx.QueryRow(ctx, `
				select n.name, count(r.id)::int, (count(r.id) filter (where r.membership_state = 'ditolak_bpjs'))::int
				from nagari n left join registrations r on r.nagari_code = n.code and `+readyWhere+`
				where n.code = $1 group by n.name`, nagari).Scan(&a.NagariName, &a.Ready, &a.Resubmitted)
			if errors.Is(err, pgx.ErrNoRows) {
				res.Err = "staff.denied"
				return nil
			}
			if err != nil {
				return err
			}
		} else {
			rows, err := tx.Query(ctx, `
				select n.code, n.name, count(*)::int
				from registrations r join nagari n on n.code = r.nagari_code
				where `+readyWhere+` and staff_can($1, r.nagari_code)
				group by n.code, n.name order by n.name, n.code`, chatID)
			if err != nil {
				return err
			}
			a.Choices, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (engine.BatchChoice, error) {
				var c engine.BatchChoice
				return c, row.Scan(&c.Nagari, &c.Name, &c.Ready)
			})
			if err != nil {
				return err
			}
		}
		rows, err := tx.Query(ctx, batchSelect+`
			where ($2 = '' and staff_can($1, b.nagari_code)) or ($2 <> '' and b.nagari_code = $2)
			order by b.created_at desc, b.id desc limit $3`, chatID, nagari, RecentBatches)
		if err != nil {
			return err
		}
		a.Batches, err = collectBatches(rows)
		return err
	})
	if err != nil || res.Err != "" {
		return res, err
	}
	return engine.Answered(e, a), nil
}

// createBatch makes a batch of e.Nagari's ready workers for the chat.
func (s *Store) createBatch(ctx context.Context, chatID int64, e engine.CreateBatch) (engine.Result, error) {
	a, err := s.newBatch(ctx, scope{chat: chatID}, e.Nagari)
	var res engine.Result
	switch {
	case errors.Is(err, errDenied):
		res.Err = "staff.denied"
	case errors.Is(err, ErrEmptyBatch):
		res.Err = "bpjs.batch.empty"
	case err != nil:
		return res, err
	default:
		res = engine.Answered(e, a)
	}
	return res, nil
}

// errDenied says the scope does not cover the nagari or batch.
var errDenied = errors.New("outside the staff area")

// ErrEmptyBatch says no worker of the nagari is ready for a batch, so
// none was made.
var ErrEmptyBatch = errors.New("no worker ready for a batch")

// CreateBatch makes a batch of nagari's ready workers for the CLI. It
// answers ErrEmptyBatch, making nothing, when none is ready.
func (s *Store) CreateBatch(ctx context.Context, nagari string) (engine.BatchCreated, error) {
	return s.newBatch(ctx, scope{cli: true}, nagari)
}

// ReadyForBatch counts nagari's workers a batch would hold now, and how
// many of them BPJS refused before, for the CLI's confirmation.
func (s *Store) ReadyForBatch(ctx context.Context, nagari string) (ready, resubmitted int, err error) {
	err = s.pool.QueryRow(ctx, `
		select count(*)::int, (count(*) filter (where r.membership_state = 'ditolak_bpjs'))::int
		from registrations r where r.nagari_code = $1 and `+readyWhere, nagari).Scan(&ready, &resubmitted)
	if err != nil {
		return 0, 0, fmt.Errorf("count ready workers of nagari %s: %w", nagari, err)
	}
	return ready, resubmitted, nil
}

func (s *Store) newBatch(ctx context.Context, sc scope, nagari string) (engine.BatchCreated, error) {
	var a engine.BatchCreated
	err := s.inTx(ctx, "create batch", func(tx pgx.Tx) error {
		if ok, err := sc.can(ctx, tx, nagari); err != nil || !ok {
			if err == nil {
				err = errDenied
			}
			return err
		}
		staffID, err := sc.staffID(ctx, tx, nagari)
		if err != nil {
			return err
		}
		// Locked, so two officers pressing at once make one batch and an
		// empty one.
		rows, err := tx.Query(ctx, registrationSelect+`
			where r.nagari_code = $1 and `+readyWhere+` order by r.created_at, r.id for update of r`, nagari)
		if err != nil {
			return err
		}
		recs, err := pgx.CollectRows(rows, s.scanRegistration)
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			return ErrEmptyBatch
		}
		id, number, err := insertBatch(ctx, tx, nagari, sc.actor())
		if err != nil {
			return err
		}
		ids := make([]int64, len(recs))
		for i, rec := range recs {
			ids[i] = rec.ID
		}
		if err := addToBatch(ctx, tx, id, ids); err != nil {
			return err
		}
		for _, rec := range recs {
			if rec.Membership.State == domain.MembershipRefused {
				a.Resubmitted++
			}
			m, err := rec.Membership.Submit(number)
			if err != nil {
				return fmt.Errorf("submit registration %d: %w", rec.ID, err)
			}
			if err := s.writeMembership(ctx, tx, rec, m, sc.actor(), staffID); err != nil {
				return err
			}
		}
		if a.Batch, a.Rows, err = s.batchFile(ctx, tx, `where b.id = $1`, id); err != nil {
			return err
		}
		a.Found = true
		return audit(ctx, tx, auditEntry{Actor: sc.actor(), StaffID: staffID, Action: "bpjs.batch", Kind: "batch",
			RecordID: number, Nagari: nagari, After: map[string]string{
				"rows": strconv.Itoa(len(recs)), "resubmitted": strconv.Itoa(a.Resubmitted)}})
	})
	return a, err
}

// batchRowsSelect reads a batch's workers in the order of its file, every
// field as text under domain.BatchColumns but the sealed ones, which come
// first with their key.
const batchRowsSelect = `
	select r.key_id, ` + registrationSealed + `,
	       r.name, to_char(r.birth_date, 'DD-MM-YYYY'), r.gender, r.address, n.name,
	       case when r.occupation = 'lainnya' then r.occupation_other else replace(r.occupation, '_', ' ') end,
	       r.heir_name, replace(r.heir_relation, '_', ' ')
	from bpjs_batch_rows br join registrations r on r.id = br.registration_id join nagari n on n.code = r.nagari_code
	where br.batch_id = $1 order by br.position`

// batchFile reads the batch where finds (on b, with args) and its rows.
func (s *Store) batchFile(ctx context.Context, tx pgx.Tx, where string, args ...any) (domain.Batch, []domain.ExportRow, error) {
	rows, err := tx.Query(ctx, batchSelect+where, args...)
	if err != nil {
		return domain.Batch{}, nil, err
	}
	b, err := pgx.CollectOneRow(rows, pgx.RowToStructByName[domain.Batch])
	if err != nil {
		return domain.Batch{}, nil, err
	}
	rows, err = tx.Query(ctx, batchRowsSelect, b.ID)
	if err != nil {
		return b, nil, err
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.ExportRow, error) {
		var keyID string
		var nik, phone, mother, kpj []byte
		// Name … Pekerjaan, then the heir's name and relation.
		text := make([]string, 8)
		ptrs := []any{&keyID, &nik, &phone, &mother, &kpj}
		for i := range text {
			ptrs = append(ptrs, &text[i])
		}
		if err := row.Scan(ptrs...); err != nil {
			return nil, err
		}
		v, err := openRegistration(s.keys, keyID, nik, phone, mother, kpj)
		if err != nil {
			return nil, err
		}
		out := make(domain.ExportRow, 0, len(domain.BatchColumns))
		out = append(out, v.nik)
		out = append(out, text[:domain.BatchPhoneColumn-1]...)
		out = append(out, v.phone, v.motherName)
		return append(out, text[domain.BatchPhoneColumn-1:]...), nil
	})
	return b, list, err
}

// exportBatch answers batch e.Number again for the chat, if its area
// covers the batch's nagari. Personal data leaves here: it is audited.
func (s *Store) exportBatch(ctx context.Context, chatID int64, e engine.ExportBatch) (engine.Result, error) {
	a, err := s.batchExport(ctx, scope{chat: chatID}, e.Number)
	switch {
	case errors.Is(err, errDenied), errors.Is(err, pgx.ErrNoRows):
		return engine.Answered(e, engine.BatchCreated{}), nil
	case err != nil:
		return engine.Result{}, err
	}
	return engine.Answered(e, a), nil
}

// ExportBatch reads batch number again for the CLI; pgx.ErrNoRows when
// there is none.
func (s *Store) ExportBatch(ctx context.Context, number string) (engine.BatchCreated, error) {
	return s.batchExport(ctx, scope{cli: true}, number)
}

func (s *Store) batchExport(ctx context.Context, sc scope, number string) (engine.BatchCreated, error) {
	var a engine.BatchCreated
	err := s.inTx(ctx, "export batch", func(tx pgx.Tx) error {
		var nagari string
		if err := tx.QueryRow(ctx, `select nagari_code from bpjs_batches where number = $1`, number).Scan(&nagari); err != nil {
			return err
		}
		if ok, err := sc.can(ctx, tx, nagari); err != nil || !ok {
			if err == nil {
				err = errDenied
			}
			return err
		}
		staffID, err := sc.staffID(ctx, tx, nagari)
		if err != nil {
			return err
		}
		if a.Batch, a.Rows, err = s.batchFile(ctx, tx, `where b.number = $1`, number); err != nil {
			return err
		}
		a.Found = true
		return audit(ctx, tx, auditEntry{Actor: sc.actor(), StaffID: staffID, Action: "bpjs.batch.export", Kind: "batch",
			RecordID: number, Nagari: nagari, After: map[string]string{"rows": strconv.Itoa(len(a.Rows))}})
	})
	return a, err
}

// importResult applies BPJS's result file for the chat's area.
func (s *Store) importResult(ctx context.Context, chatID int64, e engine.ImportResult) (engine.Result, error) {
	var ok bool
	err := s.inTx(ctx, "check staff", func(tx pgx.Tx) (err error) {
		ok, err = isStaff(ctx, tx, chatID)
		return err
	})
	if err != nil || !ok {
		return engine.Result{Err: "staff.denied"}, err
	}
	a, err := s.applyResult(ctx, scope{chat: chatID}, e.File)
	if err != nil {
		return engine.Result{}, err
	}
	return engine.Answered(e, a), nil
}

// ImportResult applies BPJS's result file f for the CLI.
func (s *Store) ImportResult(ctx context.Context, f domain.ResultFile) (engine.ResultImported, error) {
	return s.applyResult(ctx, scope{cli: true}, f)
}

// refusedWithoutReason is the reason stored when BPJS refused a row
// without one: the column may not be empty for a refusal.
const refusedWithoutReason = "-"

// applyResult applies f's rows in one transaction: every valid row of the
// scope's area is applied and every other row only reported, so an
// officer fixes the rows in error and imports the same file again, which
// finds the rows applied before already done. A file that could not be
// read changes nothing.
func (s *Store) applyResult(ctx context.Context, sc scope, f domain.ResultFile) (engine.ResultImported, error) {
	if f.Problem != "" {
		return engine.ResultImported{Problem: f.Problem, Missing: f.Missing}, nil
	}
	var a engine.ResultImported
	err := s.inTx(ctx, "import bpjs result", func(tx pgx.Tx) error {
		a = engine.ResultImported{}
		seen := map[domain.NIK]bool{}
		type tally struct {
			name               string
			activated, refused int
		}
		per := map[string]*tally{}
		var order []string
		for _, row := range f.Rows {
			line := domain.ImportLine{Line: row.Line}
			if row.NIK != "" {
				line.NIK = row.NIK.Masked()
			}
			switch {
			case row.NIK != "" && seen[row.NIK]:
				line.Outcome = domain.ImportDuplicate
				a.Report.Add(line)
				continue
			case row.Problem != "":
				seen[row.NIK] = row.NIK != ""
				line.Outcome, line.Problem = domain.ImportInvalid, row.Problem
				a.Report.Add(line)
				continue
			}
			seen[row.NIK] = true
			outcome, rec, err := s.applyResultRow(ctx, tx, sc, row)
			if err != nil {
				return fmt.Errorf("row %d: %w", row.Line, err)
			}
			line.Outcome = outcome
			if outcome != domain.ImportUnknown && outcome != domain.ImportNotYours {
				line.Number = rec.Number
			}
			if outcome == domain.ImportInvalid {
				line.Problem = "bpjs.row.period"
			}
			if outcome.Changed() {
				line.NagariCode = rec.NagariCode
				t := per[rec.NagariCode]
				if t == nil {
					t = &tally{name: rec.NagariName}
					per[rec.NagariCode] = t
					order = append(order, rec.NagariCode)
				}
				if outcome == domain.ImportActivated {
					t.activated++
				} else {
					t.refused++
				}
			}
			a.Report.Add(line)
		}
		for _, code := range order {
			t := per[code]
			if err := Enqueue(ctx, tx, notice.ResultImported(code, t.name, t.activated, t.refused)); err != nil {
				return err
			}
			staffID, err := sc.staffID(ctx, tx, code)
			if err != nil {
				return err
			}
			err = audit(ctx, tx, auditEntry{Actor: sc.actor(), StaffID: staffID, Action: "bpjs.import", Kind: "import",
				RecordID: s.now().UTC().Format(time.RFC3339), Nagari: code, After: map[string]string{
					"aktif": strconv.Itoa(t.activated), "ditolak_bpjs": strconv.Itoa(t.refused), "rows": strconv.Itoa(len(f.Rows))}})
			if err != nil {
				return err
			}
		}
		return nil
	})
	return a, err
}

// applyResultRow applies one valid row: finds the NIK's registration by
// its blind index, checks the scope, and moves a diajukan membership on.
func (s *Store) applyResultRow(ctx context.Context, tx pgx.Tx, sc scope, row domain.ResultRow) (domain.ImportOutcome, registrationRow, error) {
	rec, err := s.registration(ctx, tx, `where r.nik_index = $1 for update of r`, s.nikIndex(row.NIK))
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return domain.ImportUnknown, rec, nil
	case err != nil:
		return "", rec, err
	}
	if ok, err := sc.can(ctx, tx, rec.NagariCode); err != nil || !ok {
		return domain.ImportNotYours, rec, err
	}
	m := rec.Membership
	// A row naming another batch than the worker's last answers an older
	// submission: applying it would undo what came since.
	if row.Batch != "" && row.Batch != m.Batch {
		return domain.ImportNotSubmitted, rec, nil
	}
	// A row without an end got the budget year's end when it was applied
	// (writeMembership), so it matches whatever end is stored.
	sameEnd := row.End.IsZero() || m.CoverEnd.Equal(row.End)
	switch {
	case m.State == domain.MembershipActive && row.Accepted && m.KPJ == row.KPJ && m.CoverStart.Equal(row.Start) && sameEnd:
		return domain.ImportDone, rec, nil
	case m.State == domain.MembershipRefused && !row.Accepted:
		return domain.ImportDone, rec, nil
	case m.State != domain.MembershipSubmitted:
		return domain.ImportNotSubmitted, rec, nil
	}
	staffID, err := sc.staffID(ctx, tx, rec.NagariCode)
	if err != nil {
		return "", rec, err
	}
	outcome := domain.ImportRefused
	var next domain.Membership
	if row.Accepted {
		outcome = domain.ImportActivated
		next, err = m.Activate(row.KPJ, row.Start, row.End)
	} else {
		reason := row.Reason
		if reason == "" {
			reason = refusedWithoutReason
		}
		next, err = m.Refuse(reason)
	}
	if err != nil {
		// Read rows are valid: only a period the lifecycle refuses is left.
		return domain.ImportInvalid, rec, nil
	}
	if err := s.writeMembership(ctx, tx, rec, next, sc.actor(), staffID); err != nil {
		return "", rec, err
	}
	// A record with no chat of its own (registered with help) gets no
	// notice; its nagari's staff are told in the summary.
	if rec.ChatID != 0 {
		n := notice.MembershipRefused(rec.ChatID, rec.Number)
		if row.Accepted {
			n = notice.MembershipActivated(rec.ChatID, rec.Number, next.KPJ, next.CoverStart)
		}
		if err := Enqueue(ctx, tx, n); err != nil {
			return "", rec, err
		}
	}
	return outcome, rec, nil
}
