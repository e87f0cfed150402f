package flows

// Claims: staff move a report through its stages with a confirmation, can
// take a move back for a few minutes, record what BPJS did with the claim,
// the doctor's declaration that starts tahap II, and notes.
//
//	staff.stage (Anytime) <stage>:<id> → staff.stage.load (waits: LoadReport)
//	  ditindaklanjuti → staff.stage.confirm
//	  diajukan        → staff.claim.number → staff.stage.confirm
//	  selesai         → staff.claim.outcome
//	                      dibayar      → staff.claim.amount → staff.claim.paid_on → staff.stage.confirm
//	                      ditolak_bpjs → staff.claim.refusal → staff.stage.confirm
//	  ditolak         → staff.rep.reject (the reason) → staff.stage.confirm
//	staff.stage.confirm  Ya → staff.wait (SetReportStage): the answer offers Urungkan
//	staff.undo (Anytime) <move> → staff.wait (UndoReportStage)
//	staff.t2 (Anytime) <id> → staff.t2.outcome → staff.t2.date → staff.wait (RecordTahap2)
//	staff.note (Anytime) <id> → staff.note.text → staff.wait (AddReportNote)
//
// Every step has Batal, which forgets what was typed and changes nothing.
// What the steps collect lives in the session beside a form's answers,
// under the staff keys, until the confirmation.

import (
	"strconv"
	"strings"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

const (
	stepStageLoad    = "staff.stage.load"
	stepStageConfirm = "staff.stage.confirm"
	stepClaimNumber  = "staff.claim.number"
	stepClaimOutcome = "staff.claim.outcome"
	stepClaimAmount  = "staff.claim.amount"
	stepClaimPaidOn  = "staff.claim.paid_on"
	stepClaimRefusal = "staff.claim.refusal"
	stepStageUndo    = "staff.undo"
	stepTahap2       = "staff.t2"
	stepT2Outcome    = "staff.t2.outcome"
	stepT2Date       = "staff.t2.date"
	stepNote         = "staff.note"
	stepNoteText     = "staff.note.text"

	valueCancel = "cancel"
	valueYes    = "yes"
)

// The staff keys of a move or record in the making.
const (
	keyStageTo    = "staff_to"
	keyStageFrom  = "staff_from"
	keyStageEvent = "staff_ev" // the accident's or death's date
	keyClaimNo    = "staff_claim"
	keyOutcome    = "staff_out"
	keyAmount     = "staff_amt"
	keyPaidOn     = "staff_paid"
	keyWhy        = "staff_why" // a rejection's or refusal's reason
	keyT2Outcome  = "staff_t2"
)

// staffKeys are every key the staff steps keep; clearStaff forgets them.
var staffKeys = []string{keyStaffRecord, keyStaffNumber, keyStageTo, keyStageFrom, keyStageEvent, keyClaimNo,
	keyOutcome, keyAmount, keyPaidOn, keyWhy, keyT2Outcome}

func clearStaff(s *engine.Session) {
	for _, k := range staffKeys {
		s.Unset(k)
	}
}

// staffMiniSteps are the steps that collect a move or record; a staff
// button pressed on one of them starts afresh rather than coming back to
// a question whose answers are gone.
var staffMiniSteps = map[string]bool{
	stepStageLoad: true, stepStageConfirm: true, stepClaimNumber: true, stepClaimOutcome: true,
	stepClaimAmount: true, stepClaimPaidOn: true, stepClaimRefusal: true, stepT2Outcome: true,
	stepT2Date: true, stepNoteText: true, stepLinkLoad: true, stepLinkNIK: true, stepStaffRepReject: true, stepStaffReject: true,
}

// startStaff begins collecting for record id: what an earlier, unfinished
// collection left is forgotten.
func startStaff(s *engine.Session, id int64) {
	clearStaff(s)
	if staffMiniSteps[s.Return] {
		s.Return = ""
	}
	s.Set(keyStaffRecord, strconv.FormatInt(id, 10))
}

func staffID(s *engine.Session) int64 {
	id, _ := strconv.ParseInt(s.Answer(keyStaffRecord), 10, 64)
	return id
}

// cancelled ends a collection with nothing changed.
func cancelled(s *engine.Session) engine.Outcome {
	clearStaff(s)
	return staffDone(s, engine.Say("staff.reject.cancelled", nil))
}

func cancelButton() []engine.Button {
	return []engine.Button{{Msg: "staff.reject.cancel", Value: valueCancel}}
}

// staffTextStep asks for typed text, with Batal; read parses it and says
// where to go.
func staffTextStep(id, msg string, read func(s *engine.Session, text string, now time.Time) engine.Outcome) engine.Step {
	return engine.Step{
		ID: id,
		Ask: func(*engine.Session) engine.Reply {
			return engine.Reply{Msg: msg, Buttons: [][]engine.Button{cancelButton()}}
		},
		Accept:    engine.Of(engine.KindButton, engine.KindText),
		Transient: true,
		Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
			if in.Kind == engine.KindButton {
				return cancelled(s)
			}
			return read(s, in.Text, now)
		},
	}
}

// staffPickStep offers buttons (codes labelled prefix+code) and Batal;
// typed text goes to typed, or is refused when typed is nil.
func staffPickStep(id, msg, prefix string, codes []string, pick func(s *engine.Session, code string) engine.Outcome,
	typed func(s *engine.Session, text string, now time.Time) engine.Outcome) engine.Step {
	accept := engine.Of(engine.KindButton)
	if typed != nil {
		accept = engine.Of(engine.KindButton, engine.KindText)
	}
	return engine.Step{
		ID: id,
		Ask: func(*engine.Session) engine.Reply {
			rs := rows(1, codeButtons(prefix, codes))
			return engine.Reply{Msg: msg, Buttons: append(rs, cancelButton())}
		},
		Accept:    accept,
		Transient: true,
		Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
			switch {
			case in.Kind == engine.KindText:
				return typed(s, in.Text, now)
			case in.Value == valueCancel:
				return cancelled(s)
			}
			for _, c := range codes {
				if c == in.Value {
					return pick(s, c)
				}
			}
			return engine.Fail("input.use_buttons", nil)
		},
	}
}

// dayButtons are "Hari ini", "Kemarin" and Batal, as the report forms
// offer them.
func dayButtons() [][]engine.Button {
	return [][]engine.Button{
		{{Msg: "rep.date.today", Value: valueToday}, {Msg: "rep.date.yesterday", Value: valueYesterday}},
		cancelButton(),
	}
}

// pickedDay reads a day button or a typed date; check applies the step's
// rules to it.
func pickedDay(in engine.Input, now time.Time, check func(time.Time) error) (time.Time, error) {
	var d time.Time
	switch {
	case in.Kind == engine.KindText:
		var err error
		if d, err = domain.ParseDate(in.Text, now); err != nil {
			return time.Time{}, err
		}
	case in.Value == valueToday:
		d = domain.Today(now)
	case in.Value == valueYesterday:
		d = domain.Today(now).AddDate(0, 0, -1)
	default:
		return time.Time{}, domain.Invalid("input.use_buttons")
	}
	return d, check(d)
}

func claimSteps() []engine.Step {
	return []engine.Step{
		{
			ID: stepStaffStage, Anytime: true, Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				rawStage, rawID, _ := strings.Cut(in.Value, ":")
				to := domain.Stage(rawStage)
				id, err := strconv.ParseInt(rawID, 10, 64)
				if err != nil || !to.Valid() || to == domain.StageNew {
					return staffDone(s, engine.Say("staff.rep.not_found", nil))
				}
				startStaff(s, id)
				s.Set(keyStageTo, string(to))
				return engine.Outcome{Effects: []engine.Effect{engine.LoadReport{ID: id}}, Next: stepStageLoad}
			},
		},
		{
			// The report as it stands now decides the questions: the
			// button may be old.
			ID: stepStageLoad, Accept: engine.Of(engine.KindResult), Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				r := in.Result
				if r.Err != "" {
					clearStaff(s)
					return staffDone(s, engine.Say(r.Err, nil))
				}
				a := engine.AnswerOf[engine.LoadReport](r)
				if !a.Found {
					clearStaff(s)
					return staffDone(s, engine.Say("staff.rep.not_found", nil))
				}
				p, to := a.Report, domain.Stage(s.Answer(keyStageTo))
				if !p.Stage.Open() || (to != p.Stage.Next() && to != domain.StageRejected) {
					clearStaff(s)
					return staffDone(s, engine.Say("staff.rep.unchanged", map[string]any{
						"Number": p.Number, "Stage": engine.Msg("staff.stagename." + string(p.Stage)),
					}))
				}
				s.Set(keyStageFrom, string(p.Stage))
				s.Set(keyStaffNumber, p.Number)
				s.Set(keyStageEvent, date(p.Date))
				switch to {
				case domain.StageFiled:
					return engine.Goto(stepClaimNumber)
				case domain.StageDone:
					return engine.Goto(stepClaimOutcome)
				case domain.StageRejected:
					return engine.Goto(stepStaffRepReject)
				}
				return engine.Goto(stepStageConfirm)
			},
		},
		staffTextStep(stepClaimNumber, "claims.number.ask", func(s *engine.Session, text string, now time.Time) engine.Outcome {
			no, err := domain.ParseClaimNumber(text)
			if err != nil {
				return inputError(err)
			}
			s.Set(keyClaimNo, no)
			return engine.Goto(stepStageConfirm)
		}),
		staffPickStep(stepClaimOutcome, "claims.outcome.ask", "claims.outcome.",
			[]string{string(domain.ClaimPaid), string(domain.ClaimRefused)},
			func(s *engine.Session, code string) engine.Outcome {
				s.Set(keyOutcome, code)
				if code == string(domain.ClaimPaid) {
					return engine.Goto(stepClaimAmount)
				}
				return engine.Goto(stepClaimRefusal)
			}, nil),
		staffTextStep(stepClaimAmount, "claims.amount.ask", func(s *engine.Session, text string, now time.Time) engine.Outcome {
			amount, err := domain.ParseRupiah(text)
			if err != nil {
				return inputError(err)
			}
			s.Set(keyAmount, strconv.FormatInt(amount, 10))
			return engine.Goto(stepClaimPaidOn)
		}),
		{
			ID: stepClaimPaidOn,
			Ask: func(*engine.Session) engine.Reply {
				return engine.Reply{Msg: "claims.paid_on.ask", Buttons: dayButtons()}
			},
			Accept: engine.Of(engine.KindButton, engine.KindText), Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if in.Kind == engine.KindButton && in.Value == valueCancel {
					return cancelled(s)
				}
				event := parseStored(s.Answer(keyStageEvent))
				d, err := pickedDay(in, now, func(d time.Time) error { return domain.CheckPaidDate(d, event, now) })
				if err != nil {
					return inputError(err)
				}
				s.Set(keyPaidOn, date(d))
				return engine.Goto(stepStageConfirm)
			},
		},
		staffPickStep(stepClaimRefusal, "claims.refusal.ask", "claims.refusal.", domain.ClaimRefusalReasons,
			func(s *engine.Session, code string) engine.Outcome {
				s.Set(keyWhy, code)
				return engine.Goto(stepStageConfirm)
			},
			func(s *engine.Session, text string, now time.Time) engine.Outcome {
				reason, err := typedReason(text)
				if err != nil {
					return inputError(err)
				}
				s.Set(keyWhy, reason)
				return engine.Goto(stepStageConfirm)
			}),
		{
			ID:        stepStageConfirm,
			Ask:       confirmReply,
			Accept:    engine.Of(engine.KindButton),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if in.Value != valueYes {
					return cancelled(s)
				}
				e := pendingMove(s)
				if e.ID == 0 || !e.Stage.Valid() {
					clearStaff(s)
					return staffDone(s, engine.Say("staff.rep.not_found", nil))
				}
				e.At = now
				clearStaff(s)
				return engine.Outcome{Effects: []engine.Effect{e}, Next: stepStaffWait}
			},
		},
		{
			ID: stepStageUndo, Anytime: true, Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				move, err := strconv.ParseInt(in.Value, 10, 64)
				if err != nil {
					return staffDone(s, engine.Say("staff.rep.not_found", nil))
				}
				return sideTrip(s, stepStaffWait, engine.UndoReportStage{Move: move, At: now})
			},
		},
		{
			ID: stepTahap2, Anytime: true, Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				id, err := strconv.ParseInt(in.Value, 10, 64)
				if err != nil {
					return staffDone(s, engine.Say("staff.rep.not_found", nil))
				}
				startStaff(s, id)
				return engine.Goto(stepT2Outcome)
			},
		},
		staffPickStep(stepT2Outcome, "claims.t2.outcome.ask", "claims.t2.outcome.", domain.Tahap2Outcomes,
			func(s *engine.Session, code string) engine.Outcome {
				s.Set(keyT2Outcome, code)
				return engine.Goto(stepT2Date)
			}, nil),
		{
			ID: stepT2Date,
			Ask: func(*engine.Session) engine.Reply {
				return engine.Reply{Msg: "claims.t2.date.ask", Buttons: dayButtons()}
			},
			Accept: engine.Of(engine.KindButton, engine.KindText), Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if in.Kind == engine.KindButton && in.Value == valueCancel {
					return cancelled(s)
				}
				d, err := pickedDay(in, now, func(d time.Time) error { return domain.CheckEventDate(d, now) })
				if err != nil {
					return inputError(err)
				}
				e := engine.RecordTahap2{ID: staffID(s), Outcome: s.Answer(keyT2Outcome), Date: d, At: now}
				clearStaff(s)
				return engine.Outcome{Effects: []engine.Effect{e}, Next: stepStaffWait}
			},
		},
		{
			ID: stepNote, Anytime: true, Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				id, err := strconv.ParseInt(in.Value, 10, 64)
				if err != nil {
					return staffDone(s, engine.Say("staff.rep.not_found", nil))
				}
				startStaff(s, id)
				return engine.Goto(stepNoteText)
			},
		},
		staffTextStep(stepNoteText, "claims.note.ask", func(s *engine.Session, text string, now time.Time) engine.Outcome {
			note, err := domain.ParseFreeText(text, 3, domain.NoteMaxLen)
			if err != nil {
				return inputError(err)
			}
			e := engine.AddReportNote{ID: staffID(s), Text: note}
			clearStaff(s)
			return engine.Outcome{Effects: []engine.Effect{e}, Next: stepStaffWait}
		}),
	}
}

// pendingMove is the move the staff keys describe.
func pendingMove(s *engine.Session) engine.SetReportStage {
	e := engine.SetReportStage{
		ID: staffID(s), From: domain.Stage(s.Answer(keyStageFrom)), Stage: domain.Stage(s.Answer(keyStageTo)),
	}
	switch e.Stage {
	case domain.StageRejected:
		e.Reason = s.Answer(keyWhy)
	case domain.StageFiled:
		e.Claim.Number = s.Answer(keyClaimNo)
	case domain.StageDone:
		e.Claim.Outcome = domain.ClaimOutcome(s.Answer(keyOutcome))
		if e.Claim.Outcome == domain.ClaimPaid {
			e.Claim.Amount, _ = strconv.ParseInt(s.Answer(keyAmount), 10, 64)
			e.Claim.PaidOn = parseStored(s.Answer(keyPaidOn))
		} else {
			e.Claim.Refusal = s.Answer(keyWhy)
		}
	}
	return e
}

// confirmReply asks to confirm the move, showing from → to and what the
// move records.
func confirmReply(s *engine.Session) engine.Reply {
	e := pendingMove(s)
	data := map[string]any{
		"Number": s.Answer(keyStaffNumber),
		"From":   engine.Msg("staff.stagename." + string(e.From)),
		"Stage":  engine.Msg("staff.stagename." + string(e.Stage)),
		"Claim":  e.Claim.Number, "Amount": "", "PaidOn": "", "Refusal": "", "Reason": e.Reason,
	}
	if e.Claim.Amount > 0 {
		data["Amount"], data["PaidOn"] = domain.FormatRupiah(e.Claim.Amount), e.Claim.PaidOn
	}
	if e.Claim.Refusal != "" {
		data["Refusal"] = refusalValue(e.Claim.Refusal)
	}
	return engine.Reply{Msg: "claims.confirm", Data: data, Buttons: [][]engine.Button{
		{{Msg: "claims.confirm.yes", Value: valueYes}},
		cancelButton(),
	}}
}

// refusalValue is a refusal reason as template data: a picked reason is a
// message, a typed one is shown as typed.
func refusalValue(reason string) any {
	if domain.IsRefusalReason(reason) {
		return engine.Msg("claims.refusal." + reason)
	}
	return reason
}

// claimResult shows what a claim effect answered; ok is false for other
// effects.
func claimResult(s *engine.Session, r *engine.Result) (engine.Outcome, bool) {
	switch r.Effect {
	case engine.SetReportStage{}.EffectName():
		a := engine.AnswerOf[engine.SetReportStage](r)
		data := map[string]any{"Number": a.Number, "Stage": engine.Msg("staff.stagename." + string(a.Stage))}
		switch {
		case !a.Found:
			return staffDone(s, engine.Say("staff.rep.not_found", nil)), true
		case !a.Changed:
			return staffDone(s, engine.Say("staff.rep.unchanged", data)), true
		}
		data["From"] = engine.Msg("staff.stagename." + string(a.From))
		data["Minutes"] = int(domain.StageUndoWindow / time.Minute)
		data["Until"] = domain.ClockWIB(a.UndoUntil)
		return staffDone(s, engine.Reply{Msg: "claims.staged", Data: data, Buttons: [][]engine.Button{{
			{Msg: "claims.undo", Step: stepStageUndo, Value: strconv.FormatInt(a.Move, 10)},
		}}}), true
	case engine.UndoReportStage{}.EffectName():
		a := engine.AnswerOf[engine.UndoReportStage](r)
		data := map[string]any{"Number": a.Number, "Stage": engine.Msg("staff.stagename." + string(a.Stage)),
			"Minutes": int(domain.StageUndoWindow / time.Minute)}
		switch {
		case !a.Found:
			return staffDone(s, engine.Say("staff.rep.not_found", nil)), true
		case a.Undone:
			return staffDone(s, engine.Say("claims.undo.done", data)), true
		case a.Late:
			return staffDone(s, engine.Say("claims.undo.late", data)), true
		}
		return staffDone(s, engine.Say("claims.undo.already", data)), true
	case engine.RecordTahap2{}.EffectName():
		a := engine.AnswerOf[engine.RecordTahap2](r)
		switch {
		case !a.Found:
			return staffDone(s, engine.Say("staff.rep.not_found", nil)), true
		case !a.Changed:
			return staffDone(s, engine.Say("claims.t2.not_open", map[string]any{"Number": a.Number})), true
		}
		return staffDone(s, engine.Say("claims.t2.done", map[string]any{
			"Number": a.Number, "DueDate": domain.Today(a.Due), "DueClock": domain.ClockWIB(a.Due),
		})), true
	case engine.AddReportNote{}.EffectName():
		a := engine.AnswerOf[engine.AddReportNote](r)
		if !a.Found {
			return staffDone(s, engine.Say("staff.rep.not_found", nil)), true
		}
		return staffDone(s, engine.Say("claims.note.saved", map[string]any{"Number": a.Number})), true
	}
	return engine.Outcome{}, false
}

// maxNotesShown keeps the report view short; the audit log and the
// database keep every note.
const maxNotesShown = 5

// claimView is what the report view adds about the claim: tahap I and II,
// the claim and the latest notes, as template data of claims.rep.show.
func claimView(p domain.ReportRecord) map[string]any {
	data := map[string]any{
		"Accident": p.Kind == domain.ReportJKK, "Acted": !p.ActedAt.IsZero(), "Filed": p.Stage == domain.StageFiled || p.Stage == domain.StageDone,
		"T1Due": "", "T1Clock": "", "T2": "", "T2On": "", "T2Due": "", "T2Clock": "",
		"Claim": p.Claim.Number, "Outcome": string(p.Claim.Outcome), "Amount": "", "PaidOn": "", "Refusal": "",
		"Notes": "",
	}
	if p.Kind == domain.ReportJKK {
		happened := p.DueFrom
		if happened.IsZero() {
			happened = p.CreatedAt
		}
		due := happened.Add(domain.ReportWithin)
		data["T1Due"], data["T1Clock"] = domain.Today(due), domain.ClockWIB(due)
	}
	if t := p.Tahap2; t.Recorded() {
		data["T2"], data["T2On"] = engine.Msg("claims.t2.outcome."+t.Outcome), t.On
		data["T2Due"], data["T2Clock"] = domain.Today(t.Due()), domain.ClockWIB(t.Due())
	}
	if p.Claim.Amount > 0 {
		data["Amount"], data["PaidOn"] = domain.FormatRupiah(p.Claim.Amount), p.Claim.PaidOn
	}
	if p.Claim.Refusal != "" {
		data["Refusal"] = refusalValue(p.Claim.Refusal)
	}
	// Each note is a phrase holding the notes before it, since a template
	// cannot render the dates inside a list.
	notes := p.Notes[max(len(p.Notes)-maxNotesShown, 0):]
	var chain any = ""
	for _, n := range notes {
		chain = engine.Phrase{Msg: "claims.rep.note", Data: map[string]any{
			"Prev": chain, "Date": domain.Today(n.At), "Clock": domain.ClockWIB(n.At),
			"Staff": strconv.FormatInt(n.StaffID, 10), "Text": n.Text,
		}}
	}
	data["Notes"] = chain
	return data
}

// claimButtons are the report view's buttons beyond the next stage: tahap
// II for an open accident report not yet declared, and a note at any
// stage.
func claimButtons(p domain.ReportRecord) [][]engine.Button {
	id := strconv.FormatInt(p.ID, 10)
	var out [][]engine.Button
	if p.Kind == domain.ReportJKK && p.Stage.Open() && !p.Tahap2.Recorded() {
		out = append(out, []engine.Button{{Msg: "claims.t2.button", Step: stepTahap2, Value: id}})
	}
	return append(out, []engine.Button{{Msg: "claims.note.button", Step: stepNote, Value: id}})
}
