package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"

	"github.com/jaganagari/jaganagari/bot"
	"github.com/jaganagari/jaganagari/internal/botapi"
	"github.com/jaganagari/jaganagari/internal/notify"
	"github.com/jaganagari/jaganagari/internal/postgres"
)

// staffNotice waits for a message to the staff chat that contains want.
func staffNotice(t *testing.T, h *harness, chat int64, want string) botapi.Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	m, err := h.api.WaitMessage(ctx, chat, func(m botapi.Message) bool { return strings.Contains(m.Text, want) })
	if err != nil {
		t.Fatalf("staff never got %q: %v\n%s", want, err, h.dump(chat))
	}
	return m
}

// next returns the bot's next message to user, for messages whose
// conditionals expect cannot match by prefix.
// answerYesterdaysFall answers an accident report's questions from the
// date to the treatment as a neighbour does: yesterday morning, a fall
// from a durian tree in a field, a broken leg, treated at the puskesmas.
func answerYesterdaysFall(h *harness, reporter int64) {
	h.t.Helper()
	h.press(reporter, h.expect(reporter, "jkk.date.ask"), "rep.date.yesterday")
	h.press(reporter, h.expect(reporter, "jkk.time.ask"), "timeofday.pagi")
	h.expect(reporter, "jkk.place.ask")
	h.say(reporter, "Ladang di Jorong Koto Baru")
	h.expect(reporter, "rep.location.ask")
	h.say(reporter, "Lewati")
	h.expect(reporter, "keyboard.closed")
	h.expect(reporter, "jkk.what.ask")
	h.say(reporter, "Terjatuh dari pohon durian")
	h.press(reporter, h.expect(reporter, "jkk.traffic.ask"), "rep.no")
	h.expect(reporter, "jkk.injury.ask")
	h.say(reporter, "Kaki kanan patah")
	h.press(reporter, h.expect(reporter, "jkk.treatment.ask"), "treatment.puskesmas")
}

func next(t *testing.T, h *harness, user int64) botapi.Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	last := h.seen[user]
	m, err := h.api.WaitMessage(ctx, user, func(m botapi.Message) bool { return m.ID > last })
	if err != nil {
		t.Fatalf("no next message: %v", err)
	}
	h.seen[user] = m.ID
	return m
}

// TestAccidentReportThroughTelegram is the whole way: a registered worker
// reports their own accident with a location and an album, adds a photo
// later; the sender, running beside the bot as in `jaganagari run`,
// delivers each notice to the nagari officer.
func TestAccidentReportThroughTelegram(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	officer := h.user(3001)
	if _, err := h.pool.Exec(t.Context(), `insert into staff (chat_id, role, nagari_code) values ($1, 'petugas_nagari', '13.02.04.2001')`, officer); err != nil {
		t.Fatal(err)
	}
	tg, err := tgbot.New(token, tgbot.WithServerURL(h.apiURL), tgbot.WithSkipGetMe())
	if err != nil {
		t.Fatal(err)
	}
	signer := bot.SignerForToken(token) // as run signs notices, so the officer's presses count
	sender, err := notify.New(notify.Options{
		API: tg, Queue: postgres.NewOutbox(h.pool), Renderer: h.render, Signer: &signer,
		ChatGap: 10 * time.Millisecond, Poll: 20 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { defer close(stopped); sender.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-stopped })

	// The worker registered earlier (the registration's own test walks
	// that through Telegram); a chat may send only so many updates a minute.
	user := h.user(3002)
	h.registered(user)
	staffNotice(t, h, officer, "1302********0007")
	h.say(user, "/start")
	h.expect(user, "welcome")
	menu := h.expect(user, "menu.ask")

	h.press(user, menu, "menu.accident")
	h.press(user, h.expect(user, "jkk.whose.ask"), "jkk.whose.self")
	h.press(user, h.expect(user, "jkk.date.ask"), "rep.date.today")
	h.press(user, h.expect(user, "jkk.time.ask"), "timeofday.tidak_tahu")
	h.expect(user, "jkk.place.ask")
	h.say(user, "Sawah di Jorong Koto Baru")
	loc := h.expect(user, "rep.location.ask")
	if loc.Keyboard == nil || !loc.Keyboard.Keyboard[0][0].RequestLocation {
		t.Fatalf("no share-location key: %+v", loc.Keyboard)
	}
	if _, err := h.api.SendLocation(user, -0.98, 100.65); err != nil {
		t.Fatal(err)
	}
	h.expect(user, "rep.location.saved")
	h.expect(user, "jkk.what.ask")
	h.say(user, "Terjatuh dari pematang sawah")
	h.press(user, h.expect(user, "jkk.traffic.ask"), "rep.no")
	h.expect(user, "jkk.injury.ask")
	h.say(user, "Kaki kiri terkilir")
	h.press(user, h.expect(user, "jkk.treatment.ask"), "treatment.puskesmas")
	h.press(user, h.expect(user, "jkk.witness.ask"), "jkk.witness.skip")
	h.expect(user, "jkk.witness.later")
	h.expect(user, "jkk.photos.ask")
	if _, err := h.api.SendAlbum(user, 3); err != nil {
		t.Fatal(err)
	}
	var ack botapi.Message
	for range 3 {
		ack = h.expect(user, "rep.photos.received")
	}
	h.press(user, ack, "rep.photos.done")
	summary := next(t, h, user)
	if !strings.Contains(summary.Text, "Saya sendiri") || !strings.Contains(summary.Text, "📍") || !strings.Contains(summary.Text, "Foto: 3") {
		t.Errorf("summary: %q", summary.Text)
	}
	h.press(user, summary, "rep.summary.submit")
	done := h.expect(user, "jkk.done")
	// Registered, not yet checked by the nagari: not covered that day.
	if got, want := next(t, h, user).Text, h.text("rep.cover.tidak", map[string]any{"Self": true}); got != want {
		t.Errorf("reporter told %q, want %q", got, want)
	}
	h.expect(user, "guidance.plkk.after")
	h.expect(user, "jkk.documents")
	deadline := h.expect(user, "jkk.deadline")
	h.expect(user, "menu.ask")

	var number string
	if err := h.pool.QueryRow(t.Context(), `select number from reports where chat_id = $1`, user).Scan(&number); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(done.Text, number) {
		t.Errorf("reporter not told %s: %q", number, done.Text)
	}
	notice := staffNotice(t, h, officer, number)
	if strings.Contains(notice.Text, "terkilir") {
		t.Errorf("the injury reached the notice: %q", notice.Text)
	}
	if kb := notice.ReplyMarkup; kb == nil || !strings.HasPrefix(kb.InlineKeyboard[0][0].CallbackData, "staff.rep|") {
		t.Errorf("notice has no staff.rep button")
	}
	ctxWait, cancelWait := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancelWait()
	if _, err := h.api.WaitMessage(ctxWait, officer, func(m botapi.Message) bool { return m.MediaGroupID != "" }); err != nil {
		t.Fatalf("the album never reached the officer: %v", err)
	}

	// The officer opens the report: the sealed account opens for them.
	h.press(officer, notice, "notify.open_report")
	shown := staffNotice(t, h, officer, "Luka: ")
	for _, want := range []string{number, "Siti Rahmah", "NIK 1302044505800007", "Kaki kiri terkilir", "Terjatuh dari pematang sawah",
		"Puskesmas", "maps.google.com/?q=-0.980000,100.650000", "pekerja sendiri, +6281234567000", "Foto: 3"} {
		if !strings.Contains(shown.Text, want) {
			t.Errorf("the opened report lacks %q:\n%s", want, shown.Text)
		}
	}

	// A photo sent days later, from the button under the number.
	h.press(user, deadline, "rep.more.button")
	h.expect(user, "rep.more.ask")
	if _, err := h.api.SendPhoto(user, "surat dokter"); err != nil {
		t.Fatal(err)
	}
	h.press(user, h.expect(user, "rep.photos.received"), "rep.photos.done")
	h.expect(user, "rep.more.done")
	h.expect(user, "menu.ask")
	staffNotice(t, h, officer, "📷")
}
