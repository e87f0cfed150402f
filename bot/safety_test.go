package bot_test

import (
	"strings"
	"testing"

	"github.com/go-telegram/bot/models"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/jaganagari/jaganagari/bot"
)

func textUpdate(id, user int64, text string) *models.Update {
	return &models.Update{ID: id, Message: &models.Message{
		ID: int(id), Text: text,
		From: &models.User{ID: user, FirstName: "Pekerja"},
		Chat: models.Chat{ID: user, Type: models.ChatTypePrivate},
	}}
}

func pressUpdate(id, user int64, messageID int, data string) *models.Update {
	return &models.Update{ID: id, CallbackQuery: &models.CallbackQuery{
		ID: "cb", From: models.User{ID: user}, Data: data,
		Message: models.MaybeInaccessibleMessage{Message: &models.Message{
			ID: messageID, Chat: models.Chat{ID: user, Type: models.ChatTypePrivate},
		}},
	}}
}

func botTexts(h *harness, user int64) []string {
	var out []string
	for _, m := range h.api.Chat(user) {
		if m.FromBot {
			out = append(out, m.Text)
		}
	}
	return out
}

func TestForgedAndForeignButtonsDoNothing(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	owner, other := h.user(2001), h.user(2002)
	fill(h, owner, "1302044505800011", "")
	summary := h.expect(owner, "reg.summary.ask")
	real := h.button(summary, "reg.summary.submit")
	fill(h, other, "1302044505800012", "address")
	h.stop() // the rest is handed over update by update
	b := h.direct(bot.Options{})

	step, _, _ := strings.Cut(real, "|")
	for i, data := range []string{
		step + "|submit|AAAAAAAAAAA", // a crafted MAC
		step + "|submit",             // no MAC at all
		strings.Replace(real, "submit", "cancel", 1),
	} {
		b.Handle(t.Context(), pressUpdate(int64(9000+i), owner, summary.ID, data))
	}
	// The owner's genuine button, replayed from another chat.
	b.Handle(t.Context(), pressUpdate(9100, other, summary.ID, real))

	if n := rows(t, h, ""); n != 0 {
		t.Fatalf("%d registrations written by forged presses", n)
	}
	stale := h.text("button.stale", nil)
	count := 0
	for _, txt := range append(botTexts(h, owner), botTexts(h, other)...) {
		if txt == stale {
			count++
		}
	}
	if count != 4 {
		t.Errorf("%d stale-button answers, want 4", count)
	}
	// The owner's form is intact: the genuine press still submits.
	b.Handle(t.Context(), pressUpdate(9200, owner, summary.ID, real))
	if n := rows(t, h, "where chat_id = $1", owner); n != 1 {
		t.Fatalf("genuine press after the forgeries: %d rows", n)
	}
}

func TestRepeatedUpdateIsHandledOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	user := h.user(2003)
	h.stop()
	b := h.direct(bot.Options{})
	u := textUpdate(500, user, "/start")
	b.Handle(t.Context(), u)
	before := len(h.api.CallsTo("sendMessage"))
	b.Handle(t.Context(), u) // Telegram delivered it again
	if after := len(h.api.CallsTo("sendMessage")); after != before {
		t.Fatalf("a repeated update was answered: %d → %d messages", before, after)
	}
	// Not a repeat, though its id is lower: Telegram numbers afresh after
	// a quiet week.
	b.Handle(t.Context(), textUpdate(7, user, "/bantuan"))
	if after := len(h.api.CallsTo("sendMessage")); after <= before {
		t.Fatal("a new update with a lower id was not answered")
	}
}

func TestFloodGetsOneWordThenSilence(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	user := h.user(2004)
	h.stop()
	b := h.direct(bot.Options{RateLimit: 3})
	for i := range 8 {
		b.Handle(t.Context(), textUpdate(int64(600+i), user, "halo"))
	}
	limited := h.text("rate.limited", nil)
	menu := h.text("menu.ask", nil)
	var nLimited, nMenu int
	for _, txt := range botTexts(h, user) {
		switch txt {
		case limited:
			nLimited++
		case menu:
			nMenu++
		}
	}
	if nLimited != 1 || nMenu != 3 {
		t.Fatalf("%d slow-down notes and %d answers, want 1 and 3:\n%s", nLimited, nMenu, h.dump(user))
	}
}

// TestAfterTheRateLimitTheQuestionIsAskedAgain: answers sent while the
// chat was limited were dropped, so the first message after the window is
// not read as the answer to the question still open: that question is
// asked again.
func TestAfterTheRateLimitTheQuestionIsAskedAgain(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	user := h.user(2006)
	fill(h, user, "1302044505800014", "address")
	h.stop()
	h.windowPasses(user)
	b := h.direct(bot.Options{RateLimit: 3})
	for i, answer := range []string{"Jorong Koto Baru", "lembah gumanti", "alahan panjang", "petani", "0812 3456 7890"} {
		b.Handle(t.Context(), textUpdate(int64(800+i), user, answer))
	}
	h.expect(user, "reg.kecamatan.ask")
	h.expect(user, "reg.nagari.ask")
	h.expect(user, "reg.occupation.ask")
	h.expect(user, "rate.limited")

	h.windowPasses(user)
	// The worker goes on where they think they are: the phone number.
	b.Handle(t.Context(), textUpdate(810, user, "0812 3456 7890"))
	h.expect(user, "input.dropped")
	h.expect(user, "reg.occupation.ask")
	b.Handle(t.Context(), textUpdate(811, user, "petani"))
	h.expect(user, "reg.phone.ask")
}

func TestEditedAndForwardedMessagesAreExplained(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	user := h.user(2005)
	fill(h, user, "1302044505800013", "address")
	h.say(user, "Jorong Koto Baru")
	h.expect(user, "reg.kecamatan.ask")
	var mine int
	for _, m := range h.api.Chat(user) {
		if !m.FromBot && m.Text == "Jorong Koto Baru" {
			mine = m.ID
		}
	}
	if _, err := h.api.EditText(user, mine, "Jorong Koto Lamo"); err != nil {
		t.Fatal(err)
	}
	h.expect(user, "input.edited")
	h.expect(user, "reg.kecamatan.ask")

	h.stop()
	b := h.direct(bot.Options{})
	fwd := textUpdate(700, user, "Lembah Gumanti")
	fwd.Message.ForwardOrigin = &models.MessageOrigin{Type: models.MessageOriginTypeUser, MessageOriginUser: &models.MessageOriginUser{Type: "user", SenderUser: models.User{ID: 1}}}
	b.Handle(t.Context(), fwd)
	h.expect(user, "input.forwarded")
	h.expect(user, "reg.kecamatan.ask")
}

// TestLogsCarryNoPersonalData runs a whole registration with debug logging
// and looks for the worker's NIK, phone and names in everything logged.
func TestLogsCarryNoPersonalData(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	// A chat ID long enough that no duration or hash in the logs holds
	// its digits by chance (a short one, 2006, once matched "1.520069ms").
	user := h.user(7_300_200_611)
	fill(h, user, "1302044505800014", "")
	h.press(user, h.expect(user, "reg.summary.ask"), "reg.summary.submit")
	h.expect(user, "reg.done")
	h.stop()
	logs := h.logs.String()
	if !strings.Contains(logs, "update handled") {
		t.Fatalf("no debug logs captured; the test would prove nothing:\n%s", logs)
	}
	for _, secret := range []string{"1302044505800014", "6281234567000", "Siti", "Rahmah", "Budi", "Santoso", "Jorong Koto Baru", "7300200611"} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain %q", secret)
		}
	}
}

func TestMetricsCountUpdates(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	user := h.user(2007)
	h.stop()
	reg := prometheus.NewRegistry()
	b := h.direct(bot.Options{Metrics: bot.NewMetrics(reg)})
	b.Handle(t.Context(), textUpdate(800, user, "/start"))
	b.Handle(t.Context(), textUpdate(801, user, "halo"))
	got, err := testutil.GatherAndCount(reg, "jaganagari_updates_total")
	if err != nil {
		t.Fatal(err)
	}
	if got != 2 { // two series: command and text
		t.Errorf("%d update series, want 2", got)
	}
	if n := testutil.CollectAndCount(reg, "jaganagari_update_seconds"); n != 1 {
		t.Errorf("latency histogram missing")
	}
}
