package domain

import (
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Nagari is a village-level unit of Kabupaten Solok. Code is the Kemendagri
// kode_wilayah ("13.02.06.2003") and is the only key: names repeat across
// kecamatan (two Koto Laweh, two Batu Bajanjang).
type Nagari struct {
	Code          string
	Name          string
	KecamatanCode string // "13.02.06", the first three parts of Code
	KecamatanName string
}

// Kecamatan is a district of Kabupaten Solok with its nagari, sorted by code.
type Kecamatan struct {
	Code   string
	Name   string
	Nagari []Nagari
}

// ParseRegionsCSV reads the reference file (header
// kecamatan,nagari,kode_wilayah; see internal/postgres/seed). It rejects a
// code that is not a Kabupaten Solok nagari code (13.02.NN.NNNN), a
// duplicate code, an empty name, and a kecamatan code that appears under two
// names, because any of these would send a registration to the wrong nagari.
// The result is sorted by code.
func ParseRegionsCSV(r io.Reader) ([]Nagari, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("read regions header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		col[h] = i
	}
	iKec, ok1 := col["kecamatan"]
	iNag, ok2 := col["nagari"]
	iCode, ok3 := col["kode_wilayah"]
	if !ok1 || !ok2 || !ok3 {
		return nil, errors.New("regions header must name kecamatan, nagari and kode_wilayah")
	}

	var ns []Nagari
	seen := map[string]bool{}
	kecName := map[string]string{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read regions: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) <= max(iKec, iNag, iCode) {
			return nil, fmt.Errorf("regions line %d: want %d fields, got %d", line, len(header), len(rec))
		}
		n := Nagari{
			Code:          strings.TrimSpace(rec[iCode]),
			Name:          strings.TrimSpace(rec[iNag]),
			KecamatanName: strings.TrimSpace(rec[iKec]),
		}
		if !validNagariCode(n.Code) {
			return nil, fmt.Errorf("regions line %d: code %q is not 13.02.NN.NNNN", line, n.Code)
		}
		if n.Name == "" || n.KecamatanName == "" {
			return nil, fmt.Errorf("regions line %d: empty name", line)
		}
		if seen[n.Code] {
			return nil, fmt.Errorf("regions line %d: duplicate code %s", line, n.Code)
		}
		seen[n.Code] = true
		n.KecamatanCode = n.Code[:8]
		if prev, ok := kecName[n.KecamatanCode]; ok && prev != n.KecamatanName {
			return nil, fmt.Errorf("regions line %d: kecamatan %s named both %q and %q", line, n.KecamatanCode, prev, n.KecamatanName)
		}
		kecName[n.KecamatanCode] = n.KecamatanName
		ns = append(ns, n)
	}
	if len(ns) == 0 {
		return nil, errors.New("regions: no nagari")
	}
	slices.SortFunc(ns, func(a, b Nagari) int { return cmp.Compare(a.Code, b.Code) })
	return ns, nil
}

// validNagariCode reports whether code has the form 13.02.NN.NNNN, a nagari of
// Kabupaten Solok. Solok Selatan (13.11) and Kota Solok (13.72) are other
// kabupaten and must not slip in.
func validNagariCode(code string) bool {
	if len(code) != 13 || !strings.HasPrefix(code, "13.02.") || code[8] != '.' {
		return false
	}
	return isDigits(code[6:8]) && isDigits(code[9:]) && code[6:8] != "00" && code[9:] != "0000"
}

// Regions answers questions about the nagari of Kabupaten Solok: listing them
// for pickers, looking them up by code, and matching what users type. It is
// read-only after NewRegions and safe for concurrent use.
type Regions struct {
	kecamatan []Kecamatan
	kecByCode map[string]int
	nagari    map[string]Nagari
	kecKeys   []matchKey // parallel to kecamatan
	nagKeys   map[string][]matchKey
	kecTokens map[string][]string // kecamatan code → name tokens, context for nagari matching
}

// nagariAliases are other names in use for a nagari, keyed by code. Kemendagri
// abbreviates some names and news articles use short forms.
var nagariAliases = map[string][]string{
	"13.02.06.2005": {"Koto Anau"},
	"13.02.06.2006": {"Selayo Tanang Bukit Sileh"},
}

// NewRegions indexes ns, usually the result of ParseRegionsCSV. A code that
// appears twice keeps its first entry.
func NewRegions(ns []Nagari) *Regions {
	r := &Regions{
		kecByCode: map[string]int{},
		nagari:    map[string]Nagari{},
		nagKeys:   map[string][]matchKey{},
		kecTokens: map[string][]string{},
	}
	sorted := slices.Clone(ns)
	slices.SortStableFunc(sorted, func(a, b Nagari) int { return cmp.Compare(a.Code, b.Code) })
	for _, n := range sorted {
		if _, dup := r.nagari[n.Code]; dup {
			continue
		}
		if n.KecamatanCode == "" && len(n.Code) >= 8 {
			n.KecamatanCode = n.Code[:8]
		}
		r.nagari[n.Code] = n
		i, ok := r.kecByCode[n.KecamatanCode]
		if !ok {
			i = len(r.kecamatan)
			r.kecByCode[n.KecamatanCode] = i
			r.kecamatan = append(r.kecamatan, Kecamatan{Code: n.KecamatanCode, Name: n.KecamatanName})
		}
		r.kecamatan[i].Nagari = append(r.kecamatan[i].Nagari, n)
		keys := []matchKey{newMatchKey(n.Name)}
		for _, a := range nagariAliases[n.Code] {
			keys = append(keys, newMatchKey(a))
		}
		r.nagKeys[n.Code] = keys
	}
	// Nagari are sorted by code, so kecamatan were created in code order too.
	for _, k := range r.kecamatan {
		key := newMatchKey(k.Name)
		r.kecKeys = append(r.kecKeys, key)
		r.kecTokens[k.Code] = key.tokens
	}
	return r
}

// Kecamatan returns every kecamatan with its nagari, sorted by code. The
// result is a copy the caller may change.
func (r *Regions) Kecamatan() []Kecamatan {
	out := make([]Kecamatan, len(r.kecamatan))
	for i, k := range r.kecamatan {
		out[i] = cloneKecamatan(k)
	}
	return out
}

// KecamatanByCode looks up a kecamatan by its code, e.g. "13.02.06".
func (r *Regions) KecamatanByCode(code string) (Kecamatan, bool) {
	i, ok := r.kecByCode[code]
	if !ok {
		return Kecamatan{}, false
	}
	return cloneKecamatan(r.kecamatan[i]), true
}

// Nagari looks up a nagari by its code, e.g. "13.02.06.2003".
func (r *Regions) Nagari(code string) (Nagari, bool) {
	n, ok := r.nagari[code]
	return n, ok
}

func cloneKecamatan(k Kecamatan) Kecamatan {
	k.Nagari = slices.Clone(k.Nagari)
	return k
}

// maxMatches is how many candidates a match returns: enough to cover the
// real ambiguities (every "Koto …"), few enough for a column of buttons.
const maxMatches = 6

// maxMatchInput bounds the text a match looks at; the longest name is 24
// characters, and edit distance on long text is wasted work.
const maxMatchInput = 100

// MatchKecamatan finds the kecamatan the user meant by text, best first. It
// forgives case, punctuation, a "kec."/"kecamatan" prefix, Minang spellings,
// Roman or spelled-out numbers ("IX", "sembilan"), small typos and partial
// names. An exact match after normalisation is returned alone; otherwise up
// to 6 plausible candidates are returned, and none for nonsense.
func (r *Regions) MatchKecamatan(text string) []Kecamatan {
	q, ok := newQuery(text)
	if !ok {
		return nil
	}
	var cands []candidate
	for i, key := range r.kecKeys {
		if c, ok := score(q, []matchKey{key}, nil); ok {
			c.idx, c.code = i, r.kecamatan[i].Code
			cands = append(cands, c)
		}
	}
	var out []Kecamatan
	for _, c := range pick(cands) {
		out = append(out, cloneKecamatan(r.kecamatan[c.idx]))
	}
	return out
}

// MatchNagari finds the nagari the user meant by text within the kecamatan
// with code kecamatanCode, or among all nagari when kecamatanCode is "". It
// forgives what MatchKecamatan forgives, plus a "nagari" prefix and the
// kecamatan name typed along ("Koto Laweh Lembang Jaya"). Exact matches are
// returned alone (two when a name repeats across kecamatan and
// kecamatanCode is ""); otherwise up to 6 candidates, best first.
func (r *Regions) MatchNagari(kecamatanCode, text string) []Nagari {
	var pool []Nagari
	if kecamatanCode == "" {
		for _, k := range r.kecamatan {
			pool = append(pool, k.Nagari...)
		}
	} else {
		i, ok := r.kecByCode[kecamatanCode]
		if !ok {
			return nil
		}
		pool = r.kecamatan[i].Nagari
	}
	q, ok := newQuery(text)
	if !ok {
		return nil
	}
	var cands []candidate
	for i, n := range pool {
		if c, ok := score(q, r.nagKeys[n.Code], r.kecTokens[n.KecamatanCode]); ok {
			c.idx, c.code = i, n.Code
			cands = append(cands, c)
		}
	}
	var out []Nagari
	for _, c := range pick(cands) {
		out = append(out, pool[c.idx])
	}
	return out
}

// candidate is one scored match.
type candidate struct {
	idx   int
	code  string
	exact bool
	score float64
}

// Scores below minScore are not plausible. The value was tuned on the real
// names: a single-edit typo in a two-word name scores about 0.9, a correct
// first word with an unrelated second word about 0.45.
const minScore = 0.7

// scoreBand drops candidates far behind the best, so a clear typo fix is not
// buried among weak partial matches.
const scoreBand = 0.2

// pick returns the exact matches if there are any, else the plausible ones,
// best first, ties by code, at most maxMatches.
func pick(cands []candidate) []candidate {
	var exact []candidate
	for _, c := range cands {
		if c.exact {
			exact = append(exact, c)
		}
	}
	if len(exact) > 0 {
		cands = exact
	}
	slices.SortStableFunc(cands, func(a, b candidate) int {
		if a.score != b.score {
			return cmp.Compare(b.score, a.score)
		}
		return cmp.Compare(a.code, b.code)
	})
	if len(cands) > 0 {
		best := cands[0].score
		n := 0
		for _, c := range cands {
			if c.score >= best-scoreBand {
				cands[n] = c
				n++
			}
		}
		cands = cands[:n]
	}
	if len(cands) > maxMatches {
		cands = cands[:maxMatches]
	}
	return cands
}

// matchKey is a name in canonical form: tokens after spelling normalisation,
// and the same tokens joined without spaces ("di atas" = "diatas").
type matchKey struct {
	tokens  []string
	compact string
}

func newMatchKey(s string) matchKey {
	t := canonTokens(s)
	return matchKey{tokens: t, compact: strings.Join(t, "")}
}

// newQuery normalises user text; it fails on text too long or with nothing
// left to match.
func newQuery(text string) (matchKey, bool) {
	if len(text) > maxMatchInput*4 {
		return matchKey{}, false
	}
	k := newMatchKey(text)
	if len(k.tokens) == 0 || len(k.tokens) > 8 || len([]rune(k.compact)) > maxMatchInput {
		return matchKey{}, false
	}
	return k, true
}

// score rates how well query q names one of keys. context holds tokens the
// user may add without them being part of the name (the kecamatan name after
// a nagari); they absorb query words but do not make a match on their own.
func score(q matchKey, keys []matchKey, context []string) (candidate, bool) {
	var best float64
	for _, k := range keys {
		if q.compact == k.compact {
			return candidate{exact: true, score: 1}, true
		}
		best = max(best, tokenScore(q.tokens, k.tokens, context), compactScore(q.compact, k.compact))
	}
	return candidate{score: best}, best >= minScore
}

// tokenScore averages, over the query words, the similarity of each to its
// best name (or context) word, and rewards covering more of the name.
func tokenScore(q, name, context []string) float64 {
	covered := make([]bool, len(name))
	var sum float64
	for _, w := range q {
		bestSim, bestIdx := 0.0, -1
		for i, c := range name {
			if s := tokenSim(w, c); s > bestSim {
				bestSim, bestIdx = s, i
			}
		}
		for _, c := range context {
			if s := tokenSim(w, c); s > bestSim {
				bestSim, bestIdx = s, -1
			}
		}
		if bestIdx >= 0 {
			covered[bestIdx] = true
		}
		sum += bestSim
	}
	n := 0
	for _, c := range covered {
		if c {
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return sum / float64(len(q)) * (0.8 + 0.2*float64(n)/float64(len(name)))
}

// tokenSim compares one typed word with one name word: equal, an
// abbreviation ("b" for "bukit"), a prefix of at least three letters, or
// within a small edit distance that grows with the word's length.
func tokenSim(q, c string) float64 {
	if q == c {
		return 1
	}
	if isDigits(q) || isDigits(c) {
		return 0 // 9 and 10 differ by one edit but name different places
	}
	lq, lc := len([]rune(q)), len([]rune(c))
	if lc == 1 && lq > 1 && strings.HasPrefix(q, c) {
		// Kemendagri's "B." for "Bukit". Scored low, so a lone "batu" does not
		// pick "Selayo Tanang B. Sileh" on its first letter.
		return 0.75
	}
	s := 0.0
	if lq >= 3 && lq < lc && strings.HasPrefix(c, q) {
		s = 0.6 + 0.4*float64(lq)/float64(lc)
	}
	longest, budget := max(lq, lc), allowedEdits(max(lq, lc))
	if abs(lq-lc) <= budget { // otherwise the distance exceeds the budget anyway
		if d := levenshtein(q, c); d <= budget {
			s = max(s, 1-float64(d)/float64(longest))
		}
	}
	return s
}

// compactScore compares whole names with spaces removed, which catches typos
// that merge or split words ("sungainanam", "kotobaru") and a short form that
// is part of the full name ("kotoanau").
func compactScore(q, c string) float64 {
	lq, lc := len([]rune(q)), len([]rune(c))
	if lq < 4 {
		return 0
	}
	s := 0.0
	if lq < lc && strings.Contains(c, q) {
		s = 0.6 + 0.4*float64(lq)/float64(lc)
	}
	longest, budget := max(lq, lc), min(3, max(lq, lc)/6)
	if abs(lq-lc) <= budget {
		if d := levenshtein(q, c); d <= budget {
			s = max(s, 1-float64(d)/float64(longest))
		}
	}
	return s
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// allowedEdits is the typo budget for a word of n letters: none for short
// words, where one edit turns any word into another.
func allowedEdits(n int) int {
	switch {
	case n <= 3:
		return 0
	case n <= 6:
		return 1
	default:
		return 2
	}
}

// levenshtein is the edit distance between a and b in runes.
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
