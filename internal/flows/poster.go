package flows

// Posters and the deep links on them.
//
//	/poster [NAGARI] → staff.wait → the poster (PDF and PNG) of the named
//	                   nagari, or of the chat's one nagari; else buttons:
//	                   staff.poster k:<kecamatan> → that kecamatan's nagari,
//	                   staff.poster n:<nagari> → staff.wait → the poster
//	/start n1302042001 (a poster's QR code) → reg.check with the nagari
//	                   remembered → … reg.address → reg.nagari.confirm
//	                   ("Nagari Anda: …?" Ya → reg.occupation; Pilih
//	                   nagari lain → reg.kecamatan). A malformed or unknown
//	                   parameter is said politely and the menu shown.

import (
	"slices"
	"strings"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

const (
	stepStaffPoster   = "staff.poster"
	stepNagariConfirm = "reg.nagari.confirm"
)

// keyNagariLink is the nagari a poster's link named, offered at the
// kecamatan question. It stays for the whole form, so that "Kembali" to
// the offer still finds it.
const keyNagariLink = "nagari_link"

func cmdPoster(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
	return sideTrip(s, stepStaffWait, engine.LoadPoster{Nagari: strings.TrimSpace(in.Text)})
}

// linkedNagari reads a /start parameter: the nagari of a poster's link.
func linkedNagari(regions *domain.Regions, payload string) (domain.Nagari, bool) {
	code, ok := domain.ParseStartPayload(payload)
	if !ok {
		return domain.Nagari{}, false
	}
	return regions.Nagari(code)
}

// startFromLink answers /start with a parameter: the welcome, then the
// registration with the poster's nagari remembered. A form already open
// is offered to resume, as after a plain /start; an open registration
// that has no nagari yet gets the poster's.
func startFromLink(s *engine.Session, regions *domain.Regions, payload string, welcome []engine.Reply) engine.Outcome {
	n, ok := linkedNagari(regions, payload)
	if !ok {
		// A link typed wrong or from somewhere else: said, and on as
		// after a plain /start.
		return welcomeBack(s, append(welcome, engine.Say("start.link_unknown", nil)))
	}
	if s.InForm() {
		if s.Flow == flowRegistration && s.Answer(keyNagari) == "" {
			s.Set(keyNagariLink, n.Code)
		}
		return welcomeBack(s, welcome)
	}
	s.Set(keyNagariLink, n.Code)
	out := startRegistration(s)
	out.Say = welcome
	return out
}

// keepLink starts the registration form afresh (StartForm clears the
// answers) keeping the nagari a poster's link named.
func keepLink(s *engine.Session, now time.Time) {
	link := s.Answer(keyNagariLink)
	s.StartForm(flowRegistration, now)
	if link != "" {
		s.Set(keyNagariLink, link)
	}
}

// areaStep is where the registration goes after the address: the offer of
// the poster's nagari when there is one, else the kecamatan question.
func areaStep(s *engine.Session, regions *domain.Regions) string {
	if _, ok := regions.Nagari(s.Answer(keyNagariLink)); ok && s.Answer(keyNagari) == "" {
		return stepNagariConfirm
	}
	return stepKecamatan
}

func posterSteps(regions *domain.Regions) []engine.Step {
	return []engine.Step{
		{
			// Not Transient: "Kembali" from the occupation comes back to
			// the offer, as it comes back to the nagari question.
			ID: stepNagariConfirm, Flow: flowRegistration,
			Ask: func(s *engine.Session) engine.Reply {
				n, _ := regions.Nagari(s.Answer(keyNagariLink))
				return engine.Reply{
					Msg:  "reg.nagari.confirm_ask",
					Data: map[string]any{"Nagari": n.Name, "Kecamatan": n.KecamatanName},
					Buttons: withBack(
						[]engine.Button{{Msg: "reg.nagari.confirm_yes", Value: "yes"}},
						[]engine.Button{{Msg: "reg.nagari.confirm_other", Value: "other"}},
					),
				}
			},
			Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				n, ok := regions.Nagari(s.Answer(keyNagariLink))
				switch {
				case !ok || in.Value == "other":
					return engine.Goto(stepKecamatan)
				case in.Value == "yes":
					s.Set(keyKecamatan, n.KecamatanCode)
					s.Set(keyNagari, n.Code)
					return then(s, stepOccupation)
				}
				return engine.Fail("input.use_buttons", nil)
			},
		},
		{
			ID: stepStaffPoster, Anytime: true, Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				kind, code, _ := strings.Cut(in.Value, ":")
				switch kind {
				case "n":
					return sideTrip(s, stepStaffWait, engine.LoadPoster{Nagari: code})
				case "k":
					// The kecamatan's nagari, from the regions: the store
					// still refuses a nagari outside the chat's area.
					if k, ok := regions.KecamatanByCode(code); ok {
						return staffDone(s, pickPosterNagari(k.Nagari, k.Name))
					}
				}
				return staffDone(s, engine.Say("staff.poster.not_found", nil))
			},
		},
	}
}

// posterReply shows what LoadPoster answered: the poster's files, or
// buttons to pick its nagari, first its kecamatan when the choices span
// several.
func posterReply(r *engine.Result) []engine.Reply {
	a := engine.AnswerOf[engine.LoadPoster](r)
	if a.Found {
		done := engine.Say("staff.poster.done", map[string]any{"Nagari": a.Nagari.Name, "Kecamatan": a.Nagari.KecamatanName})
		return withFiles(done, r.Files, "staff.poster.file")
	}
	if len(a.Choices) == 0 {
		return []engine.Reply{engine.Say("staff.poster.not_found", nil)}
	}
	var kecamatan []engine.Button
	seen := map[string]bool{}
	for _, n := range a.Choices {
		if !seen[n.KecamatanCode] {
			seen[n.KecamatanCode] = true
			kecamatan = append(kecamatan, engine.Button{Label: n.KecamatanName, Step: stepStaffPoster, Value: "k:" + n.KecamatanCode})
		}
	}
	// In the order of the registration's kecamatan question.
	slices.SortFunc(kecamatan, func(a, b engine.Button) int {
		return strings.Compare(strings.ToLower(a.Label), strings.ToLower(b.Label))
	})
	if len(kecamatan) > 1 && len(a.Choices) > maxPosterChoices {
		return []engine.Reply{{Msg: "staff.poster.pick_kecamatan", Buttons: rows(2, kecamatan)}}
	}
	if len(kecamatan) > 1 {
		// A name two kecamatan share: each candidate with its kecamatan.
		bs := make([]engine.Button, len(a.Choices))
		for i, n := range a.Choices {
			bs[i] = engine.Button{Msg: "reg.nagari.option", Data: map[string]any{"Nagari": n.Name, "Kecamatan": n.KecamatanName}, Step: stepStaffPoster, Value: "n:" + n.Code}
		}
		return []engine.Reply{{Msg: "staff.poster.pick_named", Buttons: rows(1, bs)}}
	}
	return []engine.Reply{pickPosterNagari(a.Choices, a.Choices[0].KecamatanName)}
}

// maxPosterChoices is how many nagari are offered as buttons at once; an
// area with more (the regency) is asked its kecamatan first.
const maxPosterChoices = 12

// pickPosterNagari asks which of ns the poster is for.
func pickPosterNagari(ns []domain.Nagari, kecamatan string) engine.Reply {
	bs := make([]engine.Button, len(ns))
	for i, n := range ns {
		bs[i] = engine.Button{Label: n.Name, Step: stepStaffPoster, Value: "n:" + n.Code}
	}
	return engine.Reply{Msg: "staff.poster.pick_nagari", Data: map[string]any{"Kecamatan": kecamatan}, Buttons: rows(2, bs)}
}
