package engine

import "time"

// Pressed finds the question a press answers and the button pressed, so the
// adapter can leave the answer visible under the question once the buttons
// are gone. ok is false when the press is not a plain answer to the question
// now asked: a stale or foreign button, "Kembali", a button of an Anytime
// step, a form that expired or was reset, or a value the question does not
// offer (a candidate from a "which one?" message). It is pure, like Advance,
// and takes the session as it was before the press.
func (m *Machine) Pressed(s Session, in Input, now time.Time) (question Reply, pressed Button, ok bool) {
	if in.Kind != KindButton || in.Step == "" || in.Step != s.Step || in.Value == ValueBack || s.V != SchemaVersion {
		return Reply{}, Button{}, false
	}
	if s.InForm() && !s.Touched.IsZero() && now.Sub(s.Touched) > FormTTL {
		return Reply{}, Button{}, false
	}
	st, known := m.steps[s.Step]
	if !known || st.Ask == nil || st.Anytime {
		return Reply{}, Button{}, false
	}
	s = s.clone()
	q := st.Ask(&s)
	for _, row := range q.Buttons {
		for _, b := range row {
			if b.Share == nil && b.Value == in.Value && (b.Step == "" || b.Step == st.ID) {
				return q, b, true
			}
		}
	}
	return Reply{}, Button{}, false
}
