package engine

import (
	"fmt"
	"time"
)

// Step is one question of a flow, as data. A step without Ask asks nothing:
// it waits for the Result of the effects that led to it.
type Step struct {
	// ID is stored in live sessions: renaming a step breaks them.
	ID string
	// Flow names the form the step belongs to; "" for steps outside forms
	// (the menu, side trips).
	Flow string
	// Ask builds the question; Advance adds the step ID to its buttons.
	Ask func(s *Session) Reply
	// Accept says which inputs Handle takes. Buttons are always matched
	// against the step, so a step with buttons lists KindButton.
	Accept Kinds
	// Handle reads one input and decides what comes next.
	Handle func(s *Session, in Input, now time.Time) Outcome
	// Transient steps are not remembered for "Kembali": going back skips
	// them (waiting steps, confirmations).
	Transient bool
	// Anytime makes the step's buttons valid whatever step the chat is on,
	// for buttons on messages sent outside the conversation (a staff
	// notification's "Verifikasi"). The press is a side trip: Return is set
	// to the step the chat was on, so Next: Return comes back to it.
	Anytime bool
	// Menu keeps an Anytime step's buttons on their message when one is
	// pressed, for menus and lists used again and again (the staff menu,
	// /staf); other pressed messages lose their buttons.
	Menu bool
}

// Outcome is what a step decided about an input.
type Outcome struct {
	// Error, a message ID, says the input was not usable; the step asks
	// again after showing it.
	Error     string
	ErrorData map[string]any
	// Say is shown before the next question.
	Say     []Reply
	Effects []Effect
	// Next is the step to ask next. "" asks the same step again; Return
	// goes back to where a side trip started; Home ends any form.
	Next string
	// End finishes the form (it was submitted or abandoned).
	End bool
	// Silent suppresses the next step's question (the Say already covers it).
	Silent bool
}

// Special values of Outcome.Next.
const (
	Return = "<return>"
	Home   = "<home>"
)

// Goto is the outcome of moving to step id.
func Goto(id string) Outcome { return Outcome{Next: id} }

// Fail is the outcome of an input that was not usable.
func Fail(msg string, data map[string]any) Outcome { return Outcome{Error: msg, ErrorData: data} }

// Command handles a slash command. Commands work from any step.
type Command func(s *Session, in Input, now time.Time) Outcome

// Machine is the set of steps and commands a bot runs.
type Machine struct {
	steps    map[string]*Step
	commands map[string]Command
	home     string
}

// NewMachine checks and indexes steps. home is the step an idle chat sits
// on (the menu).
func NewMachine(home string, commands map[string]Command, steps ...Step) (*Machine, error) {
	m := &Machine{steps: make(map[string]*Step, len(steps)), commands: commands, home: home}
	for i := range steps {
		st := &steps[i]
		switch {
		case st.ID == "" || st.ID == Return || st.ID == Home:
			return nil, fmt.Errorf("step %d has a reserved or empty id %q", i, st.ID)
		case m.steps[st.ID] != nil:
			return nil, fmt.Errorf("step %q defined twice", st.ID)
		case st.Handle == nil:
			return nil, fmt.Errorf("step %q has no Handle", st.ID)
		}
		m.steps[st.ID] = st
	}
	if m.steps[home] == nil {
		return nil, fmt.Errorf("home step %q not defined", home)
	}
	return m, nil
}

// Step returns the step with id.
func (m *Machine) Step(id string) (*Step, bool) {
	st, ok := m.steps[id]
	return st, ok
}
