package postgres

// The bulk import of existing members (issue #16): a nagari's list of the
// workers it protected before this system, read by domain.ReadImport with
// the chat's rules and written here in one transaction. An imported row is
// a registration like any other (the same columns, sealed with the same
// key by registrationArgs), except that:
//   - it has no chat (chat_id NULL) and was entered by the importing
//     admin's chat, or by 0 (never a Telegram chat) from the CLI;
//   - its consent is consent_mode 'impor', given on the nagari's paper form;
//   - it is verified already (the nagari checked it on paper) and holds a
//     place of the nagari's quota (covered_at), since the nagari pays for
//     it; the answer says when the nagari's places then exceed its quota;
//   - a row with a KPJ and a cover start is aktif (domain.ImportedMembership),
//     in no batch; the others have no membership yet, so /ajukan takes them.
// No notice goes to staff or workers: the import's report is the notice,
// and the audit log keeps who imported which file, with the counts.

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/notice"
)

// importEntered is the entered_by_chat of an imported registration, from
// the CLI or an admin's document alike: Telegram never gives a chat the id
// 0, so no chat lists the imported members as its own people (/status,
// /hapus) or is told of their decisions; who imported them is audited.
const importEntered = 0

// importRegistrations answers ImportRegistrations for a regency admin's
// chat.
func (s *Store) importRegistrations(ctx context.Context, chatID int64, e engine.ImportRegistrations) (engine.Result, error) {
	var admin bool
	err := s.pool.QueryRow(ctx, `select exists (select 1 from staff where chat_id = $1 and active and role = $2)`,
		chatID, domain.RoleAdmin).Scan(&admin)
	if err != nil {
		return engine.Result{}, fmt.Errorf("import registrations: %w", err)
	}
	if !admin {
		return engine.Result{Err: "import.denied"}, nil
	}
	if e.Problem != "" {
		return engine.Answered(e, engine.RegistrationsImported{Problem: e.Problem}), nil
	}
	n, err := s.resolveNagari(ctx, e.Nagari)
	switch {
	case errors.Is(err, ErrAreaUnknown):
		return engine.Result{Err: "import.nagari_unknown"}, nil
	case err != nil:
		return engine.Result{}, fmt.Errorf("import registrations: %w", err)
	}
	a, err := s.importRows(ctx, scope{chat: chatID}, n, e.Name, e.Table)
	if err != nil {
		return engine.Result{}, err
	}
	return engine.Answered(e, a), nil
}

// ImportRegistrations imports the cells of file (its name, for the audit
// log) as the members of nagari, a code or a name, for the CLI.
func (s *Store) ImportRegistrations(ctx context.Context, nagari, file string, table [][]string) (engine.RegistrationsImported, error) {
	n, err := s.resolveNagari(ctx, nagari)
	if err != nil {
		return engine.RegistrationsImported{}, err
	}
	return s.importRows(ctx, scope{cli: true}, n, file, table)
}

// importRows reads table for nagari n and writes its valid rows whose NIK
// is registered nowhere yet, in one transaction: a failure imports
// nothing, and the same file imported again finds every row registered.
func (s *Store) importRows(ctx context.Context, sc scope, n domain.Nagari, file string, table [][]string) (engine.RegistrationsImported, error) {
	now := s.now()
	f := domain.ReadImport(table, n, now)
	if f.Problem != "" {
		return engine.RegistrationsImported{Problem: f.Problem, Missing: f.Missing, Nagari: n}, nil
	}
	var a engine.RegistrationsImported
	err := s.inTx(ctx, "import registrations", func(tx pgx.Tx) error {
		a = engine.RegistrationsImported{Nagari: n}
		// The nagari's row lock orders the import with verifications,
		// which fill the same quota.
		var participating bool
		if err := tx.QueryRow(ctx, `select participating, quota from nagari where code = $1 for update`, n.Code).
			Scan(&participating, &a.Quota); err != nil {
			return err
		}
		if !participating {
			a.Quota = 0
		}
		staffID, err := sc.staffID(ctx, tx, n.Code)
		if err != nil {
			return err
		}
		en := entry{enteredBy: importEntered}
		seen := map[domain.NIK]bool{}
		for _, row := range f.Rows {
			line := domain.RowLine{Line: row.Line}
			if row.NIK != "" {
				line.NIK = row.NIK.Masked()
			}
			switch {
			case row.NIK != "" && seen[row.NIK]:
				line.Outcome = domain.RowDuplicate
			case row.Problem != "":
				seen[row.NIK] = row.NIK != ""
				line.Outcome, line.Problem, line.Data = domain.RowRefused, row.Problem, row.Data
			default:
				seen[row.NIK] = true
				number, err := s.importRow(ctx, tx, en, staffID, row)
				switch {
				case errors.Is(err, errRegistered):
					line.Outcome = domain.RowRegistered
				case err != nil:
					return fmt.Errorf("line %d: %w", row.Line, err)
				default:
					line.Outcome, line.Number = domain.RowImported, number
					line.Active = row.Membership.State == domain.MembershipActive
				}
			}
			a.Report.Add(line)
		}
		if err := tx.QueryRow(ctx, `select count(*) from registrations where nagari_code = $1 and covered_at is not null`,
			n.Code).Scan(&a.Funded); err != nil {
			return err
		}
		after := map[string]string{"file": filepath.Base(file), "rows": strconv.Itoa(len(f.Rows)),
			"aktif": strconv.Itoa(a.Report.Active), "quota": strconv.Itoa(a.Quota), "funded": strconv.Itoa(a.Funded)}
		for _, o := range domain.RowOutcomes {
			after[string(o)] = strconv.Itoa(a.Report.Counts[o])
		}
		if c := a.Report.Counts; c[domain.RowImported] > 0 {
			told := notice.MembersImported(n.Code, n.Name, c[domain.RowImported], a.Report.Active, c[domain.RowRegistered], c[domain.RowRefused])
			if err := Enqueue(ctx, tx, told); err != nil {
				return err
			}
		}
		return audit(ctx, tx, auditEntry{
			Actor: sc.actor(), StaffID: staffID, Action: "registration.import", Kind: "import",
			RecordID: filepath.Base(file), Nagari: n.Code, After: after,
		})
	})
	if err != nil {
		return engine.RegistrationsImported{}, err
	}
	return a, nil
}

// errRegistered is a row whose NIK is registered already.
var errRegistered = errors.New("nik registered")

// importRow writes one valid row, unless its NIK is registered already
// (errRegistered). Looking first spares a registration number.
func (s *Store) importRow(ctx context.Context, tx pgx.Tx, en entry, staffID int64, row domain.ImportRow) (string, error) {
	index := s.nikIndex(row.NIK)
	var exists bool
	if err := tx.QueryRow(ctx, `select exists (select 1 from registrations where nik_index = $1)`, index).Scan(&exists); err != nil {
		return "", err
	}
	if exists {
		return "", errRegistered
	}
	// One key per NIK: the blind index, never the NIK.
	key := "impor:" + hex.EncodeToString(index)
	_, number, err := insertImported(ctx, tx, s.keys, en, key, staffID, row.Registration, row.Membership)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", errRegistered
	}
	return number, err
}
