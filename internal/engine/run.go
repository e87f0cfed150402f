package engine

import (
	"errors"
	"time"
)

// MaxHops bounds how many rounds of effects one input may set off: the
// effects of the input, then those their results set off, and so on. A
// lookup and its answer are one round; a flow needing more than MaxHops
// rounds is a bug, not a reason to loop.
const MaxHops = 4

// ErrTooManyHops says effects were still wanted after MaxHops rounds. Run
// drops them and returns the session and replies so far.
var ErrTooManyHops = errors.New("effects chain longer than engine.MaxHops")

// Apply carries out one round of effects, in order, and returns the Results
// of those that answer (see Answers), in the same order. An effect that
// could not be carried out answers a Result with Err set, so Apply has no
// error of its own.
type Apply func(effects []Effect) []Result

// Run moves the session one input forward, as Advance does, and has apply
// carry out the effects that produces, feeding each Result back through
// Advance until no effects remain. It is the loop every caller of the
// engine uses: the bot (apply writes to Postgres) and the tests (apply
// answers from a fake). Run itself does no I/O; apply does.
func (m *Machine) Run(prev Session, in Input, now time.Time, apply Apply) (Session, []Reply, error) {
	s, replies, effects := m.Advance(prev, in, now)
	for hop := 0; len(effects) > 0; hop++ {
		if hop == MaxHops {
			return s, replies, ErrTooManyHops
		}
		results := apply(effects)
		effects = nil
		for i := range results {
			var more []Reply
			var next []Effect
			s, more, next = m.Advance(s, Input{Kind: KindResult, Result: &results[i]}, now)
			replies = append(replies, more...)
			effects = append(effects, next...)
		}
	}
	return s, replies, nil
}
