package flows

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/notice"
)

// intakeWorld answers LinkReport and MarkNotMember for the report of
// claimWorld, linking it when the NIK is nikRajo, as the store would for
// a registration in the officer's area.
type intakeWorld struct {
	asked []engine.Effect
}

func (iw *intakeWorld) apply(w *world, e engine.Effect, r *engine.Result) {
	rep := &w.claims.report
	switch e := e.(type) {
	case engine.LinkReport:
		iw.asked = append(iw.asked, e)
		a := engine.ReportLinked{Found: rep.ID == e.ID, ID: e.ID, Number: rep.Number}
		switch {
		case !a.Found:
		case rep.Registered:
			a.Already = true
		case e.NIK == nikRajo:
			rep.Registered, rep.SubjectNIK, rep.WorkerName, rep.Cover, rep.NotMember = true, e.NIK, "Rajo Alam", domain.ReportCoverActive, false
			a.Linked, a.WorkerName, a.Cover = true, rep.WorkerName, rep.Cover
		}
		*r = engine.Answered(e, a)
	case engine.MarkNotMember:
		iw.asked = append(iw.asked, e)
		a := engine.NotMemberMarked{Found: rep.ID == e.ID, Number: rep.Number, Linked: rep.Registered}
		if a.Found && !rep.Registered && !rep.NotMember {
			rep.NotMember, a.Changed = true, true
		}
		*r = engine.Answered(e, a)
	}
}

// toNoNIKAccident reports a neighbour's accident without knowing their
// NIK, up to the date question.
var toNoNIKAccident = []turn{
	{engine.Slash("lapor", ""), []string{"jkk.whose.ask"}},
	{press("other"), []string{"jkk.nik.ask"}},
	{press(valueNoNIK), []string{"intake.name.ask"}},
	{text("RAJO   alam"), []string{"intake.age.ask"}},
	{text("sekitar 50 th"), []string{"rep.kecamatan.ask"}},
	{text("lembah gumanti"), []string{"reg.nagari.ask"}},
	{text("alahan panjang"), []string{"jkk.date.ask"}},
}

var submitAccident = turn{press("submit"), []string{"jkk.done", "guidance.plkk.after", "jkk.documents", "jkk.deadline", "menu.ask"}}

func TestReportWithoutNIK(t *testing.T) {
	t.Parallel()
	m := testMachine(t)
	covered := func() *world { return &world{reports: reportWorld{workers: map[string]bool{nikRajo: true}}} }

	t.Run("a_neighbour_describes_the_person_and_the_nagari_hears", func(t *testing.T) {
		w := covered()
		turns := append(slices.Clone(toNoNIKAccident), accidentOther[3:]...)
		_, replies := transcript(t, m, w, engine.Session{}, turns)
		sum := replies[len(replies)-1]
		if sum.Data["NoNIK"] != true || sum.Data["PersonName"] != "Rajo Alam" || sum.Data["Nagari"] != "Alahan Panjang" {
			t.Errorf("summary data: %v", sum.Data)
		}
		var edits []string
		for _, row := range sum.Buttons {
			for _, b := range row {
				edits = append(edits, b.Value)
			}
		}
		for _, want := range []string{"edit:person", "edit:person_name", "edit:person_age", "edit:person_nagari"} {
			if !slices.Contains(edits, want) {
				t.Errorf("summary lacks %s: %v", want, edits)
			}
		}
		got := submitted(t, m, w, turns)
		if got.SubjectNIK != "" || got.Registered || got.SubjectName != "Rajo Alam" || got.SubjectAge != "50" ||
			got.NagariCode != "13.02.04.2001" || got.ReporterName != "Budi Santoso" {
			t.Errorf("report = %+v", got)
		}
		if err := got.Validate(now); err != nil {
			t.Errorf("the report does not validate: %v", err)
		}
	})

	t.Run("each_described_field_changes_from_the_summary", func(t *testing.T) {
		w := covered()
		turns := append(slices.Clone(toNoNIKAccident), accidentOther[3:]...)
		turns = append(turns,
			turn{press("edit:person_name"), []string{"intake.name.ask"}},
			turn{text("Rajo Alam Sutan"), []string{"jkk.summary.ask"}},
			turn{press("edit:person_age"), []string{"intake.age.ask"}},
			turn{press("60plus"), []string{"jkk.summary.ask"}},
			turn{press("edit:person_nagari"), []string{"rep.kecamatan.ask"}},
			turn{press("13.02.05"), []string{"reg.nagari.ask"}},
		)
		s, replies := transcript(t, m, w, engine.Session{}, turns)
		nagari := replies[0].Buttons[0][0].Value
		s, _ = transcript(t, m, w, s, []turn{{press(nagari), []string{"jkk.summary.ask"}}, submitAccident})
		got := w.reports.submitted[0].Report
		if got.SubjectName != "Rajo Alam Sutan" || got.SubjectAge != "60plus" || got.NagariCode != nagari || got.SubjectNIK != "" {
			t.Errorf("report = %+v", got)
		}
		_ = s
	})

	t.Run("a_nik_typed_after_all_forgets_the_description", func(t *testing.T) {
		w := covered()
		turns := append(slices.Clone(toNoNIKAccident), accidentOther[3:]...)
		turns = append(turns,
			turn{press("edit:person"), []string{"jkk.whose.ask"}},
			turn{press("other"), []string{"jkk.nik.ask"}},
			turn{text(nikRajo), []string{"jkk.summary.ask"}},
			submitAccident,
		)
		transcript(t, m, w, engine.Session{}, turns)
		got := w.reports.submitted[0].Report
		if got.SubjectNIK != nikRajo || !got.Registered || got.SubjectName != "" || got.SubjectAge != "" || got.NagariCode != "" {
			t.Errorf("report = %+v", got)
		}
	})

	t.Run("tidak_tahu_from_the_summary_asks_the_whole_person_then_returns", func(t *testing.T) {
		w := covered()
		turns := append(slices.Clone(accidentOther), []turn{
			{press("edit:person"), []string{"jkk.whose.ask"}},
			{press("other"), []string{"jkk.nik.ask"}},
			{press(valueNoNIK), []string{"intake.name.ask"}},
			{text("Rajo Alam"), []string{"intake.age.ask"}},
			{press("40an"), []string{"rep.kecamatan.ask"}},
			{press("13.02.04"), []string{"reg.nagari.ask"}},
			{press("13.02.04.2001"), []string{"jkk.summary.ask"}},
			submitAccident,
		}...)
		transcript(t, m, w, engine.Session{}, turns)
		got := w.reports.submitted[0].Report
		if got.SubjectNIK != "" || got.Registered || got.SubjectName != "Rajo Alam" || got.SubjectAge != "40an" || got.NagariCode != "13.02.04.2001" {
			t.Errorf("report = %+v", got)
		}
	})

	t.Run("a_death_changed_to_an_unregistered_nik_asks_the_name_and_nagari_again", func(t *testing.T) {
		w := covered()
		turns := append(slices.Clone(deathToSummary), []turn{
			{press("edit:nik"), []string{"jkm.nik.ask"}},
			{text(nikSiti), []string{"jkm.uncovered.ask"}},
			{press("go_on"), []string{"intake.name.ask"}},
			{text("Siti Rahmah"), []string{"rep.kecamatan.ask"}},
			{press("13.02.04"), []string{"reg.nagari.ask"}},
			{press("13.02.04.2001"), []string{"jkm.summary.ask"}},
			{press("submit"), []string{"jkm.done", "jkm.documents", "jkm.next", "menu.ask"}},
		}...)
		transcript(t, m, w, engine.Session{}, turns)
		got := w.reports.submitted[0].Report
		if got.SubjectNIK != nikSiti || got.Registered || got.SubjectName != "Siti Rahmah" || got.SubjectAge != "" || got.NagariCode != "13.02.04.2001" {
			t.Errorf("report = %+v", got)
		}
	})

	t.Run("every_bad_answer_is_explained_and_asked_again", func(t *testing.T) {
		w := covered()
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("lapor", ""), []string{"jkk.whose.ask"}},
			{press("other"), []string{"jkk.nik.ask"}},
			{press("bogus"), []string{"input.use_buttons", "jkk.nik.ask"}},
			{press(valueNoNIK), []string{"intake.name.ask"}},
			{sticker, []string{"input.type_text", "intake.name.ask"}},
			{text("R2D2"), []string{"name.invalid_chars", "intake.name.ask"}},
			{text(strings.Repeat("a", 10000)), []string{"input.too_long", "intake.name.ask"}},
			{text(strings.Repeat("a", 101)), []string{"name.too_long", "intake.name.ask"}},
			{text("Rajo Alam"), []string{"intake.age.ask"}},
			{text("tua sekali"), []string{"intake.age.invalid", "intake.age.ask"}},
			{text("55an"), []string{"intake.age.invalid", "intake.age.ask"}},
			{text("250"), []string{"intake.age.invalid", "intake.age.ask"}},
			{press("52"), []string{"input.use_buttons", "intake.age.ask"}},
			{sticker, []string{"input.type_text", "intake.age.ask"}},
			{back, []string{"intake.name.ask"}},
			{text("Rajo Alam"), []string{"intake.age.ask"}},
			{press(string(domain.AgeUnknown)), []string{"rep.kecamatan.ask"}},
		})
	})

	t.Run("a_death_without_a_nik_is_described_too", func(t *testing.T) {
		w := covered()
		s, replies := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{press("death"), []string{"jkm.intro", "jkm.nik.ask"}},
			{press(valueNoNIK), []string{"intake.name.ask"}},
			{text("Rajo Alam"), []string{"intake.age.ask"}},
			{press("50an"), []string{"rep.kecamatan.ask"}},
			{press("13.02.04"), []string{"reg.nagari.ask"}},
			{press("13.02.04.2001"), []string{"jkm.date.ask"}},
		})
		if replies[0].Msg != "jkm.date.ask" {
			t.Fatal(replies)
		}
		s, replies = transcript(t, m, w, s, deathToSummary[3:])
		sum := replies[len(replies)-1]
		if sum.Data["NoNIK"] != true || sum.Data["Age"] != engine.Msg("intake.age.label.50an") {
			t.Errorf("summary data: %v", sum.Data)
		}
		transcript(t, m, w, s, []turn{
			{press("edit:person_age"), []string{"intake.age.ask"}},
			{text("kira-kira 47 tahun"), []string{"jkm.summary.ask"}},
			{press("submit"), []string{"jkm.done", "jkm.documents", "jkm.next", "menu.ask"}},
		})
		got := w.reports.submitted[0].Report
		if got.Kind != domain.ReportJKM || got.SubjectNIK != "" || got.SubjectName != "Rajo Alam" || got.SubjectAge != "47" ||
			got.NagariCode != "13.02.04.2001" {
			t.Errorf("report = %+v", got)
		}
		if err := got.Validate(now); err != nil {
			t.Errorf("the report does not validate: %v", err)
		}
	})
}

// submitted plays turns and Kirim in a fresh chat and returns the report.
func submitted(t *testing.T, m *engine.Machine, w *world, turns []turn) domain.Report {
	t.Helper()
	w.reports.submitted = nil
	transcript(t, m, w, engine.Session{}, append(slices.Clone(turns), submitAccident))
	return w.reports.submitted[0].Report
}

// unlinked is a stored accident report whose reporter did not know the NIK.
func unlinked() domain.ReportRecord {
	return domain.ReportRecord{
		Report: domain.Report{
			Kind: domain.ReportJKK, NagariCode: "13.02.04.2001", SubjectName: "Rajo Alam", SubjectAge: "50",
			Date: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), Clock: "pagi", Place: "Ladang", Description: "Terjatuh dari pohon",
			Injury: "Kaki patah", Treatment: "puskesmas", ReporterName: "Budi Santoso", ReporterRelation: "tetangga",
			ReporterPhone: "+6281234567890",
		},
		ID: 77, Number: "JKK-2026-000077", Stage: domain.StageNew, NagariName: "Alahan Panjang",
		Cover: domain.ReportCoverUnregistered, CreatedAt: now,
	}
}

func TestLinkReport(t *testing.T) {
	t.Parallel()
	m := testMachine(t)
	n := notice.ReportSubmitted(unlinked())
	if len(n.Buttons) != 3 {
		t.Fatalf("notice buttons: %+v", n.Buttons)
	}
	link, notMember := n.Buttons[1][0], n.Buttons[2][0]

	t.Run("the_officer_links_the_report_by_nik_from_the_notice", func(t *testing.T) {
		w := &world{claims: claimWorld{report: unlinked()}}
		s, replies := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{pressNotice(n.Buttons[0][0]), []string{"claims.rep.show"}},
		})
		// The report view offers what the notice offers.
		var steps []string
		for _, row := range replies[0].Buttons {
			steps = append(steps, row[0].Step)
		}
		if !slices.Contains(steps, stepLinkReport) || !slices.Contains(steps, stepNotMember) {
			t.Errorf("report view buttons: %v", steps)
		}
		_, replies = transcript(t, m, w, s, []turn{
			{pressNotice(link), []string{"intake.link.ask"}},
			{text("1302"), []string{"nik.invalid_length", "intake.link.ask"}},
			{sticker, []string{"input.type_text", "intake.link.ask"}},
			{text(strings.Repeat("1", 10000)), []string{"input.too_long", "intake.link.ask"}},
			{text("1302 0412 0385 0002"), []string{"intake.link.done"}},
		})
		if diff := cmp.Diff([]engine.Effect{engine.LinkReport{ID: 77, NIK: nikRajo}}, w.intake.asked); diff != "" {
			t.Errorf("asked (-want +got):\n%s", diff)
		}
		if replies[0].Data["Name"] != "Rajo Alam" || replies[0].Data["Cover"] != engine.Msg("report.cover.aktif") {
			t.Errorf("done: %v", replies[0].Data)
		}
		// A second press of the old button is refused before any NIK.
		transcript(t, m, w, engine.Session{}, []turn{
			{pressNotice(link), []string{"intake.link.already"}},
			{pressNotice(notMember), []string{"intake.link.already"}},
		})
		if len(w.intake.asked) != 2 {
			t.Errorf("asked: %v", w.intake.asked)
		}
	})

	t.Run("a_nik_outside_the_area_changes_nothing", func(t *testing.T) {
		w := &world{claims: claimWorld{report: unlinked()}}
		transcript(t, m, w, engine.Session{}, []turn{
			{pressNotice(link), []string{"intake.link.ask"}},
			{text(nikSiti), []string{"intake.link.none"}},
			{pressNotice(link), []string{"intake.link.ask"}},
			{press(valueCancel), []string{"staff.reject.cancelled"}},
		})
		if w.claims.report.Registered {
			t.Error("linked")
		}
	})

	t.Run("another_area_sees_no_report", func(t *testing.T) {
		w := &world{}
		transcript(t, m, w, engine.Session{}, []turn{
			{pressNotice(link), []string{"staff.rep.not_found"}},
			{pressNotice(notMember), []string{"staff.rep.not_found"}},
			{engine.Press(stepLinkReport, "x"), []string{"staff.rep.not_found"}},
		})
	})

	t.Run("not_a_member_is_recorded_once_and_a_link_undoes_it", func(t *testing.T) {
		w := &world{claims: claimWorld{report: unlinked()}}
		_, replies := transcript(t, m, w, engine.Session{}, []turn{
			{pressNotice(notMember), []string{"intake.notmember.done"}},
			{pressNotice(notMember), []string{"intake.notmember.already"}},
			{engine.Press(stepStaffRep, "77"), []string{"claims.rep.show"}},
		})
		var steps []string
		for _, row := range replies[0].Buttons {
			steps = append(steps, row[0].Step)
		}
		if !slices.Contains(steps, stepLinkReport) || slices.Contains(steps, stepNotMember) {
			t.Errorf("report view buttons: %v", steps)
		}
		transcript(t, m, w, engine.Session{}, []turn{
			{pressNotice(link), []string{"intake.link.ask"}},
			{text(nikRajo), []string{"intake.link.done"}},
		})
		if w.claims.report.NotMember || !w.claims.report.Registered {
			t.Errorf("report: %+v", w.claims.report)
		}
	})
}
