package flows

import (
	"slices"
	"testing"

	"github.com/jaganagari/jaganagari/internal/engine"
)

// The world answers staff effects as for an area where nothing is found,
// which is what a chat without a binding, or a forged button, gets.
func TestStaffSideTrips(t *testing.T) {
	t.Parallel()
	m := testMachine(t)
	anytime := func(step, value string) engine.Input { return engine.Press(step, value) }

	t.Run("staff buttons pressed mid-form come back to the form's question", func(t *testing.T) {
		w := &world{}
		s, _ := transcript(t, m, w, engine.Session{}, append(slices.Clone(toSummary[:5]),
			turn{anytime("staff.reg", "7"), []string{"staff.reg.not_found", "reg.name.ask"}},
			turn{anytime("staff.act", "t:7"), []string{"staff.reject.ask"}},
			turn{text("Foto KTP buram"), []string{"staff.reg.not_found", "reg.name.ask"}},
			turn{text("Siti Rahmah"), []string{"reg.address.ask"}},
		))
		if s.Flow != flowRegistration || s.Answer(keyName) != "Siti Rahmah" || s.Answer(keyStaffRecord) != "" {
			t.Errorf("form lost or staff key left behind: %+v", s)
		}
	})

	t.Run("staff commands on an idle chat do not repeat the menu", func(t *testing.T) {
		transcript(t, m, &world{}, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{engine.Slash("antrian", ""), []string{"staff.queue.list_empty"}},
			{engine.Slash("petugas", ""), []string{"staff.code.ask"}},
			{engine.Slash("cari", ""), []string{"staff.search.ask"}},
			{engine.Slash("cari", "1302 0445"), []string{"nik.invalid_length"}},
			{engine.Slash("cari", nikSiti), []string{"staff.search.none"}},
			{engine.Slash("undang", "bukan-peran"), []string{"staff.invite.usage"}},
			{engine.Slash("hubungkan", ""), []string{"staff.group.only_group"}},
			{engine.Slash("laporan", ""), []string{"staff.rep.list_empty"}},
			{press("status"), []string{"status.none", "menu.ask"}},
		})
	})

	t.Run("a rejection can be called off and a bad button is refused", func(t *testing.T) {
		transcript(t, m, &world{}, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{anytime("staff.act", "t:9"), []string{"staff.reject.ask"}},
			{press("bukan_alasan"), []string{"input.use_buttons", "staff.reject.ask"}},
			{press("cancel"), []string{"staff.reject.cancelled"}},
			{anytime("staff.act", "x:abc"), []string{"staff.reg.not_found"}},
		})
	})
}
