package flows

// A worker's rights over their data (UU PDP No. 27/2022):
//
//	/dataku → privacy.show (waits) → everything held, then back where it was
//	/hapus  → privacy.erase.confirm → privacy.erase (waits) → erased, staff told

import (
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

const (
	stepPrivacyShow    = "privacy.show"
	stepEraseConfirm   = "privacy.erase.confirm"
	stepEraseSubmitted = "privacy.erase"
)

func privacyCommands() map[string]engine.Command {
	return map[string]engine.Command{
		"dataku": func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
			sideTrip(s)
			return engine.Outcome{Effects: []engine.Effect{engine.LoadMyData{}}, Next: stepPrivacyShow}
		},
		"hapus": func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
			sideTrip(s)
			return engine.Goto(stepEraseConfirm)
		},
	}
}

func privacySteps(regions *domain.Regions) []engine.Step {
	return []engine.Step{
		{
			ID:        stepPrivacyShow,
			Accept:    engine.Of(engine.KindResult),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				r := in.Result
				switch {
				case r.Err != "":
					return engine.Outcome{Say: []engine.Reply{engine.Say(r.Err, nil)}, Next: engine.Return}
				case r.Values[engine.ResultFound] == "" && len(r.Items) == 0:
					return engine.Outcome{Say: []engine.Reply{engine.Say("privacy.none", nil)}, Next: engine.Return}
				case r.Values[engine.ResultFound] == "":
					return engine.Outcome{Say: myReports(r.Items), Next: engine.Return}
				}
				v := r.Values
				n, _ := regions.Nagari(v[engine.DataNagari])
				occupation := any(engine.Msg("occupation." + v[engine.DataOccupation]))
				if other := v[engine.DataOccupationEt]; other != "" {
					occupation = other
				}
				return engine.Outcome{Say: append([]engine.Reply{engine.Say("privacy.show", map[string]any{
					"Number":       v[engine.ResultNumber],
					"Status":       engine.Msg("status." + v[engine.ResultStatus]),
					"NIK":          v[engine.DataNIK],
					"Name":         v[engine.DataName],
					"BirthDate":    parseStored(v[engine.DataBirthDate]),
					"Gender":       engine.Msg("gender." + v[engine.DataGender]),
					"Address":      v[engine.DataAddress],
					"Nagari":       n.Name,
					"Kecamatan":    n.KecamatanName,
					"Occupation":   occupation,
					"Phone":        v[engine.DataPhone],
					"HeirName":     v[engine.DataHeirName],
					"HeirRelation": engine.Msg("relation." + v[engine.DataHeirRelation]),
					"ConsentAt":    parseRFC3339(v[engine.DataConsentAt]),
				})}, myReports(r.Items)...), Next: engine.Return}
			},
		},
		{
			ID: stepEraseConfirm,
			Ask: func(*engine.Session) engine.Reply {
				return engine.Reply{Msg: "privacy.erase.ask", Buttons: [][]engine.Button{
					{{Msg: "privacy.erase.yes", Value: "yes"}},
					{{Msg: "privacy.erase.no", Value: "no"}},
				}}
			},
			Accept:    engine.Of(engine.KindButton),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if in.Value != "yes" {
					return engine.Outcome{Say: []engine.Reply{engine.Say("privacy.erase.kept", nil)}, Next: engine.Return}
				}
				// An unfinished form goes too: it holds the same kind of data.
				s.EndForm()
				return engine.Outcome{Effects: []engine.Effect{engine.EraseMyData{}}, Next: stepEraseSubmitted}
			},
		},
		{
			ID:        stepEraseSubmitted,
			Accept:    engine.Of(engine.KindResult),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				r := in.Result
				switch {
				case r.Err != "":
					return engine.Outcome{Say: []engine.Reply{engine.Say(r.Err, nil)}, Next: engine.Home}
				case r.Values[engine.ResultKept] != "":
					return engine.Outcome{Say: []engine.Reply{engine.Say("privacy.erase.open_claim", nil)}, Next: engine.Home}
				case r.Values[engine.ResultFound] == "":
					return engine.Outcome{Say: []engine.Reply{engine.Say("privacy.erase.nothing", nil)}, Next: engine.Home}
				}
				return engine.Outcome{Say: []engine.Reply{engine.Say("privacy.erase.done", map[string]any{
					"Number": r.Values[engine.ResultNumber],
				})}, Next: engine.Home}
			},
		},
	}
}

// myReports shows the reports held about the chat, a line each, under a
// heading; none when there are none.
func myReports(items []map[string]string) []engine.Reply {
	if len(items) == 0 {
		return nil
	}
	out := []engine.Reply{engine.Say("privacy.reports", map[string]any{"N": len(items)})}
	for _, it := range items {
		out = append(out, engine.Say("privacy.report", map[string]any{
			"Number": it["number"], "Kind": engine.Msg("staff.kind." + it["kind"]),
			"Stage": engine.Msg("staff.stagename." + it["stage"]), "Date": parseStored(it["date"]),
		}))
	}
	return out
}

// parseRFC3339 reads a stored timestamp; zero if absent.
func parseRFC3339(s string) time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return t
}
