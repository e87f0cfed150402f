package bot

import (
	"time"

	"github.com/jaganagari/jaganagari/internal/engine"
)

// The template fields of locales/claims.*.toml.
func init() {
	sampleData["Report"] = engine.Phrase{Msg: "staff.kind.jkk"}
	sampleData["Accident"] = true
	sampleData["Acted"] = true
	sampleData["Filed"] = false
	sampleData["T1Due"] = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	sampleData["T1Clock"] = "14.30"
	sampleData["T2"] = engine.Msg("claims.t2.outcome.sembuh")
	sampleData["T2On"] = time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	sampleData["T2Due"] = time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	sampleData["T2Clock"] = "00.00"
	sampleData["Claim"] = "KLM-2026-001234"
	sampleData["Outcome"] = "dibayar"
	sampleData["Amount"] = "Rp42.000.000"
	sampleData["PaidOn"] = time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	sampleData["Refusal"] = engine.Msg("claims.refusal.dokumen_tidak_lengkap")
	sampleData["Notes"] = engine.Phrase{Msg: "claims.rep.note", Data: map[string]any{
		"Prev": "", "Date": time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), "Clock": "10.00", "Staff": "3", "Text": "Berkas lengkap",
	}}
	sampleData["Minutes"] = 5
	sampleData["Until"] = "10.05"
	sampleData["Prev"] = ""
	sampleData["Staff"] = "3"
	sampleData["Text"] = "Berkas lengkap"
}
