package flows

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

// docWorld answers the checklist effects for one report (ID 77), as the
// store would, and records what was asked.
type docWorld struct {
	none   bool // the chat has no report
	closed bool
	states map[string]domain.DocState
	added  []engine.AddDocument
	ticks  []engine.TickDocument
}

func (dw *docWorld) answer(w *world, number string) engine.Documents {
	if number == "" {
		number = "JKK-2026-000123"
	}
	kind := domain.ReportJKK
	if strings.HasPrefix(number, "JKM-") {
		kind = domain.ReportJKM
	}
	a := engine.Documents{Found: true, Open: !dw.closed && !w.reports.closed, ReportID: 77, Number: number, Kind: kind}
	for _, it := range domain.DocumentsFor(domain.Report{Kind: kind}) {
		st := dw.states[it.ID]
		if st == "" {
			st = domain.DocMissing
		}
		a.Items = append(a.Items, domain.DocumentStatus{Item: it, State: st})
	}
	return a
}

func (dw *docWorld) apply(w *world, e engine.Effect, r *engine.Result) {
	if dw.states == nil {
		dw.states = map[string]domain.DocState{}
	}
	switch e := e.(type) {
	case engine.LoadDocuments:
		if dw.none {
			*r = engine.Answered(e, engine.Documents{})
			return
		}
		*r = engine.Answered(e, dw.answer(w, e.Number))
	case engine.AddDocument:
		if a := dw.answer(w, e.Number); !a.Open {
			*r = engine.Answered(e, a)
			return
		}
		dw.added = append(dw.added, e)
		if dw.states[e.Item] != domain.DocTicked {
			dw.states[e.Item] = domain.DocReceived
		}
		a := dw.answer(w, e.Number)
		a.Item, a.Changed = e.Item, true
		*r = engine.Answered(e, a)
	case engine.TickDocument:
		dw.ticks = append(dw.ticks, e)
		dw.states[e.Item] = domain.DocReceived
		if e.Ticked {
			dw.states[e.Item] = domain.DocTicked
		}
		a := dw.answer(w, "")
		a.Item, a.Changed = e.Item, true
		*r = engine.Answered(e, a)
	}
}

func scan(id string) engine.Input { return engine.Input{Kind: engine.KindDocument, FileID: id} }

// pickValues are the values of the item buttons the reporter is offered.
func pickValues(r engine.Reply) []string {
	var out []string
	for _, row := range r.Buttons {
		if row[0].Value != valueDone {
			out = append(out, row[0].Value)
		}
	}
	return out
}

func TestDocuments(t *testing.T) {
	t.Parallel()
	m := testMachine(t)

	t.Run("the_reporter_sends_two_documents_a_photo_and_a_file", func(t *testing.T) {
		w := &world{}
		s, replies := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{engine.Press(stepDocs, "JKK-2026-000123"), []string{"docs.list", "docs.pick.ask"}},
		})
		if diff := cmp.Diff([]string{"kartu", "ktp", "kronologi", "ktp_saksi", "surat_dokter", "kuitansi"}, pickValues(replies[1])); diff != "" {
			t.Errorf("items offered (-want +got):\n%s", diff)
		}
		transcript(t, m, w, s, []turn{
			{press("ktp"), []string{"docs.file.ask"}},
			{engine.Input{Kind: engine.KindOther}, []string{"input.send_photo", "docs.file.ask"}},
			{photo("ktp-depan"), []string{"docs.saved"}},
			{photo("ktp-belakang"), []string{"docs.saved"}},
			{press(valueOther), []string{"docs.pick.ask"}},
			{press("surat_dokter"), []string{"docs.file.ask"}},
			{scan("surat-rs"), []string{"docs.saved"}},
			{press(valueDone), []string{"docs.bye", "menu.ask"}},
		})
		want := []engine.AddDocument{
			{Number: "JKK-2026-000123", Item: "ktp", FileID: "ktp-depan", Photo: true},
			{Number: "JKK-2026-000123", Item: "ktp", FileID: "ktp-belakang", Photo: true},
			{Number: "JKK-2026-000123", Item: "surat_dokter", FileID: "surat-rs"},
		}
		if diff := cmp.Diff(want, w.docs.added); diff != "" {
			t.Errorf("added (-want +got):\n%s", diff)
		}
	})

	t.Run("the_officers_letters_are_not_asked_of_the_family", func(t *testing.T) {
		_, replies := transcript(t, m, &world{}, engine.Session{}, []turn{
			{engine.Press(stepDocs, "JKM-2026-000045"), []string{"docs.list", "docs.pick.ask"}},
		})
		got := pickValues(replies[1])
		if diff := cmp.Diff([]string{"kartu", "ktp", "ktp_waris", "akta_kematian", "kk", "rekening_waris"}, got); diff != "" {
			t.Errorf("items offered (-want +got):\n%s", diff)
		}
	})

	t.Run("a_closed_report_is_refused_before_a_file_is_asked_for", func(t *testing.T) {
		w := &world{docs: docWorld{closed: true}}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Press(stepDocs, "JKK-2026-000123"), []string{"docs.closed", "menu.ask"}},
		})
	})

	t.Run("a_report_closed_meanwhile_refuses_the_file", func(t *testing.T) {
		w := &world{}
		s, _ := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Press(stepDocs, "JKK-2026-000123"), []string{"docs.list", "docs.pick.ask"}},
			{press("kartu"), []string{"docs.file.ask"}},
		})
		w.docs.closed = true
		transcript(t, m, w, s, []turn{
			{photo("kartu"), []string{"docs.closed", "menu.ask"}},
		})
		if len(w.docs.added) != 0 {
			t.Errorf("kept %v", w.docs.added)
		}
	})

	t.Run("dokumen_opens_the_newest_report_or_says_there_is_none", func(t *testing.T) {
		transcript(t, m, &world{}, engine.Session{}, []turn{
			{engine.Slash("dokumen", ""), []string{"docs.list", "docs.pick.ask"}},
			{press(valueDone), []string{"docs.bye", "menu.ask"}},
		})
		transcript(t, m, &world{docs: docWorld{none: true}}, engine.Session{}, []turn{
			{engine.Slash("dokumen", ""), []string{"docs.not_found", "menu.ask"}},
		})
	})

	t.Run("everything_sent_ends_the_conversation", func(t *testing.T) {
		w := &world{docs: docWorld{states: map[string]domain.DocState{
			"kartu": domain.DocTicked, "ktp": domain.DocTicked, "kronologi": domain.DocReceived, "ktp_saksi": domain.DocReceived,
			"surat_dokter": domain.DocReceived,
		}}}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Press(stepDocs, "JKK-2026-000123"), []string{"docs.list", "docs.pick.ask"}},
			{press("kuitansi"), []string{"docs.file.ask"}},
			{photo("kuitansi"), []string{"docs.saved"}},
			{press(valueOther), []string{"docs.all_sent", "menu.ask"}},
		})
	})

	t.Run("the_officer_ticks_unticks_and_sends_a_file", func(t *testing.T) {
		w := &world{}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Press(stepStaffDocs, "77"), []string{"docs.staff.list"}},
			{engine.Press(stepStaffTick, "t:77:ktp"), []string{"docs.staff.list"}},
			{engine.Press(stepStaffTick, "u:77:ktp"), []string{"docs.staff.list"}},
			{engine.Press(stepStaffDocF, "77:kuitansi"), []string{"docs.file.ask"}},
			{scan("kuitansi-rs"), []string{"docs.staff.saved", "docs.staff.list"}},
			{engine.Press(stepStaffDocF, "77:kartu"), []string{"docs.file.ask"}},
			{press(valueCancel), []string{"staff.reject.cancelled"}},
		})
		want := []engine.TickDocument{{ReportID: 77, Item: "ktp", Ticked: true}, {ReportID: 77, Item: "ktp"}}
		if diff := cmp.Diff(want, w.docs.ticks); diff != "" {
			t.Errorf("ticks (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]engine.AddDocument{{ReportID: 77, Item: "kuitansi", FileID: "kuitansi-rs"}}, w.docs.added); diff != "" {
			t.Errorf("added (-want +got):\n%s", diff)
		}
	})
}
