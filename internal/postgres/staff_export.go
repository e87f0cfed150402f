package postgres

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/seal"
)

// ExportRow is one verified worker, with every field as text; package
// export writes them as CSV and XLSX, outside the store.
type ExportRow = domain.ExportRow

// exportSelect lists verified workers in submission order, less those
// whose membership ended (they are no longer the nagari's to submit or
// pay for); the caller adds the filter. The sealed columns come first, with their key; the rest are
// the text of domain.ExportColumns after the NIK, less the phone and the
// mother's name.
const exportSelect = `
	select r.key_id, ` + registrationSealed + `,
	       r.name, to_char(r.birth_date, 'DD-MM-YYYY'), r.gender, r.address, n.name, n.kecamatan_name,
	       case when r.occupation = 'lainnya' then r.occupation_other else replace(r.occupation, '_', ' ') end,
	       r.heir_name, replace(r.heir_relation, '_', ' '), r.number,
	       case when r.covered_at is not null then 'ya' else 'daftar tunggu' end
	from registrations r join nagari n on n.code = r.nagari_code
	where r.status = 'terverifikasi' and ` + notEnded + ` and `

func collectExport(rows pgx.Rows, keys *seal.Keys) ([]ExportRow, error) {
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (ExportRow, error) {
		var keyID string
		var nikSealed, phoneSealed, motherSealed, kpjSealed []byte
		// text holds every column but the sealed ones.
		text := make([]string, len(domain.ExportColumns)-3)
		ptrs := []any{&keyID, &nikSealed, &phoneSealed, &motherSealed, &kpjSealed}
		for i := range text {
			ptrs = append(ptrs, &text[i])
		}
		if err := row.Scan(ptrs...); err != nil {
			return nil, err
		}
		v, err := openRegistration(keys, keyID, nikSealed, phoneSealed, motherSealed, kpjSealed)
		if err != nil {
			return nil, err
		}
		out := make(ExportRow, 0, len(domain.ExportColumns))
		out = append(out, v.nik)
		out = append(out, text[:domain.ExportPhoneColumn-1]...)
		out = append(out, v.phone, v.motherName) // "Nama Ibu Kandung" follows "Nomor HP"
		return append(out, text[domain.ExportPhoneColumn-1:]...), nil
	})
}

// ExportNagari returns the verified workers of one nagari, for the CLI
// (an operator with database access, so not scoped to a staff binding).
// The export is audited.
func (s *Store) ExportNagari(ctx context.Context, code string) ([]ExportRow, error) {
	var list []ExportRow
	err := s.inTx(ctx, "export nagari "+code, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, exportSelect+`r.nagari_code = $1 order by r.created_at, r.id`, code)
		if err != nil {
			return err
		}
		if list, err = collectExport(rows, s.keys); err != nil {
			return err
		}
		return audit(ctx, tx, auditEntry{Actor: "cli", Action: "export", Kind: "nagari", RecordID: code, Nagari: code,
			After: map[string]string{"rows": strconv.Itoa(len(list))}})
	})
	return list, err
}

// exportWorkers answers the chat's area's verified workers, as rows; bot
// writes them as XLSX and CSV.
// Personal data leaves the system here, so the export is audited.
func (s *Store) exportWorkers(ctx context.Context, chatID int64) (engine.Result, error) {
	var res engine.Result
	var list []ExportRow
	err := s.inTx(ctx, "export workers", func(tx pgx.Tx) error {
		ok, err := isStaff(ctx, tx, chatID)
		if err != nil || !ok {
			res.Err = "staff.denied"
			return err
		}
		rows, err := tx.Query(ctx, exportSelect+`staff_can($1, r.nagari_code) order by n.kecamatan_name, n.name, r.created_at, r.id`, chatID)
		if err != nil {
			return err
		}
		if list, err = collectExport(rows, s.keys); err != nil {
			return err
		}
		// The audit row is filed under the officer's nagari, when the
		// binding is to one, so `jaganagari audit --nagari` lists it.
		var staffID int64
		var nagari string
		err = tx.QueryRow(ctx, `
			select id, coalesce(nagari_code, '') from staff where chat_id = $1 and active and role <> 'kader'
			order by case role when 'petugas_nagari' then 0 when 'petugas_kecamatan' then 1 else 2 end, id limit 1`,
			chatID).Scan(&staffID, &nagari)
		if err != nil {
			return err
		}
		return audit(ctx, tx, auditEntry{Actor: chatActor(chatID), StaffID: staffID, Action: "export", Kind: "export", Nagari: nagari,
			RecordID: s.now().UTC().Format(time.RFC3339), After: map[string]string{"rows": strconv.Itoa(len(list))}})
	})
	if err != nil || res.Err != "" {
		return res, err
	}
	return engine.Answered(engine.ExportWorkers{}, engine.Exported{Total: len(list), Rows: list}), nil
}
