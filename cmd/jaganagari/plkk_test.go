package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The PLKK lists are set from the command line as in the bot: one
// facility a line, the regency's without --nagari, audited as the CLI.
func TestPLKKCommandLine(t *testing.T) {
	t.Parallel()
	run := cli(t)
	dir := t.TempDir()
	file := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}

	out, code := run("plkk", "set", "--file", file("regency.txt", "RSUD Arosuka\n\n2. Puskesmas  Sirukam\n"))
	if code != 0 || !strings.Contains(out, "PLKK Kabupaten Solok set: 2") || !strings.Contains(out, "  Puskesmas Sirukam") {
		t.Errorf("set the regency's: %d %s", code, out)
	}
	out, code = run("plkk", "set", "--nagari", "Alahan Panjang", "--file", file("nagari.txt", "Puskesmas Alahan Panjang"))
	if code != 0 || !strings.Contains(out, "13.02.04.2001 Alahan Panjang set: 1") {
		t.Errorf("set a nagari's: %d %s", code, out)
	}
	out, code = run("plkk", "show", "--nagari", "13.02.04.2001")
	if code != 0 || !strings.Contains(out, "  Puskesmas Alahan Panjang") || strings.Contains(out, "Arosuka") {
		t.Errorf("show a nagari's: %d %s", code, out)
	}
	out, code = run("plkk", "show")
	if code != 0 || !strings.Contains(out, "PLKK Kabupaten Solok: 2") {
		t.Errorf("show the regency's: %d %s", code, out)
	}
	six := file("six.txt", "Klinik A1\nKlinik A2\nKlinik A3\nKlinik A4\nKlinik A5\nKlinik A6")
	if out, code = run("plkk", "set", "--nagari", "13.02.04.2001", "--file", six); code != 1 || !strings.Contains(out, "at most 5") {
		t.Errorf("six for a nagari: %d %s", code, out)
	}
	if out, code = run("plkk", "set", "--file", file("empty.txt", "-")); code != 0 || !strings.Contains(out, "set: 0") {
		t.Errorf("emptied: %d %s", code, out)
	}
	if _, code = run("plkk", "set"); code != 2 {
		t.Errorf("set without a file: exit %d, want 2", code)
	}
	out, code = run("audit")
	if code != 0 || strings.Count(out, "plkk.set") != 3 {
		t.Errorf("audit: %d %s", code, out)
	}
}
