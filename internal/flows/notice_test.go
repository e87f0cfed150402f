package flows

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/notice"
)

// staffWorld answers the staff effects a notice's buttons lead to, for one
// stored registration and one stored report, and records what was asked.
type staffWorld struct {
	registration domain.RegistrationRecord
	report       domain.ReportRecord
	asked        []engine.Effect
}

func (sw *staffWorld) apply(e engine.Effect, r *engine.Result) {
	switch e := e.(type) {
	case engine.LoadRegistration:
		sw.asked = append(sw.asked, e)
		*r = engine.Answered(e, engine.StaffRegistration{Found: e.ID == sw.registration.ID && e.ID != 0, Registration: sw.registration})
	case engine.DecideRegistration:
		sw.asked = append(sw.asked, e)
		if e.ID != sw.registration.ID || e.ID == 0 {
			*r = engine.Answered(e, engine.Decision{})
			return
		}
		status := domain.StatusVerified
		if !e.Verify {
			status = domain.StatusRejected
		}
		*r = engine.Answered(e, engine.Decision{Found: true, Changed: true, Number: sw.registration.Number, Status: status})
	case engine.LoadReport:
		sw.asked = append(sw.asked, e)
		*r = engine.Answered(e, engine.StaffReport{Found: e.ID == sw.report.ID && e.ID != 0, Report: sw.report})
	}
}

// pressNotice is staff pressing notice button b: an Anytime button, pressed
// whatever step the staff chat is on.
func pressNotice(b notice.Button) engine.Input {
	step, value := b.Callback()
	return engine.Press(step, value)
}

// The notices a submitted form leads to, built from the record the store
// writes, open the staff steps they name: the notice, the step that reads
// its button and the staff view's own buttons agree.
func TestNoticesOpenTheStaffSteps(t *testing.T) {
	t.Parallel()
	m := testMachine(t)

	t.Run("a registration's notice opens, verifies and rejects it", func(t *testing.T) {
		w := &world{}
		transcript(t, m, w, engine.Session{}, append(slices.Clone(toSummary),
			turn{press("submit"), []string{"reg.done", "menu.ask"}},
		))
		rec := domain.RegistrationRecord{Registration: w.submitted[0].Registration, ID: 41, Number: "REG-2026-000001", Status: domain.StatusPending, Participating: true}
		n := notice.RegistrationSubmitted(rec)
		if n.NagariCode != "13.02.04.2001" || n.Msg != "notify.registration" || n.Data["Name"] != "Siti Rahmah" {
			t.Fatalf("notice: %+v", n)
		}
		for k, v := range n.Data {
			if strings.Contains(v, nikSiti) || strings.Contains(v, "81234567890") {
				t.Errorf("notice data %s holds the full NIK or phone: %q", k, v)
			}
		}
		if len(n.Buttons) != 2 || len(n.Buttons[1]) != 2 {
			t.Fatalf("buttons: %+v", n.Buttons)
		}
		open, verify, reject := n.Buttons[0][0], n.Buttons[1][0], n.Buttons[1][1]

		staff := &world{staff: staffWorld{registration: rec}}
		_, replies := transcript(t, m, staff, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{pressNotice(open), []string{"staff.reg.show"}},
		})
		// The staff view's decision buttons are the notice's.
		var shown []notice.Button
		for _, row := range replies[0].Buttons {
			for _, b := range row {
				shown = append(shown, notice.NewButton(b.Msg, b.Step, b.Value))
			}
		}
		if diff := cmp.Diff([]notice.Button{verify, reject}, shown); diff != "" {
			t.Errorf("staff view's buttons differ from the notice's (-notice +view):\n%s", diff)
		}
		transcript(t, m, staff, engine.Session{}, []turn{
			{pressNotice(verify), []string{"staff.reg.verified"}},
			{pressNotice(reject), []string{"staff.reject.ask"}},
			{press(domain.RejectReasons[0]), []string{"staff.reg.rejected"}},
		})
		want := []engine.Effect{
			engine.LoadRegistration{ID: 41},
			engine.DecideRegistration{ID: 41, Verify: true},
			engine.DecideRegistration{ID: 41, Reason: domain.RejectReasons[0]},
		}
		if diff := cmp.Diff(want, staff.staff.asked); diff != "" {
			t.Errorf("effects of the notice's buttons (-want +got):\n%s", diff)
		}
	})

	t.Run("a report's notice opens it, mid-form too", func(t *testing.T) {
		w := &world{chatReg: "REG-2026-000007", reports: reportWorld{workers: map[string]bool{nikRajo: true}}}
		transcript(t, m, w, engine.Session{}, append(slices.Clone(accidentSelf),
			turn{press("submit"), []string{"jkk.done", "guidance.plkk.after", "jkk.documents", "jkk.deadline", "menu.ask"}},
		))
		reported := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
		rec := domain.ReportRecord{Report: w.reports.submitted[0].Report, ID: 77, Number: "JKK-2026-000123",
			Stage: domain.StageNew, NagariName: "Alahan Panjang", WorkerName: "Rajo Ameh", CreatedAt: reported}
		rec.NagariCode, rec.SubjectNIK = "13.02.04.2001", nikRajo
		n := notice.ReportSubmitted(rec)
		if n.Msg != "notify.report" || n.Data["Name"] != "Rajo Ameh" || n.Data["NIK"] != domain.NIK(nikRajo).Masked() || len(n.Photos) != 3 {
			t.Fatalf("notice: %+v", n)
		}
		if _, ok := n.Data["Injury"]; ok || strings.Contains(strings.Join(slices.Collect(maps.Values(n.Data)), " "), "Kaki kiri") {
			t.Errorf("the staff notice carries health data: %v", n.Data)
		}
		staff := &world{staff: staffWorld{report: rec}}
		transcript(t, m, staff, engine.Session{}, append(slices.Clone(toSummary[:5]),
			turn{pressNotice(n.Buttons[0][0]), []string{"claims.rep.show", "reg.name.ask"}},
		))
		if diff := cmp.Diff([]engine.Effect{engine.LoadReport{ID: 77}}, staff.staff.asked); diff != "" {
			t.Errorf("effects of the notice's button (-want +got):\n%s", diff)
		}
	})
}
