package render

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestMessagesFromEveryTopicFileAreLoaded(t *testing.T) {
	r, err := New(fstest.MapFS{
		"active.id.toml":     {Data: []byte(`"a" = "Satu"` + "\n")},
		"membership.id.toml": {Data: []byte(`"b" = "Dua"` + "\n")},
		"membership.en.toml": {Data: []byte(`"b" = "Two"` + "\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ lang, id, want string }{{"id", "a", "Satu"}, {"id", "b", "Dua"}, {"en", "b", "Two"}} {
		if got, err := r.Text(c.lang, c.id, nil); err != nil || got != c.want {
			t.Errorf("%s/%s = %q, %v; want %q", c.lang, c.id, got, err, c.want)
		}
	}
}

func TestAMessageInTwoFilesIsRefused(t *testing.T) {
	_, err := New(fstest.MapFS{
		"active.id.toml":     {Data: []byte(`"a" = "Satu"` + "\n")},
		"membership.id.toml": {Data: []byte(`"a" = "Lain"` + "\n")},
	})
	if err == nil || !strings.Contains(err.Error(), "active.id.toml") || !strings.Contains(err.Error(), "membership.id.toml") {
		t.Fatalf("err = %v, want one naming both files", err)
	}
}
