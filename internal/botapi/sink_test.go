package botapi_test

import (
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/jaganagari/jaganagari/internal/botapi"
)

func TestSink(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var got []botapi.SinkMessage
	sink := botapi.NewSink(token, func(m botapi.SinkMessage) {
		mu.Lock()
		got = append(got, m)
		mu.Unlock()
	})
	ts := httptest.NewServer(sink)
	t.Cleanup(ts.Close)
	ctx := t.Context()

	b, err := bot.New(token, bot.WithServerURL(ts.URL)) // checks getMe
	if err != nil {
		t.Fatal(err)
	}

	t.Run("send_message_is_delivered_and_answered", func(t *testing.T) {
		m, err := b.SendMessage(ctx, &bot.SendMessageParams{
			ChatID: 77, Text: "Halo",
			ReplyMarkup: models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "Ya", CallbackData: "reg.consent|agree"}}}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if m.Chat.ID != 77 || m.Text != "Halo" || m.ID == 0 {
			t.Errorf("answer %+v", m)
		}
		mu.Lock()
		defer mu.Unlock()
		if len(got) != 1 || got[0].ChatID != 77 || got[0].ID != m.ID || got[0].At.IsZero() {
			t.Fatalf("delivered %+v", got)
		}
		if want := `"callback_data":"reg.consent|agree"`; !strings.Contains(got[0].ReplyMarkup, want) {
			t.Errorf("reply markup %s lacks %s", got[0].ReplyMarkup, want)
		}
	})

	t.Run("button_acknowledgements_succeed", func(t *testing.T) {
		if _, err := b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: "1"}); err != nil {
			t.Error(err)
		}
		_, err := b.EditMessageReplyMarkup(ctx, &bot.EditMessageReplyMarkupParams{ChatID: 77, MessageID: 5,
			ReplyMarkup: models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{}}})
		if err != nil {
			t.Error(err)
		}
		// A pressed question is edited to show its answer.
		m, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: 77, MessageID: 5, Text: "Pilih jenis kelamin:\n➡️ Perempuan"})
		if err != nil {
			t.Fatal(err)
		}
		if m.Chat.ID != 77 || m.ID != 5 {
			t.Errorf("edit answered %+v", m)
		}
	})

	t.Run("other_methods_and_tokens_are_refused", func(t *testing.T) {
		if _, err := b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: 77, Photo: &models.InputFileString{Data: "x"}}); err == nil {
			t.Error("sendPhoto succeeded")
		}
		other, err := bot.New("999:other", bot.WithServerURL(ts.URL), bot.WithSkipGetMe())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := other.SendMessage(ctx, &bot.SendMessageParams{ChatID: 77, Text: "x"}); err == nil {
			t.Error("wrong token accepted")
		}
	})
}
