package flows

import (
	"testing"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

func TestMemberCard(t *testing.T) {
	t.Parallel()
	m := testMachine(t)
	day := func(y int, mo time.Month, d int) time.Time { return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC) }
	active := domain.Membership{State: domain.MembershipActive, Batch: "AJU-2026-00001", KPJ: "26051234567",
		CoverStart: day(2026, 8, 1), CoverEnd: day(2026, 12, 31)}
	worker := func(status domain.Status, ms domain.Membership) *world {
		return &world{chatReg: "REG-2026-000007", card: engine.MemberCard{Found: true, Number: "REG-2026-000007", Status: status,
			Name: "Siti Rahmah", Nagari: "Alahan Panjang", Kecamatan: "Lembah Gumanti", Membership: ms}}
	}

	t.Run("an_active_member_gets_the_card_as_a_picture", func(t *testing.T) {
		_, replies := transcript(t, m, worker(domain.StatusVerified, active), engine.Session{}, []turn{
			{engine.Slash("kartu", ""), []string{"kartu.caption", "menu.ask"}},
		})
		if f := replies[0].File; f == nil || !f.Photo || f.Name != "kartu-peserta.png" {
			t.Errorf("the card is not sent as a photo: %+v", replies[0])
		}
	})

	t.Run("status_of_an_active_member_offers_the_card", func(t *testing.T) {
		w := worker(domain.StatusVerified, active)
		_, replies := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("status", ""), []string{"bpjs.status.show", "menu.ask"}},
		})
		b := replies[0].Buttons
		if len(b) != 1 || b[0][0].Step != stepCardShow {
			t.Fatalf("no card button under the status: %+v", b)
		}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Input{Kind: engine.KindButton, Value: b[0][0].Value, Step: stepCardShow}, []string{"kartu.caption", "menu.ask"}},
		})
	})

	t.Run("the_card_button_keeps_an_open_form", func(t *testing.T) {
		w := worker(domain.StatusVerified, active)
		s, _ := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("lapor", ""), []string{"jkk.whose.ask"}},
			{engine.Input{Kind: engine.KindButton, Value: "card", Step: stepCardShow}, []string{"kartu.caption", "jkk.whose.ask"}},
		})
		if s.Flow != flowAccident {
			t.Errorf("the accident form was dropped: %+v", s)
		}
	})

	t.Run("status_of_a_worker_not_yet_active_has_no_card_button", func(t *testing.T) {
		_, replies := transcript(t, m, worker(domain.StatusVerified, domain.Membership{State: domain.MembershipSubmitted}), engine.Session{}, []turn{
			{engine.Slash("status", ""), []string{"bpjs.status.show", "menu.ask"}},
		})
		if len(replies[0].Buttons) != 0 {
			t.Errorf("a card button for a worker not active: %+v", replies[0].Buttons)
		}
	})

	ended, err := active.End(domain.EndMoved, day(2026, 10, 10))
	if err != nil {
		t.Fatal(err)
	}
	unrenewed, err := active.End(domain.EndBudgetYear, day(2027, 1, 1))
	if err != nil {
		t.Fatal(err)
	}
	waitingAgain := worker(domain.StatusVerified, unrenewed)
	waitingAgain.card.Waiting = true
	for _, c := range []struct {
		name string
		w    *world
		say  string
	}{
		{"ended_with_the_budget_year_and_no_place_says_ended", waitingAgain, "kartu.berakhir"},
		{"ended_with_the_budget_year_and_a_place_again_says_it_is_resubmitted", worker(domain.StatusVerified, unrenewed), "reenrol.kartu"},
		{"no_registration_says_so", &world{}, "kartu.none"},
		{"pending_registration_waits_for_the_nagari", worker(domain.StatusPending, domain.Membership{}), "kartu.pending"},
		{"rejected_registration_has_no_card", worker(domain.StatusRejected, domain.Membership{}), "kartu.rejected"},
		{"verified_not_submitted_says_so", worker(domain.StatusVerified, domain.Membership{}), "kartu.verified"},
		{"submitted_waits_for_bpjs", worker(domain.StatusVerified, domain.Membership{State: domain.MembershipSubmitted, Batch: "AJU-2026-00001"}), "kartu.diajukan"},
		{"refused_by_bpjs_says_why", worker(domain.StatusVerified, domain.Membership{State: domain.MembershipRefused, RefusedReason: "NIK tidak padan"}), "kartu.ditolak_bpjs"},
		{"ended_says_since_when_and_why", worker(domain.StatusVerified, ended), "kartu.berakhir"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, replies := transcript(t, m, c.w, engine.Session{}, []turn{
				{engine.Slash("kartu", ""), []string{c.say, "menu.ask"}},
			})
			if replies[0].File != nil {
				t.Errorf("a card for a worker not active: %+v", replies[0])
			}
		})
	}

	t.Run("database_down_says_unavailable", func(t *testing.T) {
		w := worker(domain.StatusVerified, active)
		w.down = true
		transcript(t, m, w, engine.Session{}, []turn{{engine.Slash("kartu", ""), []string{"error.unavailable", "menu.ask"}}})
	})
}
