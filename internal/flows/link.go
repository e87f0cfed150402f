package flows

// The worker takes over their record: someone registered with help (no
// chat of their own) links their chat to it, after which they are told of
// every decision and have /status, /dataku, /ubah and /hapus. Nothing
// personal is shown before the link is proven.
//
// Officer or kader:
//
//	/kodesambung [NIK], staffmenu button → link.code.nik (the NIK typed) →
//	        link.code.wait → the code to read out → back where it was
//	        (a code also ends an assisted registration, reg.submit)
//
// Worker:
//
//	/sambung KODE, /start kKODE (the t.me link in the WhatsApp message the
//	        officer sends, reg.submit) → link.wait → linked (their name and
//	        nagari) | refused
//	/sambung, "🔗 Sambungkan data saya" on an unregistered chat's start menu
//	        → link.ask: the code typed, or "Bagikan nomor saya" (their own
//	        contact) → link.wait → linked | wrong code, no match: link.ask
//	        again | too many wrong codes, linked elsewhere: back

import (
	"strings"
	"time"
	"unicode"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

const (
	stepCodeNIK      = "link.code.nik"
	stepLinkCodeWait = "link.code.wait"
	stepLinkAsk      = "link.ask"
	stepLinkWait     = "link.wait"
)

func linkCommands() map[string]engine.Command {
	return map[string]engine.Command{
		"kodesambung": cmdKodeSambung,
		"sambung": func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
			if strings.TrimSpace(in.Text) == "" {
				return linkTrip(s, stepLinkAsk)
			}
			if _, err := domain.ParseLinkCode(in.Text); err != nil {
				// Asked again where it can simply be typed.
				out := linkTrip(s, stepLinkAsk)
				out.Say = []engine.Reply{engine.Say("link.code.format", nil)}
				return out
			}
			return linkCode(s, in.Text)
		},
	}
}

// cmdKodeSambung makes a link code for the worker of the NIK typed after
// it, or asks for the NIK.
func cmdKodeSambung(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
	if strings.TrimSpace(in.Text) == "" {
		return linkTrip(s, stepCodeNIK)
	}
	nik, err := domain.ParseNIK(in.Text, now)
	if err != nil {
		if ie, ok := err.(*domain.InputError); ok {
			return staffNote(s, engine.Say(ie.Msg, ie.Data))
		}
		return staffNote(s, engine.Say("error.internal", nil))
	}
	return linkTrip(s, stepLinkCodeWait, engine.CreateLinkCode{NIK: nik})
}

// linkTrip is a side trip into the link steps that, started from one of
// them (a second /sambung), keeps the place the first one came from.
func linkTrip(s *engine.Session, next string, fx ...engine.Effect) engine.Outcome {
	switch s.Step {
	case stepCodeNIK, stepLinkCodeWait, stepLinkAsk, stepLinkWait:
		return engine.Outcome{Effects: fx, Next: next}
	}
	return sideTrip(s, next, fx...)
}

// linkCode tries a typed code; one that cannot be a code is explained at
// once, not sent (nor counted as a wrong guess).
func linkCode(s *engine.Session, typed string) engine.Outcome {
	code, err := domain.ParseLinkCode(typed)
	if err != nil {
		return inputError(err)
	}
	return linkTrip(s, stepLinkWait, engine.LinkByCode{Code: code})
}

// startMenu is the menu under /start's welcome for a chat that receives
// no registration: it may be someone registered with help, so it offers
// to link their record. The buttons name the menu step, where the chat is
// once the welcome is shown.
func startMenu() engine.Reply {
	bs := make([][]engine.Button, 0, len(menuButtons)+1)
	for i, row := range menuButtons {
		if i == 1 {
			bs = append(bs, []engine.Button{{Msg: "link.menu", Value: "link", Step: stepMenu}})
		}
		r := make([]engine.Button, len(row))
		for j, b := range row {
			b.Step = stepMenu
			r[j] = b
		}
		bs = append(bs, r)
	}
	return engine.Reply{Msg: "menu.ask", Buttons: bs}
}

// isLeaveWord reports whether a typed text means going back ("Kembali",
// the reply keyboard's button, or "batal"): the link question is no form,
// so the engine does not read it as one.
func isLeaveWord(text string) bool {
	if len(text) > 32 {
		return false
	}
	letters := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, text)
	return letters == "kembali" || letters == "back" || letters == "batal" || letters == "cancel"
}

// linkedReply tells the worker whose records are now theirs.
func linkedReply(a engine.Linked) engine.Reply {
	people := make([]engine.Phrase, len(a.People))
	for i, p := range a.People {
		people[i] = engine.Phrase{Msg: "link.person", Data: map[string]any{"Name": p.Name, "Nagari": p.Nagari, "Number": p.Number}}
	}
	return engine.Say("link.done", map[string]any{"N": len(a.People), "People": people})
}

func linkSteps() []engine.Step {
	return []engine.Step{
		{
			ID: stepCodeNIK,
			Ask: func(*engine.Session) engine.Reply {
				return engine.Reply{Msg: "link.code.nik_ask", Buttons: [][]engine.Button{{{Msg: "link.cancel", Value: "cancel"}}}}
			},
			Accept:    engine.Of(engine.KindText, engine.KindButton),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if in.Kind == engine.KindButton {
					return staffDone(s, engine.Say("link.cancelled", nil))
				}
				nik, err := domain.ParseNIK(in.Text, now)
				if err != nil {
					return inputError(err)
				}
				return engine.Outcome{Effects: []engine.Effect{engine.CreateLinkCode{NIK: nik}}, Next: stepLinkCodeWait}
			},
		},
		{
			ID:        stepLinkCodeWait,
			Accept:    engine.Of(engine.KindResult),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				r := in.Result
				if r.Err != "" {
					return staffDone(s, engine.Say(r.Err, nil))
				}
				c := engine.AnswerOf[engine.CreateLinkCode](r)
				return staffDone(s, engine.Say("link.code.show", map[string]any{
					"Code": c.Code, "Name": c.Name, "Number": c.Number, "Expires": domain.InWIB(c.Expires),
				}))
			},
		},
		{
			ID: stepLinkAsk,
			Ask: func(*engine.Session) engine.Reply {
				return engine.Reply{Msg: "link.ask", Keyboard: [][]engine.Button{
					{{Msg: "link.share", Contact: true}},
					{engine.BackButton()},
				}}
			},
			Accept:    engine.Of(engine.KindText, engine.KindContact),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if in.Kind == engine.KindText {
					if isLeaveWord(in.Text) {
						return engine.Goto(engine.Return)
					}
					return linkCode(s, in.Text)
				}
				if !in.OwnContact {
					// Only Telegram's word that the number is the
					// sender's own proves anything.
					return engine.Fail("link.contact.not_own", nil)
				}
				phone, err := domain.ParsePhone(in.Phone)
				if err != nil {
					return engine.Fail("link.contact.invalid", nil)
				}
				return engine.Outcome{Effects: []engine.Effect{engine.LinkByPhone{Phone: phone}}, Next: stepLinkWait}
			},
		},
		{
			ID:        stepLinkWait,
			Accept:    engine.Of(engine.KindResult),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				r := in.Result
				switch r.Err {
				case "":
				case "link.code.wrong", "link.code.used", "link.code.expired", "link.phone.none":
					// Another try: the code again, or the number.
					return engine.Outcome{Say: []engine.Reply{engine.Say(r.Err, nil)}, Next: stepLinkAsk}
				default:
					return engine.Outcome{Say: []engine.Reply{engine.Say(r.Err, nil)}, Next: engine.Return}
				}
				var a engine.Linked
				switch r.Effect {
				case engine.LinkByCode{}.EffectName():
					a = engine.AnswerOf[engine.LinkByCode](r)
				default:
					a = engine.AnswerOf[engine.LinkByPhone](r)
				}
				return engine.Outcome{Say: []engine.Reply{linkedReply(a)}, Next: engine.Return}
			},
		},
	}
}
