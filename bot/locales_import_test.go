package bot

import (
	"testing"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

// The template fields of the members' import messages.
func init() {
	sampleData["Imported"] = 480
	sampleData["Registered"] = 3
	sampleData["Over"] = true
	sampleData["Lines"] = append(sampleData["Lines"].([]engine.Phrase),
		engine.Phrase{Msg: "import.line.ditolak", Data: map[string]any{"Line": 7, "NIK": "", "Problem": engine.Phrase{Msg: "import.row.birth.too_young", Data: map[string]any{"Min": 15}}}},
		engine.Phrase{Msg: "import.line.diimpor", Data: map[string]any{"Line": 2, "NIK": "1302********0001", "Number": "REG-2026-000001", "Active": true}},
	)
}

// TestEveryMembersImportMessageExists checks the message IDs the domain
// and the bot keep as values: each row problem, outcome and file problem.
func TestEveryMembersImportMessageExists(t *testing.T) {
	t.Parallel()
	keys := messageKeys(t, "id")
	ids := append([]string{domain.ImportFileUnreadable, domain.ImportFileMissing, domain.ImportFileEmpty, domain.ImportFileTooMany,
		importFileTooBig, importFileDownloadFailed}, domain.ImportProblems...)
	for _, o := range domain.RowOutcomes {
		ids = append(ids, "import.line."+string(o))
	}
	for _, id := range ids {
		if _, ok := keys[id]; !ok {
			t.Errorf("message %q missing", id)
		}
	}
}
