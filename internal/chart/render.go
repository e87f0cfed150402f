package chart

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"strconv"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"

	"github.com/jaganagari/jaganagari/internal/typeset"
)

// Layout, in pixels. Telegram shows a photo in a chat about 250–300 points
// wide on a small phone, a third of the 1080 drawn here, so the smallest
// text (30 px) still shows about 10 points tall, and a tap opens the
// picture at the phone's full width.
const (
	width       = 1080
	margin      = 44
	titleSize   = 52
	subSize     = 32
	headSize    = 36
	labelSize   = 32
	smallSize   = 28 // legends, figures, the not-joined list: the smallest text
	stackBarH   = 44
	rowH        = 56 // a row's height, down to minRowH to keep within maxSide
	minRowH     = 46
	sectionGap  = 28
	swatch      = 26
	columnGap   = 24
	bottom      = 34 // below the last row
	minPartW    = 6  // a part above zero never vanishes into rounding
	maxTitleLns = 2
	// maxSide is the longest side Telegram keeps a photo at; a larger one
	// is scaled down, and its text with it.
	maxSide = 1280
)

// palette gives each kind its one colour; the rest are ink and paper.
var palette = map[Kind]color.RGBA{
	Used:      {0x1e, 0x7a, 0x4c, 0xff},
	Free:      {0xcf, 0xe6, 0xd8, 0xff},
	Verified:  {0x2f, 0x6d, 0xb5, 0xff},
	Pending:   {0xe3, 0xa2, 0x1a, 0xff},
	Rejected:  {0xc0, 0x46, 0x2f, 0xff},
	NotJoined: {0xd5, 0xd9, 0xde, 0xff},
	Active:    {0x0b, 0x7a, 0x75, 0xff},
	Submitted: {0x8e, 0x6c, 0xc4, 0xff},
	Ended:     {0x6b, 0x72, 0x7b, 0xff},
}

var (
	paper = color.RGBA{0xff, 0xff, 0xff, 0xff}
	ink   = color.RGBA{0x1d, 0x23, 0x29, 0xff}
	muted = color.RGBA{0x5b, 0x65, 0x70, 0xff} // subtitle, not-joined names
	track = color.RGBA{0xee, 0xf0, 0xf2, 0xff} // a stack's length no part covers
	zebra = color.RGBA{0xf6, 0xf7, 0xf8, 0xff}
	rule  = color.RGBA{0xdd, 0xe1, 0xe5, 0xff}
	// notJoinedPanel holds the names of the areas that have not joined.
	notJoinedPanel = color.RGBA{0xf1, 0xf2, 0xf4, 0xff}
)

type faces struct {
	title, sub, head, label, labelBold, small, smallBold font.Face
}

func newFaces() (*faces, error) {
	fs, err := typeset.GoFonts()
	if err != nil {
		return nil, fmt.Errorf("parse chart font: %w", err)
	}
	f := &faces{}
	for _, x := range []struct {
		dst  *font.Face
		bold bool
		size float64
	}{
		{&f.title, true, titleSize}, {&f.sub, false, subSize}, {&f.head, true, headSize},
		{&f.label, false, labelSize}, {&f.labelBold, true, labelSize},
		{&f.small, false, smallSize}, {&f.smallBold, true, smallSize},
	} {
		src := fs.Regular
		if x.bold {
			src = fs.Bold
		}
		face, err := typeset.Face(src, x.size)
		if err != nil {
			return nil, fmt.Errorf("make chart font face: %w", err)
		}
		*x.dst = face
	}
	return f, nil
}

// plan is where render put things, for tests to look at.
type plan struct {
	title  image.Rectangle
	stacks []image.Rectangle // the bars
	rows   []rowPlan
}

type rowPlan struct {
	Row
	label, bar image.Rectangle
}

// render lays c out twice: once without an image to learn the height, then
// on an image of that height.
func render(c Chart) (*image.RGBA, plan, error) {
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

func (p *painter) layout(c Chart) (int, plan) {
	var pl plan
	right := width - margin
	y := margin
	top := y
	for _, ln := range typeset.Wrap(p.f.title, c.Title, right-margin, maxTitleLns) {
		y = p.line(p.f.title, ln, margin, y, ink)
	}
	pl.title = image.Rect(margin, top, right, y)
	if c.Subtitle != "" {
		y += 8
		for _, ln := range typeset.Wrap(p.f.sub, c.Subtitle, right-margin, 2) {
			y = p.line(p.f.sub, ln, margin, y, muted)
		}
	}
	y += sectionGap / 2
	p.fill(image.Rect(margin, y, right, y+2), rule)
	y += 2 + sectionGap/2

	for _, s := range c.Stacks {
		fig := width - margin - typeset.Measure(p.f.head, s.Figure)
		p.line(p.f.head, s.Figure, fig, y, ink)
		y = p.line(p.f.head, typeset.Ellipsize(p.f.head, s.Heading, fig-columnGap-margin), margin, y, ink)
		y += 14
		bar := image.Rect(margin, y, right, y+stackBarH)
		pl.stacks = append(pl.stacks, bar)
		p.stack(s, bar, track)
		y = bar.Max.Y + 16
		if s.total() > 0 { // an empty stack says so in its bar instead
			y = p.legend(s.Parts, y)
		}
		y += sectionGap
	}

	if len(c.Rows) > 0 {
		if c.RowsTitle != "" {
			y = p.line(p.f.head, typeset.Ellipsize(p.f.head, c.RowsTitle, right-margin), margin, y, ink) + 10
		}
		pl.rows, y = p.rows(c, y)
	}
	return y + bottom, pl
}

// rows draws one bar per joined row, sorted, in three columns (the name,
// the bar and its figure), then the rows that have not joined as a list of
// names on a grey panel headed by c.NotJoined: a bar would say nothing.
func (p *painter) rows(c Chart, y int) ([]rowPlan, int) {
	var joined, names []Row
	for _, r := range sortRows(c.Rows) {
		if r.Joined {
			joined = append(joined, r)
		} else {
			names = append(names, r)
		}
	}
	labelW, figW := 0, 0
	for _, r := range joined {
		labelW = max(labelW, typeset.Measure(p.f.label, r.Label))
		figW = max(figW, typeset.Measure(p.f.smallBold, Share(r.Value, r.Max)))
	}
	content := width - 2*margin
	labelW = min(labelW, content*36/100)
	figW = min(figW, content*30/100)
	barX := margin + labelW + columnGap
	barR := width - margin - figW - columnGap
	panel := p.panel(names)
	// Rows get thinner, not the text smaller, so that a regency of 14
	// kecamatan stays within the photo Telegram keeps.
	rowH := rowH
	if room := maxSide - bottom - y - panel.height; len(joined) > 0 && room < len(joined)*rowH {
		rowH = max(room/len(joined), minRowH)
	}
	rowBarH := rowH - 18
	var out []rowPlan
	for i, r := range joined {
		if i%2 == 1 {
			p.fill(image.Rect(margin-12, y, width-margin+12, y+rowH), zebra)
		}
		mid := y + rowH/2
		p.text(p.f.label, typeset.Ellipsize(p.f.label, r.Label, labelW), margin, baseline(p.f.label, mid), ink)
		bar := image.Rect(barX, mid-rowBarH/2, barR, mid+rowBarH/2)
		p.stack(Stack{Max: max(r.Max, r.Value, 1), Parts: []Part{{Value: r.Value, Kind: Used}}}, bar, palette[Free])
		fig := Share(r.Value, r.Max)
		p.text(p.f.smallBold, fig, width-margin-typeset.Measure(p.f.smallBold, fig), baseline(p.f.smallBold, mid), ink)
		out = append(out, rowPlan{Row: r, label: image.Rect(margin, y, margin+labelW, y+rowH), bar: bar})
		y += rowH
	}
	if len(names) == 0 {
		return out, y
	}
	y += panelGap
	box := image.Rect(margin-12, y, width-margin+12, y+panel.height-panelGap)
	p.round(box, notJoinedPanel)
	head := fmt.Sprintf("%s (%d)", c.NotJoined, len(names))
	x0 := margin + panelPad - 12
	p.line(p.f.smallBold, typeset.Ellipsize(p.f.smallBold, head, box.Dx()-2*panelPad), x0, y+panelPad-4, ink)
	top := y + panelPad + panelLineH
	for j, r := range names {
		// Down the columns, so the names read in order.
		col, ln := j/panel.lines, j%panel.lines
		x, mid := x0+col*(panel.colW+columnGap), top+ln*panelLineH+panelLineH/2-6
		sw := image.Rect(x, mid-swatch/2, x+swatch, mid+swatch/2)
		p.round(sw, palette[NotJoined])
		p.text(p.f.small, typeset.Ellipsize(p.f.small, r.Label, panel.colW-swatch-12), x+swatch+12, baseline(p.f.small, mid), muted)
		out = append(out, rowPlan{Row: r, label: image.Rect(x+swatch+12, mid-panelLineH/2, x+panel.colW, mid+panelLineH/2), bar: sw})
	}
	return out, box.Max.Y
}

// The panel of areas that have not joined.
const panelGap, panelPad, panelLineH = 20, 24, 46

type panelPlan struct{ cols, lines, colW, height int }

// panel lays names out in as many columns (up to 3) as their widths allow.
func (p *painter) panel(names []Row) panelPlan {
	if len(names) == 0 {
		return panelPlan{}
	}
	nameW := 0
	for _, r := range names {
		nameW = max(nameW, swatch+12+typeset.Measure(p.f.small, r.Label))
	}
	inner := width - 2*margin - 2*panelPad
	var pp panelPlan
	pp.cols = max(1, min(3, (inner+columnGap)/(nameW+columnGap)))
	pp.colW = (inner - (pp.cols-1)*columnGap) / pp.cols
	pp.lines = (len(names) + pp.cols - 1) / pp.cols
	pp.height = panelGap + panelPad + panelLineH + pp.lines*panelLineH + panelPad - 8
	return pp
}

// stack draws s's parts side by side in bar, over back, inside rounded
// ends; a stack with nothing in it shows its Empty text instead.
func (p *painter) stack(s Stack, bar image.Rectangle, back color.RGBA) {
	total := s.total()
	if total == 0 {
		p.round(bar, palette[NotJoined])
		if s.Empty != "" {
			note := typeset.Ellipsize(p.f.small, s.Empty, bar.Dx()-32)
			p.text(p.f.small, note, bar.Min.X+16, baseline(p.f.small, (bar.Min.Y+bar.Max.Y)/2), ink)
		}
		return
	}
	if p.dst == nil {
		return
	}
	layer := image.NewRGBA(bar)
	draw.Draw(layer, bar, image.NewUniform(back), image.Point{}, draw.Src)
	w, sum, prev := bar.Dx(), 0, 0
	for _, part := range s.Parts {
		if part.Value <= 0 {
			continue
		}
		sum += part.Value
		edge := min(w*min(sum, total)/total, w)
		edge = min(max(edge, prev+minPartW), w)
		draw.Draw(layer, image.Rect(bar.Min.X+prev, bar.Min.Y, bar.Min.X+edge, bar.Max.Y), image.NewUniform(palette[part.Kind]), image.Point{}, draw.Src)
		prev = edge
	}
	mask := image.NewAlpha(bar)
	roundPath(bar).Draw(mask, bar, image.Opaque, image.Point{})
	draw.DrawMask(p.dst, bar, layer, bar.Min, mask, bar.Min, draw.Over)
}

// legend draws a swatch, label and count per part, flowing onto a new line
// when the width runs out, and answers the y below it.
func (p *painter) legend(parts []Part, y int) int {
	if len(parts) == 0 {
		return y
	}
	x := margin
	lh := p.f.small.Metrics().Height.Ceil() + 6
	for _, part := range parts {
		count := strconv.Itoa(part.Value)
		lw := typeset.Measure(p.f.small, part.Label)
		w := swatch + 12 + lw + 10 + typeset.Measure(p.f.smallBold, count)
		if x > margin && x+w > width-margin {
			x, y = margin, y+lh
		}
		mid := y + lh/2
		p.round(image.Rect(x, mid-swatch/2, x+swatch, mid+swatch/2), palette[part.Kind])
		tx := x + swatch + 12
		p.text(p.f.small, part.Label, tx, baseline(p.f.small, mid), ink)
		p.text(p.f.smallBold, count, tx+lw+10, baseline(p.f.small, mid), ink)
		x += w + 36
	}
	return y + lh
}

// line draws s with its top at y and answers the top of the next line.
func (p *painter) line(f font.Face, s string, x, y int, c color.RGBA) int {
	m := f.Metrics()
	p.text(f, s, x, y+m.Ascent.Ceil(), c)
	return y + m.Height.Ceil()
}

func (p *painter) text(f font.Face, s string, x, base int, c color.RGBA) {
	if p.dst == nil || s == "" {
		return
	}
	d := font.Drawer{Dst: p.dst, Src: image.NewUniform(c), Face: f, Dot: fixed.P(x, base)}
	d.DrawString(s)
}

func (p *painter) fill(r image.Rectangle, c color.RGBA) {
	if p.dst != nil {
		draw.Draw(p.dst, r, image.NewUniform(c), image.Point{}, draw.Src)
	}
}

func (p *painter) round(r image.Rectangle, c color.RGBA) {
	if p.dst != nil && !r.Empty() {
		roundPath(r).Draw(p.dst, r, image.NewUniform(c), image.Point{})
	}
}

// roundPath is r with rounded corners, in r's own coordinates, as the
// rasterizer wants them.
func roundPath(r image.Rectangle) *vector.Rasterizer {
	return typeset.RoundRect(r, min(float32(r.Dy())/4, float32(r.Dx())/2, 12))
}

// baseline puts a line of f's capitals centred on mid.
func baseline(f font.Face, mid int) int {
	return mid + f.Metrics().CapHeight.Ceil()/2
}
