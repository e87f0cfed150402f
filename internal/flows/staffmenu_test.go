package flows

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

// staffMenuWorld answers the staff menu's effects: the chat's roles, the
// staff list (the chat being self) and revocations.
type staffMenuWorld struct {
	roles   []domain.Role
	members []domain.StaffMember
	self    int64
	revoked []int64
}

func (sw *staffMenuWorld) apply(e engine.Effect, r *engine.Result) {
	switch e := e.(type) {
	case engine.LoadStaffRoles:
		*r = engine.Answered(e, engine.StaffRoles{Roles: sw.roles})
	case engine.ListStaff:
		*r = engine.Answered(e, engine.StaffList{Members: sw.members, Self: sw.self})
	case engine.RevokeStaff:
		i := slices.IndexFunc(sw.members, func(m domain.StaffMember) bool { return m.ID == e.ID })
		if i < 0 {
			*r = engine.Answered(e, engine.Revoked{})
			return
		}
		sw.revoked = append(sw.revoked, e.ID)
		chat := sw.members[i].ChatID
		sw.members = slices.Delete(sw.members, i, i+1)
		*r = engine.Answered(e, engine.Revoked{Found: true, ChatID: chat})
	}
}

// buttonValues lists the values of a reply's buttons, row by row.
func buttonValues(r engine.Reply) []string {
	var out []string
	for _, row := range r.Buttons {
		for _, b := range row {
			out = append(out, b.Value)
		}
	}
	return out
}

func TestStaffMenu(t *testing.T) {
	t.Parallel()
	m := testMachine(t)
	open := func(value string) engine.Input { return engine.Press(stepStaffMenuOpen, value) }

	t.Run("a worker's start and help are as before and help is bantuan", func(t *testing.T) {
		transcript(t, m, &world{}, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{engine.Slash("help", ""), []string{"help", "menu.ask"}},
			{engine.Slash("bantuan", ""), []string{"help", "menu.ask"}},
			{press("help"), []string{"help", "menu.ask"}},
		})
	})

	t.Run("an officer's start shows the staff menu whose buttons open the commands", func(t *testing.T) {
		w := &world{staffMenu: staffMenuWorld{roles: []domain.Role{domain.RoleNagari}}}
		_, menu := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"staffmenu.welcome"}},
		})
		want := []string{"antrian", "cari", "laporan", "rekap", "ekspor", "ajukan", "poster", "daftarkan", "kodesambung", "worker"}
		if diff := cmp.Diff(want, buttonValues(menu[0])); diff != "" {
			t.Errorf("officer's buttons (-want +got):\n%s", diff)
		}
		s, _ := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"staffmenu.welcome"}},
			{open("antrian"), []string{"staff.queue.list_empty"}},
			{open("laporan"), []string{"staff.rep.list_empty"}},
			{open("cari"), []string{"staff.search.ask"}},
			{open("worker"), []string{"menu.ask"}},
			{engine.Slash("help", ""), []string{"staffmenu.help"}},
			{engine.Slash("bantuan", "Alahan Panjang"), []string{"help", "menu.ask"}},
		})
		if s.Step != stepMenu || len(s.Answers) != 0 {
			t.Errorf("session after the menu: %+v", s)
		}
	})

	t.Run("an officer mid-form gets the menu and the form's question again", func(t *testing.T) {
		// An officer registering a worker on their own phone.
		w := &world{}
		s, _ := transcript(t, m, w, engine.Session{}, slices.Clone(toSummary[:5]))
		w.staffMenu.roles = []domain.Role{domain.RoleNagari}
		s, _ = transcript(t, m, w, s, []turn{
			{engine.Slash("bantuan", ""), []string{"staffmenu.help", "reg.name.ask"}},
			{open("rekap"), []string{"staff.recap", "reg.name.ask"}},
			{engine.Slash("start", ""), []string{"welcome", "resume.ask"}},
		})
		if s.Flow != flowRegistration || s.Step != stepResume {
			t.Errorf("form lost: %+v", s)
		}
	})

	t.Run("an admin's menu has the admin's buttons", func(t *testing.T) {
		w := &world{staffMenu: staffMenuWorld{roles: []domain.Role{domain.RoleNagari, domain.RoleAdmin}}}
		_, menu := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("bantuan", ""), []string{"staffmenu.help"}},
		})
		// The admin is a nagari officer too, so registers with help.
		want := []string{"antrian", "cari", "laporan", "rekap", "cakupan", "ekspor", "ajukan", "poster", "daftarkan", "kodesambung", "staf", "undang", "iuran", "worker"}
		if diff := cmp.Diff(want, buttonValues(menu[0])); diff != "" {
			t.Errorf("admin's buttons (-want +got):\n%s", diff)
		}
		if menu[0].Data["Role"] != engine.Msg("staff.role.admin_kabupaten") {
			t.Errorf("menu names role %v", menu[0].Data["Role"])
		}
	})

	t.Run("a kader's menu only registers with help", func(t *testing.T) {
		w := &world{staffMenu: staffMenuWorld{roles: []domain.Role{domain.RoleKader}},
			assisted: assistedWorld{nagari: "13.02.04.2001"}}
		_, menu := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"staffmenu.welcome"}},
		})
		if diff := cmp.Diff([]string{"daftarkan", "kodesambung", "worker"}, buttonValues(menu[0])); diff != "" {
			t.Errorf("kader's buttons (-want +got):\n%s", diff)
		}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Press(stepStaffMenuOpen, "daftarkan"), []string{"assisted.consent.intro", "reg.consent.ask"}},
		})
		if got := CommandMenu(domain.MenuOf([]domain.Role{domain.RoleKader})); got[0] != "daftarkan" || slices.Contains(got, "antrian") {
			t.Errorf("kader's command menu %v", got)
		}
	})

	t.Run("start still welcomes while the database is down", func(t *testing.T) {
		transcript(t, m, &world{down: true}, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
		})
	})

	t.Run("revoking asks first, can be called off and never offers the admin's own access", func(t *testing.T) {
		w := &world{staffMenu: staffMenuWorld{self: 100, roles: []domain.Role{domain.RoleAdmin}, members: []domain.StaffMember{
			{ID: 1, ChatID: 100, Role: domain.RoleAdmin, Name: "Ibu Admin", Active: true},
			{ID: 2, ChatID: 200, Role: domain.RoleNagari, Area: "13.02.04.2001", AreaName: "Alahan Panjang", Name: "Datuak Rajo", Active: true},
		}}}
		_, list := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"staffmenu.welcome"}},
			{open("staf"), []string{"staffmenu.list"}},
		})
		if diff := cmp.Diff([]string{"r:2"}, buttonValues(list[0])); diff != "" {
			t.Errorf("revoke buttons (-want +got):\n%s", diff)
		}
		revoke := func(id string) engine.Input { return engine.Press(stepStaffList, "r:"+id) }
		_, ask := transcript(t, m, w, engine.Session{}, []turn{
			{revoke("2"), []string{"staffmenu.revoke.ask"}},
		})
		if ask[0].Data["Name"] != "Datuak Rajo" || ask[0].Data["Area"] != "Alahan Panjang" {
			t.Errorf("confirmation names %v", ask[0].Data)
		}
		s, _ := transcript(t, m, w, engine.Session{}, []turn{
			{revoke("2"), []string{"staffmenu.revoke.ask"}},
			{press("no"), []string{"staffmenu.revoke.cancelled"}},
			{revoke("2"), []string{"staffmenu.revoke.ask"}},
			{press("yes"), []string{"staffmenu.revoke.done"}},
			{revoke("2"), []string{"staff.revoke.not_found"}},
			{revoke("1"), []string{"staffmenu.revoke.self"}},
			{revoke("x"), []string{"staff.revoke.not_found"}},
		})
		if diff := cmp.Diff([]int64{2}, w.staffMenu.revoked); diff != "" {
			t.Errorf("revoked (-want +got):\n%s", diff)
		}
		if s.Step != stepMenu || len(s.Answers) != 0 {
			t.Errorf("session after revoking: %+v", s)
		}
	})

	t.Run("every command a menu lists is a command", func(t *testing.T) {
		for _, menu := range []domain.CommandMenu{domain.MenuWorker, domain.MenuOfficer, domain.MenuAdmin} {
			for _, name := range CommandMenu(menu) {
				_, replies, _ := m.Advance(engine.Session{}, engine.Slash(name, ""), now)
				if len(replies) > 0 && replies[0].Msg == "command.unknown" {
					t.Errorf("menu %q lists /%s, which no flow handles", menu, name)
				}
			}
		}
	})
}
