package bot

import (
	"testing"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

// The template fields of the BPJS batch and import messages.
func init() {
	sampleData["Ready"] = 12
	sampleData["Resubmitted"] = 2
	sampleData["Missing"] = "Nomor KPJ, Status"
	for _, k := range []string{"Active", "Refused", "Done", "NotSubmitted", "Unknown", "NotYours", "Duplicate", "Invalid", "More", "Line"} {
		sampleData[k] = 1
	}
	sampleData["Problem"] = engine.Msg("bpjs.row.kpj")
	sampleData["Lines"] = []engine.Phrase{
		{Msg: "bpjs.line.aktif", Data: map[string]any{"Line": 2, "NIK": "1302********0001", "Number": "REG-2026-000001"}},
		{Msg: "bpjs.line.tidak_valid", Data: map[string]any{"Line": 3, "NIK": "", "Problem": engine.Msg("bpjs.row.nik")}},
	}
	sampleData["Membership"] = engine.Msg("membership.state.aktif")
	sampleData["KPJ"] = "12345678901"
	sampleData["Start"] = time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)
	sampleData["End"] = time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	sampleData["Ended"] = time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
}

// TestEveryImportMessageExists checks the message IDs the domain and the
// import keep as values: each outcome's line, each row and file problem.
func TestEveryImportMessageExists(t *testing.T) {
	t.Parallel()
	keys := messageKeys(t, "id")
	ids := []string{domain.ResultUnreadable, domain.ResultMissing, domain.ResultEmpty,
		"bpjs.row.nik", "bpjs.row.status", "bpjs.row.kpj", "bpjs.row.start", "bpjs.row.end", "bpjs.row.period",
		importTooBig, importDownloadFailed}
	for _, o := range domain.ImportOutcomes {
		ids = append(ids, "bpjs.line."+string(o))
	}
	for _, id := range ids {
		if _, ok := keys[id]; !ok {
			t.Errorf("message %q missing", id)
		}
	}
}
