package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/export"
	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/postgres/pgtest"
	"github.com/jaganagari/jaganagari/internal/seal"
)

// memberRow is generated member i of Alahan Panjang, valid, under
// domain.ImportTemplateColumns: born 1960 plus i×29 days, a woman when i
// is odd, every fifth with a BPJS card and a cover start.
func memberRow(i int) []string {
	birth := time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i*29)
	day, gender := birth.Day(), "L"
	if i%2 == 1 {
		day, gender = day+40, "P"
	}
	nik := fmt.Sprintf("130204%02d%02d%02d%04d", day, birth.Month(), birth.Year()%100, i+1)
	name := "Pekerja " + string(rune('A'+i%26)) + strings.Repeat(string(rune('a'+i/26%26)), 2)
	row := []string{nik, name, birth.Format("02-01-2006"), gender, "Jorong Koto Baru", "Alahan Panjang", "Lembah Gumanti",
		"Petani", fmt.Sprintf("0812%08d", i), "Rosna", "Ahmad", "anak", "", "", ""}
	if i%5 == 0 {
		row[12], row[13] = fmt.Sprintf("99%09d", i), "01-08-2025"
	}
	return row
}

// badEdits spoil a row for each reason, and say what the report must say.
var badEdits = []struct {
	reason string
	edit   func(row []string)
}{
	{"NIK harus 16 angka", func(r []string) { r[0] = r[0][:15] }},
	{"tanggal lahir belum terjadi", func(r []string) { r[2] = "01-01-2099" }},
	{"nomor HP tidak sesuai", func(r []string) { r[8] = "0755 123" }},
	{"bukan nagari yang diimpor", func(r []string) { r[5] = "Koto Laweh" }},
	{"nama kosong", func(r []string) { r[1] = "" }},
	{"sudah ada di baris sebelumnya", func(r []string) { copy(r, memberRow(0)) }},
	{"jenis kelamin tidak cocok dengan NIK", func(r []string) { r[3] = map[string]string{"L": "P", "P": "L"}[r[3]] }},
	{"hubungan ahli waris tidak dikenal", func(r []string) { r[11] = "tetangga" }},
	{"tanggal mulai kepesertaan kosong", func(r []string) { r[12], r[13] = "12345678901", "" }},
	{"tanggal lahir tidak cocok dengan NIK", func(r []string) { r[2] = "31-12-1959" }},
}

// TestImportRegistrationsCommandLine imports a generated list of 500
// members with 20 bad rows: 480 are imported, the 20 reported by line and
// reason; every fifth good row is aktif, the others ready for /ajukan;
// nothing of the NIK is in the table in the clear; the import is audited.
// The same list again, as XLSX, imports nothing and reports duplicates.
// The shipped template is what `import template` writes and imports.
func TestImportRegistrationsCommandLine(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	env := map[string]string{"DATABASE_URL": schemaURL(t, pool)}
	run := func(args ...string) (string, int) {
		var out bytes.Buffer
		code := realMain(context.Background(), args, func(k string) string { return env[k] }, &out, &out)
		return out.String(), code
	}
	table := export.Table{Sheet: "Peserta", Columns: domain.ImportTemplateColumns(), TextColumns: []int{0, 8, 12}}
	bad := map[int]string{} // file line → reason
	active := 0
	for i := range 500 {
		row := memberRow(i)
		if i >= 10 && (i-10)%24 == 0 && len(bad) < 20 {
			e := badEdits[len(bad)%len(badEdits)]
			e.edit(row)
			bad[i+2] = e.reason
		} else if i%5 == 0 {
			active++
		}
		table.Rows = append(table.Rows, row)
	}
	if len(bad) != 20 {
		t.Fatalf("%d bad rows generated", len(bad))
	}
	dir := t.TempDir()
	csvData, err := export.WriteCSV(table)
	if err != nil {
		t.Fatal(err)
	}
	xlsxData, err := export.WriteXLSX(table)
	if err != nil {
		t.Fatal(err)
	}
	csvFile, xlsxFile := filepath.Join(dir, "peserta.csv"), filepath.Join(dir, "peserta.xlsx")
	os.WriteFile(csvFile, csvData, 0o600)
	os.WriteFile(xlsxFile, xlsxData, 0o600)

	out, code := run("import", "registrations", csvFile, "--nagari", "Alahan Panjang")
	if code != 0 {
		t.Fatalf("import: %d %s", code, out)
	}
	if !strings.Contains(out, "500 rows for Alahan Panjang (13.02.04.2001): diimpor 480, sudah_terdaftar 0, ganda 2, ditolak 18; aktif "+fmt.Sprint(active)) {
		t.Fatalf("summary: %s", lastLine(out))
	}
	lines := map[string]string{}
	for _, l := range strings.Split(out, "\n") {
		if m := regexp.MustCompile(`^Baris (\d+)`).FindStringSubmatch(l); m != nil {
			lines[m[1]] = l
		}
	}
	for line, reason := range bad {
		if got := lines[fmt.Sprint(line)]; !strings.Contains(got, reason) {
			t.Errorf("line %d reported as %q, want the reason %q", line, got, reason)
		}
	}
	if got := lines["3"]; !strings.Contains(got, "diimpor") || !regexp.MustCompile(`REG-\d{4}-\d{6}`).MatchString(got) {
		t.Errorf("a good line: %q", got)
	}

	var n, aktif, chatless, impor, verified, funded, enteredByCLI int
	err = pool.QueryRow(t.Context(), `
		select count(*), count(*) filter (where membership_state = 'aktif' and kpj_sealed is not null and batch_id is null),
		       count(*) filter (where chat_id is null), count(*) filter (where consent_mode = 'impor' and consent_witness is null),
		       count(*) filter (where status = 'terverifikasi' and decided_by is null),
		       count(*) filter (where covered_at is not null), count(*) filter (where entered_by_chat = 0)
		from registrations`).Scan(&n, &aktif, &chatless, &impor, &verified, &funded, &enteredByCLI)
	if err != nil {
		t.Fatal(err)
	}
	if n != 480 || aktif != active || chatless != 480 || impor != 480 || verified != 480 || funded != 480 || enteredByCLI != 480 {
		t.Errorf("rows %d, aktif %d (want %d), chatless %d, impor %d, verified %d, funded %d, by the CLI %d",
			n, aktif, active, chatless, impor, verified, funded, enteredByCLI)
	}
	// Sealed at rest: neither the NIK nor the phone is anywhere in a row.
	first := memberRow(1)
	var plain int
	if err := pool.QueryRow(t.Context(), `select count(*) from registrations r where r::text like '%' || $1 || '%' or r::text like '%' || $2 || '%'`,
		first[0], first[8][1:]).Scan(&plain); err != nil || plain != 0 {
		t.Errorf("%d rows hold the NIK or phone in the clear (%v)", plain, err)
	}
	store := postgres.NewStore(pool, seal.Dev())
	if ready, _, err := store.ReadyForBatch(t.Context(), "13.02.04.2001"); err != nil || ready != 480-active {
		t.Errorf("ready for /ajukan: %d (%v), want %d", ready, err, 480-active)
	}
	var audited int
	if err := pool.QueryRow(t.Context(), `
		select count(*) from audit_log where actor = 'cli' and action = 'registration.import' and record_id = 'peserta.csv'
		  and nagari_code = '13.02.04.2001' and after->>'diimpor' = '480' and after->>'ditolak' = '18'`).Scan(&audited); err != nil || audited != 1 {
		t.Errorf("audit rows %d (%v)", audited, err)
	}

	out, code = run("import", "registrations", xlsxFile, "--nagari", "13.02.04.2001")
	if code != 0 || !strings.Contains(out, "500 rows for Alahan Panjang (13.02.04.2001): diimpor 0, sudah_terdaftar 480, ganda 2, ditolak 18") {
		t.Fatalf("import again: %d %s", code, lastLine(out))
	}
	if !strings.Contains(out, "Baris 3 · 1302********0002: NIK ini sudah terdaftar") {
		t.Errorf("a registered line is not reported: %s", out[:min(len(out), 400)])
	}
	if err := pool.QueryRow(t.Context(), `select count(*) from registrations`).Scan(&n); err != nil || n != 480 {
		t.Errorf("after the second import: %d rows (%v)", n, err)
	}

	out, code = run("import", "registrations", csvFile, "--nagari", "Nagari Entah")
	if code != 1 || !strings.Contains(out, "not found") {
		t.Errorf("unknown nagari: %d %s", code, out)
	}
	missing := filepath.Join(dir, "missing.csv")
	os.WriteFile(missing, []byte("NIK;Nama\r\n1302041203850001;Rajo\r\n"), 0o600)
	if out, code := run("import", "registrations", missing, "--nagari", "13.02.04.2001"); code != 1 || !strings.Contains(out, "tidak punya kolom: Tanggal lahir") {
		t.Errorf("missing columns: %d %s", code, out)
	}
	if out, code := run("import", "registrations", csvFile); code != 2 || !strings.Contains(out, "import registrations FILE") {
		t.Errorf("without --nagari: %d %s", code, out)
	}

	tmpl := filepath.Join(dir, "template.csv")
	if out, code := run("import", "template", "--out", tmpl); code != 0 {
		t.Fatalf("template: %d %s", code, out)
	}
	got, _ := os.ReadFile(tmpl)
	shipped, err := os.ReadFile("../../templates/impor-peserta.csv")
	if err != nil || !bytes.Equal(got, shipped) {
		t.Errorf("templates/impor-peserta.csv is not what `import template` writes (%v)", err)
	}
	// The template's example rows, left in by mistake, are nobody's: each
	// is refused by its line, and nothing is imported.
	if out, code := run("import", "registrations", tmpl, "--nagari", "13.02.04.2001"); code != 0 ||
		!strings.Contains(out, "diimpor 0, sudah_terdaftar 0, ganda 0, ditolak 2") ||
		!strings.Contains(out, "Baris 2 · 1302********9999: ini baris contoh dari templat") {
		t.Errorf("the template's rows: %d %s", code, out)
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
