package flows

// The document checklist of a report (domain.DocumentsFor).
//
// The reporter, from their chat:
//
//	rep.docs (Anytime, "📎 Kirim dokumen" under a report or a reminder; /dokumen
//	  for the chat's newest report) → rep.docs.load (waits: LoadDocuments)
//	  closed or not found → told, nothing asked
//	  open → the checklist → rep.docs.pick (an item still missing)
//	    → rep.docs.file (photos or files, one or many) → rep.docs.saved (waits: AddDocument)
//	    → rep.docs.file again: more pages, "Dokumen lain" (rep.docs.pick) or Selesai
//
// Staff, from the report view:
//
//	staff.docs (Anytime) <id> → staff.wait (LoadDocuments): the checklist, each
//	  item a button that ticks it complete or takes the tick back (staff.doc,
//	  TickDocument) and a 📎 to send its file (staff.docf)
//	staff.docf (Anytime) <id>:<item> → staff.docf.load (LoadDocuments)
//	  → staff.docf.send (a photo or file) → staff.wait (AddDocument)
//
// The report is looked up before a file is asked for, and every prompt
// names the report (number and kind), so a file is never sent for a closed
// report, or for the wrong one, by mistake.

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/notice"
)

const (
	flowDocs       = "repdoc"
	stepDocs       = notice.StepDocuments
	stepDocsLoad   = "rep.docs.load"
	stepDocsPick   = "rep.docs.pick"
	stepDocsFile   = "rep.docs.file"
	stepDocsSaved  = "rep.docs.saved"
	stepMoreCheck  = "rep.more.check"
	stepStaffDocs  = "staff.docs"
	stepStaffTick  = "staff.doc"
	stepStaffDocF  = "staff.docf"
	stepStaffDocFL = "staff.docf.load"
	stepStaffDocFS = "staff.docf.send"

	docsCommand = "dokumen"
	valueOther  = "other"
)

// Answer keys of the checklist steps.
const (
	keyDocKind  = "doc_kind"  // the report's kind as a message ID (notice.KindMsg)
	keyDocItem  = "doc_item"  // the item a file is for
	keyDocItems = "doc_items" // the items still missing the family provides, space-separated
)

func init() {
	// The staff's file step keeps its item under the staff keys, so that
	// Batal and a fresh staff button forget it like the other collections.
	staffKeys = append(staffKeys, keyDocItem, keyDocKind)
	staffMiniSteps[stepStaffDocFL] = true
	staffMiniSteps[stepStaffDocFS] = true
}

// docsButton opens a report's checklist for the reporter.
func docsButton(number string) []engine.Button {
	return []engine.Button{{Msg: "docs.button", Value: number, Step: stepDocs}}
}

func docsCommands() map[string]engine.Command {
	return map[string]engine.Command{
		docsCommand: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
			return startDocs(s, "", now)
		},
	}
}

// startDocs opens report number's checklist (the chat's newest report
// when number is ""), unless a form is open, whose answers it would drop.
func startDocs(s *engine.Session, number string, now time.Time) engine.Outcome {
	if s.InForm() {
		return engine.Outcome{Say: []engine.Reply{engine.Say("docs.busy", nil)}, Next: engine.Return}
	}
	s.StartForm(flowDocs, now)
	return engine.Outcome{Effects: []engine.Effect{engine.LoadDocuments{Number: number}}, Next: stepDocsLoad}
}

// docKindData names a report: its number and kind, as every prompt of
// these steps shows them.
func docKindData(s *engine.Session) map[string]any {
	return map[string]any{"Number": s.Answer(keyNumber), "Kind": engine.Msg(s.Answer(keyDocKind))}
}

// familyItems are the items still missing that the family provides (not
// the officer's, not sent yet): what the reporter is offered.
func familyItems(list []domain.DocumentStatus) []string {
	var out []string
	for _, d := range list {
		if d.State == domain.DocMissing && !d.Item.Officer {
			out = append(out, d.Item.ID)
		}
	}
	return out
}

// docLines is the checklist as a chain of phrases, one line per item, since
// a template cannot render the messages inside a list.
func docLines(list []domain.DocumentStatus) any {
	var chain any = ""
	for _, d := range list {
		chain = engine.Phrase{Msg: "docs.line", Data: map[string]any{
			"Prev": chain, "Mark": engine.Msg("docs.mark." + string(d.State)),
			"Item": engine.Msg("doc.item." + d.Item.ID), "Officer": d.Item.Officer,
		}}
	}
	return chain
}

// docsData is a checklist as template data of docs.list and docs.staff.list.
func docsData(a engine.Documents) map[string]any {
	return map[string]any{
		"Number": a.Number, "Kind": engine.Msg(notice.KindMsg(a.Kind, a.Death)),
		"Checklist": docLines(a.Items), "Missing": len(domain.Missing(a.Items)),
	}
}

// closedReply says the report takes no more files, naming it.
func closedReply(a engine.Documents) engine.Reply {
	return engine.Say("docs.closed", map[string]any{"Number": a.Number, "Kind": engine.Msg(notice.KindMsg(a.Kind, a.Death))})
}

func documentSteps() []engine.Step {
	return []engine.Step{
		{
			ID: stepDocs, Anytime: true, Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if in.Value == "" || len(in.Value) > 20 {
					return engine.Outcome{Say: []engine.Reply{engine.Say("button.stale", nil)}, Next: engine.Return}
				}
				return startDocs(s, in.Value, now)
			},
		},
		{
			ID: stepDocsLoad, Flow: flowDocs, Accept: engine.Of(engine.KindResult), Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				r := in.Result
				a := engine.AnswerOf[engine.LoadDocuments](r)
				switch {
				case r.Err != "":
					return engine.Outcome{End: true, Say: []engine.Reply{engine.Say(r.Err, nil)}}
				case !a.Found:
					return engine.Outcome{End: true, Say: []engine.Reply{engine.Say("docs.not_found", nil)}}
				case !a.Open:
					return engine.Outcome{End: true, Say: []engine.Reply{closedReply(a)}}
				}
				list := engine.Say("docs.list", docsData(a))
				items := familyItems(a.Items)
				if len(items) == 0 {
					return engine.Outcome{End: true, Say: []engine.Reply{list, engine.Say("docs.nothing_to_send", nil)}}
				}
				s.Set(keyNumber, a.Number)
				s.Set(keyDocKind, notice.KindMsg(a.Kind, a.Death))
				s.Set(keyDocItems, strings.Join(items, " "))
				return engine.Outcome{Say: []engine.Reply{list}, Next: stepDocsPick}
			},
		},
		{
			ID: stepDocsPick, Flow: flowDocs,
			Ask: func(s *engine.Session) engine.Reply {
				var bs []engine.Button
				for _, id := range strings.Fields(s.Answer(keyDocItems)) {
					bs = append(bs, engine.Button{Msg: "doc.item." + id, Value: id})
				}
				out := rows(1, bs)
				out = append(out, []engine.Button{{Msg: "rep.photos.done", Value: valueDone}})
				return engine.Reply{Msg: "docs.pick.ask", Data: docKindData(s), Buttons: out}
			},
			Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if in.Value == valueDone {
					return engine.Outcome{End: true, Say: []engine.Reply{engine.Say("docs.bye", docKindData(s))}}
				}
				if !slices.Contains(strings.Fields(s.Answer(keyDocItems)), in.Value) {
					return engine.Fail("input.use_buttons", nil)
				}
				s.Set(keyDocItem, in.Value)
				return engine.Goto(stepDocsFile)
			},
		},
		{
			ID: stepDocsFile, Flow: flowDocs,
			Ask: func(s *engine.Session) engine.Reply {
				data := docKindData(s)
				data["Item"] = engine.Msg("doc.item." + s.Answer(keyDocItem))
				return engine.Reply{Msg: "docs.file.ask", Data: data, Buttons: withBack()}
			},
			Accept: engine.Of(engine.KindPhoto, engine.KindDocument, engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				switch {
				case in.Kind == engine.KindButton && in.Value == valueOther:
					return docsPickOrEnd(s)
				case in.Kind == engine.KindButton && in.Value == valueDone:
					return engine.Outcome{End: true, Say: []engine.Reply{engine.Say("docs.bye", docKindData(s))}}
				case in.Kind == engine.KindButton:
					return engine.Fail("input.use_buttons", nil)
				case in.FileID == "":
					return engine.Outcome{Silent: true}
				}
				return engine.Outcome{Effects: []engine.Effect{engine.AddDocument{
					Number: s.Answer(keyNumber), Item: s.Answer(keyDocItem), FileID: in.FileID, Photo: in.Kind == engine.KindPhoto,
				}}, Next: stepDocsSaved}
			},
		},
		{
			ID: stepDocsSaved, Flow: flowDocs, Accept: engine.Of(engine.KindResult), Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				r := in.Result
				a := engine.AnswerOf[engine.AddDocument](r)
				switch {
				case r.Err == "error.unavailable":
					return engine.Outcome{Say: []engine.Reply{engine.Say("docs.failed", nil)}, Next: stepDocsFile, Silent: true}
				case r.Err != "":
					return engine.Outcome{End: true, Say: []engine.Reply{engine.Say(r.Err, nil)}}
				case !a.Found:
					return engine.Outcome{End: true, Say: []engine.Reply{engine.Say("docs.not_found", nil)}}
				case !a.Open:
					return engine.Outcome{End: true, Say: []engine.Reply{closedReply(a)}}
				}
				s.Set(keyDocItems, strings.Join(familyItems(a.Items), " "))
				data := docKindData(s)
				data["Item"] = engine.Msg("doc.item." + a.Item)
				data["Missing"] = len(familyItems(a.Items))
				msg := "docs.saved"
				if a.Full {
					msg = "docs.full"
					data["Max"] = domain.MaxDocumentFiles
				}
				// Stay on the file step: the next page of the same
				// document (an album arrives photo by photo) needs no tap.
				return engine.Outcome{Silent: true, Next: stepDocsFile, Say: []engine.Reply{{
					Msg: msg, Data: data, Buttons: [][]engine.Button{
						{{Msg: "docs.other", Value: valueOther, Step: stepDocsFile}},
						{{Msg: "rep.photos.done", Value: valueDone, Step: stepDocsFile}},
					},
				}}}
			},
		},
	}
}

// docsPickOrEnd offers the items still missing, or ends when none is left.
func docsPickOrEnd(s *engine.Session) engine.Outcome {
	if s.Answer(keyDocItems) == "" {
		return engine.Outcome{End: true, Say: []engine.Reply{engine.Say("docs.all_sent", docKindData(s))}}
	}
	return engine.Goto(stepDocsPick)
}

// staffDocsReply is the checklist as staff see it: each item a button
// that ticks it (or takes the tick back), beside a 📎 to send its file.
func staffDocsReply(a engine.Documents) engine.Reply {
	id := strconv.FormatInt(a.ReportID, 10)
	var out [][]engine.Button
	for _, d := range a.Items {
		op := "t"
		if d.State == domain.DocTicked {
			op = "u"
		}
		out = append(out, []engine.Button{
			{Msg: "docs.staff.item", Step: stepStaffTick, Value: op + ":" + id + ":" + d.Item.ID, Data: map[string]any{
				"Mark": engine.Msg("docs.mark." + string(d.State)), "Item": engine.Msg("doc.item." + d.Item.ID),
			}},
			{Msg: "docs.staff.attach", Step: stepStaffDocF, Value: id + ":" + d.Item.ID},
		})
	}
	return engine.Reply{Msg: "docs.staff.list", Data: docsData(a), Buttons: out}
}

// docsView is the report view's line about the checklist: how many items
// are complete and which are still missing.
func docsView(list []domain.DocumentStatus) any {
	if len(list) == 0 {
		return ""
	}
	missing := domain.Missing(list)
	var names any = ""
	for _, d := range missing {
		names = engine.Phrase{Msg: "docs.name", Data: map[string]any{"Prev": names, "Item": engine.Msg("doc.item." + d.Item.ID)}}
	}
	return engine.Phrase{Msg: "docs.rep.summary", Data: map[string]any{
		"Done": len(list) - len(missing), "Total": len(list), "Missing": len(missing), "Names": names,
	}}
}

// staffDocsButton opens the checklist from the report view.
func staffDocsButton(id int64) []engine.Button {
	return []engine.Button{{Msg: "docs.staff.button", Step: stepStaffDocs, Value: strconv.FormatInt(id, 10)}}
}

func staffDocumentSteps() []engine.Step {
	return []engine.Step{
		{
			ID: stepStaffDocs, Anytime: true, Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				id, err := strconv.ParseInt(in.Value, 10, 64)
				if err != nil {
					return staffDone(s, engine.Say("staff.rep.not_found", nil))
				}
				return sideTrip(s, stepStaffWait, engine.LoadDocuments{ReportID: id})
			},
		},
		{
			ID: stepStaffTick, Anytime: true, Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				parts := strings.SplitN(in.Value, ":", 3)
				if len(parts) != 3 || (parts[0] != "t" && parts[0] != "u") {
					return staffDone(s, engine.Say("staff.rep.not_found", nil))
				}
				id, err := strconv.ParseInt(parts[1], 10, 64)
				if err != nil {
					return staffDone(s, engine.Say("staff.rep.not_found", nil))
				}
				return sideTrip(s, stepStaffWait, engine.TickDocument{ReportID: id, Item: parts[2], Ticked: parts[0] == "t"})
			},
		},
		{
			ID: stepStaffDocF, Anytime: true, Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				rawID, item, _ := strings.Cut(in.Value, ":")
				id, err := strconv.ParseInt(rawID, 10, 64)
				if err != nil || item == "" {
					return staffDone(s, engine.Say("staff.rep.not_found", nil))
				}
				if s.InForm() {
					// A file sent now would be taken by the form's own step.
					return staffDone(s, engine.Say("docs.busy", nil))
				}
				startStaff(s, id)
				s.Set(keyDocItem, item)
				return engine.Outcome{Effects: []engine.Effect{engine.LoadDocuments{ReportID: id}}, Next: stepStaffDocFL}
			},
		},
		{
			ID: stepStaffDocFL, Accept: engine.Of(engine.KindResult), Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				r := in.Result
				a := engine.AnswerOf[engine.LoadDocuments](r)
				switch {
				case r.Err != "":
					clearStaff(s)
					return staffDone(s, engine.Say(r.Err, nil))
				case !a.Found:
					clearStaff(s)
					return staffDone(s, engine.Say("staff.rep.not_found", nil))
				case !a.Open:
					clearStaff(s)
					return staffDone(s, closedReply(a))
				}
				if _, ok := docItem(a.Items, s.Answer(keyDocItem)); !ok {
					clearStaff(s)
					return staffDone(s, engine.Say("staff.rep.not_found", nil))
				}
				s.Set(keyStaffNumber, a.Number)
				s.Set(keyDocKind, notice.KindMsg(a.Kind, a.Death))
				return engine.Goto(stepStaffDocFS)
			},
		},
		{
			ID: stepStaffDocFS,
			Ask: func(s *engine.Session) engine.Reply {
				return engine.Reply{Msg: "docs.file.ask", Data: map[string]any{
					"Number": s.Answer(keyStaffNumber), "Kind": engine.Msg(s.Answer(keyDocKind)),
					"Item": engine.Msg("doc.item." + s.Answer(keyDocItem)),
				}, Buttons: [][]engine.Button{cancelButton()}}
			},
			Accept: engine.Of(engine.KindPhoto, engine.KindDocument, engine.KindButton), Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if in.Kind == engine.KindButton {
					return cancelled(s)
				}
				if in.FileID == "" {
					return engine.Outcome{Silent: true}
				}
				e := engine.AddDocument{ReportID: staffID(s), Item: s.Answer(keyDocItem), FileID: in.FileID, Photo: in.Kind == engine.KindPhoto}
				clearStaff(s)
				return engine.Outcome{Effects: []engine.Effect{e}, Next: stepStaffWait}
			},
		},
	}
}

func docItem(list []domain.DocumentStatus, id string) (domain.DocumentStatus, bool) {
	for _, d := range list {
		if d.Item.ID == id {
			return d, true
		}
	}
	return domain.DocumentStatus{}, false
}

// documentResult shows what a checklist effect answered on staff.wait;
// ok is false for other effects.
func documentResult(s *engine.Session, r *engine.Result) (engine.Outcome, bool) {
	switch r.Effect {
	case engine.LoadDocuments{}.EffectName(), engine.TickDocument{}.EffectName(), engine.AddDocument{}.EffectName():
	default:
		return engine.Outcome{}, false
	}
	a, _ := r.Answer.(engine.Documents)
	if !a.Found {
		return staffDone(s, engine.Say("staff.rep.not_found", nil)), true
	}
	var say []engine.Reply
	if r.Effect == (engine.AddDocument{}).EffectName() {
		switch {
		case !a.Open:
			return staffDone(s, closedReply(a)), true
		case a.Full:
			say = append(say, engine.Say("docs.full", map[string]any{"Max": domain.MaxDocumentFiles}))
		default:
			say = append(say, engine.Say("docs.staff.saved", map[string]any{"Number": a.Number, "Item": engine.Msg("doc.item." + a.Item)}))
		}
	}
	return staffDone(s, append(say, staffDocsReply(a))...), true
}
