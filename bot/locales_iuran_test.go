package bot

// The template fields of locales/iuran.*.toml.
func init() {
	sampleData["Due"] = "15 November 2026"
	sampleData["Streak"] = "1"
	sampleData["Left"] = "3"
	sampleData["Members"] = "• Rajo Ameh (REG-2026-000001)"
	sampleData["More"] = "0"
	sampleData["EndedOn"] = "16 Maret 2027"
	sampleData["Next"] = "2027"
	sampleData["End"] = "31 Desember 2026"
	sampleData["Active"] = "2"
}
