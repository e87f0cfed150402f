package render

import (
	"testing"
	"testing/fstest"
	"time"

	"github.com/jaganagari/jaganagari/internal/engine"
)

// A list of phrases renders each in the chat's language, its own data
// (a message, a date) included, for the template to range over.
func TestAListOfPhrasesRendersEachLine(t *testing.T) {
	r, err := New(fstest.MapFS{
		"active.id.toml": {Data: []byte(`"list" = "{{range .Lines}}[{{.}}]{{end}}"
"line" = "{{.Word}} {{.Day}}"
"word" = "Bulan"
"date.format" = "{{.Day}} {{.Month}} {{.Year}}"
"month.11" = "November"
`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)
	got, err := r.Text("id", "list", map[string]any{"Lines": []engine.Phrase{
		{Msg: "line", Data: map[string]any{"Word": engine.Msg("word"), "Day": day}},
		{Msg: "word"},
	}})
	if want := "[Bulan 16 November 2026][Bulan]"; err != nil || got != want {
		t.Fatalf("got %q, %v; want %q", got, err, want)
	}
}
