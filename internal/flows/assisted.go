package flows

// Registration with help (DOMAIN.md §14: most workers have no Telegram):
//
//	/daftarkan [NAGARI], asst.again → asst.wait (waits: the officer's or
//	        kader's nagari) → asst.consent: the consent text in full, for
//	        the officer to read out; agreed aloud (lisan) → reg.nik, or on a
//	        signed form (formulir) → asst.form: a photo of it, or skip →
//	        reg.nik … the registration's questions, the nagari fixed and
//	        the phone typed → reg.summary → reg.submit → "Daftarkan
//	        pekerja lain?" (asst.again), under "📲 Kirim lewat WhatsApp"
//	        (a Share: the worker's message and link, workerShare)
//
// A family member from a phone already registered:
//
//	/keluarga, hh.add → hh.wait (waits: is this chat registered?) →
//	        reg.consent addressed to the family member → reg.nik … the
//	        registration's questions → reg.submit → another? (hh.add)
//
// A chat that receives several people's notices picks whose data it means:
//
//	people.pick  (anytime) show:<number> → privacy.show.one,
//	             fix:<number> → fix.load.one, erase:<number> → privacy.erase.confirm

import (
	"strings"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

const (
	stepAsstWait    = "asst.wait"
	stepAsstConsent = "asst.consent"
	stepAsstForm    = "asst.form"
	stepAsstAgain   = "asst.again"
	stepHHWait      = "hh.wait"
	stepHHAdd       = "hh.add"
	stepPeople      = "people.pick"
)

// Answer keys of registration with help.
const (
	// keyAssisted holds the role of the officer or kader entering the
	// form; a registration form without it is the person's own.
	keyAssisted    = "assist"
	keyConsentMode = "consent_mode"
	keyFormFile    = "consent_file"
	// keyHousehold marks a family member's registration from a phone
	// already registered.
	keyHousehold = "household"
	// keyEraseOf is the registration /hapus erases once confirmed, picked
	// among the chat's people; "" erases the chat's only one.
	keyEraseOf = "erase_of"
)

// assisted reports whether the open form is entered by an officer or kader.
func assisted(s *engine.Session) bool { return s.Answer(keyAssisted) != "" }

// household reports whether the open form registers a family member.
func household(s *engine.Session) bool { return s.Answer(keyHousehold) != "" }

// StartAssisted is the value of a button that starts a registration with
// help in the nagari of the chat's binding, for any staff message or menu
// to carry: engine.Button{Msg: …, Step: StepAssistAgain, Value: StartAssisted}.
const (
	StepAssistAgain = stepAsstAgain
	StartAssisted   = "again:"
)

func assistedCommands() map[string]engine.Command {
	return map[string]engine.Command{
		"daftarkan": func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
			return startAssisted(s, strings.TrimSpace(in.Text))
		},
		"keluarga": func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
			return startHousehold(s)
		},
	}
}

// startAssisted looks up the officer's nagari (or checks the one named)
// before any question: a chat that may not register with help is told at
// once, not after a whole form.
func startAssisted(s *engine.Session, nagari string) engine.Outcome {
	if out, busy := formOpen(s); busy {
		return out
	}
	return sideTrip(s, stepAsstWait, engine.LoadAssistance{Nagari: nagari})
}

func startHousehold(s *engine.Session) engine.Outcome {
	if out, busy := formOpen(s); busy {
		return out
	}
	return sideTrip(s, stepHHWait, engine.LoadStatus{})
}

// beginAssisted opens a registration form entered with help in nagari n.
func beginAssisted(s *engine.Session, n domain.Nagari, role domain.Role, now time.Time) engine.Outcome {
	s.StartForm(flowRegistration, now)
	s.Set(keyAssisted, string(role))
	s.Set(keyKecamatan, n.KecamatanCode)
	s.Set(keyNagari, n.Code)
	return engine.Outcome{Say: []engine.Reply{engine.Say("assisted.consent.intro", map[string]any{
		"Nagari": n.Name, "Kecamatan": n.KecamatanName,
	})}, Next: stepAsstConsent}
}

// againReply asks whether to register another worker of nagari code.
func againReply(msg string, data map[string]any, code string) engine.Reply {
	return engine.Reply{Msg: msg, Data: data, Buttons: [][]engine.Button{
		{{Msg: "assisted.again.yes", Step: stepAsstAgain, Value: StartAssisted + code}},
		{{Msg: "assisted.again.no", Step: stepAsstAgain, Value: "done"}},
	}}
}

// householdReply offers to register a family member from this phone.
func householdReply(msg string) engine.Reply {
	return engine.Reply{Msg: msg, Buttons: [][]engine.Button{
		{{Msg: "household.add", Step: stepHHAdd, Value: "add"}},
	}}
}

func assistedSteps() []engine.Step {
	return []engine.Step{
		{
			ID:        stepAsstWait,
			Accept:    engine.Of(engine.KindResult),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				r := in.Result
				if r.Err != "" {
					return staffDone(s, engine.Say(r.Err, nil))
				}
				a := engine.AnswerOf[engine.LoadAssistance](r)
				return beginAssisted(s, a.Nagari, a.Role, now)
			},
		},
		{
			// The consent text is the worker's own (reg.consent.ask, the
			// same ConsentVersion): the officer reads it out in full, and
			// the buttons record how the worker agreed.
			ID: stepAsstConsent, Flow: flowRegistration,
			Ask: func(*engine.Session) engine.Reply {
				return engine.Reply{Msg: "reg.consent.ask", Buttons: [][]engine.Button{
					{{Msg: "assisted.consent.spoken", Value: string(domain.ConsentSpoken)}},
					{{Msg: "assisted.consent.form", Value: string(domain.ConsentForm)}},
					{{Msg: "reg.consent.decline", Value: "decline"}},
				}}
			},
			Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				mode := domain.ConsentMode(in.Value)
				switch {
				case in.Value == "decline":
					code := s.Answer(keyNagari)
					return engine.Outcome{End: true, Silent: true, Say: []engine.Reply{
						againReply("assisted.consent.declined", nil, code),
					}}
				case !mode.Assisted():
					return engine.Fail("input.use_buttons", nil)
				}
				s.Set(keyConsentMode, string(mode))
				s.Set(keyConsentAt, now.UTC().Format(time.RFC3339))
				s.Unset(keyFormFile)
				if mode == domain.ConsentForm {
					return engine.Goto(stepAsstForm)
				}
				return engine.Goto(stepNIK)
			},
		},
		{
			ID: stepAsstForm, Flow: flowRegistration,
			Ask: func(*engine.Session) engine.Reply {
				return engine.Reply{Msg: "assisted.form.ask", Buttons: withBack(
					[]engine.Button{{Msg: "assisted.form.skip", Value: "skip"}},
				)}
			},
			Accept: engine.Of(engine.KindPhoto, engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if in.Kind == engine.KindButton {
					if in.Value != "skip" {
						return engine.Fail("input.use_buttons", nil)
					}
					s.Unset(keyFormFile)
					return engine.Goto(stepNIK)
				}
				if in.FileID == "" || len(in.FileID) > domain.MaxFileID {
					return engine.Fail("input.send_photo", nil)
				}
				s.Set(keyFormFile, in.FileID)
				out := engine.Goto(stepNIK)
				out.Say = []engine.Reply{engine.Say("assisted.form.saved", nil)}
				return out
			},
		},
		{
			ID: stepAsstAgain, Anytime: true, Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				code, ok := strings.CutPrefix(in.Value, StartAssisted)
				if !ok {
					return staffDone(s, engine.Say("assisted.finished", nil))
				}
				return startAssisted(s, code)
			},
		},
		{
			ID:        stepHHWait,
			Accept:    engine.Of(engine.KindResult),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				r := in.Result
				st := engine.AnswerOf[engine.LoadStatus](r)
				switch {
				case r.Err != "":
					return engine.Outcome{Say: []engine.Reply{engine.Say(r.Err, nil)}, Next: engine.Return}
				case !st.Found:
					return engine.Outcome{Say: []engine.Reply{engine.Say("household.register_first", nil)}, Next: engine.Return}
				}
				s.StartForm(flowRegistration, now)
				s.Set(keyHousehold, "1")
				return engine.Outcome{Say: []engine.Reply{engine.Say("household.intro", nil)}, Next: stepConsent}
			},
		},
		{
			ID: stepHHAdd, Anytime: true, Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				return startHousehold(s)
			},
		},
		{
			ID: stepPeople, Anytime: true, Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				what, number, _ := strings.Cut(in.Value, ":")
				if number == "" {
					return staffDone(s, engine.Say("privacy.none", nil))
				}
				switch what {
				case "show":
					return sideTrip(s, stepPrivacyShowOne, engine.LoadMyData{Number: number})
				case "fix":
					if out, busy := formOpen(s); busy {
						return out
					}
					return sideTrip(s, stepFixLoadOne, engine.LoadMyData{Number: number})
				case "card":
					return sideTrip(s, stepCardWait, engine.LoadCard{Number: number})
				case "erase":
					// Loaded again for that one person: an open claim of
					// theirs is said before the question.
					s.Set(keyEraseOf, number)
					return sideTrip(s, stepEraseLoad, engine.LoadMyData{Number: number})
				}
				return staffDone(s, engine.Say("input.use_buttons", nil))
			},
		},
	}
}

// peoplePicker asks whose data an action (show, fix, erase) means, a
// button per person the chat receives.
func peoplePicker(msg, action string, people []domain.Person) engine.Reply {
	bs := make([]engine.Button, len(people))
	for i, p := range people {
		bs[i] = engine.Button{Msg: "household.person_button", Data: map[string]any{"Name": p.Name, "Number": p.Number},
			Step: stepPeople, Value: action + ":" + p.Number}
	}
	return engine.Reply{Msg: msg, Buttons: rows(1, bs)}
}

// peopleReplies lists everyone a chat receives or entered, for /status.
func peopleReplies(st engine.RegistrationStatus) []engine.Reply {
	out := []engine.Reply{engine.Say("household.status.list", map[string]any{"N": len(st.People) + st.More, "More": st.More})}
	for _, p := range st.People {
		data := map[string]any{
			"Number": p.Number, "Name": p.Name, "Status": engine.Msg("status." + string(p.Status)),
			"Reason": reasonValue(p.Reason), "Entered": p.Entered,
		}
		if p.Membership.State != "" {
			membershipData(data, p.Membership)
		}
		out = append(out, engine.Say("household.status.person", data))
	}
	return out
}

// witnessData names, for staff, who witnessed an assisted registration's
// consent and how it was given.
func witnessData(r domain.RegistrationRecord) map[string]any {
	return map[string]any{
		"Role": engine.Msg("staff.role." + string(r.WitnessRole)), "Witness": r.Witness,
		"Mode": engine.Msg("assisted.mode." + string(r.ConsentMode)), "Form": r.ConsentFormFile != "",
	}
}
