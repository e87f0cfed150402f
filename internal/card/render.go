package card

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strconv"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/jaganagari/jaganagari/internal/typeset"
)

// Layout, in pixels, at the charts' scale: Telegram shows a photo about a
// third of 1080 px wide on a small phone, so 28 px text still reads, and a
// tap opens it at the phone's width.
const (
	width     = 1080
	margin    = 56
	titleSize = 52
	nameSize  = 60 // the name and the card number stand out most
	kpjSize   = 60
	bodySize  = 34
	valueSize = 40
	stepSize  = 31
	smallSize = 28 // labels and the note: the smallest text
	bandPad   = 40
	gap       = 30
	panelPad  = 28
	maxSide   = 1280 // the longest side Telegram keeps unscaled
)

var (
	paper  = color.RGBA{0xff, 0xff, 0xff, 0xff}
	ink    = color.RGBA{0x1d, 0x23, 0x29, 0xff}
	muted  = color.RGBA{0x5b, 0x65, 0x70, 0xff}
	band   = color.RGBA{0x0b, 0x7a, 0x75, 0xff} // the charts' colour of active members
	onBand = color.RGBA{0xff, 0xff, 0xff, 0xff}
	pale   = color.RGBA{0xe6, 0xf2, 0xf1, 0xff} // the programme's panel
	alert  = color.RGBA{0xfd, 0xf3, 0xe1, 0xff} // the accident panel
)

type faces struct {
	title, sub, name, kpj, body, value, step, stepBold, small font.Face
}

func newFaces() (*faces, error) {
	fs, err := typeset.GoFonts()
	if err != nil {
		return nil, fmt.Errorf("parse card font: %w", err)
	}
	regular, bold, mono := fs.Regular, fs.Bold, fs.MonoBold
	f := &faces{}
	for _, x := range []struct {
		dst  *font.Face
		font *opentype.Font
		size float64
	}{
		{&f.title, bold, titleSize}, {&f.sub, regular, bodySize}, {&f.name, bold, nameSize},
		{&f.kpj, mono, kpjSize}, {&f.body, regular, bodySize}, {&f.value, bold, valueSize},
		{&f.step, regular, stepSize}, {&f.stepBold, bold, stepSize}, {&f.small, regular, smallSize},
	} {
		face, err := typeset.Face(x.font, x.size)
		if err != nil {
			return nil, fmt.Errorf("make card font face: %w", err)
		}
		*x.dst = face
	}
	return f, nil
}

// plan is where render put things, for tests to look at.
type plan struct {
	title, name, kpj, period, programme, note image.Rectangle
	steps                                     []image.Rectangle
	labels                                    []image.Rectangle // the small labels over the number and the period
}

// PNG draws c.
func PNG(c Card) ([]byte, error) {
	img, _, err := render(c)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encode member card: %w", err)
	}
	return buf.Bytes(), nil
}

// render lays c out twice: once without an image to learn the height, then
// on an image of that height.
func render(c Card) (*image.RGBA, plan, error) {
	f, err := newFaces()
	if err != nil {
		return nil, plan{}, err
	}
	p := &painter{f: f}
	h, _ := p.layout(c)
	p.dst = image.NewRGBA(image.Rect(0, 0, width, h))
	draw.Draw(p.dst, p.dst.Bounds(), image.NewUniform(paper), image.Point{}, draw.Src)
	_, pl := p.layout(c)
	return p.dst, pl, nil
}

// painter draws on dst, or only measures while dst is nil.
type painter struct {
	dst *image.RGBA
	f   *faces
}

func (p *painter) layout(c Card) (int, plan) {
	var pl plan
	f := p.f
	right := width - margin
	inner := right - margin

	// The band: title and scheme, white on the programme's colour.
	bandH := bandPad + lineH(f.title) + 6 + lineH(f.sub) + bandPad
	p.fill(image.Rect(0, 0, width, bandH), band)
	y := bandPad
	pl.title = image.Rect(margin, y, right, y+lineH(f.title))
	y = p.line(f.title, typeset.Ellipsize(f.title, c.Title, inner), margin, y, onBand) + 6
	p.line(f.sub, typeset.Ellipsize(f.sub, c.Scheme, inner), margin, y, onBand)
	y = bandH + gap + 6

	// Who: the name (two lines at most) and the area.
	top := y
	for _, ln := range typeset.Wrap(f.name, c.Name, inner, 2) {
		y = p.line(f.name, ln, margin, y, ink)
	}
	pl.name = image.Rect(margin, top, right, y)
	y += 4
	for _, ln := range typeset.Wrap(f.body, c.Area, inner, 2) {
		y = p.line(f.body, ln, margin, y, ink)
	}
	y += gap

	// The card number, then the cover period.
	pl.labels = append(pl.labels, image.Rect(margin, y, right, y+lineH(f.small)))
	y = p.line(f.small, typeset.Ellipsize(f.small, c.KPJLabel, inner), margin, y, muted)
	pl.kpj = image.Rect(margin, y, right, y+lineH(f.kpj))
	y = p.line(f.kpj, typeset.Ellipsize(f.kpj, c.KPJ, inner), margin, y, ink) + gap/2
	pl.labels = append(pl.labels, image.Rect(margin, y, right, y+lineH(f.small)))
	y = p.line(f.small, typeset.Ellipsize(f.small, c.PeriodLabel, inner), margin, y, muted)
	top = y
	for _, ln := range typeset.Wrap(f.value, c.Period, inner, 2) {
		y = p.line(f.value, ln, margin, y, ink)
	}
	pl.period = image.Rect(margin, top, right, y)
	y += gap

	// The programme that pays, on a pale panel.
	prog := typeset.Wrap(f.body, c.Programme, inner-2*panelPad, 3)
	box := image.Rect(margin-12, y, right+12, y+2*panelPad+len(prog)*lineH(f.body))
	p.round(box, pale)
	y += panelPad
	for _, ln := range prog {
		y = p.line(f.body, ln, margin-12+panelPad, y, ink)
	}
	pl.programme = box
	y = box.Max.Y + gap

	// What to do after an accident, numbered, on a warm panel.
	num := typeset.Measure(f.stepBold, "8.") + 14
	stepsW := inner - 2*panelPad - num
	var lines [][]string
	h := 2*panelPad + lineH(f.stepBold) + 10
	for _, s := range c.Accident {
		ls := typeset.Wrap(f.step, s, stepsW, 3)
		lines = append(lines, ls)
		h += len(ls)*lineH(f.step) + 8
	}
	box = image.Rect(margin-12, y, right+12, y+h)
	p.round(box, alert)
	x0 := margin - 12 + panelPad
	y += panelPad
	y = p.line(f.stepBold, typeset.Ellipsize(f.stepBold, c.AccidentHeading, inner-2*panelPad), x0, y, ink) + 10
	for i, ls := range lines {
		top := y
		p.line(f.stepBold, strconv.Itoa(i+1)+".", x0, y, ink)
		for _, ln := range ls {
			y = p.line(f.step, ln, x0+num, y, ink)
		}
		pl.steps = append(pl.steps, image.Rect(x0, top, right, y))
		y += 8
	}
	y = box.Max.Y + gap

	// The note: not BPJS's own card.
	top = y
	for _, ln := range typeset.Wrap(f.small, c.Note, inner, 2) {
		y = p.line(f.small, ln, margin, y, muted)
	}
	pl.note = image.Rect(margin, top, right, y)
	return y + margin - 16, pl
}

func lineH(f font.Face) int { return f.Metrics().Height.Ceil() }

// line draws s with its top at y and answers the top of the next line.
func (p *painter) line(f font.Face, s string, x, y int, c color.RGBA) int {
	m := f.Metrics()
	if p.dst != nil && s != "" {
		d := font.Drawer{Dst: p.dst, Src: image.NewUniform(c), Face: f, Dot: fixed.P(x, y+m.Ascent.Ceil())}
		d.DrawString(s)
	}
	return y + m.Height.Ceil()
}

func (p *painter) fill(r image.Rectangle, c color.RGBA) {
	if p.dst != nil {
		draw.Draw(p.dst, r, image.NewUniform(c), image.Point{}, draw.Src)
	}
}

// round fills r with rounded corners.
func (p *painter) round(r image.Rectangle, c color.RGBA) {
	if p.dst == nil || r.Empty() {
		return
	}
	typeset.RoundRect(r, 18).Draw(p.dst, r, image.NewUniform(c), image.Point{})
}
