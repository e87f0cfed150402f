package poster

import (
	"bytes"
	"errors"
	"fmt"
	"image/png"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// Words renders a message of locales/ with data (render.Renderer.Text with
// the language bound). Every word on a poster comes through it.
type Words func(msg string, data map[string]any) (string, error)

// Nagari is what one poster is for.
type Nagari struct {
	Code      string // kode_wilayah, for the file names
	Name      string
	Kecamatan string // the kecamatan's name
	// Contact is how workers reach the nagari office; "" leaves its line
	// off.
	Contact string
	// Link is the bot's deep link for the nagari (domain.DeepLink), the
	// QR code's content and printed under it.
	Link string
}

// Files are a poster as the two files staff get: the picture, and the
// picture on an A4 page to print.
type Files struct {
	PNG, PDF []byte
}

// The size of the page: A4 at 150 dpi, and in the PDF's millimetres.
const (
	Width, Height = 1240, 1754
	pageW, pageH  = 210.0, 297.0
)

// Render draws n's poster with words and answers it as PNG and PDF.
func Render(n Nagari, words Words) (Files, error) {
	c, err := content(n, words)
	if err != nil {
		return Files{}, err
	}
	img, _, err := draw(c)
	if err != nil {
		return Files{}, err
	}
	var pngData bytes.Buffer
	// BestSpeed: the page is mostly flat colour, so the file is hardly
	// larger, and the default level took most of a poster's time.
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&pngData, img); err != nil {
		return Files{}, fmt.Errorf("encode poster png: %w", err)
	}
	pdfData, err := PDF(pngData.Bytes(), c.programme+" – "+c.nagari)
	if err != nil {
		return Files{}, err
	}
	return Files{PNG: pngData.Bytes(), PDF: pdfData}, nil
}

// FileName names a poster's file: "poster-13.02.04.2001-alahan-panjang"
// and ext. The code keeps two nagari of one name apart (there are two
// Koto Laweh); the name is for people looking through a folder of 74.
func FileName(n Nagari, ext string) string {
	var slug strings.Builder
	dash := false
	for _, r := range strings.ToLower(n.Name) {
		if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' {
			if dash && slug.Len() > 0 {
				slug.WriteByte('-')
			}
			slug.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	name := "poster-" + n.Code
	if slug.Len() > 0 {
		name += "-" + slug.String()
	}
	return name + "." + ext
}

// PDF puts a poster's PNG on one A4 portrait page, edge to edge, with
// title as the document's title. The dates are fixed, so the same poster
// always makes the same file.
func PDF(pngData []byte, title string) ([]byte, error) {
	doc := fpdf.New("P", "mm", "A4", "")
	doc.SetTitle(title, true)
	doc.SetProducer("JagaNagari", false)
	stamp := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	doc.SetCreationDate(stamp)
	doc.SetModificationDate(stamp)
	doc.SetMargins(0, 0, 0)
	doc.SetAutoPageBreak(false, 0)
	doc.AddPage()
	opts := fpdf.ImageOptions{ImageType: "PNG"}
	doc.RegisterImageOptionsReader("poster", opts, bytes.NewReader(pngData))
	doc.ImageOptions("poster", 0, 0, pageW, pageH, false, opts, 0, "")
	var out bytes.Buffer
	if err := doc.Output(&out); err != nil {
		return nil, fmt.Errorf("write poster pdf: %w", err)
	}
	return out.Bytes(), nil
}

// text is every word of one poster, rendered.
type text struct {
	programme, tagline, nagari, kecamatan, call, cover, scan, link, contact, help string
}

func content(n Nagari, words Words) (text, error) {
	if n.Link == "" {
		return text{}, errors.New("poster without a link")
	}
	var c text
	var err error
	say := func(dst *string, msg string, data map[string]any) {
		if err == nil {
			*dst, err = words(msg, data)
		}
	}
	say(&c.programme, "poster.programme", nil)
	say(&c.tagline, "poster.tagline", nil)
	say(&c.nagari, "poster.nagari", map[string]any{"Nagari": n.Name})
	say(&c.kecamatan, "poster.kecamatan", map[string]any{"Kecamatan": n.Kecamatan})
	say(&c.call, "poster.call", nil)
	say(&c.cover, "poster.cover", nil)
	say(&c.scan, "poster.scan", nil)
	if strings.TrimSpace(n.Contact) != "" {
		say(&c.contact, "poster.contact", map[string]any{"Contact": strings.Join(strings.Fields(n.Contact), " ")})
	}
	say(&c.help, "poster.help", nil)
	if err != nil {
		return text{}, fmt.Errorf("poster words: %w", err)
	}
	c.link = n.Link
	return c, nil
}
