package flows

// The staff menu, the command lists Telegram shows, and revoking staff
// with a confirmation.
//
//	/start, /bantuan, /help → staffmenu.wait (the chat's staff roles) →
//	    staff: the staff menu, buttons for what their roles may do (staffmenu.open)
//	    worker: welcome and the menu (/start), the help with the office (/bantuan)
//	staffmenu.open (anytime) → the command its button names, as typed
//	/staf → list with a "Cabut" button per officer but the admin's own (staff.list)
//	staff.list (anytime) r:<id> → staffmenu.revoke.wait (the list again, for the
//	    name) → staffmenu.revoke.confirm Ya → staff.wait (revoked) | Batal
//
// /start and /bantuan look the roles up rather than keep them in the
// session: an admin may revoke an officer from another chat at any time.

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

const (
	stepStaffMenuWait      = "staffmenu.wait"
	stepStaffMenuOpen      = "staffmenu.open"
	stepStaffRevokeWait    = "staffmenu.revoke.wait"
	stepStaffRevokeConfirm = "staffmenu.revoke.confirm"
)

// Answer keys of the staff menu: which command asked for the roles, and
// the officer an admin is about to revoke.
const (
	keyStaffMenuFrom = "staffmenu_from"
	keyStaffName     = "staff_name"
	keyStaffRole     = "staff_role"
	keyStaffArea     = "staff_area"
)

// Values of keyStaffMenuFrom.
const (
	menuFromStart = "start"
	menuFromHelp  = "help"
)

// workerCommands, officerCommands and adminCommands are the "/" menus
// Telegram shows (CommandMenu). Officers and admins also keep the
// commands everyone uses, since an officer may be a worker too.
var (
	workerCommands  = []string{"start", "daftar", "status", "kartu", "lapor", "kematian", "sambung", "ubah", "dataku", "hapus", "bahasa", "bantuan", "batal"}
	officerCommands = []string{"antrian", "cari", "laporan", "rekap", "iuran", "plkk", "ekspor", "ajukan", "templat", "poster", "daftarkan", "kodesambung", "start", "bantuan", "bahasa"}
	kaderCommands   = []string{"daftarkan", "kodesambung", "status", "start", "bantuan", "bahasa", "batal"}
	adminCommands   = []string{"antrian", "cari", "laporan", "rekap", "cakupan", "iuran", "plkk", "ekspor", "ajukan", "templat", "poster", "staf", "undang", "start", "bantuan", "bahasa"}
)

// CommandMenu lists the commands of menu m, in the order Telegram shows
// them. Each is described by the message "staffmenu.cmd.<name>".
func CommandMenu(m domain.CommandMenu) []string {
	switch m {
	case domain.MenuAdmin:
		return slices.Clone(adminCommands)
	case domain.MenuOfficer:
		return slices.Clone(officerCommands)
	case domain.MenuKader:
		return slices.Clone(kaderCommands)
	}
	return slices.Clone(workerCommands)
}

// staffButtons are the staff menu's buttons: value, label and whether only
// regency admins may use it, or only nagari officers and kader (assist).
// Each value is a command cmdFromMenu runs.
var staffButtons = []struct {
	value         string
	admin, assist bool
}{
	{"antrian", false, false}, {"cari", false, false}, {"laporan", false, false}, {"rekap", false, false},
	{"cakupan", true, false}, {"ekspor", false, false}, {"ajukan", false, false}, {"poster", false, false},
	{"daftarkan", false, true}, {"kodesambung", false, true}, {"staf", true, false}, {"undang", true, false},
	// Officers read their nagari's iuran with /iuran; the button is for
	// the admins who record payments.
	{"iuran", true, false},
}

// staffMenu is the menu of a chat holding roles, under message msg. A
// kader's holds registration with help only.
func staffMenu(msg string, roles []domain.Role) engine.Reply {
	admin := slices.Contains(roles, domain.RoleAdmin)
	assists := slices.ContainsFunc(roles, domain.Role.Assists)
	kaderOnly := domain.MenuOf(roles) == domain.MenuKader
	var bs []engine.Button
	for _, b := range staffButtons {
		if (b.admin && !admin) || (b.assist && !assists) || (kaderOnly && !b.assist) {
			continue
		}
		bs = append(bs, engine.Button{Msg: "staffmenu.button." + b.value, Step: stepStaffMenuOpen, Value: b.value})
	}
	out := rows(2, bs)
	out = append(out, []engine.Button{{Msg: "staffmenu.button.worker", Step: stepStaffMenuOpen, Value: "worker"}})
	// The widest role names the menu, as it decides what it holds.
	return engine.Reply{Msg: msg, Data: map[string]any{"Role": engine.Msg("staff.role." + string(roles[len(roles)-1]))}, Buttons: out}
}

// cmdStart welcomes the chat: an open form is offered to resume, staff
// get their menu, workers the welcome and the menu.
func cmdStart(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
	if s.InForm() {
		if s.Step != stepResume {
			s.Return = s.Step
		}
		return engine.Outcome{Say: []engine.Reply{engine.Say("welcome", nil)}, Next: stepResume}
	}
	s.Set(keyStaffMenuFrom, menuFromStart)
	return sideTrip(s, stepStaffMenuWait, engine.LoadStaffRoles{})
}

// cmdBantuan shows the help: with a nagari's name, that office's contact;
// otherwise staff get their menu with the staff help, workers the help with
// their nagari office.
func cmdBantuan(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
	if strings.TrimSpace(in.Text) != "" {
		return helpTrip(s, in.Text)
	}
	s.Set(keyStaffMenuFrom, menuFromHelp)
	return sideTrip(s, stepStaffMenuWait, engine.LoadStaffRoles{})
}

// menuCommands are what the staff menu's buttons run: the same functions
// as the typed commands.
var menuCommands = map[string]engine.Command{
	"antrian": cmdAntrian, "cari": cmdCari, "laporan": cmdLaporan, "rekap": cmdRekap,
	"cakupan": cmdCakupan, "ekspor": cmdEkspor, "ajukan": cmdAjukan, "poster": cmdPoster, "staf": cmdStaf, "undang": cmdUndang,
	"daftarkan":   func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome { return startAssisted(s, "") },
	"iuran":       cmdIuran,
	"kodesambung": cmdKodeSambung,
}

func staffMenuSteps() []engine.Step {
	return []engine.Step{
		{
			ID:        stepStaffMenuWait,
			Accept:    engine.Of(engine.KindResult),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				from := s.Answer(keyStaffMenuFrom)
				s.Unset(keyStaffMenuFrom)
				// A failed lookup shows what a worker sees: the welcome or
				// the help still help, and staff can type their commands.
				roles := engine.AnswerOf[engine.LoadStaffRoles](in.Result).Roles
				switch {
				case len(roles) > 0 && from == menuFromStart:
					s.Return = ""
					return engine.Outcome{Say: []engine.Reply{staffMenu("staffmenu.welcome", roles)}, Next: engine.Home, Silent: true}
				case len(roles) > 0:
					return staffDone(s, staffMenu("staffmenu.help", roles))
				case from == menuFromStart && in.Result != nil && in.Result.Err == "" && !engine.AnswerOf[engine.LoadStaffRoles](in.Result).Registered:
					// Perhaps registered with help: offer to link the record.
					s.Return = ""
					return engine.Outcome{Say: []engine.Reply{engine.Say("welcome", nil), startMenu()}, Next: engine.Home, Silent: true}
				case from == menuFromStart:
					s.Return = ""
					return engine.Outcome{Say: []engine.Reply{engine.Say("welcome", nil)}, Next: engine.Home}
				}
				return helpTrip(s, "")
			},
		},
		{
			ID: stepStaffMenuOpen, Anytime: true, Menu: true, Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if in.Value == "worker" {
					return engine.Goto(engine.Return)
				}
				cmd, ok := menuCommands[in.Value]
				if !ok {
					return staffDone(s, engine.Say("button.stale", nil))
				}
				return cmd(s, engine.Input{Kind: engine.KindCommand, Command: in.Value}, now)
			},
		},
		{
			ID:        stepStaffRevokeWait,
			Accept:    engine.Of(engine.KindResult),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				id := s.Answer(keyStaffRecord)
				if in.Result.Err != "" {
					forgetRevoke(s)
					return staffDone(s, engine.Say(in.Result.Err, nil))
				}
				list := engine.AnswerOf[engine.ListStaff](in.Result)
				i := slices.IndexFunc(list.Members, func(m domain.StaffMember) bool { return strconv.FormatInt(m.ID, 10) == id })
				switch {
				case i < 0:
					forgetRevoke(s)
					return staffDone(s, engine.Say("staff.revoke.not_found", nil))
				case list.Members[i].ChatID == list.Self:
					forgetRevoke(s)
					return staffDone(s, engine.Say("staffmenu.revoke.self", nil))
				}
				m := list.Members[i]
				s.Set(keyStaffName, staffLabel(m))
				s.Set(keyStaffRole, string(m.Role))
				s.Set(keyStaffArea, m.AreaName)
				return engine.Goto(stepStaffRevokeConfirm)
			},
		},
		{
			ID: stepStaffRevokeConfirm,
			Ask: func(s *engine.Session) engine.Reply {
				return engine.Reply{Msg: "staffmenu.revoke.ask", Data: revokeData(s), Buttons: [][]engine.Button{
					{{Msg: "staffmenu.revoke.yes", Value: "yes"}, {Msg: "staffmenu.revoke.no", Value: "no"}},
				}}
			},
			Accept:    engine.Of(engine.KindButton),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				id, err := strconv.ParseInt(s.Answer(keyStaffRecord), 10, 64)
				if in.Value != "yes" || err != nil {
					data := revokeData(s)
					forgetRevoke(s)
					return staffDone(s, engine.Say("staffmenu.revoke.cancelled", data))
				}
				return engine.Outcome{Effects: []engine.Effect{engine.RevokeStaff{ID: id}}, Next: stepStaffWait}
			},
		},
	}
}

// staffLabel names an officer for an admin: the Telegram name kept at
// redeem time, else the binding's number for bindings from before names.
func staffLabel(m domain.StaffMember) string {
	if m.Name != "" {
		return m.Name
	}
	return "#" + strconv.FormatInt(m.ID, 10)
}

// revokeData is the officer being revoked, as template data.
func revokeData(s *engine.Session) map[string]any {
	return map[string]any{
		"Name": s.Answer(keyStaffName), "Role": engine.Msg("staff.role." + s.Answer(keyStaffRole)), "Area": s.Answer(keyStaffArea),
	}
}

// forgetRevoke drops the officer an admin was about to revoke.
func forgetRevoke(s *engine.Session) {
	for _, k := range []string{keyStaffRecord, keyStaffName, keyStaffRole, keyStaffArea} {
		s.Unset(k)
	}
}

// revokeResult shows what RevokeStaff answered, naming the officer.
func revokeResult(s *engine.Session, r *engine.Result) engine.Outcome {
	data := revokeData(s)
	forgetRevoke(s)
	switch {
	case r.Err != "":
		return staffDone(s, engine.Say(r.Err, nil))
	case !engine.AnswerOf[engine.RevokeStaff](r).Found:
		return staffDone(s, engine.Say("staff.revoke.not_found", nil))
	}
	return staffDone(s, engine.Say("staffmenu.revoke.done", data))
}

// staffListReply lists the active staff with a "Cabut" button for each
// but the asking admin's own bindings.
func staffListReply(a engine.StaffList) engine.Reply {
	var bs []engine.Button
	lines := make([]map[string]any, 0, len(a.Members))
	for _, m := range a.Members {
		self := m.ChatID == a.Self
		lines = append(lines, map[string]any{"name": m.Name, "id": m.ID, "role": string(m.Role), "area": m.AreaName, "self": self})
		if self {
			continue
		}
		bs = append(bs, engine.Button{Msg: "staffmenu.list.revoke", Step: stepStaffList, Value: "r:" + strconv.FormatInt(m.ID, 10), Data: map[string]any{
			"Name": staffLabel(m), "Role": engine.Msg("staff.role." + string(m.Role)), "Area": m.AreaName,
		}})
	}
	return engine.Reply{Msg: "staffmenu.list", Data: map[string]any{"Total": len(a.Members), "Rows": lines}, Buttons: rows(1, bs)}
}
