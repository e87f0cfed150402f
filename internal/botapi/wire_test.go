package botapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/go-telegram/bot/models"

	"github.com/jaganagari/jaganagari/internal/botapi"
)

// apiAnswer is the envelope of every Bot API answer.
type apiAnswer struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

// do sends one raw request and decodes the answer.
func do(t *testing.T, req *http.Request) (int, apiAnswer, string) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	var a apiAnswer
	if err := json.Unmarshal(body, &a); err != nil {
		t.Fatalf("answer %s: %v", body, err)
	}
	return resp.StatusCode, a, string(body)
}

func post(t *testing.T, base, method, ctype string, body io.Reader) (int, apiAnswer, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, base+"/bot"+token+"/"+method, body)
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	return do(t, req)
}

func TestWireFormat(t *testing.T) {
	t.Parallel()
	srv, base := newServer(t)

	t.Run("every_encoding_is_accepted", func(t *testing.T) {
		var mp bytes.Buffer
		w := multipart.NewWriter(&mp)
		_ = w.WriteField("chat_id", "1001")
		_ = w.WriteField("text", "multipart")
		w.Close()
		cases := []struct {
			name, ctype, url string
			body             string
		}{
			{"json", "application/json", "", `{"chat_id":1001,"text":"json","reply_markup":{"inline_keyboard":[[{"text":"A","callback_data":"a"}]]}}`},
			{"urlencoded", "application/x-www-form-urlencoded", "", url.Values{"chat_id": {"1001"}, "text": {"urlencoded"}}.Encode()},
			{"query", "", "?chat_id=1001&text=query", ""},
			{"multipart", w.FormDataContentType(), "", mp.String()},
		}
		for _, c := range cases {
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, base+"/bot"+token+"/sendMessage"+c.url, strings.NewReader(c.body))
			if c.ctype != "" {
				req.Header.Set("Content-Type", c.ctype)
			}
			status, a, body := do(t, req)
			var m models.Message
			if err := json.Unmarshal(a.Result, &m); status != http.StatusOK || err != nil || m.Text != c.name {
				t.Errorf("%s: %d %s", c.name, status, body)
			}
		}
		last := srv.CallsTo("sendMessage")[0]
		var kb models.InlineKeyboardMarkup
		if err := last.Decode("reply_markup", &kb); err != nil || kb.InlineKeyboard[0][0].CallbackData != "a" {
			t.Errorf("JSON body reply_markup recorded as %q", last.Params["reply_markup"])
		}
		if last.Params["chat_id"] != "1001" {
			t.Errorf("JSON number recorded as %q", last.Params["chat_id"])
		}
	})

	t.Run("method_names_are_case_insensitive_and_GET_works", func(t *testing.T) {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, base+"/bot"+token+"/GETME", nil)
		if status, a, _ := do(t, req); status != http.StatusOK || !a.OK {
			t.Errorf("%d %+v", status, a)
		}
		if c := srv.Calls(); c[len(c)-1].Method != "getMe" {
			t.Errorf("recorded as %q", c[len(c)-1].Method)
		}
	})

	t.Run("a_wrong_token_is_401", func(t *testing.T) {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, base+"/bot123:wrong/getMe", nil)
		status, _, body := do(t, req)
		if status != http.StatusUnauthorized || body != `{"ok":false,"error_code":401,"description":"Unauthorized"}` {
			t.Errorf("%d %s", status, body)
		}
	})

	t.Run("an_unknown_method_is_404", func(t *testing.T) {
		status, _, body := post(t, base, "sendPoll", "", nil)
		if status != http.StatusNotFound || body != `{"ok":false,"error_code":404,"description":"Not Found"}` {
			t.Errorf("%d %s", status, body)
		}
	})

	t.Run("an_oversized_body_is_413", func(t *testing.T) {
		small := botapi.New(token)
		small.SetMaxBodyBytes(1 << 10)
		ts := httptest.NewServer(small)
		t.Cleanup(func() { small.Close(); ts.Close() })
		status, a, _ := post(t, ts.URL, "sendMessage", "application/json", strings.NewReader(`{"text":"`+strings.Repeat("a", 4<<10)+`"}`))
		if status != http.StatusRequestEntityTooLarge || a.ErrorCode != 413 {
			t.Errorf("%d %+v", status, a)
		}
	})

	t.Run("files_need_the_token_and_an_existing_path", func(t *testing.T) {
		for _, path := range []string{"/file/bot" + token + "/documents/nope.pdf", "/file/bot1:x/documents/file_1.pdf", "/other"} {
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, base+path, nil)
			if status, a, _ := do(t, req); a.OK || status < 400 {
				t.Errorf("%s: %d", path, status)
			}
		}
	})
}

func TestStart(t *testing.T) {
	t.Parallel()
	srv := botapi.New(token)
	base, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	b := newBot(t, base)
	if me, err := b.GetMe(t.Context()); err != nil || me.ID != 123 {
		t.Fatalf("getMe over Start: %+v, %v", me, err)
	}
	if _, err := srv.Start("127.0.0.1:0"); err == nil {
		t.Error("a second Start succeeded")
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := b.GetMe(t.Context()); err == nil {
		t.Error("getMe works after Close")
	}
	if err := srv.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func getUpdates(t *testing.T, base string, q url.Values) (int, []models.Update, apiAnswer) {
	t.Helper()
	status, a, body := post(t, base, "getUpdates", "application/x-www-form-urlencoded", strings.NewReader(q.Encode()))
	var ups []models.Update
	if status == http.StatusOK {
		if err := json.Unmarshal(a.Result, &ups); err != nil {
			t.Fatalf("%s: %v", body, err)
		}
	}
	return status, ups, a
}

func ids(ups []models.Update) []int64 {
	var out []int64
	for _, u := range ups {
		out = append(out, u.ID)
	}
	return out
}

func TestGetUpdates(t *testing.T) {
	t.Parallel()

	t.Run("offset_confirms_like_Telegram", func(t *testing.T) {
		t.Parallel()
		srv, base := newServer(t)
		for _, text := range []string{"a", "b", "c", "d"} {
			must[models.Update](t)(srv.SendText(rina.ID, text))
		}
		_, ups, _ := getUpdates(t, base, nil)
		if fmt.Sprint(ids(ups)) != "[1 2 3 4]" {
			t.Fatalf("first fetch %v", ids(ups))
		}
		_, ups, _ = getUpdates(t, base, url.Values{"limit": {"2"}})
		if fmt.Sprint(ids(ups)) != "[1 2]" {
			t.Errorf("unconfirmed updates come again, limited: %v", ids(ups))
		}
		_, ups, _ = getUpdates(t, base, url.Values{"offset": {"3"}})
		if fmt.Sprint(ids(ups)) != "[3 4]" || srv.Pending() != 2 {
			t.Errorf("offset 3: %v, pending %d", ids(ups), srv.Pending())
		}
		_, ups, _ = getUpdates(t, base, url.Values{"offset": {"-1"}})
		if fmt.Sprint(ids(ups)) != "[4]" || srv.Pending() != 1 {
			t.Errorf("offset -1: %v, pending %d", ids(ups), srv.Pending())
		}
		_, ups, _ = getUpdates(t, base, url.Values{"offset": {"5"}})
		if len(ups) != 0 || srv.Pending() != 0 {
			t.Errorf("offset 5: %v, pending %d", ids(ups), srv.Pending())
		}
	})

	t.Run("a_long_poll_answers_when_an_update_arrives", func(t *testing.T) {
		t.Parallel()
		srv, base := newServer(t)
		type result struct {
			status int
			ups    []models.Update
		}
		polled := make(chan result, 1)
		go func() {
			status, ups, _ := getUpdates(t, base, url.Values{"timeout": {"30"}})
			polled <- result{status, ups}
		}()
		if err := srv.WaitPolling(ctxWithDeadline(t)); err != nil {
			t.Fatal(err)
		}
		must[models.Update](t)(srv.SendText(rina.ID, "halo"))
		r := receive(t, polled)
		if r.status != http.StatusOK || len(r.ups) != 1 || r.ups[0].Message.Text != "halo" {
			t.Errorf("%d %+v", r.status, r.ups)
		}
	})

	t.Run("a_second_poller_ends_the_first_with_409", func(t *testing.T) {
		t.Parallel()
		srv, base := newServer(t)
		first := make(chan apiAnswer, 1)
		go func() {
			_, _, a := getUpdates(t, base, url.Values{"timeout": {"30"}})
			first <- a
		}()
		if err := srv.WaitPolling(ctxWithDeadline(t)); err != nil {
			t.Fatal(err)
		}
		second := make(chan apiAnswer, 1)
		go func() {
			_, _, a := getUpdates(t, base, url.Values{"timeout": {"30"}})
			second <- a
		}()
		if a := receive(t, first); a.ErrorCode != http.StatusConflict || !strings.Contains(a.Description, "terminated by other getUpdates request") {
			t.Errorf("first poll: %+v", a)
		}
		must[models.Update](t)(srv.SendText(rina.ID, "halo"))
		if a := receive(t, second); !a.OK {
			t.Errorf("second poll: %+v", a)
		}
	})

	t.Run("allowed_updates_filters_new_updates", func(t *testing.T) {
		t.Parallel()
		srv, base := newServer(t)
		getUpdates(t, base, url.Values{"allowed_updates": {`["callback_query"]`}})
		u := must[models.Update](t)(srv.SendText(rina.ID, "halo"))
		if u.ID != 0 || srv.Pending() != 0 {
			t.Errorf("a message was queued against allowed_updates: id %d", u.ID)
		}
	})
}

// FuzzSendMessage throws arbitrary text and parse modes at sendMessage: the
// server must answer with JSON, never panic, refuse formatting, and keep
// the entities it detects inside the text it returns.
func FuzzSendMessage(f *testing.F) {
	for _, seed := range []struct{ text, mode string }{
		{"<b>halo</b> &amp; <a href=\"https://x.id\">x</a>", "HTML"},
		{"<pre><code class=\"language-go\">x</code></pre>", "HTML"},
		{"*a* _b_ __c__ ~d~ ||e|| [f](https://x.id) `g` ```go\nh```", "MarkdownV2"},
		{">kutipan\n>baris dua\nbiasa", "MarkdownV2"},
		{"*a* _b_ `c` [d](https://x.id)", "Markdown"},
		{"/start@JagaNagariBot https://x.id #tag @someone a@b.co", ""},
		{"😀\u0000\xff<", "HTML"},
	} {
		f.Add(seed.text, seed.mode)
	}
	srv := botapi.New(token)
	if err := srv.AddUser(rina); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text, mode string) {
		form := url.Values{"chat_id": {"1001"}, "text": {text}, "parse_mode": {mode}}
		req := httptest.NewRequest(http.MethodPost, "/bot"+token+"/sendMessage", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		var a apiAnswer
		if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil {
			t.Fatalf("not JSON: %q", rec.Body.String())
		}
		if !a.OK {
			if a.ErrorCode != http.StatusBadRequest || !strings.HasPrefix(a.Description, "Bad Request: ") {
				t.Fatalf("error %+v", a)
			}
			return
		}
		if mode != "" {
			t.Fatalf("parse_mode %q accepted", mode)
		}
		var m models.Message
		if err := json.Unmarshal(a.Result, &m); err != nil {
			t.Fatal(err)
		}
		size := len(utf16.Encode([]rune(m.Text)))
		if size == 0 || size > 4096 {
			t.Fatalf("accepted text of %d units", size)
		}
		for _, e := range m.Entities {
			if e.Offset < 0 || e.Length <= 0 || e.Offset+e.Length > size {
				t.Fatalf("entity %+v outside text of %d units %q", e, size, m.Text)
			}
		}
	})
}
