package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/export"
)

// exportSample is three verified workers whose NIKs a spreadsheet would
// round (16 digits, over its 15 significant ones) and whose phones it would
// read as numbers, with free-text fields that start like formulas.
func exportSample() []domain.ExportRow {
	row := func(nik, name, address, occupation, phone, heir string) domain.ExportRow {
		return domain.ExportRow{nik, name, "05-05-1990", "P", address, "Alahan Panjang", "Lembah Gumanti",
			occupation, phone, "Rosmaniar", heir, "pasangan", "JN-0001", "ya"}
	}
	return []domain.ExportRow{
		row("1302064505900001", "Siti Zulkarnaén", "Jorong Koto; RT 2, \"Simpang\"", "petani", "+6281234567890", "Budi"),
		row("1302064505900002", "Rahmat", "=HYPERLINK(\"http://x.example\";\"klik\")", "+62 buruh", "081234567890", "-Ani"),
		row("1302064505900003", "Yusuf", "@SUM(1;2)", "\tojek", "6281299990000", "\r=1+2"),
	}
}

// neutralised is what the export writes for a free-text cell: a cell that
// would start a formula gets a leading apostrophe.
var neutralised = map[string]string{
	"=HYPERLINK(\"http://x.example\";\"klik\")": "'=HYPERLINK(\"http://x.example\";\"klik\")",
	"+62 buruh": "'+62 buruh",
	"-Ani":      "'-Ani",
	"@SUM(1;2)": "'@SUM(1;2)",
	"\tojek":    "'\tojek",
	"\r=1+2":    "'\r=1+2",
}

// textColumns are the NIK and "Nomor HP" columns, which must stay text.
var textColumns = []int{0, 8}

func TestExportCSV(t *testing.T) {
	rows := exportSample()
	data, err := export.CSV(rows)
	if err != nil {
		t.Fatal(err)
	}
	body, ok := bytes.CutPrefix(data, []byte("\uFEFF"))
	if !ok {
		t.Fatalf("no UTF-8 byte order mark: %q", data[:min(len(data), 20)])
	}
	if header, _, _ := strings.Cut(string(body), "\r\n"); header != strings.Join(domain.ExportColumns, ";") {
		t.Errorf("header line %q: want the columns separated by ';' and ended by CRLF", header)
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(rows)+1 || !slices.Equal(recs[0], domain.ExportColumns) {
		t.Fatalf("records %q", recs)
	}
	for i, row := range rows {
		got := recs[i+1]
		for c, v := range row {
			want := v
			switch {
			case slices.Contains(textColumns, c):
				want = `="` + v + `"`
			case neutralised[v] != "":
				want = neutralised[v]
			}
			// encoding/csv writes a carriage return inside a field as
			// nothing when lines end in CRLF: the apostrophe must come
			// first, or "\r=..." would arrive as "=...".
			want = strings.ReplaceAll(want, "\r", "")
			if got[c] != want {
				t.Errorf("row %d %s: %q, want %q", i+1, domain.ExportColumns[c], got[c], want)
			}
		}
	}
}

func TestExportXLSX(t *testing.T) {
	rows := exportSample()
	data, err := export.XLSX(rows)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	got, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(rows)+1 || !slices.Equal(got[0], domain.ExportColumns) {
		t.Fatalf("rows %q", got)
	}
	for i, row := range rows {
		for c, v := range row {
			want := v
			if w := neutralised[v]; w != "" {
				want = w
			}
			if got[i+1][c] != want {
				t.Errorf("row %d %s: %q, want %q", i+1, domain.ExportColumns[c], got[i+1][c], want)
			}
		}
	}

	for c := range domain.ExportColumns {
		header, _ := excelize.CoordinatesToCellName(c+1, 1)
		style := cellStyle(t, f, sheet, header)
		if style.Font == nil || !style.Font.Bold {
			t.Errorf("header %s is not bold", header)
		}
		for r := range rows {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+2)
			if s := cellStyle(t, f, sheet, cell); s.NumFmt != 49 {
				t.Errorf("%s number format %d, want 49 (text, '@')", cell, s.NumFmt)
			}
			if formula, _ := f.GetCellFormula(sheet, cell); formula != "" {
				t.Errorf("%s holds a formula %q", cell, formula)
			}
		}
	}
	if panes, err := f.GetPanes(sheet); err != nil || !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 || panes.TopLeftCell != "A2" {
		t.Errorf("panes %+v (%v): want the header row frozen", panes, err)
	}
	for c, name := range domain.ExportColumns {
		col, _ := excelize.ColumnNumberToName(c + 1)
		width, err := f.GetColWidth(sheet, col)
		if err != nil {
			t.Fatal(err)
		}
		widest := len([]rune(name))
		for _, row := range rows {
			widest = max(widest, min(len([]rune(row[c])), 50))
		}
		if width < float64(widest) || width > 60 {
			t.Errorf("column %s (%s) width %.1f for %d characters", col, name, width, widest)
		}
	}
}

func cellStyle(t *testing.T, f *excelize.File, sheet, cell string) *excelize.Style {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	s, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// requireLibreOffice fails under CI=true when LibreOffice is missing, and
// skips elsewhere, as the browser tests do with Chromium.
func requireLibreOffice(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("libreoffice")
	if err == nil {
		return path
	}
	msg := "libreoffice not found: the spreadsheet round trip needs the Debian package libreoffice-calc-nogui " +
		"(scripts/test installs it when run as root; otherwise: sudo apt-get install --no-install-recommends libreoffice-calc-nogui)"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// TestExportCSVSurvivesLibreOffice opens the CSV in LibreOffice Calc and
// saves it as XLSX, as an officer would, and reads every NIK and phone back.
// The import options are the ones a person picks in LibreOffice's Text
// Import dialog for this file: its separator (read from the header, so the
// test judges whatever ExportCSV writes), '"' around text, UTF-8, from line
// 1; everything else LibreOffice's default.
func TestExportCSVSurvivesLibreOffice(t *testing.T) {
	lo := requireLibreOffice(t)
	rows := exportSample()
	data, err := export.CSV(rows)
	if err != nil {
		t.Fatal(err)
	}
	header := strings.TrimPrefix(string(data), "\uFEFF")
	sep := header[len(domain.ExportColumns[0])]

	dir := t.TempDir()
	in := filepath.Join(dir, "pekerja.csv")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, lo, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless",
		"--infilter=CSV:"+strconv.Itoa(int(sep))+",34,76,1", "--convert-to", "xlsx", "--outdir", filepath.Join(dir, "out"), in)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	f, err := excelize.OpenFile(filepath.Join(dir, "out", "pekerja.xlsx"))
	if err != nil {
		t.Fatalf("libreoffice wrote no xlsx (%v)\n%s", err, out)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	// Raw values: what the cell holds, not how a number format shows it.
	got, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(rows)+1 || !slices.Equal(got[0], domain.ExportColumns) {
		t.Fatalf("LibreOffice read %q", got)
	}
	for i, row := range rows {
		back := got[i+1]
		for _, c := range textColumns {
			if c >= len(back) || back[c] != row[c] {
				t.Errorf("row %d %s came back %q, want %q", i+1, domain.ExportColumns[c], at(back, c), row[c])
			}
		}
		if back[1] != row[1] {
			t.Errorf("row %d name came back %q, want %q", i+1, back[1], row[1])
		}
		// A cell that looked like a formula is text after the round trip.
		for c, v := range row {
			if neutralised[v] == "" {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(c+1, i+2)
			if formula, _ := f.GetCellFormula(sheet, cell); formula != "" {
				t.Errorf("%s (%q) became the formula %q", cell, v, formula)
			}
		}
	}
}

func at(ss []string, i int) string {
	if i < len(ss) {
		return ss[i]
	}
	return ""
}
