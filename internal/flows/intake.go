package flows

// Reporting without a NIK (issue #15): a neighbour or family member who
// does not know the person's NIK presses "Tidak tahu NIK" at the NIK
// question of an accident reported for someone else or of a death, and
// describes the person instead (personSteps in reports.go):
//
//	prefix.person.name  the person's full name, as on the KTP
//	prefix.person.age   a range button, or typed ("sekitar 50", "50an", "50 th")
//	prefix.kecamatan → prefix.nagari, then the report goes on as for a
//	                    person not registered
//
// The summary shows the three and changes each. The nagari's officer then
// links the report to the person's registration, or records that the
// person is not a member:
//
//	staff.link (Anytime, on the notice and the report) <id>
//	  → staff.link.load (waits: LoadReport; a linked report is refused here)
//	  → staff.link.nik (the NIK, typed) → staff.wait (LinkReport)
//	staff.notmember (Anytime) <id> → staff.wait (MarkNotMember)

import (
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/notice"
)

const (
	valueNoNIK     = "no_nik"
	stepLinkReport = notice.StepLinkReport
	stepLinkLoad   = "staff.link.load"
	stepLinkNIK    = "staff.link.nik"
	stepNotMember  = notice.StepNotMember
)

// Answer keys of a person described without a NIK.
const (
	keyNoNIK       = "no_nik"
	keySubjectName = "subj_name"
	keySubjectAge  = "subj_age"
	// keyPersonChain is set while the person's questions are asked one
	// after the other (from "Tidak tahu NIK" or "Tetap laporkan"), so that
	// a change from the summary does not cut the chain short before the
	// nagari; it is unset once the nagari is known.
	keyPersonChain = "subj_chain"
)

// forgetPerson drops a described person: a NIK was typed, or the person
// is the chat's own worker.
func forgetPerson(s *engine.Session) {
	for _, k := range []string{keyNoNIK, keySubjectName, keySubjectAge, keyPersonChain} {
		s.Unset(k)
	}
}

// personDescriptionSteps ask the name and approximate age of a person
// without a NIK (the age only then), and go on to kecID.
func personDescriptionSteps(flow, nameID, ageID, kecID string) []engine.Step {
	// next goes on along the chain, or back to the summary after a change.
	next := func(s *engine.Session, step string) engine.Outcome {
		if s.Answer(keyPersonChain) != "" {
			return engine.Goto(step)
		}
		return then(s, step)
	}
	ageButtons := make([]engine.Button, len(domain.AgeRanges))
	for i, a := range domain.AgeRanges {
		ageButtons[i] = engine.Button{Msg: "intake.age." + string(a), Value: string(a)}
	}
	return []engine.Step{
		{
			ID: nameID, Flow: flow,
			Ask: func(s *engine.Session) engine.Reply {
				return engine.Reply{Msg: "intake.name.ask", Data: map[string]any{"Death": flow == flowDeath}, Buttons: withBack()}
			},
			Accept: engine.Of(engine.KindText),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				name, err := domain.ParseName(in.Text)
				if err != nil {
					return inputError(err)
				}
				s.Set(keySubjectName, name)
				if s.Answer(keyNoNIK) != "" {
					return next(s, ageID)
				}
				return next(s, kecID)
			},
		},
		{
			ID: ageID, Flow: flow,
			Ask: func(s *engine.Session) engine.Reply {
				return engine.Reply{
					Msg: "intake.age.ask", Data: map[string]any{"Death": flow == flowDeath, "Name": s.Answer(keySubjectName)},
					Buttons: withBack(rows(2, ageButtons)...),
				}
			},
			Accept: engine.Of(engine.KindButton, engine.KindText),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				age := domain.ApproxAge(in.Value)
				if in.Kind == engine.KindText {
					var err error
					if age, err = domain.ParseApproxAge(in.Text); err != nil {
						return inputError(err)
					}
				} else if !age.Valid() || age.Years() != 0 {
					return engine.Fail("input.use_buttons", nil)
				}
				s.Set(keySubjectAge, string(age))
				return next(s, kecID)
			},
		},
	}
}

// subjectOf is the described person of a report about someone else: the
// name and age without a NIK, the name alone for a NIK nobody registered.
func subjectOf(s *engine.Session) (string, domain.ApproxAge) {
	if s.Answer(keyRegistered) != "" {
		return "", ""
	}
	if s.Answer(keyNoNIK) != "" {
		return s.Answer(keySubjectName), domain.ApproxAge(s.Answer(keySubjectAge))
	}
	return s.Answer(keySubjectName), ""
}

// ageValue shows an approximate age: "sekitar 52 tahun", or its range.
func ageValue(a domain.ApproxAge) any {
	if n := a.Years(); n > 0 {
		return engine.Phrase{Msg: "intake.age.about", Data: map[string]any{"Years": n}}
	}
	if a == "" {
		return ""
	}
	return engine.Msg("intake.age.label." + string(a))
}

// personEdits are the summary's buttons that change a described person:
// the name when there is one, the age without a NIK, the nagari of anyone
// not registered. step names each field's step under the form's prefix.
func personEdits(s *engine.Session) []engine.Button {
	var bs []engine.Button
	if s.Answer(keyRegistered) != "" {
		return nil
	}
	name, age := subjectOf(s)
	if name != "" {
		bs = append(bs, engine.Button{Msg: "rep.edit.person_name", Value: "edit:person_name"})
	}
	if age != "" {
		bs = append(bs, engine.Button{Msg: "rep.edit.person_age", Value: "edit:person_age"})
	}
	if s.Answer(keyNagari) != "" {
		bs = append(bs, engine.Button{Msg: "rep.edit.person_nagari", Value: "edit:person_nagari"})
	}
	return bs
}

// personEditSteps maps personEdits to the steps of the form with prefix.
func personEditSteps(prefix string) []summaryEdit {
	return []summaryEdit{
		{"person_name", prefix + ".person.name"},
		{"person_age", prefix + ".person.age"},
		{"person_nagari", prefix + ".kecamatan"},
	}
}

// intakeStaffSteps are the officer's steps that link a report to a
// registration, or record that its person is not a member.
func intakeStaffSteps() []engine.Step {
	return []engine.Step{
		{
			ID: stepLinkReport, Anytime: true, Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				id, err := notice.ParseRecord(in.Value)
				if err != nil {
					return staffDone(s, engine.Say("staff.rep.not_found", nil))
				}
				startStaff(s, id)
				return engine.Outcome{Effects: []engine.Effect{engine.LoadReport{ID: id}}, Next: stepLinkLoad}
			},
		},
		{
			// The report as it stands now: the button may be old, and a
			// report linked since is not asked about again.
			ID: stepLinkLoad, Accept: engine.Of(engine.KindResult), Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				r := in.Result
				if r.Err != "" {
					clearStaff(s)
					return staffDone(s, engine.Say(r.Err, nil))
				}
				a := engine.AnswerOf[engine.LoadReport](r)
				switch {
				case !a.Found:
					clearStaff(s)
					return staffDone(s, engine.Say("staff.rep.not_found", nil))
				case a.Report.Registered:
					clearStaff(s)
					return staffDone(s, engine.Say("intake.link.already", map[string]any{"Number": a.Report.Number}))
				}
				s.Set(keyStaffNumber, a.Report.Number)
				return engine.Goto(stepLinkNIK)
			},
		},
		{
			ID: stepLinkNIK,
			Ask: func(s *engine.Session) engine.Reply {
				return engine.Reply{Msg: "intake.link.ask", Data: map[string]any{"Number": s.Answer(keyStaffNumber)},
					Buttons: [][]engine.Button{cancelButton()}}
			},
			Accept:    engine.Of(engine.KindButton, engine.KindText),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if in.Kind == engine.KindButton {
					return cancelled(s)
				}
				nik, err := domain.ParseNIK(in.Text, now)
				if err != nil {
					return inputError(err)
				}
				e := engine.LinkReport{ID: staffID(s), NIK: nik}
				clearStaff(s)
				return engine.Outcome{Effects: []engine.Effect{e}, Next: stepStaffWait}
			},
		},
		{
			ID: stepNotMember, Anytime: true, Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				id, err := notice.ParseRecord(in.Value)
				if err != nil {
					return staffDone(s, engine.Say("staff.rep.not_found", nil))
				}
				clearStaff(s)
				if staffMiniSteps[s.Return] {
					s.Return = ""
				}
				return engine.Outcome{Effects: []engine.Effect{engine.MarkNotMember{ID: id}}, Next: stepStaffWait}
			},
		},
	}
}

// intakeResult shows what LinkReport and MarkNotMember answered; ok is
// false for other effects.
func intakeResult(s *engine.Session, r *engine.Result) (engine.Outcome, bool) {
	switch r.Effect {
	case engine.LinkReport{}.EffectName():
		a := engine.AnswerOf[engine.LinkReport](r)
		data := map[string]any{"Number": a.Number}
		switch {
		case !a.Found:
			return staffDone(s, engine.Say("staff.rep.not_found", nil)), true
		case a.Already:
			return staffDone(s, engine.Say("intake.link.already", data)), true
		case !a.Linked:
			return staffDone(s, engine.Say("intake.link.none", data)), true
		}
		data["Name"], data["Cover"] = a.WorkerName, engine.Msg("report.cover."+string(a.Cover))
		return staffDone(s, engine.Reply{Msg: "intake.link.done", Data: data,
			Buttons: [][]engine.Button{{{Msg: "notify.open_report", Step: stepStaffRep, Value: notice.RecordValue(a.ID)}}}}), true
	case engine.MarkNotMember{}.EffectName():
		a := engine.AnswerOf[engine.MarkNotMember](r)
		data := map[string]any{"Number": a.Number}
		switch {
		case !a.Found:
			return staffDone(s, engine.Say("staff.rep.not_found", nil)), true
		case a.Linked:
			return staffDone(s, engine.Say("intake.link.already", data)), true
		case !a.Changed:
			return staffDone(s, engine.Say("intake.notmember.already", data)), true
		}
		return staffDone(s, engine.Say("intake.notmember.done", data)), true
	}
	return engine.Outcome{}, false
}

// intakeView adds to a staff report view's data what is known of a person
// without a registration: "NIK belum diketahui" with the name, age and
// nagari the reporter gave, and whether an officer recorded that the
// person is not a member.
func intakeView(p domain.ReportRecord, data map[string]any) {
	data["Described"] = ""
	if p.Registered || (p.SubjectName == "" && p.SubjectNIK != "") {
		data["NotMember"] = p.NotMember
		return
	}
	data["Described"] = engine.Phrase{Msg: "intake.rep.person", Data: map[string]any{
		"NoNIK": p.SubjectNIK == "", "NIK": string(p.SubjectNIK), "Name": p.SubjectName, "Age": ageValue(p.SubjectAge), "Nagari": p.NagariName,
		"Death": p.Death,
	}}
	data["NotMember"] = p.NotMember
	if p.SubjectNIK == "" {
		// "Tidak terdaftar" would say more than is known: nobody was
		// looked up.
		data["Cover"] = ""
	}
}

// intakeButtons are the report view's buttons for a report without a
// registration: link it, or record the person is not a member (once).
func intakeButtons(p domain.ReportRecord) [][]engine.Button {
	if p.Registered {
		return nil
	}
	id := notice.RecordValue(p.ID)
	out := [][]engine.Button{{{Msg: "intake.link.button", Step: stepLinkReport, Value: id}}}
	if !p.NotMember {
		out = append(out, []engine.Button{{Msg: "intake.notmember.button", Step: stepNotMember, Value: id}})
	}
	return out
}
