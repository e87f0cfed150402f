package export

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/jaganagari/jaganagari/internal/domain"
)

// Table is a sheet to write: its header, rows of text in the header's
// order, and which columns hold numbers that must stay text (a NIK, a
// phone). Sheet names the XLSX's sheet. Created, when set, fixes the
// XLSX's document properties (title, creator, created and modified
// times), so the same table written again gives the same bytes: a BPJS
// batch exported twice is one file.
type Table struct {
	Sheet       string
	Columns     []string
	TextColumns []int
	Rows        [][]string
	Title       string
	Created     time.Time
}

// workers is the export of verified workers as a Table.
func workers(rows []domain.ExportRow) Table {
	t := Table{Sheet: "Pekerja", Columns: domain.ExportColumns,
		TextColumns: []int{domain.ExportNIKColumn, domain.ExportPhoneColumn}}
	for _, r := range rows {
		t.Rows = append(t.Rows, r)
	}
	return t
}

// A spreadsheet reads a cell of digits as a number: it keeps 15 significant
// digits, so a 16-digit NIK loses its last one (1302064505900001 becomes
// 1302064505900000), and a phone loses its leading '+' or '0'. The NIK and
// phone columns are therefore written so that spreadsheets keep them as text,
// in each format its own way (cell). A value in them that is not the
// validated digits goes the way of any other text.
func (t Table) numberLike(col int, v string) bool {
	if !slices.Contains(t.TextColumns, col) {
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

// cell is the text a cell gets in the export. In the CSV a NIK or
// phone is written ="1302064505900001": Excel (opened by a double click, with
// no import dialog) and LibreOffice (with its default import options) both
// evaluate that to the text 1302064505900001, digits intact; it is a formula,
// but one whose only content is a string literal of validated digits, so it
// injects nothing. The other ways to mark text in a CSV do not survive: a
// field in quotes is still read as a number, and a leading apostrophe or tab
// stays in the cell as part of the NIK. In the XLSX the cell is a string with
// the text number format, which is the spreadsheet's own notion of text.
func (t Table) cell(col int, v string, csv bool) string {
	if t.numberLike(col, v) {
		if csv {
			return `="` + v + `"`
		}
		return v
	}
	return neutralise(v)
}

// maxWidth bounds a column's width, in characters, so that one long
// address does not push the rest of the sheet off the screen.
const maxWidth = 50

// XLSX writes rows under domain.ExportColumns as one sheet (WriteXLSX).
func XLSX(rows []domain.ExportRow) ([]byte, error) { return WriteXLSX(workers(rows)) }

// CSV writes rows under domain.ExportColumns (WriteCSV).
func CSV(rows []domain.ExportRow) ([]byte, error) { return WriteCSV(workers(rows)) }

// WriteXLSX writes t as one sheet: a bold header row that stays in view
// while scrolling, columns as wide as their content, and every cell text (a
// string with the text number format '@', which also keeps a value typed
// into the sheet later as text).
func WriteXLSX(t Table) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := t.Sheet
	if !t.Created.IsZero() {
		at := t.Created.UTC().Format(time.RFC3339)
		if err := f.SetDocProps(&excelize.DocProperties{
			Title: t.Title, Creator: "JagaNagari", LastModifiedBy: "JagaNagari", Created: at, Modified: at,
		}); err != nil {
			return nil, fmt.Errorf("export xlsx: %w", err)
		}
	}
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
	for c, name := range t.Columns {
		width := utf8.RuneCountInString(name)
		for _, r := range t.Rows {
			width = max(width, utf8.RuneCountInString(t.cell(c, r[c], false)))
		}
		// Two characters of margin: Calibri's digits are wider than the
		// width unit's.
		if err := sw.SetColWidth(c+1, c+1, float64(min(width, maxWidth)+2)); err != nil {
			return nil, fmt.Errorf("export xlsx: %w", err)
		}
	}
	if err := sw.SetColStyle(1, len(t.Columns), textStyle); err != nil {
		return nil, fmt.Errorf("export xlsx: %w", err)
	}
	header := make([]any, len(t.Columns))
	for c, name := range t.Columns {
		header[c] = excelize.Cell{StyleID: headerStyle, Value: name}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return nil, fmt.Errorf("export xlsx: %w", err)
	}
	for i, r := range t.Rows {
		cells := make([]any, len(r))
		for c, v := range r {
			cells[c] = excelize.Cell{StyleID: textStyle, Value: t.cell(c, v, false)}
		}
		at, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(at, cells); err != nil {
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

// WriteCSV writes t as CSV for a spreadsheet on an
// officer's computer: UTF-8 with a byte order mark (without one, Excel reads
// "Zulkarnaén" as Windows-1252), fields separated by ';' and lines ended by
// CRLF. ';' because Excel opens a double-clicked CSV with the locale's list
// separator, and that is ';' in Indonesian (whose decimal separator is ','),
// so a ',' file would land in one column there; LibreOffice asks in its
// import dialog (or takes --infilter=CSV:59,34,76,1 on the command line).
// NIK and phone are kept as text and formula-like cells defused
// (cell).
func WriteCSV(t Table) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	w.Comma = ';'
	w.UseCRLF = true
	if err := w.Write(t.Columns); err != nil {
		return nil, err
	}
	line := make([]string, len(t.Columns))
	for _, r := range t.Rows {
		for c, v := range r {
			line[c] = t.cell(c, v, true)
		}
		if err := w.Write(line); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}
