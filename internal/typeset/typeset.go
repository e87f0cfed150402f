// Package typeset holds what the bot's pictures (the charts, the member
// card, the posters) share: the Go fonts embedded in the binary, so a fresh
// machine needs no font package; fitting text into a width; and the
// rounded rectangle they paint panels with. It draws nothing itself.
package typeset

import (
	"image"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/vector"
)

// Fonts are the Go fonts: regular and bold for words, and a monospaced
// bold for what people copy by hand (a card number, a link), whose 0 and
// O, 1 and l must not be mistaken.
type Fonts struct {
	Regular, Bold, MonoBold *opentype.Font
}

// GoFonts parses the fonts once. A parsed font is safe for concurrent use;
// the faces made from it are not, so each render makes its own (Face).
var GoFonts = sync.OnceValues(func() (Fonts, error) {
	var fs Fonts
	for _, x := range []struct {
		dst **opentype.Font
		ttf []byte
	}{{&fs.Regular, goregular.TTF}, {&fs.Bold, gobold.TTF}, {&fs.MonoBold, gomonobold.TTF}} {
		f, err := opentype.Parse(x.ttf)
		if err != nil {
			return Fonts{}, err
		}
		*x.dst = f
	}
	return fs, nil
})

// Face is f at size pixels (72 dpi), hinted for crisp text on a phone.
func Face(f *opentype.Font, size float64) (font.Face, error) {
	return opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
}

// Measure is the width of s in f, in whole pixels.
func Measure(f font.Face, s string) int { return font.MeasureString(f, s).Ceil() }

// Ellipsize cuts s to fit w pixels, ending it with an ellipsis.
func Ellipsize(f font.Face, s string, w int) string {
	if Measure(f, s) <= w {
		return s
	}
	rs := []rune(s)
	for len(rs) > 0 && Measure(f, string(rs)+"…") > w {
		rs = rs[:len(rs)-1]
	}
	return strings.TrimRight(string(rs), " ") + "…"
}

// Wrap breaks s into at most n lines of w pixels at spaces, ellipsizing
// the last.
func Wrap(f font.Face, s string, w, n int) []string {
	var lines []string
	words := strings.Fields(s)
	for len(words) > 0 {
		if len(lines) == n-1 {
			return append(lines, Ellipsize(f, strings.Join(words, " "), w))
		}
		i := 1
		for i < len(words) && Measure(f, strings.Join(words[:i+1], " ")) <= w {
			i++
		}
		lines = append(lines, Ellipsize(f, strings.Join(words[:i], " "), w))
		words = words[i:]
	}
	return lines
}

// RoundRect is r with corners of radius rad, in r's own coordinates, as
// the rasterizer draws it: z.Draw(dst, r, src, image.Point{}).
func RoundRect(r image.Rectangle, rad float32) *vector.Rasterizer {
	w, h := float32(r.Dx()), float32(r.Dy())
	const k = 0.5523 // a cubic's control distance for a quarter circle
	z := vector.NewRasterizer(r.Dx(), r.Dy())
	z.MoveTo(rad, 0)
	z.LineTo(w-rad, 0)
	z.CubeTo(w-rad+k*rad, 0, w, rad-k*rad, w, rad)
	z.LineTo(w, h-rad)
	z.CubeTo(w, h-rad+k*rad, w-rad+k*rad, h, w-rad, h)
	z.LineTo(rad, h)
	z.CubeTo(rad-k*rad, h, 0, h-rad+k*rad, 0, h-rad)
	z.LineTo(0, rad)
	z.CubeTo(0, rad-k*rad, rad-k*rad, 0, rad, 0)
	z.ClosePath()
	return z
}
