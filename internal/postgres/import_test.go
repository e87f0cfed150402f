package postgres_test

import (
	"testing"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/postgres/pgtest"
	"github.com/jaganagari/jaganagari/internal/seal"
)

// importTable is a members' file of workers serial..., as registration
// makes them.
func importTable(serials ...int) [][]string {
	t := [][]string{domain.ImportTemplateColumns()}
	for _, n := range serials {
		r := registration(n)
		t = append(t, []string{string(r.NIK), r.Name, "12-03-1985", "L", r.Address, "", "", "Petani", "081234567890",
			"", r.HeirName, "Anak", "", "", ""})
	}
	return t
}

// TestImportMeetsTheChatsRegistrations: a NIK registered in the chat is
// "registered" to the import, and a NIK imported is a duplicate to the
// chat; an imported worker is verified and found by its NIK like any
// other, opened from its sealed columns; the effect is for regency admins
// only, and names a nagari the store knows.
func TestImportMeetsTheChatsRegistrations(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	const admin, nagariOfficer, worker = int64(820100), int64(820200), int64(820300)
	staffChat(t, s, admin, domain.RoleAdmin, "")
	staffChat(t, s, nagariOfficer, domain.RoleNagari, alahan)

	if sub := answer(t, s, worker, submit("own", registration(1))); sub.Number == "" || sub.Duplicate {
		t.Fatalf("chat registration %+v", sub)
	}
	a, err := s.ImportRegistrations(t.Context(), "Alahan Panjang", "daftar.csv", importTable(1, 2))
	if err != nil {
		t.Fatal(err)
	}
	if a.Report.Counts[domain.RowRegistered] != 1 || a.Report.Counts[domain.RowImported] != 1 || a.Report.Lines[0].Outcome != domain.RowRegistered {
		t.Fatalf("report %+v", a.Report)
	}
	// The nagari's staff hear of the import, with its counts, once.
	var toldStaff int
	if err := pool.QueryRow(t.Context(), `select count(*) from outbox where msg = 'import.notify.nagari' and nagari_code = $1
		and data->>'Imported' = '1' and data->>'Registered' = '1'`, alahan).Scan(&toldStaff); err != nil || toldStaff != 1 {
		t.Errorf("the nagari's staff told %d times of the import (%v), want once", toldStaff, err)
	}
	if dup := answer(t, s, worker+1, submit("again", registration(2))); !dup.Duplicate || dup.Number != "" {
		t.Errorf("the chat registering an imported NIK: %+v, want a duplicate told nothing", dup)
	}
	found := answer(t, s, nagariOfficer, engine.SearchRegistration{NIK: registration(2).NIK})
	if r := found.Registration; !found.Found || r.Status != domain.StatusVerified || r.NIK != registration(2).NIK ||
		r.Phone != "+6281234567890" || r.ConsentMode != domain.ConsentImported || r.ChatID != 0 {
		t.Errorf("the officer's search for the imported NIK: %+v", found)
	}

	for chat, want := range map[int64]string{nagariOfficer: "import.denied", worker: "import.denied"} {
		res := apply(t, s, chat, engine.ImportRegistrations{Name: "x.csv", Nagari: alahan, Table: importTable(3)})
		if res[0].Err != want {
			t.Errorf("chat %d: %+v, want %s", chat, res[0], want)
		}
	}
	if res := apply(t, s, admin, engine.ImportRegistrations{Name: "x.csv", Nagari: "Entah", Table: importTable(3)}); res[0].Err != "import.nagari_unknown" {
		t.Errorf("unknown nagari: %+v", res[0])
	}
	if res := apply(t, s, admin, engine.ImportRegistrations{Name: "x.csv", Nagari: alahan, Problem: domain.ImportFileUnreadable}); engine.AnswerOf[engine.ImportRegistrations](&res[0]).Problem != domain.ImportFileUnreadable {
		t.Errorf("unreadable file: %+v", res[0])
	}
	// An admin's import from the bot is not the admin's own people: their
	// /status and /hapus do not list the members they imported.
	if res := apply(t, s, admin, engine.ImportRegistrations{Name: "x.csv", Nagari: alahan, Table: importTable(3)}); res[0].Err != "" ||
		engine.AnswerOf[engine.ImportRegistrations](&res[0]).Report.Counts[domain.RowImported] != 1 {
		t.Fatalf("the admin's import: %+v", res[0])
	}
	if st := answer(t, s, admin, engine.LoadStatus{}); st.Found || len(st.People) != 0 {
		t.Errorf("the admin's /status after an import: %+v, want nobody", st)
	}
	// The imported members have no chat: one opens the bot and shares their
	// own number (the list gives all of them one), and the imported records
	// are theirs from then on; the chat's own registration is not touched.
	const member = int64(820400)
	if l := answer(t, s, member, engine.LinkByPhone{Phone: "+6281234567890"}); len(l.People) != 2 {
		t.Fatalf("linking the imported members by their phone: %+v, want the two imported", l)
	}
	if st := answer(t, s, member, engine.LoadStatus{}); !st.Found || len(st.People) != 2 {
		t.Errorf("the member's /status after linking: %+v", st)
	}
	if n := count(t, pool); n != 3 {
		t.Errorf("%d registrations, want 3", n)
	}
}
