package engine_test

import (
	"testing"

	"github.com/jaganagari/jaganagari/internal/engine"
)

func TestPressed(t *testing.T) {
	t.Parallel()
	m := toy(t)
	home := engine.Session{V: engine.SchemaVersion, Step: "home", Touched: now}
	inForm := engine.Session{V: engine.SchemaVersion, Step: "a", Flow: "toy", Touched: now}
	for _, c := range []struct {
		name   string
		s      engine.Session
		in     engine.Input
		wantOK bool
	}{
		{"a_press_on_the_question_asked_is_found", home, engine.Press("home", "go"), true},
		{"a_press_on_an_older_question_is_not", inForm, engine.Press("home", "go"), false},
		{"kembali_is_not_an_answer", home, engine.Press("home", engine.ValueBack), false},
		{"a_value_the_question_does_not_offer_is_not", home, engine.Press("home", "other"), false},
		{"an_anytime_button_is_not", home, engine.Press("notice", "x"), false},
		{"a_typed_answer_is_not_a_press", home, engine.Text("go"), false},
		{"a_press_on_an_expired_form_is_not", engine.Session{V: engine.SchemaVersion, Step: "home", Flow: "toy", Touched: now.Add(-engine.FormTTL - 1)}, engine.Press("home", "go"), false},
		{"a_session_of_another_schema_is_not", engine.Session{V: engine.SchemaVersion + 1, Step: "home"}, engine.Press("home", "go"), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			q, b, ok := m.Pressed(c.s, c.in, now)
			if ok != c.wantOK {
				t.Fatalf("ok = %v, want %v", ok, c.wantOK)
			}
			if ok && (q.Msg != "home.ask" || b.Msg != "go") {
				t.Errorf("question %q, button %q; want home.ask, go", q.Msg, b.Msg)
			}
		})
	}
}
