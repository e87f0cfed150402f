package bot_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/jaganagari/jaganagari/internal/botapi"
	"github.com/jaganagari/jaganagari/internal/domain"
)

// urlButtons returns the URL buttons under m.
func urlButtons(m botapi.Message) []models.InlineKeyboardButton {
	var out []models.InlineKeyboardButton
	if m.ReplyMarkup == nil {
		return nil
	}
	for _, row := range m.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			if b.URL != "" {
				out = append(out, b)
			}
		}
	}
	return out
}

// TestAWorkerLinksFromTheWhatsAppMessage: an officer registers a worker
// with help; the confirmation's "Kirim lewat WhatsApp" opens a chat with
// the worker's number and a message holding the registration number and
// the t.me link. The worker's new chat opens that link (/start with the
// payload), is linked, and then receives the officer's verification. The
// button stays when the officer is done; a wrong link counts as a wrong
// code.
func TestAWorkerLinksFromTheWhatsAppMessage(t *testing.T) {
	t.Parallel()
	e := newClaimsEnv(t)
	h := e.harness
	petugas := officer(h, 7301, domain.RoleNagari, nagariA)

	enterWorker(h, petugas, func() { h.say(petugas, "/daftarkan") }, "assisted.consent.spoken", "1302044505800001", "Siti Rahmah", "0812 1111 0001")
	done := h.expect(petugas, "assisted.done")
	var id int64
	var number string
	if err := h.pool.QueryRow(t.Context(), `select id, number from registrations where chat_id is null and entered_by_chat = $1`, petugas).Scan(&id, &number); err != nil {
		t.Fatal(err)
	}
	links := urlButtons(done)
	if len(links) != 1 || links[0].Text != h.text("whatsapp.button", nil) || links[0].CallbackData != "" {
		t.Fatalf("want one WhatsApp URL button without callback data, got %+v", done.ReplyMarkup)
	}
	raw := links[0].URL
	if strings.Contains(raw, "+") {
		t.Errorf("the wa.me link has a '+', which WhatsApp shows as is: %s", raw)
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.Host != "wa.me" || u.Path != "/6281211110001" {
		t.Fatalf("the button opens %q (%v), want https://wa.me/6281211110001", raw, err)
	}
	text := u.Query().Get("text")
	code := linkCode.FindStringSubmatch(done.Text)
	if code == nil {
		t.Fatalf("no code in %q", done.Text)
	}
	start := "https://t.me/JagaNagariBot?start=k" + strings.ReplaceAll(code[1], "-", "")
	for _, want := range []string{"Siti Rahmah", number, start, "/sambung " + code[1], "JKK dan JKM", "Pemerintah Nagari"} {
		if !strings.Contains(text, want) {
			t.Errorf("the WhatsApp message lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "1302044505800001") {
		t.Error("the WhatsApp message holds the NIK")
	}

	// Done for now: the other buttons go, the WhatsApp one stays, to be
	// sent later.
	h.press(petugas, done, "assisted.again.no")
	h.expect(petugas, "assisted.finished")
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	settled, err := h.api.WaitMessage(ctx, petugas, func(m botapi.Message) bool {
		return m.ID == done.ID && m.ReplyMarkup != nil && len(m.ReplyMarkup.InlineKeyboard) == 1
	})
	if err != nil {
		t.Fatalf("the done message kept %+v, want the WhatsApp row only: %v", h.api.Chat(petugas)[len(h.api.Chat(petugas))-1].ReplyMarkup, err)
	}
	if kept := urlButtons(settled); len(kept) != 1 || kept[0].URL != raw {
		t.Errorf("kept %+v", settled.ReplyMarkup)
	}

	// The worker taps the link: Telegram sends /start with the payload.
	worker := h.user(7311)
	payload, _ := url.Parse(start)
	h.say(worker, "/start "+payload.Query().Get("start"))
	if linked := h.expect(worker, "link.done"); !strings.Contains(linked.Text, "Siti Rahmah, Nagari Alahan Panjang ("+number+")") {
		t.Errorf("linked message: %q", linked.Text)
	}
	h.expect(worker, "menu.ask")
	if n := rows(t, h, "where id = $1 and chat_id = $2", id, worker); n != 1 {
		t.Fatal("the record is not the worker's")
	}

	// The link again, from another phone: used, as /sambung would say. A
	// link with a made-up code is a wrong code. Both count against the
	// chat's tries, as /sambung's do.
	other := h.user(7312)
	h.say(other, "/start "+payload.Query().Get("start"))
	h.expect(other, "link.code.used")
	h.expect(other, "link.ask")
	h.windowPasses(other)
	h.say(other, "/start kAAAAAA")
	h.expect(other, "keyboard.closed")
	h.expect(other, "link.code.wrong")
	h.expect(other, "link.ask")
	if n := count(h, `select count(*) from link_failures where chat_id = $1`, other); n != 2 {
		t.Errorf("%d failed tries counted, want 2", n)
	}
	// A payload cut short is said politely.
	h.windowPasses(other)
	h.say(other, "/start kABC")
	h.expect(other, "welcome")
	h.expect(other, "start.link_unknown")

	// The officer verifies: the news reaches the worker's chat.
	verifyAndTellWorker(t, e, petugas, worker, id)
}
