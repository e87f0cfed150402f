package bot_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/seal"
)

// TestMotherNameEndToEnd follows the mother's maiden name, which BPJS
// Ketenagakerjaan asks for its membership data, through every place a
// registration is seen: the form and its summary, /dataku, /ubah, the
// staff's view (the queue and /cari) and the export, and sealed at rest in
// between. A registration from before the question shows it as not filled.
func TestMotherNameEndToEnd(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := t.Context()
	const nik = "1302044505800051"
	worker := h.user(13101)

	fill(h, worker, nik, "")
	summary := h.expect(worker, "reg.summary.ask")
	if line := "Nama ibu kandung: Rosmaniar"; !strings.Contains(summary.Text, line) {
		t.Errorf("the summary lacks %q: %q", line, summary.Text)
	}
	h.press(worker, summary, "reg.summary.submit")
	h.expect(worker, "reg.done")
	h.expect(worker, "menu.ask")

	// Sealed at rest, bound to its column, with the row's key.
	var id int64
	var keyID string
	var sealed []byte
	err := h.pool.QueryRow(ctx, `select id, key_id, mother_name_sealed from registrations where chat_id = $1`, worker).Scan(&id, &keyID, &sealed)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("Rosmaniar")) {
		t.Error("the mother's name is stored in the clear")
	}
	if got, err := seal.Dev().Open(keyID, postgres.FieldMotherName, sealed); err != nil || got != "Rosmaniar" {
		t.Errorf("mother_name_sealed opens to %q (%v)", got, err)
	}

	h.say(worker, "/dataku")
	if my := h.expect(worker, "privacy.show"); !strings.Contains(my.Text, "Rosmaniar") {
		t.Errorf("/dataku lacks the mother's name: %q", my.Text)
	}
	h.expect(worker, "menu.ask")

	// /ubah: the same question, the same rules as the worker's own name.
	h.say(worker, "/ubah")
	h.expect(worker, "fix.intro")
	h.press(worker, h.expect(worker, "fix.summary.ask"), "reg.summary.edit_mother")
	h.expect(worker, "reg.mother.ask")
	h.say(worker, "Rosmaniar 2")
	h.expect(worker, "name.invalid_chars")
	h.expect(worker, "reg.mother.ask")
	h.say(worker, "ROSMANIAR  jamil")
	fixed := h.expect(worker, "fix.summary.ask")
	if !strings.Contains(fixed.Text, "Rosmaniar Jamil") {
		t.Errorf("the correction's summary lacks the new name: %q", fixed.Text)
	}
	h.press(worker, fixed, "fix.summary.submit")
	h.expect(worker, "fix.done")
	if got := auditActions(h, "registration", numberOf(h, id)); !slices.ContainsFunc(got, func(a string) bool { return strings.Contains(a, "mother_name") }) {
		t.Errorf("the audit of the correction does not name the field: %q", got)
	}

	// The staff open it from the queue and find it by NIK.
	staff := officer(h, 13001, domain.RoleNagari, nagariA)
	h.say(staff, "/antrian")
	q := h.expect(staff, "staff.queue.list")
	h.pressData(staff, q, h.buttonWithValue(q, "staff.reg|"+strconv.FormatInt(id, 10)))
	if shown := h.expect(staff, "staff.reg.show"); !strings.Contains(shown.Text, "Rosmaniar Jamil") {
		t.Errorf("the staff's view lacks the mother's name: %q", shown.Text)
	}
	h.say(staff, "/cari "+nik)
	if shown := h.expect(staff, "staff.reg.show"); !strings.Contains(shown.Text, "Rosmaniar Jamil") {
		t.Errorf("/cari lacks the mother's name: %q", shown.Text)
	}
	// A registration from before the question has none, and says so.
	old := seedRegistration(h, h.user(13102), "1302044505800052", nagariA, time.Now().Add(-time.Hour))
	h.say(staff, "/cari 1302044505800052")
	none := "Nama ibu kandung: " + h.text("reg.mother.none", nil)
	if shown := h.expect(staff, "staff.reg.show"); !strings.Contains(shown.Text, none) {
		t.Errorf("a record without the mother's name lacks %q: %q", none, shown.Text)
	}

	// The export's column holds it, in the XLSX and in the CSV.
	verify(h, staff, id)
	verify(h, staff, old)
	h.say(staff, "/ekspor")
	h.expect(staff, "staff.export.done")
	for range 2 {
		doc := h.expectFile(staff, "staff.export.file").Document
		data := h.download(doc.FileID)
		var rows [][]string
		if strings.HasSuffix(doc.FileName, ".csv") {
			r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF"))))
			r.Comma = ';'
			rows, err = r.ReadAll()
		} else {
			f, ferr := excelize.OpenReader(bytes.NewReader(data))
			if ferr != nil {
				t.Fatal(ferr)
			}
			rows, err = f.GetRows(f.GetSheetName(0))
			f.Close()
		}
		if err != nil || len(rows) != 3 {
			t.Fatalf("%s: %d rows (%v), want the header and 2 workers", doc.FileName, len(rows), err)
		}
		c := slices.Index(rows[0], "Nama Ibu Kandung")
		if c < 0 {
			t.Fatalf("%s has no column Nama Ibu Kandung: %q", doc.FileName, rows[0])
		}
		byNIK := map[string]string{}
		for _, row := range rows[1:] {
			byNIK[strings.Trim(row[0], `="`)] = at(row, c)
		}
		if byNIK[nik] != "Rosmaniar Jamil" || byNIK["1302044505800052"] != "" {
			t.Errorf("%s: the mother's names by NIK are %q", doc.FileName, byNIK)
		}
	}
}

// numberOf is registration id's number.
func numberOf(h *harness, id int64) string {
	h.t.Helper()
	var n string
	if err := h.pool.QueryRow(h.t.Context(), `select number from registrations where id = $1`, id).Scan(&n); err != nil {
		h.t.Fatal(err)
	}
	return n
}

// at is row[c], or "" past the row's end: a spreadsheet reader drops
// trailing empty cells.
func at(row []string, c int) string {
	if c < len(row) {
		return row[c]
	}
	return ""
}
