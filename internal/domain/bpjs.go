package domain

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// The files exchanged with BPJS Ketenagakerjaan: the batch the nagari
// submits, and the result file BPJS answers with. BPJS's own templates were
// not found (DOMAIN.md §12), so both column lists live here, in one place,
// and README documents them.

// BatchColumns are the header row of a batch's file: what a collective
// (nagari-paid) registration needs of each worker, in BPJS's words, since
// BPJS staff read the file. "Nama Ibu Kandung" is empty for workers
// registered before it was asked.
var BatchColumns = []string{
	"NIK", "Nama sesuai KTP", "Tanggal lahir", "Jenis kelamin", "Alamat", "Nagari",
	"Pekerjaan", "Nomor HP", "Nama Ibu Kandung", "Nama ahli waris", "Hubungan ahli waris",
}

// Where the NIK and "Nomor HP" stand in BatchColumns: the columns a
// spreadsheet must keep as text.
const (
	BatchNIKColumn   = 0
	BatchPhoneColumn = 7
)

// Batch is a numbered batch of a nagari's workers submitted to BPJS.
type Batch struct {
	ID         int64
	Number     string // AJU-2026-00001
	NagariCode string
	NagariName string
	CreatedAt  time.Time
	Size       int // workers in it
}

// ResultField is a field of BPJS's result file.
type ResultField string

// The fields of the result file, as the import reads them.
const (
	ResultNIK    ResultField = "nik"
	ResultKPJ    ResultField = "kpj"
	ResultStatus ResultField = "status"
	ResultStart  ResultField = "mulai"
	ResultEnd    ResultField = "akhir"
	ResultReason ResultField = "alasan"
	ResultBatch  ResultField = "batch"
)

// ResultColumn is a column of the result file: the header our template
// writes, whether a file must have it, and the other headers taken for it
// (compared lower case with only letters and digits kept), since BPJS's
// own list may name them its way.
type ResultColumn struct {
	Field    ResultField
	Header   string
	Required bool
	Aliases  []string
}

// ResultColumns are the result file's columns, in the template's order.
// A refusal needs no KPJ or date, but the columns are required so that a
// file that lost them is refused whole rather than read as refusals.
var ResultColumns = []ResultColumn{
	{ResultNIK, "NIK", true, []string{"nik", "nonik", "nomornik", "noktp", "nomorktp", "nomorindukkependudukan", "niktk", "nikpeserta"}},
	{ResultKPJ, "Nomor KPJ", true, []string{"kpj", "nokpj", "nomorkpj", "nomorkartu", "nokartu", "nomorpeserta", "nopeserta", "nomorkepesertaan"}},
	{ResultStatus, "Status", true, []string{"status", "hasil", "statusvalidasi", "hasilvalidasi", "statuskepesertaan"}},
	{ResultStart, "Tanggal mulai", true, []string{"tanggalmulai", "mulai", "tglmulai", "mulaikepesertaan", "tmt", "tmtkepesertaan", "tanggalkepesertaan", "tanggalefektif"}},
	{ResultEnd, "Tanggal akhir", false, []string{"tanggalakhir", "akhir", "tglakhir", "akhirkepesertaan", "berakhir", "tanggalberakhir"}},
	{ResultReason, "Alasan", false, []string{"alasan", "alasanpenolakan", "keterangan", "catatan"}},
	// The batch's number, when the officer copies it into BPJS's list: a
	// row naming an older batch than the worker's current one is stale.
	{ResultBatch, "Nomor pengajuan", false, []string{"nomorpengajuan", "nopengajuan", "pengajuan", "nomorbatch", "batch"}},
}

// ResultTemplateColumns are the headers of the result template, in order.
func ResultTemplateColumns() []string {
	out := make([]string, len(ResultColumns))
	for i, c := range ResultColumns {
		out[i] = c.Header
	}
	return out
}

// ResultRow is one row of a result file, read. Problem is a message ID
// when the row cannot be used (its NIK, KPJ, a date or the status is
// wrong); the other fields then hold what could be read.
type ResultRow struct {
	Line       int // the row's line in the file, counted from 1
	NIK        NIK
	Accepted   bool
	KPJ        KPJ
	Start, End time.Time
	Reason     string
	Batch      string // "" when the file does not say
	Problem    string
}

// ResultFile is a result file as read: its rows, or why it was not read
// at all (Problem, a message ID, with Missing naming the required headers
// it lacks).
type ResultFile struct {
	Rows    []ResultRow
	Problem string
	Missing []string
}

// The file-level problems of a result file.
const (
	ResultUnreadable = "bpjs.import.unreadable" // not a spreadsheet
	ResultMissing    = "bpjs.import.missing"    // required columns missing
	ResultEmpty      = "bpjs.import.no_rows"    // a header and nothing under it
)

// maxReason bounds a refusal reason kept from the file.
const maxReason = 200

// ReadResult reads a result file's cells (the first row the header) as
// of now. Blank rows are skipped; a header is matched with
// ResultColumns' aliases, whatever its case, spacing or punctuation.
func ReadResult(table [][]string, now time.Time) ResultFile {
	cols := make([]SheetColumn, len(ResultColumns))
	for i, c := range ResultColumns {
		cols[i] = SheetColumn{Header: c.Header, Required: c.Required, Aliases: c.Aliases}
	}
	sh := ReadSheet(table, cols)
	switch {
	case len(sh.Missing) > 0:
		return ResultFile{Problem: ResultMissing, Missing: sh.Missing}
	case len(sh.Rows) == 0:
		return ResultFile{Problem: ResultEmpty}
	}
	at := map[ResultField]int{}
	for i, c := range ResultColumns {
		at[c.Field] = i
	}
	var out ResultFile
	for _, row := range sh.Rows {
		out.Rows = append(out.Rows, readResultRow(row.Line, func(f ResultField) string { return row.Get(at[f]) }, now))
	}
	return out
}

// SheetColumn is a column a spreadsheet is read by: the header our
// templates write, whether a file must have it, and the headers taken for
// it (compared lower case with only letters and digits kept), since the
// files come from other people's spreadsheets.
type SheetColumn struct {
	Header   string
	Required bool
	Aliases  []string
}

// Sheet is a spreadsheet's cells read by their header: its data rows, or
// the required columns its header lacks (Missing, by Header).
type Sheet struct {
	Rows    []SheetRow
	Missing []string
}

// SheetRow is one data row of a Sheet: its line in the file, counted from
// 1, and its cells by the index of the SheetColumn.
type SheetRow struct {
	Line  int
	cells []string // by column; "" for a column the file lacks
}

// Get is the row's cell of column i, trimmed.
func (r SheetRow) Get(i int) string {
	if i < 0 || i >= len(r.cells) {
		return ""
	}
	return r.cells[i]
}

// ReadSheet reads table (the first non-blank row its header) by cols:
// each header cell is matched with the columns' aliases, whatever its
// case, spacing or punctuation, the first match winning. Blank rows are
// skipped; lines are the file's. Missing lists the required columns not
// found, and then there are no rows.
func ReadSheet(table [][]string, cols []SheetColumn) Sheet {
	skipped := 0 // blank lines above the header, so lines are the file's
	for len(table) > 0 && blank(table[0]) {
		table, skipped = table[1:], skipped+1
	}
	if len(table) == 0 {
		return Sheet{}
	}
	at := make([]int, len(cols))
	for i := range at {
		at[i] = -1
	}
	for j, h := range table[0] {
		key := headerKey(h)
		for i, c := range cols {
			if at[i] < 0 && slices.Contains(c.Aliases, key) {
				at[i] = j
				break
			}
		}
	}
	var sh Sheet
	for i, c := range cols {
		if c.Required && at[i] < 0 {
			sh.Missing = append(sh.Missing, c.Header)
		}
	}
	if len(sh.Missing) > 0 {
		return sh
	}
	for i, cells := range table[1:] {
		if blank(cells) {
			continue
		}
		row := SheetRow{Line: skipped + i + 2, cells: make([]string, len(cols))}
		for k, j := range at {
			if j >= 0 && j < len(cells) {
				row.cells[k] = strings.TrimSpace(cells[j])
			}
		}
		sh.Rows = append(sh.Rows, row)
	}
	return sh
}

func readResultRow(line int, get func(ResultField) string, now time.Time) ResultRow {
	r := ResultRow{Line: line, Batch: strings.ToUpper(get(ResultBatch))}
	nik, err := ParseNIK(unquoteCell(get(ResultNIK)), now)
	if err != nil {
		r.Problem = "bpjs.row.nik"
		return r
	}
	r.NIK = nik
	accepted, ok := ParseResultStatus(get(ResultStatus))
	if !ok {
		r.Problem = "bpjs.row.status"
		return r
	}
	r.Accepted = accepted
	if !accepted {
		r.Reason = truncateRunes(strings.Join(strings.Fields(get(ResultReason)), " "), maxReason)
		return r
	}
	if r.KPJ, err = ParseKPJ(unquoteCell(get(ResultKPJ))); err != nil {
		r.Problem = "bpjs.row.kpj"
		return r
	}
	if r.Start, ok = parseResultDate(get(ResultStart)); !ok {
		r.Problem = "bpjs.row.start"
		return r
	}
	if end := get(ResultEnd); end != "" {
		if r.End, ok = parseResultDate(end); !ok || r.End.Before(r.Start) {
			r.Problem = "bpjs.row.end"
			return r
		}
	}
	return r
}

// ParseResultStatus reads BPJS's verdict on a row: ok is false when the
// cell says neither.
func ParseResultStatus(s string) (accepted, ok bool) {
	switch headerKey(s) {
	case "diterima", "terima", "aktif", "berhasil", "sukses", "valid", "ok", "accepted", "accept", "ya", "y", "lolos":
		return true, true
	case "ditolak", "tolak", "gagal", "tidakvalid", "invalid", "rejected", "reject", "tidak", "tidaklolos", "tidakditerima":
		return false, true
	}
	return false, false
}

// resultDateLayouts are the ways a spreadsheet or an officer writes a
// date: ISO, and Indonesian day-first with dashes, slashes or dots.
var resultDateLayouts = []string{"2006-01-02", "02-01-2006", "2-1-2006", "02/01/2006", "2/1/2006", "02.01.2006", "2.1.2006"}

// parseResultDate reads a cover date: one of resultDateLayouts, or the
// serial number a spreadsheet shows for a date cell it was not told to
// format (days since 1899-12-30).
func parseResultDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, l := range resultDateLayouts {
		if t, err := time.Parse(l, s); err == nil && t.Year() >= 2000 && t.Year() <= 2100 {
			return dateOf(t.Date()), true
		}
	}
	if n, err := strconv.Atoi(s); err == nil && n > 36526 && n < 73051 { // 2000-01-01 .. 2100-01-01
		return dateOf(1899, time.December, 30+n), true
	}
	return time.Time{}, false
}

// unquoteCell drops the ="…" our own CSV puts around numbers, and a
// spreadsheet's leading apostrophe.
func unquoteCell(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, `="`) && strings.HasSuffix(s, `"`) && len(s) >= 3 {
		s = s[2 : len(s)-1]
	}
	return strings.TrimPrefix(s, "'")
}

// headerKey is s lower case with only its letters and digits.
func headerKey(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

// ImportOutcome is what importing one row of a result file did.
type ImportOutcome string

// The outcomes of a row; messages "bpjs.outcome.<outcome>" name them.
const (
	ImportActivated    ImportOutcome = "aktif"          // the worker is now aktif
	ImportRefused      ImportOutcome = "ditolak"        // the worker is now ditolak_bpjs
	ImportDone         ImportOutcome = "sudah"          // the same answer was imported before
	ImportUnknown      ImportOutcome = "tidak_dikenal"  // no registration has the NIK
	ImportNotYours     ImportOutcome = "bukan_wilayah"  // the registration is outside the officer's area
	ImportNotSubmitted ImportOutcome = "belum_diajukan" // the membership is not diajukan
	ImportDuplicate    ImportOutcome = "ganda"          // the NIK came earlier in the file
	ImportInvalid      ImportOutcome = "tidak_valid"    // the row's Problem says what
)

// ImportOutcomes lists the outcomes in the order a summary counts them.
var ImportOutcomes = []ImportOutcome{
	ImportActivated, ImportRefused, ImportDone, ImportNotSubmitted, ImportUnknown, ImportNotYours, ImportDuplicate, ImportInvalid,
}

// Changed reports whether the row changed a membership.
func (o ImportOutcome) Changed() bool { return o == ImportActivated || o == ImportRefused }

// ImportLine is one row's outcome, as staff are shown it: the NIK masked,
// the registration's number when it is theirs to see.
type ImportLine struct {
	Line    int
	NIK     string // masked
	Number  string
	Outcome ImportOutcome
	Problem string // for ImportInvalid: the row's message ID
	// NagariCode is the row's nagari when it changed a membership, so
	// each nagari's staff are told of their own rows.
	NagariCode string
}

// ImportReport is what importing a result file did, row by row.
type ImportReport struct {
	Lines  []ImportLine
	Counts map[ImportOutcome]int
}

// Add records a row's outcome.
func (r *ImportReport) Add(l ImportLine) {
	if r.Counts == nil {
		r.Counts = map[ImportOutcome]int{}
	}
	r.Lines = append(r.Lines, l)
	r.Counts[l.Outcome]++
}
