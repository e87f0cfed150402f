package chart

import (
	"bytes"
	"cmp"
	"fmt"
	"image/png"
	"slices"
	"strconv"
)

// Kind is what a coloured part of a chart means. Each kind has one colour
// on every chart, so a reader learns it once.
type Kind int

// The kinds of part.
const (
	Used      Kind = iota // quota places taken: dark green
	Free                  // quota places left: pale green
	Verified              // verified registrations: blue
	Pending               // registrations awaiting verification: amber
	Rejected              // rejected registrations: brick red
	NotJoined             // an area that has not joined the programme: grey
	Active                // BPJS members covered now (aktif): teal
	Submitted             // submitted to BPJS, no answer yet (diajukan): violet
	Ended                 // members whose cover ended (berakhir): slate
)

// Chart is one picture: a title and a subtitle, stacked bars of the area's
// totals, then one bar per nagari or kecamatan. Every word on it comes from
// the caller, rendered from locales/, so this package holds no text.
type Chart struct {
	Title, Subtitle string
	Stacks          []Stack
	// RowsTitle heads the rows. Their colours are those of the quota, so a
	// quota stack's legend explains them.
	RowsTitle string
	// Rows are drawn sorted: joined areas by the share of their quota in
	// use, highest first, then the areas that have not joined.
	Rows []Row
	// NotJoined is written in place of the bar of a row that has not joined.
	NotJoined string
}

// Stack is one bar made of parts side by side, with a heading, a figure at
// its right and a legend underneath that gives each part's count.
type Stack struct {
	Heading, Figure string
	// Max is the bar's full length; 0 means the sum of the parts. The
	// length no part covers is drawn as an empty track.
	Max   int
	Parts []Part
	// Empty is written in place of the bar when Max and every part are 0.
	Empty string
}

// Part is a length of a stack, drawn in its kind's colour.
type Part struct {
	Label string
	Value int
	Kind  Kind
}

// Row is a nagari or kecamatan: Value of Max quota places in use, or, when
// not Joined, the chart's NotJoined text instead of a bar.
type Row struct {
	Label      string
	Joined     bool
	Value, Max int
}

// Share writes v of max as "12/100 · 12%", the figure of each row; with
// max 0, which has no share, it is "0/0". A share above 0 that rounds to
// 0% is "<1%", so a started quota never reads as an untouched one.
func Share(v, max int) string {
	if max <= 0 {
		return fmt.Sprintf("%d/%d", v, max)
	}
	pct := (v*100 + max/2) / max
	p := strconv.Itoa(pct) + "%"
	if pct == 0 && v > 0 {
		p = "<1%"
	}
	return fmt.Sprintf("%d/%d · %s", v, max, p)
}

// PNG draws c.
func PNG(c Chart) ([]byte, error) {
	img, _, err := render(c)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encode chart: %w", err)
	}
	return buf.Bytes(), nil
}

// sortRows orders rows for reading: joined rows by the share of quota in
// use, then by places used, then by name; rows that have not joined last,
// by name.
func sortRows(rows []Row) []Row {
	out := slices.Clone(rows)
	slices.SortStableFunc(out, func(a, b Row) int {
		if a.Joined != b.Joined {
			if a.Joined {
				return -1
			}
			return 1
		}
		if a.Joined {
			// a.Value/a.Max against b.Value/b.Max without division; an
			// area without quota counts as 0.
			an, ad := share(a)
			bn, bd := share(b)
			if c := cmp.Compare(bn*ad, an*bd); c != 0 {
				return c
			}
			if c := cmp.Compare(b.Value, a.Value); c != 0 {
				return c
			}
		}
		return cmp.Compare(a.Label, b.Label)
	})
	return out
}

// total is a stack's full length.
func (s Stack) total() int {
	if s.Max > 0 {
		return s.Max
	}
	n := 0
	for _, p := range s.Parts {
		n += max(p.Value, 0)
	}
	return n
}

func share(r Row) (num, den int) {
	if r.Max <= 0 {
		return 0, 1
	}
	return r.Value, r.Max
}
