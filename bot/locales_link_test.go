package bot

import (
	"time"

	"github.com/jaganagari/jaganagari/internal/engine"
)

// The template fields of locales/link.*.toml.
func init() {
	sampleData["Expires"] = time.Date(2026, 12, 10, 0, 0, 0, 0, time.UTC)
	sampleData["People"] = []engine.Phrase{{Msg: "link.person", Data: map[string]any{
		"Name": "Siti Rahmah", "Nagari": "Alahan Panjang", "Number": "REG-2026-000001",
	}}}
}
