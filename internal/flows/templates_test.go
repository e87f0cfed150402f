package flows

import (
	"testing"

	"github.com/jaganagari/jaganagari/internal/engine"
)

func TestTemplatesCommand(t *testing.T) {
	t.Parallel()
	m := testMachine(t)
	t.Run("an_admin_gets_both_templates_with_what_each_is_for", func(t *testing.T) {
		w := &world{templates: engine.Templates{Result: true, Import: true}}
		_, replies := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("templat", ""), []string{"templat.intro", "templat.file", "templat.file"}},
		})
		if replies[0].Data["Import"] != true || replies[1].File == nil || replies[1].File.Name != "templat-impor-peserta.xlsx" ||
			replies[2].File == nil || replies[2].File.Name != "templat-hasil-bpjs.xlsx" {
			t.Errorf("replies %+v", replies)
		}
	})
	t.Run("an_officer_gets_bpjs_s_result_template_only", func(t *testing.T) {
		w := &world{templates: engine.Templates{Result: true}}
		_, replies := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("templat", ""), []string{"templat.intro", "templat.file"}},
		})
		if replies[0].Data["Import"] != false || replies[1].File.Name != "templat-hasil-bpjs.xlsx" {
			t.Errorf("replies %+v", replies)
		}
	})
	t.Run("a_worker_is_told_it_is_for_staff", func(t *testing.T) {
		transcript(t, m, &world{}, engine.Session{}, []turn{
			{engine.Slash("templat", ""), []string{"templat.denied"}},
		})
	})
	t.Run("a_form_open_stays_open", func(t *testing.T) {
		w := &world{templates: engine.Templates{Result: true}}
		s, _ := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("lapor", ""), []string{"jkk.whose.ask"}},
			{engine.Slash("templat", ""), []string{"templat.intro", "templat.file", "jkk.whose.ask"}},
		})
		if s.Flow != flowAccident {
			t.Errorf("the form was dropped: %+v", s)
		}
	})
}
