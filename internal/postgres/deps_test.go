package postgres_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestStoreRendersNoFiles checks that postgres answers typed data only: the
// spreadsheets and charts staff get are made outside storage (bot, with
// internal/export and internal/chart), so the store never links them in.
func TestStoreRendersNoFiles(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	// Each is a package path or the root of a tree of them.
	forbidden := []string{"github.com/xuri/excelize/v2", "github.com/jaganagari/jaganagari/internal/export",
		"github.com/jaganagari/jaganagari/internal/chart", "image", "golang.org/x/image"}
	for _, dep := range strings.Fields(string(out)) {
		for _, f := range forbidden {
			if dep == f || strings.HasPrefix(dep, f+"/") {
				t.Errorf("internal/postgres depends on %s", dep)
			}
		}
	}
}
