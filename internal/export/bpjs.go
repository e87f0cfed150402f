package export

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/jaganagari/jaganagari/internal/domain"
)

// Batch is the file of a BPJS batch: its workers under
// domain.BatchColumns, with document properties fixed by the batch's
// number and creation time, so that exporting the batch again gives the
// same bytes.
func Batch(b domain.Batch, rows []domain.ExportRow) Table {
	t := Table{
		Sheet: "Pengajuan", Columns: domain.BatchColumns,
		TextColumns: []int{domain.BatchNIKColumn, domain.BatchPhoneColumn},
		Title:       b.Number, Created: b.CreatedAt,
	}
	for _, r := range rows {
		t.Rows = append(t.Rows, r)
	}
	return t
}

// BatchFiles are a batch's XLSX and CSV, named after its number.
func BatchFiles(b domain.Batch, rows []domain.ExportRow) (xlsxName string, xlsx []byte, csvName string, csvData []byte, err error) {
	t := Batch(b, rows)
	if xlsx, err = WriteXLSX(t); err != nil {
		return "", nil, "", nil, err
	}
	if csvData, err = WriteCSV(t); err != nil {
		return "", nil, "", nil, err
	}
	return b.Number + ".xlsx", xlsx, b.Number + ".csv", csvData, nil
}

// ResultTemplate is the template of BPJS's result file: the headers of
// domain.ResultColumns and one example row of each answer, with a NIK
// that is nobody's (its serial 9999 in a made-up kecamatan).
func ResultTemplate() Table {
	return Table{
		Sheet: "Hasil", Columns: domain.ResultTemplateColumns(), TextColumns: []int{0, 1},
		Rows: [][]string{
			{"1302041203859999", "12345678901", "diterima", "01-08-2026", "31-12-2026", "", "AJU-2026-00001"},
			{"1302041203859998", "", "ditolak", "", "", "NIK tidak sesuai Dukcapil", "AJU-2026-00001"},
		},
	}
}

// maxCells bounds how many cells Read takes from a file, so a spreadsheet
// of a million rows cannot hold the bot: a nagari's batch is hundreds.
const maxCells = 200_000

// ErrNotSpreadsheet says a file is neither an XLSX nor a CSV.
var ErrNotSpreadsheet = errors.New("not an xlsx or csv file")

// Read reads the cells of a spreadsheet: an XLSX (its first sheet, as
// text as the sheet shows it) or a CSV separated by ';', ',' or tabs, with
// or without a byte order mark. name is only a hint: the bytes decide.
func Read(name string, data []byte) ([][]string, error) {
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return readXLSX(data)
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 || len(bytes.TrimSpace(data)) == 0 {
		return nil, ErrNotSpreadsheet
	}
	return readCSV(data)
}

func readXLSX(data []byte) ([][]string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotSpreadsheet, err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, ErrNotSpreadsheet
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotSpreadsheet, err)
	}
	defer rows.Close()
	var out [][]string
	cells := 0
	for rows.Next() {
		r, err := rows.Columns()
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrNotSpreadsheet, err)
		}
		if cells += len(r); cells > maxCells {
			return nil, ErrTooBig
		}
		out = append(out, r)
	}
	return out, rows.Error()
}

// ErrTooBig says a file has more cells than a result file can have.
var ErrTooBig = errors.New("spreadsheet too big")

func readCSV(data []byte) ([][]string, error) {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	sep := ';'
	for _, c := range []rune{';', '\t', ','} {
		if strings.ContainsRune(string(first), c) {
			sep = c
			break
		}
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = sep
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var out [][]string
	cells := 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrNotSpreadsheet, err)
		}
		if cells += len(rec); cells > maxCells {
			return nil, ErrTooBig
		}
		out = append(out, rec)
	}
}

// ImportTemplate is the template of a nagari's list of existing members
// (domain.ImportColumns): one example row of a member BPJS already
// accepted, with a card number and a cover period, and one of a member
// not yet submitted, with NIKs that are nobody's (serials 9999 and 9998).
func ImportTemplate() Table {
	return Table{
		Sheet: "Peserta", Columns: domain.ImportTemplateColumns(),
		TextColumns: []int{int(domain.ImpNIK), int(domain.ImpPhone), int(domain.ImpKPJ)},
		Rows: [][]string{
			{string(domain.ImportExampleNIKs[0]), "Rajo Ameh", "12-03-1985", "L", "Jorong Koto Baru", "Alahan Panjang", "Lembah Gumanti",
				"Petani", "081234567890", "Rosna", "Siti Nurbaya", "Istri", "12345678901", "01-08-2025", "31-12-2025"},
			{string(domain.ImportExampleNIKs[1]), "Siti Aminah", "15-05-1990", "P", "Jorong Taluak", "Alahan Panjang", "Lembah Gumanti",
				"Pedagang", "081298765432", "", "Ahmad", "Suami", "", "", ""},
		},
	}
}
