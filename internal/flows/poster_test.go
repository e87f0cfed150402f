package flows

import (
	"slices"
	"testing"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

// posterWorld answers LoadPoster as the store would for one staff area:
// the nagari in area, found by code or exact name.
type posterWorld struct {
	area  []domain.Nagari
	asked []engine.LoadPoster
}

func (pw *posterWorld) apply(e engine.Effect, r *engine.Result) {
	lp, ok := e.(engine.LoadPoster)
	if !ok {
		return
	}
	pw.asked = append(pw.asked, lp)
	var a engine.PosterNagari
	var named []domain.Nagari
	for _, n := range pw.area {
		if lp.Nagari == n.Code || lp.Nagari == n.Name {
			named = append(named, n)
		}
	}
	switch {
	case lp.Nagari == "" && len(pw.area) == 1, len(named) == 1:
		a.Found, a.Nagari = true, append(named, pw.area...)[0]
		r.Files = []engine.File{{Name: "poster.pdf"}, {Name: "poster.png", Photo: true}}
	case lp.Nagari == "":
		a.Choices = pw.area
	default:
		a.Choices = named
	}
	r.Effect, r.Answer = e.EffectName(), a
}

const alahanPanjangLink = "n1302042001"

// toAddress fills a registration begun from a poster's link up to the
// address, after which the poster's nagari is offered.
var toAddress = []turn{
	{engine.Slash("start", alahanPanjangLink), []string{"welcome", "reg.consent.ask"}},
	{press("agree"), []string{"reg.nik.ask"}},
	{text("1302 0445 0580 0001"), []string{"reg.identity.ask"}},
	{press("yes"), []string{"reg.name.ask"}},
	{text("SITI   RAHMAH"), []string{"reg.address.ask"}},
	{text("Jorong Koto Baru, Jl. Raya Solok No. 12"), []string{"reg.nagari.confirm_ask"}},
}

func TestDeepLink(t *testing.T) {
	t.Parallel()
	m := testMachine(t)

	t.Run("a_poster_link_starts_registration_with_its_nagari_offered", func(t *testing.T) {
		w := &world{}
		s, replies := transcript(t, m, w, engine.Session{}, toAddress)
		if d := replies[0].Data; d["Nagari"] != "Alahan Panjang" || d["Kecamatan"] != "Lembah Gumanti" {
			t.Errorf("offered %v", d)
		}
		s, _ = transcript(t, m, w, s, []turn{
			{press("yes"), []string{"reg.occupation.ask"}},
			// Kembali comes back to the offer, as to the nagari question.
			{text("kembali"), []string{"reg.nagari.confirm_ask"}},
			{press("yes"), []string{"reg.occupation.ask"}},
		})
		if s.Answer(keyKecamatan) != "13.02.04" || s.Answer(keyNagari) != "13.02.04.2001" {
			t.Errorf("kecamatan %q nagari %q", s.Answer(keyKecamatan), s.Answer(keyNagari))
		}
		s, _ = transcript(t, m, w, s, toSummary[9:])
		transcript(t, m, w, s, []turn{{press("submit"), []string{"reg.done", "menu.ask"}}})
		if len(w.submitted) != 1 || w.submitted[0].Registration.NagariCode != "13.02.04.2001" {
			t.Fatalf("submitted %+v", w.submitted)
		}
	})

	t.Run("another_nagari_can_be_chosen", func(t *testing.T) {
		s, _ := transcript(t, m, &world{}, engine.Session{}, toAddress)
		s, _ = transcript(t, m, &world{}, s, []turn{
			{press("other"), []string{"reg.kecamatan.ask"}},
			{text("kembali"), []string{"reg.nagari.confirm_ask"}},
			{press("other"), []string{"reg.kecamatan.ask"}},
			{press("13.02.13"), []string{"reg.nagari.ask"}},
			{press("13.02.13.2001"), []string{"reg.occupation.ask"}},
		})
		if s.Answer(keyNagari) != "13.02.13.2001" {
			t.Errorf("nagari %q, want the one chosen", s.Answer(keyNagari))
		}
		// The summary's "Ubah nagari" asks the kecamatan, not the offer.
		s, _ = transcript(t, m, &world{}, s, toSummary[9:])
		transcript(t, m, &world{}, s, []turn{{press("edit:nagari"), []string{"reg.kecamatan.ask"}}})
	})

	t.Run("bad_links_are_ignored_politely", func(t *testing.T) {
		var turns []turn
		for _, bad := range []string{"n9999999999", "n13020420", "N1302042001", "n13.02.04.2001", "<b>halo</b>", "n1302042001n1302042001n1302042001n1302042001n1302042001n1302042001"} {
			turns = append(turns, turn{engine.Slash("start", bad), []string{"welcome", "start.link_unknown", "menu.ask"}})
		}
		s, _ := transcript(t, m, &world{}, engine.Session{}, turns)
		if s.InForm() || s.Answer(keyNagariLink) != "" {
			t.Errorf("a bad link left %+v", s)
		}
	})

	t.Run("a_bad_link_keeps_an_open_form", func(t *testing.T) {
		s, _ := transcript(t, m, &world{}, engine.Session{}, toSummary[:5])
		s, _ = transcript(t, m, &world{}, s, []turn{
			{engine.Slash("start", "xyz"), []string{"welcome", "start.link_unknown", "resume.ask"}},
			{press("continue"), []string{"reg.name.ask"}},
		})
		if s.Flow != flowRegistration || s.Answer(keyNIK) != nikSiti {
			t.Errorf("form lost: %+v", s)
		}
	})

	t.Run("a_link_opened_mid_form_offers_to_resume_and_then_its_nagari", func(t *testing.T) {
		s, _ := transcript(t, m, &world{}, engine.Session{}, toSummary[:5])
		transcript(t, m, &world{}, s, []turn{
			{engine.Slash("start", alahanPanjangLink), []string{"welcome", "resume.ask"}},
			{press("continue"), []string{"reg.name.ask"}},
			{text("Siti Rahmah"), []string{"reg.address.ask"}},
			{text("Jorong Koto Baru"), []string{"reg.nagari.confirm_ask"}},
		})
		// Starting over keeps the poster's nagari too.
		s, _ = transcript(t, m, &world{}, s, []turn{
			{engine.Slash("start", alahanPanjangLink), []string{"welcome", "resume.ask"}},
			{press("restart"), []string{"reg.consent.ask"}},
		})
		if s.Answer(keyNagariLink) != "13.02.04.2001" || s.Answer(keyNIK) != "" {
			t.Errorf("restarted form: %+v", s.Answers)
		}
	})

	t.Run("a_registered_worker_is_told_so", func(t *testing.T) {
		s, _ := transcript(t, m, &world{chatReg: "REG-2026-000009"}, engine.Session{}, []turn{
			{engine.Slash("start", alahanPanjangLink), []string{"welcome", "reg.already", "status.show", "household.offer", "menu.ask"}},
		})
		if s.Answer(keyNagariLink) != "" {
			t.Errorf("link left behind: %v", s.Answers)
		}
		// A later registration from the menu is not offered that nagari.
		s, _ = transcript(t, m, &world{}, s, append([]turn{{press("reg"), []string{"reg.consent.ask"}}}, toSummary[2:7]...))
		if s.Step != stepKecamatan {
			t.Errorf("at %q, want the kecamatan question", s.Step)
		}
	})
}

func TestPosterCommand(t *testing.T) {
	t.Parallel()
	m := testMachine(t)
	regions := testRegions(t)
	kec, _ := regions.KecamatanByCode("13.02.04")
	alahan, _ := regions.Nagari("13.02.04.2001")
	var all []domain.Nagari
	for _, k := range regions.Kecamatan() {
		all = append(all, k.Nagari...)
	}

	t.Run("a_nagari_officer_gets_their_poster_at_once", func(t *testing.T) {
		w := &world{posters: posterWorld{area: []domain.Nagari{alahan}}}
		_, replies := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{engine.Slash("poster", ""), []string{"staff.poster.done", "staff.poster.file", "staff.poster.file"}},
		})
		if replies[1].File == nil || replies[2].File == nil || !replies[2].File.Photo {
			t.Errorf("files: %+v %+v", replies[1].File, replies[2].File)
		}
	})

	t.Run("a_kecamatan_officer_picks_the_nagari", func(t *testing.T) {
		w := &world{posters: posterWorld{area: kec.Nagari}}
		_, replies := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{engine.Slash("poster", ""), []string{"staff.poster.pick_nagari"}},
		})
		if n := len(slices.Concat(replies[0].Buttons...)); n != len(kec.Nagari) {
			t.Errorf("%d buttons for %d nagari", n, len(kec.Nagari))
		}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Press(stepStaffPoster, "n:13.02.04.2001"), []string{"staff.poster.done", "staff.poster.file", "staff.poster.file"}},
			{engine.Slash("poster", "Sungai Nanam"), []string{"staff.poster.done", "staff.poster.file", "staff.poster.file"}},
			{engine.Slash("poster", "Lolo"), []string{"staff.poster.not_found"}},
		})
	})

	t.Run("an_admin_picks_the_kecamatan_then_the_nagari_and_a_form_goes_on", func(t *testing.T) {
		w := &world{posters: posterWorld{area: all}}
		s, replies := transcript(t, m, w, engine.Session{}, append(slices.Clone(toSummary[:5]),
			turn{engine.Slash("poster", ""), []string{"staff.poster.pick_kecamatan", "reg.name.ask"}},
		))
		if n := len(slices.Concat(replies[0].Buttons...)); n != 14 {
			t.Errorf("%d kecamatan buttons, want 14", n)
		}
		s, _ = transcript(t, m, w, s, []turn{
			{engine.Press(stepStaffPoster, "k:13.02.04"), []string{"staff.poster.pick_nagari", "reg.name.ask"}},
			{engine.Press(stepStaffPoster, "n:13.02.04.2001"), []string{"staff.poster.done", "staff.poster.file", "staff.poster.file", "reg.name.ask"}},
			{engine.Press(stepStaffPoster, "k:99.99"), []string{"staff.poster.not_found", "reg.name.ask"}},
			{engine.Slash("poster", "Koto Laweh"), []string{"staff.poster.pick_named", "reg.name.ask"}},
			{text("Siti Rahmah"), []string{"reg.address.ask"}},
		})
		if s.Answer(keyName) != "Siti Rahmah" {
			t.Errorf("form lost: %v", s.Answers)
		}
		want := []engine.LoadPoster{{}, {Nagari: "13.02.04.2001"}, {Nagari: "Koto Laweh"}}
		if !slices.Equal(w.posters.asked, want) {
			t.Errorf("asked %v, want %v", w.posters.asked, want)
		}
	})
}
