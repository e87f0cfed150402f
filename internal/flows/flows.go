package flows

import (
	"fmt"
	"maps"
	"strings"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

// ConsentVersion names the consent text in locales (reg.consent.ask). Change
// it whenever that text changes in substance: UU PDP Pasal 24 asks us to show
// which text each worker agreed to.
const ConsentVersion = "2026-12-v3" // v2 names the mother's maiden name; v3 the heir as a family contact

// Languages the bot speaks; the first is the default.
var Languages = []string{"id", "en"}

// New builds the machine for the nagari in regions.
func New(regions *domain.Regions) (*engine.Machine, error) {
	if len(regions.Kecamatan()) == 0 {
		return nil, fmt.Errorf("no kecamatan loaded: run migrations first")
	}
	steps := append(menuSteps(), registrationSteps(regions)...)
	steps = append(steps, privacySteps(regions)...)
	steps = append(steps, staffSteps()...)
	steps = append(steps, staffMenuSteps()...)
	steps = append(steps, membershipEndSteps()...)
	steps = append(steps, bpjsSteps()...)
	steps = append(steps, iuranSteps(regions)...)
	steps = append(steps, plkkSteps()...)
	steps = append(steps, importSteps(regions)...)
	steps = append(steps, reportSteps(regions)...)
	steps = append(steps, fixSteps(regions)...)
	steps = append(steps, posterSteps(regions)...)
	steps = append(steps, cardSteps()...)
	steps = append(steps, assistedSteps()...)
	steps = append(steps, linkSteps()...)
	cmds := commands(regions)
	maps.Copy(cmds, assistedCommands())
	maps.Copy(cmds, linkCommands())
	maps.Copy(cmds, privacyCommands())
	maps.Copy(cmds, fixCommands())
	maps.Copy(cmds, docsCommands())
	maps.Copy(cmds, cardCommands())
	maps.Copy(cmds, iuranCommands())
	maps.Copy(cmds, plkkCommands())
	maps.Copy(cmds, templateCommands())
	m, err := engine.NewMachine(stepMenu, cmds, steps...)
	if err != nil {
		return nil, fmt.Errorf("build flows: %w", err)
	}
	return m, nil
}

// row lays buttons out n to a row, because old phones show long rows badly.
func rows(n int, bs []engine.Button) [][]engine.Button {
	var out [][]engine.Button
	for len(bs) > 0 {
		k := min(n, len(bs))
		out = append(out, bs[:k:k])
		bs = bs[k:]
	}
	return out
}

// date formats a date the way answers store it.
func date(t time.Time) string { return t.Format(time.DateOnly) }

// parseStored reads a date stored by date; stored answers were validated
// when stored, so a failure means a corrupt session and yields zero.
func parseStored(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

// inputError turns a domain error into a step outcome showing its message.
func inputError(err error) engine.Outcome {
	if ie, ok := err.(*domain.InputError); ok {
		return engine.Fail(ie.Msg, ie.Data)
	}
	return engine.Fail("error.internal", nil)
}

// then is where a step goes next: its successor, or straight back to the
// form's summary when the worker is changing one field from there.
func then(s *engine.Session, next string) engine.Outcome {
	if s.Editing {
		s.Editing = false
		return engine.Goto(summaryOf[s.Flow])
	}
	return engine.Goto(next)
}

// summaryOf is each form's summary step, where then returns to.
var summaryOf = map[string]string{
	flowRegistration: stepSummary,
	flowAccident:     stepAccSummary,
	flowDeath:        stepDeathSummary,
}

// summaryEdit maps a summary's "Ubah …" button (value "edit:"+value) to the
// step that asks that field again.
type summaryEdit struct{ value, step string }

// handleSummary is the Handle of a form's summary step: Kirim (submit),
// Batal (asks first), or one of the "Ubah …" buttons, after which the
// changed field's step returns to the summary.
func handleSummary(edits []summaryEdit, submit func(s *engine.Session, now time.Time) engine.Outcome) func(*engine.Session, engine.Input, time.Time) engine.Outcome {
	return func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
		switch v := in.Value; {
		case v == "submit":
			return submit(s, now)
		case v == "cancel":
			s.Return = s.Step
			return engine.Goto(stepCancelConfirm)
		case strings.HasPrefix(v, "edit:"):
			for _, e := range edits {
				if "edit:"+e.value == v {
					s.Editing = true
					return engine.Goto(e.step)
				}
			}
		}
		return engine.Fail("input.use_buttons", nil)
	}
}

// phoneQuestion asks for a phone number with a reply-keyboard button that
// shares the sender's own Telegram number (preferred: Telegram verified it).
func phoneQuestion(msg string) func(*engine.Session) engine.Reply {
	return func(*engine.Session) engine.Reply {
		return engine.Reply{Msg: msg, Keyboard: [][]engine.Button{
			{{Msg: "reg.phone.share", Contact: true}},
			{engine.BackButton()},
		}}
	}
}

// phoneFrom reads the answer to a phoneQuestion: a shared contact, which
// must be the sender's own, or a typed number.
func phoneFrom(in engine.Input) (domain.Phone, error) {
	if in.Kind == engine.KindContact {
		if !in.OwnContact {
			return "", domain.Invalid("reg.phone.not_own")
		}
		return domain.ParsePhone(in.Phone)
	}
	return domain.ParsePhone(in.Text)
}
