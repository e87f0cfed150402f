package botapi_test

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"net/http"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/jaganagari/jaganagari/internal/botapi"
)

func TestSendPhotoData(t *testing.T) {
	t.Parallel()
	srv, url := newServer(t)
	b := newBot(t, url)

	img := image.NewRGBA(image.Rect(0, 0, 1600, 900))
	for x := range 1600 {
		img.Set(x, 450, color.RGBA{R: 200, A: 255})
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	photo := buf.Bytes()

	t.Run("the_bot_gets_scaled_sizes_that_download_as_the_uploaded_bytes", func(t *testing.T) {
		u := must[models.Update](t)(srv.SendPhotoData(rina.ID, "  kaki terluka  ", photo))
		sizes := u.Message.Photo
		if len(sizes) != 4 || u.Message.Caption != "kaki terluka" {
			t.Fatalf("sizes %+v caption %q", sizes, u.Message.Caption)
		}
		if last := sizes[3]; last.Width != 1280 || last.Height != 720 {
			t.Errorf("largest size %dx%d, want 1280x720", last.Width, last.Height)
		}
		f := must[*models.File](t)(b.GetFile(t.Context(), &bot.GetFileParams{FileID: sizes[3].FileID}))
		resp, err := http.Get(b.FileDownloadLink(f))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		got := must[[]byte](t)(io.ReadAll(resp.Body))
		if !bytes.Equal(got, photo) || resp.Header.Get("Content-Type") != "image/jpeg" {
			t.Errorf("downloaded %d bytes of %s, want the %d uploaded", len(got), resp.Header.Get("Content-Type"), len(photo))
		}
		if p, err := srv.FilePath(sizes[3].FileID); err != nil || p != f.FilePath {
			t.Errorf("FilePath = %q, %v; getFile says %q", p, err, f.FilePath)
		}
	})

	t.Run("what_is_not_an_image_is_refused", func(t *testing.T) {
		before := len(srv.Chat(rina.ID))
		for _, data := range [][]byte{nil, []byte("bukan gambar")} {
			if _, err := srv.SendPhotoData(rina.ID, "", data); !errors.Is(err, botapi.ErrInvalidInput) {
				t.Errorf("SendPhotoData(%q) err = %v, want ErrInvalidInput", data, err)
			}
		}
		if after := len(srv.Chat(rina.ID)); after != before {
			t.Errorf("refused photos entered the chat: %d messages, was %d", after, before)
		}
	})

	t.Run("an_unknown_user_cannot_send", func(t *testing.T) {
		if _, err := srv.SendPhotoData(999, "", photo); !errors.Is(err, botapi.ErrUnknownUser) {
			t.Errorf("err = %v, want ErrUnknownUser", err)
		}
	})

	t.Run("FilePath_of_an_unknown_file_fails", func(t *testing.T) {
		if _, err := srv.FilePath("nope"); !errors.Is(err, botapi.ErrNoSuchFile) {
			t.Errorf("err = %v, want ErrNoSuchFile", err)
		}
		if len(srv.CallsTo("getFile")) != 1 {
			t.Errorf("FilePath was recorded as a getFile call: %d calls", len(srv.CallsTo("getFile")))
		}
	})
}
