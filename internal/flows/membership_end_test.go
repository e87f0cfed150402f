package flows

import (
	"testing"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/notice"
)

// endWorld answers EndMembership for one registration (7) whose
// membership is active until it is ended.
type endWorld struct {
	active int64 // 7 while the membership is aktif
	ended  []engine.EndMembership
}

func (ew *endWorld) apply(e engine.Effect, r *engine.Result) {
	if e, ok := e.(engine.EndMembership); ok {
		ew.ended = append(ew.ended, e)
		a := engine.MembershipEnded{Found: e.ID == 7, Number: "REG-2026-000007"}
		a.Changed = e.ID == ew.active
		if a.Changed {
			ew.active = 0
		}
		*r = engine.Answered(e, a)
	}
}

func TestStaffEndMembership(t *testing.T) {
	t.Parallel()
	m := testMachine(t)
	active := domain.RegistrationRecord{
		ID: 7, Number: "REG-2026-000007", Status: domain.StatusVerified, Funded: true, Participating: true,
		NagariName: "Alahan Panjang", KecamatanName: "Lembah Gumanti",
		Registration: domain.Registration{
			Name: "Rajo Ameh", NIK: nikSiti, NagariCode: "13.02.04.2001", Occupation: "petani", Gender: domain.Male,
			BirthDate: time.Date(1985, time.March, 12, 0, 0, 0, 0, time.UTC), Address: "Jorong Koto Baru",
			Phone: "+6281234567890", MotherName: "Rosmaniar", HeirName: "Siti Nurbaya", HeirRelation: "anak",
		},
		Membership: domain.Membership{State: domain.MembershipActive, KPJ: "12345678901"},
	}

	t.Run("the registration view ends an active membership with a reason", func(t *testing.T) {
		w := &world{}
		w.staff.registration = active
		w.ends.active = 7
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{pressNotice(notice.OpenRegistration(7)), []string{"staff.reg.show"}},
			{engine.Press(stepStaffEnd, "7"), []string{"iuran.staff.end.reason"}},
			{press("bukan_alasan"), []string{"input.use_buttons", "iuran.staff.end.reason"}},
			{press(string(domain.EndMoved)), []string{"iuran.staff.end.confirm"}},
			{press("yes"), []string{"iuran.staff.end.done"}},
			{engine.Press(stepStaffEnd, "7"), []string{"iuran.staff.end.reason"}},
			{press(string(domain.EndWithdrew)), []string{"iuran.staff.end.confirm"}},
			{press("yes"), []string{"iuran.staff.end.not_active"}},
		})
		if len(w.ends.ended) != 2 || w.ends.ended[0] != (engine.EndMembership{ID: 7, Reason: domain.EndMoved}) {
			t.Fatalf("ended %+v", w.ends.ended)
		}
	})

	t.Run("ending can be called off at each question", func(t *testing.T) {
		w := &world{}
		s, _ := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{engine.Press(stepStaffEnd, "7"), []string{"iuran.staff.end.reason"}},
			{press("cancel"), []string{"iuran.staff.end.cancelled"}},
			{engine.Press(stepStaffEnd, "7"), []string{"iuran.staff.end.reason"}},
			{press(string(domain.EndDeath)), []string{"iuran.staff.end.confirm"}},
			{press("cancel"), []string{"iuran.staff.end.cancelled"}},
			{engine.Press(stepStaffEnd, "x"), []string{"staff.reg.not_found"}},
		})
		if len(w.ends.ended) != 0 || s.Answer(keyStaffRecord) != "" || s.Answer(keyStaffEndReason) != "" {
			t.Fatalf("ended %+v, session %+v", w.ends.ended, s.Answers)
		}
	})
}
