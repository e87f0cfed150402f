package domain

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// loadRegions reads the reference CSV, the same file the database is
// seeded from (internal/postgres/seed).
func loadRegions(t testing.TB) *Regions {
	t.Helper()
	f, err := os.Open("testdata/solok-nagari.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ns, err := ParseRegionsCSV(f)
	if err != nil {
		t.Fatalf("ParseRegionsCSV: %v", err)
	}
	return NewRegions(ns)
}

func TestRegionsCSV(t *testing.T) {
	t.Parallel()
	r := loadRegions(t)
	ks := r.Kecamatan()
	if len(ks) != 14 {
		t.Fatalf("%d kecamatan, want 14", len(ks))
	}
	total := 0
	wantCount := map[string]int{ // the official per-kecamatan counts
		"IX Koto Sungai Lasi": 9, "X Koto Diatas": 9, "Pantai Cermin": 2, "Danau Kembar": 2, "Junjung Sirih": 2,
	}
	for i, k := range ks {
		if i > 0 && ks[i-1].Code >= k.Code {
			t.Errorf("kecamatan not sorted by code: %s before %s", ks[i-1].Code, k.Code)
		}
		if want, ok := wantCount[k.Name]; ok && len(k.Nagari) != want {
			t.Errorf("%s has %d nagari, want %d", k.Name, len(k.Nagari), want)
		}
		for j, n := range k.Nagari {
			total++
			if j > 0 && k.Nagari[j-1].Code >= n.Code {
				t.Errorf("nagari of %s not sorted by code", k.Name)
			}
			if n.KecamatanCode != k.Code || n.KecamatanName != k.Name || !strings.HasPrefix(n.Code, k.Code+".") {
				t.Errorf("nagari %+v does not belong to kecamatan %s %s", n, k.Code, k.Name)
			}
			if got, ok := r.Nagari(n.Code); !ok || got != n {
				t.Errorf("Nagari(%q) = %+v, %v", n.Code, got, ok)
			}
		}
	}
	if total != 74 {
		t.Errorf("%d nagari, want 74", total)
	}
}

func TestRegionsDuplicateNamesResolvedByCode(t *testing.T) {
	t.Parallel()
	r := loadRegions(t)
	for _, tt := range []struct{ code, name, kec string }{
		{"13.02.06.2003", "Koto Laweh", "Lembang Jaya"},
		{"13.02.09.2008", "Koto Laweh", "IX Koto Sungai Lasi"},
		{"13.02.06.2002", "Batu Bajanjang", "Lembang Jaya"},
		{"13.02.18.2002", "Batu Bajanjang", "Tigo Lurah"},
	} {
		n, ok := r.Nagari(tt.code)
		if !ok || n.Name != tt.name || n.KecamatanName != tt.kec {
			t.Errorf("Nagari(%q) = %+v, %v; want %s in %s", tt.code, n, ok, tt.name, tt.kec)
		}
	}
	if _, ok := r.Nagari("Koto Laweh"); ok {
		t.Error("Nagari looks up by name; it must take a code")
	}
	if _, ok := r.Nagari("13.11.01.2001"); ok {
		t.Error("found a Solok Selatan code")
	}
	k, ok := r.KecamatanByCode("13.02.06")
	if !ok || k.Name != "Lembang Jaya" || len(k.Nagari) != 6 {
		t.Errorf("KecamatanByCode(13.02.06) = %s with %d nagari, %v", k.Name, len(k.Nagari), ok)
	}
	if _, ok := r.KecamatanByCode("13.02.01"); ok {
		t.Error("found kecamatan 13.02.01, which is not in use")
	}
}

func TestRegionsResultsAreCopies(t *testing.T) {
	t.Parallel()
	r := loadRegions(t)
	ks := r.Kecamatan()
	ks[0].Nagari[0].Name = "changed"
	k, _ := r.KecamatanByCode(ks[0].Code)
	k.Nagari[1].Name = "changed"
	for _, m := range r.MatchKecamatan("pantai cermin") {
		m.Nagari[0].Name = "changed"
	}
	if n, _ := r.Nagari("13.02.03.2001"); n.Name != "Lolo" {
		t.Errorf("caller changed the index: %q", n.Name)
	}
	if got := r.Kecamatan()[0].Nagari; got[0].Name != "Lolo" || got[1].Name != "Surian" {
		t.Errorf("caller changed the index: %+v", got)
	}
}

func TestMatchNagari(t *testing.T) {
	t.Parallel()
	r := loadRegions(t)
	tests := []struct {
		name, kec, text string
		want            []string // codes, in order
	}{
		{"minang spelling of muaro paneh", "", "muara panas", []string{"13.02.08.2001"}},
		{"official spelling", "", "Muaro Paneh", []string{"13.02.08.2001"}},
		{"short form koto anau", "", "Koto Anau", []string{"13.02.06.2005"}},
		{"koto laweh exists twice", "", "KOTO  LAWEH", []string{"13.02.06.2003", "13.02.09.2008"}},
		{"koto laweh within lembang jaya", "13.02.06", "koto laweh", []string{"13.02.06.2003"}},
		{"koto laweh within ix koto sungai lasi", "13.02.09", "Koto Laweh", []string{"13.02.09.2008"}},
		{"kecamatan typed along", "", "koto laweh lembang jaya", []string{"13.02.06.2003"}},
		{"batu bajanjang exists twice", "", "batu bajanjang", []string{"13.02.06.2002", "13.02.18.2002"}},
		{"alahan panjang", "", "alahan panjang", []string{"13.02.04.2001"}},
		{"aia for aie", "", "aia dingin", []string{"13.02.04.2004"}},
		{"air for aie", "13.02.04", "Air Dingin", []string{"13.02.04.2004"}},
		{"typo", "", "sungai nanem", []string{"13.02.04.2002"}},
		{"typo within kecamatan", "13.02.04", "sungai nanem", []string{"13.02.04.2002"}},
		{"sei for sungai", "", "sei durian", []string{"13.02.09.2004"}},
		{"tanjung for tj.", "", "simpang tanjung", []string{"13.02.19.2001"}},
		{"full expansion", "", "Simpang Tanjung Nan Ampek", []string{"13.02.19.2001"}},
		{"kemendagri spelling", "", "simpang tj. nan iv", []string{"13.02.19.2001"}},
		{"b. for bukit", "", "selayo tanang bukit sileh", []string{"13.02.06.2006"}},
		{"exact selayo beats selayo tanang", "", "selayo", []string{"13.02.10.2002"}},
		{"nagari prefix", "", "nagari cupak", []string{"13.02.07.2001"}},
		{"ngr. prefix and aie for air", "", "Ngr. Sulit Aie", []string{"13.02.12.2001"}},
		{"reduplication with 2", "", "jawi2", []string{"13.02.07.2004"}},
		{"hyphen as space", "", "taruang taruang", []string{"13.02.09.2001"}},
		{"bukik", "", "bukik bais", []string{"13.02.09.2005"}},
		{"bukit", "", "bukit bais", []string{"13.02.09.2005"}},
		{"kampuang", "", "kampuang batu dalam", []string{"13.02.19.2002"}},
		{"words run together", "", "kotobaru", []string{"13.02.10.2001"}},
		{"split word", "", "saniang baka", []string{"13.02.11.2008"}},
		{"luluih as lulus", "", "rangkiang lulus", []string{"13.02.18.2001"}},
		{"punctuation", "", "  Koto-Baru!! ", []string{"13.02.10.2001"}},
		{"typo offers the close names", "", "paningahan", []string{"13.02.13.2001", "13.02.12.2003"}},
		{"partial muaro is ambiguous", "", "muaro", []string{"13.02.08.2001", "13.02.13.2002"}},
		{"wrong kecamatan finds nothing", "13.02.03", "alahan panjang", nil},
		{"unknown kecamatan code", "13.02.99", "alahan panjang", nil},
		{"nonsense", "", "asdfgh", nil},
		{"nonsense words", "", "pizza hut", nil},
		{"a sentence", "", "saya tidak tahu", nil},
		{"kecamatan name alone is not a nagari", "13.02.06", "lembang jaya", nil},
		{"one letter", "", "a", nil},
		{"empty", "", "", nil},
		{"only the label", "", "nagari", nil},
		{"emoji", "", "🙂", nil},
		{"10,000 characters", "", long("koto "), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, n := range r.MatchNagari(tt.kec, tt.text) {
				got = append(got, n.Code)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("MatchNagari(%q, %q) (-want +got):\n%s", tt.kec, tt.text, diff)
			}
		})
	}
}

func TestMatchNagariAmbiguousIsCapped(t *testing.T) {
	t.Parallel()
	r := loadRegions(t)
	got := r.MatchNagari("", "koto")
	if len(got) != maxMatches {
		t.Fatalf("MatchNagari(koto) gave %d results, want %d", len(got), maxMatches)
	}
	for _, n := range got {
		if !strings.HasPrefix(n.Name, "Koto") {
			t.Errorf("MatchNagari(koto) offers %s", n.Name)
		}
	}
	got = r.MatchNagari("", "koto gadang")
	if len(got) != 2 {
		t.Errorf("MatchNagari(koto gadang) = %v, want both Koto Gadang", got)
	}
}

func TestMatchKecamatan(t *testing.T) {
	t.Parallel()
	r := loadRegions(t)
	tests := []struct {
		text string
		want []string
	}{
		{"Lembang Jaya", []string{"13.02.06"}},
		{"kec. lembang jaya", []string{"13.02.06"}},
		{"Kecamatan Lembang Jaya", []string{"13.02.06"}},
		{"lembang", []string{"13.02.06"}},
		{"IX Koto Sungai Lasi", []string{"13.02.09"}},
		{"9 koto sei lasi", []string{"13.02.09"}},
		{"sembilan koto sungai lasi", []string{"13.02.09"}},
		{"IX Koto", []string{"13.02.09"}},
		{"x koto", []string{"13.02.11", "13.02.12"}},
		{"X Koto Di Atas", []string{"13.02.12"}},
		{"sepuluh koto diateh", []string{"13.02.12"}},
		{"singkarak", []string{"13.02.11"}},
		{"gumanti", []string{"13.02.04", "13.02.17"}},
		{"lembah gumati", []string{"13.02.04"}},
		{"kubuang", []string{"13.02.10"}},
		{"tigo lurah", []string{"13.02.18"}},
		{"3 lurah", []string{"13.02.18"}},
		{"gunuang talang", []string{"13.02.07"}},
		{"bukik sundi", []string{"13.02.08"}},
		{"payuang sekaki", []string{"13.02.05"}},
		{"junjuang siriah", []string{"13.02.13"}},
		{"DANAU KEMBAR", []string{"13.02.19"}},
		{"asdf", nil},
		{"solok", nil},
		{"kecamatan", nil},
		{"muara panas", nil},
		{"", nil},
		{long("x"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, k := range r.MatchKecamatan(tt.text) {
				got = append(got, k.Code)
				if len(k.Nagari) == 0 {
					t.Errorf("%s returned without its nagari", k.Name)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("MatchKecamatan(%q) (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestParseRegionsCSVRejectsBadData(t *testing.T) {
	t.Parallel()
	const header = "kecamatan,nagari,kode_wilayah\n"
	tests := []struct{ name, csv string }{
		{"empty file", ""},
		{"header only", header},
		{"wrong header", "a,b,c\nLembang Jaya,Koto Laweh,13.02.06.2003\n"},
		{"solok selatan code", header + "Sangir,Lubuk Gadang,13.11.01.2001\n"},
		{"kota solok code", header + "Lubuk Sikarah,Ktk,13.72.01.1001\n"},
		{"bps code", header + "Lembang Jaya,Koto Laweh,1303060\n"},
		{"short code", header + "Lembang Jaya,Koto Laweh,13.02.06\n"},
		{"letters in code", header + "Lembang Jaya,Koto Laweh,13.02.0a.2003\n"},
		{"duplicate code", header + "Lembang Jaya,Koto Laweh,13.02.06.2003\nLembang Jaya,Koto Laweh,13.02.06.2003\n"},
		{"empty name", header + "Lembang Jaya,,13.02.06.2003\n"},
		{"kecamatan with two names", header + "Lembang Jaya,Koto Laweh,13.02.06.2003\nLembang,Batu Banyak,13.02.06.2001\n"},
		{"missing field", header + "Lembang Jaya,Koto Laweh\n"},
		{"bad quoting", header + "\"Lembang Jaya,Koto Laweh,13.02.06.2003\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if ns, err := ParseRegionsCSV(strings.NewReader(tt.csv)); err == nil {
				t.Errorf("ParseRegionsCSV accepted it: %+v", ns)
			}
		})
	}
}

func TestParseRegionsCSVTolerates(t *testing.T) {
	t.Parallel()
	in := "\ufeffKode_Wilayah, Nagari ,Kecamatan\r\n 13.02.06.2003 , Koto Laweh ,Lembang Jaya\r\n13.02.03.2001,Lolo,Pantai Cermin\r\n"
	got, err := ParseRegionsCSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Nagari{
		{Code: "13.02.03.2001", Name: "Lolo", KecamatanCode: "13.02.03", KecamatanName: "Pantai Cermin"},
		{Code: "13.02.06.2003", Name: "Koto Laweh", KecamatanCode: "13.02.06", KecamatanName: "Lembang Jaya"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func BenchmarkMatchNagari(b *testing.B) {
	r := loadRegions(b)
	for b.Loop() {
		r.MatchNagari("", "sungai nanem")
	}
}
