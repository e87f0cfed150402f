package flows

import (
	"slices"
	"strings"
	"testing"

	"github.com/jaganagari/jaganagari/internal/engine"
)

func TestAreaSteps(t *testing.T) {
	t.Parallel()
	m := testMachine(t)

	t.Run("kecamatan_buttons_are_in_alphabetical_order", func(t *testing.T) {
		_, replies := transcript(t, m, &world{}, engine.Session{}, toSummary[:7])
		var names []string
		for _, row := range replies[0].Buttons {
			for _, b := range row {
				if b.Value != engine.ValueBack {
					names = append(names, b.Label)
				}
			}
		}
		if len(names) != 14 || !slices.IsSortedFunc(names, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }) {
			t.Errorf("kecamatan buttons: %v", names)
		}
	})

	t.Run("nagari_typed_at_the_kecamatan_step_is_understood", func(t *testing.T) {
		s, _ := transcript(t, m, &world{}, engine.Session{}, toSummary[:7])
		s, replies := transcript(t, m, &world{}, s, []turn{
			{text("alahan panjng"), []string{"reg.nagari.found", "reg.occupation.ask"}},
		})
		if s.Answer(keyKecamatan) != "13.02.04" || s.Answer(keyNagari) != "13.02.04.2001" {
			t.Errorf("kecamatan %q nagari %q", s.Answer(keyKecamatan), s.Answer(keyNagari))
		}
		if d := replies[0].Data; d["Nagari"] != "Alahan Panjang" || d["Kecamatan"] != "Lembah Gumanti" {
			t.Errorf("told %v", d)
		}
		// Kembali from the next question comes back to the kecamatan.
		transcript(t, m, &world{}, s, []turn{{text("kembali"), []string{"reg.kecamatan.ask"}}})
	})

	t.Run("a_nagari_name_two_kecamatan_share_is_asked_about", func(t *testing.T) {
		s, _ := transcript(t, m, &world{}, engine.Session{}, toSummary[:7])
		s, replies := transcript(t, m, &world{}, s, []turn{
			{text("Koto Laweh"), []string{"reg.nagari.ambiguous"}},
		})
		var values []string
		for _, row := range replies[0].Buttons {
			for _, b := range row {
				if b.Step != stepKecamatan {
					t.Errorf("candidate %v not bound to the kecamatan step", b.Data)
				}
				values = append(values, b.Value)
			}
		}
		if !slices.Equal(values, []string{"13.02.06.2003", "13.02.09.2008", engine.ValueBack}) {
			t.Fatalf("candidates = %v", values)
		}
		s, _ = transcript(t, m, &world{}, s, []turn{
			{press("13.02.09.2008"), []string{"reg.nagari.found", "reg.occupation.ask"}},
		})
		if s.Answer(keyKecamatan) != "13.02.09" || s.Answer(keyNagari) != "13.02.09.2008" {
			t.Errorf("kecamatan %q nagari %q", s.Answer(keyKecamatan), s.Answer(keyNagari))
		}
	})

	t.Run("a_kecamatan_name_still_asks_for_its_nagari", func(t *testing.T) {
		s, _ := transcript(t, m, &world{}, engine.Session{}, toSummary[:7])
		transcript(t, m, &world{}, s, []turn{
			{text("atlantis"), []string{"reg.kecamatan.not_found", "reg.kecamatan.ask"}},
			{text("gunung talang"), []string{"reg.nagari.ask"}},
		})
	})

	t.Run("nagari_changed_from_the_summary_returns_to_it", func(t *testing.T) {
		s, _ := transcript(t, m, &world{}, engine.Session{}, toSummary)
		s, _ = transcript(t, m, &world{}, s, []turn{
			{press("edit:nagari"), []string{"reg.kecamatan.ask"}},
			{text("sumani"), []string{"reg.nagari.found", "reg.summary.ask"}},
		})
		if s.Answer(keyKecamatan) != "13.02.11" || s.Answer(keyNagari) != "13.02.11.2001" {
			t.Errorf("nagari %q", s.Answer(keyNagari))
		}
	})

	t.Run("a_report_takes_a_typed_nagari_too", func(t *testing.T) {
		w := &world{}
		s, _ := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("lapor", ""), []string{"jkk.whose.ask"}},
			{press("other"), []string{"jkk.nik.ask"}},
			{text("1302044505800001"), []string{"jkk.uncovered.other"}},
			{press("go_on"), []string{"rep.kecamatan.ask"}},
			{text("alahan panjang"), []string{"reg.nagari.found", "jkk.date.ask"}},
		})
		if s.Answer(keyNagari) != "13.02.04.2001" {
			t.Errorf("nagari %q", s.Answer(keyNagari))
		}
	})
}

func TestHelpLooksUpTheNagariOffice(t *testing.T) {
	t.Parallel()
	m := testMachine(t)

	t.Run("mid_form_it_asks_for_the_form's_nagari_and_comes_back", func(t *testing.T) {
		w := &world{}
		s, _ := transcript(t, m, w, engine.Session{}, toSummary[:9])
		_, replies := transcript(t, m, w, s, []turn{
			{engine.Slash("bantuan", ""), []string{"help", "reg.occupation.ask"}},
		})
		if len(w.offices) != 1 || w.offices[0].NagariCode != "13.02.04.2001" {
			t.Errorf("looked up %+v", w.offices)
		}
		if d := replies[0].Data; d["Contact"] != "0755 123456" || d["Nagari"] != "Alahan Panjang" {
			t.Errorf("help data %v", d)
		}
	})

	t.Run("a_nagari_named_after_bantuan_is_looked_up_by_name", func(t *testing.T) {
		w := &world{}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{engine.Slash("bantuan", " alahan panjang "), []string{"help", "menu.ask"}},
			{press("help"), []string{"help", "menu.ask"}},
		})
		if len(w.offices) != 2 || w.offices[0].Name != "alahan panjang" || w.offices[1] != (engine.LoadOffice{}) {
			t.Errorf("looked up %+v", w.offices)
		}
	})

	t.Run("help_is_shown_when_the_lookup_fails", func(t *testing.T) {
		transcript(t, m, &world{down: true}, engine.Session{}, []turn{
			{engine.Slash("bantuan", ""), []string{"help", "menu.ask"}},
		})
	})
}
