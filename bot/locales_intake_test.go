package bot

import "github.com/jaganagari/jaganagari/internal/engine"

// The template fields of reporting without a NIK and of linking a report
// to a member (locales/intake.*.toml, and the summaries, report view and
// notice that show the person described).
func init() {
	sampleData["NoNIK"] = true
	sampleData["PersonName"] = "Rajo Alam"
	sampleData["Person"] = "Rajo Alam"
	sampleData["Age"] = engine.Msg("intake.age.label.50an")
	sampleData["AgeYears"] = "52"
	sampleData["AgeRange"] = "50-an tahun"
	sampleData["Described"] = "Rajo Alam, NIK belum diketahui, umur 50-an tahun, Nagari Alahan Panjang"
	sampleData["NotMember"] = true
}
