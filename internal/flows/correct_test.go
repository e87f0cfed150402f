package flows

import (
	"testing"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

// sitiOnFile is what the store answers LoadMyData with for Siti's
// registration (nikSiti).
func sitiOnFile() *world {
	return &world{chatReg: "REG-2026-000007", myData: domain.Registration{
		NIK: nikSiti, Name: "Siti Rahmah", BirthDate: time.Date(1980, 5, 5, 0, 0, 0, 0, time.UTC), Gender: "P",
		Address: "Jorong Koto Baru", Phone: "+6281234567890", HeirName: "Budi Santoso",
		HeirRelation: "pasangan", ConsentAt: time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC),
	}}
}

func TestCorrection(t *testing.T) {
	t.Parallel()
	m := testMachine(t)
	start := turn{engine.Slash("start", ""), []string{"welcome", "menu.ask"}}

	t.Run("a_phone_number_is_corrected_and_the_rest_kept", func(t *testing.T) {
		w := sitiOnFile()
		s, replies := transcript(t, m, w, engine.Session{}, []turn{
			start,
			{engine.Slash("ubah", ""), []string{"fix.intro", "fix.summary.ask"}},
		})
		if got := replies[1].Data["Phone"]; got != "+6281234567890" {
			t.Errorf("the summary shows phone %v, want the stored one", got)
		}
		for _, row := range replies[1].Buttons {
			for _, b := range row {
				if b.Value == "edit:nik" || b.Value == "edit:nagari" {
					t.Errorf("correction offers %s", b.Value)
				}
			}
		}
		s, _ = transcript(t, m, w, s, []turn{
			{press("edit:phone"), []string{"reg.phone.ask"}},
			// Nothing is stored before "Simpan perubahan": saying "tersimpan"
			// here let workers leave with the change lost.
			{text("0812 9999 8888"), []string{"fix.phone.changed", "fix.summary.ask"}},
			{press("submit"), []string{"fix.done", "menu.ask"}},
		})
		if len(w.corrected) != 1 {
			t.Fatalf("%d corrections sent, want 1", len(w.corrected))
		}
		got := w.corrected[0].Registration
		if got.Phone != "+6281299998888" || got.NIK != nikSiti || got.Name != "Siti Rahmah" || got.NagariCode != "13.02.04.2001" ||
			got.HeirRelation != "pasangan" || got.Gender != domain.Female {
			t.Errorf("correction sent %+v", got)
		}
		if w.corrected[0].Key == "" || s.InForm() {
			t.Errorf("key %q, form still open %v", w.corrected[0].Key, s.InForm())
		}
	})

	t.Run("a_record_without_the_mothers_name_shows_it_missing_and_takes_it", func(t *testing.T) {
		w := sitiOnFile() // registered before the question was asked
		s, replies := transcript(t, m, w, engine.Session{}, []turn{
			start,
			{engine.Slash("ubah", ""), []string{"fix.intro", "fix.summary.ask"}},
		})
		if got := replies[1].Data["MotherName"]; got != engine.Msg("reg.mother.none") {
			t.Errorf("the summary shows the missing mother's name as %v", got)
		}
		transcript(t, m, w, s, []turn{
			{press("edit:mother"), []string{"reg.mother.ask"}},
			{text("Rosmaniar 2"), []string{"name.invalid_chars", "reg.mother.ask"}},
			{text("ROSMANIAR"), []string{"fix.summary.ask"}},
			{press("submit"), []string{"fix.done", "menu.ask"}},
		})
		if len(w.corrected) != 1 || w.corrected[0].Registration.MotherName != "Rosmaniar" || w.corrected[0].Registration.Name != "Siti Rahmah" {
			t.Errorf("corrections: %+v", w.corrected)
		}
	})

	t.Run("nik_and_nagari_cannot_be_changed_by_a_stale_or_forged_button", func(t *testing.T) {
		w := sitiOnFile()
		transcript(t, m, w, engine.Session{}, []turn{
			start,
			{engine.Slash("ubah", ""), []string{"fix.intro", "fix.summary.ask"}},
			{press("edit:nik"), []string{"input.use_buttons", "fix.summary.ask"}},
			{press("edit:nagari"), []string{"input.use_buttons", "fix.summary.ask"}},
		})
	})

	t.Run("back_from_a_field_returns_to_the_summary", func(t *testing.T) {
		w := sitiOnFile()
		transcript(t, m, w, engine.Session{}, []turn{
			start,
			{engine.Slash("ubah", ""), []string{"fix.intro", "fix.summary.ask"}},
			{press("edit:address"), []string{"reg.address.ask"}},
			{text("kembali"), []string{"fix.summary.ask"}},
		})
	})

	t.Run("without_a_registration_there_is_nothing_to_change", func(t *testing.T) {
		transcript(t, m, &world{}, engine.Session{}, []turn{
			start,
			{engine.Slash("ubah", ""), []string{"fix.none", "menu.ask"}},
		})
	})

	t.Run("an_open_form_is_not_dropped", func(t *testing.T) {
		s, _ := transcript(t, m, &world{}, engine.Session{}, toSummary[:6])
		transcript(t, m, sitiOnFile(), s, []turn{{engine.Slash("ubah", ""), []string{"rep.busy", "reg.address.ask"}}})
	})

	t.Run("an_outage_keeps_the_changes_for_another_try", func(t *testing.T) {
		w := sitiOnFile()
		s, _ := transcript(t, m, w, engine.Session{}, []turn{
			start,
			{engine.Slash("ubah", ""), []string{"fix.intro", "fix.summary.ask"}},
			{press("edit:name"), []string{"reg.name.ask"}},
			{text("Siti Rahmawati"), []string{"fix.summary.ask"}},
		})
		w.down = true
		s, _ = transcript(t, m, w, s, []turn{{press("submit"), []string{"fix.failed", "fix.summary.ask"}}})
		w.down = false
		transcript(t, m, w, s, []turn{{press("submit"), []string{"fix.done", "menu.ask"}}})
		if len(w.corrected) != 1 || w.corrected[0].Registration.Name != "Siti Rahmawati" {
			t.Errorf("corrections: %+v", w.corrected)
		}
	})
}
