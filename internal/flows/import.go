package flows

// The bulk import of existing members, in the bot (issue #16): a regency
// admin sends a nagari's list as a document on the menu, captioned
// "impor <nagari>" (a name or a code):
//
//	a document captioned impor … → bpjs.wait → the rows imported, a report
//	                               row by row (import.done); a chat that is
//	                               not a regency admin is refused
//	                               (import.denied); when the caption names
//	                               no nagari the store knows (or several):
//	    import.kecamatan → import.nagari → bpjs.wait → the report
//
// Any other document on the menu is BPJS's result file (bpjs.go).

import (
	"strings"
	"time"

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

const (
	stepImportKecamatan = "import.kecamatan"
	stepImportNagari    = "import.nagari"
)

// Answer keys of an import waiting for its nagari: the document, and the
// nagari offered to pick from.
const (
	keyImportFile = "import_file" // the Telegram file_id
	keyImportName = "import_name" // the file's name
	keyImportList = "import_list" // nagari codes, comma-separated
)

func forgetImport(s *engine.Session) {
	for _, k := range []string{keyImportFile, keyImportName, keyImportList} {
		s.Unset(k)
	}
}

// importList is the document captioned for an import: the store checks
// the chat and the nagari; the file is remembered in case the nagari must
// be picked.
func importList(s *engine.Session, in engine.Input, nagari string) engine.Outcome {
	forgetImport(s)
	s.Set(keyImportFile, in.FileID)
	s.Set(keyImportName, in.FileName)
	return sideTrip(s, stepBPJSWait, engine.ImportRegistrations{FileID: in.FileID, Name: in.FileName, Nagari: nagari})
}

// importResult shows what ImportRegistrations answered, or asks for the
// nagari the caption did not name.
func importResult(s *engine.Session, r *engine.Result) engine.Outcome {
	if r.Err == "import.nagari_unknown" && s.Answer(keyImportFile) != "" {
		return engine.Goto(stepImportKecamatan)
	}
	forgetImport(s)
	if r.Err != "" {
		return staffDone(s, engine.Say(r.Err, nil))
	}
	return staffDone(s, importRowsReply(engine.AnswerOf[engine.ImportRegistrations](r)))
}

func importSteps(regions *domain.Regions) []engine.Step {
	return nagariPick{
		kecamatanStep: stepImportKecamatan, nagariStep: stepImportNagari,
		kecamatanMsg: "import.kecamatan.ask", nagariMsg: "import.nagari.ask", cancelMsg: "import.cancel",
		listKey: keyImportList,
		cancelled: func(s *engine.Session) engine.Outcome {
			forgetImport(s)
			return staffDone(s, engine.Say("import.cancelled", nil))
		},
		picked: func(s *engine.Session, code string, now time.Time) engine.Outcome {
			e := engine.ImportRegistrations{FileID: s.Answer(keyImportFile), Name: s.Answer(keyImportName), Nagari: code}
			return engine.Outcome{Effects: []engine.Effect{e}, Next: stepBPJSWait}
		},
	}.steps(regions)
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
