package domain

import (
	"strconv"
	"strings"
	"unicode"
)

// regionNoise are words users put around a place name that are not part of
// any name in Kabupaten Solok: administrative labels and the kabupaten itself.
var regionNoise = map[string]bool{
	"nagari": true, "kenagarian": true, "kanagarian": true, "ngr": true,
	"kecamatan": true, "kec": true, "kcmt": true, "kab": true, "kabupaten": true,
	"solok": true, "desa": true,
}

// spellings maps Minang and Indonesian spellings, abbreviations and number
// words of the same name part to one form. Names in Solok mix both languages
// ("Muaro Paneh", formerly "Muara Panas"), so both the names and
// what users type pass through it.
var spellings = map[string]string{
	"aie": "air", "aia": "air", "ayie": "air", "ayia": "air", "aer": "air",
	"sei": "sungai", "sg": "sungai", "sng": "sungai", "sungei": "sungai", "sunga": "sungai",
	"tj": "tanjung", "tg": "tanjung", "tjg": "tanjung", "tanjuang": "tanjung",
	"bkt": "bukit", "bukik": "bukit",
	"paneh": "panas", "diateh": "diatas",
	"ciek": "1", "satu": "1",
	"duo": "2", "dua": "2",
	"tigo": "3", "tiga": "3",
	"ampek": "4", "ampat": "4", "empat": "4",
	"limo": "5", "lima": "5",
	"anam": "6", "enam": "6",
	"tujuah": "7", "tujuh": "7",
	"salapan": "8", "delapan": "8",
	"sambilan": "9", "sembilan": "9",
	"sapuluah": "10", "sepuluh": "10",
}

// minangSuffixes turn regular Minang word endings into their Indonesian
// counterparts (gunuang/gunung, lubuak/lubuk, laweh/lawas, koto/kota), so
// spellings need not list every name. Both sides pass through the same rules,
// so a rule that over-reaches only merges spellings, never names.
var minangSuffixes = []struct{ from, to string }{
	{"uang", "ung"},
	{"uak", "uk"},
	{"iak", "it"},
	{"ik", "it"},
	{"uih", "us"},
	{"eh", "as"},
	{"o", "a"},
}

// canonTokens lower-cases s, splits it into words at anything that is not a
// letter or digit, expands reduplication written with 2 ("jawi2"), drops
// labels, and brings each word to its canonical spelling.
func canonTokens(s string) []string {
	s = strings.ToLower(s)
	s = strings.NewReplacer("'", "", "’", "", "`", "").Replace(s)
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	var out []string
	for _, w := range words {
		// "jawi2" is Indonesian shorthand for "jawi-jawi".
		if len(w) > 2 && strings.HasSuffix(w, "2") && !isDigits(w) && !isDigits(w[len(w)-2:len(w)-1]) {
			base := canonWord(w[:len(w)-1])
			out = append(out, base, base)
			continue
		}
		if regionNoise[w] {
			continue
		}
		out = append(out, canonWord(w))
	}
	return out
}

// canonWord brings one lower-case word to its canonical spelling.
func canonWord(w string) string {
	if c, ok := spellings[w]; ok {
		return c
	}
	if n, ok := roman(w); ok {
		return strconv.Itoa(n)
	}
	if isDigits(w) {
		n, err := strconv.Atoi(w)
		if err == nil {
			return strconv.Itoa(n) // "09" and "9" are the same number
		}
		return w
	}
	if len(w) < 3 {
		return w
	}
	for _, s := range minangSuffixes {
		if strings.HasSuffix(w, s.from) && len(w) > len(s.from)+1 {
			return w[:len(w)-len(s.from)] + s.to
		}
	}
	return w
}

// roman reads a Roman numeral from 1 to 39 written with i, v and x, the range
// used in Minangkabau place names ("IX Koto", "Nan IV"). It rejects
// non-canonical forms like "iiii" so ordinary words are never numbers.
func roman(w string) (int, bool) {
	if w == "" || len(w) > 7 || strings.Trim(w, "ivx") != "" {
		return 0, false
	}
	val := map[byte]int{'i': 1, 'v': 5, 'x': 10}
	n := 0
	for i := 0; i < len(w); i++ {
		v := val[w[i]]
		if i+1 < len(w) && v < val[w[i+1]] {
			n -= v
		} else {
			n += v
		}
	}
	if n < 1 || n > 39 || toRoman(n) != w {
		return 0, false
	}
	return n, true
}

func toRoman(n int) string {
	var b strings.Builder
	for _, p := range []struct {
		v int
		s string
	}{{10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"}} {
		for n >= p.v {
			b.WriteString(p.s)
			n -= p.v
		}
	}
	return b.String()
}
