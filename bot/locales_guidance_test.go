package bot

import "github.com/jaganagari/jaganagari/internal/engine"

// The template fields of the guidance messages (locales/guidance.*.toml):
// the PLKK advice and lists, the open claims /hapus names.
func init() {
	sampleData["List"] = []string{"RSUD Arosuka", "Puskesmas Alahan Panjang"}
	sampleData["Any"] = true
	sampleData["Regency"] = false
	sampleData["Numbers"] = "JKK-2026-000001"
	sampleData["PLKK"] = engine.Phrase{Msg: "guidance.plkk", Data: map[string]any{"List": []string{"RSUD Arosuka"}, "Any": true}}
}
