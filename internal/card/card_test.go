package card

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/jaganagari/jaganagari/internal/domain"
	messages "github.com/jaganagari/jaganagari/internal/render"
	"github.com/jaganagari/jaganagari/locales"

	"github.com/jaganagari/jaganagari/internal/typeset"
)

var update = flag.Bool("update", false, "rewrite testdata/*.png from the current drawing")

var member = Member{
	Name: "Siti Rahmah", Nagari: "Alahan Panjang", Kecamatan: "Lembah Gumanti",
	Membership: domain.Membership{
		State: domain.MembershipActive, KPJ: "26051234567",
		CoverStart: time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC), CoverEnd: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC),
	},
}

// indonesian renders the card's words as the bot does for an Indonesian chat.
func indonesian(t *testing.T) Words {
	t.Helper()
	r, err := messages.New(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	return func(msg string, data map[string]any) (string, error) { return r.Text("id", msg, data) }
}

func TestGoldenCard(t *testing.T) {
	t.Parallel()
	c, err := Layout(member, indonesian(t))
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]Card{
		"aktif": c,
		// A long name wraps onto a second line rather than shrinking.
		"long-name": func() Card { c := c; c.Name = "Hj. Nurhayati Binti Muhammad Syafei Datuak Rajo Mangkuto"; return c }(),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			data, err := PNG(c)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", name+".png")
			if *update {
				if err := os.WriteFile(path, data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/card -update, then look at the picture)", err)
			}
			if !samePixels(t, data, want) {
				t.Errorf("%s differs from the drawing; look at both, then run with -update", path)
			}
		})
	}
}

func TestCardLayoutSaysWhoWhereAndWhen(t *testing.T) {
	t.Parallel()
	var asked []string
	echo := func(msg string, data map[string]any) (string, error) {
		asked = append(asked, msg)
		if len(data) == 0 {
			return msg, nil
		}
		return fmt.Sprintf("%s %v", msg, data), nil
	}
	c, err := Layout(member, echo)
	if err != nil {
		t.Fatal(err)
	}
	want := Card{
		Title: "card.title", Scheme: "card.scheme", Name: "Siti Rahmah",
		Area:     "card.area map[Kecamatan:Lembah Gumanti Nagari:Alahan Panjang]",
		KPJLabel: "card.kpj", KPJ: "2605 1234 567", PeriodLabel: "card.period",
		Period:    "card.period.range map[From:2026-08-01 00:00:00 +0000 UTC To:2026-12-31 00:00:00 +0000 UTC]",
		Programme: "card.programme", AccidentHeading: "card.accident",
		Accident: []string{"card.accident.report", "card.accident.treat"}, Note: "card.note",
	}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("card (-want +got):\n%s", diff)
	}
	// A period BPJS gave no end for is "from".
	open := member
	open.Membership.CoverEnd = time.Time{}
	if c, _ := Layout(open, echo); !strings.HasPrefix(c.Period, "card.period.open ") {
		t.Errorf("open period = %q", c.Period)
	}
	missing := errors.New("message not found")
	if _, err := Draw(member, func(msg string, _ map[string]any) (string, error) {
		if msg == "card.programme" {
			return "", missing
		}
		return msg, nil
	}); !errors.Is(err, missing) {
		t.Errorf("a card without its words: %v, want %v", err, missing)
	}
}

func TestCardIsReadableOnASmallPhone(t *testing.T) {
	t.Parallel()
	c, err := Layout(member, indonesian(t))
	if err != nil {
		t.Fatal(err)
	}
	img, pl, err := render(c)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	if b.Dx() != 1080 || b.Dy() > 1280 || b.Dy() < 600 {
		t.Errorf("card is %dx%d, want 1080 wide and at most 1280 tall (Telegram scales larger photos, text and all)", b.Dx(), b.Dy())
	}
	// Go's capitals are 0.72 of the font size, its lower-case x 0.53: the
	// smallest text, 28 px, inks at least 20 px from cap to descender.
	for _, x := range []struct {
		what string
		r    image.Rectangle
		min  int
	}{
		{"name", pl.name, 42},
		{"card number", pl.kpj, 42},
		{"cover period", pl.period, 28},
		{"label", pl.labels[0], 19},
		{"note", pl.note, 19},
		{"first step after an accident", pl.steps[0], 22},
	} {
		if h := inkBox(img, x.r).Dy(); h < x.min {
			t.Errorf("%s is %d px tall, want at least %d", x.what, h, x.min)
		}
	}
	// The steps after an accident are whole, not cut short.
	for _, s := range c.Accident {
		f, _ := newFaces()
		lines := typeset.Wrap(f.step, s, width, 3)
		if strings.HasSuffix(strings.Join(lines, " "), "…") {
			t.Errorf("step %q is cut short", s)
		}
	}
	if len(pl.steps) != 2 {
		t.Errorf("%d steps after an accident, want 2", len(pl.steps))
	}
}

func TestGroupDigits(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"": "", "1234": "1234", "12345678": "1234 5678", "26051234567": "2605 1234 567"} {
		if got := GroupDigits(in); got != want {
			t.Errorf("GroupDigits(%q) = %q, want %q", in, got, want)
		}
	}
}

func samePixels(t *testing.T, a, b []byte) bool {
	t.Helper()
	ia, ib := decode(t, a), decode(t, b)
	if ia.Bounds() != ib.Bounds() {
		return false
	}
	for y := ia.Bounds().Min.Y; y < ia.Bounds().Max.Y; y++ {
		for x := ia.Bounds().Min.X; x < ia.Bounds().Max.X; x++ {
			if rgba(ia.At(x, y)) != rgba(ib.At(x, y)) {
				return false
			}
		}
	}
	return true
}

func decode(t *testing.T, data []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func rgba(c color.Color) color.RGBA { return color.RGBAModel.Convert(c).(color.RGBA) }

// inkBox is the bounding box of the pixels in r darker than the panels,
// text of any colour.
func inkBox(img image.Image, r image.Rectangle) image.Rectangle {
	var box image.Rectangle
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := rgba(img.At(x, y))
			if (int(c.R)+int(c.G)+int(c.B))/3 < 0x90 {
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return box
}
