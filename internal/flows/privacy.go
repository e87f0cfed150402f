package flows

// A worker's rights over their data (UU PDP No. 27/2022):
//
//	/dataku → privacy.show (waits) → everything held, then back where it was;
//	          a chat receiving several people's notices first picks whose
//	          (people.pick → privacy.show.one)
//	/hapus  → privacy.erase.load (waits: whose? any open claim?) →
//	          privacy.erase.confirm (what is erased, what is kept and why) →
//	          privacy.erase (waits) → erased, staff told; several people:
//	          picked first (people.pick), then loaded again for that one.
//	          A report about the registration that staff still act on
//	          stops it before the question, naming the report.

import (
	"strings"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

const (
	stepPrivacyShow    = "privacy.show"
	stepPrivacyShowOne = "privacy.show.one"
	stepEraseLoad      = "privacy.erase.load"
	stepEraseConfirm   = "privacy.erase.confirm"
	stepEraseSubmitted = "privacy.erase"
)

func privacyCommands() map[string]engine.Command {
	return map[string]engine.Command{
		"dataku": func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
			return sideTrip(s, stepPrivacyShow, engine.LoadMyData{})
		},
		"hapus": func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
			s.Unset(keyEraseOf) // a picker left unanswered earlier
			return sideTrip(s, stepEraseLoad, engine.LoadMyData{})
		},
	}
}

func privacySteps(regions *domain.Regions) []engine.Step {
	return []engine.Step{
		{
			ID:        stepPrivacyShow,
			Accept:    engine.Of(engine.KindResult),
			Transient: true,
			Handle:    showMyData(regions, true),
		},
		{
			ID:        stepPrivacyShowOne,
			Accept:    engine.Of(engine.KindResult),
			Transient: true,
			Handle:    showMyData(regions, false),
		},
		{
			ID:        stepEraseLoad,
			Accept:    engine.Of(engine.KindResult),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				r := in.Result
				my := engine.AnswerOf[engine.LoadMyData](r)
				switch {
				case r.Err != "":
					return engine.Outcome{Say: []engine.Reply{engine.Say(r.Err, nil)}, Next: engine.Return}
				case len(my.People) > 1 && s.Answer(keyEraseOf) == "":
					return staffDone(s, peoplePicker("household.pick.erase", "erase", my.People)) // the picker is the question
				case len(my.OpenClaims) > 0:
					// Erase would keep everything (a claim needs the
					// record), so the worker hears it now, not after
					// confirming.
					s.Unset(keyEraseOf)
					return engine.Outcome{Say: []engine.Reply{engine.Say("guidance.erase.open_claim", map[string]any{
						"Numbers": claimNumbers(my.OpenClaims),
					})}, Next: engine.Return}
				}
				return engine.Goto(stepEraseConfirm)
			},
		},
		{
			ID: stepEraseConfirm,
			Ask: func(s *engine.Session) engine.Reply {
				msg, data := "privacy.erase.ask", map[string]any(nil)
				if n := s.Answer(keyEraseOf); n != "" {
					msg, data = "household.erase.ask", map[string]any{"Number": n}
				}
				return engine.Reply{Msg: msg, Data: data, Buttons: [][]engine.Button{
					{{Msg: "privacy.erase.yes", Value: "yes"}},
					{{Msg: "privacy.erase.no", Value: "no"}},
				}}
			},
			Accept:    engine.Of(engine.KindButton),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				number := s.Answer(keyEraseOf)
				s.Unset(keyEraseOf)
				if in.Value != "yes" {
					return engine.Outcome{Say: []engine.Reply{engine.Say("privacy.erase.kept", nil)}, Next: engine.Return}
				}
				// An unfinished form goes too: it holds the same kind of data.
				s.EndForm()
				return engine.Outcome{Effects: []engine.Effect{engine.EraseMyData{Number: number}}, Next: stepEraseSubmitted}
			},
		},
		{
			ID:        stepEraseSubmitted,
			Accept:    engine.Of(engine.KindResult),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				r := in.Result
				a := engine.AnswerOf[engine.EraseMyData](r)
				switch {
				case r.Err != "":
					return engine.Outcome{Say: []engine.Reply{engine.Say(r.Err, nil)}, Next: engine.Home}
				case len(a.Choose) > 0:
					return engine.Outcome{Say: []engine.Reply{peoplePicker("household.pick.erase", "erase", a.Choose)}, Next: engine.Home}
				case a.Kept:
					return engine.Outcome{Say: []engine.Reply{engine.Say("privacy.erase.open_claim", nil)}, Next: engine.Home}
				case !a.Found:
					return engine.Outcome{Say: []engine.Reply{engine.Say("privacy.erase.nothing", nil)}, Next: engine.Home}
				}
				return engine.Outcome{Say: []engine.Reply{engine.Say("privacy.erase.done", map[string]any{
					"Number": a.Number,
				})}, Next: engine.Home}
			},
		},
	}
}

// claimNumbers lists reports' numbers as one line: "JKK-2026-000001,
// JKM-2026-000002".
func claimNumbers(reports []domain.ReportSummary) string {
	numbers := make([]string, len(reports))
	for i, p := range reports {
		numbers[i] = p.Number
	}
	return strings.Join(numbers, ", ")
}

// showMyData shows everything held about the registration LoadMyData
// found, and the chat's reports; with pick, a chat receiving several
// people's notices is first asked whose.
func showMyData(regions *domain.Regions, pick bool) func(*engine.Session, engine.Input, time.Time) engine.Outcome {
	return func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
		r := in.Result
		my := engine.AnswerOf[engine.LoadMyData](r)
		switch {
		case r.Err != "":
			return engine.Outcome{Say: []engine.Reply{engine.Say(r.Err, nil)}, Next: engine.Return}
		case pick && len(my.People) > 1:
			return staffDone(s, peoplePicker("household.pick.show", "show", my.People)) // the picker is the question
		case !my.Found && len(my.Reports) == 0:
			return engine.Outcome{Say: []engine.Reply{engine.Say("privacy.none", nil)}, Next: engine.Return}
		case !my.Found:
			return engine.Outcome{Say: myReports(my.Reports), Next: engine.Return}
		}
		reg := my.Registration
		n, _ := regions.Nagari(reg.NagariCode)
		data := registrationData(reg.Registration, n.Name, n.KecamatanName)
		data["Number"] = reg.Number
		data["Status"] = engine.Msg("status." + string(reg.Status))
		data["ConsentAt"] = reg.ConsentAt.UTC()
		return engine.Outcome{Say: append([]engine.Reply{engine.Say("privacy.show", data)}, myReports(my.Reports)...), Next: engine.Return}
	}
}

// myReports shows the reports held about the chat, a line each, under a
// heading; none when there are none.
func myReports(reports []domain.ReportSummary) []engine.Reply {
	if len(reports) == 0 {
		return nil
	}
	out := []engine.Reply{engine.Say("privacy.reports", map[string]any{"N": len(reports)})}
	for _, p := range reports {
		out = append(out, engine.Say("privacy.report", map[string]any{
			"Number": p.Number, "Kind": engine.Msg("staff.kind." + string(p.Kind)),
			"Stage": engine.Msg("staff.stagename." + string(p.Stage)), "Date": p.Date, "Death": p.Death,
		}))
	}
	return out
}
