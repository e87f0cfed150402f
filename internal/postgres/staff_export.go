package postgres

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/xuri/excelize/v2"

	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/seal"
)

// ExportColumns are the export's header row: the fields BPJS Ketenagakerjaan
// asks for a collective (nagari-paid) registration, in its own words, since
// the file is read by BPJS staff and not shown in the bot (DOMAIN.md §2: the
// exact list is unconfirmed; these are the columns), then our
// registration number and whether the worker is within the quota.
var ExportColumns = []string{
	"NIK", "Nama sesuai KTP", "Tanggal lahir", "Jenis kelamin", "Alamat", "Nagari", "Kecamatan",
	"Pekerjaan", "Nomor HP", "Ahli waris", "Hubungan ahli waris", "Nomor pendaftaran", "Dalam kuota",
}

// ExportRow is one verified worker, with every field as text.
type ExportRow []string

// exportSelect lists verified workers in submission order; the caller adds
// the filter. The sealed NIK and phone come first, with their key; the rest
// are the text of ExportColumns after the NIK, less the phone.
const exportSelect = `
	select r.key_id, r.nik_sealed, r.phone_sealed,
	       r.name, to_char(r.birth_date, 'DD-MM-YYYY'), r.gender, r.address, n.name, n.kecamatan_name,
	       case when r.occupation = 'lainnya' then r.occupation_other else replace(r.occupation, '_', ' ') end,
	       r.heir_name, replace(r.heir_relation, '_', ' '), r.number,
	       case when r.covered_at is not null then 'ya' else 'daftar tunggu' end
	from registrations r join nagari n on n.code = r.nagari_code
	where r.status = 'terverifikasi' and `

// exportPhoneColumn is where "Nomor HP" stands in ExportColumns.
const exportPhoneColumn = 8

func collectExport(rows pgx.Rows, keys *seal.Keys) ([]ExportRow, error) {
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (ExportRow, error) {
		var keyID string
		var nikSealed, phoneSealed []byte
		// text holds every column but the NIK (0) and the phone.
		text := make([]string, len(ExportColumns)-2)
		ptrs := []any{&keyID, &nikSealed, &phoneSealed}
		for i := range text {
			ptrs = append(ptrs, &text[i])
		}
		if err := row.Scan(ptrs...); err != nil {
			return nil, err
		}
		nik, phone, err := openRegistration(keys, keyID, nikSealed, phoneSealed)
		if err != nil {
			return nil, err
		}
		out := make(ExportRow, 0, len(ExportColumns))
		out = append(out, nik)
		out = append(out, text[:exportPhoneColumn-1]...)
		out = append(out, phone)
		return append(out, text[exportPhoneColumn-1:]...), nil
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

// exportWorkers answers the chat's area's verified workers as XLSX and CSV.
// Personal data leaves the system here, so the export is audited.
func (s *Store) exportWorkers(ctx context.Context, chatID int64) (engine.Result, error) {
	res := engine.Result{Values: map[string]string{}}
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
			select id, coalesce(nagari_code, '') from staff where chat_id = $1 and active
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
	res.Values[engine.ResultTotal] = strconv.Itoa(len(list))
	if len(list) == 0 {
		return res, nil
	}
	stamp := s.now().Format("20060102")
	xlsx, err := ExportXLSX(list)
	if err != nil {
		return res, err
	}
	csvData, err := ExportCSV(list)
	if err != nil {
		return res, err
	}
	res.Files = []engine.File{
		{Name: "pekerja-terverifikasi-" + stamp + ".xlsx", Data: xlsx},
		{Name: "pekerja-terverifikasi-" + stamp + ".csv", Data: csvData},
	}
	return res, nil
}

// ExportXLSX writes rows under ExportColumns as one sheet. Every cell is
// text: a NIK or phone number read as a number would lose digits in Excel.
func ExportXLSX(rows []ExportRow) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Pekerja"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, fmt.Errorf("export xlsx: %w", err)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, fmt.Errorf("export xlsx: %w", err)
	}
	if err := sw.SetRow("A1", cells(ExportColumns)); err != nil {
		return nil, fmt.Errorf("export xlsx: %w", err)
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, cells(r)); err != nil {
			return nil, fmt.Errorf("export xlsx: %w", err)
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, fmt.Errorf("export xlsx: %w", err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("export xlsx: %w", err)
	}
	return buf.Bytes(), nil
}

func cells(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = excelize.Cell{Value: s}
	}
	return out
}

// ExportCSV writes rows under ExportColumns as CSV.
func ExportCSV(rows []ExportRow) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write(ExportColumns); err != nil {
		return nil, err
	}
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}
