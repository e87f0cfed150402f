package botapi_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/google/go-cmp/cmp"

	"github.com/jaganagari/jaganagari/internal/botapi"
)

const token = "123:abc"

// deadline bounds every wait in these tests; nothing sleeps.
const deadline = 10 * time.Second

var (
	rina = botapi.User{ID: 1001, FirstName: "Rina", LastName: "Putri", Username: "rinaputri", Phone: "+6281234567890", LanguageCode: "id"}
	budi = botapi.User{ID: 1002, FirstName: "Budi", Phone: "6281298765432"}
)

// newServer starts a Server behind an httptest.Server with rina and budi.
func newServer(t *testing.T) (*botapi.Server, string) {
	t.Helper()
	srv := botapi.New(token)
	ts := httptest.NewServer(srv)
	t.Cleanup(func() {
		// The Server first, so that waiting long polls end and ts.Close
		// does not wait for them.
		srv.Close()
		ts.Close()
	})
	for _, u := range []botapi.User{rina, budi} {
		if err := srv.AddUser(u); err != nil {
			t.Fatal(err)
		}
	}
	return srv, ts.URL
}

// newBot makes a go-telegram client talking to the server.
func newBot(t *testing.T, url string, opts ...bot.Option) *bot.Bot {
	t.Helper()
	opts = append([]bot.Option{
		bot.WithServerURL(url),
		bot.WithSkipGetMe(),
		bot.WithNotAsyncHandlers(), // handlers finish before Start returns
		bot.WithErrorsHandler(func(err error) {
			if !errors.Is(err, context.Canceled) {
				t.Logf("bot error: %v", err)
			}
		}),
		bot.WithDefaultHandler(func(context.Context, *bot.Bot, *models.Update) {}),
	}, opts...)
	b, err := bot.New(token, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// run starts the bot's long-polling loop until the test ends.
func run(t *testing.T, b *bot.Bot) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		b.Start(ctx)
		close(done)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
}

func ctxWithDeadline(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), deadline)
	t.Cleanup(cancel)
	return ctx
}

func receive[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(deadline):
		t.Fatal("timed out waiting on channel")
		panic("unreachable")
	}
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func TestGetMe(t *testing.T) {
	t.Parallel()
	_, url := newServer(t)
	// Without WithSkipGetMe, bot.New itself calls getMe.
	b, err := bot.New(token, bot.WithServerURL(url))
	if err != nil {
		t.Fatal(err)
	}
	me := must[*models.User](t)(b.GetMe(t.Context()))
	want := &models.User{ID: 123, IsBot: true, FirstName: "JagaNagari", Username: "JagaNagariBot", CanJoinGroups: true}
	if d := cmp.Diff(want, me); d != "" {
		t.Errorf("getMe (-want +got):\n%s", d)
	}

	_, err = must[*bot.Bot](t)(bot.New("999:wrong", bot.WithServerURL(url), bot.WithSkipGetMe())).GetMe(t.Context())
	if !errors.Is(err, bot.ErrorUnauthorized) {
		t.Errorf("getMe with a wrong token: err = %v, want unauthorized", err)
	}
}

func TestLongPolling(t *testing.T) {
	t.Parallel()

	t.Run("updates_reach_the_handler_in_order_and_echoes_arrive", func(t *testing.T) {
		t.Parallel()
		srv, url := newServer(t)
		got := make(chan *models.Update, 16)
		b := newBot(t, url, bot.WithDefaultHandler(func(ctx context.Context, b *bot.Bot, u *models.Update) {
			got <- u
			if u.Message != nil && u.Message.Text != "" {
				// The test may end, cancelling ctx, as soon as the server has
				// the last echo and before the client has read the answer.
				if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.Message.Chat.ID, Text: "echo: " + u.Message.Text}); err != nil && ctx.Err() == nil {
					t.Errorf("echo: %v", err)
				}
			}
		}))
		run(t, b)

		texts := []string{"/start", "halo", "nama saya Rina", "1302012345670001", "selesai"}
		for _, text := range texts {
			must[models.Update](t)(srv.SendText(rina.ID, text))
		}
		var lastID int64
		for i, text := range texts {
			u := receive(t, got)
			if u.Message == nil || u.Message.Text != text {
				t.Fatalf("update %d: got %+v, want text %q", i, u.Message, text)
			}
			if u.ID <= lastID {
				t.Errorf("update %d: id %d not above %d", i, u.ID, lastID)
			}
			lastID = u.ID
			if u.Message.From == nil || u.Message.From.ID != rina.ID || u.Message.Chat.ID != rina.ID || u.Message.Chat.Type != models.ChatTypePrivate {
				t.Errorf("update %d: from %+v chat %+v", i, u.Message.From, u.Message.Chat)
			}
		}

		ctx := ctxWithDeadline(t)
		if _, err := srv.WaitMessage(ctx, rina.ID, func(m botapi.Message) bool { return m.Text == "echo: selesai" }); err != nil {
			t.Fatal(err)
		}
		if err := srv.WaitIdle(ctx); err != nil {
			t.Fatal(err)
		}
		if n := srv.Pending(); n != 0 {
			t.Errorf("Pending = %d after WaitIdle", n)
		}

		// The burst arrives before the first echo, so compare each side.
		var fromUser, fromBot []string
		for _, m := range srv.Chat(rina.ID) {
			if m.FromBot {
				fromBot = append(fromBot, m.Text)
			} else {
				fromUser = append(fromUser, m.Text)
			}
		}
		var echoes []string
		for _, text := range texts {
			echoes = append(echoes, "echo: "+text)
		}
		if d := cmp.Diff(texts, fromUser); d != "" {
			t.Errorf("user side (-want +got):\n%s", d)
		}
		if d := cmp.Diff(echoes, fromBot); d != "" {
			t.Errorf("bot side (-want +got):\n%s", d)
		}
		for i, m := range srv.Chat(rina.ID) {
			if m.ID != i+1 {
				t.Errorf("message %d has ID %d", i, m.ID)
			}
		}
	})

	t.Run("start_is_a_bot_command_entity", func(t *testing.T) {
		t.Parallel()
		srv, _ := newServer(t)
		u := must[models.Update](t)(srv.SendCommand(rina.ID, "start ref_42"))
		want := []models.MessageEntity{{Type: models.MessageEntityTypeBotCommand, Offset: 0, Length: 6}}
		if u.Message.Text != "/start ref_42" {
			t.Errorf("text = %q", u.Message.Text)
		}
		if d := cmp.Diff(want, u.Message.Entities); d != "" {
			t.Errorf("entities (-want +got):\n%s", d)
		}
	})
}

func TestInlineKeyboard(t *testing.T) {
	t.Parallel()
	srv, url := newServer(t)
	answered := make(chan *models.CallbackQuery, 1)
	b := newBot(t, url, bot.WithDefaultHandler(func(ctx context.Context, b *bot.Bot, u *models.Update) {
		if u.CallbackQuery == nil {
			return
		}
		if _, err := b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: u.CallbackQuery.ID, Text: "Dipilih"}); err != nil {
			t.Errorf("answer: %v", err)
		}
		answered <- u.CallbackQuery
	}))
	run(t, b)

	kb := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{
		{{Text: "Ya", CallbackData: "reg.consent:yes"}, {Text: "Tidak", CallbackData: "reg.consent:no"}},
		{{Text: "Bantuan", URL: "https://jaganagari.id/bantuan"}},
	}}
	sent := must[*models.Message](t)(b.SendMessage(t.Context(), &bot.SendMessageParams{ChatID: rina.ID, Text: "Setuju?", ReplyMarkup: kb}))

	t.Run("the_call_is_recorded_with_the_keyboard", func(t *testing.T) {
		calls := srv.CallsTo("sendMessage")
		if len(calls) != 1 {
			t.Fatalf("%d sendMessage calls", len(calls))
		}
		var got models.InlineKeyboardMarkup
		if err := calls[0].Decode("reply_markup", &got); err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(*kb, got); d != "" {
			t.Errorf("recorded keyboard (-want +got):\n%s", d)
		}
		if calls[0].Params["chat_id"] != "1001" || calls[0].Params["text"] != "Setuju?" || !calls[0].OK() {
			t.Errorf("recorded params %v, status %d", calls[0].Params, calls[0].Status)
		}
		if d := cmp.Diff(kb, sent.ReplyMarkup); d != "" {
			t.Errorf("returned markup (-want +got):\n%s", d)
		}
		if d := cmp.Diff(kb, srv.Chat(rina.ID)[0].ReplyMarkup); d != "" {
			t.Errorf("transcript markup (-want +got):\n%s", d)
		}
	})

	t.Run("pressing_a_button_reaches_the_bot_and_its_answer_is_recorded", func(t *testing.T) {
		events, stop := srv.Subscribe()
		defer stop()
		u := must[models.Update](t)(srv.PressButton(rina.ID, sent.ID, "reg.consent:yes"))
		cq := receive(t, answered)
		if cq.ID != u.CallbackQuery.ID || cq.Data != "reg.consent:yes" || cq.From.ID != rina.ID {
			t.Errorf("callback query %+v", cq)
		}
		if cq.Message.Message == nil || cq.Message.Message.ID != sent.ID || cq.Message.Message.Text != "Setuju?" {
			t.Errorf("callback query message %+v", cq.Message.Message)
		}
		if cq.ChatInstance == "" {
			t.Error("no chat_instance")
		}
		// As Telegram does, the message comes with its keyboard, URL
		// buttons included (the bot keeps those when it settles a press).
		if d := cmp.Diff(kb, cq.Message.Message.ReplyMarkup); d != "" {
			t.Errorf("callback query message markup (-want +got):\n%s", d)
		}
		if _, err := srv.PressButton(rina.ID, sent.ID, ""); !errors.Is(err, botapi.ErrNoSuchButton) {
			t.Errorf("a URL button was pressed as a callback: %v", err)
		}
		calls := srv.CallsTo("answerCallbackQuery")
		if len(calls) != 1 || calls[0].Params["callback_query_id"] != cq.ID || calls[0].Params["text"] != "Dipilih" {
			t.Fatalf("answerCallbackQuery calls: %+v", calls)
		}
		for {
			ev := receive(t, events)
			if ev.Kind == botapi.EventCallbackAnswer {
				if !ev.Callback.Answered || ev.Callback.Text != "Dipilih" {
					t.Errorf("answer event %+v", ev.Callback)
				}
				break
			}
		}
	})

	t.Run("a_second_answer_is_refused", func(t *testing.T) {
		cq := srv.CallsTo("answerCallbackQuery")[0].Params["callback_query_id"]
		_, err := b.AnswerCallbackQuery(t.Context(), &bot.AnswerCallbackQueryParams{CallbackQueryID: cq})
		if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "query is too old") {
			t.Errorf("err = %v", err)
		}
	})

	t.Run("buttons_that_are_not_there_cannot_be_pressed", func(t *testing.T) {
		if _, err := srv.PressButton(rina.ID, sent.ID, "reg.consent:maybe"); !errors.Is(err, botapi.ErrNoSuchButton) {
			t.Errorf("unknown data: err = %v", err)
		}
		if _, err := srv.PressButton(rina.ID, 99, "reg.consent:yes"); !errors.Is(err, botapi.ErrNoSuchMessage) {
			t.Errorf("unknown message: err = %v", err)
		}
		if _, err := srv.PressButton(budi.ID, sent.ID, "reg.consent:yes"); !errors.Is(err, botapi.ErrNoSuchMessage) {
			t.Errorf("another chat's message: err = %v", err)
		}
	})

	t.Run("callback_data_over_64_bytes_is_refused", func(t *testing.T) {
		long := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "x", CallbackData: strings.Repeat("d", 65)}}}}
		_, err := b.SendMessage(t.Context(), &bot.SendMessageParams{ChatID: rina.ID, Text: "x", ReplyMarkup: long})
		if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "BUTTON_DATA_INVALID") {
			t.Errorf("err = %v", err)
		}
	})
}

func TestEditMessageText(t *testing.T) {
	t.Parallel()
	srv, url := newServer(t)
	b := newBot(t, url)
	ctx := t.Context()
	kb := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "Lanjut", CallbackData: "next"}}}}
	sent := must[*models.Message](t)(b.SendMessage(ctx, &bot.SendMessageParams{ChatID: rina.ID, Text: "Langkah 1", ReplyMarkup: kb}))

	edited := must[*models.Message](t)(b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: rina.ID, MessageID: sent.ID, Text: "Langkah 2", ReplyMarkup: kb}))
	if edited.Text != "Langkah 2" || edited.EditDate == 0 || edited.ID != sent.ID {
		t.Errorf("edited = %+v", edited)
	}
	m := srv.Chat(rina.ID)[0]
	if m.Text != "Langkah 2" || m.EditDate == 0 || cmp.Diff(kb, m.ReplyMarkup) != "" {
		t.Errorf("transcript after edit: text %q, edit_date %d, markup %+v", m.Text, m.EditDate, m.ReplyMarkup)
	}

	t.Run("an_identical_edit_is_not_modified", func(t *testing.T) {
		_, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: rina.ID, MessageID: sent.ID, Text: "Langkah 2", ReplyMarkup: kb})
		if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "message is not modified") {
			t.Errorf("err = %v", err)
		}
	})

	t.Run("leaving_out_reply_markup_removes_the_keyboard", func(t *testing.T) {
		must[*models.Message](t)(b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: rina.ID, MessageID: sent.ID, Text: "Langkah 2"}))
		if m := srv.Chat(rina.ID)[0]; m.ReplyMarkup != nil {
			t.Errorf("markup after edit without reply_markup: %+v", m.ReplyMarkup)
		}
		if _, err := srv.PressButton(rina.ID, sent.ID, "next"); !errors.Is(err, botapi.ErrNoSuchButton) {
			t.Errorf("pressing a removed button: err = %v", err)
		}
	})

	t.Run("editReplyMarkup_puts_a_keyboard_back", func(t *testing.T) {
		must[*models.Message](t)(b.EditMessageReplyMarkup(ctx, &bot.EditMessageReplyMarkupParams{ChatID: rina.ID, MessageID: sent.ID, ReplyMarkup: kb}))
		must[models.Update](t)(srv.PressButton(rina.ID, sent.ID, "next"))
	})

	t.Run("a_user_message_cannot_be_edited_by_the_bot", func(t *testing.T) {
		u := must[models.Update](t)(srv.SendText(rina.ID, "halo"))
		_, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: rina.ID, MessageID: u.Message.ID, Text: "x"})
		if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "message can't be edited") {
			t.Errorf("err = %v", err)
		}
	})

	t.Run("deleted_messages_are_flagged", func(t *testing.T) {
		if !must[bool](t)(b.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: rina.ID, MessageID: sent.ID})) {
			t.Error("deleteMessage returned false")
		}
		if m := srv.Chat(rina.ID)[0]; !m.Deleted {
			t.Error("message not flagged deleted")
		}
		_, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: rina.ID, MessageID: sent.ID, Text: "x"})
		if !strings.Contains(err.Error(), "message to edit not found") {
			t.Errorf("edit after delete: err = %v", err)
		}
	})

	t.Run("the_user_edits_their_message", func(t *testing.T) {
		u := must[models.Update](t)(srv.SendText(budi.ID, "nama: Budi"))
		e := must[models.Update](t)(srv.EditText(budi.ID, u.Message.ID, "nama: Budi Santoso"))
		if e.EditedMessage == nil || e.EditedMessage.ID != u.Message.ID || e.EditedMessage.Text != "nama: Budi Santoso" || e.EditedMessage.EditDate == 0 || e.ID <= u.ID {
			t.Errorf("edited_message update %+v", e)
		}
	})
}

func TestFailNext(t *testing.T) {
	t.Parallel()
	srv, url := newServer(t)
	b := newBot(t, url)
	ctx := t.Context()
	send := func() error {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: rina.ID, Text: "Pengingat"})
		return err
	}

	t.Run("429_is_a_TooManyRequestsError_with_retry_after", func(t *testing.T) {
		srv.FailNext("sendMessage", 2, http.StatusTooManyRequests, 7)
		for range 2 {
			err := send()
			var tooMany *bot.TooManyRequestsError
			if !errors.As(err, &tooMany) || tooMany.RetryAfter != 7 {
				t.Fatalf("err = %v, want TooManyRequestsError with RetryAfter 7", err)
			}
		}
		if err := send(); err != nil {
			t.Fatalf("third call: %v", err)
		}
		calls := srv.CallsTo("sendMessage")
		if len(calls) != 3 || calls[0].Status != 429 || !strings.Contains(string(calls[0].Response), `"parameters":{"retry_after":7}`) {
			t.Errorf("recorded: %d calls, first %d %s", len(calls), calls[0].Status, calls[0].Response)
		}
	})

	t.Run("403_is_ErrorForbidden", func(t *testing.T) {
		srv.FailNext("SENDMESSAGE", 1, http.StatusForbidden, 0)
		if err := send(); !errors.Is(err, bot.ErrorForbidden) || !strings.Contains(err.Error(), "bot was blocked by the user") {
			t.Fatalf("err = %v", err)
		}
	})

	t.Run("500_is_an_error_and_then_it_works_again", func(t *testing.T) {
		srv.FailNext("*", 1, http.StatusInternalServerError, 0)
		if err := send(); err == nil || !strings.Contains(err.Error(), "500") {
			t.Fatalf("err = %v", err)
		}
		if err := send(); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("a_user_who_blocked_the_bot_answers_403_from_then_on", func(t *testing.T) {
		before := srv.Pending()
		if err := srv.BlockBy(budi.ID); err != nil {
			t.Fatal(err)
		}
		if srv.Pending() != before+1 {
			t.Errorf("no my_chat_member update queued")
		}
		for range 2 {
			_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: budi.ID, Text: "halo"})
			if !errors.Is(err, bot.ErrorForbidden) {
				t.Fatalf("err = %v", err)
			}
		}
		if _, err := srv.SendText(budi.ID, "halo"); !errors.Is(err, botapi.ErrBlocked) {
			t.Errorf("blocked user sends: err = %v", err)
		}
		if err := send(); err != nil {
			t.Errorf("other users still get messages: %v", err)
		}
	})

	t.Run("an_unknown_chat_is_not_found", func(t *testing.T) {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 777, Text: "halo"})
		if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "chat not found") {
			t.Errorf("err = %v", err)
		}
	})
}

func TestFiles(t *testing.T) {
	t.Parallel()
	srv, url := newServer(t)
	b := newBot(t, url)
	ctx := t.Context()

	download := func(t *testing.T, fileID string) []byte {
		t.Helper()
		f := must[*models.File](t)(b.GetFile(ctx, &bot.GetFileParams{FileID: fileID}))
		resp, err := http.Get(b.FileDownloadLink(f))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("download %s: %s", f.FilePath, resp.Status)
		}
		return must[[]byte](t)(io.ReadAll(resp.Body))
	}

	t.Run("sendDocument_uploads_a_file_that_downloads_back_identical", func(t *testing.T) {
		data := bytes.Repeat([]byte("%PDF-1.4 laporan kecelakaan\n"), 500)
		m := must[*models.Message](t)(b.SendDocument(ctx, &bot.SendDocumentParams{
			ChatID:   rina.ID,
			Document: &models.InputFileUpload{Filename: "laporan.pdf", Data: bytes.NewReader(data)},
			Caption:  "Laporan",
		}))
		if m.Document == nil || m.Document.FileName != "laporan.pdf" || m.Document.FileSize != int64(len(data)) || m.Document.MimeType != "application/pdf" || m.Caption != "Laporan" {
			t.Fatalf("document %+v caption %q", m.Document, m.Caption)
		}
		if got := download(t, m.Document.FileID); !bytes.Equal(got, data) {
			t.Errorf("downloaded %d bytes, want the %d uploaded", len(got), len(data))
		}
		call := srv.CallsTo("sendDocument")[0]
		if up := call.Files["document"]; up.Name != "laporan.pdf" || !bytes.Equal(up.Data, data) {
			t.Errorf("recorded upload %q, %d bytes", up.Name, len(up.Data))
		}

		again := must[*models.Message](t)(b.SendDocument(ctx, &bot.SendDocumentParams{ChatID: budi.ID, Document: &models.InputFileString{Data: m.Document.FileID}}))
		if again.Document.FileID != m.Document.FileID {
			t.Errorf("resending by file_id gave %+v", again.Document)
		}
	})

	t.Run("a_user's_photo_and_document_can_be_downloaded", func(t *testing.T) {
		u := must[models.Update](t)(srv.SendPhoto(rina.ID, "foto KTP"))
		sizes := u.Message.Photo
		if len(sizes) < 2 || u.Message.Caption != "foto KTP" {
			t.Fatalf("photo %+v caption %q", sizes, u.Message.Caption)
		}
		largest := sizes[len(sizes)-1]
		if largest.Width != 640 || largest.Height != 480 {
			t.Errorf("largest size %dx%d", largest.Width, largest.Height)
		}
		if got := download(t, largest.FileID); !bytes.HasPrefix(got, []byte("\x89PNG")) {
			t.Errorf("photo is not a PNG")
		}
		u2 := must[models.Update](t)(srv.SendPhoto(rina.ID, ""))
		if u2.Message.Photo[0].FileID == sizes[0].FileID || u2.Message.Photo[0].FileUniqueID == sizes[0].FileUniqueID {
			t.Error("a second photo reuses file IDs")
		}

		d := must[models.Update](t)(srv.SendDocument(rina.ID, "surat.txt", []byte("surat keterangan")))
		if got := download(t, d.Message.Document.FileID); string(got) != "surat keterangan" {
			t.Errorf("document bytes %q", got)
		}
	})

	t.Run("sendPhoto_accepts_an_upload_and_a_file_id", func(t *testing.T) {
		u := must[models.Update](t)(srv.SendPhoto(budi.ID, ""))
		id := u.Message.Photo[len(u.Message.Photo)-1].FileID
		m := must[*models.Message](t)(b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: rina.ID, Photo: &models.InputFileString{Data: id}, Caption: "  Foto diterima, lihat /status \n"}))
		if m.Photo[len(m.Photo)-1].FileID != id || m.Caption != "Foto diterima, lihat /status" || len(m.CaptionEntities) != 1 {
			t.Errorf("photo by file_id: %+v caption %q %+v", m.Photo, m.Caption, m.CaptionEntities)
		}
		png := download(t, id)
		m = must[*models.Message](t)(b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: rina.ID, Photo: &models.InputFileUpload{Filename: "x.png", Data: bytes.NewReader(png)}}))
		if n := len(m.Photo); n == 0 || m.Photo[n-1].Width != 640 {
			t.Errorf("uploaded photo sizes %+v", m.Photo)
		}
		_, err := b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: rina.ID, Photo: &models.InputFileUpload{Filename: "x.png", Data: strings.NewReader("not an image")}})
		if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "IMAGE_PROCESS_FAILED") {
			t.Errorf("broken image: err = %v", err)
		}
	})

	t.Run("sendMediaGroup_sends_an_album", func(t *testing.T) {
		u := must[models.Update](t)(srv.SendPhoto(budi.ID, ""))
		png := download(t, u.Message.Photo[0].FileID)
		msgs := must[[]*models.Message](t)(b.SendMediaGroup(ctx, &bot.SendMediaGroupParams{ChatID: budi.ID, Media: []models.InputMedia{
			&models.InputMediaPhoto{Media: u.Message.Photo[0].FileID, Caption: "satu"},
			&models.InputMediaPhoto{Media: "attach://dua.png", MediaAttachment: bytes.NewReader(png)},
		}}))
		if len(msgs) != 2 || msgs[0].MediaGroupID == "" || msgs[0].MediaGroupID != msgs[1].MediaGroupID || msgs[1].ID != msgs[0].ID+1 || msgs[0].Caption != "satu" {
			t.Errorf("album: %+v", msgs)
		}
	})

	t.Run("an_album_from_a_user_shares_a_media_group_id", func(t *testing.T) {
		ups := must[[]models.Update](t)(srv.SendAlbum(rina.ID, 3))
		if len(ups) != 3 {
			t.Fatalf("%d updates", len(ups))
		}
		for _, u := range ups {
			if u.Message.MediaGroupID == "" || u.Message.MediaGroupID != ups[0].Message.MediaGroupID || len(u.Message.Photo) == 0 {
				t.Errorf("album item %+v", u.Message)
			}
		}
	})
}

func TestUserActions(t *testing.T) {
	t.Parallel()
	srv, url := newServer(t)
	b := newBot(t, url)
	ctx := t.Context()

	t.Run("a_contact_button_shares_the_users_own_phone", func(t *testing.T) {
		kb := &models.ReplyKeyboardMarkup{Keyboard: [][]models.KeyboardButton{{{Text: "Kirim nomor HP", RequestContact: true}}, {{Text: "Batal"}}}, ResizeKeyboard: true, OneTimeKeyboard: true}
		must[*models.Message](t)(b.SendMessage(ctx, &bot.SendMessageParams{ChatID: rina.ID, Text: "Nomor HP?", ReplyMarkup: kb}))
		if d := cmp.Diff(kb, srv.Keyboard(rina.ID)); d != "" {
			t.Errorf("keyboard on screen (-want +got):\n%s", d)
		}
		u := must[models.Update](t)(srv.PressKeyboardButton(rina.ID, "Kirim nomor HP"))
		want := &models.Contact{PhoneNumber: rina.Phone, FirstName: rina.FirstName, LastName: rina.LastName, UserID: rina.ID}
		if d := cmp.Diff(want, u.Message.Contact); d != "" {
			t.Errorf("contact (-want +got):\n%s", d)
		}
		if _, err := srv.PressKeyboardButton(rina.ID, "Lanjut"); !errors.Is(err, botapi.ErrNoSuchButton) {
			t.Errorf("pressing a button not on screen: err = %v", err)
		}
		must[*models.Message](t)(b.SendMessage(ctx, &bot.SendMessageParams{ChatID: rina.ID, Text: "Terima kasih", ReplyMarkup: &models.ReplyKeyboardRemove{RemoveKeyboard: true}}))
		if kb := srv.Keyboard(rina.ID); kb != nil {
			t.Errorf("keyboard after remove_keyboard: %+v", kb)
		}
	})

	t.Run("location_sticker_and_voice", func(t *testing.T) {
		loc := must[models.Update](t)(srv.SendLocation(budi.ID, -0.79, 100.65))
		if loc.Message.Location == nil || loc.Message.Location.Latitude != -0.79 {
			t.Errorf("location %+v", loc.Message.Location)
		}
		st := must[models.Update](t)(srv.SendSticker(budi.ID))
		if st.Message.Sticker == nil || st.Message.Sticker.FileID == "" || st.Message.Text != "" {
			t.Errorf("sticker %+v", st.Message)
		}
		v := must[models.Update](t)(srv.SendVoice(budi.ID))
		if v.Message.Voice == nil || v.Message.Voice.Duration == 0 {
			t.Errorf("voice %+v", v.Message)
		}
		m := must[*models.Message](t)(b.SendLocation(ctx, &bot.SendLocationParams{ChatID: budi.ID, Latitude: -0.95, Longitude: 100.35}))
		if m.Location == nil || m.Location.Longitude != 100.35 {
			t.Errorf("bot location %+v", m.Location)
		}
	})

	t.Run("groups_deliver_commands_and_mentions_in_privacy_mode", func(t *testing.T) {
		const group = -1001234567890
		if err := srv.AddGroup(group, "Staf Nagari"); err != nil {
			t.Fatal(err)
		}
		if err := srv.AddMember(group, rina.ID); err != nil {
			t.Fatal(err)
		}
		for text, delivered := range map[string]bool{
			"rapat jam 9":              false,
			"/laporan":                 true,
			"/laporan@JagaNagariBot":   true,
			"/laporan@OtherBot":        false,
			"tolong @JagaNagariBot ya": true,
		} {
			u := must[models.Update](t)(srv.SendTextInGroup(group, rina.ID, text))
			if (u.ID != 0) != delivered {
				t.Errorf("%q: update id %d, delivered should be %v", text, u.ID, delivered)
			}
			if u.Message != nil && u.Message.Chat.Type != models.ChatTypeSupergroup {
				t.Errorf("chat type %q", u.Message.Chat.Type)
			}
		}
		if _, err := srv.SendTextInGroup(group, budi.ID, "/laporan"); !errors.Is(err, botapi.ErrNotMember) {
			t.Errorf("non-member: err = %v", err)
		}
		if n := len(srv.Chat(group)); n != 5 {
			t.Errorf("group transcript has %d messages, want all 5", n)
		}
		chat := must[*models.ChatFullInfo](t)(b.GetChat(ctx, &bot.GetChatParams{ChatID: group}))
		if chat.Title != "Staf Nagari" || chat.Type != models.ChatTypeSupergroup {
			t.Errorf("getChat %+v", chat)
		}
	})

	t.Run("chat_actions_are_reported", func(t *testing.T) {
		events, stop := srv.Subscribe()
		defer stop()
		must[bool](t)(b.SendChatAction(ctx, &bot.SendChatActionParams{ChatID: rina.ID, Action: models.ChatActionTyping}))
		for {
			if ev := receive(t, events); ev.Kind == botapi.EventChatAction {
				if ev.Action != "typing" || ev.ChatID != rina.ID {
					t.Errorf("event %+v", ev)
				}
				break
			}
		}
		_, err := b.SendChatAction(ctx, &bot.SendChatActionParams{ChatID: rina.ID, Action: "dancing"})
		if !errors.Is(err, bot.ErrorBadRequest) {
			t.Errorf("bad action: err = %v", err)
		}
	})

	t.Run("commands_are_kept_per_language", func(t *testing.T) {
		cmds := []models.BotCommand{{Command: "daftar", Description: "Daftar BPJS"}, {Command: "batal", Description: "Batalkan"}}
		must[bool](t)(b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: cmds}))
		if d := cmp.Diff(cmds, srv.Commands("id")); d != "" {
			t.Errorf("commands (-want +got):\n%s", d)
		}
		_, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: []models.BotCommand{{Command: "Daftar!", Description: "x"}}})
		if !errors.Is(err, bot.ErrorBadRequest) {
			t.Errorf("bad command: err = %v", err)
		}
	})
}

func TestTextValidation(t *testing.T) {
	t.Parallel()
	_, url := newServer(t)
	b := newBot(t, url)
	tests := []struct {
		name, text string
		mode       models.ParseMode
		entities   []models.MessageEntity
		wantErr    string
		wantText   string
	}{
		{name: "4096_characters_pass", text: strings.Repeat("a", 4096)},
		{name: "4097_characters_are_too_long", text: strings.Repeat("a", 4097), wantErr: "Bad Request: message is too long"},
		{name: "emoji_count_twice", text: strings.Repeat("😀", 2049), wantErr: "message is too long"},
		{name: "empty_text", text: "", wantErr: "Bad Request: message text is empty"},
		{name: "only_white_space", text: " \n\t ", wantErr: "message text is empty"},
		{name: "tags_are_text", text: "<b>halo</b>", wantText: "<b>halo</b>"},
		// The bot sends plain text; formatting would be Telegram's to
		// render, not this server's, so it is refused outright.
		{name: "parse_mode_is_refused", text: "<b>halo</b>", mode: models.ParseModeHTML, wantErr: "send plain text"},
		{name: "entities_are_refused", text: "halo", entities: []models.MessageEntity{{Type: "bold", Length: 4}}, wantErr: "send plain text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := b.SendMessage(t.Context(), &bot.SendMessageParams{ChatID: rina.ID, Text: tt.text, ParseMode: tt.mode, Entities: tt.entities})
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("err = %v", err)
			case tt.wantText != "" && m.Text != tt.wantText:
				t.Errorf("text = %q, want %q", m.Text, tt.wantText)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("err = %v, want %q", err, tt.wantErr)
			case tt.wantErr != "" && !errors.Is(err, bot.ErrorBadRequest):
				t.Errorf("err = %v, want a bad request", err)
			}
		})
	}
}

// TestDetectedEntities checks what Telegram marks by itself in plain text,
// which the simulator shows as links and commands.
func TestDetectedEntities(t *testing.T) {
	t.Parallel()
	_, url := newServer(t)
	b := newBot(t, url)
	tests := []struct {
		name, text string
		wantText   string
		want       []models.MessageEntity
	}{
		{
			name:     "white_space_is_trimmed_and_links_detected",
			text:     "\n  buka https://jaganagari.id/status, lalu /status  \n",
			wantText: "buka https://jaganagari.id/status, lalu /status",
			want: []models.MessageEntity{
				{Type: "url", Offset: 5, Length: 28}, {Type: "bot_command", Offset: 40, Length: 7},
			},
		},
		{
			name:     "offsets_count_utf16_units",
			text:     "😀 /start@JagaNagariBot #jkk @petugas a@b.co",
			wantText: "😀 /start@JagaNagariBot #jkk @petugas a@b.co",
			want: []models.MessageEntity{
				{Type: "bot_command", Offset: 3, Length: 20}, {Type: "hashtag", Offset: 24, Length: 4},
				{Type: "mention", Offset: 29, Length: 8}, {Type: "email", Offset: 38, Length: 6},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := b.SendMessage(t.Context(), &bot.SendMessageParams{ChatID: rina.ID, Text: tt.text})
			if err != nil {
				t.Fatal(err)
			}
			if m.Text != tt.wantText {
				t.Errorf("text = %q, want %q", m.Text, tt.wantText)
			}
			if d := cmp.Diff(tt.want, m.Entities); d != "" {
				t.Errorf("entities (-want +got):\n%s", d)
			}
		})
	}
}

func TestWebhook(t *testing.T) {
	t.Parallel()
	srv, url := newServer(t)

	var (
		mu       sync.Mutex
		failures = 1 // the first delivery fails, to prove the retry
		secrets  []string
	)
	got := make(chan *models.Update, 16)
	b := newBot(t, url,
		bot.WithWebhookSecretToken("rahasia-42"),
		bot.WithDefaultHandler(func(_ context.Context, _ *bot.Bot, u *models.Update) { got <- u }))
	hook := b.WebhookHandler()
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		secrets = append(secrets, r.Header.Get("X-Telegram-Bot-Api-Secret-Token"))
		fail := failures > 0
		failures--
		mu.Unlock()
		if fail {
			http.Error(w, "not ready", http.StatusInternalServerError)
			return
		}
		hook(w, r)
	}))
	t.Cleanup(receiver.Close)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { b.StartWebhook(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })

	if !must[bool](t)(b.SetWebhook(t.Context(), &bot.SetWebhookParams{URL: receiver.URL, SecretToken: "rahasia-42"})) {
		t.Fatal("setWebhook returned false")
	}
	texts := []string{"satu", "dua", "tiga"}
	for _, text := range texts {
		must[models.Update](t)(srv.SendText(rina.ID, text))
	}
	for _, text := range texts {
		if u := receive(t, got); u.Message == nil || u.Message.Text != text {
			t.Fatalf("got %+v, want %q", u.Message, text)
		}
	}
	if err := srv.WaitIdle(ctxWithDeadline(t)); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	for _, s := range secrets {
		if s != "rahasia-42" {
			t.Errorf("secret header %q", s)
		}
	}
	if len(secrets) != 4 {
		t.Errorf("%d deliveries, want 3 plus one retry", len(secrets))
	}
	mu.Unlock()

	info := must[*models.WebhookInfo](t)(b.GetWebhookInfo(t.Context()))
	if info.URL != receiver.URL || info.PendingUpdateCount != 0 || !strings.Contains(info.LastErrorMessage, "500") {
		t.Errorf("webhook info %+v", info)
	}

	t.Run("getUpdates_conflicts_while_the_webhook_is_set", func(t *testing.T) {
		resp, err := http.Post(url+"/bot"+token+"/getUpdates", "application/json", strings.NewReader(`{}`))
		if err != nil {
			t.Fatal(err)
		}
		body := must[[]byte](t)(io.ReadAll(resp.Body))
		resp.Body.Close()
		if resp.StatusCode != http.StatusConflict || !strings.Contains(string(body), "can't use getUpdates method while webhook is active") {
			t.Errorf("%s %s", resp.Status, body)
		}
	})

	t.Run("after_deleteWebhook_updates_wait_for_getUpdates", func(t *testing.T) {
		must[bool](t)(b.DeleteWebhook(t.Context(), &bot.DeleteWebhookParams{}))
		must[models.Update](t)(srv.SendText(rina.ID, "empat"))
		if n := srv.Pending(); n != 1 {
			t.Errorf("Pending = %d", n)
		}
	})
}

func TestConcurrentSenders(t *testing.T) {
	t.Parallel()
	srv, url := newServer(t)
	users := []botapi.User{rina, budi}
	for i := range 4 {
		u := botapi.User{ID: int64(2000 + i), FirstName: "Warga"}
		if err := srv.AddUser(u); err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	handled := make(chan int64, 1000)
	b := newBot(t, url, bot.WithDefaultHandler(func(_ context.Context, _ *bot.Bot, u *models.Update) {
		if u.Message != nil {
			handled <- u.ID
		}
	}))
	run(t, b)
	events, stop := srv.Subscribe()
	defer stop()

	const perWorker = 15
	var wg sync.WaitGroup
	for _, u := range users {
		wg.Go(func() { // the bot writes to u
			for i := range perWorker {
				if _, err := b.SendMessage(t.Context(), &bot.SendMessageParams{ChatID: u.ID, Text: "pesan " + string(rune('a'+i))}); err != nil {
					t.Errorf("send to %d: %v", u.ID, err)
				}
			}
		})
		wg.Go(func() { // u writes to the bot
			for i := range perWorker {
				if _, err := srv.SendText(u.ID, "balas "+string(rune('a'+i))); err != nil {
					t.Errorf("send from %d: %v", u.ID, err)
				}
			}
		})
		wg.Go(func() { // someone watches
			_ = srv.Chat(u.ID)
			_ = srv.Calls()
			_ = srv.Pending()
		})
	}
	wg.Wait()

	seen := map[int64]bool{}
	for range len(users) * perWorker {
		id := receive(t, handled)
		if seen[id] {
			t.Errorf("update %d handled twice", id)
		}
		seen[id] = true
	}
	for _, u := range users {
		msgs := srv.Chat(u.ID)
		if len(msgs) != 2*perWorker {
			t.Errorf("chat %d has %d messages", u.ID, len(msgs))
		}
		for i, m := range msgs {
			if m.ID != i+1 {
				t.Errorf("chat %d: message %d has ID %d", u.ID, i, m.ID)
			}
		}
	}
	var last uint64
	for len(events) > 0 {
		ev := <-events
		if ev.Seq <= last {
			t.Errorf("event seq %d after %d", ev.Seq, last)
		}
		last = ev.Seq
	}
}

func TestWaiting(t *testing.T) {
	t.Parallel()

	t.Run("WaitMessage_gives_up_when_the_context_ends", func(t *testing.T) {
		t.Parallel()
		srv, _ := newServer(t)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		if _, err := srv.WaitMessage(ctx, rina.ID, nil); !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v", err)
		}
	})

	t.Run("WaitMessage_sees_a_later_edit", func(t *testing.T) {
		t.Parallel()
		srv, url := newServer(t)
		b := newBot(t, url)
		m := must[*models.Message](t)(b.SendMessage(t.Context(), &bot.SendMessageParams{ChatID: rina.ID, Text: "Memproses…"}))
		found := make(chan botapi.Message, 1)
		go func() {
			got, err := srv.WaitMessage(ctxWithDeadline(t), rina.ID, func(m botapi.Message) bool { return m.Text == "Selesai" })
			if err != nil {
				t.Error(err)
			}
			found <- got
		}()
		must[*models.Message](t)(b.EditMessageText(t.Context(), &bot.EditMessageTextParams{ChatID: rina.ID, MessageID: m.ID, Text: "Selesai"}))
		if got := receive(t, found); got.ID != m.ID {
			t.Errorf("found message %d, want %d", got.ID, m.ID)
		}
	})

	t.Run("Close_ends_waiters_and_subscriptions", func(t *testing.T) {
		t.Parallel()
		srv := botapi.New(token)
		if err := srv.AddUser(rina); err != nil {
			t.Fatal(err)
		}
		events, _ := srv.Subscribe()
		errc := make(chan error, 1)
		go func() {
			_, err := srv.WaitMessage(t.Context(), rina.ID, nil)
			errc <- err
		}()
		srv.Close()
		if err := receive(t, errc); !errors.Is(err, botapi.ErrClosed) {
			t.Errorf("err = %v", err)
		}
		for range events {
		}
	})

	t.Run("the_clock_hook_dates_messages_and_calls", func(t *testing.T) {
		t.Parallel()
		srv := botapi.New(token)
		at := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
		srv.Now = func() time.Time { return at }
		ts := httptest.NewServer(srv)
		t.Cleanup(func() { srv.Close(); ts.Close() })
		if err := srv.AddUser(rina); err != nil {
			t.Fatal(err)
		}
		u := must[models.Update](t)(srv.SendText(rina.ID, "halo"))
		b := newBot(t, ts.URL)
		m := must[*models.Message](t)(b.SendMessage(t.Context(), &bot.SendMessageParams{ChatID: rina.ID, Text: "halo"}))
		if u.Message.Date != int(at.Unix()) || m.Date != int(at.Unix()) || !srv.Calls()[0].At.Equal(at) {
			t.Errorf("dates %d %d, call at %v", u.Message.Date, m.Date, srv.Calls()[0].At)
		}
	})
}

// counter is an UpdateIDs kept outside the server, as the simulator keeps
// its counter in Redis.
type counter struct {
	mu   sync.Mutex
	next int64
	err  error
}

func (c *counter) NextUpdateID() (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return 0, c.err
	}
	c.next++
	return c.next, nil
}

func (c *counter) set(next int64, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.next, c.err = next, err
}

func TestUpdateNumberingOutlivesTheServer(t *testing.T) {
	t.Parallel()
	ids := &counter{}
	send := func(srv *botapi.Server) int64 {
		t.Helper()
		u, err := srv.SendText(rina.ID, "halo")
		if err != nil {
			t.Fatal(err)
		}
		return u.ID
	}
	var got []int64
	for range 2 { // a server, then the one started after it
		srv, _ := newServer(t)
		srv.NumberUpdatesWith(ids)
		got = append(got, send(srv), send(srv))
	}
	if d := cmp.Diff([]int64{1, 2, 3, 4}, got); d != "" {
		t.Errorf("update ids across a restart (-want +got):\n%s", d)
	}

	// A failing store, or one wiped while the server runs, does not make
	// ids go back: the bot's getUpdates offset would skip the updates.
	srv, _ := newServer(t)
	srv.NumberUpdatesWith(ids)
	first := send(srv)
	ids.set(0, errors.New("store down"))
	down := send(srv)
	ids.set(0, nil)
	wiped := send(srv)
	if first != 5 || down != 6 || wiped != 7 {
		t.Errorf("ids %d, %d with the store down, %d after it was wiped; want 5, 6, 7", first, down, wiped)
	}
}
