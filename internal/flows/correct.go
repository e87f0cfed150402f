package flows

// A worker corrects their own registration (UU PDP Pasal 30):
//
//	/ubah → fix.load (waits: the chat's registration) → reg.summary with the
//	        stored answers, in correction mode: the same "Ubah …" steps as
//	        registration, less NIK and nagari → fix.submit (waits) → done
//
// The form is the registration form, so every field is asked and checked
// exactly as when registering; keyFixOf marks it as a correction.

import (
	"slices"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

const (
	stepFixLoad    = "fix.load"
	stepFixLoadOne = "fix.load.one"
	stepFixSubmit  = "fix.submit"
)

// keyFixOf holds the number of the registration being corrected; a
// registration form without it is a new registration.
const keyFixOf = "fix_of"

// fixing reports whether the open registration form corrects a record.
func fixing(s *engine.Session) bool { return s.Answer(keyFixOf) != "" }

// fixEdits are the summary's "Ubah …" buttons in correction mode: those of
// registration less the NIK and the nagari, so a field added to the form
// can be corrected too. The NIK names the person, so a different one is
// another registration; a move to another nagari changes whose quota pays,
// which its staff decide.
var fixEdits = slices.DeleteFunc(slices.Clone(summaryEdits), func(e summaryEdit) bool {
	return e.value == "nik" || e.value == "nagari"
})

func fixCommands() map[string]engine.Command {
	return map[string]engine.Command{
		"ubah": func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
			if out, busy := formOpen(s); busy {
				return out
			}
			return sideTrip(s, stepFixLoad, engine.LoadMyData{})
		},
	}
}

func fixSteps(regions *domain.Regions) []engine.Step {
	return []engine.Step{
		{
			ID:        stepFixLoad,
			Accept:    engine.Of(engine.KindResult),
			Transient: true,
			Handle:    loadFix(regions, true),
		},
		{
			ID:        stepFixLoadOne,
			Accept:    engine.Of(engine.KindResult),
			Transient: true,
			Handle:    loadFix(regions, false),
		},
		{
			ID: stepFixSubmit, Flow: flowRegistration,
			Accept:    engine.Of(engine.KindResult),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				r := in.Result
				a := engine.AnswerOf[engine.CorrectRegistration](r)
				switch {
				case r.Err != "":
					// The form stays whole; "Simpan" can be pressed again.
					return engine.Outcome{Say: []engine.Reply{engine.Say("fix.failed", nil)}, Next: stepSummary}
				case !a.Found:
					return engine.Outcome{End: true, Say: []engine.Reply{engine.Say("fix.none", nil)}}
				case !a.Changed:
					return engine.Outcome{End: true, Say: []engine.Reply{engine.Say("fix.unchanged", nil)}}
				}
				return engine.Outcome{End: true, Say: []engine.Reply{engine.Say("fix.done", map[string]any{"Number": a.Number})}}
			},
		},
	}
}

// loadFix opens the registration LoadMyData found for correction; with
// pick, a chat receiving several people's notices is first asked whose.
func loadFix(regions *domain.Regions, pick bool) func(*engine.Session, engine.Input, time.Time) engine.Outcome {
	return func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
		r := in.Result
		my := engine.AnswerOf[engine.LoadMyData](r)
		reg := my.Registration
		switch {
		case r.Err != "":
			return engine.Outcome{Say: []engine.Reply{engine.Say(r.Err, nil)}, Next: engine.Return}
		case pick && len(my.People) > 1:
			return staffDone(s, peoplePicker("household.pick.fix", "fix", my.People)) // the picker is the question
		case !my.Found:
			return engine.Outcome{Say: []engine.Reply{engine.Say("fix.none", nil)}, Next: engine.Return}
		case reg.Status == domain.StatusRejected:
			return engine.Outcome{Say: []engine.Reply{engine.Say("fix.rejected", nil)}, Next: engine.Return}
		}
		n, ok := regions.Nagari(reg.NagariCode)
		if !ok {
			return engine.Outcome{Say: []engine.Reply{engine.Say("error.internal", nil)}, Next: engine.Return}
		}
		s.StartForm(flowRegistration, now)
		setAnswers(s, reg.Registration, n)
		s.Set(keyFixOf, reg.Number)
		out := engine.Goto(stepSummary)
		out.Say = []engine.Reply{engine.Say("fix.intro", map[string]any{"Number": reg.Number})}
		return out
	}
}
