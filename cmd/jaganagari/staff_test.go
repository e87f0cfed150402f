package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/jaganagari/jaganagari/internal/postgres/pgtest"
)

// cli runs the jaganagari command line against a fresh test schema and
// returns a function that runs one command in it.
func cli(t *testing.T) func(args ...string) (string, int) {
	t.Helper()
	env := map[string]string{"DATABASE_URL": schemaURL(t, pgtest.New(t))}
	return func(args ...string) (string, int) {
		var out, errOut bytes.Buffer
		code := realMain(context.Background(), args, func(k string) string { return env[k] }, &out, &errOut)
		return out.String() + errOut.String(), code
	}
}

func TestStaffCommandLine(t *testing.T) {
	t.Parallel()
	run := cli(t)

	out, code := run("invite", "--role", "admin-kabupaten")
	if code != 0 || !strings.Contains(out, "/petugas ") {
		t.Fatalf("invite admin: %d %s", code, out)
	}
	out, code = run("invite", "--role", "petugas-nagari", "--nagari", "Koto Laweh")
	if code == 0 || !strings.Contains(out, "13.02.06.2003") || !strings.Contains(out, "13.02.09.2008") {
		t.Errorf("an ambiguous name should fail naming both codes: %d %s", code, out)
	}
	out, code = run("invite", "--role", "petugas-nagari", "--nagari", "13.02.04.2001")
	if code != 0 || !strings.Contains(out, "Alahan Panjang") {
		t.Errorf("invite nagari by code: %d %s", code, out)
	}
	if _, code = run("invite", "--role", "petugas-nagari"); code != 2 {
		t.Errorf("invite without an area: exit %d, want 2", code)
	}

	out, code = run("nagari", "set", "Lolo", "--participating", "--quota", "40")
	if code != 0 || !strings.Contains(out, "13.02.03.2001 Lolo") || !strings.Contains(out, "participating=true quota=40") {
		t.Errorf("nagari set: %d %s", code, out)
	}
	out, code = run("nagari", "set", "Lolo", "--contact", "Kantor Wali Nagari Lolo, 0812 0000 1111")
	if code != 0 || !strings.Contains(out, `quota=40`) || !strings.Contains(out, `contact="Kantor Wali Nagari Lolo, 0812 0000 1111"`) {
		t.Errorf("nagari set --contact: %d %s", code, out)
	}
	out, code = run("nagari", "set", "Lolo", "--quota", "40")
	if code != 0 || !strings.Contains(out, `contact="Kantor Wali Nagari Lolo, 0812 0000 1111"`) {
		t.Errorf("a nagari set without --contact changed the contact: %d %s", code, out)
	}
	out, code = run("coverage")
	if code != 0 || !strings.Contains(out, "12/74") || !strings.Contains(out, "Pantai Cermin") {
		t.Errorf("coverage: %d %s", code, out)
	}
	out, code = run("audit", "--nagari", "13.02.03.2001")
	if code != 0 || !strings.Contains(out, "nagari.set") || !strings.Contains(out, `"quota": "40"`) {
		t.Errorf("audit: %d %s", code, out)
	}

	file := filepath.Join(t.TempDir(), "lolo.xlsx")
	out, code = run("export", "--nagari", "13.02.03.2001", "--format", "xlsx", "--out", file)
	if code != 0 || !strings.Contains(out, "0 verified workers") {
		t.Fatalf("export: %d %s", code, out)
	}
	f, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil || len(rows) != 1 || rows[0][0] != "NIK" || rows[0][1] != "Nama sesuai KTP" {
		t.Errorf("exported sheet %q %v", rows, err)
	}
	out, code = run("export", "--nagari", "Lolo", "--format", "csv", "--out", "-")
	if code != 0 || !strings.HasPrefix(out, "\uFEFFNIK;Nama sesuai KTP;Tanggal lahir") {
		t.Errorf("csv export: %d %s", code, out)
	}

	out, code = run("staff", "list")
	if code != 0 || !strings.Contains(out, "ROLE") {
		t.Errorf("staff list: %d %s", code, out)
	}
	if out, code = run("staff", "revoke", "999"); code != 1 {
		t.Errorf("revoking a missing binding: %d %s", code, out)
	}
}
