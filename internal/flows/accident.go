package flows

// Accident report (JKK), by the worker or by someone for them, in this order:
//
//	jkk.whose          Saya sendiri | Orang lain
//	  self  → jkk.self.check (waits: is this chat a registered worker?)
//	  other → jkk.nik → jkk.nik.check (waits: is the NIK a covered worker?)
//	  not covered → jkk.uncovered (report anyway?) → jkk.kecamatan → jkk.nagari
//	                (the NIK to the nagari: personSteps, shared with deaths)
//	  Tidak tahu NIK → jkk.person.name → jkk.person.age → jkk.kecamatan → jkk.nagari
//	                (the person described instead: intake.go)
//	jkk.date           Hari ini | Kemarin | typed; not in the future, at most 5 years back
//	jkk.time           pagi/siang/sore/malam/tidak tahu, or typed "14.30"
//	jkk.place → jkk.location (optional shared location); a location shared
//	                   at jkk.place answers both
//	jkk.what → jkk.traffic (a traffic accident needs a police report)
//	jkk.injury → jkk.plkk (waits: the PLKK lists of the person's nagari and
//	                   the regency) → jkk.treatment, which first says a PLKK
//	                   treats without payment first, naming them
//	jkk.witness → .phone → .more   up to 2 witnesses, none required (witness.go)
//	jkk.photos         up to 5, one by one or as an album
//	jkk.reporter.name → .relation → .phone   (only when reporting for someone else)
//	jkk.summary        a button per field to change it, then Kirim
//	jkk.submit         (waits: written with its staff notice?)

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

const flowAccident = "jkk"

const (
	stepAccWhose      = "jkk.whose"
	stepAccSelfCheck  = "jkk.self.check"
	stepAccNIK        = "jkk.nik"
	stepAccUncovered  = "jkk.uncovered"
	stepAccDate       = "jkk.date"
	stepAccTime       = "jkk.time"
	stepAccPlace      = "jkk.place"
	stepAccLocation   = "jkk.location"
	stepAccWhat       = "jkk.what"
	stepAccTraffic    = "jkk.traffic"
	stepAccInjury     = "jkk.injury"
	stepAccPLKK       = "jkk.plkk"
	stepAccTreatment  = "jkk.treatment"
	stepAccPhotos     = "jkk.photos"
	stepAccReporter   = "jkk.reporter.name"
	stepAccSummary    = "jkk.summary"
	stepAccSubmit     = "jkk.submit"
	whoseSelf         = "self"
	whoseOther        = "other"
	accidentPrefix    = "jkk"
	accidentDocsMsgID = "jkk.documents"
)

func startAccident(s *engine.Session, now time.Time) engine.Outcome {
	if out, busy := formOpen(s); busy {
		return out
	}
	s.StartForm(flowAccident, now)
	return engine.Goto(stepAccWhose)
}

// afterAccidentPerson goes on once whose accident it is has been settled.
// Changing the person from the summary may need a reporter the form does
// not have yet (it was the worker's own before), so that is asked first.
func afterAccidentPerson(s *engine.Session) engine.Outcome {
	if s.Editing {
		if s.Answer(keyWhose) == whoseOther && s.Answer(keyReporterName) == "" {
			return engine.Goto(stepAccReporter)
		}
		s.Editing = false
		return engine.Goto(stepAccSummary)
	}
	return engine.Goto(stepAccDate)
}

func accidentSteps(regions *domain.Regions) []engine.Step {
	buttons := engine.Of(engine.KindButton)
	result := engine.Of(engine.KindResult)
	steps := []engine.Step{
		{
			ID: stepAccWhose, Flow: flowAccident,
			Ask: func(*engine.Session) engine.Reply {
				return engine.Reply{Msg: "jkk.whose.ask", Buttons: withBack(
					[]engine.Button{{Msg: "jkk.whose.self", Value: whoseSelf}},
					[]engine.Button{{Msg: "jkk.whose.other", Value: whoseOther}},
				)}
			},
			Accept: buttons,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				switch in.Value {
				case whoseSelf:
					s.Set(keyWhose, whoseSelf)
					s.Unset(keyNIK)
					forgetPerson(s)
					for _, k := range []string{keyReporterName, keyReporterRel, keyReporterPhone} {
						s.Unset(k)
					}
					return engine.Outcome{Effects: []engine.Effect{engine.LoadStatus{}}, Next: stepAccSelfCheck}
				case whoseOther:
					s.Set(keyWhose, whoseOther)
					return engine.Goto(stepAccNIK)
				}
				return engine.Fail("input.use_buttons", nil)
			},
		},
		{
			ID: stepAccSelfCheck, Flow: flowAccident,
			Accept:    result,
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				r := in.Result
				st := engine.AnswerOf[engine.LoadStatus](r)
				switch {
				case r.Err != "":
					return engine.Outcome{Say: []engine.Reply{engine.Say(r.Err, nil)}, Next: stepAccWhose}
				case !st.Found || st.Status == domain.StatusRejected:
					s.Unset(keyRegistered)
					return engine.Goto(stepAccUncovered)
				}
				return covered(s, afterAccidentPerson)
			},
		},
		dateStep(stepAccDate, flowAccident, "jkk.date.ask", domain.ParseEventDate, func(s *engine.Session) engine.Outcome {
			// The time follows, since a changed date may make it impossible.
			return engine.Goto(stepAccTime)
		}),
		{
			ID: stepAccTime, Flow: flowAccident,
			Ask: func(*engine.Session) engine.Reply {
				return engine.Reply{Msg: "jkk.time.ask", Buttons: withBack(rows(2, codeButtons("timeofday.", domain.TimesOfDay))...)}
			},
			Accept: engine.Of(engine.KindButton, engine.KindText),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				clock := in.Value
				if in.Kind == engine.KindText {
					var err error
					if clock, err = domain.ParseClock(in.Text, parseStored(s.Answer(keyDate)), now); err != nil {
						return inputError(err)
					}
				} else if !slices.Contains(domain.TimesOfDay, clock) {
					return engine.Fail("input.use_buttons", nil)
				}
				s.Set(keyClock, clock)
				return then(s, stepAccPlace)
			},
		},
		accidentPlaceStep(),
		locationStep(stepAccLocation, flowAccident, func(s *engine.Session) engine.Outcome {
			return then(s, stepAccWhat)
		}),
		textStep(stepAccWhat, flowAccident, "jkk.what.ask", keyWhat, domain.DescriptionMinLen, domain.DescriptionMaxLen, func(s *engine.Session) engine.Outcome {
			return then(s, stepAccTraffic)
		}),
		{
			ID: stepAccTraffic, Flow: flowAccident,
			Ask: func(*engine.Session) engine.Reply {
				return engine.Reply{Msg: "jkk.traffic.ask", Buttons: withBack(yesNo())}
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
				out := then(s, stepAccInjury)
				out.Say = say
				return out
			},
		},
		textStep(stepAccInjury, flowAccident, "jkk.injury.ask", keyInjury, domain.InjuryMinLen, domain.InjuryMaxLen, func(s *engine.Session) engine.Outcome {
			if s.Editing {
				return then(s, stepAccTreatment)
			}
			return engine.Outcome{Effects: []engine.Effect{engine.LoadPLKK{
				Nagari: s.Answer(keyNagari), Self: s.Answer(keyWhose) == whoseSelf && s.Answer(keyRegistered) != "",
				NIK: domain.NIK(s.Answer(keyNIK)),
			}}, Next: stepAccPLKK}
		}),
		{
			// The lists staff keep (no PLKK list for Solok was found,
			// DOMAIN.md §13); a failed lookup leaves the generic advice.
			ID: stepAccPLKK, Flow: flowAccident,
			Accept:    result,
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				a := engine.AnswerOf[engine.LoadPLKK](in.Result)
				s.Set(keyPLKK, strings.Join(domain.PLKKFor(a.Nagari, a.Regency), plkkSep))
				return engine.Goto(stepAccTreatment)
			},
		},
		{
			ID: stepAccTreatment, Flow: flowAccident,
			Ask: func(s *engine.Session) engine.Reply {
				return engine.Reply{Msg: "jkk.treatment.ask", Data: map[string]any{"PLKK": plkkPhrase(s)},
					Buttons: withBack(rows(2, codeButtons("treatment.", domain.Treatments))...)}
			},
			Accept: buttons,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if !slices.Contains(domain.Treatments, in.Value) {
					return engine.Fail("input.use_buttons", nil)
				}
				s.Set(keyTreatment, in.Value)
				return then(s, stepAccWitness)
			},
		},
		photoStep(stepAccPhotos, flowAccident, "jkk.photos.ask", domain.MaxReportPhotos, func(s *engine.Session) engine.Outcome {
			if s.Answer(keyWhose) == whoseOther {
				return then(s, stepAccReporter)
			}
			return then(s, stepAccSummary)
		}),
		accidentSummaryStep(regions),
		{
			ID: stepAccSubmit, Flow: flowAccident,
			Accept:    result,
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				r := in.Result
				if r.Err != "" {
					// The form stays whole in the session; Kirim can be pressed again.
					return engine.Outcome{Say: []engine.Reply{engine.Say("rep.submit.failed", nil)}, Next: stepAccSummary}
				}
				a := engine.AnswerOf[engine.SubmitReport](r)
				number := a.Number
				traffic := s.Answer(keyTraffic) != ""
				say := []engine.Reply{{Msg: "jkk.done", Data: map[string]any{"Number": number}}}
				say = append(say, coverSaid(a, s.Answer(keyWhose) == whoseSelf, false)...)
				say = append(say, engine.Reply{Msg: "guidance.plkk.after", Data: map[string]any{"PLKK": plkkPhrase(s)}})
				return engine.Outcome{End: true, Say: append(say,
					engine.Say(accidentDocsMsgID, map[string]any{"Traffic": traffic}),
					engine.Reply{Msg: "jkk.deadline", Buttons: morePhotoButton(number)},
				)}
			},
		},
	}
	steps = append(steps, witnessSteps()...)
	steps = append(steps, personSteps(flowAccident, accidentPrefix, personMsgs{
		nik: "jkk.nik.ask", goOn: "rep.uncovered.go_on", stopped: "rep.uncovered.stopped",
		uncovered: func(s *engine.Session) string {
			if s.Answer(keyWhose) == whoseSelf {
				return "jkk.uncovered.self"
			}
			return "jkk.uncovered.other"
		},
	}, regions, afterAccidentPerson)...)
	steps = append(steps, reporterSteps(flowAccident, accidentPrefix, "jkk.reporter.relation_ask", "reporter.", domain.ReporterRelations,
		func(s *engine.Session) engine.Outcome { return then(s, stepAccSummary) })...)
	return steps
}

// accidentEdits maps each "Ubah …" button of the summary to the step that
// asks that field again.
var accidentEdits = []summaryEdit{
	{"person", stepAccWhose},
	{"date", stepAccDate},
	{"place", stepAccPlace},
	{"what", stepAccWhat},
	{"traffic", stepAccTraffic},
	{"injury", stepAccInjury},
	{"treatment", stepAccTreatment},
	{"witnesses", stepAccWitness},
	{"photos", stepAccPhotos},
	{"reporter", stepAccReporter},
}

// accidentSummaryEdits are the summary's edits, with those of a person
// described without a NIK (intake.go).
var accidentSummaryEdits = append(slices.Clone(accidentEdits), personEditSteps(accidentPrefix)...)

func accidentSummaryStep(regions *domain.Regions) engine.Step {
	return engine.Step{
		ID: stepAccSummary, Flow: flowAccident,
		Ask: func(s *engine.Session) engine.Reply {
			var edits []engine.Button
			for _, e := range accidentEdits {
				if e.value == "reporter" && s.Answer(keyWhose) != whoseOther {
					continue
				}
				edits = append(edits, engine.Button{Msg: "rep.edit." + e.value, Value: "edit:" + e.value})
				if e.value == "person" {
					edits = append(edits, personEdits(s)...)
				}
			}
			kb := append([][]engine.Button{{{Msg: "rep.summary.submit", Value: "submit"}}}, rows(2, edits)...)
			kb = append(kb, []engine.Button{{Msg: "reg.summary.cancel", Value: "cancel"}})
			return engine.Reply{Msg: "jkk.summary.ask", Data: accidentSummaryData(s, regions), Buttons: kb}
		},
		Accept: engine.Of(engine.KindButton),
		Handle: witnessesAgain(handleSummary(accidentSummaryEdits, func(s *engine.Session, now time.Time) engine.Outcome {
			rep := accidentOf(s)
			if err := rep.Validate(now); err != nil {
				// A session from an older deploy, or a day that passed
				// the claim window while the form waited.
				return engine.Fail("rep.summary.incomplete", nil)
			}
			return engine.Outcome{
				Effects: []engine.Effect{engine.SubmitReport{Key: s.FormID, Report: rep}},
				Next:    stepAccSubmit,
			}
		})),
	}
}

// witnessesAgain wraps the summary's Handle: "Ubah saksi" asks the
// witnesses again from the first, so the old ones are dropped first.
func witnessesAgain(h func(*engine.Session, engine.Input, time.Time) engine.Outcome) func(*engine.Session, engine.Input, time.Time) engine.Outcome {
	return func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
		if in.Value == "edit:witnesses" {
			forgetWitnesses(s)
		}
		return h(s, in, now)
	}
}

// personData describes whose report it is, for a summary.
func personData(s *engine.Session, regions *domain.Regions, d map[string]any) {
	d["Self"] = s.Answer(keyWhose) == whoseSelf
	d["NIK"] = s.Answer(keyNIK)
	d["Registered"] = s.Answer(keyRegistered) != ""
	n, _ := regions.Nagari(s.Answer(keyNagari))
	d["Nagari"] = n.Name
	name, age := subjectOf(s)
	d["NoNIK"] = s.Answer(keyNoNIK) != "" && s.Answer(keyRegistered) == ""
	d["PersonName"], d["Age"] = name, ageValue(age)
}

func accidentSummaryData(s *engine.Session, regions *domain.Regions) map[string]any {
	d := map[string]any{
		"Date":      parseStored(s.Answer(keyDate)),
		"Clock":     clockText(s.Answer(keyClock)),
		"Place":     s.Answer(keyPlace),
		"Located":   s.Answer(keyLat) != "",
		"What":      s.Answer(keyWhat),
		"Traffic":   s.Answer(keyTraffic) != "",
		"Injury":    s.Answer(keyInjury),
		"Treatment": engine.Msg("treatment." + s.Answer(keyTreatment)),
		"N":         len(photosOf(s)),
		"Reporter":  s.Answer(keyReporterName),
		"Phone":     s.Answer(keyReporterPhone),
	}
	d["Relation"] = any("")
	if rel := s.Answer(keyReporterRel); rel != "" {
		d["Relation"] = engine.Msg("reporter." + rel)
	}
	personData(s, regions, d)
	accidentWitnessData(s, d)
	return d
}

// accidentPlaceStep asks where the accident happened. A worker at the scene
// may answer with a shared location rather than words: its coordinates are
// then the place (staff get a map link for them), and the optional location
// question that follows a typed place is not asked.
func accidentPlaceStep() engine.Step {
	typed := textStep(stepAccPlace, flowAccident, "jkk.place.ask", keyPlace, domain.PlaceMinLen, domain.PlaceMaxLen, func(s *engine.Session) engine.Outcome {
		return engine.Goto(stepAccLocation)
	})
	handleText := typed.Handle
	typed.Accept = engine.Of(engine.KindText, engine.KindLocation)
	typed.Handle = func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
		if in.Kind != engine.KindLocation {
			return handleText(s, in, now)
		}
		if !validCoordinates(in.Lat, in.Lon) {
			return engine.Fail("input.type_text", nil)
		}
		lat, lon := strconv.FormatFloat(in.Lat, 'f', 6, 64), strconv.FormatFloat(in.Lon, 'f', 6, 64)
		s.Set(keyLat, lat)
		s.Set(keyLon, lon)
		s.Set(keyPlace, lat+", "+lon)
		out := then(s, stepAccWhat)
		out.Say = append([]engine.Reply{engine.Say("rep.location.saved", nil)}, out.Say...)
		return out
	}
	return typed
}

// clockText shows a stored time the one way every message writes a time,
// "pukul 14.30 WIB", and a part of the day as it reads mid-line ("pagi").
func clockText(clock string) any {
	if slices.Contains(domain.TimesOfDay, clock) {
		return engine.Msg("clock.part." + clock)
	}
	if t, err := time.Parse("15:04", clock); err == nil {
		return engine.Phrase{Msg: "clock.at", Data: map[string]any{"Clock": t.Format("15.04")}}
	}
	return clock
}

// accidentOf assembles the report from the answers.
func accidentOf(s *engine.Session) domain.Report {
	lat, lon := coordinates(s)
	r := domain.Report{
		Kind:        domain.ReportJKK,
		ForSelf:     s.Answer(keyWhose) == whoseSelf,
		SubjectNIK:  domain.NIK(s.Answer(keyNIK)),
		Registered:  s.Answer(keyRegistered) != "",
		NagariCode:  s.Answer(keyNagari),
		Date:        parseStored(s.Answer(keyDate)),
		Clock:       s.Answer(keyClock),
		Place:       s.Answer(keyPlace),
		Lat:         lat,
		Lon:         lon,
		Description: s.Answer(keyWhat),
		Traffic:     s.Answer(keyTraffic) != "",
		Injury:      s.Answer(keyInjury),
		Treatment:   s.Answer(keyTreatment),
		Photos:      photosOf(s),
		Witnesses:   witnessesOf(s),
	}
	r.NoWitnesses = len(r.Witnesses) == 0 && s.Answer(keyWitnessState) == witnessNone
	if !r.ForSelf {
		r.SubjectName, r.SubjectAge = subjectOf(s)
		r.ReporterName = s.Answer(keyReporterName)
		r.ReporterRelation = s.Answer(keyReporterRel)
		r.ReporterPhone = domain.Phone(s.Answer(keyReporterPhone))
	}
	return r
}

// plkkSep separates the facilities kept in keyPLKK: a name is one typed
// line, so it holds no newline.
const plkkSep = "\n"

// plkkPhrase is the advice to be treated at a PLKK without paying first
// (DOMAIN.md §13), naming the facilities staff listed for the person's
// nagari and the regency, or in general words when they listed none.
func plkkPhrase(s *engine.Session) engine.Phrase {
	var list []string
	if v := s.Answer(keyPLKK); v != "" {
		list = strings.Split(v, plkkSep)
	}
	return engine.Phrase{Msg: "guidance.plkk", Data: map[string]any{"List": list, "Any": len(list) > 0}}
}
