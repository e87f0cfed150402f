package bot_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"strings"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"

	"github.com/jaganagari/jaganagari/bot"
	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/notify"
	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/seal"
)

// The KPJ the tests' members get from BPJS.
const testKPJ = "26051234567"

// member puts user's registration in BPJS membership state, as the batch
// import will: verified and funded, and for an active (or ended) member a
// card number sealed with the row's key and a cover period from start to
// end. SQL stands in for the import, which another change adds.
func member(t *testing.T, h *harness, user int64, state domain.MembershipState, start, end time.Time) {
	t.Helper()
	var kpj []byte
	var from, to *time.Time
	if state == domain.MembershipActive {
		kpj, from, to = seal.Dev().Seal(postgres.FieldKPJ, testKPJ), &start, &end
	}
	tag, err := h.pool.Exec(t.Context(), `
		update registrations set status = 'terverifikasi', covered_at = now(),
			membership_state = $2, kpj_sealed = $3, cover_start = $4, cover_end = $5
		where chat_id = $1`, user, state, kpj, from, to)
	if err != nil || tag.RowsAffected() != 1 {
		t.Fatalf("make %d a member (%s): %v, %d rows", user, state, err, tag.RowsAffected())
	}
}

// registerWorker gives user a registration of nik in Alahan Panjang
// straight through the store, as h.registered does for its one NIK.
func registerWorker(t *testing.T, h *harness, user int64, nik domain.NIK) {
	t.Helper()
	reg := domain.Registration{
		NIK: nik, Name: "Rina Wati", BirthDate: time.Date(1980, 5, 5, 0, 0, 0, 0, time.UTC),
		Gender: domain.Female, Address: "Jorong Koto Baru", NagariCode: "13.02.04.2001", Occupation: "petani",
		Phone: "+6281234567001", MotherName: "Rosmaniar", HeirName: "Budi Santoso", HeirRelation: "pasangan",
		ConsentVersion: "v1", ConsentAt: time.Now().Add(-time.Hour),
	}
	res, err := h.store.Apply(t.Context(), user, []engine.Effect{engine.SubmitRegistration{Key: "reg-" + string(nik), Registration: reg}})
	if err != nil || res[0].Err != "" || engine.AnswerOf[engine.SubmitRegistration](&res[0]).Duplicate {
		t.Fatalf("register %d: %v %+v", user, err, res)
	}
}

// today is the test run's date in WIB, as the bot dates reports.
func today() time.Time { return domain.Today(time.Now()) }

func TestMemberCardThroughTelegram(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	user := h.user(4101)
	h.registered(user)

	// Registered, not yet checked: no card, and the worker is told why.
	h.say(user, "/kartu")
	h.expect(user, "kartu.pending")
	h.expect(user, "menu.ask")

	// Submitted to BPJS, no answer yet: still no card.
	member(t, h, user, domain.MembershipSubmitted, time.Time{}, time.Time{})
	h.say(user, "/kartu")
	h.expect(user, "kartu.diajukan")
	h.expect(user, "menu.ask")
	h.say(user, "/status")
	if st := h.expect(user, "status.show"); st.ReplyMarkup != nil && len(st.ReplyMarkup.InlineKeyboard) > 0 {
		t.Errorf("a worker not yet active is offered a card: %+v", st.ReplyMarkup)
	}
	h.expect(user, "menu.ask")

	// Active: the card comes as a picture, 1080 px wide, within the size
	// Telegram keeps.
	member(t, h, user, domain.MembershipActive, today().AddDate(0, -1, 0), today().AddDate(0, 5, 0))
	h.say(user, "/kartu")
	photo := h.expectFile(user, "kartu.caption")
	if len(photo.Photo) == 0 || !strings.HasPrefix(photo.Caption, "🪪") {
		t.Fatalf("the card is not a captioned photo: %+v", photo)
	}
	largest := photo.Photo[len(photo.Photo)-1]
	cfg, err := png.DecodeConfig(bytes.NewReader(h.download(largest.FileID)))
	if err != nil {
		t.Fatalf("the card is not a PNG: %v", err)
	}
	if cfg.Width != 1080 || cfg.Height > 1280 || cfg.Height < 600 {
		t.Errorf("card %dx%d, want 1080 wide and at most 1280 tall", cfg.Width, cfg.Height)
	}
	h.expect(user, "menu.ask")

	// /status offers it too.
	h.say(user, "/status")
	st := h.expect(user, "status.show")
	h.expect(user, "menu.ask")
	h.press(user, st, "kartu.button")
	if again := h.expectFile(user, "kartu.caption"); len(again.Photo) == 0 {
		t.Errorf("the status's card button sent no picture: %+v", again)
	}
	h.expect(user, "menu.ask")

	// Another chat, never registered, has no card.
	stranger := h.user(4102)
	h.say(stranger, "/kartu")
	h.expect(stranger, "kartu.none")
}

// runSender delivers notices to staff beside the bot, as `jaganagari run`.
func runSender(t *testing.T, h *harness) {
	t.Helper()
	tg, err := tgbot.New(token, tgbot.WithServerURL(h.apiURL), tgbot.WithSkipGetMe())
	if err != nil {
		t.Fatal(err)
	}
	signer := bot.SignerForToken(token)
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
}

// reportOwnAccident walks user through "Lapor kecelakaan", Saya sendiri,
// today, and answers the reporter's messages after Kirim up to the
// documents list.
func reportOwnAccident(t *testing.T, h *harness, user int64) (done, cover string) {
	t.Helper()
	h.say(user, "/lapor")
	h.press(user, h.expect(user, "jkk.whose.ask"), "jkk.whose.self")
	h.press(user, h.expect(user, "jkk.date.ask"), "rep.date.today")
	h.press(user, h.expect(user, "jkk.time.ask"), "timeofday.tidak_tahu")
	h.expect(user, "jkk.place.ask")
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
	h.press(user, h.expect(user, "jkk.photos.ask"), "rep.photos.skip")
	h.press(user, next(t, h, user), "rep.summary.submit")
	done = h.expect(user, "jkk.done").Text
	cover = next(t, h, user).Text
	h.expect(user, "guidance.plkk.after")
	h.expect(user, "jkk.documents")
	h.expect(user, "jkk.deadline")
	h.expect(user, "menu.ask")
	return done, cover
}

// TestAccidentCoverIsTheCoverOnTheDay: a worker submitted to BPJS but not
// active on the day of the accident is told, and staff are told, that
// they were not yet covered; one active that day is told they were. Being
// registered is not being covered.
func TestAccidentCoverIsTheCoverOnTheDay(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	officer := h.user(4201)
	if _, err := h.pool.Exec(t.Context(), `insert into staff (chat_id, role, nagari_code) values ($1, 'petugas_nagari', '13.02.04.2001')`, officer); err != nil {
		t.Fatal(err)
	}
	runSender(t, h)
	rendered := func(msg string, data map[string]any) string { return h.text(msg, data) }

	for i, c := range []struct {
		name       string
		state      domain.MembershipState
		start, end time.Time
		reporter   string // what the reporter is told
		staff      domain.ReportCover
	}{
		{"submitted only", domain.MembershipSubmitted, time.Time{}, time.Time{}, "rep.cover.diajukan", domain.ReportCoverPending},
		{"active", domain.MembershipActive, today().AddDate(0, -1, 0), today().AddDate(0, 5, 0), "rep.cover.aktif", domain.ReportCoverActive},
	} {
		// One worker each, with a NIK of their own.
		user := h.user(4210 + int64(i))
		registerWorker(t, h, user, domain.NIK(fmt.Sprintf("13020445058000%02d", 11+i)))
		member(t, h, user, c.state, c.start, c.end)

		_, cover := reportOwnAccident(t, h, user)
		if want := rendered(c.reporter, map[string]any{"Self": true, "Death": false}); cover != want {
			t.Errorf("%s: reporter told %q, want %q", c.name, cover, want)
		}
		if c.state == domain.MembershipSubmitted && strings.Contains(cover, "terdaftar aktif") {
			t.Errorf("%s: a worker not yet active is told they were covered: %q", c.name, cover)
		}
		var number, stored string
		if err := h.pool.QueryRow(t.Context(), `select number, event_cover from reports where chat_id = $1`, user).Scan(&number, &stored); err != nil {
			t.Fatal(err)
		}
		if stored != string(c.staff) {
			t.Errorf("%s: report stored cover %q, want %q", c.name, stored, c.staff)
		}
		line := "Kepesertaan pada tanggal kejadian: " + rendered("report.cover."+string(c.staff), nil)
		notice := staffNotice(t, h, officer, number)
		if !strings.Contains(notice.Text, line) {
			t.Errorf("%s: staff notice lacks %q:\n%s", c.name, line, notice.Text)
		}
		h.press(officer, notice, "notify.open_report")
		if shown := staffNotice(t, h, officer, "Laporan "+number+" ("); !strings.Contains(shown.Text, line) {
			t.Errorf("%s: the opened report lacks %q:\n%s", c.name, line, shown.Text)
		}
		h.windowPasses(user)
	}
}
