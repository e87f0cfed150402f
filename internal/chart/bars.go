package chart

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// Bar is one row of a chart: Value out of Max (the quota), drawn as a filled
// bar inside an outlined one. With Max 0 the bar is drawn against the
// largest Value of the chart.
type Bar struct {
	Label      string
	Value, Max int
}

// Layout, in pixels. A phone shows the image 360–400 points wide, so the
// chart is drawn at 720 wide and stays sharp when Telegram scales it.
const (
	width      = 720
	rowHeight  = 26
	barHeight  = 16
	margin     = 12
	labelWidth = 230 // 32 characters of basicfont's 7 px
	titleH     = 28
	maxLabel   = 32
)

var (
	background = color.RGBA{0xff, 0xff, 0xff, 0xff}
	ink        = color.RGBA{0x22, 0x22, 0x22, 0xff}
	outline    = color.RGBA{0xb0, 0xb8, 0xc0, 0xff}
	fill       = color.RGBA{0x1f, 0x7a, 0x4d, 0xff} // within the quota
	over       = color.RGBA{0xc0, 0x5a, 0x1a, 0xff} // beyond it
)

// HorizontalBars draws title and one labelled bar per row as a PNG.
func HorizontalBars(title string, bars []Bar) ([]byte, error) {
	h := titleH + len(bars)*rowHeight + margin
	img := image.NewRGBA(image.Rect(0, 0, width, h))
	draw.Draw(img, img.Bounds(), &image.Uniform{background}, image.Point{}, draw.Src)
	text(img, margin, 18, title)

	scale := 1
	for _, b := range bars {
		scale = max(scale, b.Value, b.Max)
	}
	barX := margin + labelWidth
	numberW := 10 * 7 // "1234/1234"
	barW := width - barX - numberW - 2*margin
	for i, b := range bars {
		y := titleH + i*rowHeight
		label := b.Label
		if len([]rune(label)) > maxLabel {
			label = string([]rune(label)[:maxLabel-1]) + "…"
		}
		text(img, margin, y+barHeight-3, label)
		top := y + (rowHeight-barHeight)/2 - 4
		full := 0
		if b.Max > 0 {
			full = barW * b.Max / scale
			rect(img, barX, top, full, barHeight, outline, false)
		}
		v := barW * b.Value / scale
		c := fill
		if b.Max > 0 && b.Value > b.Max {
			c = over
		}
		rect(img, barX, top, v, barHeight, c, true)
		number := fmt.Sprint(b.Value)
		if b.Max > 0 {
			number += fmt.Sprintf("/%d", b.Max)
		}
		text(img, barX+max(full, v)+6, y+barHeight-3, number)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encode chart: %w", err)
	}
	return buf.Bytes(), nil
}

func rect(img *image.RGBA, x, y, w, h int, c color.Color, filled bool) {
	if w <= 0 {
		return
	}
	r := image.Rect(x, y, x+w, y+h)
	if filled {
		draw.Draw(img, r, &image.Uniform{c}, image.Point{}, draw.Src)
		return
	}
	for _, edge := range []image.Rectangle{
		image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+1), image.Rect(r.Min.X, r.Max.Y-1, r.Max.X, r.Max.Y),
		image.Rect(r.Min.X, r.Min.Y, r.Min.X+1, r.Max.Y), image.Rect(r.Max.X-1, r.Min.Y, r.Max.X, r.Max.Y),
	} {
		draw.Draw(img, edge, &image.Uniform{c}, image.Point{}, draw.Src)
	}
}

// text writes s with its baseline at y. basicfont covers ASCII; anything
// else (an ellipsis, an emoji) is drawn as its replacement box or skipped.
func text(img *image.RGBA, x, y int, s string) {
	d := font.Drawer{Dst: img, Src: &image.Uniform{ink}, Face: basicfont.Face7x13, Dot: fixed.P(x, y)}
	d.DrawString(s)
}
