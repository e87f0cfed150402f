package bot_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jaganagari/jaganagari/internal/botapi"
	"github.com/jaganagari/jaganagari/internal/domain"
)

// TestReportWithoutNIKThroughTelegram: a neighbour reports an accident
// without knowing the worker's NIK; the nagari officer is notified with
// the person described, links the report to the right registration by
// NIK, and the report then shows the worker and the cover on the day; the
// reporter is told once, without the NIK, and so is the worker's own chat.
// An officer of another nagari
// cannot link it.
func TestReportWithoutNIKThroughTelegram(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	runSender(t, h)
	officer, stranger := h.user(3201), h.user(3202)
	if _, err := h.pool.Exec(t.Context(), `
		insert into staff (chat_id, role, nagari_code)
		values ($1, 'petugas_nagari', '13.02.04.2001'), ($2, 'petugas_nagari', '13.02.04.2002')`, officer, stranger); err != nil {
		t.Fatal(err)
	}
	// Siti Rahmah (NIK 1302044505800007) is an active member of Alahan Panjang.
	worker := h.user(3203)
	h.registered(worker)
	member(t, h, worker, domain.MembershipActive, today().AddDate(0, -1, 0), today().AddDate(0, 5, 0))
	staffNotice(t, h, officer, "1302********0007")

	neighbour := h.user(3204)
	h.say(neighbour, "/lapor")
	h.press(neighbour, h.expect(neighbour, "jkk.whose.ask"), "jkk.whose.other")
	h.press(neighbour, h.expect(neighbour, "jkk.nik.ask"), "intake.nik.unknown")
	h.expect(neighbour, "intake.name.ask")
	h.say(neighbour, "siti rahmah")
	h.expect(neighbour, "intake.age.ask")
	h.say(neighbour, "sekitar 45 th")
	h.expect(neighbour, "rep.kecamatan.ask")
	h.say(neighbour, "lembah gumanti")
	h.expect(neighbour, "reg.nagari.ask")
	h.say(neighbour, "alahan panjang")
	answerYesterdaysFall(h, neighbour)
	h.press(neighbour, h.expect(neighbour, "jkk.witness.ask"), "jkk.witness.skip")
	h.expect(neighbour, "jkk.witness.later")
	h.press(neighbour, h.expect(neighbour, "jkk.photos.ask"), "rep.photos.skip")
	h.expect(neighbour, "rep.reporter.name_ask")
	h.say(neighbour, "Budi Santoso")
	h.press(neighbour, h.expect(neighbour, "jkk.reporter.relation_ask"), "reporter.tetangga")
	h.expect(neighbour, "rep.reporter.phone_ask")
	h.say(neighbour, "0812 3456 7891")
	h.expect(neighbour, "reg.phone.saved")
	summary := next(t, h, neighbour)
	if !strings.Contains(summary.Text, "Orang: Siti Rahmah, NIK tidak diketahui, umur sekitar 45 tahun (belum terdaftar, Nagari Alahan Panjang)") {
		t.Errorf("summary: %q", summary.Text)
	}
	h.press(neighbour, summary, "rep.summary.submit")
	h.expect(neighbour, "jkk.done")
	h.expect(neighbour, "guidance.plkk.after")
	h.expect(neighbour, "jkk.documents")
	h.expect(neighbour, "jkk.deadline")
	h.expect(neighbour, "menu.ask")

	var id int64
	var number string
	if err := h.pool.QueryRow(t.Context(), `select id, number from reports where chat_id = $1`, neighbour).Scan(&id, &number); err != nil {
		t.Fatal(err)
	}
	notice := staffNotice(t, h, officer, number)
	h.seen[officer] = notice.ID
	for _, want := range []string{"Peserta: Siti Rahmah, umur sekitar 45 tahun, NIK belum diketahui.\nBila orang ini peserta, tekan 🔗 Hubungkan ke peserta.\nNagari: Alahan Panjang"} {
		if !strings.Contains(notice.Text, want) {
			t.Errorf("the notice lacks %q:\n%s", want, notice.Text)
		}
	}

	// The other nagari's officer is refused, and nothing changes.
	data := "staff.link|" + strconv.FormatInt(id, 10)
	h.pressData(stranger, postButton(h, stranger, data), data)
	h.expect(stranger, "staff.rep.not_found")

	h.press(officer, notice, "intake.link.button")
	h.expect(officer, "intake.link.ask")
	h.say(officer, "1302 0445 0580 0007")
	done := h.expect(officer, "intake.link.done")
	if !strings.Contains(done.Text, "Siti Rahmah") || !strings.Contains(done.Text, "Kepesertaan: aktif") {
		t.Errorf("officer told %q", done.Text)
	}

	// The reporter hears of it once, in plain words and without the NIK.
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	told, err := h.api.WaitMessage(ctx, neighbour, func(m botapi.Message) bool { return strings.Contains(m.Text, "sudah menemukan") })
	if err != nil {
		t.Fatalf("the reporter was never told: %v\n%s", err, h.dump(neighbour))
	}
	if strings.Contains(told.Text, "1302044505800007") || !strings.Contains(told.Text, number) || !strings.Contains(told.Text, "terdaftar aktif") {
		t.Errorf("reporter told %q", told.Text)
	}

	// The worker's own chat hears once that someone else reported their
	// accident and the nagari handles it, without the NIK.
	heard, err := h.api.WaitMessage(ctx, worker, func(m botapi.Message) bool { return strings.Contains(m.Text, "dibuat oleh orang lain") })
	if err != nil {
		t.Fatalf("the worker was never told: %v\n%s", err, h.dump(worker))
	}
	if !strings.Contains(heard.Text, number) || !strings.Contains(heard.Text, "diurus petugas nagari") || strings.Contains(heard.Text, "1302044505800007") {
		t.Errorf("worker told %q", heard.Text)
	}

	// The report now shows the worker and the cover on the day.
	h.press(officer, done, "notify.open_report")
	shown := staffNotice(t, h, officer, "Kepesertaan pada tanggal kejadian: aktif")
	if !strings.Contains(shown.Text, "Siti Rahmah, NIK 1302044505800007") || strings.Contains(shown.Text, "belum diketahui") {
		t.Errorf("the report shows:\n%s", shown.Text)
	}
	h.seen[officer] = shown.ID
	// A second press of an old link button is refused politely.
	h.pressData(officer, postButton(h, officer, data), data)
	h.expect(officer, "intake.link.already")
	var n int
	if err := h.pool.QueryRow(t.Context(), `select count(*) from outbox where kind in ('report.linked', 'report.linked_worker')`).Scan(&n); err != nil || n != 2 {
		t.Errorf("%d link notices (%v), want the reporter's and the worker's", n, err)
	}
	count := 0
	for _, m := range h.api.Chat(neighbour) {
		if m.FromBot && strings.Contains(m.Text, "sudah menemukan") {
			count++
		}
	}
	if count != 1 {
		t.Errorf("the reporter was told %d times", count)
	}
	count = 0
	for _, m := range h.api.Chat(worker) {
		if m.FromBot && strings.Contains(m.Text, "dibuat oleh orang lain") {
			count++
		}
	}
	if count != 1 {
		t.Errorf("the worker was told %d times", count)
	}
}
