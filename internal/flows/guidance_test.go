package flows

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

// plkkWorld answers /plkk's effects as the store would: the lists the
// chat may set, and every list set.
type plkkWorld struct {
	scope engine.PLKKScope
	err   string // LoadPLKKScope's refusal
	set   []engine.SetPLKK
}

func (pw *plkkWorld) apply(e engine.Effect, r *engine.Result) {
	switch e := e.(type) {
	case engine.LoadPLKKScope:
		if pw.err != "" {
			r.Err = pw.err
			return
		}
		*r = engine.Answered(e, pw.scope)
	case engine.SetPLKK:
		pw.set = append(pw.set, e)
		*r = engine.Answered(e, engine.PLKKSet{List: e.List})
	}
}

// plkkOf is the list a reply's PLKK advice names.
func plkkOf(t *testing.T, r engine.Reply) []string {
	t.Helper()
	p, ok := r.Data["PLKK"].(engine.Phrase)
	if !ok || p.Msg != "guidance.plkk" {
		t.Fatalf("%s has no PLKK advice: %+v", r.Msg, r.Data)
	}
	list, _ := p.Data["List"].([]string)
	if p.Data["Any"] != (len(list) > 0) {
		t.Errorf("Any %v for %q", p.Data["Any"], list)
	}
	return list
}

func TestPLKKInTheAccidentReport(t *testing.T) {
	t.Parallel()
	m := testMachine(t)
	lists := engine.PLKKList{
		Nagari:  []string{"Puskesmas Alahan Panjang"},
		Regency: []string{"RSUD Arosuka", "puskesmas alahan panjang"},
	}
	// The nagari's own first, then the regency's, each once.
	want := []string{"Puskesmas Alahan Panjang", "RSUD Arosuka"}

	t.Run("the_facilities_staff_listed_are_named_at_treatment_and_after_sending", func(t *testing.T) {
		w := &world{chatReg: "REG-2026-000007", reports: reportWorld{workers: map[string]bool{nikRajo: true}, plkk: lists}}
		turns := slices.Clone(accidentSelf[:10])
		_, replies := transcript(t, m, w, engine.Session{}, turns)
		if diff := cmp.Diff(want, plkkOf(t, replies[0])); diff != "" {
			t.Errorf("treatment question (-want +got):\n%s", diff)
		}
		if got := w.reports.plkkAsked; len(got) != 1 || !got[0].Self || got[0].NIK != "" || got[0].Nagari != "" {
			t.Errorf("lookups %+v, want the chat's own nagari", got)
		}
		_, replies = transcript(t, m, w, engine.Session{}, append(slices.Clone(accidentSelf),
			turn{press("submit"), []string{"jkk.done", "guidance.plkk.after", "jkk.documents", "jkk.deadline", "menu.ask"}}))
		if diff := cmp.Diff(want, plkkOf(t, replies[1])); diff != "" {
			t.Errorf("after sending (-want +got):\n%s", diff)
		}
	})

	t.Run("someone_elses_accident_asks_for_the_lists_of_their_nagari", func(t *testing.T) {
		w := &world{reports: reportWorld{workers: map[string]bool{nikRajo: true}, plkk: lists}}
		transcript(t, m, w, engine.Session{}, accidentOther[:10])
		if got := w.reports.plkkAsked; len(got) != 1 || got[0].Self || got[0].NIK != nikRajo {
			t.Errorf("lookups %+v, want by the person's NIK", got)
		}
	})

	t.Run("no_list_gives_the_general_advice", func(t *testing.T) {
		w := &world{chatReg: "REG-2026-000007"}
		_, replies := transcript(t, m, w, engine.Session{}, accidentSelf[:10])
		if got := plkkOf(t, replies[0]); len(got) != 0 {
			t.Errorf("named %q with no list", got)
		}
	})

	t.Run("a_traffic_accident_says_jasa_raharja_and_the_police_report", func(t *testing.T) {
		w := &world{reports: reportWorld{workers: map[string]bool{nikRajo: true}}}
		_, replies := transcript(t, m, w, engine.Session{}, accidentOther[:9])
		if replies[0].Msg != "rep.traffic.police" {
			t.Fatalf("after yes: %+v", replies)
		}
		// The document list has the police report for a traffic accident.
		var police bool
		for _, d := range domain.DocumentsFor(domain.Report{Kind: domain.ReportJKK, Traffic: true}) {
			police = police || d.ID == "laporan_polisi"
		}
		if !police {
			t.Error("no laporan polisi among a traffic accident's documents")
		}
	})
}

func TestDeathGuidance(t *testing.T) {
	t.Parallel()
	m := testMachine(t)
	covered := func() *world { return &world{reports: reportWorld{workers: map[string]bool{nikRajo: true}}} }

	t.Run("a_sudden_death_while_working_is_said_and_sent_as_jkk", func(t *testing.T) {
		w := covered()
		turns := slices.Clone(deathToSummary[:5])
		turns = append(turns, turn{press(domain.CauseSuddenAtWork), []string{"guidance.death.sudden_at_work", "rep.reporter.name_ask"}})
		turns = append(turns, deathToSummary[6:]...)
		turns = append(turns, turn{press("submit"), []string{"jkm.done", "jkm.documents", "jkm.next", "menu.ask"}})
		_, replies := transcript(t, m, w, engine.Session{}, turns)
		got := w.reports.submitted[0].Report
		if got.Kind != domain.ReportJKK || !got.Death || got.Cause != domain.CauseSuddenAtWork || got.Traffic {
			t.Errorf("report %+v, want a JKK death with the cause", got)
		}
		if replies[1].Data["JKK"] != true {
			t.Errorf("documents %+v, want the JKK ones", replies[1].Data)
		}
	})

	t.Run("a_death_years_back_is_taken_and_only_an_absurd_date_refused", func(t *testing.T) {
		w := covered()
		transcript(t, m, w, engine.Session{}, append(slices.Clone(deathToSummary[:3]),
			turn{text("1/1/1990"), []string{"date.too_long_ago", "jkm.date.ask"}},
			turn{text("besok lusa"), []string{"date.invalid", "jkm.date.ask"}},
			// Seven years back: past the JKK window, but JKM has no claim limit.
			turn{text("3 mei 2019"), []string{"jkm.place.ask"}},
		))
	})

	t.Run("an_accident_keeps_the_jkk_claim_window", func(t *testing.T) {
		w := covered()
		transcript(t, m, w, engine.Session{}, append(slices.Clone(accidentOther[:3]),
			turn{text("3 mei 2019"), []string{"date.claim_window", "jkk.date.ask"}},
		))
	})
}

// A man born 12 March 1955 (71 on the tests' day) and one born
// 26 November 1961, a day short of 65.
const (
	nikOld   = "1302041203550004"
	nikSixty = "1302042611610005"
)

func TestRegistrationAgeLimit(t *testing.T) {
	t.Parallel()
	m := testMachine(t)

	t.Run("own_registration_at_65_or_more_is_refused_at_the_nik", func(t *testing.T) {
		w := &world{}
		_, replies := transcript(t, m, w, engine.Session{}, append(slices.Clone(toSummary[:3]),
			turn{text(nikOld), []string{"reg.too_old", "menu.ask"}}))
		if replies[0].Data["Max"] != domain.MaxRegistrationAge {
			t.Errorf("data %+v", replies[0].Data)
		}
	})

	t.Run("a_day_short_of_65_goes_on", func(t *testing.T) {
		w := &world{}
		transcript(t, m, w, engine.Session{}, append(slices.Clone(toSummary[:3]),
			turn{text(nikSixty), []string{"reg.identity.ask"}}))
	})

	t.Run("a_nik_changed_from_the_summary_to_65_is_asked_again", func(t *testing.T) {
		w := &world{}
		transcript(t, m, w, engine.Session{}, append(slices.Clone(toSummary),
			turn{press("edit:nik"), []string{"reg.nik.ask"}},
			turn{text(nikOld), []string{"reg.too_old", "reg.nik.ask"}},
		))
	})

	t.Run("assisted_registration_is_refused_too", func(t *testing.T) {
		w := &world{assisted: assistedWorld{nagari: "13.02.04.2001"}}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("daftarkan", ""), []string{"assisted.consent.intro", "reg.consent.ask"}},
			{press("lisan"), []string{"reg.nik.ask"}},
			{text(nikOld), []string{"reg.too_old", "menu.ask"}},
		})
		if len(w.submitted) != 0 {
			t.Errorf("submitted %d", len(w.submitted))
		}
	})

	t.Run("a_household_member_is_refused_too", func(t *testing.T) {
		w := &world{chatReg: "REG-2026-000007"}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("keluarga", ""), []string{"household.intro", "reg.consent.ask"}},
			{press("agree"), []string{"reg.nik.ask"}},
			{text(nikOld), []string{"reg.too_old", "menu.ask"}},
		})
	})

	t.Run("turning_65_while_the_form_waited_is_refused_at_kirim", func(t *testing.T) {
		w := &world{}
		s, _ := transcript(t, m, w, engine.Session{}, slices.Clone(toSummary))
		s.Set(keyBirth, "1961-11-25") // as if the NIK's date, a birthday today
		s.Set(keyNIK, "1302042511610006")
		transcript(t, m, w, s, []turn{{press("submit"), []string{"reg.too_old", "reg.summary.ask"}}})
		if len(w.submitted) != 0 {
			t.Errorf("submitted %d", len(w.submitted))
		}
	})
}

func TestEraseSaysWhatAndStopsOnAnOpenClaim(t *testing.T) {
	t.Parallel()
	m := testMachine(t)
	open := []domain.ReportSummary{{Number: "JKK-2026-000123", Kind: domain.ReportJKK, Stage: domain.StageFiled,
		Date: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)}}

	t.Run("an_open_claim_is_named_before_any_question_and_nothing_is_erased", func(t *testing.T) {
		w := &world{chatReg: "REG-2026-000007", openClaims: open}
		_, replies := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{engine.Slash("hapus", ""), []string{"guidance.erase.open_claim", "menu.ask"}},
		})
		if replies[0].Data["Numbers"] != "JKK-2026-000123" || len(replies[0].Buttons) != 0 {
			t.Errorf("reply %+v, want the report named and no question", replies[0])
		}
		if w.chatReg == "" || len(w.assisted.erased) != 0 {
			t.Error("erased with an open claim")
		}
	})

	t.Run("a_household_members_open_claim_is_named_after_the_pick", func(t *testing.T) {
		w := sitiOnFile()
		w.assisted.people = []domain.Person{
			{Number: "REG-2026-000001", Name: "Adi Putra", Status: domain.StatusVerified},
			{Number: "REG-2026-000007", Name: "Siti Rahmah", Status: domain.StatusVerified},
		}
		w.openClaims = open
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("hapus", ""), []string{"household.pick.erase"}},
			{engine.Press(stepPeople, "erase:REG-2026-000001"), []string{"guidance.erase.open_claim", "menu.ask"}},
		})
		if len(w.assisted.erased) != 0 {
			t.Errorf("erased %q", w.assisted.erased)
		}
	})

	t.Run("without_one_the_question_says_what_goes_and_what_stays", func(t *testing.T) {
		w := &world{chatReg: "REG-2026-000007"}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{engine.Slash("hapus", ""), []string{"privacy.erase.ask"}},
			{press("yes"), []string{"privacy.erase.done", "menu.ask"}},
		})
		if w.chatReg != "" {
			t.Error("not erased")
		}
	})
}

func TestPLKKCommand(t *testing.T) {
	t.Parallel()
	m := testMachine(t)
	officer := engine.PLKKScope{Regency: []string{"RSUD Arosuka"}, Nagari: []engine.PLKKNagari{
		{Code: "13.02.04.2001", Name: "Alahan Panjang"},
	}}

	t.Run("an_officer_replaces_their_nagaris_list_typed_one_per_line", func(t *testing.T) {
		w := &world{plkk: plkkWorld{scope: officer}}
		_, replies := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{engine.Slash("plkk", ""), []string{"guidance.plkk.intro", "guidance.plkk.list", "guidance.plkk.list", "guidance.plkk.pick"}},
			{press("regency"), []string{"input.use_buttons", "guidance.plkk.pick"}}, // not theirs
			{press("13.02.04.2001"), []string{"guidance.plkk.type"}},
			{sticker, []string{"input.type_text", "guidance.plkk.type"}},
			{text(strings.Repeat("Puskesmas ", 1000)), []string{"input.too_long", "guidance.plkk.type"}},
			{text("Puskesmas A\nPuskesmas B\nPuskesmas C\nPuskesmas D\nPuskesmas E\nPuskesmas F"), []string{"plkk.too_many", "guidance.plkk.type"}},
			{text("1. Puskesmas Alahan Panjang\n\n• Klinik  Sehat\npuskesmas alahan panjang"), []string{"guidance.plkk.saved"}},
		})
		want := []engine.SetPLKK{{Nagari: "13.02.04.2001", List: []string{"Puskesmas Alahan Panjang", "Klinik Sehat"}}}
		if diff := cmp.Diff(want, w.plkk.set); diff != "" {
			t.Errorf("set (-want +got):\n%s", diff)
		}
		if replies[0].Data["Nagari"] != "Alahan Panjang" || replies[0].Data["Regency"] != false {
			t.Errorf("saved %+v", replies[0].Data)
		}
	})

	t.Run("an_admin_empties_the_regency_list", func(t *testing.T) {
		w := &world{plkk: plkkWorld{scope: engine.PLKKScope{Admin: true, Regency: []string{"RSUD Arosuka"}}}}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("plkk", ""), []string{"guidance.plkk.intro", "guidance.plkk.list", "guidance.plkk.pick"}},
			{press("regency"), []string{"guidance.plkk.type"}},
			{text(" - "), []string{"guidance.plkk.saved"}},
		})
		if got := w.plkk.set; len(got) != 1 || got[0].Nagari != "" || len(got[0].List) != 0 {
			t.Errorf("set %+v, want the regency's emptied", got)
		}
	})

	t.Run("cancel_and_done_change_nothing", func(t *testing.T) {
		w := &world{plkk: plkkWorld{scope: officer}}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("plkk", ""), []string{"guidance.plkk.intro", "guidance.plkk.list", "guidance.plkk.list", "guidance.plkk.pick"}},
			{press("13.02.04.2001"), []string{"guidance.plkk.type"}},
			{press("cancel"), []string{"guidance.plkk.cancelled"}},
			{engine.Slash("plkk", ""), []string{"guidance.plkk.intro", "guidance.plkk.list", "guidance.plkk.list", "guidance.plkk.pick"}},
			{press("cancel"), []string{}},
			// A button of the closed question, pressed again later.
			{engine.Press(stepPLKKPick, "13.02.04.2001"), []string{"button.stale", "menu.ask"}},
			{engine.Press(stepPLKKType, "cancel"), []string{"button.stale", "menu.ask"}},
		})
		if len(w.plkk.set) != 0 {
			t.Errorf("set %+v", w.plkk.set)
		}
	})

	t.Run("a_worker_is_told_who_keeps_the_lists", func(t *testing.T) {
		w := &world{plkk: plkkWorld{err: "guidance.plkk.denied"}}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("plkk", ""), []string{"guidance.plkk.denied"}},
		})
	})
}
