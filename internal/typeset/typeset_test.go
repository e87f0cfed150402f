package typeset

import (
	"image"
	"strings"
	"testing"
)

func TestWrapFitsTheWidthAndEllipsizesTheLastLine(t *testing.T) {
	fs, err := GoFonts()
	if err != nil {
		t.Fatal(err)
	}
	f, err := Face(fs.Regular, 28)
	if err != nil {
		t.Fatal(err)
	}
	s := "Laporkan kecelakaan kerja ke petugas nagari dalam 2 × 24 jam melalui /lapor"
	w := Measure(f, "Laporkan kecelakaan")
	lines := Wrap(f, s, w, 3)
	if len(lines) != 3 || !strings.HasSuffix(lines[2], "…") {
		t.Fatalf("Wrap = %q, want 3 lines, the last ellipsized", lines)
	}
	for _, l := range lines {
		if Measure(f, l) > w {
			t.Errorf("%q is %d px, over %d", l, Measure(f, l), w)
		}
	}
	if got := Wrap(f, "Solok", w, 3); len(got) != 1 || got[0] != "Solok" {
		t.Errorf("a short text wraps to %q", got)
	}
}

func TestRoundRectCoversTheMiddleNotTheCorner(t *testing.T) {
	r := image.Rect(10, 10, 110, 60)
	z := RoundRect(r, 12)
	mask := image.NewAlpha(image.Rect(0, 0, r.Dx(), r.Dy()))
	z.Draw(mask, mask.Bounds(), image.Opaque, image.Point{})
	if mask.AlphaAt(50, 25).A != 0xff || mask.AlphaAt(0, 0).A != 0 {
		t.Errorf("middle alpha %d, corner alpha %d; want 255 and 0", mask.AlphaAt(50, 25).A, mask.AlphaAt(0, 0).A)
	}
}
