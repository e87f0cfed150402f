package postgres

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

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
	res = engine.Answered(engine.ExportWorkers{}, engine.Exported{Total: len(list)})
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

// exportNIKColumn is where "NIK" stands in ExportColumns.
const exportNIKColumn = 0

// A spreadsheet reads a cell of digits as a number: it keeps 15 significant
// digits, so a 16-digit NIK loses its last one (1302064505900001 becomes
// 1302064505900000), and a phone loses its leading '+' or '0'. The NIK and
// phone columns are therefore written so that spreadsheets keep them as text,
// in each format its own way (exportCell). A value in them that is not the
// validated digits goes the way of any other text.
func numberLike(col int, v string) bool {
	if col != exportNIKColumn && col != exportPhoneColumn {
		return false
	}
	digits := strings.TrimPrefix(v, "+")
	return digits != "" && strings.Trim(digits, "0123456789") == ""
}

// neutralise defuses formula injection: a cell that starts with '=', '+',
// '-' or '@' (or a tab or carriage return, which spreadsheets skip before
// reading one of those) is read as a formula by Excel and LibreOffice, so a
// worker's address "=HYPERLINK(...)" would become a live link in the
// officer's sheet. A leading apostrophe makes it text (OWASP, "CSV
// Injection"); the officer sees the apostrophe, and the rest as typed.
func neutralise(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

// exportCell is the text a cell gets in the export. In the CSV a NIK or
// phone is written ="1302064505900001": Excel (opened by a double click, with
// no import dialog) and LibreOffice (with its default import options) both
// evaluate that to the text 1302064505900001, digits intact; it is a formula,
// but one whose only content is a string literal of validated digits, so it
// injects nothing. The other ways to mark text in a CSV do not survive: a
// field in quotes is still read as a number, and a leading apostrophe or tab
// stays in the cell as part of the NIK. In the XLSX the cell is a string with
// the text number format, which is the spreadsheet's own notion of text.
func exportCell(col int, v string, csv bool) string {
	if numberLike(col, v) {
		if csv {
			return `="` + v + `"`
		}
		return v
	}
	return neutralise(v)
}

// exportMaxWidth bounds a column's width, in characters, so that one long
// address does not push the rest of the sheet off the screen.
const exportMaxWidth = 50

// ExportXLSX writes rows under ExportColumns as one sheet: a bold header row
// that stays in view while scrolling, columns as wide as their content, and
// every cell text (a string with the text number format '@', which also
// keeps a value typed into the sheet later as text).
func ExportXLSX(rows []ExportRow) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Pekerja"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, fmt.Errorf("export xlsx: %w", err)
	}
	const textFormat = 49 // '@'
	textStyle, err := f.NewStyle(&excelize.Style{NumFmt: textFormat})
	if err != nil {
		return nil, fmt.Errorf("export xlsx: %w", err)
	}
	headerStyle, err := f.NewStyle(&excelize.Style{NumFmt: textFormat, Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, fmt.Errorf("export xlsx: %w", err)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, fmt.Errorf("export xlsx: %w", err)
	}
	// The stream writer wants panes, widths and column styles before the
	// first row.
	err = sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}})
	if err != nil {
		return nil, fmt.Errorf("export xlsx: %w", err)
	}
	for c, name := range ExportColumns {
		width := utf8.RuneCountInString(name)
		for _, r := range rows {
			width = max(width, utf8.RuneCountInString(exportCell(c, r[c], false)))
		}
		// Two characters of margin: Calibri's digits are wider than the
		// width unit's.
		if err := sw.SetColWidth(c+1, c+1, float64(min(width, exportMaxWidth)+2)); err != nil {
			return nil, fmt.Errorf("export xlsx: %w", err)
		}
	}
	if err := sw.SetColStyle(1, len(ExportColumns), textStyle); err != nil {
		return nil, fmt.Errorf("export xlsx: %w", err)
	}
	header := make([]any, len(ExportColumns))
	for c, name := range ExportColumns {
		header[c] = excelize.Cell{StyleID: headerStyle, Value: name}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return nil, fmt.Errorf("export xlsx: %w", err)
	}
	for i, r := range rows {
		cells := make([]any, len(r))
		for c, v := range r {
			cells[c] = excelize.Cell{StyleID: textStyle, Value: exportCell(c, v, false)}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, cells); err != nil {
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

// ExportCSV writes rows under ExportColumns as CSV for a spreadsheet on an
// officer's computer: UTF-8 with a byte order mark (without one, Excel reads
// "Zulkarnaén" as Windows-1252), fields separated by ';' and lines ended by
// CRLF. ';' because Excel opens a double-clicked CSV with the locale's list
// separator, and that is ';' in Indonesian (whose decimal separator is ','),
// so a ',' file would land in one column there; LibreOffice asks in its
// import dialog (or takes --infilter=CSV:59,34,76,1 on the command line).
// NIK and phone are kept as text and formula-like cells defused
// (exportCell).
func ExportCSV(rows []ExportRow) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	w.Comma = ';'
	w.UseCRLF = true
	if err := w.Write(ExportColumns); err != nil {
		return nil, err
	}
	line := make([]string, len(ExportColumns))
	for _, r := range rows {
		for c, v := range r {
			line[c] = exportCell(c, v, true)
		}
		if err := w.Write(line); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}
