package bot_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/jaganagari/jaganagari/internal/botapi"
)

// editsOf returns the edit calls made to one message, by method.
func editsOf(h *harness, messageID int) map[string][]botapi.Call {
	out := map[string][]botapi.Call{}
	for _, method := range []string{"editMessageText", "editMessageReplyMarkup"} {
		for _, c := range h.api.CallsTo(method) {
			if c.Params["message_id"] == strconv.Itoa(messageID) {
				out[method] = append(out[method], c)
			}
		}
	}
	return out
}

// message returns the chat's message with id as it stands now, edits and all.
func message(h *harness, user int64, id int) botapi.Message {
	h.t.Helper()
	for _, m := range h.api.Chat(user) {
		if m.ID == id {
			return m
		}
	}
	h.t.Fatalf("no message %d", id)
	return botapi.Message{}
}

// settled waits until the chat's message id has lost its buttons, and the
// edit that took them is in the fake Bot API's call log. The bot tidies
// earlier messages after sending its replies, so the reply a test waited
// for can arrive before the edit of the message before it; and the fake
// server changes the message before it logs the call, so a test that
// counts edits must wait for the log too.
func settled(h *harness, user int64, id int) {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(h.t.Context(), 10*time.Second)
	defer cancel()
	_, err := h.api.WaitMessage(ctx, user, func(m botapi.Message) bool { return m.ID == id && m.ReplyMarkup == nil })
	if err != nil {
		h.t.Fatalf("message %d kept its buttons: %v\nchat so far:\n%s", id, err, h.dump(user))
	}
	_, err = h.api.WaitCall(ctx, func(c botapi.Call) bool {
		return (c.Method == "editMessageText" || c.Method == "editMessageReplyMarkup") &&
			c.Params["chat_id"] == strconv.FormatInt(user, 10) && c.Params["message_id"] == strconv.Itoa(id)
	})
	if err != nil {
		h.t.Fatalf("the edit of message %d is not in the call log: %v", id, err)
	}
}

func TestPressedQuestionShowsTheAnswer(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	user := h.user(1201)
	h.say(user, "/start")
	h.expect(user, "welcome")
	m := h.expect(user, "menu.ask")
	h.press(user, m, "menu.register")
	consent := h.expect(user, "reg.consent.ask")
	h.press(user, consent, "reg.consent.agree")
	nik := h.expect(user, "reg.nik.ask")
	h.say(user, "1302044505800001")
	identity := h.expect(user, "reg.identity.ask")
	h.press(user, identity, "reg.identity.fix_gender")
	gender := h.expect(user, "reg.gender.ask")
	h.press(user, gender, "gender.P")
	h.expect(user, "reg.name.ask")
	settled(h, user, gender.ID)

	// One edit per press, and it is the text: question and answer.
	want := h.text("reg.gender.ask", nil) + "\n➡️ " + h.text("gender.P", nil)
	if want != "Pilih jenis kelamin:\n➡️ Perempuan" {
		t.Fatalf("the locale changed: %q", want)
	}
	edits := editsOf(h, gender.ID)
	if len(edits["editMessageText"]) != 1 || len(edits["editMessageReplyMarkup"]) != 0 {
		t.Fatalf("edits of the pressed question: %d text, %d markup; want one text edit", len(edits["editMessageText"]), len(edits["editMessageReplyMarkup"]))
	}
	if got := edits["editMessageText"][0].Params["text"]; got != want {
		t.Errorf("edited to %q, want %q", got, want)
	}
	if got := message(h, user, gender.ID); got.Text != want || got.ReplyMarkup != nil {
		t.Errorf("the chat shows %q with buttons %v", got.Text, got.ReplyMarkup)
	}
	if got, want := message(h, user, consent.ID).Text, h.text("reg.consent.ask", nil)+"\n➡️ "+h.text("reg.consent.agree", nil); got != want {
		t.Errorf("consent reads %q, want %q", got, want)
	}
	if got, want := message(h, user, m.ID).Text, h.text("menu.ask", nil)+"\n➡️ "+h.text("menu.register", nil); got != want {
		t.Errorf("menu reads %q, want %q", got, want)
	}

	// The NIK was typed, so its question was never pressed: its Kembali
	// went when the next question came.
	if got := message(h, user, nik.ID); got.ReplyMarkup != nil || got.Text != nik.Text {
		t.Errorf("the NIK question still shows %v (text %q)", got.ReplyMarkup, got.Text)
	}
	if n := len(editsOf(h, nik.ID)["editMessageReplyMarkup"]); n != 1 {
		t.Errorf("%d edits of the NIK question, want 1", n)
	}
}

func TestKembaliOnlyTakesTheButtonsOff(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	user := h.user(1202)
	fill(h, user, "1302044505800001", "address")
	h.say(user, "Jorong Koto Baru")
	kec := h.expect(user, "reg.kecamatan.ask")
	h.press(user, kec, "button.back")
	address := h.expect(user, "reg.address.ask")
	settled(h, user, kec.ID)
	edits := editsOf(h, kec.ID)
	if len(edits["editMessageText"]) != 0 || len(edits["editMessageReplyMarkup"]) != 1 {
		t.Errorf("Kembali edited the question %d times as text, %d as buttons; want buttons once", len(edits["editMessageText"]), len(edits["editMessageReplyMarkup"]))
	}
	if got := message(h, user, kec.ID); got.Text != kec.Text || got.ReplyMarkup != nil {
		t.Errorf("after Kembali the kecamatan question reads %q with %v", got.Text, got.ReplyMarkup)
	}
	if message(h, user, address.ID).ReplyMarkup == nil {
		t.Fatal("the question asked again has no buttons")
	}
	h.say(user, "Jorong Koto Baru")
	h.expect(user, "reg.kecamatan.ask")
	settled(h, user, address.ID) // the address question answered again loses its buttons
}
