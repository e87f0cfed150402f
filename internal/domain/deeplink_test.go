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
