package flows

import (
	"encoding/json"
	"testing"

	"github.com/jaganagari/jaganagari/internal/engine"
)

// BenchmarkAdvanceRegistration is the engine's whole share of one
// registration: every turn from /start to Kirim, with the effects answered
// as the stores would and the session round-tripped through JSON between
// turns as Redis does. Divide by the 14 updates for the cost of one.
func BenchmarkAdvanceRegistration(b *testing.B) {
	m := testMachine(b)
	turns := append(append([]turn(nil), toSummary...), turn{in: press("submit")})
	b.ReportAllocs()
	for b.Loop() {
		w := &world{}
		s := engine.Session{}
		for _, tn := range turns {
			in := tn.in
			if in.Kind == engine.KindButton && in.Step == "" {
				in.Step = s.Step
			}
			var err error
			if s, _, err = m.Run(s, in, now, w.carryOut); err != nil {
				b.Fatal(err)
			}
			raw, err := json.Marshal(s)
			if err != nil {
				b.Fatal(err)
			}
			s = engine.Session{}
			if err := json.Unmarshal(raw, &s); err != nil {
				b.Fatal(err)
			}
		}
		if len(w.submitted) != 1 {
			b.Fatalf("submitted %d times", len(w.submitted))
		}
	}
}

// BenchmarkAdvanceStep is one typed answer (the name) on a form in progress.
func BenchmarkAdvanceStep(b *testing.B) {
	m := testMachine(b)
	s := engine.Session{}
	w := &world{}
	for _, tn := range toSummary[:5] { // up to the name question
		in := tn.in
		if in.Kind == engine.KindButton && in.Step == "" {
			in.Step = s.Step
		}
		var err error
		if s, _, err = m.Run(s, in, now, w.carryOut); err != nil {
			b.Fatal(err)
		}
	}
	if s.Step != stepName {
		b.Fatalf("at %s, want %s", s.Step, stepName)
	}
	in := engine.Text("Siti Rahmah")
	b.ReportAllocs()
	for b.Loop() {
		if next, replies, _ := m.Advance(s, in, now); next.Step != stepAddress || len(replies) != 1 {
			b.Fatalf("went to %s with %d replies", next.Step, len(replies))
		}
	}
}
