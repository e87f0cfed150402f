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
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/postgres/pgtest"
	"github.com/jaganagari/jaganagari/internal/seal"
)

// TestBPJSCommandLine makes a batch from the command line (counted first,
// made with --yes), exports it again to the same bytes, imports BPJS's
// answer, refuses a file without its columns, and writes the template
// shipped in templates/.
func TestBPJSCommandLine(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	env := map[string]string{"DATABASE_URL": schemaURL(t, pool)}
	run := func(args ...string) (string, int) {
		var out bytes.Buffer
		code := realMain(context.Background(), args, func(k string) string { return env[k] }, &out, &out)
		return out.String(), code
	}
	store := postgres.NewStore(pool, seal.Dev())
	for i := 1; i <= 2; i++ {
		r := domain.Registration{
			NIK: domain.NIK(fmt.Sprintf("130204120385%04d", i)), Name: "Rajo Ameh", BirthDate: time.Date(1985, 3, 12, 0, 0, 0, 0, time.UTC),
			Gender: domain.Male, Address: "Jorong Koto Baru", NagariCode: "13.02.04.2001", Occupation: "petani",
			Phone: "+6281234567890", HeirName: "Siti Nurbaya", HeirRelation: "anak", ConsentVersion: "2026-12-v2",
			ConsentAt: time.Now().Add(-time.Minute),
		}
		res, err := store.Apply(t.Context(), int64(910000+i), []engine.Effect{engine.SubmitRegistration{Key: fmt.Sprint("cli-", i), Registration: r}})
		if err != nil || res[0].Err != "" {
			t.Fatalf("submit: %v %+v", err, res)
		}
	}
	if _, err := pool.Exec(t.Context(), `update registrations set status = 'terverifikasi', covered_at = now()`); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()

	out, code := run("bpjs", "batch", "--nagari", "Alahan Panjang")
	if code != 0 || !strings.Contains(out, "2 workers of Alahan Panjang would go") {
		t.Fatalf("count: %d %s", code, out)
	}
	out, code = run("bpjs", "batch", "--nagari", "13.02.04.2001", "--yes", "--dir", dir)
	number := regexp.MustCompile(`AJU-\d{4}-\d{5}`).FindString(out)
	if code != 0 || number == "" || !strings.Contains(out, "2 workers") {
		t.Fatalf("batch: %d %s", code, out)
	}
	out, code = run("bpjs", "batch", "--nagari", "13.02.04.2001", "--yes", "--dir", dir)
	if code != 0 || !strings.Contains(out, "no worker") {
		t.Errorf("second batch: %d %s", code, out)
	}
	for _, ext := range []string{".xlsx", ".csv"} {
		again := filepath.Join(dir, "again"+ext)
		if out, code := run("bpjs", "export", number, "--out", again); code != 0 {
			t.Fatalf("export: %d %s", code, out)
		}
		first, _ := os.ReadFile(filepath.Join(dir, number+ext))
		second, _ := os.ReadFile(again)
		if len(first) == 0 || !bytes.Equal(first, second) {
			t.Errorf("%s exported again differs from the batch's file (%d and %d bytes)", ext, len(first), len(second))
		}
	}

	answer := filepath.Join(dir, "hasil.csv")
	os.WriteFile(answer, []byte("NIK;Nomor KPJ;Status;Tanggal mulai\r\n=\"1302041203850001\";12345678901;diterima;01-08-2026\r\n1302041203850002;;ditolak;\r\n"), 0o600)
	out, code = run("bpjs", "import", answer)
	if code != 0 || !strings.Contains(out, "aktif 1, ditolak 1") {
		t.Errorf("import: %d %s", code, out)
	}
	out, code = run("bpjs", "import", answer)
	if code != 0 || !strings.Contains(out, "2 rows: sudah 2") {
		t.Errorf("import again: %d %s", code, out)
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("NIK;Nama\r\n1302041203850001;Rajo\r\n"), 0o600)
	out, code = run("bpjs", "import", bad)
	if code != 1 || !strings.Contains(out, "Nomor KPJ, Status, Tanggal mulai") || !strings.Contains(out, "nothing was changed") {
		t.Errorf("malformed import: %d %s", code, out)
	}

	tmpl := filepath.Join(dir, "template.csv")
	if out, code := run("bpjs", "template", "--out", tmpl); code != 0 {
		t.Fatalf("template: %d %s", code, out)
	}
	got, _ := os.ReadFile(tmpl)
	shipped, err := os.ReadFile("../../templates/bpjs-hasil.csv")
	if err != nil || !bytes.Equal(got, shipped) {
		t.Errorf("templates/bpjs-hasil.csv is not what `bpjs template` writes (%v)", err)
	}
	if out, code := run("bpjs", "template", "--out", filepath.Join(dir, "template.xlsx")); code != 0 {
		t.Errorf("xlsx template: %d %s", code, out)
	}
}
