package flows

// The menu and the side trips that work from anywhere.
//
//	/start   → welcome, then menu (or resume offer if a form is open); staff: staff menu (staffmenu.go);
//	           /start with a poster's parameter → poster.go
//	           /start kKMRTXA (the worker's link, whatsapp) → as /sambung KMR-TXA (link.go)
//	menu     → reg.check (Daftar) | status.wait (Cek status) | jkk.whose (Lapor kecelakaan)
//	           | jkm.nik (Lapor kematian) | help | language
//	/lapor, /kematian → an accident or a death report (reports.go)
//	/batal   → cancel.confirm → form dropped, or back where it was
//	/status  → status.wait → back where it was (with the BPJS membership, bpjs.go)
//	/bahasa  → language switched, same question again
//	/bantuan, /help [NAGARI] → (staffmenu.wait: staff get their menu) → help.wait (the nagari office's contact) → help, same question again
//	/dataku, /hapus → privacy.go; /ubah → correct.go; /ajukan, documents → bpjs.go

import (
	"maps"
	"strings"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

const (
	stepMenu          = "menu"
	stepResume        = "resume"
	stepCancelConfirm = "cancel.confirm"
	stepStatusWait    = "status.wait"
	stepHelpWait      = "help.wait"
)

var menuButtons = [][]engine.Button{
	{{Msg: "menu.register", Value: "reg"}},
	{{Msg: "menu.status", Value: "status"}},
	{{Msg: "menu.accident", Value: "acc"}, {Msg: "menu.death", Value: "death"}},
	{{Msg: "menu.help", Value: "help"}, {Msg: "menu.language", Value: "lang"}},
}

func menuSteps() []engine.Step {
	return []engine.Step{
		{
			ID:     stepMenu,
			Ask:    func(*engine.Session) engine.Reply { return engine.Reply{Msg: "menu.ask", Buttons: menuButtons} },
			Accept: engine.Of(engine.KindButton, engine.KindText, engine.KindDocument),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if in.Kind == engine.KindDocument {
					return importDocument(s, in)
				}
				switch in.Value {
				case "reg":
					return startRegistration(s)
				case "status":
					return checkStatus(s)
				case "help":
					return cmdBantuan(s, engine.Input{}, now)
				case "lang":
					return switchLanguage(s)
				case "link":
					return linkTrip(s, stepLinkAsk)
				}
				if out, ok := reportMenu(s, in.Value, now); ok {
					return out
				}
				return engine.Fail("input.use_buttons", nil)
			},
		},
		{
			ID: stepResume,
			Ask: func(*engine.Session) engine.Reply {
				return engine.Reply{Msg: "resume.ask", Buttons: [][]engine.Button{
					{{Msg: "resume.continue", Value: "continue"}},
					{{Msg: "resume.restart", Value: "restart"}},
					{{Msg: "resume.cancel", Value: "cancel"}},
				}}
			},
			Accept:    engine.Of(engine.KindButton),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				switch in.Value {
				case "continue":
					return engine.Goto(engine.Return)
				case "restart":
					if out, ok := restartReport(s, now); ok {
						return out
					}
					return restartRegistration(s, now)
				default:
					return engine.Outcome{End: true, Say: []engine.Reply{engine.Say("cancel.done", nil)}}
				}
			},
		},
		{
			ID: stepCancelConfirm,
			Ask: func(*engine.Session) engine.Reply {
				return engine.Reply{Msg: "cancel.ask", Buttons: [][]engine.Button{
					{{Msg: "cancel.yes", Value: "yes"}, {Msg: "cancel.no", Value: "no"}},
				}}
			},
			Accept:    engine.Of(engine.KindButton),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if in.Value == "yes" {
					return engine.Outcome{End: true, Say: []engine.Reply{engine.Say("cancel.done", nil)}}
				}
				return engine.Goto(engine.Return)
			},
		},
		{
			ID:        stepHelpWait,
			Accept:    engine.Of(engine.KindResult),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				// Help is shown even when the contact could not be looked up.
				office := engine.AnswerOf[engine.LoadOffice](in.Result)
				return engine.Outcome{Say: []engine.Reply{engine.Say("help", map[string]any{
					"Nagari": office.Nagari, "Contact": office.Contact,
				})}, Next: engine.Return}
			},
		},
		{
			ID:        stepStatusWait,
			Accept:    engine.Of(engine.KindResult),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				return engine.Outcome{Say: statusReplies(in.Result), Next: engine.Return}
			},
		},
	}
}

func commands(regions *domain.Regions) map[string]engine.Command {
	cmds := reportCommands()
	maps.Copy(cmds, map[string]engine.Command{
		"start": func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
			if code, ok := domain.ParseLinkStartPayload(in.Text); ok {
				// The worker's link from the officer's WhatsApp message:
				// exactly /sambung with the code (link.go).
				return linkCode(s, code)
			}
			if in.Text != "" { // a deep link's parameter: a poster's QR code
				return startFromLink(s, regions, in.Text, []engine.Reply{engine.Say("welcome", nil)})
			}
			return cmdStart(s, in, now)
		},
		"batal": func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
			if !s.InForm() {
				return engine.Outcome{Say: []engine.Reply{engine.Say("cancel.nothing", nil)}, Next: engine.Home}
			}
			if s.Step != stepCancelConfirm {
				s.Return = s.Step
			}
			return engine.Goto(stepCancelConfirm)
		},
		"status": func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
			return checkStatus(s)
		},
		"daftar": func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
			return startRegistration(s)
		},
		"bahasa": func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
			return switchLanguage(s)
		},
		"bantuan": cmdBantuan,
		// /help is what Telegram users try first, in any language.
		"help":      cmdBantuan,
		"petugas":   cmdPetugas,
		"antrian":   cmdAntrian,
		"cari":      cmdCari,
		"laporan":   cmdLaporan,
		"rekap":     cmdRekap,
		"cakupan":   cmdCakupan,
		"ekspor":    cmdEkspor,
		"undang":    cmdUndang,
		"staf":      cmdStaf,
		"hubungkan": cmdHubungkan,
		"ajukan":    cmdAjukan,
		"poster":    cmdPoster,
	})
	return cmds
}

// welcomeBack answers a /start whose poster link led nowhere, or a poster
// link while a form is open: the welcome, then the menu, or the offer to
// resume the form.
func welcomeBack(s *engine.Session, welcome []engine.Reply) engine.Outcome {
	if s.InForm() {
		if s.Step != stepResume {
			s.Return = s.Step
		}
		return engine.Outcome{Say: welcome, Next: stepResume}
	}
	return engine.Outcome{Say: welcome, Next: engine.Home}
}

// sideTrip leaves the chat's step for next, with the effects fx, and
// remembers where the chat was so that Next: engine.Return comes back to
// it. A chat left waiting on a lookup has no question to come back to, so
// it keeps the place it had.
func sideTrip(s *engine.Session, next string, fx ...engine.Effect) engine.Outcome {
	switch s.Step {
	case stepStatusWait, stepRegCheck, stepHelpWait, stepStaffWait, stepStaffMenuWait, stepStaffRevokeWait, stepBPJSWait, stepCardWait, stepAsstWait, stepHHWait, stepIuranWait, stepPLKKWait:
	default:
		s.Return = s.Step
	}
	return engine.Outcome{Effects: fx, Next: next}
}

// helpTrip shows the help with the contact of a nagari office: the one
// named after /bantuan, else the nagari of the open form, else that of the
// chat's registration.
func helpTrip(s *engine.Session, name string) engine.Outcome {
	office := engine.LoadOffice{Name: strings.TrimSpace(name)}
	if office.Name == "" {
		office.NagariCode = s.Answer(keyNagari)
	}
	return sideTrip(s, stepHelpWait, office)
}

func checkStatus(s *engine.Session) engine.Outcome {
	return sideTrip(s, stepStatusWait, engine.LoadStatus{})
}

func switchLanguage(s *engine.Session) engine.Outcome {
	if s.Lang == "en" {
		s.Lang = ""
	} else {
		s.Lang = "en"
	}
	lang := s.Lang
	if lang == "" {
		lang = Languages[0]
	}
	return engine.Outcome{
		Say:     []engine.Reply{engine.Say("lang.changed", nil)},
		Effects: []engine.Effect{engine.SaveLanguage{Lang: lang}},
	}
}

// restartRegistration starts the open registration form again, as what it
// was: entered with help in the same nagari, a family member's, or one's
// own.
func restartRegistration(s *engine.Session, now time.Time) engine.Outcome {
	role, code, kec, hh := s.Answer(keyAssisted), s.Answer(keyNagari), s.Answer(keyKecamatan), household(s)
	keepLink(s, now) // starts the form afresh, keeping a poster's nagari
	switch {
	case role != "":
		s.Set(keyAssisted, role)
		s.Set(keyKecamatan, kec)
		s.Set(keyNagari, code)
		return engine.Goto(stepAsstConsent)
	case hh:
		s.Set(keyHousehold, "1")
	}
	return engine.Goto(stepConsent)
}

// statusReplies shows what LoadStatus found: the chat's registration, or
// every person the chat receives or entered when there are others.
func statusReplies(r *engine.Result) []engine.Reply {
	st := engine.AnswerOf[engine.LoadStatus](r)
	if r != nil && r.Err == "" && (len(st.People) > 1 || (len(st.People) == 1 && st.People[0].Entered)) {
		return peopleReplies(st)
	}
	return []engine.Reply{statusReply(r)}
}

// statusReply shows a registration found by LoadStatus.
func statusReply(r *engine.Result) engine.Reply {
	st := engine.AnswerOf[engine.LoadStatus](r)
	switch {
	case r == nil || r.Err != "":
		return engine.Say("error.unavailable", nil)
	case !st.Found:
		return engine.Say("status.none", nil)
	case st.Membership.State != "":
		data := map[string]any{"Number": st.Number, "Status": engine.Msg("status." + string(st.Status))}
		membershipData(data, st.Membership)
		if m := st.Membership; m.State == domain.MembershipEnded && m.EndReason.Reenrollable() && st.Placed {
			// A place again, to be submitted afresh: the old card and
			// period are not current, only when the old one ended.
			delete(data, "KPJ")
			delete(data, "Start")
			delete(data, "End")
			data["Again"] = true
		}
		reply := engine.Say("bpjs.status.show", data)
		if st.Membership.State == domain.MembershipActive {
			reply.Buttons = cardButton()
		}
		return reply
	}
	return engine.Say("status.show", map[string]any{
		"Number": st.Number,
		"Status": engine.Msg("status." + string(st.Status)),
		"Reason": reasonValue(st.Reason),
	})
}
