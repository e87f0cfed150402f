package poster

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	xdraw "golang.org/x/image/draw"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/render"
	"github.com/jaganagari/jaganagari/locales"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

var renderer = sync.OnceValues(func() (*render.Renderer, error) { return render.New(locales.FS) })

// words renders the real messages, in Indonesian as posters are.
func words(t testing.TB) Words {
	t.Helper()
	r, err := renderer()
	if err != nil {
		t.Fatal(err)
	}
	return func(msg string, data map[string]any) (string, error) { return r.Text("id", msg, data) }
}

var alahanPanjang = Nagari{
	Code: "13.02.04.2001", Name: "Alahan Panjang", Kecamatan: "Lembah Gumanti",
	Contact: "Jl. Raya Alahan Panjang No. 1, 0755 123456",
	Link:    domain.DeepLink("JagaNagariBot", "13.02.04.2001"),
}

// longest is the most a poster ever has to hold: the longest username
// Telegram allows, and a contact of the 300 characters the store allows.
var longest = Nagari{
	Code: "13.02.09.2001", Name: "Selayo Tanang B. Sileh", Kecamatan: "IX Koto Sungai Lasi",
	Contact: strings.Repeat("Kantor Wali Nagari, Jorong Koto Tuo, 0812 3456 7890; ", 6)[:300],
	Link:    domain.DeepLink("a_very_long_username_of_32_c_bot", "13.02.09.2001"),
}

// decodeQR reads the QR code in a picture with ZXing's reader, which
// shares no code with the encoder.
func decodeQR(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("the poster's qr code does not decode: %v", err)
	}
	return res.GetText()
}

func TestPosterQRCodeOpensTheLink(t *testing.T) {
	t.Parallel()
	for _, n := range []Nagari{alahanPanjang, longest} {
		t.Run(n.Code, func(t *testing.T) {
			t.Parallel()
			f, err := Render(n, words(t))
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(f.PNG))
			if err != nil {
				t.Fatal(err)
			}
			if b := img.Bounds(); b.Dx() != Width || b.Dy() != Height {
				t.Fatalf("poster is %v, want %dx%d", b, Width, Height)
			}
			if got := decodeQR(t, img); got != n.Link {
				t.Errorf("qr code holds %q, want %q", got, n.Link)
			}
			// Telegram keeps a photo at most 1280 px on its longest side:
			// the picture sent to a chat must still scan.
			small := image.NewRGBA(image.Rect(0, 0, Width*1280/Height, 1280))
			xdraw.ApproxBiLinear.Scale(small, small.Bounds(), img, img.Bounds(), xdraw.Src, nil)
			if got := decodeQR(t, small); got != n.Link {
				t.Errorf("scaled to Telegram's photo size, the qr code holds %q, want %q", got, n.Link)
			}
		})
	}
}

func TestPosterLayout(t *testing.T) {
	t.Parallel()
	w := words(t)

	t.Run("golden", func(t *testing.T) {
		c, err := content(alahanPanjang, w)
		if err != nil {
			t.Fatal(err)
		}
		_, pl, err := draw(c)
		if err != nil {
			t.Fatal(err)
		}
		checkGolden(t, "testdata/alahan-panjang.plan.golden", describe(pl))
	})

	// Every nagari's poster, with and without a contact, with the longest
	// link: everything whole, inside the page, apart, and large enough.
	f, err := os.Open("../domain/testdata/solok-nagari.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	list, err := domain.ParseRegionsCSV(f)
	if err != nil || len(list) != 74 {
		t.Fatalf("%d nagari, %v", len(list), err)
	}
	for _, ng := range list {
		for _, contact := range []string{"", longest.Contact} {
			n := Nagari{Code: ng.Code, Name: ng.Name, Kecamatan: ng.KecamatanName, Contact: contact, Link: longest.Link}
			c, err := content(n, w)
			if err != nil {
				t.Fatal(err)
			}
			p, scale, err := measured(c)
			if err != nil {
				t.Fatalf("%s: %v", ng.Name, err)
			}
			pl, err := p.layout(c, scale)
			if err != nil {
				t.Fatal(err)
			}
			checkPlan(t, n, c, pl)
		}
	}
}

// checkPlan checks one poster's layout.
func checkPlan(t *testing.T, n Nagari, c text, pl Plan) {
	t.Helper()
	page := image.Rect(0, 0, Width, Height).Inset(40)
	whole := map[string]string{
		"programme": c.programme, "tagline": c.tagline, "nagari": "Nagari " + n.Name, "kecamatan": "Kecamatan " + n.Kecamatan + ", Kabupaten Solok",
		"call": c.call, "cover": c.cover, "scan": c.scan, "link": n.Link, "help": c.help,
	}
	if n.Contact != "" {
		whole["contact"] = "Kantor wali nagari: " + n.Contact
	}
	for name, want := range whole {
		b, ok := pl.Block(name)
		if !ok {
			t.Errorf("%s: no %s on the poster", n.Name, name)
			continue
		}
		if got := strings.Join(b.Lines, " "); got != strings.Join(strings.Fields(want), " ") {
			t.Errorf("%s: %s reads %q, want %q", n.Name, name, got, want)
		}
		if b.Size < MinTextSize {
			t.Errorf("%s: %s is %v px, under %d", n.Name, name, b.Size, MinTextSize)
		}
		if !b.Rect.In(page) {
			t.Errorf("%s: %s at %v leaves the page %v", n.Name, name, b.Rect, page)
		}
	}
	if b, _ := pl.Block("link"); len(b.Lines) != 1 {
		t.Errorf("%s: the link is broken over %d lines", n.Name, len(b.Lines))
	}
	if _, ok := pl.Block("contact"); ok != (n.Contact != "") {
		t.Errorf("%s: contact shown %v with contact %q", n.Name, ok, n.Contact)
	}
	// The headline words stay the largest.
	nagari, _ := pl.Block("nagari")
	call, _ := pl.Block("call")
	scan, _ := pl.Block("scan")
	if !(nagari.Size > call.Size && call.Size > scan.Size) {
		t.Errorf("%s: sizes nagari %v, call %v, scan %v: the headline is not the largest", n.Name, nagari.Size, call.Size, scan.Size)
	}
	if pl.QR.Dx() < minQR || pl.QR.Dx() != pl.QR.Dy() || !pl.QR.In(page) || pl.Module < 10 {
		t.Errorf("%s: qr code %v, %d px a module", n.Name, pl.QR, pl.Module)
	}
	for i, a := range pl.Blocks {
		if a.Rect.Overlaps(pl.QR) {
			t.Errorf("%s: %s at %v covers the qr code %v", n.Name, a.Name, a.Rect, pl.QR)
		}
		for _, b := range pl.Blocks[i+1:] {
			if a.Rect.Overlaps(b.Rect) {
				t.Errorf("%s: %s %v and %s %v overlap", n.Name, a.Name, a.Rect, b.Name, b.Rect)
			}
		}
	}
}

// describe writes a plan as lines for a golden file.
func describe(pl Plan) string {
	var b strings.Builder
	fmt.Fprintf(&b, "scale %.2f\n", pl.Scale)
	for _, bl := range pl.Blocks {
		fmt.Fprintf(&b, "%-9s %3.0fpx %v\n", bl.Name, bl.Size, bl.Rect)
		for _, ln := range bl.Lines {
			fmt.Fprintf(&b, "          | %s\n", ln)
		}
	}
	fmt.Fprintf(&b, "qr        %v, %d px a module\n", pl.QR, pl.Module)
	return b.String()
}

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v: run go test ./internal/poster -update to write it", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("the layout differs from %s (-golden +now); if meant, run go test ./internal/poster -update:\n%s", path, diff)
	}
}

func TestPosterPDFIsOneA4PageOfThePicture(t *testing.T) {
	t.Parallel()
	f, err := Render(alahanPanjang, words(t))
	if err != nil {
		t.Fatal(err)
	}
	doc := f.PDF
	if !bytes.HasPrefix(doc, []byte("%PDF-1.")) || !bytes.HasSuffix(bytes.TrimRight(doc, "\r\n"), []byte("%%EOF")) {
		t.Fatalf("not a PDF: starts %q, ends %q", doc[:min(len(doc), 8)], doc[max(len(doc)-8, 0):])
	}
	objects := pdfObjects(t, doc)

	var pages, images []string
	for _, o := range objects {
		switch {
		case regexp.MustCompile(`/Type /Page\b`).MatchString(o):
			pages = append(pages, o)
		case strings.Contains(o, "/Subtype /Image"):
			images = append(images, o)
		}
	}
	if len(pages) != 1 {
		t.Fatalf("%d pages, want 1", len(pages))
	}
	// A4 is 210 × 297 mm: 595.28 × 841.89 points. fpdf puts the size on
	// the pages object, which the page inherits.
	box := regexp.MustCompile(`/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]`).FindStringSubmatch(string(doc))
	if box == nil {
		t.Fatal("no MediaBox")
	}
	if w, h := atof(t, box[1]), atof(t, box[2]); !near(w, 595.28) || !near(h, 841.89) {
		t.Errorf("page is %v × %v pt, want A4 595.28 × 841.89", w, h)
	}
	if len(images) != 1 {
		t.Fatalf("%d images, want 1", len(images))
	}
	img := images[0]
	for _, want := range []string{"/Width 1240", "/Height 1754", "/ColorSpace /DeviceRGB", "/BitsPerComponent 8", "/Filter /FlateDecode"} {
		if !strings.Contains(img, want) {
			t.Errorf("image object lacks %s: %.300s", want, img)
		}
	}
	// The image's data is the PNG's own: the page shows the very picture.
	if got, want := streamOf(t, img), idat(t, f.PNG); !bytes.Equal(got, want) {
		t.Errorf("the PDF's image (%d bytes) is not the PNG's (%d bytes)", len(got), len(want))
	}
	// And it covers the page: scaled to the page's size from its corner.
	var drawn bool
	for _, o := range objects {
		s := o
		if strings.Contains(o, "/Filter /FlateDecode") && !strings.Contains(o, "/Subtype") {
			s = string(inflate(t, streamOf(t, o)))
		}
		m := regexp.MustCompile(`q ([\d.]+) 0 0 ([\d.]+) ([\d.]+) ([\d.]+) cm /\w+ Do Q`).FindStringSubmatch(s)
		if m != nil && near(atof(t, m[1]), 595.28) && near(atof(t, m[2]), 841.89) && near(atof(t, m[3]), 0) && near(atof(t, m[4]), 0) {
			drawn = true
		}
	}
	if !drawn {
		t.Error("no page content draws the image over the whole page")
	}
}

// pdfObjects reads the cross-reference table and answers every object it
// points at, checking that each offset lands on its object.
func pdfObjects(t *testing.T, doc []byte) []string {
	t.Helper()
	m := regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`).FindSubmatch(doc)
	if m == nil {
		t.Fatal("no startxref")
	}
	at, _ := strconv.Atoi(string(m[1]))
	if at >= len(doc) || !bytes.HasPrefix(doc[at:], []byte("xref")) {
		t.Fatalf("startxref %d does not point at the xref table", at)
	}
	head := regexp.MustCompile(`^xref\s+0 (\d+)\s+`).FindSubmatch(doc[at:])
	if head == nil {
		t.Fatal("malformed xref table")
	}
	count, _ := strconv.Atoi(string(head[1]))
	rows := regexp.MustCompile(`(\d{10}) (\d{5}) ([nf])`).FindAllSubmatch(doc[at:], count)
	if len(rows) != count || count < 3 {
		t.Fatalf("xref lists %d of %d objects", len(rows), count)
	}
	var out []string
	for i, r := range rows {
		if string(r[3]) != "n" {
			continue
		}
		off, _ := strconv.Atoi(string(r[1]))
		prefix := fmt.Sprintf("%d 0 obj", i)
		if off >= len(doc) || !bytes.HasPrefix(doc[off:], []byte(prefix)) {
			t.Fatalf("xref entry %d points at %q", i, doc[off:min(off+12, len(doc))])
		}
		end := bytes.Index(doc[off:], []byte("endobj"))
		if end < 0 {
			t.Fatalf("object %d never ends", i)
		}
		out = append(out, string(doc[off:off+end]))
	}
	return out
}

// streamOf is the bytes of an object's stream, by its /Length.
func streamOf(t *testing.T, obj string) []byte {
	t.Helper()
	m := regexp.MustCompile(`/Length (\d+)`).FindStringSubmatch(obj)
	i := strings.Index(obj, "stream")
	if m == nil || i < 0 {
		t.Fatalf("no stream in %.200s", obj)
	}
	n, _ := strconv.Atoi(m[1])
	start := i + len("stream")
	for start < len(obj) && (obj[start] == '\r' || obj[start] == '\n') {
		start++
	}
	if start+n > len(obj) {
		t.Fatalf("stream of %d bytes runs past its object", n)
	}
	return []byte(obj[start : start+n])
}

func inflate(t *testing.T, data []byte) []byte {
	t.Helper()
	r, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// idat is a PNG's image data: its IDAT chunks, joined.
func idat(t *testing.T, pngData []byte) []byte {
	t.Helper()
	var out []byte
	for p := 8; p+8 <= len(pngData); {
		n := int(binary.BigEndian.Uint32(pngData[p:]))
		kind := string(pngData[p+4 : p+8])
		if kind == "IDAT" {
			out = append(out, pngData[p+8:p+8+n]...)
		}
		p += 12 + n
	}
	return out
}

func atof(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func near(a, b float64) bool { return a-b < 0.01 && b-a < 0.01 }

func TestFileName(t *testing.T) {
	t.Parallel()
	for n, want := range map[Nagari]string{
		{Code: "13.02.04.2001", Name: "Alahan Panjang"}:           "poster-13.02.04.2001-alahan-panjang.pdf",
		{Code: "13.02.03.2003", Name: "Simpang Tj. Nan IV"}:       "poster-13.02.03.2003-simpang-tj-nan-iv.pdf",
		{Code: "13.02.11.2006", Name: "Taruang-Taruang"}:          "poster-13.02.11.2006-taruang-taruang.pdf",
		{Code: "13.02.06.2005", Name: "  Koto Gadang Koto Anau "}: "poster-13.02.06.2005-koto-gadang-koto-anau.pdf",
		{Code: "13.02.06.2005", Name: "../"}:                      "poster-13.02.06.2005.pdf",
	} {
		if got := FileName(n, "pdf"); got != want {
			t.Errorf("FileName(%q) = %q, want %q", n.Name, got, want)
		}
	}
}

func TestPosterRefusesNoLink(t *testing.T) {
	t.Parallel()
	n := alahanPanjang
	n.Link = ""
	if _, err := Render(n, words(t)); err == nil {
		t.Error("a poster without a link was drawn")
	}
}
