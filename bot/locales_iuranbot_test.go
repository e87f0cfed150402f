package bot

import "time"

// The template fields of locales/iuranbot.*.toml.
func init() {
	sampleData["Lines"] = []string{"November 2026: ✅ sudah dibayar Rp33.600", "Oktober 2026: tidak ada iuran"}
	sampleData["Grace"] = 3
	sampleData["CanRecord"] = true
	sampleData["Unpaid"] = true
	sampleData["Outstanding"] = "Rp33.600"
	sampleData["Owed"] = true
	sampleData["Paid"] = false
	sampleData["Late"] = true
	sampleData["Amount"] = "Rp33.600"
	sampleData["Rate"] = "Rp16.800"
	sampleData["LateFrom"] = time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)
	sampleData["DueBy"] = time.Date(2026, 12, 15, 0, 0, 0, 0, time.UTC)
	sampleData["Typed"] = true
	sampleData["Differs"] = true
}
