package bot

import "github.com/jaganagari/jaganagari/internal/engine"

// The template fields of locales/claimdocs.*.toml.
func init() {
	sampleData["Checklist"] = engine.Phrase{Msg: "docs.line", Data: map[string]any{
		"Prev": "", "Mark": engine.Msg("docs.mark.missing"), "Item": engine.Msg("doc.item.ktp"), "Officer": false,
	}}
	sampleData["Mark"] = engine.Msg("docs.mark.ticked")
	sampleData["Item"] = engine.Msg("doc.item.kk")
	sampleData["Officer"] = true
	sampleData["Missing"] = 2
	sampleData["Done"] = 5
	sampleData["Names"] = engine.Phrase{Msg: "docs.name", Data: map[string]any{"Prev": "", "Item": engine.Msg("doc.item.kartu")}}
	sampleData["Docs"] = engine.Phrase{Msg: "docs.rep.summary", Data: map[string]any{
		"Done": 5, "Total": 7, "Missing": 2, "Names": "",
	}}
}
