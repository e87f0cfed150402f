package postgres_test

import (
	"slices"
	"testing"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/postgres/pgtest"
	"github.com/jaganagari/jaganagari/internal/seal"
)

// The bot's /iuran effects are scoped like every staff effect: officers
// see the iuran of their own nagari as at the bot's clock, only regency
// admins record a month, once, audited under their binding.
func TestIuranEffectsAreScopedToTheChatsArea(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	const officer, other, kecamatan, admin, worker = int64(810100), int64(810200), int64(810300), int64(810400), int64(810500)
	staffChat(t, s, officer, domain.RoleNagari, alahan)
	staffChat(t, s, other, domain.RoleNagari, "13.02.13.2001")
	staffChat(t, s, kecamatan, domain.RoleKecamatan, "Lembah Gumanti")
	staffChat(t, s, admin, domain.RoleAdmin, "")
	member(t, s, pool, 1, date(2026, 10, 1), date(2026, 12, 31))
	at := wib(2026, 10, 20, 9)
	october := domain.MonthOf(date(2026, 10, 1))

	if a := answer(t, s, officer, engine.LoadIuranScope{}); a.Admin || !slices.Equal(a.Nagari, []string{alahan}) {
		t.Errorf("officer's scope %+v", a)
	}
	if a := answer(t, s, kecamatan, engine.LoadIuranScope{}); a.Admin || len(a.Nagari) < 2 || !slices.Contains(a.Nagari, alahan) {
		t.Errorf("kecamatan's scope %+v", a)
	}
	if a := answer(t, s, admin, engine.LoadIuranScope{}); !a.Admin {
		t.Errorf("admin's scope %+v", a)
	}
	if res := apply(t, s, worker, engine.LoadIuranScope{}); res[0].Err != "staff.denied" {
		t.Errorf("a worker's scope %+v", res)
	}

	p := answer(t, s, officer, engine.LoadIuran{Nagari: alahan, At: at})
	if !p.Found || p.CanRecord || p.Active != 1 || p.Streak != 1 || len(p.Months) != 5 {
		t.Fatalf("officer's position %+v", p)
	}
	if m := p.Months[0]; m.Month != october || m.Members != 1 || m.Due != domain.DefaultIuran || m.Paid || !m.Late {
		t.Errorf("October as at the 20th: %+v", m)
	}
	if p := answer(t, s, other, engine.LoadIuran{Nagari: alahan, At: at}); p.Found || p.Name != "" || len(p.Months) != 0 {
		t.Errorf("another nagari's officer sees %+v", p)
	}
	if p := answer(t, s, admin, engine.LoadIuran{Nagari: "13.02.13.2001", At: at}); !p.Found || !p.CanRecord || len(p.Months) != 0 {
		t.Errorf("a nagari without members: %+v", p)
	}

	if res := apply(t, s, officer, engine.RecordIuran{Nagari: alahan, Month: october}); res[0].Err != "staff.admin_only" {
		t.Fatalf("an officer records: %+v", res)
	}
	amount := int64(20000)
	r := answer(t, s, admin, engine.RecordIuran{Nagari: alahan, Month: october, Amount: &amount})
	if !r.Found || r.Already || r.Amount != 20000 || r.Due != domain.DefaultIuran || r.Members != 1 {
		t.Fatalf("recorded %+v", r)
	}
	if r := answer(t, s, admin, engine.RecordIuran{Nagari: alahan, Month: october}); !r.Already || r.Amount != 20000 {
		t.Fatalf("recorded again %+v", r)
	}
	if r := answer(t, s, admin, engine.RecordIuran{Nagari: "13.02.99.9999", Month: october}); r.Found {
		t.Fatalf("an unknown nagari recorded %+v", r)
	}
	var audits int
	if err := pool.QueryRow(t.Context(), `
		select count(*) from audit_log a join staff s on s.id = a.staff_id
		where a.action = 'iuran.paid' and a.actor = 'chat:810400' and s.chat_id = $1`, admin).Scan(&audits); err != nil || audits != 1 {
		t.Fatalf("%d audit rows (%v), want 1", audits, err)
	}

	// /rekap: the officer's own nagari, as at the bot's clock; nothing for
	// a nagari without members.
	recap := answer(t, s, officer, engine.LoadRecap{At: at})
	if len(recap.Iuran) != 1 || recap.Iuran[0] != (engine.IuranLine{
		Nagari: "Alahan Panjang", Month: october, Due: domain.DefaultIuran, Paid: true, Members: 1,
	}) {
		t.Errorf("officer's recap iuran %+v", recap.Iuran)
	}
	if recap := answer(t, s, other, engine.LoadRecap{At: at}); len(recap.Iuran) != 0 {
		t.Errorf("another nagari's recap shows %+v", recap.Iuran)
	}
	late := answer(t, s, admin, engine.LoadRecap{At: wib(2026, 12, 16, 9)})
	if len(late.Iuran) != 1 || late.Iuran[0].Streak != 2 || late.Iuran[0].Paid {
		t.Errorf("December's recap iuran %+v, want November and December late", late.Iuran)
	}
}
