package engine_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/jaganagari/jaganagari/internal/engine"
)

// chain is a machine whose lookups ask for another lookup until a result
// says "done": Run's loop with a known number of rounds.
func chain(t *testing.T) *engine.Machine {
	t.Helper()
	m, err := engine.NewMachine("home", nil,
		engine.Step{
			ID:     "home",
			Ask:    func(*engine.Session) engine.Reply { return engine.Say("home.ask", nil) },
			Accept: engine.Of(engine.KindText),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				return engine.Outcome{Next: "wait", Effects: []engine.Effect{engine.LoadStatus{}, engine.SaveLanguage{Lang: "en"}}}
			},
		},
		engine.Step{
			ID:     "wait",
			Accept: engine.Of(engine.KindResult),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if in.Result.Err != "" {
					return engine.Outcome{Say: []engine.Reply{engine.Say(in.Result.Err, nil)}, Next: "home"}
				}
				if in.Result.Effect == "found" {
					return engine.Outcome{Say: []engine.Reply{engine.Say("found", nil)}, Next: "home"}
				}
				return engine.Outcome{Say: []engine.Reply{engine.Say("again", nil)}, Next: "wait", Effects: []engine.Effect{engine.LoadStatus{}}}
			},
		},
	)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestRun(t *testing.T) {
	t.Parallel()
	m := chain(t)
	atHome := engine.Session{V: engine.SchemaVersion, Step: "home"}

	// lookups answers "found" to the n-th lookup, counting the rounds
	// and noting every effect carried out.
	lookups := func(n int, rounds *int, seen *[]string) engine.Apply {
		done := 0
		return func(effects []engine.Effect) []engine.Result {
			*rounds++
			var rs []engine.Result
			for _, e := range effects {
				*seen = append(*seen, e.EffectName())
				if !engine.Answers(e) {
					continue
				}
				done++
				r := engine.Result{Effect: e.EffectName()}
				if done == n {
					r.Effect = "found" // a name Run carries through untouched
				}
				rs = append(rs, r)
			}
			return rs
		}
	}

	t.Run("results_are_fed_back_until_no_effects_remain", func(t *testing.T) {
		var rounds int
		var seen []string
		s, replies, err := m.Run(atHome, engine.Text("go"), now, lookups(3, &rounds, &seen))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"again", "again", "found", "home.ask"}, msgs(replies)); diff != "" {
			t.Errorf("replies (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"load_status", "save_language", "load_status", "load_status"}, seen); diff != "" {
			t.Errorf("effects carried out (-want +got):\n%s", diff)
		}
		if rounds != 3 || s.Step != "home" {
			t.Errorf("%d rounds, on step %q; want 3 on home", rounds, s.Step)
		}
	})

	t.Run("a_chain_of_MaxHops_rounds_ends", func(t *testing.T) {
		var rounds int
		var seen []string
		_, _, err := m.Run(atHome, engine.Text("go"), now, lookups(engine.MaxHops, &rounds, &seen))
		if err != nil || rounds != engine.MaxHops {
			t.Errorf("%d rounds, err %v; want %d, nil", rounds, err, engine.MaxHops)
		}
	})

	t.Run("a_longer_chain_stops_after_MaxHops_rounds", func(t *testing.T) {
		var rounds int
		var seen []string
		s, replies, err := m.Run(atHome, engine.Text("go"), now, lookups(engine.MaxHops+1, &rounds, &seen))
		if !errors.Is(err, engine.ErrTooManyHops) {
			t.Fatalf("err = %v, want ErrTooManyHops", err)
		}
		if rounds != engine.MaxHops {
			t.Errorf("%d rounds, want %d", rounds, engine.MaxHops)
		}
		// What was said so far is kept, for the adapter to send.
		if len(replies) != engine.MaxHops || s.Step != "wait" {
			t.Errorf("%d replies on step %q; want %d on wait", len(replies), s.Step, engine.MaxHops)
		}
	})

	t.Run("a_failed_effect_is_answered_by_its_result", func(t *testing.T) {
		_, replies, err := m.Run(atHome, engine.Text("go"), now, func(effects []engine.Effect) []engine.Result {
			return []engine.Result{{Effect: effects[0].EffectName(), Err: "error.unavailable"}}
		})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"error.unavailable", "home.ask"}, msgs(replies)); diff != "" {
			t.Errorf("replies (-want +got):\n%s", diff)
		}
	})

	t.Run("an_input_without_effects_never_calls_apply", func(t *testing.T) {
		s := engine.Session{V: engine.SchemaVersion, Step: "wait"}
		_, replies, err := m.Run(s, engine.Slash("nope", ""), now, func([]engine.Effect) []engine.Result {
			t.Fatal("apply called")
			return nil
		})
		if err != nil || len(replies) == 0 {
			t.Errorf("%d replies, err %v", len(replies), err)
		}
	})
}
