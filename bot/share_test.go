package bot

import (
	"log/slog"
	"testing"

	"github.com/go-telegram/bot/models"

	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/render"
	"github.com/jaganagari/jaganagari/locales"
)

// TestAShareThatCannotBeBuiltIsLeftOut: a WhatsApp button whose phone is
// not a number WhatsApp can open is left out; the message and its other
// buttons are still sent, rather than the whole confirmation failing.
func TestAShareThatCannotBeBuiltIsLeftOut(t *testing.T) {
	t.Parallel()
	r, err := render.New(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	b := &Bot{opts: Options{Renderer: r}, username: "JagaNagariBot", log: slog.New(slog.DiscardHandler)}
	reply := signedReply{
		Reply: engine.Reply{Msg: "button.back", Buttons: [][]engine.Button{
			{{Msg: "whatsapp.button", Share: &engine.Share{Phone: "0812 tidak jelas", Msg: "whatsapp.button"}}},
			{{Msg: "button.back", Value: "back"}},
		}},
		data: [][]string{{""}, {"cb"}},
	}
	p, err := b.message(1, "id", reply)
	if err != nil {
		t.Fatalf("the message failed with the share: %v", err)
	}
	kb, ok := p.ReplyMarkup.(models.InlineKeyboardMarkup)
	if !ok || len(kb.InlineKeyboard) != 1 || kb.InlineKeyboard[0][0].CallbackData != "cb" {
		t.Fatalf("keyboard %+v, want the back button alone", p.ReplyMarkup)
	}
}
