package flows

// Batches to BPJS Ketenagakerjaan and BPJS's answer, for staff.
//
//	/ajukan          → bpjs.wait → a petugas nagari: how many workers would
//	                   go, Ya / Batal (bpjs.confirm); kecamatan and admins:
//	                   a nagari to pick (bpjs.pick); and the latest batches
//	                   to download again (bpjs.batch)
//	bpjs.pick        (anytime) <nagari> → bpjs.wait → the count, Ya / Batal
//	bpjs.confirm     (anytime) y:<nagari> → bpjs.wait → the batch's number
//	                 and files; n → cancelled
//	bpjs.batch       (anytime) <number> → bpjs.wait → the batch's files again
//	a document on the menu → bpjs.wait → BPJS's result file imported, a
//	                 report row by row (captioned "impor <nagari>": a
//	                 nagari's list of members, import.go)
//
// Every bpjs.wait ends like staff.wait: back where the side trip started.

import (
	"strings"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

const (
	stepBPJSWait    = "bpjs.wait"
	stepBPJSPick    = "bpjs.pick"
	stepBPJSConfirm = "bpjs.confirm"
	stepBPJSBatch   = "bpjs.batch"
)

// maxImportLines bounds the rows an import's report lists in the chat: a
// Telegram message holds 4,096 characters.
const maxImportLines = 40

func cmdAjukan(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
	return sideTrip(s, stepBPJSWait, engine.PrepareBatch{})
}

// importDocument takes a document sent on the menu as BPJS's result file;
// the store answers staff.denied for a chat that is not staff. A document
// captioned "impor <nagari>" is a nagari's list of members (import.go).
func importDocument(s *engine.Session, in engine.Input) engine.Outcome {
	if nagari, ok := importCaption(in.Text); ok {
		return importList(s, in, nagari)
	}
	return sideTrip(s, stepBPJSWait, engine.ImportResult{FileID: in.FileID, Name: in.FileName})
}

func bpjsSteps() []engine.Step {
	return []engine.Step{
		{
			ID:        stepBPJSWait,
			Accept:    engine.Of(engine.KindResult),
			Transient: true,
			Handle:    bpjsResult,
		},
		{
			ID: stepBPJSPick, Anytime: true, Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if in.Value == "" {
					return staffDone(s, engine.Say("staff.denied", nil))
				}
				return sideTrip(s, stepBPJSWait, engine.PrepareBatch{Nagari: in.Value})
			},
		},
		{
			ID: stepBPJSConfirm, Anytime: true, Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				code, yes := strings.CutPrefix(in.Value, "y:")
				if !yes || code == "" {
					return staffDone(s, engine.Say("bpjs.batch.cancelled", nil))
				}
				return sideTrip(s, stepBPJSWait, engine.CreateBatch{Nagari: code})
			},
		},
		{
			ID: stepBPJSBatch, Anytime: true, Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				return sideTrip(s, stepBPJSWait, engine.ExportBatch{Number: in.Value})
			},
		},
	}
}

// bpjsResult shows what a BPJS effect answered.
func bpjsResult(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
	r := in.Result
	if r.Effect == (engine.ImportResult{}).EffectName() && r.Err == "staff.denied" {
		// A worker's document: not something the bot reads. The menu
		// comes again, as after any answer it did not expect.
		return engine.Outcome{Say: []engine.Reply{engine.Say("bpjs.import.not_staff", nil)}, Next: engine.Return}
	}
	if r.Effect == (engine.ImportRegistrations{}).EffectName() {
		return importResult(s, r)
	}
	if r.Err != "" {
		return staffDone(s, engine.Say(r.Err, nil))
	}
	switch r.Effect {
	case engine.PrepareBatch{}.EffectName():
		return staffDone(s, previewReplies(engine.AnswerOf[engine.PrepareBatch](r))...)
	case engine.CreateBatch{}.EffectName():
		a := engine.AnswerOf[engine.CreateBatch](r)
		return staffDone(s, withFiles(engine.Say("bpjs.batch.created", batchData(a)), r.Files, "staff.export.file")...)
	case engine.ExportBatch{}.EffectName():
		a := engine.AnswerOf[engine.ExportBatch](r)
		if !a.Found {
			return staffDone(s, engine.Say("bpjs.batch.not_found", nil))
		}
		return staffDone(s, withFiles(engine.Say("bpjs.batch.again", batchData(a)), r.Files, "staff.export.file")...)
	case engine.ImportResult{}.EffectName():
		return staffDone(s, importReply(engine.AnswerOf[engine.ImportResult](r)))
	}
	return staffDone(s, engine.Say("error.internal", nil))
}

func batchData(a engine.BatchCreated) map[string]any {
	return map[string]any{
		"Number": a.Batch.Number, "Nagari": a.Batch.NagariName, "Total": a.Batch.Size,
		"Resubmitted": a.Resubmitted, "Date": domain.Today(a.Batch.CreatedAt),
	}
}

// previewReplies asks to confirm a batch, or to pick a nagari, then lists
// the latest batches to download again.
func previewReplies(p engine.BatchPreview) []engine.Reply {
	var out []engine.Reply
	switch {
	case p.Nagari == "" && len(p.Choices) == 0:
		out = append(out, engine.Say("bpjs.batch.empty", nil))
	case p.Nagari == "":
		bs := make([]engine.Button, 0, len(p.Choices))
		for _, c := range p.Choices {
			bs = append(bs, engine.Button{Msg: "bpjs.batch.pick_button", Step: stepBPJSPick, Value: c.Nagari,
				Data: map[string]any{"Nagari": c.Name, "Ready": c.Ready}})
		}
		out = append(out, engine.Reply{Msg: "bpjs.batch.pick", Buttons: rows(1, bs)})
	case p.Ready == 0:
		out = append(out, engine.Say("bpjs.batch.empty", map[string]any{"Nagari": p.NagariName}))
	default:
		out = append(out, engine.Reply{Msg: "bpjs.batch.confirm", Data: map[string]any{
			"Nagari": p.NagariName, "Ready": p.Ready, "Resubmitted": p.Resubmitted,
		}, Buttons: [][]engine.Button{
			{{Msg: "bpjs.batch.yes", Step: stepBPJSConfirm, Value: "y:" + p.Nagari}},
			{{Msg: "bpjs.batch.no", Step: stepBPJSConfirm, Value: "n"}},
		}})
	}
	if len(p.Batches) > 0 {
		bs := make([]engine.Button, 0, len(p.Batches))
		for _, b := range p.Batches {
			bs = append(bs, engine.Button{Msg: "bpjs.batch.button", Step: stepBPJSBatch, Value: b.Number,
				Data: map[string]any{"Number": b.Number, "Nagari": b.NagariName, "Total": b.Size}})
		}
		out = append(out, engine.Reply{Msg: "bpjs.batch.list", Buttons: rows(1, bs)})
	}
	return out
}

// importReply reports an import: why the file was not read, or the
// counts and the rows, the ones needing a look first.
func importReply(a engine.ResultImported) engine.Reply {
	if a.Problem != "" {
		return engine.Say(a.Problem, map[string]any{"Missing": strings.Join(a.Missing, ", ")})
	}
	data := map[string]any{"Total": len(a.Report.Lines)}
	for _, o := range domain.ImportOutcomes {
		data[outcomeKey(o)] = a.Report.Counts[o]
	}
	var lines []engine.Phrase
	// Rows that need the officer first; rows applied after.
	for _, pass := range []bool{false, true} {
		for _, l := range a.Report.Lines {
			if l.Outcome.Changed() != pass {
				continue
			}
			d := map[string]any{"Line": l.Line, "NIK": l.NIK, "Number": l.Number}
			if l.Problem != "" {
				d["Problem"] = engine.Msg(l.Problem)
			}
			lines = append(lines, engine.Phrase{Msg: "bpjs.line." + string(l.Outcome), Data: d})
		}
	}
	if len(lines) > maxImportLines {
		data["More"] = len(lines) - maxImportLines
		lines = lines[:maxImportLines]
	}
	data["Lines"] = lines
	return engine.Say("bpjs.import.done", data)
}

// outcomeKey names an outcome's count in the report's template data.
func outcomeKey(o domain.ImportOutcome) string {
	return map[domain.ImportOutcome]string{
		domain.ImportActivated: "Active", domain.ImportRefused: "Refused", domain.ImportDone: "Done",
		domain.ImportNotSubmitted: "NotSubmitted", domain.ImportUnknown: "Unknown", domain.ImportNotYours: "NotYours",
		domain.ImportDuplicate: "Duplicate", domain.ImportInvalid: "Invalid",
	}[o]
}

// membershipData is the membership part of /status: its state, card
// number and cover period, each only when there is one.
func membershipData(data map[string]any, m domain.Membership) {
	data["Membership"] = engine.Msg("membership.state." + string(m.State))
	if m.KPJ != "" {
		data["KPJ"] = string(m.KPJ)
	}
	if !m.CoverStart.IsZero() {
		data["Start"] = m.CoverStart
	}
	if !m.CoverEnd.IsZero() {
		data["End"] = m.CoverEnd
	}
	if !m.EndedOn.IsZero() {
		data["Ended"] = m.EndedOn
	}
}
