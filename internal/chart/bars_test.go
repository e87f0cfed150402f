package chart

import (
	"bytes"
	"flag"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/image/font"

	"github.com/jaganagari/jaganagari/internal/typeset"
)

var update = flag.Bool("update", false, "rewrite testdata/*.png from the current drawing")

// coverage is a /cakupan chart as Coverage lays it out, words and all.
var coverage = Chart{
	Title:    "Cakupan Kabupaten Solok",
	Subtitle: "11 dari 74 nagari bergabung · data 12 Mei 2026",
	Stacks: []Stack{
		{Heading: "Kuota terpakai", Figure: Share(131, 1100), Max: 1100, Parts: []Part{
			{Label: "terpakai", Value: 131, Kind: Used}, {Label: "sisa", Value: 969, Kind: Free}}},
		{Heading: "Peserta BPJS aktif (dari terverifikasi)", Figure: Share(90, 140), Max: 140, Parts: []Part{
			{Label: "aktif", Value: 90, Kind: Active}, {Label: "diajukan", Value: 30, Kind: Submitted},
			{Label: "berakhir", Value: 2, Kind: Ended}}},
	},
	RowsTitle: "Kuota terpakai per kecamatan",
	NotJoined: "Belum ada nagari bergabung",
	Rows: []Row{
		{Label: "Pantai Cermin", Joined: false},
		{Label: "Lembah Gumanti", Joined: true, Value: 87, Max: 300},
		{Label: "Hiliran Gumanti", Joined: false},
		{Label: "Payung Sekaki", Joined: true, Value: 1, Max: 100},
		{Label: "Lembang Jaya", Joined: true, Value: 0, Max: 100},
		{Label: "Danau Kembar", Joined: false},
		{Label: "Gunung Talang", Joined: true, Value: 40, Max: 100},
		{Label: "Bukit Sundi", Joined: false},
		{Label: "IX Koto Sungai Lasi", Joined: false},
		{Label: "Kubung", Joined: true, Value: 3, Max: 200},
		{Label: "X Koto Diatas", Joined: false},
		{Label: "X Koto Singkarak", Joined: false},
		{Label: "Junjung Sirih", Joined: true, Value: 0, Max: 200},
		{Label: "Tigo Lurah", Joined: false},
	},
}

// recap is a /rekap chart of one nagari: no rows.
var recap = Chart{
	Title:    "Rekap Nagari Alahan Panjang",
	Subtitle: "Kecamatan Lembah Gumanti · data 12 Mei 2026",
	Stacks: []Stack{
		{Heading: "Kuota terpakai", Figure: Share(87, 100), Max: 100, Parts: []Part{
			{Label: "terpakai", Value: 87, Kind: Used}, {Label: "sisa", Value: 13, Kind: Free}}},
		{Heading: "Peserta BPJS aktif (dari terverifikasi)", Figure: Share(60, 95), Max: 95, Parts: []Part{
			{Label: "aktif", Value: 60, Kind: Active}, {Label: "diajukan", Value: 20, Kind: Submitted},
			{Label: "berakhir", Value: 3, Kind: Ended}}},
		{Heading: "Pendaftar", Figure: "131", Parts: []Part{
			{Label: "terverifikasi", Value: 95, Kind: Verified}, {Label: "menunggu verifikasi", Value: 30, Kind: Pending},
			{Label: "ditolak", Value: 6, Kind: Rejected}}},
	},
}

// regency is the regency admin's /rekap once every kecamatan has joined:
// the tallest chart: the quota and the members (an area's recap leaves
// the registrations to its message).
var regency = func() Chart {
	c := Chart{Title: "Rekap Kabupaten Solok", Subtitle: "Data per 12 Mei 2026", Stacks: recap.Stacks[:2],
		RowsTitle: "Kuota terpakai per kecamatan", NotJoined: "Kecamatan yang belum punya nagari bergabung"}
	for i, r := range coverage.Rows {
		c.Rows = append(c.Rows, Row{Label: r.Label, Joined: true, Value: 7 * i, Max: 100 + 20*i})
	}
	return c
}()

// notJoined is the /rekap of a nagari that has not joined and has no
// registrations yet: both stacks empty.
var notJoined = Chart{
	Title: "Rekap Sungai Nanam", Subtitle: "Data per 12 Mei 2026",
	Stacks: []Stack{
		{Heading: "Kuota terpakai", Figure: Share(0, 0), Empty: "Belum ada kuota: pendaftar terverifikasi masuk daftar tunggu"},
		{Heading: "Pendaftar", Figure: "0", Empty: "Belum ada pendaftar"},
	},
}

var samples = map[string]Chart{"coverage": coverage, "recap": recap, "regency": regency, "not-joined": notJoined}

func TestGoldenCharts(t *testing.T) {
	t.Parallel()
	for name, c := range samples {
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
				t.Fatalf("%v (run go test ./internal/chart -update, then look at the picture)", err)
			}
			if !samePixels(t, data, want) {
				t.Errorf("%s differs from the drawing; look at both, then run with -update", path)
			}
		})
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

func rgba(c color.Color) color.RGBA {
	return color.RGBAModel.Convert(c).(color.RGBA)
}

// inkBox is the bounding box of the dark pixels (text, not bars) in r.
func inkBox(img image.Image, r image.Rectangle) image.Rectangle {
	var box image.Rectangle
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := rgba(img.At(x, y))
			if (int(c.R)+int(c.G)+int(c.B))/3 < 0x70 {
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return box
}

func TestTextIsReadableInAPhoneThumbnail(t *testing.T) {
	t.Parallel()
	// Capitals only, so the ink's height is the cap height.
	c := Chart{
		Title: "HHH", Subtitle: "HHH",
		Stacks:    []Stack{{Heading: "HHH", Figure: "1", Max: 2, Parts: []Part{{Label: "HHH", Value: 1, Kind: Used}}}},
		Rows:      []Row{{Label: "HHH", Joined: true, Value: 1, Max: 2}, {Label: "HHH"}},
		NotJoined: "HHH",
	}
	img, pl, err := render(c)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1080 {
		t.Errorf("width %d px, want 1080: Telegram shows a third of it in a chat", b.Dx())
	}
	// Go's capitals are 0.72 of the font size: 20 px for the 28 px the
	// smallest text needs to be read in a chat; the title must stand out.
	for _, x := range []struct {
		what string
		r    image.Rectangle
		min  int
	}{
		{"title", pl.title, 36},
		{"joined row's name", pl.rows[0].label, 22},
		{"name of an area that has not joined", pl.rows[1].label, 20},
	} {
		if h := inkBox(img, x.r).Dy(); h < x.min {
			t.Errorf("%s is %d px tall, want at least %d", x.what, h, x.min)
		}
	}
	// The smallest text: the row's figure, right of its bar.
	r := pl.rows[0].bar
	fig := image.Rect(r.Max.X+1, r.Min.Y-10, img.Bounds().Dx(), r.Max.Y+10)
	if h := inkBox(img, fig).Dy(); h < 20 {
		t.Errorf("figure is %d px tall, want at least 20", h)
	}
}

func TestChartsStayWithinTheSizeTelegramKeeps(t *testing.T) {
	t.Parallel()
	// Telegram scales a photo's longest side down to 1280 px, and the text
	// with it. The tallest chart is the regency's: two stacks and all 14
	// kecamatan joined.
	for name, c := range samples {
		img, _, err := render(c)
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != 1080 || b.Dy() > 1280 {
			t.Errorf("%s is %v, want 1080 wide and at most 1280 tall", name, b.Size())
		}
	}
}

func TestRowsAreSortedByShareOfQuota(t *testing.T) {
	t.Parallel()
	var got []string
	for _, r := range sortRows(coverage.Rows) {
		got = append(got, r.Label)
	}
	want := []string{"Gunung Talang", "Lembah Gumanti", "Kubung", "Payung Sekaki", "Junjung Sirih", "Lembang Jaya",
		"Bukit Sundi", "Danau Kembar", "Hiliran Gumanti", "IX Koto Sungai Lasi", "Pantai Cermin", "Tigo Lurah", "X Koto Diatas", "X Koto Singkarak"}
	if !slices.Equal(got, want) {
		t.Errorf("order\n got %q\nwant %q", got, want)
	}

	// And so they are drawn: top to bottom, each bar no fuller than the one
	// above, measured on the picture.
	img, pl, err := render(coverage)
	if err != nil {
		t.Fatal(err)
	}
	last, lastY := 2.0, 0
	for _, r := range pl.rows {
		if !r.Joined {
			continue
		}
		if r.bar.Min.Y <= lastY {
			t.Errorf("%s drawn above the row before it", r.Label)
		}
		mid, used := (r.bar.Min.Y+r.bar.Max.Y)/2, 0
		for x := r.bar.Min.X; x < r.bar.Max.X; x++ {
			if rgba(img.At(x, mid)) == palette[Used] {
				used++
			}
		}
		f := float64(used) / float64(r.bar.Dx())
		if want := float64(r.Value) / float64(r.Max); f > last || f < want-0.02 || (r.Value == 0) != (used == 0) {
			t.Errorf("%s: %.2f of its bar is filled, for %d of %d (row above %.2f)", r.Label, f, r.Value, r.Max, last)
		}
		last, lastY = f, r.bar.Min.Y
	}
}

func TestAreasThatHaveNotJoinedAreDrawnAsSuch(t *testing.T) {
	t.Parallel()
	img, pl, err := render(coverage)
	if err != nil {
		t.Fatal(err)
	}
	var joined, notJoined int
	for _, r := range pl.rows {
		mid := image.Pt((r.bar.Min.X+r.bar.Max.X)/2, (r.bar.Min.Y+r.bar.Max.Y)/2)
		got := rgba(img.At(mid.X, mid.Y))
		if !r.Joined {
			notJoined++
			// A grey mark beside the name, and no bar: its width is a swatch.
			if got != palette[NotJoined] || r.bar.Dx() > swatch {
				t.Errorf("%s has not joined but is drawn in %v, %d px wide", r.Label, got, r.bar.Dx())
			}
			continue
		}
		joined++
		if got != palette[Used] && got != palette[Free] {
			t.Errorf("%s has joined but its bar is %v", r.Label, got)
		}
	}
	if joined != 6 || notJoined != 8 {
		t.Errorf("%d joined and %d not joined rows drawn, want 6 and 8", joined, notJoined)
	}

	// A stack with nothing in it (the quota of a nagari that has not
	// joined) is grey, not an empty bar of the quota's colours.
	img, pl, err = render(Chart{Title: "T", Stacks: []Stack{{Heading: "H", Empty: "E"}}})
	if err != nil {
		t.Fatal(err)
	}
	bar := pl.stacks[0]
	if got := rgba(img.At(bar.Max.X-20, (bar.Min.Y+bar.Max.Y)/2)); got != palette[NotJoined] {
		t.Errorf("empty stack drawn in %v", got)
	}
}

func TestCallersWordsAreDrawn(t *testing.T) {
	t.Parallel()
	f, err := newFaces()
	if err != nil {
		t.Fatal(err)
	}
	for _, label := range []string{"Sungai Nanam", "IX Koto Sungai Lasi"} {
		c := Chart{Title: label, Rows: []Row{{Label: label, Joined: true, Value: 1, Max: 2}}}
		img, pl, err := render(c)
		if err != nil {
			t.Fatal(err)
		}
		// The ink is as wide as the font says the caller's text is.
		for what, x := range map[string]struct {
			r    image.Rectangle
			face font.Face
		}{"title": {pl.title, f.title}, "row": {pl.rows[0].label, f.label}} {
			got, want := inkBox(img, x.r).Dx(), typeset.Measure(x.face, label)
			if got < want-8 || got > want {
				t.Errorf("%s %q drawn %d px wide, want about %d", what, label, got, want)
			}
		}
	}
	// A name too long for its column is cut, not drawn over the bar.
	long := "Nagari dengan nama yang sangat panjang sekali"
	img, pl, err := render(Chart{Rows: []Row{{Label: long, Joined: true, Value: 1, Max: 2}}})
	if err != nil {
		t.Fatal(err)
	}
	r := pl.rows[0]
	if box := inkBox(img, image.Rect(0, r.label.Min.Y, r.bar.Min.X, r.label.Max.Y)); box.Max.X > r.label.Max.X {
		t.Errorf("long name runs to x=%d, past its column at %d", box.Max.X, r.label.Max.X)
	}
}

func TestShare(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		v, max int
		want   string
	}{{87, 100, "87/100 · 87%"}, {1, 800, "1/800 · <1%"}, {0, 100, "0/100 · 0%"}, {0, 0, "0/0"}, {2, 3, "2/3 · 67%"}} {
		if got := Share(c.v, c.max); got != c.want {
			t.Errorf("Share(%d, %d) = %q, want %q", c.v, c.max, got, c.want)
		}
	}
}
