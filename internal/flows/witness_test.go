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

func TestWitnesses(t *testing.T) {
	t.Parallel()
	m := testMachine(t)
	covered := func() *world {
		return &world{chatReg: "REG-2026-000007", reports: reportWorld{workers: map[string]bool{nikRajo: true}}}
	}
	sent := turn{press("submit"), []string{"jkk.done", "guidance.plkk.after", "jkk.documents", "jkk.deadline", "menu.ask"}}

	t.Run("changing_the_witnesses_from_the_summary_asks_them_again", func(t *testing.T) {
		w := covered()
		s, _ := transcript(t, m, w, engine.Session{}, slices.Clone(accidentSelf))
		transcript(t, m, w, s, []turn{
			{press("edit:witnesses"), []string{"jkk.witness.ask"}},
			{text("Rajo Alam, HP 0813-1111-2222"), []string{"jkk.witness.more_ask"}},
			{press("done"), []string{"jkk.summary.ask"}},
			{press("edit:witnesses"), []string{"jkk.witness.ask"}},
			{press("skip"), []string{"jkk.witness.later", "jkk.summary.ask"}},
			{press("edit:witnesses"), []string{"jkk.witness.ask"}},
			{press("none"), []string{"jkk.witness.later", "jkk.summary.ask"}},
			sent,
		})
		got := w.reports.submitted[0].Report
		if len(got.Witnesses) != 0 || !got.NoWitnesses {
			t.Errorf("witnesses after \"Tidak ada saksi\": %+v, none %v", got.Witnesses, got.NoWitnesses)
		}
		if err := got.Validate(now); err != nil {
			t.Errorf("the store would refuse the report: %v", err)
		}
	})

	t.Run("a_changed_witness_replaces_the_old_ones", func(t *testing.T) {
		w := covered()
		s, _ := transcript(t, m, w, engine.Session{}, slices.Clone(accidentSelf))
		transcript(t, m, w, s, []turn{
			{press("edit:witnesses"), []string{"jkk.witness.ask"}},
			{text("Rajo Alam 0813 1111 2222"), []string{"jkk.witness.more_ask"}},
			{press("done"), []string{"jkk.summary.ask"}},
			sent,
		})
		want := []domain.Witness{{Name: "Rajo Alam", Phone: "+6281311112222"}}
		if diff := cmp.Diff(want, w.reports.submitted[0].Report.Witnesses); diff != "" {
			t.Errorf("witnesses (-want +got):\n%s", diff)
		}
	})

	t.Run("going_back_from_the_photos_shows_the_witnesses", func(t *testing.T) {
		s, _ := transcript(t, m, covered(), engine.Session{}, accidentSelf[:16])
		s, _ = transcript(t, m, covered(), s, []turn{
			{back, []string{"jkk.witness.more_ask"}},
			{back, []string{"jkk.witness.ask_next"}}, // the second witness's name; its phone is not asked again
			{press("done"), []string{"jkk.photos.ask"}},
		})
		want := []domain.Witness{{Name: "Pak Datuak", Phone: "+6281234567890"}, {Name: "Siti Aminah"}}
		if diff := cmp.Diff(want, witnessesOf(&s)); diff != "" {
			t.Errorf("witnesses after going back (-want +got):\n%s", diff)
		}
	})

	t.Run("staff_see_the_witnesses_masked_in_the_notice_whole_in_the_report", func(t *testing.T) {
		w := covered()
		transcript(t, m, w, engine.Session{}, append(slices.Clone(accidentSelf), sent))
		rec := domain.ReportRecord{Report: w.reports.submitted[0].Report, ID: 77, Number: "JKK-2026-000123",
			Stage: domain.StageNew, NagariName: "Alahan Panjang", WorkerName: "Rajo Ameh",
			CreatedAt: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
		rec.NagariCode, rec.SubjectNIK = "13.02.04.2001", nikRajo
		n := notice.ReportSubmitted(rec)
		if got, want := n.Data["WitnessList"], "Pak Datuak, +62812*****890; Siti Aminah"; got != want {
			t.Errorf("notice witnesses %q, want %q", got, want)
		}
		for k, v := range n.Data {
			if strings.Contains(v, "81234567890") {
				t.Errorf("notice %s carries a whole phone number: %q", k, v)
			}
		}
		view := reportReply(rec).Data["Report"].(engine.Phrase).Data
		want := []map[string]any{{"Name": "Pak Datuak", "Phone": "+6281234567890"}, {"Name": "Siti Aminah", "Phone": ""}}
		if diff := cmp.Diff(want, view["Witnesses"]); diff != "" {
			t.Errorf("report view witnesses (-want +got):\n%s", diff)
		}
	})
}
