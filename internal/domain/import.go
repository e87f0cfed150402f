package domain

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// The bulk import of existing members (issue #16): about 2,500 workers
// were already protected at the programme's launch and exist only in the
// nagari's spreadsheets (DOMAIN.md §12). A nagari's file is read here, row
// by row, with the same rules as a registration in the chat; the store
// writes the rows that pass.

// ImportField is a column of the members' import file.
type ImportField int

// The columns of the import file, in the template's order.
const (
	ImpNIK ImportField = iota
	ImpName
	ImpBirthDate
	ImpGender
	ImpAddress
	ImpNagari
	ImpKecamatan
	ImpOccupation
	ImpPhone
	ImpMotherName
	ImpHeirName
	ImpHeirRelation
	ImpKPJ
	ImpStart
	ImpEnd
)

// ImportColumns are the import file's columns, indexed by ImportField. The
// headers are those of a batch's file (BatchColumns) where they overlap,
// so a batch's own file is read back. Nagari and Kecamatan may be absent
// or empty (the file is of one nagari, named when importing); when given,
// they must be that nagari's. The membership columns are for rows BPJS
// already accepted: a KPJ and a cover start together, or neither.
var ImportColumns = []SheetColumn{
	ImpNIK:          {"NIK", true, []string{"nik", "nonik", "nomornik", "noktp", "nomorktp", "nomorindukkependudukan", "nikktp", "nikpeserta"}},
	ImpName:         {"Nama sesuai KTP", true, []string{"namasesuaiktp", "nama", "namalengkap", "namapeserta", "namapekerja"}},
	ImpBirthDate:    {"Tanggal lahir", true, []string{"tanggallahir", "tgllahir", "tanggallahirddmmyyyy", "lahir", "tgllahirddmmyyyy"}},
	ImpGender:       {"Jenis kelamin", true, []string{"jeniskelamin", "jk", "kelamin", "lp", "gender"}},
	ImpAddress:      {"Alamat", true, []string{"alamat", "alamatjorong", "alamatlengkap", "jorong"}},
	ImpNagari:       {"Nagari", false, []string{"nagari", "namanagari", "kodenagari", "kodewilayah", "desa"}},
	ImpKecamatan:    {"Kecamatan", false, []string{"kecamatan", "namakecamatan", "kodekecamatan"}},
	ImpOccupation:   {"Pekerjaan", true, []string{"pekerjaan", "jenispekerjaan", "kodepekerjaan", "pekerjaanutama"}},
	ImpPhone:        {"Nomor HP", true, []string{"nomorhp", "nohp", "hp", "nomortelepon", "notelepon", "telepon", "nomorwa", "nowa", "nohpwa"}},
	ImpMotherName:   {"Nama Ibu Kandung", false, []string{"namaibukandung", "ibukandung", "namaibu"}},
	ImpHeirName:     {"Nama ahli waris", true, []string{"namaahliwaris", "ahliwaris"}},
	ImpHeirRelation: {"Hubungan ahli waris", true, []string{"hubunganahliwaris", "hubungan", "hubungandenganpeserta"}},
	ImpKPJ:          {"Nomor KPJ", false, []string{"nomorkpj", "nokpj", "kpj", "nomorkartu", "nokartu", "nomorpeserta", "nopeserta", "nomorkepesertaan"}},
	ImpStart:        {"Mulai kepesertaan", false, []string{"mulaikepesertaan", "tanggalmulai", "tglmulai", "mulai", "tmt", "tmtkepesertaan"}},
	ImpEnd:          {"Akhir kepesertaan", false, []string{"akhirkepesertaan", "tanggalakhir", "tglakhir", "akhir", "berakhir"}},
}

// ImportTemplateColumns are the headers of the import template, in order.
func ImportTemplateColumns() []string {
	out := make([]string, len(ImportColumns))
	for i, c := range ImportColumns {
		out[i] = c.Header
	}
	return out
}

// ConsentImported is the consent of an imported member: given earlier on
// the nagari's paper form, when the worker joined the programme, and
// recorded by whoever imported the nagari's list. It has no witness
// binding and no photo of the form: the forms are kept by the nagari.
const ConsentImported ConsentMode = "impor"

// ImportConsentVersion is the consent version an imported record keeps:
// the nagari's paper form, whose text this system does not hold.
const ImportConsentVersion = "formulir-nagari"

// File-level problems of an import file (message IDs).
const (
	ImportFileUnreadable = "import.file.unreadable" // not a spreadsheet
	ImportFileMissing    = "import.file.missing"    // required columns missing
	ImportFileEmpty      = "import.file.no_rows"    // a header and nothing under it
	ImportFileTooMany    = "import.file.too_many"   // more than MaxImportRows rows
)

// MaxImportRows bounds the rows of one import file: a nagari's list is a
// few hundred; the whole regency's 2,500 fit too.
const MaxImportRows = 5000

// ImportRow is one row of an import file, read. Problem is a message ID
// ("import.row.<column>.<reason>") when the row cannot be imported, with
// Data for its template; NIK is set whenever it could be read.
type ImportRow struct {
	Line         int
	NIK          NIK
	Registration Registration
	Membership   Membership // State aktif, or "" (none yet)
	Problem      string
	Data         map[string]any
}

// ImportFile is an import file as read: its rows, or why it was not read
// at all (Problem, with Missing naming the required headers it lacks).
type ImportFile struct {
	Rows    []ImportRow
	Problem string
	Missing []string
}

// ReadImport reads the cells of a nagari's import file (table, the first
// non-blank row its header) for nagari n, as of now. Every row gets the
// checks of the chat's registration; the consent is ConsentImported,
// recorded now.
func ReadImport(table [][]string, n Nagari, now time.Time) ImportFile {
	sh := ReadSheet(table, ImportColumns)
	switch {
	case len(sh.Missing) > 0:
		return ImportFile{Problem: ImportFileMissing, Missing: sh.Missing}
	case len(sh.Rows) == 0:
		return ImportFile{Problem: ImportFileEmpty}
	case len(sh.Rows) > MaxImportRows:
		return ImportFile{Problem: ImportFileTooMany}
	}
	out := ImportFile{Rows: make([]ImportRow, 0, len(sh.Rows))}
	for _, row := range sh.Rows {
		out.Rows = append(out.Rows, ReadImportRow(row.Line, func(f ImportField) string { return row.Get(int(f)) }, n, now))
	}
	return out
}

// ImportExampleNIKs are the NIKs of the template's example rows (export.
// ImportTemplate, templates/impor-peserta.csv): valid in form, nobody's.
// A row left in by mistake is refused rather than imported as a member.
var ImportExampleNIKs = []NIK{"1302041203859999", "1302045505909998"}

// ImportProblems are the message IDs a refused row's Problem can be: a
// column and a reason (the parser's, for a column a parser reads).
var ImportProblems = []string{
	"import.row.nik.missing",
	"import.row.nik.invalid_length",
	"import.row.nik.not_digits",
	"import.row.nik.invalid_region",
	"import.row.nik.invalid_date",
	"import.row.nik.invalid_serial",
	"import.row.nik.birth_date_mismatch",
	"import.row.nik.gender_mismatch",
	"import.row.nik.example",
	"import.row.nagari.other",
	"import.row.kecamatan.other",
	"import.row.name.missing",
	"import.row.name.invalid_chars",
	"import.row.name.too_short",
	"import.row.name.too_long",
	"import.row.birth.missing",
	"import.row.birth.invalid",
	"import.row.birth.future",
	"import.row.birth.too_young",
	"import.row.birth.too_old",
	"import.row.gender.missing",
	"import.row.gender.invalid",
	"import.row.address.missing",
	"import.row.address.too_short",
	"import.row.address.too_long",
	"import.row.occupation.missing",
	"import.row.occupation.too_short",
	"import.row.occupation.too_long",
	"import.row.phone.missing",
	"import.row.phone.invalid",
	"import.row.mother.invalid_chars",
	"import.row.mother.too_short",
	"import.row.mother.too_long",
	"import.row.heir.missing",
	"import.row.heir.invalid_chars",
	"import.row.heir.too_short",
	"import.row.heir.too_long",
	"import.row.relation.missing",
	"import.row.relation.invalid",
	"import.row.kpj.missing",
	"import.row.kpj.invalid",
	"import.row.start.missing",
	"import.row.start.invalid",
	"import.row.end.invalid",
	"import.row.record.invalid",
}

// rowProblem is why a row is refused: its column and the reason.
type rowProblem struct {
	msg  string
	data map[string]any
}

func problem(column, reason string) *rowProblem {
	return &rowProblem{msg: "import.row." + column + "." + reason}
}

// problemOf is the row problem of a parser's error for column: the
// parser's *InputError's reason (the last part of its message ID), with
// its data.
func problemOf(column string, err error) *rowProblem {
	ie, ok := err.(*InputError)
	if !ok {
		return problem(column, "invalid")
	}
	reason := ie.Msg[strings.LastIndexByte(ie.Msg, '.')+1:]
	return &rowProblem{msg: "import.row." + column + "." + reason, data: ie.Data}
}

// ReadImportRow reads one row (line, its cells by get) for nagari n.
func ReadImportRow(line int, get func(ImportField) string, n Nagari, now time.Time) ImportRow {
	row := ImportRow{Line: line}
	if nik, err := ParseNIK(unquoteCell(get(ImpNIK)), now); err == nil {
		row.NIK = nik
	}
	r, m, p := readImportRow(row.NIK, get, n, now)
	if p != nil {
		row.Problem, row.Data = p.msg, p.data
		return row
	}
	row.Registration, row.Membership = r, m
	return row
}

func readImportRow(nik NIK, get func(ImportField) string, n Nagari, now time.Time) (Registration, Membership, *rowProblem) {
	r := Registration{
		NagariCode: n.Code, ConsentMode: ConsentImported, ConsentVersion: ImportConsentVersion, ConsentAt: now,
	}
	var err error
	if s := unquoteCell(get(ImpNIK)); s == "" {
		return r, Membership{}, problem("nik", "missing")
	} else if r.NIK, err = ParseNIK(s, now); err != nil {
		return r, Membership{}, problemOf("nik", err)
	}
	if slices.Contains(ImportExampleNIKs, r.NIK) {
		return r, Membership{}, problem("nik", "example")
	}
	if p := checkArea(get(ImpNagari), n.Code, n.Name); p {
		return r, Membership{}, problem("nagari", "other")
	}
	if p := checkArea(get(ImpKecamatan), n.KecamatanCode, n.KecamatanName); p {
		return r, Membership{}, problem("kecamatan", "other")
	}
	if r.Name, err = parseRequired(get(ImpName), ParseName); err != nil {
		return r, Membership{}, problemOf("name", err)
	}
	if r.BirthDate, err = parseImportBirthDate(get(ImpBirthDate), now); err != nil {
		return r, Membership{}, problemOf("birth", err)
	}
	g, ok := ParseGender(get(ImpGender))
	if !ok {
		if get(ImpGender) == "" {
			return r, Membership{}, problem("gender", "missing")
		}
		return r, Membership{}, problem("gender", "invalid")
	}
	r.Gender = g
	if err := r.NIK.Matches(r.BirthDate, r.Gender, now); err != nil {
		return r, Membership{}, problemOf("nik", err)
	}
	if r.Address, err = parseRequired(get(ImpAddress), func(s string) (string, error) {
		return ParseFreeText(s, AddressMinLen, AddressMaxLen)
	}); err != nil {
		return r, Membership{}, problemOf("address", err)
	}
	if r.Occupation, r.OccupationOther, err = ParseOccupation(get(ImpOccupation)); err != nil {
		return r, Membership{}, problemOf("occupation", err)
	}
	if s := unquoteCell(get(ImpPhone)); s == "" {
		return r, Membership{}, problem("phone", "missing")
	} else if r.Phone, err = ParsePhone(s); err != nil {
		return r, Membership{}, problemOf("phone", err)
	}
	if s := get(ImpMotherName); s != "" {
		if r.MotherName, err = ParseName(s); err != nil {
			return r, Membership{}, problemOf("mother", err)
		}
	}
	if r.HeirName, err = parseRequired(get(ImpHeirName), ParseName); err != nil {
		return r, Membership{}, problemOf("heir", err)
	}
	rel, ok := ParseHeirRelation(get(ImpHeirRelation))
	if !ok {
		if get(ImpHeirRelation) == "" {
			return r, Membership{}, problem("relation", "missing")
		}
		return r, Membership{}, problem("relation", "invalid")
	}
	r.HeirRelation = rel
	m, p := readImportMembership(get)
	if p != nil {
		return r, Membership{}, p
	}
	// Defence in depth, as before any registration is stored.
	if err := r.Validate(now); err != nil {
		return r, Membership{}, problem("record", "invalid")
	}
	return r, m, nil
}

// readImportMembership reads the membership columns: none, or a KPJ with
// a cover start (and perhaps an end), an active membership.
func readImportMembership(get func(ImportField) string) (Membership, *rowProblem) {
	kpjS, startS, endS := unquoteCell(get(ImpKPJ)), get(ImpStart), get(ImpEnd)
	switch {
	case kpjS == "" && startS == "" && endS == "":
		return Membership{}, nil
	case kpjS == "":
		return Membership{}, problem("kpj", "missing")
	case startS == "":
		return Membership{}, problem("start", "missing")
	}
	kpj, err := ParseKPJ(kpjS)
	if err != nil {
		return Membership{}, problem("kpj", "invalid")
	}
	start, ok := parseResultDate(startS)
	if !ok {
		return Membership{}, problem("start", "invalid")
	}
	var end time.Time
	if endS != "" {
		if end, ok = parseResultDate(endS); !ok || end.Before(start) {
			return Membership{}, problem("end", "invalid")
		}
	}
	m, err := ImportedMembership(kpj, start, end)
	if err != nil {
		return Membership{}, problem("end", "invalid")
	}
	return m, nil
}

// checkArea reports whether a row's nagari or kecamatan cell names
// another area than code / name: an empty cell names none.
func checkArea(cell, code, name string) bool {
	k := headerKey(cell)
	return k != "" && k != headerKey(code) && k != headerKey(name)
}

// parseRequired is parse of s, "missing" for an empty cell.
func parseRequired(s string, parse func(string) (string, error)) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", Invalid("import.missing")
	}
	return parse(s)
}

// parseImportBirthDate is ParseBirthDate of a cell, which may also hold
// the serial number a spreadsheet shows for a date cell it was not told
// to format (days since 1899-12-30).
func parseImportBirthDate(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, Invalid("import.missing")
	}
	if n, err := strconv.Atoi(s); err == nil && len(s) == 5 && n > 0 {
		t := dateOf(1899, time.December, 30+n)
		return t, checkBirthDate(t, now)
	}
	return ParseBirthDate(s, now)
}

// ParseGender reads a jenis kelamin cell: L or P, or the words for them.
func ParseGender(s string) (Gender, bool) {
	switch headerKey(s) {
	case "l", "lk", "laki", "lakilaki", "lelaki", "pria", "male", "m":
		return Male, true
	case "p", "pr", "perempuan", "wanita", "female", "f":
		return Female, true
	}
	return "", false
}

// occupationWords are the words of a pekerjaan cell taken for each
// occupation code, beside the code itself and its label in the picker.
var occupationWords = map[string]string{
	"petanipekebun": "petani", "petani": "petani", "pekebun": "petani", "berkebun": "petani", "bertani": "petani",
	"buruhtaniharianlepas": "buruh_harian", "buruhtani": "buruh_harian", "buruhharianlepas": "buruh_harian",
	"buruhharian": "buruh_harian", "buruh": "buruh_harian", "bhl": "buruh_harian",
	"pedagangpkl": "pedagang", "pedagang": "pedagang", "pkl": "pedagang", "berdagang": "pedagang",
	"nelayandanausungai": "nelayan", "nelayan": "nelayan",
	"peternak":        "peternak",
	"tukangojeksopir": "ojek_sopir", "tukangojek": "ojek_sopir", "ojek": "ojek_sopir", "sopir": "ojek_sopir", "supir": "ojek_sopir",
	"tukangbangunan": "tukang_bangunan", "tukang": "tukang_bangunan",
	"gurumengajimarbut": "guru_mengaji", "gurumengaji": "guru_mengaji", "marbut": "guru_mengaji", "garin": "guru_mengaji",
	"umkmpengrajin": "umkm", "umkm": "umkm", "pengrajin": "umkm", "perajin": "umkm",
}

// ParseOccupation reads a pekerjaan cell: an occupation code, its label
// or a word for it; any other text is "lainnya" with the text as the
// occupation typed, as in the chat. Errors: "import.missing", and
// ParseFreeText's for the typed occupation.
func ParseOccupation(s string) (code, other string, err error) {
	k := headerKey(s)
	if k == "" {
		return "", "", Invalid("import.missing")
	}
	for _, c := range Occupations {
		if k == headerKey(c) && c != OccupationOtherCode {
			return c, "", nil
		}
	}
	if c, ok := occupationWords[k]; ok {
		return c, "", nil
	}
	// "Lainnya: penjahit" keeps the typed part.
	if low := strings.ToLower(strings.TrimSpace(s)); strings.HasPrefix(low, OccupationOtherCode) {
		s = strings.TrimLeft(strings.TrimSpace(s)[len(OccupationOtherCode):], " :-/()")
	}
	other, err = ParseFreeText(s, OccupationOtherMinLen, OccupationOtherMaxLen)
	if err != nil {
		return "", "", err
	}
	return OccupationOtherCode, other, nil
}

// relationWords are the words of a hubungan cell taken for each relation
// code, beside the code itself.
var relationWords = map[string]string{
	"suamiistri": "pasangan", "suami": "pasangan", "istri": "pasangan", "isteri": "pasangan",
	"anak": "anak", "anakkandung": "anak",
	"orangtua": "orang_tua", "ayah": "orang_tua", "ibu": "orang_tua", "bapak": "orang_tua", "ortu": "orang_tua",
	"cucu":       "cucu",
	"kakeknenek": "kakek_nenek", "kakek": "kakek_nenek", "nenek": "kakek_nenek",
	"saudarakandung": "saudara_kandung", "saudara": "saudara_kandung", "kakak": "saudara_kandung", "adik": "saudara_kandung",
	"abang": "saudara_kandung", "uda": "saudara_kandung", "uni": "saudara_kandung",
	"mertua": "mertua",
}

// ParseHeirRelation reads a hubungan cell: a relation code or a word for
// it.
func ParseHeirRelation(s string) (string, bool) {
	k := headerKey(s)
	for _, c := range HeirRelations {
		if k == headerKey(c) {
			return c, true
		}
	}
	c, ok := relationWords[k]
	return c, ok
}

// RowOutcome is what importing one row of a members' file did.
type RowOutcome string

// The outcomes of a row of a members' import; messages
// "import.line.<outcome>" say them.
const (
	RowImported   RowOutcome = "diimpor"         // a new registration
	RowRegistered RowOutcome = "sudah_terdaftar" // the NIK is registered already
	RowDuplicate  RowOutcome = "ganda"           // the NIK came earlier in the file
	RowRefused    RowOutcome = "ditolak"         // Problem says why
)

// RowOutcomes lists the outcomes in the order a summary counts them.
var RowOutcomes = []RowOutcome{RowImported, RowRegistered, RowDuplicate, RowRefused}

// RowLine is one row's outcome, as staff are shown it: the NIK masked,
// the new registration's number.
type RowLine struct {
	Line    int
	NIK     string // masked; "" when unreadable
	Number  string
	Active  bool // imported with an active membership
	Outcome RowOutcome
	Problem string // for RowRefused: the row's message ID
	Data    map[string]any
}

// RowReport is what importing a members' file did, row by row.
type RowReport struct {
	Lines  []RowLine
	Counts map[RowOutcome]int
	Active int // of the imported, how many arrived aktif
}

// Add records a row's outcome.
func (r *RowReport) Add(l RowLine) {
	if r.Counts == nil {
		r.Counts = map[RowOutcome]int{}
	}
	r.Lines = append(r.Lines, l)
	r.Counts[l.Outcome]++
	if l.Active && l.Outcome == RowImported {
		r.Active++
	}
}
