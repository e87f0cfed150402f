package bot

import "github.com/jaganagari/jaganagari/internal/engine"

// The template fields of the assisted-registration and household messages
// (locales/assisted.*.toml).
func init() {
	sampleData["Witness"] = int64(7)
	sampleData["Mode"] = engine.Msg("assisted.mode.lisan")
	sampleData["Form"] = true
	sampleData["Entered"] = true
	sampleData["More"] = 0
}
