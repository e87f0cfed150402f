package flows

import (
	"slices"
	"strings"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

// nagariPick is a regency admin's choice of one nagari with buttons, for a
// task of the whole regency (/iuran, an import without a nagari): the
// kecamatan first, then one of its nagari, each with a cancel button under
// it. Only a nagari offered can be picked: a stale press is refused.
type nagariPick struct {
	kecamatanStep, nagariStep string // the two steps' IDs
	kecamatanMsg, nagariMsg   string // their questions
	cancelMsg                 string // the cancel button's label
	// listKey is the answer key holding the kecamatan's nagari codes
	// between the two questions.
	listKey   string
	cancelled func(*engine.Session) engine.Outcome
	picked    func(s *engine.Session, code string, now time.Time) engine.Outcome
}

func (p nagariPick) steps(regions *domain.Regions) []engine.Step {
	cancel := []engine.Button{{Msg: p.cancelMsg, Value: "cancel"}}
	return []engine.Step{
		{
			ID: p.kecamatanStep,
			Ask: func(s *engine.Session) engine.Reply {
				return engine.Reply{Msg: p.kecamatanMsg, Buttons: append(rows(2, kecamatanButtons(regions.Kecamatan())), cancel)}
			},
			Accept:    engine.Of(engine.KindButton),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if in.Value == "cancel" {
					return p.cancelled(s)
				}
				k, ok := regions.KecamatanByCode(in.Value)
				if !ok {
					return engine.Fail("input.use_buttons", nil)
				}
				codes := make([]string, len(k.Nagari))
				for i, n := range k.Nagari {
					codes[i] = n.Code
				}
				s.Set(p.listKey, strings.Join(codes, ","))
				return engine.Goto(p.nagariStep)
			},
		},
		{
			ID: p.nagariStep,
			Ask: func(s *engine.Session) engine.Reply {
				var ns []domain.Nagari
				for _, code := range strings.Split(s.Answer(p.listKey), ",") {
					if n, ok := regions.Nagari(code); ok {
						ns = append(ns, n)
					}
				}
				return engine.Reply{Msg: p.nagariMsg, Buttons: append(rows(2, nagariButtons(ns)), cancel)}
			},
			Accept:    engine.Of(engine.KindButton),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if in.Value == "cancel" {
					return p.cancelled(s)
				}
				if !slices.Contains(strings.Split(s.Answer(p.listKey), ","), in.Value) {
					return engine.Fail("input.use_buttons", nil)
				}
				s.Unset(p.listKey)
				return p.picked(s, in.Value, now)
			},
		},
	}
}
