package postgres_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/postgres/pgtest"
	"github.com/jaganagari/jaganagari/internal/seal"
)

// The PLKK lists are kept in their scope: a regency admin sets the
// regency's, a nagari officer their own nagari's and no other; anyone's
// accident report reads the lists of the person's nagari and the regency.
func TestPLKKListsAreSetInTheirScope(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	const officer, other, kecamatan, admin, worker = int64(820100), int64(820200), int64(820300), int64(820400), int64(820500)
	const sirukam = "13.02.13.2001"
	staffChat(t, s, officer, domain.RoleNagari, alahan)
	staffChat(t, s, other, domain.RoleNagari, sirukam)
	staffChat(t, s, kecamatan, domain.RoleKecamatan, "Lembah Gumanti")
	staffChat(t, s, admin, domain.RoleAdmin, "")
	applyOne(t, s, worker, submit("reg-1", registration(1))) // of Alahan Panjang

	if a := answer(t, s, officer, engine.LoadPLKKScope{}); a.Admin || len(a.Nagari) != 1 || a.Nagari[0].Code != alahan ||
		a.Nagari[0].Name != "Alahan Panjang" || len(a.Nagari[0].List) != 0 || len(a.Regency) != 0 {
		t.Errorf("officer's scope %+v", a)
	}
	if a := answer(t, s, admin, engine.LoadPLKKScope{}); !a.Admin || len(a.Nagari) != 0 {
		t.Errorf("admin's scope %+v", a)
	}
	for _, chat := range []int64{kecamatan, worker} {
		if res := apply(t, s, chat, engine.LoadPLKKScope{}); res[0].Err != "guidance.plkk.denied" {
			t.Errorf("chat %d's scope %+v, want denied", chat, res)
		}
	}

	nagariList := []string{"Puskesmas Alahan Panjang"}
	regencyList := []string{"RSUD Arosuka", "Puskesmas Alahan Panjang"}
	if a := answer(t, s, officer, engine.SetPLKK{Nagari: alahan, List: nagariList}); !slices.Equal(a.List, nagariList) {
		t.Errorf("set %q", a.List)
	}
	if a := answer(t, s, admin, engine.SetPLKK{List: regencyList}); !slices.Equal(a.List, regencyList) {
		t.Errorf("set %q", a.List)
	}
	for _, refused := range []struct {
		chat int64
		e    engine.SetPLKK
	}{
		{other, engine.SetPLKK{Nagari: alahan, List: []string{"Klinik Lain"}}}, // another nagari's
		{officer, engine.SetPLKK{List: []string{"Klinik Lain"}}},               // the regency's
		{kecamatan, engine.SetPLKK{Nagari: alahan, List: []string{"Klinik Lain"}}},
		{admin, engine.SetPLKK{Nagari: alahan, List: []string{"Klinik Lain"}}}, // the nagari keeps its own
		{worker, engine.SetPLKK{List: nil}},
	} {
		if res := apply(t, s, refused.chat, refused.e); res[0].Err != "guidance.plkk.denied" {
			t.Errorf("chat %d setting %+v: %+v, want denied", refused.chat, refused.e, res)
		}
	}

	want := engine.PLKKList{Nagari: nagariList, Regency: regencyList}
	for name, e := range map[string]engine.LoadPLKK{
		"by nagari":         {Nagari: alahan},
		"the chat's own":    {Self: true},
		"by the person NIK": {NIK: registration(1).NIK},
	} {
		if diff := cmp.Diff(want, answer(t, s, worker, e)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
	if got := answer(t, s, other, engine.LoadPLKK{Nagari: sirukam}); len(got.Nagari) != 0 || !slices.Equal(got.Regency, regencyList) {
		t.Errorf("a nagari without its own list %+v", got)
	}
	if got := answer(t, s, other, engine.LoadPLKK{NIK: registration(9).NIK}); len(got.Nagari) != 0 || !slices.Equal(got.Regency, regencyList) {
		t.Errorf("an unregistered person %+v", got)
	}

	// Emptied by its officer; each change is audited, refusals are not.
	if a := answer(t, s, officer, engine.SetPLKK{Nagari: alahan}); len(a.List) != 0 {
		t.Errorf("emptied %q", a.List)
	}
	if got := answer(t, s, worker, engine.LoadPLKK{Self: true}); len(got.Nagari) != 0 {
		t.Errorf("emptied list still read %q", got.Nagari)
	}
	var audited int
	if err := pool.QueryRow(t.Context(), `select count(*) from audit_log where action = 'plkk.set' and staff_id is not null`).Scan(&audited); err != nil {
		t.Fatal(err)
	}
	if audited != 3 {
		t.Errorf("%d audited changes, want 3", audited)
	}

	// The store takes only what domain.ParsePLKKList gives.
	for _, bad := range [][]string{{"RSUD  Arosuka"}, {"RS"}, {"A A A", "a a a"}, slices.Repeat([]string{"Klinik X"}, 6)} {
		if _, err := s.SetPLKK(t.Context(), "cli", 0, alahan, bad); err == nil {
			t.Errorf("SetPLKK(%q) took it", bad)
		}
	}
	if _, err := s.SetPLKK(t.Context(), "cli", 0, "13.02.99.9999", nagariList); err == nil {
		t.Error("an unknown nagari took a list")
	}
}

// /hapus is told of an open claim before it asks: LoadMyData names the
// reports about the registration that staff still act on, the same ones
// EraseMyData refuses to erase under.
func TestMyDataNamesTheOpenClaimsThatKeepTheRecord(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	const worker, neighbour = int64(830100), int64(830200)
	applyOne(t, s, worker, submit("reg-1", registration(1)))
	if a := answer(t, s, worker, engine.LoadMyData{}); len(a.OpenClaims) != 0 {
		t.Fatalf("open claims before any report: %+v", a.OpenClaims)
	}
	// A neighbour reports the worker's accident; the worker's own report
	// about someone else would not count.
	got := answer(t, s, neighbour, engine.SubmitReport{Key: "jkk-1", Report: accident(1)})
	a := answer(t, s, worker, engine.LoadMyData{})
	if len(a.OpenClaims) != 1 || a.OpenClaims[0].Number != got.Number {
		t.Fatalf("open claims %+v, want %s", a.OpenClaims, got.Number)
	}
	if n := answer(t, s, neighbour, engine.LoadMyData{}); len(n.OpenClaims) != 0 {
		t.Errorf("the reporter's own registration-less chat has open claims %+v", n.OpenClaims)
	}
	if e := answer(t, s, worker, engine.EraseMyData{}); !e.Kept {
		t.Fatalf("erased with an open claim: %+v", e)
	}
	if _, err := pool.Exec(t.Context(), `update reports set stage = 'selesai'`); err != nil {
		t.Fatal(err)
	}
	if a := answer(t, s, worker, engine.LoadMyData{}); len(a.OpenClaims) != 0 {
		t.Errorf("a settled claim still open: %+v", a.OpenClaims)
	}
	if e := answer(t, s, worker, engine.EraseMyData{}); e.Kept || !e.Found {
		t.Errorf("not erased once settled: %+v", e)
	}
	// What /hapus says is kept: the report stays, unlinked.
	var reports int
	if err := pool.QueryRow(t.Context(), `select count(*) from reports where number = $1 and registration_id is null`, got.Number).Scan(&reports); err != nil {
		t.Fatal(err)
	}
	if reports != 1 {
		t.Errorf("%d reports kept unlinked, want 1", reports)
	}
}
