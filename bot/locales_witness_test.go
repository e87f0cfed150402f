package bot

// The template fields of an accident's witnesses (locales/witness.*.toml,
// and the summary, report view and notice that show them).
func init() {
	sampleData["Witnesses"] = []map[string]any{
		{"Name": "Pak Datuak", "Phone": "+6281234567890"},
		{"Name": "Siti Aminah", "Phone": ""},
	}
	sampleData["NoWitness"] = true
	sampleData["WitnessList"] = "Pak Datuak, +62812****890; Siti Aminah"
	sampleData["Full"] = true
	sampleData["None"] = true
}
