package flows

import (
	"slices"
	"testing"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

// assistedWorld answers LoadAssistance as the store would for one chat,
// and holds the people the chat receives or entered.
type assistedWorld struct {
	// nagari is the chat's binding (petugas nagari); "" when it has none.
	nagari string
	// outside names the nagari a kader binding is not for.
	outside string
	asked   []engine.LoadAssistance
	people  []domain.Person
	erased  []string // the numbers EraseMyData named
}

func (aw *assistedWorld) load(e engine.LoadAssistance) engine.Result {
	aw.asked = append(aw.asked, e)
	switch {
	case aw.nagari == "":
		return engine.Result{Effect: e.EffectName(), Err: "assisted.denied"}
	case e.Nagari != "" && e.Nagari != aw.nagari:
		return engine.Result{Effect: e.EffectName(), Err: "assisted.outside"}
	}
	n := domain.Nagari{Code: aw.nagari, Name: "Alahan Panjang", KecamatanCode: aw.nagari[:8], KecamatanName: "Lembah Gumanti"}
	return engine.Answered(e, engine.Assistance{Nagari: n, Role: domain.RoleNagari})
}

// received are the people whose notices the chat receives.
func (aw *assistedWorld) received() []domain.Person {
	return slices.DeleteFunc(slices.Clone(aw.people), func(p domain.Person) bool { return p.Entered })
}

// A man born 12 January 1975 and a boy born 10 March 2016, both of
// Kecamatan Lembah Gumanti.
const (
	nikAdi   = "1302041201750002"
	nikChild = "1302041003160003"
)

// worker answers the questions of a registration entered with help, from
// the NIK to the summary: the nagari is not asked, the phone is typed.
func workerTurns(nik, name string) []turn {
	return []turn{
		{text(nik), []string{"reg.identity.ask"}},
		{press("yes"), []string{"reg.name.ask"}},
		{text(name), []string{"reg.address.ask"}},
		{text("Jorong Koto Baru"), []string{"reg.occupation.ask"}},
		{press("petani"), []string{"assisted.phone.ask"}},
		{text("0812 3456 7890"), []string{"reg.phone.saved", "reg.mother.ask"}},
		{text("Rosmaniar"), []string{"reg.heir.name_ask"}},
		{text("Budi Santoso"), []string{"reg.heir.relation_ask"}},
		{press("anak"), []string{"reg.summary.ask"}},
	}
}

func TestAssistedRegistration(t *testing.T) {
	t.Parallel()
	m := testMachine(t)

	t.Run("an_officer_registers_workers_in_a_row", func(t *testing.T) {
		w := &world{assisted: assistedWorld{nagari: "13.02.04.2001"}}
		turns := []turn{
			{engine.Slash("daftarkan", ""), []string{"assisted.consent.intro", "reg.consent.ask"}},
			{press("lisan"), []string{"reg.nik.ask"}},
		}
		turns = append(turns, workerTurns(nikSiti, "Siti Rahmah")...)
		turns = append(turns,
			turn{press("submit"), []string{"assisted.done"}},
			turn{engine.Press(stepAsstAgain, StartAssisted+"13.02.04.2001"), []string{"assisted.consent.intro", "reg.consent.ask"}},
			turn{press("formulir"), []string{"assisted.form.ask"}},
			turn{photo("form-photo-1"), []string{"assisted.form.saved", "reg.nik.ask"}},
		)
		turns = append(turns, workerTurns(nikAdi, "Adi Putra")...)
		turns = append(turns,
			turn{press("submit"), []string{"assisted.done"}},
			turn{engine.Press(stepAsstAgain, "done"), []string{"assisted.finished"}},
		)
		s, _ := transcript(t, m, w, engine.Session{}, turns)
		if len(w.submitted) != 2 {
			t.Fatalf("submitted %d registrations, want 2", len(w.submitted))
		}
		// Both keys are the pinned clock's here; a real chat's two forms
		// never start in the same nanosecond (engine.Session.StartForm).
		first, second := w.submitted[0], w.submitted[1]
		for i, sub := range w.submitted {
			r := sub.Registration
			if r.NagariCode != "13.02.04.2001" || !r.ConsentMode.Assisted() || r.ConsentVersion != ConsentVersion || r.Phone != "+6281234567890" {
				t.Errorf("registration %d: %+v", i, r)
			}
		}
		if first.Registration.ConsentMode != domain.ConsentSpoken || first.Registration.ConsentFormFile != "" {
			t.Errorf("first consent %q %q, want lisan without a form", first.Registration.ConsentMode, first.Registration.ConsentFormFile)
		}
		if second.Registration.ConsentMode != domain.ConsentForm || second.Registration.ConsentFormFile != "form-photo-1" {
			t.Errorf("second consent %q %q, want formulir with the photo", second.Registration.ConsentMode, second.Registration.ConsentFormFile)
		}
		if s.InForm() {
			t.Errorf("a form is still open: %+v", s)
		}
	})

	t.Run("the_officers_own_number_and_a_nagari_change_are_refused", func(t *testing.T) {
		w := &world{assisted: assistedWorld{nagari: "13.02.04.2001"}}
		turns := []turn{
			{engine.Slash("daftarkan", ""), []string{"assisted.consent.intro", "reg.consent.ask"}},
			{press("lisan"), []string{"reg.nik.ask"}},
		}
		turns = append(turns, workerTurns(nikSiti, "Siti Rahmah")[:5]...)
		turns = append(turns,
			turn{engine.Input{Kind: engine.KindContact, Phone: "6281266610002", OwnContact: true}, []string{"assisted.phone.typed", "assisted.phone.ask"}},
			turn{text("0812 3456 7890"), []string{"reg.phone.saved", "reg.mother.ask"}},
			turn{text("Rosmaniar"), []string{"reg.heir.name_ask"}},
			turn{text("Budi Santoso"), []string{"reg.heir.relation_ask"}},
			turn{press("anak"), []string{"reg.summary.ask"}},
			// A forged "Ubah nagari": the nagari is the officer's.
			turn{press("edit:nagari"), []string{"input.use_buttons", "reg.summary.ask"}},
		)
		transcript(t, m, w, engine.Session{}, turns)
	})

	t.Run("without_a_binding_or_outside_it_nothing_is_asked", func(t *testing.T) {
		w := &world{}
		s, _ := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{engine.Slash("daftarkan", ""), []string{"assisted.denied"}},
		})
		w.assisted.nagari = "13.02.04.2001"
		transcript(t, m, w, s, []turn{
			{engine.Slash("daftarkan", "Koto Baru"), []string{"assisted.outside"}},
		})
		if got := w.assisted.asked; len(got) != 2 || got[1].Nagari != "Koto Baru" {
			t.Errorf("lookups %+v", got)
		}
	})

	t.Run("a_store_refusal_at_kirim_ends_the_form", func(t *testing.T) {
		w := &world{assisted: assistedWorld{nagari: "13.02.04.2001"}}
		turns := []turn{
			{engine.Slash("daftarkan", ""), []string{"assisted.consent.intro", "reg.consent.ask"}},
			{press("decline"), []string{"assisted.consent.declined"}},
			{engine.Press(stepAsstAgain, StartAssisted+"13.02.04.2001"), []string{"assisted.consent.intro", "reg.consent.ask"}},
			{press("lisan"), []string{"reg.nik.ask"}},
			{text(nikChild), []string{"household.too_young", "menu.ask"}},
		}
		transcript(t, m, w, engine.Session{}, turns)
		if len(w.submitted) != 0 {
			t.Errorf("submitted %d", len(w.submitted))
		}
	})
}

func TestHousehold(t *testing.T) {
	t.Parallel()
	m := testMachine(t)

	t.Run("a_spouse_is_registered_from_the_same_phone_and_status_lists_both", func(t *testing.T) {
		w := sitiOnFile()
		turns := []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{press("reg"), []string{"reg.already", "status.show", "household.offer", "menu.ask"}},
			{engine.Press(stepHHAdd, "add"), []string{"household.intro", "reg.consent.ask"}},
			{press("agree"), []string{"reg.nik.ask"}},
			{text(nikAdi), []string{"reg.identity.ask"}},
			{press("yes"), []string{"reg.name.ask"}},
			{text("Adi Putra"), []string{"reg.address.ask"}},
			{text("Jorong Koto Baru"), []string{"reg.kecamatan.ask"}},
			{press("13.02.04"), []string{"reg.nagari.ask"}},
			{press("13.02.04.2001"), []string{"reg.occupation.ask"}},
			{press("ojek_sopir"), []string{"reg.phone.ask"}},
			{text("0813 1111 2222"), []string{"reg.phone.saved", "reg.mother.ask"}},
			{text("Nurhayati"), []string{"reg.heir.name_ask"}},
			{text("Siti Rahmah"), []string{"reg.heir.relation_ask"}},
			{press("pasangan"), []string{"reg.summary.ask"}},
			{press("submit"), []string{"reg.done", "household.again", "menu.ask"}},
		}
		s, _ := transcript(t, m, w, engine.Session{}, turns)
		if len(w.submitted) != 1 {
			t.Fatalf("submitted %d", len(w.submitted))
		}
		if r := w.submitted[0].Registration; r.ConsentMode != domain.ConsentOwn || r.NIK != nikAdi {
			t.Errorf("family member's registration %+v", r)
		}
		w.assisted.people = []domain.Person{
			{Number: "REG-2026-000001", Name: "Adi Putra", Status: domain.StatusPending},
			{Number: "REG-2026-000007", Name: "Siti Rahmah", Status: domain.StatusVerified, Membership: domain.Membership{
				State: domain.MembershipActive, CoverStart: time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)}},
		}
		_, last := transcript(t, m, w, s, []turn{
			{engine.Slash("status", ""), []string{"household.status.list", "household.status.person", "household.status.person", "menu.ask"}},
			{engine.Slash("dataku", ""), []string{"household.pick.show"}},
		})
		if got := last[0].Buttons; len(got) != 2 || got[1][0].Value != "show:REG-2026-000007" || got[1][0].Step != stepPeople {
			t.Fatalf("picker buttons %+v", got)
		}
		s, _ = transcript(t, m, w, s, []turn{
			{engine.Press(stepPeople, "show:REG-2026-000007"), []string{"privacy.show", "menu.ask"}},
		})
		// /kartu asks whose card too, and shows the one picked.
		w.card = engine.MemberCard{Found: true, Number: "REG-2026-000007", Status: domain.StatusVerified, Name: "Siti Rahmah"}
		_, last = transcript(t, m, w, s, []turn{
			{engine.Slash("kartu", ""), []string{"household.pick.card"}},
		})
		if got := last[0].Buttons; len(got) != 2 || got[0][0].Value != "card:REG-2026-000001" || got[0][0].Step != stepPeople {
			t.Fatalf("card picker buttons %+v", got)
		}
		s, _ = transcript(t, m, w, s, []turn{
			{engine.Press(stepPeople, "card:REG-2026-000007"), []string{"kartu.verified", "menu.ask"}},
			{engine.Press(stepPeople, "card:REG-2026-000001"), []string{"kartu.none", "menu.ask"}},
			{engine.Slash("ubah", ""), []string{"household.pick.fix"}},
			{engine.Press(stepPeople, "fix:REG-2026-000001"), []string{"fix.intro", "fix.summary.ask"}},
			{engine.Slash("batal", ""), []string{"cancel.ask"}},
			{press("yes"), []string{"cancel.done", "menu.ask"}},
			{engine.Slash("hapus", ""), []string{"household.pick.erase"}},
			{engine.Press(stepPeople, "erase:REG-2026-000001"), []string{"household.erase.ask"}},
			{press("yes"), []string{"privacy.erase.done", "menu.ask"}},
		})
		if got := w.assisted.erased; len(got) != 1 || got[0] != "REG-2026-000001" {
			t.Errorf("erased %q, want only the spouse's", got)
		}
	})

	t.Run("a_child_under_15_is_refused_at_the_nik", func(t *testing.T) {
		w := &world{chatReg: "REG-2026-000007"}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("keluarga", ""), []string{"household.intro", "reg.consent.ask"}},
			{press("agree"), []string{"reg.nik.ask"}},
			{text(nikChild), []string{"household.too_young", "menu.ask"}},
		})
		if len(w.submitted) != 0 {
			t.Errorf("submitted %d", len(w.submitted))
		}
	})

	t.Run("a_phone_not_yet_registered_registers_its_owner_first", func(t *testing.T) {
		w := &world{}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("keluarga", ""), []string{"household.register_first", "menu.ask"}},
		})
	})
}
