package bot_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"

	"github.com/jaganagari/jaganagari/bot"
	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/notify"
	"github.com/jaganagari/jaganagari/internal/postgres"
)

func init() {
	for _, k := range []string{"Item", "Checklist", "Missing", "Kind"} {
		anyData[k] = anyValue
	}
}

// reminders counts the reporters' reminders of missing documents written.
func (e *claimsEnv) docReminders() int {
	return count(e.harness, `select count(*) from outbox where kind = 'report.documents_missing'`)
}

// createdAt is when a seeded report was made, which its reminders count from.
func (e *claimsEnv) createdAt(id int64) time.Time {
	e.t.Helper()
	var at time.Time
	if err := e.pool.QueryRow(e.t.Context(), `select created_at from reports where id = $1`, id).Scan(&at); err != nil {
		e.t.Fatal(err)
	}
	return at
}

// TestDocumentChecklist: on a JKK report the reporter sends two documents
// (a photo of the e-KTP, the doctor's letter as a file), which reach the
// officer; the officer ticks them, and the report view shows what is still
// missing. A missing document reminds the reporter on the test clock once
// (not again in the same period, nor by a restarted sender); a complete
// checklist stops the reminders.
func TestDocumentChecklist(t *testing.T) {
	t.Parallel()
	e := newClaimsEnv(t)
	staff := officer(e.harness, 31001, domain.RoleNagari, nagariA)
	reporter := e.user(31101)
	// Taken up already, so the tahap I reminders keep out of the staff chat.
	id := seedReport(e.harness, "JKK-2026-000031", "jkk", nagariA, reporter, "ditindaklanjuti")

	data := "rep.docs|JKK-2026-000031"
	e.pressData(reporter, postButton(e.harness, reporter, data), data)
	if list := next(t, e.harness, reporter); !strings.HasPrefix(list.Text, "Dokumen untuk laporan JKK-2026-000031 (kecelakaan kerja):\n⬜ Kartu peserta") {
		t.Fatalf("checklist %q", list.Text)
	}
	pick := e.expect(reporter, "docs.pick.ask")
	e.press(reporter, pick, "doc.item.ktp")
	if ask := e.expect(reporter, "docs.file.ask"); !strings.Contains(ask.Text, "e-KTP peserta untuk laporan JKK-2026-000031 (kecelakaan kerja)") {
		t.Errorf("the prompt does not name the report: %q", ask.Text)
	}
	if _, err := e.api.SendPhoto(reporter, ""); err != nil {
		t.Fatal(err)
	}
	saved := e.expect(reporter, "docs.saved")
	e.press(reporter, saved, "docs.other")
	e.press(reporter, e.expect(reporter, "docs.pick.ask"), "doc.item.surat_dokter")
	e.expect(reporter, "docs.file.ask")
	if _, err := e.api.SendDocument(reporter, "surat-rs.pdf", []byte("%PDF-1.4 surat")); err != nil {
		t.Fatal(err)
	}
	e.press(reporter, e.expect(reporter, "docs.saved"), "rep.photos.done")
	e.expect(reporter, "docs.bye")
	e.expect(reporter, "menu.ask")
	if n := count(e.harness, `select count(*) from report_documents where report_id = $1 and state = 'received' and by_chat = $2 and staff_id is null`, id, reporter); n != 2 {
		t.Fatalf("%d documents received from the reporter", n)
	}

	// The officer is sent both: the photo as a photo, the PDF as a document.
	// (A notice is due from the real time it was written.)
	// Each chat is paced on the sender's clock, so it moves on between rounds.
	e.clock.Set(time.Now())
	for range 4 {
		e.deliver()
		e.clock.Add(time.Second)
	}
	staffNotice(t, e.harness, staff, "Pelapor mengirim e-KTP peserta untuk laporan JKK-2026-000031")
	staffNotice(t, e.harness, staff, "Pelapor mengirim Surat keterangan dokter atau rumah sakit untuk laporan JKK-2026-000031")
	if n := callsTo(e.harness, "sendDocument", staff); n != 1 {
		t.Errorf("%d documents sent to the officer", n)
	}
	if n := callsTo(e.harness, "sendPhoto", staff); n != 1 {
		t.Errorf("%d photos sent to the officer", n)
	}

	// The officer ticks both; the view shows the four still missing.
	if view := e.open(staff, id); !strings.Contains(view.Text, "Dokumen: 0 dari 6 lengkap.") {
		t.Errorf("view before ticking: %q", view.Text)
	}
	list := e.openDocs(staff, id)
	e.press(staff, list, "📨 e-KTP peserta")
	list = e.expect(staff, "docs.staff.list")
	e.press(staff, list, "📨 Surat keterangan dokter atau rumah sakit")
	list = e.expect(staff, "docs.staff.list")
	want := "Dokumen: 2 dari 6 lengkap. Belum: Kartu peserta BPJS Ketenagakerjaan, Kronologi kejadian tertulis, e-KTP 2 orang saksi, Kuitansi asli biaya berobat."
	if view := e.open(staff, id); !strings.Contains(view.Text, want) {
		t.Errorf("view after ticking: %q\nwant %q", view.Text, want)
	}
	if got := auditActions(e.harness, "report", "JKK-2026-000031"); len(got) != 2 || !strings.HasPrefix(got[0], "report.document") {
		t.Errorf("audit %q", got)
	}

	// A reminder 3 days after the report, once.
	first := e.createdAt(id).Add(domain.DocReminderFirst)
	e.clock.Set(first.Add(-time.Minute))
	e.deliver()
	if n := e.docReminders(); n != 0 {
		t.Fatalf("%d reminders before they were due", n)
	}
	e.clock.Set(first)
	e.deliver()
	if n := e.docReminders(); n != 1 {
		t.Fatalf("%d reminders when due", n)
	}
	reminder := next(t, e.harness, reporter)
	if !strings.HasPrefix(reminder.Text, "Pengingat: laporan JKK-2026-000031 (kecelakaan kerja) masih kekurangan 4 dokumen") {
		t.Errorf("reminder %q", reminder.Text)
	}
	e.button(reminder, "docs.button")
	e.clock.Add(24 * time.Hour)
	e.deliver()
	restarted := e.newSender()
	if _, err := restarted.RunOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := e.docReminders(); n != 1 {
		t.Fatalf("%d reminders after a day and a restart, want 1", n)
	}

	// The officer ticks the rest (pressing the 📎 of one and sending its
	// file first); the week after, there is nothing to remind of.
	e.pressData(staff, list, e.buttonWithValue(list, "staff.docf|"+strconv.FormatInt(id, 10)+":kartu"))
	if ask := e.expect(staff, "docs.file.ask"); !strings.Contains(ask.Text, "JKK-2026-000031") {
		t.Errorf("officer's prompt %q", ask.Text)
	}
	if _, err := e.api.SendPhoto(staff, ""); err != nil {
		t.Fatal(err)
	}
	e.expect(staff, "docs.staff.saved")
	list = e.expect(staff, "docs.staff.list")
	for _, label := range []string{"📨 Kartu peserta BPJS Ketenagakerjaan", "⬜ Kronologi kejadian tertulis", "⬜ e-KTP 2 orang saksi", "⬜ Kuitansi asli biaya berobat"} {
		e.press(staff, list, label)
		list = e.expect(staff, "docs.staff.list")
	}
	if !strings.Contains(list.Text, "Semua sudah lengkap.") {
		t.Errorf("list %q", list.Text)
	}
	if n := count(e.harness, `select count(*) from report_documents where report_id = $1 and item = 'kartu' and staff_id is not null and cardinality(files) = 1`, id); n != 1 {
		t.Error("the officer's file was not kept under the officer")
	}
	e.clock.Add(domain.DocReminderEvery + time.Hour)
	e.deliver()
	if n := e.docReminders(); n != 1 {
		t.Errorf("%d reminders after the checklist was complete", n)
	}
}

// TestDocumentRemindersStop: an incomplete checklist is reminded of at
// most domain.DocReminderMax times, and never once the report is closed.
func TestDocumentRemindersStop(t *testing.T) {
	t.Parallel()
	e := newClaimsEnv(t)
	officer(e.harness, 32001, domain.RoleNagari, nagariA)
	id := seedReport(e.harness, "JKM-2026-000032", "jkm", nagariA, e.user(32101), "ditindaklanjuti")
	closed := seedReport(e.harness, "JKM-2026-000033", "jkm", nagariA, e.user(32102), "ditolak")
	e.clock.Set(e.createdAt(id).Add(domain.DocReminderFirst))
	for range 6 {
		e.deliver()
		e.clock.Add(domain.DocReminderEvery)
	}
	// Counted on the reports: the sender prunes delivered notices after 30 days.
	if n := count(e.harness, `select doc_reminders from reports where id = $1`, id); n != domain.DocReminderMax {
		t.Errorf("%d reminders, want %d", n, domain.DocReminderMax)
	}
	if n := len(e.told(32101)); n != domain.DocReminderMax {
		t.Errorf("the reporter was told %d times, want %d", n, domain.DocReminderMax)
	}
	if n := count(e.harness, `select doc_reminders from reports where id = $1`, closed); n != 0 || len(e.told(32102)) != 0 {
		t.Errorf("a rejected report was reminded of %d times", n)
	}
}

// TestPhotoToClosedReportRefused: "📷 Tambah foto" and "📎 Kirim dokumen"
// on a closed report are refused, naming it, before a photo is asked for;
// a report closed after a document was picked refuses the photo sent
// then. The bot never fetches a refused file from Telegram (no getFile)
// and keeps nothing.
func TestPhotoToClosedReportRefused(t *testing.T) {
	t.Parallel()
	e := newClaimsEnv(t)
	officer(e.harness, 33001, domain.RoleNagari, nagariA)
	reporter := e.user(33101)
	done := seedReport(e.harness, "JKK-2026-000034", "jkk", nagariA, reporter, "selesai")

	for _, data := range []string{"rep.more|JKK-2026-000034", "rep.docs|JKK-2026-000034"} {
		e.pressData(reporter, postButton(e.harness, reporter, data), data)
		refused := e.expect(reporter, "docs.closed")
		if !strings.Contains(refused.Text, "Laporan JKK-2026-000034 (kecelakaan kerja) sudah ditutup") {
			t.Errorf("refusal %q", refused.Text)
		}
		e.expect(reporter, "menu.ask")
	}
	// A photo sent anyway is not taken for any report.
	if _, err := e.api.SendPhoto(reporter, ""); err != nil {
		t.Fatal(err)
	}
	next(t, e.harness, reporter)
	e.expect(reporter, "menu.ask")

	open := seedReport(e.harness, "JKK-2026-000035", "jkk", nagariA, reporter, "baru")
	data := "rep.docs|JKK-2026-000035"
	e.pressData(reporter, postButton(e.harness, reporter, data), data)
	e.expect(reporter, "docs.list")
	e.press(reporter, e.expect(reporter, "docs.pick.ask"), "doc.item.kartu")
	e.expect(reporter, "docs.file.ask")
	if _, err := e.pool.Exec(t.Context(), `update reports set stage = 'ditolak', reject_reason = 'ganda' where id = $1`, open); err != nil {
		t.Fatal(err)
	}
	if _, err := e.api.SendDocument(reporter, "kartu.pdf", []byte("%PDF kartu")); err != nil {
		t.Fatal(err)
	}
	if refused := e.expect(reporter, "docs.closed"); !strings.Contains(refused.Text, "JKK-2026-000035") {
		t.Errorf("refusal %q", refused.Text)
	}

	if n := len(e.api.CallsTo("getFile")); n != 0 {
		t.Errorf("%d getFile calls for refused files", n)
	}
	if n := count(e.harness, `select count(*) from report_documents where report_id in ($1, $2)`, done, open); n != 0 {
		t.Errorf("%d documents kept on closed reports", n)
	}
	if n := count(e.harness, `select count(*) from reports where id in ($1, $2) and cardinality(photos) > 0`, done, open); n != 0 {
		t.Error("photos kept on a closed report")
	}
}

// openDocs opens report id's checklist from its view, as staff do.
func (e *claimsEnv) openDocs(staff, id int64) botapiMessage {
	e.t.Helper()
	view := e.open(staff, id)
	e.press(staff, view, "docs.staff.button")
	return e.expect(staff, "docs.staff.list")
}

// newSender is a second sender on the same outbox and clock: a restart.
func (e *claimsEnv) newSender() *notify.Sender {
	e.t.Helper()
	tg, err := tgbot.New(token, tgbot.WithServerURL(e.apiURL), tgbot.WithSkipGetMe())
	if err != nil {
		e.t.Fatal(err)
	}
	signer := bot.SignerForToken(token)
	s, err := notify.New(notify.Options{
		API: tg, Queue: postgres.NewOutbox(e.pool), Renderer: e.render, Signer: &signer,
		ChatGap: time.Millisecond, GroupGap: time.Millisecond, Now: e.clock.Now,
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return s
}

// callsTo counts the successful calls of method to chat.
func callsTo(h *harness, method string, chat int64) int {
	n := 0
	for _, c := range h.api.CallsTo(method) {
		if c.OK() && c.Params["chat_id"] == strconv.FormatInt(chat, 10) {
			n++
		}
	}
	return n
}
