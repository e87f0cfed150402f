package flows

// Death report (JKM, or JKK when a work accident caused the death), by an
// heir or family member, in this order:
//
//	jkm.nik            condolences, then the deceased's NIK
//	jkm.nik.check      (waits: a covered worker?)
//	  not covered → jkm.uncovered (inform the nagari anyway?) → jkm.person.name
//	                → jkm.kecamatan → jkm.nagari
//	                (the NIK to the nagari: personSteps, shared with accidents)
//	  Tidak tahu NIK → jkm.person.name → jkm.person.age → jkm.kecamatan → jkm.nagari
//	                (the deceased described instead: intake.go)
//	jkm.date           Hari ini | Kemarin | typed; not in the future, at most
//	                   DeathDateMaxYears back (a typo bound: JKM has no claim limit)
//	jkm.place
//	jkm.cause          work accident (→ jkm.traffic) | died suddenly while
//	                   working (JKK too) | illness | other
//	jkm.reporter.name → .relation (in the legal order of ahli waris) → .phone
//	jkm.photos         optional: death certificate or wali nagari letter, KK, heir's KTP
//	jkm.summary        a button per field to change it, then Kirim
//	jkm.submit         (waits)

import (
	"slices"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

const flowDeath = "jkm"

const (
	stepDeathNIK      = "jkm.nik"
	stepDeathDate     = "jkm.date"
	stepDeathPlace    = "jkm.place"
	stepDeathCause    = "jkm.cause"
	stepDeathTraffic  = "jkm.traffic"
	stepDeathReporter = "jkm.reporter.name"
	stepDeathPhotos   = "jkm.photos"
	stepDeathSummary  = "jkm.summary"
	stepDeathSubmit   = "jkm.submit"
	deathPrefix       = "jkm"
)

// deathRelations are who may report a death: the ahli waris in their legal
// order, then other family.
var deathRelations = append(slices.Clone(domain.HeirRelations), domain.HeirRelationOther)

func startDeath(s *engine.Session, now time.Time) engine.Outcome {
	if out, busy := formOpen(s); busy {
		return out
	}
	s.StartForm(flowDeath, now)
	return engine.Outcome{Say: []engine.Reply{engine.Say("jkm.intro", nil)}, Next: stepDeathNIK}
}

func afterDeathPerson(s *engine.Session) engine.Outcome {
	return then(s, stepDeathDate)
}

func deathSteps(regions *domain.Regions) []engine.Step {
	buttons := engine.Of(engine.KindButton)
	result := engine.Of(engine.KindResult)
	steps := []engine.Step{
		dateStep(stepDeathDate, flowDeath, "jkm.date.ask", domain.ParseDeathDate, func(s *engine.Session) engine.Outcome {
			return then(s, stepDeathPlace)
		}),
		textStep(stepDeathPlace, flowDeath, "jkm.place.ask", keyPlace, domain.PlaceMinLen, domain.PlaceMaxLen, func(s *engine.Session) engine.Outcome {
			return then(s, stepDeathCause)
		}),
		{
			ID: stepDeathCause, Flow: flowDeath,
			Ask: func(*engine.Session) engine.Reply {
				return engine.Reply{Msg: "jkm.cause.ask", Buttons: withBack(rows(1, codeButtons("cause.", domain.DeathCauses))...)}
			},
			Accept: buttons,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if !slices.Contains(domain.DeathCauses, in.Value) {
					return engine.Fail("input.use_buttons", nil)
				}
				s.Set(keyCause, in.Value)
				if in.Value == domain.CauseWorkAccident {
					return engine.Outcome{Say: []engine.Reply{engine.Say("jkm.cause.work_accident", nil)}, Next: stepDeathTraffic}
				}
				s.Unset(keyTraffic)
				out := then(s, stepDeathReporter)
				if in.Value == domain.CauseSuddenAtWork {
					// Meninggal mendadak saat bekerja is JKK for BPU
					// (Permenaker 5/2021 Pasal 7): said now, so the family
					// knows why the officer files it as JKK.
					out.Say = append([]engine.Reply{engine.Say("guidance.death.sudden_at_work", nil)}, out.Say...)
				}
				return out
			},
		},
		{
			ID: stepDeathTraffic, Flow: flowDeath,
			Ask: func(*engine.Session) engine.Reply {
				return engine.Reply{Msg: "jkm.traffic.ask", Buttons: withBack(yesNo())}
			},
			Accept: buttons,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				var say []engine.Reply
				switch in.Value {
				case "yes":
					s.Set(keyTraffic, "1")
					say = append(say, engine.Say("rep.traffic.police", nil))
				case "no":
					s.Unset(keyTraffic)
				default:
					return engine.Fail("input.use_buttons", nil)
				}
				out := then(s, stepDeathReporter)
				out.Say = say
				return out
			},
		},
		photoStep(stepDeathPhotos, flowDeath, "jkm.photos.ask", domain.MaxReportPhotos, func(s *engine.Session) engine.Outcome {
			return then(s, stepDeathSummary)
		}),
		deathSummaryStep(regions),
		{
			ID: stepDeathSubmit, Flow: flowDeath,
			Accept:    result,
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				r := in.Result
				if r.Err != "" {
					return engine.Outcome{Say: []engine.Reply{engine.Say("rep.submit.failed", nil)}, Next: stepDeathSummary}
				}
				a := engine.AnswerOf[engine.SubmitReport](r)
				number := a.Number
				say := []engine.Reply{{Msg: "jkm.done", Data: map[string]any{"Number": number}}}
				say = append(say, coverSaid(a, false, true)...)
				return engine.Outcome{End: true, Say: append(say,
					engine.Say("jkm.documents", map[string]any{
						"Relation": s.Answer(keyReporterRel),
						"JKK":      domain.JKKCause(s.Answer(keyCause)),
						"Traffic":  s.Answer(keyTraffic) != "",
					}),
					engine.Reply{Msg: "jkm.next", Buttons: morePhotoButton(number)},
				)}
			},
		},
	}
	steps = append(steps, personSteps(flowDeath, deathPrefix, personMsgs{
		nik: "jkm.nik.ask", goOn: "jkm.uncovered.go_on", stopped: "jkm.uncovered.stopped",
		uncovered:     func(*engine.Session) string { return "jkm.uncovered.ask" },
		nameUncovered: true,
	}, regions, afterDeathPerson)...)
	steps = append(steps, reporterSteps(flowDeath, deathPrefix, "jkm.reporter.relation_ask", "relation.", deathRelations,
		func(s *engine.Session) engine.Outcome { return then(s, stepDeathPhotos) })...)
	return steps
}

var deathEdits = []summaryEdit{
	{"nik", stepDeathNIK},
	{"date", stepDeathDate},
	{"place", stepDeathPlace},
	{"cause", stepDeathCause},
	{"reporter", stepDeathReporter},
	{"photos", stepDeathPhotos},
}

// deathSummaryEdits are the summary's edits, with those of a person
// described without a NIK or not registered (intake.go).
var deathSummaryEdits = append(slices.Clone(deathEdits), personEditSteps(deathPrefix)...)

func deathSummaryStep(regions *domain.Regions) engine.Step {
	keyboard := func(s *engine.Session) [][]engine.Button {
		var edits []engine.Button
		for _, e := range deathEdits {
			edits = append(edits, engine.Button{Msg: "rep.edit." + e.value, Value: "edit:" + e.value})
			if e.value == "nik" {
				edits = append(edits, personEdits(s)...)
			}
		}
		kb := append([][]engine.Button{{{Msg: "rep.summary.submit", Value: "submit"}}}, rows(2, edits)...)
		return append(kb, []engine.Button{{Msg: "reg.summary.cancel", Value: "cancel"}})
	}
	return engine.Step{
		ID: stepDeathSummary, Flow: flowDeath,
		Ask: func(s *engine.Session) engine.Reply {
			d := map[string]any{
				"Date":     parseStored(s.Answer(keyDate)),
				"Place":    s.Answer(keyPlace),
				"Cause":    engine.Msg("cause.short." + s.Answer(keyCause)),
				"Traffic":  s.Answer(keyTraffic) != "",
				"Reporter": s.Answer(keyReporterName),
				"Relation": engine.Msg("relation." + s.Answer(keyReporterRel)),
				"Phone":    s.Answer(keyReporterPhone),
				"N":        len(photosOf(s)),
			}
			personData(s, regions, d)
			return engine.Reply{Msg: "jkm.summary.ask", Data: d, Buttons: keyboard(s)}
		},
		Accept: engine.Of(engine.KindButton),
		Handle: handleSummary(deathSummaryEdits, func(s *engine.Session, now time.Time) engine.Outcome {
			rep := deathOf(s)
			if err := rep.Validate(now); err != nil {
				return engine.Fail("rep.summary.incomplete", nil)
			}
			return engine.Outcome{
				Effects: []engine.Effect{engine.SubmitReport{Key: s.FormID, Report: rep}},
				Next:    stepDeathSubmit,
			}
		}),
	}
}

// deathOf assembles the report from the answers. A work-accident death,
// or a sudden death while working, is a JKK case (domain.JKKCause).
func deathOf(s *engine.Session) domain.Report {
	kind := domain.ReportJKM
	if domain.JKKCause(s.Answer(keyCause)) {
		kind = domain.ReportJKK
	}
	name, age := subjectOf(s)
	return domain.Report{
		Kind:             kind,
		Death:            true,
		SubjectName:      name,
		SubjectAge:       age,
		SubjectNIK:       domain.NIK(s.Answer(keyNIK)),
		Registered:       s.Answer(keyRegistered) != "",
		NagariCode:       s.Answer(keyNagari),
		Date:             parseStored(s.Answer(keyDate)),
		Place:            s.Answer(keyPlace),
		Traffic:          s.Answer(keyTraffic) != "",
		Cause:            s.Answer(keyCause),
		Photos:           photosOf(s),
		ReporterName:     s.Answer(keyReporterName),
		ReporterRelation: s.Answer(keyReporterRel),
		ReporterPhone:    domain.Phone(s.Answer(keyReporterPhone)),
	}
}
