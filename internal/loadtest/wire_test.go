package loadtest

import (
	"encoding/json"
	"testing"

	"github.com/go-telegram/bot/models"
)

func TestUpdateJSON(t *testing.T) {
	t.Parallel()
	decode := func(a action) models.Update {
		t.Helper()
		var u models.Update
		if err := json.Unmarshal(updateJSON(9, 7000000042, "Siti", 1764000000, a), &u); err != nil {
			t.Fatal(err)
		}
		return u
	}
	t.Run("a_press_names_the_message_and_chat", func(t *testing.T) {
		u := decode(action{act: actPress, data: "reg.consent|agree", buttonOn: 31})
		q := u.CallbackQuery
		if q == nil || q.Data != "reg.consent|agree" || q.Message.Message == nil {
			t.Fatalf("got %+v", u)
		}
		if m := q.Message.Message; m.ID != 31 || m.Chat.ID != 7000000042 || m.Chat.Type != models.ChatTypePrivate {
			t.Errorf("pressed under %+v", m)
		}
	})
	t.Run("a_shared_contact_is_the_senders_own", func(t *testing.T) {
		u := decode(action{act: actContact, text: "081200000001"})
		if m := u.Message; m == nil || m.Contact == nil || m.Contact.UserID != m.From.ID || m.Chat.ID != m.From.ID {
			t.Fatalf("got %+v", u.Message)
		}
	})
	t.Run("a_sticker_has_no_text", func(t *testing.T) {
		if m := decode(action{act: actSticker}).Message; m == nil || m.Sticker == nil || m.Text != "" {
			t.Fatalf("got %+v", m)
		}
	})
}

func TestMarkupOf(t *testing.T) {
	t.Parallel()
	inline := `{"inline_keyboard":[[{"text":"Lembah Gumanti","callback_data":"reg.kecamatan|13.02.04"}],[{"text":"Lainnya","callback_data":"reg.kecamatan|lainnya"},{"text":"Kembali","callback_data":"reg.kecamatan|back"}]]}`
	tag, buttons := markupOf(inline)
	if tag != "reg.kecamatan" || len(buttons) != 3 {
		t.Fatalf("tag %q, %d buttons", tag, len(buttons))
	}
	for n := range 3 { // Kembali and Lainnya are never picked
		if b, ok := pickButton(buttons, "reg.kecamatan", n); !ok || b.data != "reg.kecamatan|13.02.04" {
			t.Errorf("pick %d: %+v", n, b)
		}
	}
	if _, ok := pickButton(buttons, "reg.nagari", 0); ok {
		t.Error("picked a button of another step")
	}
	if tag, _ := markupOf(`{"keyboard":[[{"text":"Bagikan nomor","request_contact":true}]],"resize_keyboard":true}`); tag != tagKeyboard {
		t.Errorf("reply keyboard tagged %q", tag)
	}
	if tag, _ := markupOf(""); tag != "" {
		t.Errorf("no markup tagged %q", tag)
	}
}
