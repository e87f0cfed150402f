package loadtest

import (
	"strings"
	"testing"
)

func TestPersonAt(t *testing.T) {
	t.Parallel()
	seen := map[string]int{}
	for i := range 30000 {
		p := PersonAt(i)
		digits := strings.ReplaceAll(p.NIK, " ", "")
		if len(digits) != 16 || !strings.HasPrefix(digits, "1302") {
			t.Fatalf("person %d: NIK %q", i, p.NIK)
		}
		if j, ok := seen[digits]; ok {
			t.Fatalf("persons %d and %d share NIK %s", j, i, digits)
		}
		seen[digits] = i
	}
	if p := PersonAt(1); p.NIK[7] < '4' {
		t.Errorf("person 1 is a woman, but her NIK's day is not plus 40: %s", p.NIK)
	}
}
