package chart

import (
	"bytes"
	"image/png"
	"testing"
)

func TestHorizontalBarsDrawsOneRowPerBar(t *testing.T) {
	t.Parallel()
	data, err := HorizontalBars("Kuota terpakai", []Bar{
		{Label: "Alahan Panjang", Value: 87, Max: 100},
		{Label: "Paninggahan", Value: 3, Max: 0},
		{Label: "Nama nagari yang panjang sekali melebihi batas", Value: 120, Max: 100},
		{Label: "Kosong", Value: 0, Max: 0},
	})
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != width || b.Dy() != titleH+4*rowHeight+margin {
		t.Errorf("size %v", b)
	}
	// The first bar is filled at its start, in the "within quota" colour.
	r, g, _, _ := img.At(margin+labelWidth+2, titleH+(rowHeight-barHeight)/2).RGBA()
	if r>>8 != uint32(fill.R) || g>>8 != uint32(fill.G) {
		t.Errorf("first bar not drawn: %d %d", r>>8, g>>8)
	}
}

func TestHorizontalBarsWithNoBars(t *testing.T) {
	t.Parallel()
	if _, err := HorizontalBars("Kosong", nil); err != nil {
		t.Fatal(err)
	}
}
