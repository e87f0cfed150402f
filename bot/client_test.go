package bot

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestBufferedClient(t *testing.T) {
	t.Parallel()
	type seen struct {
		length  int64
		chunked bool
		body    string
	}
	got := make(chan seen, 1)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- seen{r.ContentLength, len(r.TransferEncoding) > 0, string(b)}
	}))
	t.Cleanup(ts.Close)
	c := apiClient(4)

	// post streams body through a pipe, as go-telegram/bot does.
	post := func(body string) seen {
		t.Helper()
		pr, pw := io.Pipe()
		go func() {
			for part := range strings.SplitSeq(body, ",") {
				pw.Write([]byte(part + ","))
			}
			pw.Close()
		}()
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, ts.URL, pr)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return <-got
	}

	t.Run("a_form_goes_in_one_piece_with_its_length", func(t *testing.T) {
		s := post("chat_id=1,text=Halo,reply_markup={}")
		if s.chunked || s.length != int64(len(s.body)) || s.body != "chat_id=1,text=Halo,reply_markup={}," {
			t.Errorf("server saw %+v", s)
		}
	})
	t.Run("a_large_upload_is_streamed_whole", func(t *testing.T) {
		big := strings.Repeat("x", maxBufferedBody) + ",tail"
		s := post(big)
		if !s.chunked || s.body != big+"," {
			t.Errorf("server saw chunked=%v, %d bytes", s.chunked, len(s.body))
		}
	})
	t.Run("a_known_length_is_left_alone", func(t *testing.T) {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, ts.URL, bytes.NewReader([]byte("a=1")))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if s := <-got; s.length != 3 || s.body != "a=1" {
			t.Errorf("server saw %+v", s)
		}
	})
}
