package flows

// /plkk: the PLKK lists staff keep (DOMAIN.md §13: a PLKK treats a covered
// worker without payment first; no list for Solok was found). A regency
// admin sets the regency's list, a nagari officer a short list for their
// nagari; the accident report names the nagari's first, then the
// regency's.
//
//	/plkk → plkk.wait (the lists the chat may set, as they are) →
//	    plkk.pick: a button per list (Ubah …) | Selesai →
//	    plkk.type: one facility per line, "-" empties it | Batal →
//	    plkk.wait → saved, the list shown back
//
// The store decides who may set which list: the buttons only spare the
// officer a refusal.

import (
	"slices"
	"strings"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

const (
	stepPLKKWait = "plkk.wait"
	stepPLKKPick = "plkk.pick"
	stepPLKKType = "plkk.type"
)

// Answer keys of /plkk: the lists the chat may set ("regency" and nagari
// codes, comma-separated), and the one being typed.
const (
	keyPLKKScopes = "plkk_scopes"
	keyPLKKOf     = "plkk_of"
	keyPLKKName   = "plkk_name" // the nagari's name, for the messages
)

// plkkRegency is the value of the regency's list among the scopes.
const plkkRegency = "regency"

func forgetPLKK(s *engine.Session) {
	for _, k := range []string{keyPLKKScopes, keyPLKKOf, keyPLKKName} {
		s.Unset(k)
	}
}

func plkkCommands() map[string]engine.Command {
	return map[string]engine.Command{"plkk": cmdPLKK}
}

func cmdPLKK(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
	forgetPLKK(s)
	return sideTrip(s, stepPLKKWait, engine.LoadPLKKScope{})
}

func plkkSteps() []engine.Step {
	cancel := []engine.Button{{Msg: "guidance.plkk.cancel", Value: "cancel"}}
	return []engine.Step{
		{
			ID:        stepPLKKWait,
			Accept:    engine.Of(engine.KindResult),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				return plkkResult(s, in.Result)
			},
		},
		{
			ID: stepPLKKPick,
			Ask: func(s *engine.Session) engine.Reply {
				var bs [][]engine.Button
				for _, scope := range strings.Split(s.Answer(keyPLKKScopes), ",") {
					b := engine.Button{Msg: "guidance.plkk.edit_regency", Value: scope}
					if scope != plkkRegency {
						b = engine.Button{Msg: "guidance.plkk.edit_nagari", Data: map[string]any{"Nagari": nagariNameOf(s, scope)}, Value: scope}
					}
					bs = append(bs, []engine.Button{b})
				}
				return engine.Reply{Msg: "guidance.plkk.pick", Buttons: append(bs, []engine.Button{{Msg: "guidance.plkk.done", Value: "cancel"}})}
			},
			Accept:    engine.Of(engine.KindButton),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if in.Value == "cancel" {
					forgetPLKK(s)
					return staffDone(s)
				}
				if !slices.Contains(strings.Split(s.Answer(keyPLKKScopes), ","), in.Value) {
					return engine.Fail("input.use_buttons", nil)
				}
				s.Set(keyPLKKOf, in.Value)
				return engine.Goto(stepPLKKType)
			},
		},
		{
			ID: stepPLKKType,
			Ask: func(s *engine.Session) engine.Reply {
				return engine.Reply{Msg: "guidance.plkk.type", Data: plkkScopeData(s), Buttons: [][]engine.Button{cancel}}
			},
			Accept: engine.Of(engine.KindText, engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if in.Kind == engine.KindButton {
					if in.Value != "cancel" {
						return engine.Fail("input.use_buttons", nil)
					}
					forgetPLKK(s)
					return staffDone(s, engine.Say("guidance.plkk.cancelled", nil))
				}
				of := s.Answer(keyPLKKOf)
				list, err := domain.ParsePLKKList(in.Text, plkkMax(of))
				if err != nil {
					return inputError(err)
				}
				nagari := of
				if of == plkkRegency {
					nagari = ""
				}
				return engine.Outcome{Effects: []engine.Effect{engine.SetPLKK{Nagari: nagari, List: list}}, Next: stepPLKKWait}
			},
		},
	}
}

// plkkMax is how many facilities the list of scope holds.
func plkkMax(scope string) int {
	if scope == plkkRegency {
		return domain.MaxPLKKRegency
	}
	return domain.MaxPLKKNagari
}

// nagariNameOf is the name /plkk loaded for a nagari code, kept as
// "code=name" lines in keyPLKKName.
func nagariNameOf(s *engine.Session, code string) string {
	for line := range strings.SplitSeq(s.Answer(keyPLKKName), "\n") {
		if c, name, ok := strings.Cut(line, "="); ok && c == code {
			return name
		}
	}
	return code
}

// plkkScopeData names the list being set, for the messages.
func plkkScopeData(s *engine.Session) map[string]any {
	of := s.Answer(keyPLKKOf)
	return map[string]any{"Regency": of == plkkRegency, "Nagari": nagariNameOf(s, of), "Max": plkkMax(of)}
}

// plkkResult shows what a /plkk effect answered, or takes the next step.
func plkkResult(s *engine.Session, r *engine.Result) engine.Outcome {
	if r.Err != "" {
		forgetPLKK(s)
		return staffDone(s, engine.Say(r.Err, nil))
	}
	switch r.Effect {
	case engine.LoadPLKKScope{}.EffectName():
		a := engine.AnswerOf[engine.LoadPLKKScope](r)
		var scopes, names []string
		lists := []engine.Reply{}
		if a.Admin {
			scopes = append(scopes, plkkRegency)
		}
		lists = append(lists, engine.Say("guidance.plkk.list", map[string]any{"Regency": true, "Nagari": "", "List": a.Regency, "Any": len(a.Regency) > 0}))
		for _, n := range a.Nagari {
			scopes = append(scopes, n.Code)
			names = append(names, n.Code+"="+n.Name)
			lists = append(lists, engine.Say("guidance.plkk.list", map[string]any{"Regency": false, "Nagari": n.Name, "List": n.List, "Any": len(n.List) > 0}))
		}
		s.Set(keyPLKKScopes, strings.Join(scopes, ","))
		s.Set(keyPLKKName, strings.Join(names, "\n"))
		return engine.Outcome{Say: append([]engine.Reply{engine.Say("guidance.plkk.intro", nil)}, lists...), Next: stepPLKKPick}
	case engine.SetPLKK{}.EffectName():
		a := engine.AnswerOf[engine.SetPLKK](r)
		data := plkkScopeData(s)
		data["List"], data["Any"] = a.List, len(a.List) > 0
		forgetPLKK(s)
		return staffDone(s, engine.Say("guidance.plkk.saved", data))
	}
	forgetPLKK(s)
	return staffDone(s, engine.Say("error.internal", nil))
}
