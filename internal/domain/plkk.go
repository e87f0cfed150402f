package domain

import "strings"

// PLKK lists. A PLKK (fasilitas kesehatan mitra BPJS Ketenagakerjaan) bills
// a covered worker's treatment to BPJS, so the worker does not pay first
// (DOMAIN.md §13). No list for Kabupaten Solok was found, so staff type it:
// a regency-wide list, and a short one of a nagari's own nearest.
const (
	// MaxPLKKRegency is how many facilities the regency's list holds.
	MaxPLKKRegency = 15
	// MaxPLKKNagari is how many a nagari's own list holds: the nearest few.
	MaxPLKKNagari = 5
	// PLKKNameMinLen and PLKKNameMaxLen bound one facility's line
	// ("RSUD Arosuka", "Puskesmas Alahan Panjang, Jl. ...").
	PLKKNameMinLen = 3
	PLKKNameMaxLen = 80
	// maxPLKKInput bounds the text looked at: every line at its longest.
	maxPLKKInput = MaxPLKKRegency * (PLKKNameMaxLen + 2) * 4
)

// ParsePLKKList reads a PLKK list typed one facility per line, at most max
// of them. Spaces are tidied, empty lines and repeats (ignoring case) are
// dropped. A lone "-" or "kosong" clears the list (nil). Errors are
// *InputError "plkk.too_many" (Max), or text.too_short / text.too_long
// for a line (Min, Max).
func ParsePLKKList(s string, max int) ([]string, error) {
	if len(s) > maxPLKKInput {
		return nil, &InputError{Msg: "plkk.too_many", Data: map[string]any{"Max": max}}
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "-", "kosong", "hapus":
		return nil, nil
	}
	var list []string
	seen := map[string]bool{}
	for line := range strings.Lines(s) {
		line = listMarkerless(line)
		if line == "" {
			continue
		}
		name, err := ParseFreeText(line, PLKKNameMinLen, PLKKNameMaxLen)
		if err != nil {
			return nil, err
		}
		if seen[strings.ToLower(name)] {
			continue
		}
		seen[strings.ToLower(name)] = true
		list = append(list, name)
		if len(list) > max {
			return nil, &InputError{Msg: "plkk.too_many", Data: map[string]any{"Max": max}}
		}
	}
	if len(list) == 0 {
		return nil, Invalid("plkk.empty")
	}
	return list, nil
}

// PLKKFor is the list shown to a worker of a nagari: the nagari's own
// first, then the regency's, without repeats.
func PLKKFor(nagari, regency []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, name := range append(append([]string(nil), nagari...), regency...) {
		if k := strings.ToLower(name); !seen[k] {
			seen[k] = true
			out = append(out, name)
		}
	}
	return out
}

// listMarkerless is a typed line without the list marker people put
// before it: "- ", "• ", "1. ", "2) ".
func listMarkerless(line string) string {
	line = strings.TrimSpace(line)
	line = strings.TrimSpace(strings.TrimLeft(line, "-•*·"))
	digits := strings.TrimLeft(line, "0123456789")
	if len(digits) < len(line) && (strings.HasPrefix(digits, ".") || strings.HasPrefix(digits, ")")) {
		line = strings.TrimSpace(digits[1:])
	}
	return line
}
