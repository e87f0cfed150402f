package engine

import (
	"maps"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// MaxTextRunes is the longest text any step reads. Telegram allows 4,096;
// no answer in our forms needs more than a few hundred, and a limit keeps a
// pasted essay out of Redis and Postgres.
const MaxTextRunes = 1000

// Advance moves the session one input forward. It is pure: the same
// arguments always give the same result, and prev is not modified.
func (m *Machine) Advance(prev Session, in Input, now time.Time) (Session, []Reply, []Effect) {
	t := turn{m: m, s: prev.clone(), now: now, hadKB: prev.KB}
	t.run(in)
	t.closeKeyboard()
	return t.s, t.replies, t.effects
}

// turn collects what one call of Advance produces.
type turn struct {
	m       *Machine
	s       Session
	now     time.Time
	replies []Reply
	effects []Effect
	hadKB   bool
}

func (t *turn) run(in Input) {
	s := &t.s
	if s.V != SchemaVersion {
		if s.V != 0 && s.InForm() {
			t.say("session.reset", nil)
		}
		*s = Session{V: SchemaVersion, Lang: s.Lang, KB: s.KB}
	}
	if s.InForm() && !s.Touched.IsZero() && t.now.Sub(s.Touched) > FormTTL {
		s.EndForm()
		s.Step = ""
		s.Dropped = false // no question is open any more
		t.say("form.expired", nil)
	}
	if in.Kind != KindResult {
		s.Touched = t.now
	}
	if s.Dropped && in.Kind != KindResult {
		s.Dropped = false
		// A button names its step and a command means itself; anything
		// else could answer the wrong question.
		if in.Kind != KindButton && in.Kind != KindCommand {
			t.say("input.dropped", nil)
			t.askCurrent()
			return
		}
	}
	if n := utf8.RuneCountInString(in.Text); n > MaxTextRunes {
		t.say("input.too_long", map[string]any{"Max": MaxTextRunes})
		t.askCurrent()
		return
	}

	if in.Kind == KindCommand {
		cmd, ok := t.m.commands[in.Command]
		if !ok {
			t.say("command.unknown", nil)
			t.askCurrent()
			return
		}
		t.apply(cmd(s, in, t.now))
		return
	}

	if in.Kind == KindButton && in.Step != s.Step {
		if side, ok := t.m.steps[in.Step]; ok && side.Anytime {
			if _, known := t.m.steps[s.Step]; !known {
				s.EndForm()
				s.Step = t.m.home
			}
			s.Return = s.Step
			t.apply(side.Handle(s, in, t.now))
			return
		}
	}

	st, ok := t.m.steps[s.Step]
	if !ok {
		// A new chat, a lost session, or a step this deploy no longer has.
		if s.Step != "" && in.Kind != KindResult {
			t.say("session.reset", nil)
		}
		s.EndForm()
		st = t.m.steps[t.m.home]
		s.Step = st.ID
		switch {
		case in.Kind == KindButton && in.Step != st.ID:
			// A button of a form whose session is gone (expired, or Redis
			// was flushed): say so rather than guess.
			t.say("session.lost", nil)
			t.ask(st)
			return
		case in.Kind != KindButton:
			t.ask(st)
			return
		}
		// A menu button from before the session was lost still works.
	}
	if in.Kind == KindResult {
		if st.Ask != nil || !st.Accept.Has(KindResult) {
			return // a result nobody waits for any more
		}
		t.apply(st.Handle(s, in, t.now))
		return
	}
	if in.Kind == KindText && s.InForm() && isBackWord(in.Text) {
		t.back()
		return
	}
	if in.Kind == KindButton {
		if in.Step != s.Step {
			t.say("button.stale", nil)
			t.askCurrent()
			return
		}
		if in.Value == ValueBack {
			t.back()
			return
		}
	}
	if !st.Accept.Has(in.Kind) {
		t.say(wrongKindMsg(st, in.Kind), nil)
		t.askCurrent()
		return
	}
	t.apply(st.Handle(s, in, t.now))
}

// wrongKindMsg explains what the step wanted instead.
func wrongKindMsg(st *Step, k Kind) string {
	switch {
	case k == KindEdit:
		return "input.edited"
	case k == KindForward:
		return "input.forwarded"
	case st.Ask == nil:
		return "input.wait"
	case st.Accept.Has(KindText):
		return "input.type_text"
	case st.Accept.Has(KindPhoto):
		return "input.send_photo"
	default:
		return "input.use_buttons"
	}
}

func (t *turn) apply(out Outcome) {
	s := &t.s
	if out.Error != "" {
		t.say(out.Error, out.ErrorData)
		t.askCurrent()
		return
	}
	from := s.Step
	for _, r := range out.Say {
		t.replies = append(t.replies, stamp(r, from))
	}
	t.effects = append(t.effects, out.Effects...)

	if out.End {
		s.EndForm()
	}
	next := out.Next
	switch next {
	case "":
		if out.End {
			next = t.m.home
		} else {
			next = from
		}
	case Return:
		next = s.Return
		s.Return = ""
		if next == "" || t.m.steps[next] == nil {
			next = t.m.home
		}
	case Home:
		next = t.m.home
	}
	if next != from && !out.End {
		t.remember(from, next)
	}
	if out.Silent {
		s.Step = next
		return
	}
	t.goTo(next)
}

// remember pushes from onto the back path when moving within one form.
func (t *turn) remember(from, next string) {
	s := &t.s
	fst, nst := t.m.steps[from], t.m.steps[next]
	if fst == nil || nst == nil || fst.Transient || !s.InForm() || fst.Flow != s.Flow || nst.Flow != s.Flow {
		return
	}
	if len(s.Back) > 0 && s.Back[len(s.Back)-1] == from {
		return
	}
	s.Back = append(s.Back, from)
}

func (t *turn) back() {
	s := &t.s
	s.Editing = false
	// A step asked again after a waiting step (a NIK found registered) is
	// on the path already: going back to it would only repeat it.
	for len(s.Back) > 0 && s.Back[len(s.Back)-1] == s.Step {
		s.Back = s.Back[:len(s.Back)-1]
	}
	if len(s.Back) == 0 {
		t.askCurrent()
		return
	}
	prev := s.Back[len(s.Back)-1]
	s.Back = s.Back[:len(s.Back)-1]
	t.goTo(prev)
}

// goTo makes id the current step and asks its question. A waiting step
// (no Ask) is only valid when this turn produced an effect that answers.
func (t *turn) goTo(id string) {
	s := &t.s
	st, ok := t.m.steps[id]
	if !ok || (st.Ask == nil && !t.awaitsResult()) {
		t.say("error.internal", nil)
		s.EndForm()
		st = t.m.steps[t.m.home]
	}
	s.Step = st.ID
	if st.Ask != nil {
		t.ask(st)
	}
}

func (t *turn) awaitsResult() bool {
	return slices.ContainsFunc(t.effects, Answers)
}

func (t *turn) askCurrent() {
	if st, ok := t.m.steps[t.s.Step]; ok && st.Ask != nil {
		t.ask(st)
		return
	}
	if _, ok := t.m.steps[t.s.Step]; !ok {
		t.goTo(t.m.home)
	}
}

func (t *turn) ask(st *Step) {
	r := stamp(st.Ask(&t.s), st.ID)
	if len(r.Keyboard) > 0 {
		t.s.KB = true
	}
	t.replies = append(t.replies, r)
}

func (t *turn) say(msg string, data map[string]any) {
	t.replies = append(t.replies, Reply{Msg: msg, Data: data})
}

// closeKeyboard takes a reply keyboard off the screen once no step of this
// turn shows one. Telegram puts one markup on a message, so the removal
// rides on the first reply without buttons, or on a short message of its own.
func (t *turn) closeKeyboard() {
	if !t.hadKB || slices.ContainsFunc(t.replies, func(r Reply) bool { return len(r.Keyboard) > 0 }) {
		return
	}
	t.s.KB = false
	for i := range t.replies {
		if len(t.replies[i].Buttons) == 0 {
			t.replies[i].RemoveKeyboard = true
			return
		}
	}
	t.replies = append([]Reply{{Msg: "keyboard.closed", RemoveKeyboard: true}}, t.replies...)
}

// stamp marks the buttons of r as drawn by step, so a later press can be
// checked against the step then current. Rows are copied: Ask may return a
// keyboard shared by every chat.
func stamp(r Reply, step string) Reply {
	rows := make([][]Button, len(r.Buttons))
	for i, row := range r.Buttons {
		rows[i] = slices.Clone(row)
		for j := range rows[i] {
			if rows[i][j].Step == "" {
				rows[i][j].Step = step
			}
		}
	}
	r.Buttons = rows
	return r
}

// clone copies the parts of a session that Advance changes in place.
func (s Session) clone() Session {
	s.Answers = maps.Clone(s.Answers)
	s.Back = slices.Clone(s.Back)
	return s
}

// isBackWord reports whether a typed text means "Kembali". Reply keyboards
// send their label as text ("⬅️ Kembali"), and people type it too.
func isBackWord(text string) bool {
	if len(text) > 32 {
		return false
	}
	letters := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, text)
	return letters == "kembali" || letters == "back"
}
