package bot_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/export"
)

// awaitPrefix waits for a message of the bot to user, after the one with
// ID after, that starts with prefix.
func (h *harness) awaitPrefix(user int64, after int, prefix string) botapiMessage {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(h.t.Context(), 10*time.Second)
	defer cancel()
	m, err := h.api.WaitMessage(ctx, user, func(m botapiMessage) bool { return m.ID > after && m.FromBot && strings.HasPrefix(m.Text, prefix) })
	if err != nil {
		h.t.Fatalf("waiting for %q: %v\nchat so far:\n%s", prefix, err, h.dump(user))
	}
	return m
}

// TestImportMembersThroughTelegram: a nagari officer's list captioned
// "impor Alahan Panjang" is refused and stores nothing; a regency admin's
// is imported (a member aktif with a card, one ready for a batch, a bad
// phone and a repeated NIK reported by line) under the admin's chat and
// binding, audited; the same file again imports nothing; a caption
// without a nagari asks for one.
func TestImportMembersThroughTelegram(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := officer(h, 7401, domain.RoleAdmin, "")
	nagariOfficer := officer(h, 7402, domain.RoleNagari, nagariA)

	row := func(nik, birth, gender, phone, kpj, start string) []string {
		return []string{nik, "Siti Rahmah", birth, gender, "Jorong Koto Baru", "Alahan Panjang", "", "petani", phone,
			"", "Ahmad", "suami", kpj, start, ""}
	}
	list, err := export.WriteCSV(export.Table{Sheet: "Peserta", Columns: domain.ImportTemplateColumns(), TextColumns: []int{0, 8, 12},
		Rows: [][]string{
			row("1302044505800001", "05-05-1980", "P", "081234567001", "12345678901", "01-08-2025"),
			row("1302040603750002", "6 Maret 1975", "L", "081234567002", "", ""),
			row("1302044505800003", "05-05-1980", "P", "0755 123", "", ""),
			row("1302044505800001", "05-05-1980", "P", "081234567001", "", ""),
		}})
	if err != nil {
		t.Fatal(err)
	}

	before := h.lastID(nagariOfficer)
	if _, err := h.api.SendCaptionedDocument(nagariOfficer, "peserta.csv", list, "impor Alahan Panjang"); err != nil {
		t.Fatal(err)
	}
	h.awaitPrefix(nagariOfficer, before, h.text("import.denied", nil))
	if n := count(h, `select count(*) from registrations`); n != 0 {
		t.Fatalf("a nagari officer's list stored %d registrations", n)
	}

	before = h.lastID(admin)
	if _, err := h.api.SendCaptionedDocument(admin, "peserta.csv", list, "impor Alahan Panjang"); err != nil {
		t.Fatal(err)
	}
	report := h.awaitPrefix(admin, before, "📥 Daftar peserta Nagari Alahan Panjang")
	for _, want := range []string{"dibaca: 4 baris", "Diimpor: 2 (sudah aktif di BPJS: 1)", "Ganda di berkas: 1", "Ditolak: 1",
		"Baris 4 · 1302********0003: nomor HP tidak sesuai", "Baris 5 · 1302********0001: NIK ini sudah ada di baris sebelumnya",
		"Baris 2 · 1302********0001 · REG-"} {
		if !strings.Contains(report.Text, want) {
			t.Errorf("report lacks %q:\n%s", want, report.Text)
		}
	}
	if n := count(h, `
		select count(*) from registrations r join staff s on s.id = r.decided_by and s.chat_id = $1
		where r.chat_id is null and r.entered_by_chat = 0 and r.consent_mode = 'impor' and r.status = 'terverifikasi'
		  and r.covered_at is not null and r.nagari_code = $2`, admin, nagariA); n != 2 {
		t.Errorf("%d imported registrations under the admin, want 2", n)
	}
	if n := count(h, `select count(*) from registrations where membership_state = 'aktif' and kpj_sealed is not null`); n != 1 {
		t.Errorf("%d aktif, want 1", n)
	}
	if n := count(h, `select count(*) from audit_log where actor = $1 and action = 'registration.import' and record_id = 'peserta.csv'
		and after->>'diimpor' = '2' and after->>'ganda' = '1' and after->>'ditolak' = '1'`, "chat:"+strconv.FormatInt(admin, 10)); n != 1 {
		t.Errorf("%d audit rows of the import", n)
	}

	before = h.lastID(admin)
	if _, err := h.api.SendCaptionedDocument(admin, "peserta.csv", list, "impor 13.02.04.2001"); err != nil {
		t.Fatal(err)
	}
	again := h.awaitPrefix(admin, before, "📥 Daftar peserta Nagari Alahan Panjang")
	if !strings.Contains(again.Text, "Diimpor: 0") || !strings.Contains(again.Text, "Sudah terdaftar: 2") {
		t.Errorf("second import:\n%s", again.Text)
	}
	if n := count(h, `select count(*) from registrations`); n != 2 {
		t.Errorf("%d registrations after the second import, want 2", n)
	}

	// Without a nagari in the caption, the admin picks it; the file is
	// the one sent.
	before = h.lastID(admin)
	if _, err := h.api.SendCaptionedDocument(admin, "peserta.csv", list, "impor"); err != nil {
		t.Fatal(err)
	}
	kec := h.awaitPrefix(admin, before, strings.Split(h.text("import.kecamatan.ask", nil), "\n")[0])
	h.pressData(admin, kec, h.buttonWithValue(kec, "import.kecamatan|13.02.04"))
	nag := h.awaitPrefix(admin, kec.ID, h.text("import.nagari.ask", nil))
	h.pressData(admin, nag, h.buttonWithValue(nag, "import.nagari|"+nagariA))
	picked := h.awaitPrefix(admin, nag.ID, "📥 Daftar peserta Nagari Alahan Panjang")
	if !strings.Contains(picked.Text, "Sudah terdaftar: 2") {
		t.Errorf("import after the pick:\n%s", picked.Text)
	}
}
