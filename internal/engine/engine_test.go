package engine_test

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/jaganagari/jaganagari/internal/engine"
)

var now = time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)

// toy is a two-question form: enough to test the engine's own rules.
func toy(t *testing.T) *engine.Machine {
	t.Helper()
	m, err := engine.NewMachine("home", map[string]engine.Command{
		"start": func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
			return engine.Goto(engine.Home)
		},
	},
		engine.Step{
			ID: "home",
			Ask: func(*engine.Session) engine.Reply {
				return engine.Reply{Msg: "home.ask", Buttons: [][]engine.Button{{{Msg: "go", Value: "go"}}}}
			},
			Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				s.StartForm("toy", now)
				return engine.Goto("a")
			},
		},
		engine.Step{
			ID:      "notice",
			Anytime: true,
			Accept:  engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				return engine.Outcome{Say: []engine.Reply{engine.Say("noticed", nil)}}
			},
		},
		engine.Step{
			ID: "a", Flow: "toy",
			Ask:    func(*engine.Session) engine.Reply { return engine.Reply{Msg: "a.ask"} },
			Accept: engine.Of(engine.KindText),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if in.Text == "bad" {
					return engine.Fail("a.bad", nil)
				}
				s.Set("a", in.Text)
				return engine.Goto("b")
			},
		},
		engine.Step{
			ID: "b", Flow: "toy",
			Ask: func(*engine.Session) engine.Reply {
				return engine.Reply{Msg: "b.ask", Keyboard: [][]engine.Button{{{Msg: "share", Contact: true}}}}
			},
			Accept: engine.Of(engine.KindContact),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				return engine.Outcome{End: true, Say: []engine.Reply{{Msg: "done", Buttons: [][]engine.Button{{{Msg: "x"}}}}}}
			},
		},
	)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func msgs(rs []engine.Reply) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Msg
	}
	return out
}

func step(t *testing.T, m *engine.Machine, s engine.Session, in engine.Input, want ...string) engine.Session {
	t.Helper()
	s, rs, _ := m.Advance(s, in, now)
	if diff := cmp.Diff(want, msgs(rs)); diff != "" {
		t.Fatalf("replies (-want +got):\n%s", diff)
	}
	return s
}

func TestAdvance(t *testing.T) {
	t.Parallel()
	m := toy(t)
	start := func(t *testing.T) engine.Session {
		s := step(t, m, engine.Session{}, engine.Text("hi"), "home.ask")
		return step(t, m, s, engine.Press("home", "go"), "a.ask")
	}

	t.Run("new_chat_sees_the_menu", func(t *testing.T) {
		s := step(t, m, engine.Session{}, engine.Text("halo"), "home.ask")
		if s.V != engine.SchemaVersion || s.Step != "home" {
			t.Errorf("session = %+v", s)
		}
	})
	t.Run("advance_does_not_modify_its_argument", func(t *testing.T) {
		s := start(t)
		before, _ := json.Marshal(s)
		m.Advance(s, engine.Text("answer"), now)
		after, _ := json.Marshal(s)
		if string(before) != string(after) {
			t.Errorf("session changed in place:\n%s\n%s", before, after)
		}
	})
	t.Run("same_arguments_same_result", func(t *testing.T) {
		s := start(t)
		s1, r1, e1 := m.Advance(s, engine.Text("answer"), now)
		s2, r2, e2 := m.Advance(s, engine.Text("answer"), now)
		if diff := cmp.Diff([]any{s1, r1, e1}, []any{s2, r2, e2}); diff != "" {
			t.Error(diff)
		}
	})
	t.Run("ten_thousand_characters_are_refused_politely", func(t *testing.T) {
		s := step(t, m, start(t), engine.Text(strings.Repeat("x", 10000)), "input.too_long", "a.ask")
		if s.Answer("a") != "" {
			t.Error("long text stored")
		}
	})
	t.Run("sticker_where_text_is_wanted", func(t *testing.T) {
		step(t, m, start(t), engine.Input{Kind: engine.KindOther}, "input.type_text", "a.ask")
	})
	t.Run("text_where_a_button_is_wanted", func(t *testing.T) {
		step(t, m, engine.Session{V: engine.SchemaVersion, Step: "home"}, engine.Text("go"), "input.use_buttons", "home.ask")
	})
	t.Run("unknown_command", func(t *testing.T) {
		step(t, m, start(t), engine.Slash("foo", ""), "command.unknown", "a.ask")
	})
	t.Run("error_keeps_the_step", func(t *testing.T) {
		s := step(t, m, start(t), engine.Text("bad"), "a.bad", "a.ask")
		if s.Step != "a" {
			t.Errorf("step = %q", s.Step)
		}
	})
	t.Run("stale_button", func(t *testing.T) {
		step(t, m, start(t), engine.Press("home", "go"), "button.stale", "a.ask")
	})
	t.Run("anytime_button_works_from_any_step_and_returns", func(t *testing.T) {
		s := step(t, m, start(t), engine.Press("notice", "1"), "noticed", "a.ask")
		if s.Step != "a" || s.Answer("a") != "" {
			t.Errorf("side trip disturbed the form: %+v", s)
		}
		step(t, m, engine.Session{}, engine.Press("notice", "1"), "noticed", "home.ask")
	})
	t.Run("lost_session_and_a_form_button", func(t *testing.T) {
		step(t, m, engine.Session{}, engine.Press("b", "x"), "session.lost", "home.ask")
	})
	t.Run("session_of_another_schema_is_reset", func(t *testing.T) {
		old := start(t)
		old.V = engine.SchemaVersion + 1
		s := step(t, m, old, engine.Text("answer"), "session.reset", "home.ask")
		if s.InForm() || s.V != engine.SchemaVersion {
			t.Errorf("session = %+v", s)
		}
	})
	t.Run("step_removed_by_a_deploy", func(t *testing.T) {
		s := start(t)
		s.Step = "gone"
		step(t, m, s, engine.Text("answer"), "session.reset", "home.ask")
	})
	t.Run("expiry_after_a_day", func(t *testing.T) {
		s := start(t)
		s.Touched = now.Add(-25 * time.Hour)
		step(t, m, s, engine.Text("answer"), "form.expired", "home.ask")
	})
	t.Run("not_expired_within_a_day", func(t *testing.T) {
		s := start(t)
		s.Touched = now.Add(-23 * time.Hour)
		step(t, m, s, engine.Text("answer"), "b.ask")
	})
	t.Run("after_dropped_input_the_question_is_asked_again", func(t *testing.T) {
		// The adapter dropped this chat's messages (its rate limit): the
		// next one may answer a question the worker only imagined.
		s := start(t)
		s.Dropped = true
		s = step(t, m, s, engine.Text("answer"), "input.dropped", "a.ask")
		if s.Dropped || s.Answer("a") != "" || s.Step != "a" {
			t.Fatalf("after the notice: %+v", s)
		}
		step(t, m, s, engine.Text("answer"), "b.ask")
	})
	t.Run("after_dropped_input_a_button_is_unambiguous", func(t *testing.T) {
		s := step(t, m, engine.Session{}, engine.Text("hi"), "home.ask")
		s.Dropped = true
		s = step(t, m, s, engine.Press("home", "go"), "a.ask")
		if s.Dropped {
			t.Error("still marked")
		}
	})
	t.Run("back_at_the_first_step_asks_again", func(t *testing.T) {
		step(t, m, start(t), engine.Press("a", engine.ValueBack), "a.ask")
	})
	t.Run("reply_keyboard_is_closed_when_no_longer_asked", func(t *testing.T) {
		s := step(t, m, start(t), engine.Text("answer"), "b.ask")
		if !s.KB {
			t.Fatal("keyboard not tracked")
		}
		s, rs, _ := m.Advance(s, engine.Input{Kind: engine.KindContact}, now)
		// "done" has buttons, so the removal rides on a message of its own.
		if diff := cmp.Diff([]string{"keyboard.closed", "done", "home.ask"}, msgs(rs)); diff != "" {
			t.Fatal(diff)
		}
		if !rs[0].RemoveKeyboard || s.KB {
			t.Errorf("keyboard not removed: %+v kb=%v", rs[0], s.KB)
		}
	})
	t.Run("buttons_are_stamped_with_their_step", func(t *testing.T) {
		_, rs, _ := m.Advance(engine.Session{}, engine.Text("hi"), now)
		if got := rs[0].Buttons[0][0].Step; got != "home" {
			t.Errorf("step = %q", got)
		}
	})
}

func TestNewMachineRejectsBadSteps(t *testing.T) {
	t.Parallel()
	h := func(*engine.Session, engine.Input, time.Time) engine.Outcome { return engine.Outcome{} }
	cases := map[string][]engine.Step{
		"duplicate": {{ID: "home", Handle: h}, {ID: "home", Handle: h}},
		"reserved":  {{ID: "home", Handle: h}, {ID: engine.Return, Handle: h}},
		"no_handle": {{ID: "home"}},
		"no_home":   {{ID: "x", Handle: h}},
	}
	for name, steps := range cases {
		if _, err := engine.NewMachine("home", nil, steps...); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestEngineStaysPure guards the layering: engine and flows must not reach
// Telegram, storage, the network or the clock.
func TestEngineStaysPure(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-deps", "../engine", "../flows").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	forbidden := []string{"net/http", "github.com/go-telegram", "github.com/redis", "github.com/jackc", "/bot", "/internal/postgres", "/internal/redis", "math/rand", "crypto/rand"}
	for _, dep := range strings.Fields(string(out)) {
		for _, f := range forbidden {
			if strings.Contains(dep, f) {
				t.Errorf("engine or flows depends on %s", dep)
			}
		}
	}
}

func TestAnswerOf(t *testing.T) {
	t.Parallel()
	want := engine.RegistrationStatus{Found: true, Number: "REG-2026-000001"}
	r := engine.Answered(engine.LoadStatus{}, want)
	if r.Effect != "load_status" {
		t.Errorf("Answered names effect %q, want load_status", r.Effect)
	}
	if got := engine.AnswerOf[engine.LoadStatus](&r); !cmp.Equal(got, want) {
		t.Errorf("AnswerOf[LoadStatus] = %+v, want %+v", got, want)
	}
	// A failed effect, no result, or another effect's answer reads as the
	// zero answer, never as a panic.
	failed := engine.Result{Effect: "load_status", Err: "error.unavailable"}
	other := engine.Answered(engine.SubmitRegistration{}, engine.Submitted{Number: "REG-2026-000002"})
	for name, r := range map[string]*engine.Result{"failed": &failed, "nil": nil, "other": &other} {
		if got := engine.AnswerOf[engine.LoadStatus](r); !cmp.Equal(got, engine.RegistrationStatus{}) {
			t.Errorf("%s: AnswerOf[LoadStatus] = %+v, want the zero answer", name, got)
		}
	}
}
