package bot_test

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/flows"
	"github.com/jaganagari/jaganagari/internal/render"
	"github.com/jaganagari/jaganagari/locales"
)

// wording drives the real flows without stores: each effect is answered by
// answer (nil: not answered) and each reply rendered in Indonesian, so a
// test reads exactly what a chat would.
type wording struct {
	t      *testing.T
	m      *engine.Machine
	r      *render.Renderer
	s      engine.Session
	now    time.Time
	answer func(engine.Effect) *engine.Result
	fx     []engine.Effect
}

func newWording(t *testing.T) *wording {
	t.Helper()
	f, err := os.Open("../internal/domain/testdata/solok-nagari.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ns, err := domain.ParseRegionsCSV(f)
	if err != nil {
		t.Fatal(err)
	}
	m, err := flows.New(domain.NewRegions(ns))
	if err != nil {
		t.Fatal(err)
	}
	r, err := render.New(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	// 25 November 2026, 15:00 WIB.
	return &wording{t: t, m: m, r: r, now: time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC),
		answer: func(engine.Effect) *engine.Result { return nil }}
}

// do plays one input and returns the rendered replies; buttons are pressed
// on the step then current.
func (w *wording) do(in engine.Input) []rendered {
	w.t.Helper()
	if in.Kind == engine.KindButton && in.Step == "" {
		in.Step = w.s.Step
	}
	var replies []engine.Reply
	var err error
	w.s, replies, err = w.m.Run(w.s, in, w.now, func(effects []engine.Effect) []engine.Result {
		var rs []engine.Result
		for _, e := range effects {
			w.fx = append(w.fx, e)
			if r := w.answer(e); r != nil {
				rs = append(rs, *r)
			}
		}
		return rs
	})
	if err != nil {
		w.t.Fatal(err)
	}
	out := make([]rendered, len(replies))
	for i, rp := range replies {
		text, err := w.r.Text("id", rp.Msg, rp.Data)
		if err != nil {
			w.t.Fatal(err)
		}
		out[i].text = text
		for _, row := range rp.Buttons {
			for _, b := range row {
				label, err := w.r.Label("id", b)
				if err != nil {
					w.t.Fatal(err)
				}
				out[i].buttons = append(out[i].buttons, label)
			}
		}
	}
	return out
}

type rendered struct {
	text    string
	buttons []string
}

func last(rs []rendered) rendered { return rs[len(rs)-1] }

func pressIn(value string) engine.Input { return engine.Input{Kind: engine.KindButton, Value: value} }

// toAccidentSummary reports the chat's own accident (not registered) up to
// its summary, at the given time of day.
func (w *wording) toAccidentSummary(clock engine.Input) rendered {
	w.t.Helper()
	w.answer = func(e engine.Effect) *engine.Result {
		switch e := e.(type) {
		case engine.LoadStatus:
			r := engine.Answered(e, engine.RegistrationStatus{})
			return &r
		case engine.LoadPLKK:
			r := engine.Answered(e, engine.PLKKList{})
			return &r
		}
		return nil
	}
	for _, in := range []engine.Input{
		engine.Slash("lapor", ""), pressIn("self"), pressIn("go_on"), engine.Text("alahan panjang"),
		pressIn("today"), clock, engine.Text("Sawah di Jorong Koto Baru"), engine.Text("Lewati"),
		engine.Text("Terjatuh dari pematang sawah"), pressIn("no"), engine.Text("Kaki kiri terkilir"),
		pressIn("puskesmas"), pressIn("skip"),
	} {
		w.do(in)
	}
	return last(w.do(pressIn("done")))
}

func TestWording(t *testing.T) {
	t.Parallel()

	t.Run("a_part_of_the_day_reads_in_lower_case_mid_line", func(t *testing.T) {
		w := newWording(t)
		sum := w.toAccidentSummary(pressIn("pagi"))
		if !strings.Contains(sum.text, "Waktu: 25 November 2026, pagi\n") {
			t.Errorf("summary: %q", sum.text)
		}
	})

	t.Run("a_typed_time_reads_pukul_09.00_WIB", func(t *testing.T) {
		w := newWording(t)
		sum := w.toAccidentSummary(engine.Text("jam 9"))
		if !strings.Contains(sum.text, "Waktu: 25 November 2026, pukul 09.00 WIB\n") {
			t.Errorf("summary: %q", sum.text)
		}
		// The staff see it the same way.
		w.answer = func(e engine.Effect) *engine.Result {
			if e, ok := e.(engine.LoadReport); ok {
				r := engine.Answered(e, engine.StaffReport{Found: true, Report: domain.ReportRecord{
					Report: domain.Report{Kind: domain.ReportJKK, Registered: true, Date: domain.Today(w.now), Clock: "09:00", Place: "Sawah", Treatment: "puskesmas"},
					ID:     4, Number: "JKK-2026-000004", Stage: domain.StageNew, NagariName: "Alahan Panjang", CreatedAt: w.now,
				}})
				return &r
			}
			return nil
		}
		shown := w.do(engine.Press("staff.rep", "4"))[0] // then the summary again
		if !strings.Contains(shown.text, "Waktu: 25 November 2026, pukul 09.00 WIB\n") {
			t.Errorf("staff see: %q", shown.text)
		}
		// Stage buttons say what the officer does; the checklist comes last.
		if want := []string{"➡️ Tindak lanjuti", "❌ Tolak laporan", "🩺 Catat tahap II", "📝 Tambah catatan", "📋 Dokumen"}; !slices.Equal(shown.buttons, want) {
			t.Errorf("stage buttons: %q", shown.buttons)
		}
	})

	t.Run("the_cause_line_has_one_pair_of_brackets", func(t *testing.T) {
		w := newWording(t)
		w.answer = func(e engine.Effect) *engine.Result {
			if e, ok := e.(engine.FindWorker); ok {
				r := engine.Answered(e, engine.WorkerFound{Found: true})
				return &r
			}
			return nil
		}
		var sum rendered
		for _, in := range []engine.Input{
			engine.Slash("kematian", ""), engine.Text("1302041505800003"), pressIn("yesterday"),
			engine.Text("Di jalan raya Solok"), pressIn("kecelakaan_kerja"), pressIn("yes"),
			engine.Text("Rina Wati"), pressIn("anak"), engine.Text("0812 3456 7890"), pressIn("done"),
		} {
			sum = last(w.do(in))
		}
		if !strings.Contains(sum.text, "Penyebab: Kecelakaan kerja (lalu lintas)\n") {
			t.Errorf("summary: %q", sum.text)
		}
	})

	t.Run("a_typed_reason_is_not_followed_by_a_second_full_stop", func(t *testing.T) {
		w := newWording(t)
		w.answer = func(e engine.Effect) *engine.Result {
			if e, ok := e.(engine.LoadReport); ok {
				r := engine.Answered(e, engine.StaffReport{Found: true, Report: domain.ReportRecord{
					Report: domain.Report{Kind: domain.ReportJKK, Date: domain.Today(w.now), Place: "Sawah"},
					ID:     4, Number: "JKK-2026-000004", Stage: domain.StageNew,
				}})
				return &r
			}
			return nil
		}
		w.do(engine.Press("staff.stage", "ditolak:4"))
		w.do(engine.Text("Bukan kecelakaan kerja."))
		w.do(pressIn("yes"))
		var reason string
		for _, e := range w.fx {
			if e, ok := e.(engine.SetReportStage); ok {
				reason = e.Reason
			}
		}
		told, err := w.r.Text("id", "notify.claim.stage", map[string]any{"Number": "JKK-2026-000004", "Stage": "ditolak", "Reason": reason, "Outcome": ""})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(told, "Alasan: Bukan kecelakaan kerja.") {
			t.Errorf("reporter told %q", told)
		}
		w.do(engine.Press("staff.act", "t:9"))
		w.do(engine.Text("Foto KTP buram.."))
		for _, e := range w.fx {
			if e, ok := e.(engine.DecideRegistration); ok && e.Reason != "Foto KTP buram" {
				t.Errorf("registration reason %q", e.Reason)
			}
		}
	})

	t.Run("a_death_report_is_not_shown_with_an_ambulance", func(t *testing.T) {
		w := newWording(t)
		w.answer = func(e engine.Effect) *engine.Result {
			if e, ok := e.(engine.LoadMyData); ok {
				r := engine.Answered(e, engine.MyData{Reports: []domain.ReportSummary{
					{Number: "JKM-2026-000001", Kind: domain.ReportJKM, Stage: domain.StageNew, Date: domain.Today(w.now), Death: true},
					{Number: "JKK-2026-000002", Kind: domain.ReportJKK, Stage: domain.StageNew, Date: domain.Today(w.now)},
				}})
				return &r
			}
			return nil
		}
		rs := w.do(engine.Slash("dataku", ""))
		var lines []string
		for _, r := range rs {
			if strings.Contains(r.text, "-2026-00000") {
				lines = append(lines, r.text)
			}
		}
		if len(lines) != 2 || !strings.HasPrefix(lines[0], "🕊️ JKM") || !strings.HasPrefix(lines[1], "🚑 JKK") {
			t.Errorf("reports listed as %q", lines)
		}
	})

	t.Run("help_names_the_report_commands", func(t *testing.T) {
		w := newWording(t)
		w.answer = func(e engine.Effect) *engine.Result {
			r := engine.Answered(engine.LoadOffice{}, engine.Office{})
			return &r
		}
		help := w.do(engine.Slash("bantuan", ""))[0].text
		for _, cmd := range []string{"/lapor", "/kematian"} {
			if !strings.Contains(help, cmd) {
				t.Errorf("help does not name %s: %q", cmd, help)
			}
		}
	})
}
