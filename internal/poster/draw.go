package poster

import (
	"fmt"
	"image"
	"image/color"
	imagedraw "image/draw"
	"math"
	"strings"

	goqr "github.com/piglig/go-qr"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/jaganagari/jaganagari/internal/typeset"
)

// Layout, in pixels of the 150 dpi page (1 mm is about 5.9 px). Text sizes
// are those of a normal poster; a long name, call or contact first wraps,
// then the words shrink together (down to minScale) so that the QR code
// keeps at least minQR.
const (
	margin   = 80
	bandPad  = 40 // above and below the words in the green band
	boxPad   = 30 // inside the call's box
	gap      = 36 // between blocks
	bottom   = 60 // below the last line
	maxQR    = 760
	minQR    = 560 // 9.5 cm: a phone scans it from a couple of metres
	quiet    = 4   // modules of white around the symbol, as ISO/IEC 18004 asks
	minScale = 0.7
)

// Text sizes at scale 1, in px (at 150 dpi, 10 px ≈ 5 pt).
const (
	programmeSize = 104
	taglineSize   = 36
	nagariSize    = 84
	kecamatanSize = 42
	callSize      = 56
	coverSize     = 34
	scanSize      = 34
	linkSize      = 40
	contactSize   = 36
	helpSize      = 32
	// MinTextSize is the smallest text a poster ever has: about 10 pt
	// printed, readable at arm's length.
	MinTextSize = 22
)

var (
	paper  = color.RGBA{0xff, 0xff, 0xff, 0xff}
	ink    = color.RGBA{0x1d, 0x23, 0x29, 0xff}
	muted  = color.RGBA{0x4a, 0x54, 0x5e, 0xff}
	green  = color.RGBA{0x1e, 0x7a, 0x4c, 0xff} // the charts' "in use" green
	pale   = color.RGBA{0xe3, 0xf1, 0xe8, 0xff}
	rule   = color.RGBA{0xcf, 0xd6, 0xdc, 0xff}
	qrDark = color.RGBA{0x00, 0x00, 0x00, 0xff} // the most contrast a scanner can get
)

type style int

const (
	regular style = iota
	bold
	mono
)

// Block is a run of lines of one size drawn on a poster, for tests to look
// at: the words are there, whole, inside the page and apart from the rest.
type Block struct {
	Name  string // which part of the poster: "nagari", "link", …
	Lines []string
	Size  float64 // font size in px
	Rect  image.Rectangle
}

// Plan is where a poster's parts went.
type Plan struct {
	Blocks []Block
	QR     image.Rectangle // the symbol with its quiet zone
	Module int             // px per module
	Scale  float64         // how much the words shrank to leave the QR room
}

// Block returns the block called name, if the poster has one.
func (p Plan) Block(name string) (Block, bool) {
	for _, b := range p.Blocks {
		if b.Name == name {
			return b, true
		}
	}
	return Block{}, false
}

// draw lays c out at the largest text scale that leaves the QR code
// room, then paints it.
func draw(c text) (*image.RGBA, Plan, error) {
	p, scale, err := measured(c)
	if err != nil {
		return nil, Plan{}, err
	}
	p.dst = image.NewRGBA(image.Rect(0, 0, Width, Height))
	imagedraw.Draw(p.dst, p.dst.Bounds(), image.NewUniform(paper), image.Point{}, imagedraw.Src)
	pl, err := p.layout(c, scale)
	return p.dst, pl, err
}

// measured finds the largest text scale, in steps of 0.05, at which c
// leaves the QR code minQR, and answers a painter ready to draw at it.
func measured(c text) (*painter, float64, error) {
	fs, err := typeset.GoFonts()
	if err != nil {
		return nil, 0, fmt.Errorf("parse poster font: %w", err)
	}
	qr, err := goqr.EncodeText(c.link, goqr.Quartile)
	if err != nil {
		return nil, 0, fmt.Errorf("encode poster qr code: %w", err)
	}
	p := &painter{fonts: [...]*opentype.Font{regular: fs.Regular, bold: fs.Bold, mono: fs.MonoBold}, faces: map[faceKey]font.Face{}, qr: qr}
	for scale := 1.0; ; scale = math.Round((scale-0.05)*100) / 100 {
		pl, err := p.layout(c, scale)
		switch {
		case err != nil:
			return nil, 0, err
		case pl.QR.Dx() >= minQR:
			return p, scale, nil
		case scale <= minScale:
			return nil, 0, fmt.Errorf("poster words leave the qr code %d px, under %d", pl.QR.Dx(), minQR)
		}
	}
}

type faceKey struct {
	style style
	size  float64
}

// painter draws on dst, or only measures while dst is nil.
type painter struct {
	dst   *image.RGBA
	fonts [3]*opentype.Font
	faces map[faceKey]font.Face // made per render: faces are not safe to share
	qr    *goqr.QrCode
}

func (p *painter) face(st style, size float64) (font.Face, error) {
	k := faceKey{st, size}
	if f, ok := p.faces[k]; ok {
		return f, nil
	}
	f, err := typeset.Face(p.fonts[st], size)
	if err != nil {
		return nil, fmt.Errorf("make poster font face: %w", err)
	}
	p.faces[k] = f
	return f, nil
}

// layout places every part at text scale s, top down to the call, bottom
// up to the line under the QR code, and the code in the room between.
func (p *painter) layout(c text, s float64) (Plan, error) {
	pl := Plan{Scale: s}
	width := Width - 2*margin
	sz := func(px float64) float64 { return math.Max(math.Round(px*s), MinTextSize) }
	var err error
	// block fits str into at most lines lines of width w at size, making
	// it smaller (to MinTextSize) before cutting it short.
	block := func(name string, st style, size float64, str string, lines int, w int) (fitted, error) {
		if err != nil {
			return fitted{}, err
		}
		var f fitted
		f, err = p.fit(name, st, sz(size), str, lines, w)
		return f, err
	}

	// The band: the programme and what it is.
	programme, _ := block("programme", bold, programmeSize, c.programme, 1, width)
	tagline, _ := block("tagline", regular, taglineSize, c.tagline, 2, width)
	band := image.Rect(0, 0, Width, bandPad+programme.height()+8+tagline.height()+bandPad)
	p.fill(band, green)
	y := p.centred(&pl, programme, bandPad, paper)
	p.centred(&pl, tagline, y+8, paper)

	// Whose poster it is.
	nagari, _ := block("nagari", bold, nagariSize, c.nagari, 2, width)
	kecamatan, _ := block("kecamatan", regular, kecamatanSize, c.kecamatan, 2, width)
	y = band.Max.Y + gap
	y = p.centred(&pl, nagari, y, ink)
	y = p.centred(&pl, kecamatan, y+4, muted)

	// The call, on a pale box.
	call, _ := block("call", bold, callSize, c.call, 3, width-2*boxPad)
	cover, _ := block("cover", regular, coverSize, c.cover, 2, width-2*boxPad)
	box := image.Rect(margin-boxPad, y+gap, Width-margin+boxPad, y+gap+boxPad+call.height()+10+cover.height()+boxPad)
	p.round(box, pale)
	y = p.centred(&pl, call, box.Min.Y+boxPad, ink)
	p.centred(&pl, cover, y+10, ink)
	top := box.Max.Y + gap

	// From the bottom up: help, contact, a rule, the link, how to scan.
	help, _ := block("help", regular, helpSize, c.help, 2, width)
	var contact fitted
	if c.contact != "" {
		contact, _ = block("contact", bold, contactSize, c.contact, 4, width)
	}
	// The link is never cut: a shortened link opens nothing. It gets as
	// small as it must (the longest, of a 32-letter username, fits at 27 px).
	link, _ := block("link", mono, linkSize, c.link, 1, width)
	scan, _ := block("scan", regular, scanSize, c.scan, 2, width)
	if err != nil {
		return Plan{}, err
	}
	if link.cut {
		return Plan{}, fmt.Errorf("poster link %q does not fit the page", c.link)
	}
	yb := Height - bottom - help.height()
	p.centred(&pl, help, yb, muted)
	if c.contact != "" {
		yb -= 12 + contact.height()
		p.centred(&pl, contact, yb, ink)
	}
	yb -= gap / 2
	p.fill(image.Rect(margin, yb-2, Width-margin, yb), rule)
	yb -= gap/2 + link.height()
	p.centred(&pl, link, yb, ink)
	yb -= 6 + scan.height()
	p.centred(&pl, scan, yb, ink)

	// The QR code, as large as the room left allows, in whole pixels per
	// module so that every module prints the same size.
	room := min(yb-16-top, maxQR)
	modules := p.qr.Size() + 2*quiet
	mod := max(room/modules, 1)
	side := mod * modules
	x0, y0 := (Width-side)/2, top+(yb-16-top-side)/2
	pl.QR, pl.Module = image.Rect(x0, y0, x0+side, y0+side), mod
	if p.dst != nil {
		p.fill(pl.QR, paper)
		for my := range p.qr.Size() {
			for mx := range p.qr.Size() {
				if p.qr.Module(mx, my) {
					x, y := x0+(mx+quiet)*mod, y0+(my+quiet)*mod
					p.fill(image.Rect(x, y, x+mod, y+mod), qrDark)
				}
			}
		}
	}
	return pl, nil
}

// fitted is a block of text fitted to its width.
type fitted struct {
	name  string
	face  font.Face
	size  float64
	lines []string
	cut   bool // the text did not fit whole, even at MinTextSize
}

func (f fitted) height() int {
	if f.face == nil {
		return 0
	}
	return len(f.lines) * f.face.Metrics().Height.Ceil()
}

// fit wraps s into at most n lines of w px at size, trying smaller sizes
// (by 4 px, to MinTextSize) until it fits whole; at the smallest it is cut
// with an ellipsis.
func (p *painter) fit(name string, st style, size float64, s string, n, w int) (fitted, error) {
	s = strings.Join(strings.Fields(s), " ")
	for {
		f, err := p.face(st, size)
		if err != nil {
			return fitted{}, err
		}
		lines := typeset.Wrap(f, s, w, n)
		whole := strings.Join(lines, " ") == s
		if whole || size <= MinTextSize {
			return fitted{name: name, face: f, size: size, lines: lines, cut: !whole}, nil
		}
		size = math.Max(size-4, MinTextSize)
	}
}

// centred draws f's lines centred from y down, records them in pl, and
// answers the y below them.
func (p *painter) centred(pl *Plan, f fitted, y int, c color.RGBA) int {
	if f.face == nil || len(f.lines) == 0 {
		return y
	}
	m := f.face.Metrics()
	b := Block{Name: f.name, Lines: f.lines, Size: f.size, Rect: image.Rectangle{Min: image.Pt(Width, y), Max: image.Pt(0, y+f.height())}}
	for i, ln := range f.lines {
		w := typeset.Measure(f.face, ln)
		x := (Width - w) / 2
		b.Rect.Min.X, b.Rect.Max.X = min(b.Rect.Min.X, x), max(b.Rect.Max.X, x+w)
		if p.dst != nil {
			d := font.Drawer{Dst: p.dst, Src: image.NewUniform(c), Face: f.face, Dot: fixed.P(x, y+i*m.Height.Ceil()+m.Ascent.Ceil())}
			d.DrawString(ln)
		}
	}
	pl.Blocks = append(pl.Blocks, b)
	return y + f.height()
}

func (p *painter) fill(r image.Rectangle, c color.RGBA) {
	if p.dst != nil {
		imagedraw.Draw(p.dst, r, image.NewUniform(c), image.Point{}, imagedraw.Src)
	}
}

// round paints r with rounded corners.
func (p *painter) round(r image.Rectangle, c color.RGBA) {
	if p.dst == nil || r.Empty() {
		return
	}
	rad := min(float32(r.Dy())/4, float32(r.Dx())/2, 24)
	typeset.RoundRect(r, rad).Draw(p.dst, r, image.NewUniform(c), image.Point{})
}
