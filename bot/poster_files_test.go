package bot

import (
	"bytes"
	"testing"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/render"
	"github.com/jaganagari/jaganagari/locales"
)

func TestAttachDrawsThePosterInIndonesianWithTheBotsLink(t *testing.T) {
	t.Parallel()
	r, err := render.New(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	found := engine.PosterNagari{Found: true, Nagari: domain.Nagari{
		Code: "13.02.04.2001", Name: "Alahan Panjang", KecamatanCode: "13.02.04", KecamatanName: "Lembah Gumanti",
	}}
	attach := func(username, lang string) engine.Result {
		t.Helper()
		b := &Bot{opts: Options{Renderer: r}, username: username}
		res := engine.Answered(engine.LoadPoster{}, found)
		if err := b.attach(&res, lang, time.Now()); err != nil {
			t.Fatal(err)
		}
		return res
	}
	res := attach("JagaNagariBot", "en")
	if len(res.Files) != 2 || res.Files[0].Name != "poster-13.02.04.2001-alahan-panjang.pdf" || res.Files[0].Photo ||
		res.Files[1].Name != "poster-13.02.04.2001-alahan-panjang.png" || !res.Files[1].Photo {
		t.Fatalf("poster files = %+v", res.Files)
	}
	// The poster is for the nagari's workers: Indonesian, whatever the
	// staff chat speaks.
	if id := attach("JagaNagariBot", "id"); !bytes.Equal(id.Files[1].Data, res.Files[1].Data) {
		t.Error("an English chat got another poster than an Indonesian one")
	}
	if other := attach("SolokLainBot", "id"); bytes.Equal(other.Files[1].Data, res.Files[1].Data) {
		t.Error("the poster does not depend on the bot's username")
	}
	// Without a username there is no link to print.
	if none := attach("", "id"); none.Err != "staff.poster.unavailable" || len(none.Files) != 0 {
		t.Errorf("without a username: %+v", none)
	}
	// Nothing found, nothing drawn.
	choices := engine.Answered(engine.LoadPoster{}, engine.PosterNagari{Choices: []domain.Nagari{found.Nagari}})
	if err := (&Bot{opts: Options{Renderer: r}, username: "JagaNagariBot"}).attach(&choices, "id", time.Now()); err != nil || len(choices.Files) != 0 {
		t.Errorf("choices attached %+v, %v", choices.Files, err)
	}
}
