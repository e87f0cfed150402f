package bot_test

import (
	"strings"
	"testing"
)

// TestAccidentWitnessesThroughTelegram: a neighbour reports a registered
// worker's accident and names two witnesses, one typed with a phone on the
// same line and one without; a sticker, the longest message Telegram carries and a
// third witness get short polite answers. The nagari officer's notice
// names both witnesses with the phone masked, and the report view shows
// the phone whole.
func TestAccidentWitnessesThroughTelegram(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	runSender(t, h)
	officer := h.user(3301)
	if _, err := h.pool.Exec(t.Context(), `insert into staff (chat_id, role, nagari_code) values ($1, 'petugas_nagari', '13.02.04.2001')`, officer); err != nil {
		t.Fatal(err)
	}
	worker := h.user(3302)
	h.registered(worker) // Siti Rahmah, NIK 1302044505800007, Alahan Panjang
	staffNotice(t, h, officer, "1302********0007")

	neighbour := h.user(3303)
	h.say(neighbour, "/lapor")
	h.press(neighbour, h.expect(neighbour, "jkk.whose.ask"), "jkk.whose.other")
	h.expect(neighbour, "jkk.nik.ask")
	h.say(neighbour, "1302044505800007")
	answerYesterdaysFall(h, neighbour)
	h.expect(neighbour, "jkk.witness.ask")
	h.windowPasses(neighbour)

	// Bad input first: each is answered and the question asked again.
	if _, err := h.api.SendSticker(neighbour); err != nil {
		t.Fatal(err)
	}
	h.expect(neighbour, "input.type_text")
	h.expect(neighbour, "jkk.witness.ask")
	// Telegram carries at most 4,096 characters; the flow test sends 10,500.
	h.say(neighbour, strings.Repeat("Datuak ", 580))
	h.expect(neighbour, "input.too_long")
	h.expect(neighbour, "jkk.witness.ask")

	h.say(neighbour, "Pak Datuak 0812 3456 7890")
	list := h.expect(neighbour, "jkk.witness.more_ask")
	if !strings.Contains(list.Text, "Pak Datuak, +6281234567890") {
		t.Errorf("the first witness: %q", list.Text)
	}
	h.press(neighbour, list, "jkk.witness.add")
	h.expect(neighbour, "jkk.witness.ask_next")
	h.say(neighbour, "siti aminah")
	phone := next(t, h, neighbour)
	if !strings.HasPrefix(phone.Text, "Nomor HP Siti Aminah?") {
		t.Fatalf("the phone question: %q", phone.Text)
	}
	h.press(neighbour, phone, "jkk.witness.phone_skip")
	list = h.expect(neighbour, "jkk.witness.more_ask")
	if !strings.Contains(list.Text, "Siti Aminah (tanpa nomor HP)") || strings.Contains(list.Text, "Tambah saksi lain") {
		t.Errorf("the list of two: %q", list.Text)
	}
	// A third is refused politely.
	h.say(neighbour, "Upiak Rina 0813 3333 4444")
	h.expect(neighbour, "jkk.witness.full")
	list = h.expect(neighbour, "jkk.witness.more_ask")
	h.press(neighbour, list, "jkk.witness.go_on")

	h.windowPasses(neighbour)
	h.press(neighbour, h.expect(neighbour, "jkk.photos.ask"), "rep.photos.skip")
	h.expect(neighbour, "rep.reporter.name_ask")
	h.say(neighbour, "Budi Santoso")
	h.press(neighbour, h.expect(neighbour, "jkk.reporter.relation_ask"), "reporter.tetangga")
	h.expect(neighbour, "rep.reporter.phone_ask")
	h.say(neighbour, "0812 3456 7891")
	h.expect(neighbour, "reg.phone.saved")
	summary := next(t, h, neighbour)
	if !strings.Contains(summary.Text, "Saksi: Pak Datuak, +6281234567890; Siti Aminah\n") || strings.Contains(summary.Text, "Upiak") {
		t.Errorf("summary: %q", summary.Text)
	}
	h.press(neighbour, summary, "rep.summary.submit")
	h.expect(neighbour, "jkk.done")

	var number string
	var sealed []byte
	if err := h.pool.QueryRow(t.Context(), `select number, witnesses_sealed from reports where chat_id = $1`, neighbour).Scan(&number, &sealed); err != nil {
		t.Fatal(err)
	}
	if len(sealed) == 0 || strings.Contains(string(sealed), "Datuak") {
		t.Errorf("witnesses stored as %q", sealed)
	}
	notice := staffNotice(t, h, officer, number)
	if !strings.Contains(notice.Text, "Saksi: Pak Datuak, +62812*****890; Siti Aminah") || strings.Contains(notice.Text, "81234567890") {
		t.Errorf("the notice:\n%s", notice.Text)
	}
	h.seen[officer] = notice.ID
	h.press(officer, notice, "notify.open_report")
	shown := staffNotice(t, h, officer, "Laporan "+number)
	if !strings.Contains(shown.Text, "Saksi: Pak Datuak, +6281234567890; Siti Aminah") {
		t.Errorf("the report view:\n%s", shown.Text)
	}
	// Nothing of the witnesses reaches the logs.
	logs := h.logs.String()
	if !strings.Contains(logs, "update handled") {
		t.Fatalf("no logs captured; the check would prove nothing")
	}
	for _, secret := range []string{"Datuak", "Aminah", "Upiak", "81234567890", "3456 7890"} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain %q", secret)
		}
	}
}
