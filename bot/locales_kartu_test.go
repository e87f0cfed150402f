package bot

import "time"

// The template fields of the kartu topic's messages (locales/kartu.*.toml)
// and of the recaps' membership figures.
func init() {
	sampleData["Cover"] = "aktif, terlindungi pada tanggal kejadian"
	sampleData["Submitted"] = 4
	sampleData["Active"] = 80
	sampleData["Ended"] = 3
	sampleData["Funded"] = 87
	sampleData["EndedOn"] = time.Date(2026, 10, 10, 0, 0, 0, 0, time.UTC)
	sampleData["EndReason"] = "pindah domisili"
	sampleData["Rows"] = []map[string]string{{"name": "Lembah Gumanti", "participating": "1", "nagari": "4", "registered": "10",
		"verified": "8", "submitted": "2", "active": "5", "ended": "1", "funded": "8", "quota": "100", "reports": "1"}}
}
