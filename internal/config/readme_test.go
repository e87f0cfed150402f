package config_test

import (
	"os"
	"strings"
	"testing"

	"github.com/jaganagari/jaganagari/internal/config"
)

// TestReadmeListsEveryVariable keeps README's configuration table honest.
func TestReadmeListsEveryVariable(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	for _, v := range config.Describe() {
		row := "| `" + v.Name + "` |"
		if !strings.Contains(readme, row) {
			t.Errorf("README has no row for %s", v.Name)
			continue
		}
		line := readme[strings.Index(readme, row):]
		line = line[:strings.Index(line, "\n")]
		if v.Default != "" && !strings.Contains(line, "`"+v.Default+"`") {
			t.Errorf("README row of %s does not show its default %q", v.Name, v.Default)
		}
	}
}
