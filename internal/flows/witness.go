package flows

// Witnesses of an accident (issue #15): BPJS's JKK documents ask for a
// written kronologi with the e-KTP of 2 witnesses (DOMAIN.md §4), so the
// accident report asks who saw it, after the treatment and before the
// photos. None is required to send the report.
//
//	jkk.witness        a name, and a phone on the same line if known
//	                   ("Pak Datuak 0812 3456 7890") | Tidak ada saksi | Lewati;
//	                   for the second: the name | Lanjut
//	jkk.witness.phone  the phone of a witness typed without one, a shared
//	                   contact, or Lewati
//	jkk.witness.more   Tambah saksi lain | Lanjut (only Lanjut after two)
//
// "Ubah saksi" on the summary asks them all again.

import (
	"strings"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

const (
	stepAccWitness      = "jkk.witness"
	stepAccWitnessPhone = "jkk.witness.phone"
	stepAccWitnessMore  = "jkk.witness.more"
)

// Answer keys of the witnesses: a line per witness, "name\tphone" (a name
// holds neither a tab nor a newline), the name waiting for its phone, and
// whether the reporter said nobody saw it ("none") or skipped ("skip").
const (
	keyWitnesses    = "witnesses"
	keyWitnessName  = "wit_name"
	keyWitnessState = "wit_state"
	witnessNone     = "none"
	witnessSkip     = "skip"
	witnessAdd      = "add"
)

// witnessesOf reads the witnesses stored so far.
func witnessesOf(s *engine.Session) []domain.Witness {
	var ws []domain.Witness
	for line := range strings.SplitSeq(s.Answer(keyWitnesses), "\n") {
		if line == "" {
			continue
		}
		name, phone, _ := strings.Cut(line, "\t")
		ws = append(ws, domain.Witness{Name: name, Phone: domain.Phone(phone)})
	}
	return ws
}

func addWitness(s *engine.Session, w domain.Witness) {
	line := w.Name + "\t" + string(w.Phone)
	if v := s.Answer(keyWitnesses); v != "" {
		line = v + "\n" + line
	}
	s.Set(keyWitnesses, line)
	s.Unset(keyWitnessName)
	s.Unset(keyWitnessState)
}

// forgetWitnesses drops the witnesses, to ask them again.
func forgetWitnesses(s *engine.Session) {
	for _, k := range []string{keyWitnesses, keyWitnessName, keyWitnessState} {
		s.Unset(k)
	}
}

// accidentWitnessData is the witnesses for a message: a list of Name and Phone,
// and whether nobody saw it.
func accidentWitnessData(s *engine.Session, d map[string]any) {
	list := []map[string]any{}
	for _, w := range witnessesOf(s) {
		list = append(list, map[string]any{"Name": w.Name, "Phone": string(w.Phone)})
	}
	d["Witnesses"] = list
	d["NoWitness"] = s.Answer(keyWitnessState) == witnessNone
}

// afterWitnesses goes on to the photos, or back to the summary after a
// change.
func afterWitnesses(s *engine.Session) engine.Outcome { return then(s, stepAccPhotos) }

// witnessFull refuses a third witness politely and offers to go on.
func witnessFull() engine.Outcome {
	return engine.Outcome{Say: []engine.Reply{engine.Say("jkk.witness.full", map[string]any{"Max": domain.MaxWitnesses})}, Next: stepAccWitnessMore}
}

// takeWitness reads a typed witness: with a phone the witness is added,
// without one its phone is asked.
func takeWitness(s *engine.Session, text string) engine.Outcome {
	if len(witnessesOf(s)) >= domain.MaxWitnesses {
		return witnessFull()
	}
	w, err := domain.ParseWitness(text)
	if err != nil {
		return inputError(err)
	}
	if w.Phone == "" {
		s.Set(keyWitnessName, w.Name)
		return engine.Goto(stepAccWitnessPhone)
	}
	addWitness(s, w)
	return engine.Goto(stepAccWitnessMore)
}

func witnessSteps() []engine.Step {
	return []engine.Step{
		{
			ID: stepAccWitness, Flow: flowAccident,
			Ask: func(s *engine.Session) engine.Reply {
				n := len(witnessesOf(s))
				bs := [][]engine.Button{
					{{Msg: "jkk.witness.none", Value: witnessNone}},
					{{Msg: "jkk.witness.skip", Value: witnessSkip}},
				}
				msg := "jkk.witness.ask"
				if n > 0 {
					msg, bs = "jkk.witness.ask_next", [][]engine.Button{{{Msg: "jkk.witness.go_on", Value: valueDone}}}
				}
				return engine.Reply{Msg: msg, Buttons: withBack(bs...)}
			},
			Accept: engine.Of(engine.KindText, engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if in.Kind == engine.KindText {
					return takeWitness(s, in.Text)
				}
				n := len(witnessesOf(s))
				switch {
				case n > 0 && in.Value == valueDone:
					return afterWitnesses(s)
				case n == 0 && (in.Value == witnessNone || in.Value == witnessSkip):
					s.Set(keyWitnessState, in.Value)
					out := afterWitnesses(s)
					out.Say = []engine.Reply{engine.Say("jkk.witness.later", map[string]any{"None": in.Value == witnessNone})}
					return out
				}
				return engine.Fail("input.use_buttons", nil)
			},
		},
		{
			ID: stepAccWitnessPhone, Flow: flowAccident,
			Ask: func(s *engine.Session) engine.Reply {
				return engine.Reply{Msg: "jkk.witness.phone_ask", Data: map[string]any{"Name": s.Answer(keyWitnessName)},
					Buttons: withBack([]engine.Button{{Msg: "jkk.witness.phone_skip", Value: witnessSkip}})}
			},
			Accept: engine.Of(engine.KindText, engine.KindButton, engine.KindContact),
			// Kembali never returns here: the witness it asked about is
			// already in the list.
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				name := s.Answer(keyWitnessName)
				if name == "" {
					// A stale button of a session whose name is gone.
					return engine.Goto(stepAccWitness)
				}
				w := domain.Witness{Name: name}
				switch in.Kind {
				case engine.KindButton:
					if in.Value != witnessSkip {
						return engine.Fail("input.use_buttons", nil)
					}
				case engine.KindContact:
					// A witness's contact card: anyone's number, not the
					// sender's own.
					phone, err := domain.ParsePhone(in.Phone)
					if err != nil {
						return inputError(err)
					}
					w.Phone = phone
				default:
					phone, err := domain.ParsePhone(in.Text)
					if err != nil {
						return inputError(err)
					}
					w.Phone = phone
				}
				if len(witnessesOf(s)) >= domain.MaxWitnesses {
					s.Unset(keyWitnessName)
					return witnessFull()
				}
				addWitness(s, w)
				return engine.Goto(stepAccWitnessMore)
			},
		},
		{
			ID: stepAccWitnessMore, Flow: flowAccident,
			Ask: func(s *engine.Session) engine.Reply {
				d := map[string]any{"Max": domain.MaxWitnesses}
				accidentWitnessData(s, d)
				ws := witnessesOf(s)
				d["N"], d["Full"] = len(ws), len(ws) >= domain.MaxWitnesses
				bs := [][]engine.Button{{{Msg: "jkk.witness.add", Value: witnessAdd}}, {{Msg: "jkk.witness.go_on", Value: valueDone}}}
				if len(ws) >= domain.MaxWitnesses {
					bs = bs[1:]
				}
				return engine.Reply{Msg: "jkk.witness.more_ask", Data: d, Buttons: withBack(bs...)}
			},
			Accept: engine.Of(engine.KindText, engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if in.Kind == engine.KindText {
					// The next witness typed straight away.
					return takeWitness(s, in.Text)
				}
				switch in.Value {
				case valueDone:
					return afterWitnesses(s)
				case witnessAdd:
					if len(witnessesOf(s)) >= domain.MaxWitnesses {
						return witnessFull()
					}
					return engine.Goto(stepAccWitness)
				}
				return engine.Fail("input.use_buttons", nil)
			},
		},
	}
}

// witnessView adds a report's witnesses to a staff report view's data,
// with their full numbers: the officer calls them for the kronologi.
func witnessView(p domain.ReportRecord, data map[string]any) {
	list := []map[string]any{}
	for _, w := range p.Witnesses {
		list = append(list, map[string]any{"Name": w.Name, "Phone": string(w.Phone)})
	}
	data["Witnesses"], data["NoWitness"] = list, p.NoWitnesses
}
