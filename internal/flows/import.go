package flows

// The bulk import of existing members, in the bot (issue #16): a regency
// admin sends a nagari's list as a document on the menu, captioned
// "impor <nagari>" (a name or a code):
//
//	a document captioned impor … → bpjs.wait → the rows imported, a report
//	                               row by row (import.done); a chat that is
//	                               not a regency admin is refused
//	                               (import.denied); a nagari the caption
//	                               does not name is asked for again
//	                               (import.nagari_unknown)
//
// Any other document on the menu is BPJS's result file (bpjs.go).

import (
	"strings"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

// importWords are the first words of a caption that make a document a
// list of members to import.
var importWords = map[string]bool{"impor": true, "import": true, "/impor": true, "/import": true}

// importCaption reports whether a document's caption asks for an import,
// and the nagari it names ("" when none).
func importCaption(caption string) (nagari string, ok bool) {
	word, rest, _ := strings.Cut(strings.TrimSpace(caption), " ")
	if !importWords[strings.ToLower(word)] {
		return "", false
	}
	rest = strings.TrimSpace(rest)
	// "impor peserta Alahan Panjang", "impor nagari Alahan Panjang"
	for _, w := range []string{"peserta ", "nagari "} {
		if len(rest) > len(w) && strings.EqualFold(rest[:len(w)], w) {
			rest = strings.TrimSpace(rest[len(w):])
		}
	}
	return rest, true
}

// importRowsReply reports an import: why the file was not read, or the
// counts, the quota, and the rows, the refused ones first.
func importRowsReply(a engine.RegistrationsImported) engine.Reply {
	if a.Problem != "" {
		return engine.Say(a.Problem, map[string]any{"Missing": strings.Join(a.Missing, ", "), "Max": domain.MaxImportRows})
	}
	c := a.Report.Counts
	data := map[string]any{
		"Nagari": a.Nagari.Name, "Kecamatan": a.Nagari.KecamatanName, "Total": len(a.Report.Lines),
		"Imported": c[domain.RowImported], "Active": a.Report.Active, "Registered": c[domain.RowRegistered],
		"Duplicate": c[domain.RowDuplicate], "Refused": c[domain.RowRefused],
		"Funded": a.Funded, "Quota": a.Quota, "Over": a.Funded > a.Quota,
	}
	var lines []engine.Phrase
	for _, pass := range []domain.RowOutcome{domain.RowRefused, domain.RowDuplicate, domain.RowRegistered, domain.RowImported} {
		for _, l := range a.Report.Lines {
			if l.Outcome != pass {
				continue
			}
			d := map[string]any{"Line": l.Line, "NIK": l.NIK, "Number": l.Number, "Active": l.Active}
			if l.Problem != "" {
				d["Problem"] = engine.Phrase{Msg: l.Problem, Data: l.Data}
			}
			lines = append(lines, engine.Phrase{Msg: "import.line." + string(l.Outcome), Data: d})
		}
	}
	if len(lines) > maxImportLines {
		data["More"] = len(lines) - maxImportLines
		lines = lines[:maxImportLines]
	}
	data["Lines"] = lines
	return engine.Say("import.done", data)
}
