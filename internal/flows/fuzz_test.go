package flows

import (
	"encoding/json"
	"testing"

	"github.com/jaganagari/jaganagari/internal/engine"
)

// answers are inputs a fuzzed user picks from, so that random sequences get
// deep into the form instead of bouncing off the first question.
var answers = []engine.Input{
	engine.Slash("start", ""), engine.Slash("batal", ""), engine.Slash("status", ""),
	engine.Slash("bahasa", ""), engine.Slash("daftar", ""), engine.Slash("bantuan", ""),
	engine.Text(nikSiti), engine.Text("1302 0445 0580 0001"), engine.Text("Siti Rahmah"),
	engine.Text("Jorong Koto Baru"), engine.Text("lembah gumanti"), engine.Text("alahan panjang"),
	engine.Text("petani"), engine.Text("0812 3456 7890"), engine.Text("5 mei 1980"), engine.Text("kembali"),
	{Kind: engine.KindContact, Phone: "+6281234567890", OwnContact: true},
	{Kind: engine.KindPhoto, FileID: "f"}, {Kind: engine.KindOther}, {Kind: engine.KindEdit},
	{Kind: engine.KindLocation, Lat: -0.8, Lon: 100.6},
	engine.Slash("sambung", ""), engine.Slash("kodesambung", ""), engine.Text("KMR-TXA"),
	{Kind: engine.KindContact, Phone: "+6281234567890", OwnContact: false},
	engine.Slash("start", "kKMRTXA"), engine.Slash("start", "kKMR"),
}

// FuzzAdvance drives the real flows with arbitrary sequences of inputs:
// pressing buttons the bot showed (or forged ones), typing known answers or
// random text. It checks that the engine never panics, never leaves a
// session on an unknown step, always answers a person, and that every
// session survives the JSON round trip Redis puts it through.
func FuzzAdvance(f *testing.F) {
	m := testMachine(f)
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13})
	f.Add([]byte("\x04\x80\x80\x06\x81\x07\x80\x08\x09\x0a\x0b\x80\x10\x80"))
	f.Add([]byte("\xff\xfe\x00abc\x81\x82\x83"))
	f.Fuzz(func(t *testing.T, script []byte) {
		s := engine.Session{}
		w := &world{}
		var last []engine.Reply
		for i := 0; i < len(script) && i < 64; i++ {
			op := script[i]
			var in engine.Input
			switch {
			case op >= 0xf0 && i+1 < len(script):
				// Random text of the following bytes.
				in = engine.Text(string(script[i+1:]))
				i = len(script)
			case op&0x80 != 0:
				in = buttonFrom(last, int(op&0x7f))
			default:
				in = answers[int(op)%len(answers)]
			}
			var replies []engine.Reply
			var err error
			s, replies, err = m.Run(s, in, now, w.carryOut)
			if err != nil {
				t.Fatalf("input %+v at %q: %v", in, s.Step, err)
			}
			if len(replies) == 0 {
				t.Fatalf("input %+v at %q got no answer", in, s.Step)
			}
			if _, ok := m.Step(s.Step); !ok {
				t.Fatalf("session left on unknown step %q", s.Step)
			}
			if st, _ := m.Step(s.Step); st.Ask == nil {
				t.Fatalf("session left waiting on %q with nothing to wait for", s.Step)
			}
			raw, err := json.Marshal(s)
			if err != nil {
				t.Fatal(err)
			}
			var back engine.Session
			if err := json.Unmarshal(raw, &back); err != nil {
				t.Fatal(err)
			}
			s = back
			last = replies
		}
	})
}

// buttonFrom presses the n-th button shown last, or a forged one when there
// are none.
func buttonFrom(replies []engine.Reply, n int) engine.Input {
	var all []engine.Button
	for _, r := range replies {
		for _, row := range r.Buttons {
			all = append(all, row...)
		}
	}
	if len(all) == 0 {
		return engine.Press("reg.summary", "submit")
	}
	b := all[n%len(all)]
	return engine.Press(b.Step, b.Value)
}
