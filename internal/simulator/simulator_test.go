package simulator_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/jaganagari/jaganagari/internal/botapi"
	"github.com/jaganagari/jaganagari/internal/simulator"
)

const token = "1000000:simulator-test"

// deadline bounds every wait; nothing sleeps.
const deadline = 10 * time.Second

type fixture struct {
	api *botapi.Server
	sim *simulator.Simulator
	url string   // the simulator
	bot *bot.Bot // a Bot API client standing in for the bot
	me  simulator.Phone
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	api := botapi.New(token)
	apiTS := httptest.NewServer(api)
	sim := simulator.New(api, nil)
	simTS := httptest.NewServer(sim)
	t.Cleanup(func() {
		sim.Close()
		api.Close()
		simTS.Close()
		apiTS.Close()
	})
	b, err := bot.New(token, bot.WithServerURL(apiTS.URL), bot.WithSkipGetMe())
	if err != nil {
		t.Fatal(err)
	}
	me, err := sim.AddPhone(simulator.Phone{Name: "Ibu Siti", Phone: "0812-3456-0001"})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{api: api, sim: sim, url: simTS.URL, bot: b, me: me}
}

func (f *fixture) post(t *testing.T, path string, body any) (int, map[string]any) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	resp, err := http.Post(f.url+path, "application/json", r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func (f *fixture) last(t *testing.T) botapi.Message {
	t.Helper()
	msgs := f.api.Chat(f.me.ID)
	if len(msgs) == 0 {
		t.Fatal("the chat is empty")
	}
	return msgs[len(msgs)-1]
}

func TestPageIsEmbeddedAndOffline(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	external := regexp.MustCompile(`(?i)(src|href)\s*=\s*["']?(https?:)?//|@import|url\(\s*["']?(https?:)?//`)
	for _, path := range []string{"/", "/app.css", "/app.js"} {
		resp, err := http.Get(f.url + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || len(body) < 500 {
			t.Errorf("GET %s: %s, %d bytes", path, resp.Status, len(body))
		}
		if m := external.Find(body); m != nil {
			t.Errorf("%s loads something from outside: %q", path, m)
		}
	}
}

func TestPhones(t *testing.T) {
	t.Parallel()
	f := newFixture(t)

	t.Run("a_typed_number_becomes_international", func(t *testing.T) {
		if f.me.Phone != "+6281234560001" || f.me.Role != "pekerja" || f.me.ID != 1001 {
			t.Errorf("added %+v", f.me)
		}
	})

	t.Run("the_page_adds_a_phone_with_the_next_id", func(t *testing.T) {
		code, got := f.post(t, "/api/phones", map[string]string{"name": "  Pak   Rajo ", "phone": "6281377770000", "role": "petugas nagari"})
		if code != http.StatusCreated || got["name"] != "Pak Rajo" || got["id"] != float64(1002) || got["phone"] != "+6281377770000" {
			t.Fatalf("%d %v", code, got)
		}
		if err := f.api.AddUser(botapi.User{ID: 1002, FirstName: "again"}); err != nil {
			t.Fatal(err) // botapi knows the user: re-adding updates it
		}
		resp, err := http.Get(f.url + "/api/phones")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var list []simulator.Phone
		if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[1].Name != "Pak Rajo" {
			t.Errorf("phones %+v", list)
		}
	})

	t.Run("bad_names_and_numbers_are_refused", func(t *testing.T) {
		for _, p := range []map[string]string{
			{"name": "", "phone": "08123456789"},
			{"name": "Ani", "phone": "bukan nomor"},
			{"name": "Ani", "phone": "123"},
			{"name": strings.Repeat("a", 65), "phone": "08123456789"},
		} {
			if code, got := f.post(t, "/api/phones", p); code != http.StatusBadRequest || got["error"] == "" {
				t.Errorf("%v: %d %v", p, code, got)
			}
		}
		if _, err := f.sim.AddPhone(simulator.Phone{ID: f.me.ID, Name: "Dua", Phone: "08123456789"}); err == nil {
			t.Error("a taken ID was accepted")
		}
	})

	t.Run("an_unknown_phone_is_404", func(t *testing.T) {
		if code, _ := f.post(t, "/api/phones/4242/text", map[string]string{"text": "halo"}); code != http.StatusNotFound {
			t.Errorf("status %d", code)
		}
	})

	t.Run("another_site_cannot_post", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, f.url+"/api/phones/1001/text", strings.NewReader(`{"text":"halo"}`))
		req.Header.Set("Origin", "http://evil.example")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("status %d", resp.StatusCode)
		}
	})
}

func TestUserActions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	id := f.me.ID

	t.Run("text_reaches_the_bot", func(t *testing.T) {
		if code, got := f.post(t, "/api/phones/1001/text", map[string]string{"text": "/start"}); code != http.StatusOK {
			t.Fatalf("%d %v", code, got)
		}
		if m := f.last(t); m.Text != "/start" || m.FromBot || m.UpdateID == 0 {
			t.Errorf("last message %+v", m)
		}
		if code, _ := f.post(t, "/api/phones/1001/text", map[string]string{"text": "   "}); code != http.StatusBadRequest {
			t.Errorf("empty text: status %d", code)
		}
	})

	t.Run("an_inline_button_is_pressed_once_it_exists", func(t *testing.T) {
		m, err := f.bot.SendMessage(ctx, &bot.SendMessageParams{ChatID: id, Text: "Setuju?", ReplyMarkup: &models.InlineKeyboardMarkup{
			InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "✅ Setuju", CallbackData: "consent:yes"}}},
		}})
		if err != nil {
			t.Fatal(err)
		}
		if code, got := f.post(t, "/api/phones/1001/press", map[string]any{"message_id": m.ID, "data": "consent:yes"}); code != http.StatusOK {
			t.Errorf("%d %v", code, got)
		}
		if code, _ := f.post(t, "/api/phones/1001/press", map[string]any{"message_id": m.ID, "data": "nope"}); code != http.StatusBadRequest {
			t.Errorf("missing button: status %d", code)
		}
	})

	t.Run("the_contact_button_shares_the_phone's_number", func(t *testing.T) {
		_, err := f.bot.SendMessage(ctx, &bot.SendMessageParams{ChatID: id, Text: "Nomor HP?", ReplyMarkup: &models.ReplyKeyboardMarkup{
			Keyboard: [][]models.KeyboardButton{{{Text: "📱 Kirim nomor saya", RequestContact: true}}},
		}})
		if err != nil {
			t.Fatal(err)
		}
		if code, got := f.post(t, "/api/phones/1001/key", map[string]string{"text": "📱 Kirim nomor saya"}); code != http.StatusOK {
			t.Fatalf("%d %v", code, got)
		}
		if m := f.last(t); m.Contact == nil || m.Contact.PhoneNumber != "+6281234560001" || m.Contact.UserID != id {
			t.Errorf("last message %+v", m.Message)
		}
		if code, _ := f.post(t, "/api/phones/1001/key", map[string]string{"text": "not on screen"}); code != http.StatusBadRequest {
			t.Errorf("missing key: status %d", code)
		}
	})

	t.Run("location_defaults_to_alahan_panjang", func(t *testing.T) {
		if code, got := f.post(t, "/api/phones/1001/location", nil); code != http.StatusOK {
			t.Fatalf("%d %v", code, got)
		}
		if m := f.last(t); m.Location == nil || m.Location.Latitude > -1 || m.Location.Longitude < 100.7 {
			t.Errorf("location %+v", m.Location)
		}
		if code, _ := f.post(t, "/api/phones/1001/location", map[string]float64{"latitude": -0.79, "longitude": 100.65}); code != http.StatusOK {
			t.Errorf("status %d", code)
		}
		if m := f.last(t); m.Location == nil || m.Location.Latitude != -0.79 {
			t.Errorf("location %+v", m.Location)
		}
	})

	t.Run("an_uploaded_photo_downloads_back_identical", func(t *testing.T) {
		var img bytes.Buffer
		if err := png.Encode(&img, image.NewGray(image.Rect(0, 0, 300, 200))); err != nil {
			t.Fatal(err)
		}
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("photo", "luka.png")
		fw.Write(img.Bytes())
		mw.WriteField("caption", "luka di kaki")
		mw.Close()
		resp, err := http.Post(f.url+"/api/phones/1001/photo", mw.FormDataContentType(), &body)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("upload: %s", resp.Status)
		}
		m := f.last(t)
		if len(m.Photo) == 0 || m.Caption != "luka di kaki" {
			t.Fatalf("photo %+v caption %q", m.Photo, m.Caption)
		}
		got := download(t, f.url+"/api/files/"+m.Photo[len(m.Photo)-1].FileID)
		if !bytes.Equal(got, img.Bytes()) {
			t.Errorf("downloaded %d bytes, uploaded %d", len(got), img.Len())
		}

		resp, err = http.Post(f.url+"/api/phones/1001/photo", "text/plain", strings.NewReader("x"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("not multipart: %s", resp.Status)
		}
	})

	t.Run("a_document_from_the_bot_downloads_under_its_name", func(t *testing.T) {
		data := []byte("PK\x03\x04 pretend xlsx")
		m, err := f.bot.SendDocument(ctx, &bot.SendDocumentParams{ChatID: id, Document: &models.InputFileUpload{Filename: "rekap.xlsx", Data: bytes.NewReader(data)}})
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.Get(f.url + "/api/files/" + m.Document.FileID + "?name=rekap.xlsx")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		got, _ := io.ReadAll(resp.Body)
		if !bytes.Equal(got, data) || !strings.Contains(resp.Header.Get("Content-Disposition"), `filename=rekap.xlsx`) {
			t.Errorf("got %q, Content-Disposition %q", got, resp.Header.Get("Content-Disposition"))
		}
		resp2, err := http.Get(f.url + "/api/files/unknown")
		if err != nil {
			t.Fatal(err)
		}
		resp2.Body.Close()
		if resp2.StatusCode != http.StatusNotFound {
			t.Errorf("unknown file: %s", resp2.Status)
		}
	})
}

func download(t *testing.T, url string) []byte {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	b, _ := io.ReadAll(resp.Body)
	return b
}

// event is what the page reads from /events.
type event struct {
	Type     string                      `json:"type"`
	ChatID   int64                       `json:"chat_id"`
	Message  *botapi.Message             `json:"message"`
	Keyboard *models.ReplyKeyboardMarkup `json:"keyboard"`
	Callback *botapi.Callback            `json:"callback"`
	Phones   []simulator.Phone           `json:"phones"`
	Chats    []struct {
		Phone    simulator.Phone  `json:"phone"`
		Messages []botapi.Message `json:"messages"`
	} `json:"chats"`
}

// stream opens /events and returns the events as they come.
func stream(t *testing.T, url string) <-chan event {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+"/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	out := make(chan event, 100)
	go func() {
		defer close(out)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			data, ok := strings.CutPrefix(sc.Text(), "data: ")
			if !ok {
				continue
			}
			var e event
			if err := json.Unmarshal([]byte(data), &e); err != nil {
				t.Errorf("bad event %q: %v", data, err)
				return
			}
			out <- e
		}
	}()
	t.Cleanup(cancel)
	return out
}

// next returns the next event of one of the types, skipping others.
func next(t *testing.T, events <-chan event, types ...string) event {
	t.Helper()
	timer := time.NewTimer(deadline)
	defer timer.Stop()
	for {
		select {
		case e, ok := <-events:
			if !ok {
				t.Fatalf("stream ended while waiting for %v", types)
			}
			for _, ty := range types {
				if e.Type == ty {
					return e
				}
			}
		case <-timer.C:
			t.Fatalf("no %v event within %s", types, deadline)
		}
	}
}

func TestEvents(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	id := f.me.ID
	if _, err := f.api.SendText(id, "sebelum"); err != nil {
		t.Fatal(err)
	}

	events := stream(t, f.url)
	snap := next(t, events, "snapshot")
	if len(snap.Chats) != 1 || len(snap.Chats[0].Messages) != 1 || snap.Chats[0].Messages[0].Text != "sebelum" {
		t.Fatalf("snapshot %+v", snap)
	}

	t.Run("a_bot_message_arrives_with_the_keyboard_it_shows", func(t *testing.T) {
		_, err := f.bot.SendMessage(ctx, &bot.SendMessageParams{ChatID: id, Text: "Nomor HP?", ReplyMarkup: &models.ReplyKeyboardMarkup{
			Keyboard: [][]models.KeyboardButton{{{Text: "📱 Kirim nomor saya", RequestContact: true}}},
		}})
		if err != nil {
			t.Fatal(err)
		}
		e := next(t, events, "message")
		if e.ChatID != id || e.Message == nil || e.Message.Text != "Nomor HP?" || !e.Message.FromBot || e.Keyboard == nil || !e.Keyboard.Keyboard[0][0].RequestContact {
			t.Errorf("event %+v", e)
		}
		_, err = f.bot.SendMessage(ctx, &bot.SendMessageParams{ChatID: id, Text: "Tersimpan.", ReplyMarkup: &models.ReplyKeyboardRemove{RemoveKeyboard: true}})
		if err != nil {
			t.Fatal(err)
		}
		if e := next(t, events, "message"); e.Keyboard != nil || !e.Message.RemoveKeyboard {
			t.Errorf("after removal: keyboard %+v", e.Keyboard)
		}
	})

	t.Run("an_edit_arrives_with_the_new_text", func(t *testing.T) {
		m, err := f.bot.SendMessage(ctx, &bot.SendMessageParams{ChatID: id, Text: "Menunggu", ReplyMarkup: &models.InlineKeyboardMarkup{
			InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "Verifikasi", CallbackData: "v:1"}}},
		}})
		if err != nil {
			t.Fatal(err)
		}
		next(t, events, "message")
		if _, err := f.bot.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: id, MessageID: m.ID, Text: "Terverifikasi ✅"}); err != nil {
			t.Fatal(err)
		}
		e := next(t, events, "edit")
		if e.Message.ID != m.ID || e.Message.Text != "Terverifikasi ✅" || e.Message.ReplyMarkup != nil {
			t.Errorf("edit %+v", e.Message)
		}
	})

	t.Run("a_callback_answer_arrives_for_the_toast", func(t *testing.T) {
		m, err := f.bot.SendMessage(ctx, &bot.SendMessageParams{ChatID: id, Text: "Pilih", ReplyMarkup: &models.InlineKeyboardMarkup{
			InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "A", CallbackData: "a"}}},
		}})
		if err != nil {
			t.Fatal(err)
		}
		upd, err := f.api.PressButton(id, m.ID, "a")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.bot.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: upd.CallbackQuery.ID, Text: "Tombol kedaluwarsa"}); err != nil {
			t.Fatal(err)
		}
		if e := next(t, events, "callback_answer"); e.Callback == nil || e.Callback.Text != "Tombol kedaluwarsa" || e.ChatID != id {
			t.Errorf("answer %+v", e)
		}
	})

	t.Run("a_new_phone_is_announced", func(t *testing.T) {
		if _, err := f.sim.AddPhone(simulator.Phone{Name: "Ibu Admin", Role: "admin kabupaten", Phone: "081200000003"}); err != nil {
			t.Fatal(err)
		}
		if e := next(t, events, "phones"); len(e.Phones) != 2 || e.Phones[1].Role != "admin kabupaten" {
			t.Errorf("phones %+v", e.Phones)
		}
	})

	t.Run("Close_ends_the_stream", func(t *testing.T) {
		f.sim.Close()
		timer := time.NewTimer(deadline)
		defer timer.Stop()
		for {
			select {
			case _, ok := <-events:
				if !ok {
					return
				}
			case <-timer.C:
				t.Fatal("the stream stayed open after Close")
			}
		}
	})
}
