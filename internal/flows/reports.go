package flows

// Parts shared by the accident (accident.go) and death (death.go) reports
// (whose NIK, covered or not, the nagari, the date, the photos, the
// reporter), and the side trip that adds photos to a report already sent:
//
//	rep.more (Anytime, the "Tambah foto" button under a report number)
//	  → rep.more.check (waits: LoadDocuments; a closed report is refused here)
//	  → rep.more.photos → rep.more.submit (waits)

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/notice"
)

const (
	flowMorePhotos     = "repfoto"
	stepMore           = "rep.more"
	stepMorePhotos     = "rep.more.photos"
	stepMoreSubmit     = "rep.more.submit"
	valueDone          = "done"
	valueToday         = "today"
	valueYesterday     = "yesterday"
	photoSep           = " "
	reportCommandLapor = "lapor"
	reportCommandDeath = "kematian"
)

// Answer keys of the report forms. keyNIK, keyKecamatan and keyNagari are
// shared with the registration form; a chat fills one form at a time.
const (
	keyWhose = "whose"
	// keyRegistered marks a person found registered (the value "covered"
	// is older than the name, and live sessions hold it).
	keyRegistered    = "covered"
	keyDate          = "date"
	keyClock         = "clock"
	keyPlace         = "place"
	keyLat           = "lat"
	keyLon           = "lon"
	keyWhat          = "what"
	keyTraffic       = "traffic"
	keyInjury        = "injury"
	keyTreatment     = "treat"
	keyPLKK          = "plkk" // facilities named at jkk.treatment, plkkSep between
	keyCause         = "cause"
	keyPhotos        = "photos"
	keyReporterName  = "rep_name"
	keyReporterRel   = "rep_rel"
	keyReporterPhone = "rep_phone"
	keyNumber        = "number"
)

func reportSteps(regions *domain.Regions) []engine.Step {
	steps := append(accidentSteps(regions), deathSteps(regions)...)
	steps = append(steps, documentSteps()...)
	return append(steps, morePhotoSteps()...)
}

// reportMenu starts a report from a menu button value; ok is false for
// values that are not about reports.
func reportMenu(s *engine.Session, value string, now time.Time) (engine.Outcome, bool) {
	switch value {
	case "acc":
		return startAccident(s, now), true
	case "death":
		return startDeath(s, now), true
	}
	return engine.Outcome{}, false
}

// restartReport starts an unfinished report over from its first question
// ("Mulai dari awal" on /start); ok is false for other forms.
func restartReport(s *engine.Session, now time.Time) (engine.Outcome, bool) {
	switch s.Flow {
	case flowAccident:
		s.StartForm(flowAccident, now)
		return engine.Goto(stepAccWhose), true
	case flowDeath:
		s.StartForm(flowDeath, now)
		return engine.Goto(stepDeathNIK), true
	case flowMorePhotos:
		number, kind := s.Answer(keyNumber), s.Answer(keyDocKind)
		s.StartForm(flowMorePhotos, now)
		s.Set(keyNumber, number)
		s.Set(keyDocKind, kind)
		return engine.Goto(stepMorePhotos), true
	}
	return engine.Outcome{}, false
}

// reportCommands are /lapor (an accident) and /kematian (a death).
func reportCommands() map[string]engine.Command {
	return map[string]engine.Command{
		reportCommandLapor: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
			return startAccident(s, now)
		},
		reportCommandDeath: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
			return startDeath(s, now)
		},
	}
}

// formOpen refuses to start a report over an unfinished form, whose
// answers would be lost; the chat is sent back to where it was.
func formOpen(s *engine.Session) (engine.Outcome, bool) {
	if !s.InForm() {
		return engine.Outcome{}, false
	}
	s.Return = s.Step
	return engine.Outcome{Say: []engine.Reply{engine.Say("rep.busy", nil)}, Next: engine.Return}, true
}

func codeButtons(prefix string, codes []string) []engine.Button {
	bs := make([]engine.Button, len(codes))
	for i, c := range codes {
		bs[i] = engine.Button{Msg: prefix + c, Value: c}
	}
	return bs
}

// photosOf lists the file_ids collected so far.
func photosOf(s *engine.Session) []string {
	if p := s.Answer(keyPhotos); p != "" {
		return strings.Split(p, photoSep)
	}
	return nil
}

// dateStep asks when something happened: today and yesterday as buttons,
// any other date typed, read by parse (the accident claim window, or the
// death date bound).
func dateStep(id, flow, msg string, parse func(string, time.Time) (time.Time, error), next func(*engine.Session) engine.Outcome) engine.Step {
	return engine.Step{
		ID: id, Flow: flow,
		Ask: func(*engine.Session) engine.Reply {
			return engine.Reply{Msg: msg, Buttons: withBack([]engine.Button{
				{Msg: "rep.date.today", Value: valueToday},
				{Msg: "rep.date.yesterday", Value: valueYesterday},
			})}
		},
		Accept: engine.Of(engine.KindButton, engine.KindText),
		Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
			var d time.Time
			switch {
			case in.Kind == engine.KindText:
				var err error
				if d, err = parse(in.Text, now); err != nil {
					return inputError(err)
				}
			case in.Value == valueToday:
				d = domain.Today(now)
			case in.Value == valueYesterday:
				d = domain.Today(now).AddDate(0, 0, -1)
			default:
				return engine.Fail("input.use_buttons", nil)
			}
			s.Set(keyDate, date(d))
			return next(s)
		},
	}
}

// textStep asks for free text of minLen to maxLen characters.
func textStep(id, flow, msg, key string, minLen, maxLen int, next func(*engine.Session) engine.Outcome) engine.Step {
	return engine.Step{
		ID: id, Flow: flow,
		Ask:    ask(msg),
		Accept: engine.Of(engine.KindText),
		Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
			v, err := domain.ParseFreeText(in.Text, minLen, maxLen)
			if err != nil {
				return inputError(err)
			}
			s.Set(key, v)
			return next(s)
		},
	}
}

// personMsgs are the messages of personSteps that differ between reports.
type personMsgs struct {
	nik       string                       // asks for the person's NIK
	uncovered func(*engine.Session) string // says the person is not covered
	goOn      string                       // the button reporting anyway
	stopped   string                       // said when the reporter stops
	// nameUncovered asks the name of a person whose NIK nobody
	// registered, before their nagari (deaths: the nagari must know whom
	// the family mourns).
	nameUncovered bool
}

// personSteps ask whose report it is by NIK and whether that person is a
// covered worker; a person who is not may still be reported to their
// nagari, which is then asked for. A reporter who does not know the NIK
// presses "Tidak tahu NIK" and describes the person instead, so that the
// nagari officer can find them and link the report later (intake.go):
//
//	prefix.nik → prefix.nik.check (waits: FindWorker)
//	  covered → after
//	  not covered → prefix.uncovered (go on?) [→ prefix.person.name] → prefix.kecamatan → prefix.nagari → after
//	  Tidak tahu NIK → prefix.person.name → prefix.person.age → prefix.kecamatan → prefix.nagari → after
func personSteps(flow, prefix string, msgs personMsgs, regions *domain.Regions, after func(*engine.Session) engine.Outcome) []engine.Step {
	nikID, checkID, uncoveredID := prefix+".nik", prefix+".nik.check", prefix+".uncovered"
	nameID, ageID, kecID := prefix+".person.name", prefix+".person.age", prefix+".kecamatan"
	steps := []engine.Step{
		{
			ID: nikID, Flow: flow,
			Ask: func(*engine.Session) engine.Reply {
				return engine.Reply{Msg: msgs.nik, Buttons: withBack(
					[]engine.Button{{Msg: "intake.nik.unknown", Value: valueNoNIK}},
				)}
			},
			Accept: engine.Of(engine.KindText, engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if in.Kind == engine.KindButton {
					if in.Value != valueNoNIK {
						return engine.Fail("input.use_buttons", nil)
					}
					s.Unset(keyNIK)
					s.Unset(keyRegistered)
					s.Set(keyNoNIK, "1")
					s.Set(keyPersonChain, "1")
					return engine.Goto(nameID)
				}
				nik, err := domain.ParseNIK(in.Text, now)
				if err != nil {
					return inputError(err)
				}
				forgetPerson(s)
				s.Set(keyNIK, string(nik))
				return engine.Outcome{Effects: []engine.Effect{engine.FindWorker{NIK: nik}}, Next: checkID}
			},
		},
		{
			ID: checkID, Flow: flow,
			Accept:    engine.Of(engine.KindResult),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				r := in.Result
				switch {
				case r.Err != "":
					return engine.Outcome{Say: []engine.Reply{engine.Say(r.Err, nil)}, Next: nikID}
				case !engine.AnswerOf[engine.FindWorker](r).Found:
					s.Unset(keyRegistered)
					return engine.Goto(uncoveredID)
				}
				return covered(s, after)
			},
		},
		{
			ID: uncoveredID, Flow: flow,
			Ask: func(s *engine.Session) engine.Reply {
				return engine.Reply{Msg: msgs.uncovered(s), Buttons: withBack(
					[]engine.Button{{Msg: msgs.goOn, Value: "go_on"}},
					[]engine.Button{{Msg: "rep.uncovered.stop", Value: "stop"}},
				)}
			},
			Accept:    engine.Of(engine.KindButton),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				switch in.Value {
				case "go_on":
					if msgs.nameUncovered && s.Answer(keyNIK) != "" {
						s.Set(keyPersonChain, "1")
						return engine.Goto(nameID)
					}
					return engine.Goto(kecID)
				case "stop":
					return engine.Outcome{End: true, Say: []engine.Reply{engine.Say(msgs.stopped, nil)}}
				}
				return engine.Fail("input.use_buttons", nil)
			},
		},
	}
	steps = append(steps, personDescriptionSteps(flow, nameID, ageID, kecID)...)
	return append(steps, areaSteps(flow, prefix, "rep.kecamatan.ask", regions, func(s *engine.Session) engine.Outcome {
		s.Unset(keyPersonChain)
		return after(s)
	})...)
}

// covered records that the person is a covered worker, whose nagari the
// report need not ask for, and goes on.
func covered(s *engine.Session, after func(*engine.Session) engine.Outcome) engine.Outcome {
	s.Set(keyRegistered, "1")
	s.Unset(keyKecamatan)
	s.Unset(keyNagari)
	forgetPerson(s)
	return after(s)
}

// areaSteps ask for a kecamatan (14 buttons in alphabetical order, or typed
// forgivingly) and then one of its nagari: the worker's own when
// registering, or the nagari of a person who is not registered, so that the
// right nagari hears of a report. Many people know their nagari better than
// its kecamatan, so a nagari named at the kecamatan question is taken with
// its kecamatan (a name two kecamatan share is asked about). askMsg is the
// kecamatan question; the steps are prefix.kecamatan and prefix.nagari.
func areaSteps(flow, prefix, askMsg string, regions *domain.Regions, next func(*engine.Session) engine.Outcome) []engine.Step {
	kecID, nagID := prefix+".kecamatan", prefix+".nagari"
	all := regions.Kecamatan()
	slices.SortFunc(all, func(a, b domain.Kecamatan) int {
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	keyboard := withBack(rows(2, kecamatanButtons(all))...)
	// nagariPicked settles the nagari named at the kecamatan question.
	nagariPicked := func(s *engine.Session, n domain.Nagari) engine.Outcome {
		s.Set(keyKecamatan, n.KecamatanCode)
		s.Set(keyNagari, n.Code)
		out := next(s)
		out.Say = append([]engine.Reply{engine.Say("reg.nagari.found", map[string]any{
			"Nagari": n.Name, "Kecamatan": n.KecamatanName,
		})}, out.Say...)
		return out
	}
	return []engine.Step{
		{
			ID: kecID, Flow: flow,
			Ask: func(*engine.Session) engine.Reply {
				return engine.Reply{Msg: askMsg, Buttons: keyboard}
			},
			Accept: engine.Of(engine.KindButton, engine.KindText),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				code := in.Value
				if in.Kind == engine.KindButton {
					if n, ok := regions.Nagari(code); ok { // a candidate of nagariOptions
						return nagariPicked(s, n)
					}
				}
				if in.Kind == engine.KindText {
					found := regions.MatchKecamatan(in.Text)
					switch len(found) {
					case 0:
						nagari := regions.MatchNagari("", in.Text)
						switch len(nagari) {
						case 0:
							return engine.Fail("reg.kecamatan.not_found", nil)
						case 1:
							return nagariPicked(s, nagari[0])
						}
						return engine.Outcome{Silent: true, Say: []engine.Reply{{
							Msg: "reg.nagari.ambiguous", Buttons: withBack(rows(1, nagariOptions(nagari))...),
						}}}
					case 1:
						code = found[0].Code
					default:
						return pickOne("reg.kecamatan.ambiguous", kecamatanButtons(found))
					}
				}
				if _, ok := regions.KecamatanByCode(code); !ok {
					return engine.Fail("input.use_buttons", nil)
				}
				if s.Answer(keyKecamatan) != code {
					s.Unset(keyNagari)
				}
				s.Set(keyKecamatan, code)
				return engine.Goto(nagID)
			},
		},
		{
			ID: nagID, Flow: flow,
			Ask: func(s *engine.Session) engine.Reply {
				k, _ := regions.KecamatanByCode(s.Answer(keyKecamatan))
				return engine.Reply{
					Msg:     "reg.nagari.ask",
					Data:    map[string]any{"Kecamatan": k.Name},
					Buttons: withBack(rows(2, nagariButtons(k.Nagari))...),
				}
			},
			Accept: engine.Of(engine.KindButton, engine.KindText),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				kec := s.Answer(keyKecamatan)
				code := in.Value
				if in.Kind == engine.KindText {
					found := regions.MatchNagari(kec, in.Text)
					switch len(found) {
					case 0:
						k, _ := regions.KecamatanByCode(kec)
						return engine.Fail("reg.nagari.not_found", map[string]any{"Kecamatan": k.Name})
					case 1:
						code = found[0].Code
					default:
						return pickOne("reg.nagari.ambiguous", nagariButtons(found))
					}
				}
				n, ok := regions.Nagari(code)
				if !ok || n.KecamatanCode != kec {
					return engine.Fail("input.use_buttons", nil)
				}
				s.Set(keyNagari, n.Code)
				return next(s)
			},
		},
	}
}

// photoStep collects up to max photos, one by one or as an album (each
// photo of an album arrives as its own update). Every photo is
// acknowledged with its count and a "Selesai" button, without asking the
// question again, so an album of five does not repeat it five times.
func photoStep(id, flow, msg string, max int, done func(*engine.Session) engine.Outcome) engine.Step {
	return engine.Step{
		ID: id, Flow: flow,
		Ask: func(s *engine.Session) engine.Reply {
			label := "rep.photos.skip"
			if len(photosOf(s)) > 0 {
				label = "rep.photos.done"
			}
			return engine.Reply{Msg: msg, Data: map[string]any{"Max": max, "N": len(photosOf(s))}, Buttons: withBack(
				[]engine.Button{{Msg: label, Value: valueDone}},
			)}
		},
		Accept: engine.Of(engine.KindPhoto, engine.KindButton),
		Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
			if in.Kind == engine.KindButton {
				if in.Value != valueDone {
					return engine.Fail("input.use_buttons", nil)
				}
				return done(s)
			}
			photos := photosOf(s)
			if len(photos) >= max {
				return engine.Outcome{Silent: true, Say: []engine.Reply{{
					Msg: "rep.photos.limit", Data: map[string]any{"Max": max},
					Buttons: [][]engine.Button{{{Msg: "rep.photos.done", Value: valueDone}}},
				}}}
			}
			if in.FileID == "" || strings.Contains(in.FileID, photoSep) || slices.Contains(photos, in.FileID) {
				return engine.Outcome{Silent: true}
			}
			photos = append(photos, in.FileID)
			s.Set(keyPhotos, strings.Join(photos, photoSep))
			return engine.Outcome{Silent: true, Say: []engine.Reply{{
				Msg: "rep.photos.received", Data: map[string]any{"N": len(photos), "Max": max},
				Buttons: [][]engine.Button{{{Msg: "rep.photos.done", Value: valueDone}}},
			}}}
		},
	}
}

// reporterSteps ask who is reporting for someone else: name, relation
// (labels prefix+code) and the reporter's own phone.
func reporterSteps(flow, prefix, relationMsg, labelPrefix string, relations []string, next func(*engine.Session) engine.Outcome) []engine.Step {
	nameID, relID, phoneID := prefix+".reporter.name", prefix+".reporter.relation", prefix+".reporter.phone"
	return []engine.Step{
		{
			ID: nameID, Flow: flow,
			Ask:    ask("rep.reporter.name_ask"),
			Accept: engine.Of(engine.KindText),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				name, err := domain.ParseName(in.Text)
				if err != nil {
					return inputError(err)
				}
				s.Set(keyReporterName, name)
				return engine.Goto(relID)
			},
		},
		{
			ID: relID, Flow: flow,
			Ask: func(*engine.Session) engine.Reply {
				return engine.Reply{Msg: relationMsg, Buttons: withBack(rows(2, codeButtons(labelPrefix, relations))...)}
			},
			Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if !slices.Contains(relations, in.Value) {
					return engine.Fail("input.use_buttons", nil)
				}
				s.Set(keyReporterRel, in.Value)
				return engine.Goto(phoneID)
			},
		},
		{
			ID: phoneID, Flow: flow,
			Ask:    phoneQuestion("rep.reporter.phone_ask"),
			Accept: engine.Of(engine.KindContact, engine.KindText),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				phone, err := phoneFrom(in)
				if err != nil {
					return inputError(err)
				}
				s.Set(keyReporterPhone, string(phone))
				out := next(s)
				out.Say = append([]engine.Reply{engine.Say("reg.phone.saved", nil)}, out.Say...)
				return out
			},
		},
	}
}

// locationStep offers to share a Telegram location, which helps staff find
// a field or a river bank no address names. Anything typed skips it: the
// "Lewati" key of the reply keyboard arrives as its label's text.
func locationStep(id, flow string, next func(*engine.Session) engine.Outcome) engine.Step {
	return engine.Step{
		ID: id, Flow: flow,
		Ask: func(*engine.Session) engine.Reply {
			return engine.Reply{Msg: "rep.location.ask", Keyboard: [][]engine.Button{
				{{Msg: "rep.location.share", Location: true}},
				{{Msg: "rep.location.skip"}},
				{engine.BackButton()},
			}}
		},
		Accept: engine.Of(engine.KindLocation, engine.KindText),
		Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
			if in.Kind == engine.KindText {
				s.Unset(keyLat)
				s.Unset(keyLon)
				return next(s)
			}
			if !validCoordinates(in.Lat, in.Lon) {
				return engine.Fail("rep.location.invalid", nil)
			}
			s.Set(keyLat, strconv.FormatFloat(in.Lat, 'f', 6, 64))
			s.Set(keyLon, strconv.FormatFloat(in.Lon, 'f', 6, 64))
			out := next(s)
			out.Say = append([]engine.Reply{engine.Say("rep.location.saved", nil)}, out.Say...)
			return out
		},
	}
}

func yesNo() []engine.Button {
	return []engine.Button{{Msg: "rep.yes", Value: "yes"}, {Msg: "rep.no", Value: "no"}}
}

// validCoordinates reports whether a shared location is a point on Earth
// (NaN is not).
func validCoordinates(lat, lon float64) bool {
	return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180
}

// coordinates reads the stored location; zero when none was shared.
func coordinates(s *engine.Session) (lat, lon float64) {
	lat, _ = strconv.ParseFloat(s.Answer(keyLat), 64)
	lon, _ = strconv.ParseFloat(s.Answer(keyLon), 64)
	return lat, lon
}

// morePhotoButton is put under a report's number so photos can be sent
// later (a death certificate often takes days). The report number is the
// value; the store checks the report is this chat's and still open.
func morePhotoButton(number string) [][]engine.Button {
	return [][]engine.Button{{{Msg: "rep.more.button", Value: number, Step: stepMore}}, docsButton(number)}
}

func morePhotoSteps() []engine.Step {
	return []engine.Step{
		{
			ID:      stepMore,
			Anytime: true,
			Accept:  engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if s.InForm() {
					// Starting a second form would drop the open one's answers.
					return engine.Outcome{Say: []engine.Reply{engine.Say("rep.more.busy", nil)}, Next: engine.Return}
				}
				if in.Value == "" || len(in.Value) > 20 {
					return engine.Outcome{Say: []engine.Reply{engine.Say("button.stale", nil)}, Next: engine.Return}
				}
				// The report is looked up before any photo is asked for, so a
				// closed one is refused before the reporter sends anything.
				s.StartForm(flowMorePhotos, now)
				s.Set(keyNumber, in.Value)
				return engine.Outcome{Effects: []engine.Effect{engine.LoadDocuments{Number: in.Value}}, Next: stepMoreCheck}
			},
		},
		{
			ID: stepMoreCheck, Flow: flowMorePhotos, Accept: engine.Of(engine.KindResult), Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				r := in.Result
				a := engine.AnswerOf[engine.LoadDocuments](r)
				switch {
				case r.Err != "":
					return engine.Outcome{End: true, Say: []engine.Reply{engine.Say(r.Err, nil)}}
				case !a.Found:
					return engine.Outcome{End: true, Say: []engine.Reply{engine.Say("rep.more.not_open", nil)}}
				case !a.Open:
					return engine.Outcome{End: true, Say: []engine.Reply{closedReply(a)}}
				}
				s.Set(keyDocKind, notice.KindMsg(a.Kind, a.Death))
				return engine.Goto(stepMorePhotos)
			},
		},
		morePhotoStep(),
		{
			ID: stepMoreSubmit, Flow: flowMorePhotos,
			Accept:    engine.Of(engine.KindResult),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				r := in.Result
				if r.Err != "" {
					if r.Err == "error.unavailable" {
						return engine.Outcome{Say: []engine.Reply{engine.Say("rep.submit.failed", nil)}, Next: stepMorePhotos}
					}
					return engine.Outcome{End: true, Say: []engine.Reply{engine.Say(r.Err, map[string]any{"Max": domain.MaxReportPhotosTotal})}}
				}
				a := engine.AnswerOf[engine.AddReportPhotos](r)
				return engine.Outcome{End: true, Say: []engine.Reply{{
					Msg:     "rep.more.done",
					Data:    map[string]any{"Number": a.Number, "N": a.Count},
					Buttons: morePhotoButton(a.Number),
				}}}
			},
		},
	}
}

// morePhotoStep collects the photos to add; its question names the report
// (number and kind), so the reporter knows which one they add to.
func morePhotoStep() engine.Step {
	st := photoStep(stepMorePhotos, flowMorePhotos, "rep.more.ask", domain.MaxReportPhotos, func(s *engine.Session) engine.Outcome {
		photos := photosOf(s)
		if len(photos) == 0 {
			return engine.Outcome{End: true, Say: []engine.Reply{engine.Say("rep.more.none", nil)}}
		}
		return engine.Outcome{
			Effects: []engine.Effect{engine.AddReportPhotos{Number: s.Answer(keyNumber), Photos: photos}},
			Next:    stepMoreSubmit,
		}
	})
	ask := st.Ask
	st.Ask = func(s *engine.Session) engine.Reply {
		r := ask(s)
		r.Data["Number"] = s.Answer(keyNumber)
		r.Data["Kind"] = engine.Msg(s.Answer(keyDocKind))
		return r
	}
	return st
}
