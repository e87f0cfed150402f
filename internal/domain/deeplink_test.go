package domain

import (
	"regexp"
	"testing"
)

func TestStartPayload(t *testing.T) {
	t.Parallel()
	r := loadRegions(t)
	// Every nagari's payload is what Telegram accepts and reads back as
	// its own code.
	allowed := regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	n := 0
	for _, k := range r.Kecamatan() {
		for _, ng := range k.Nagari {
			n++
			p := StartPayload(ng.Code)
			if !allowed.MatchString(p) {
				t.Errorf("payload of %s is %q, which Telegram refuses", ng.Code, p)
			}
			if code, ok := ParseStartPayload(p); !ok || code != ng.Code {
				t.Errorf("ParseStartPayload(%q) = %q, %v; want %s", p, code, ok, ng.Code)
			}
		}
	}
	if n != 74 {
		t.Fatalf("checked %d nagari, want 74", n)
	}
	if got := StartPayload("13.02.04.2001"); got != "n1302042001" {
		t.Errorf("StartPayload = %q", got)
	}
	for _, bad := range []string{"", "13.02.04", "1302042001", "13.02.04.200", "13.02.04.20011", "13.020.4.2001", "1a.02.04.2001", "13.02.04.2001 "} {
		if p := StartPayload(bad); p != "" {
			t.Errorf("StartPayload(%q) = %q, want empty", bad, p)
		}
	}
}

func TestParseStartPayloadRejectsMalformed(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{
		"", "n", "N1302042001", "x1302042001", "n130204200", "n13020420011", "n13.02.04.2001",
		" n1302042001", "n1302042001 ", "n130204200a", "n１３０２０４２００１", "nn1302042001",
		"n1302042001\n", "n-302042001", "1302042001", "<script>", "n1302042001&x=1",
	} {
		if code, ok := ParseStartPayload(bad); ok {
			t.Errorf("ParseStartPayload(%q) = %q, true; want refused", bad, code)
		}
	}
}

func TestDeepLink(t *testing.T) {
	t.Parallel()
	if got := DeepLink("JagaNagariBot", "13.02.04.2001"); got != "https://t.me/JagaNagariBot?start=n1302042001" {
		t.Errorf("DeepLink = %q", got)
	}
	for _, c := range []struct{ user, code string }{
		{"", "13.02.04.2001"}, {"@JagaNagariBot", "13.02.04.2001"}, {"Jaga", "13.02.04.2001"},
		{"JagaNagari", "13.02.04.2001"}, {"jaga nagari bot", "13.02.04.2001"}, {"JagaNagariBot", "13.02.04"},
		{"a_very_long_username_that_is_over_32_bot", "13.02.04.2001"},
	} {
		if got := DeepLink(c.user, c.code); got != "" {
			t.Errorf("DeepLink(%q, %q) = %q, want empty", c.user, c.code, got)
		}
	}
	for _, ok := range []string{"JagaNagariBot", "jaga_nagari_bot", "abcBOT", "X1bot"} {
		if !ValidBotUsername(ok) {
			t.Errorf("ValidBotUsername(%q) = false", ok)
		}
	}
}

func FuzzParseStartPayload(f *testing.F) {
	for _, s := range []string{"n1302042001", "n130204200", "", "n13.02.04.2001", "N1302042001", "n１３０２"} {
		f.Add(s)
	}
	allowed := regexp.MustCompile(`^\d\d\.\d\d\.\d\d\.\d{4}$`)
	f.Fuzz(func(t *testing.T, s string) {
		code, ok := ParseStartPayload(s)
		if !ok {
			if code != "" {
				t.Fatalf("refused %q but answered %q", s, code)
			}
			return
		}
		if !allowed.MatchString(code) {
			t.Fatalf("ParseStartPayload(%q) = %q, not a nagari code's shape", s, code)
		}
		// Only the one spelling StartPayload makes is accepted.
		if StartPayload(code) != s {
			t.Fatalf("ParseStartPayload(%q) = %q, but that code's payload is %q", s, code, StartPayload(code))
		}
	})
}

func TestLinkStartPayload(t *testing.T) {
	for code, want := range map[string]string{
		"KMR-TXA": "kKMRTXA", "kmr txa": "kKMRTXA", "KMRTXA": "kKMRTXA",
		"KMR-TX": "", "": "", "KMR-TX4": "", "13.02.04.2001": "",
	} {
		if got := LinkStartPayload(code); got != want {
			t.Errorf("LinkStartPayload(%q) = %q, want %q", code, got, want)
		}
	}
	code, ok := ParseLinkStartPayload("kKMRTXA")
	if !ok || code != "KMRTXA" {
		t.Fatalf(`ParseLinkStartPayload("kKMRTXA") = %q, %v`, code, ok)
	}
	// The code parsed is the one /sambung would have read.
	if typed, err := ParseLinkCode("KMR-TXA"); err != nil || typed != code {
		t.Fatalf("ParseLinkCode(KMR-TXA) = %q, %v; the payload gave %q", typed, err, code)
	}
}

func TestParseLinkStartPayloadRejectsMalformed(t *testing.T) {
	for _, p := range []string{"", "k", "kKMRTX", "kKMRTXAA", "kkmrtxa", "KKMRTXA", "kKMR-TXA", "kKMR TXA", "kKMRTX4", "n1302042001", "kÄKMRTX", " kKMRTXA"} {
		if code, ok := ParseLinkStartPayload(p); ok || code != "" {
			t.Errorf("ParseLinkStartPayload(%q) = %q, %v; want refused", p, code, ok)
		}
	}
	// The poster's parameter is still a nagari's, and no link payload is.
	if _, ok := ParseStartPayload("kKMRTXA"); ok {
		t.Error(`ParseStartPayload("kKMRTXA") accepted a link payload`)
	}
	if code, ok := ParseStartPayload("n1302042001"); !ok || code != "13.02.04.2001" {
		t.Errorf(`ParseStartPayload("n1302042001") = %q, %v`, code, ok)
	}
}

func TestStartLink(t *testing.T) {
	if got, want := StartLink("JagaNagariBot", "kKMRTXA"), "https://t.me/JagaNagariBot?start=kKMRTXA"; got != want {
		t.Errorf("StartLink = %q, want %q", got, want)
	}
	for _, c := range [][2]string{{"", "kKMRTXA"}, {"JagaNagariBot", ""}, {"not a bot", "kKMRTXA"}} {
		if got := StartLink(c[0], c[1]); got != "" {
			t.Errorf("StartLink(%q, %q) = %q, want empty", c[0], c[1], got)
		}
	}
}

func FuzzParseLinkStartPayload(f *testing.F) {
	for _, s := range []string{"kKMRTXA", "kKMRTX", "", "kkmrtxa", "n1302042001", "kKMR-TXA", "kÄÖÜKMR"} {
		f.Add(s)
	}
	allowed := regexp.MustCompile(`^[A-Z]{6}$`)
	f.Fuzz(func(t *testing.T, s string) {
		code, ok := ParseLinkStartPayload(s)
		if !ok {
			if code != "" {
				t.Fatalf("refused %q but answered %q", s, code)
			}
			return
		}
		if !allowed.MatchString(code) {
			t.Fatalf("ParseLinkStartPayload(%q) = %q, not a code's shape", s, code)
		}
		// Only the one spelling LinkStartPayload makes is accepted, and
		// /sambung reads the same code.
		if LinkStartPayload(code) != s {
			t.Fatalf("ParseLinkStartPayload(%q) = %q, but that code's payload is %q", s, code, LinkStartPayload(code))
		}
		if typed, err := ParseLinkCode(code); err != nil || typed != code {
			t.Fatalf("ParseLinkCode(%q) = %q, %v", code, typed, err)
		}
		if _, nagari := ParseStartPayload(s); nagari {
			t.Fatalf("%q is both a link's and a nagari's parameter", s)
		}
	})
}
