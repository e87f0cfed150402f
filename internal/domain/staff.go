package domain

import (
	"slices"
	"strings"
	"time"
	"unicode"
)

// Role is what a staff binding lets its chat do, and over which area. The
// values are stored, so they never change.
type Role string

// The staff roles: a nagari officer works one nagari, a kecamatan officer
// every nagari of the kecamatan, a regency admin all of them and the staff
// themselves. A kader (pendamping) is bound to one nagari too, but may
// only register its workers with help and see their own entries: never
// verify, nor see others' registrations.
const (
	RoleNagari    Role = "petugas_nagari"
	RoleKecamatan Role = "petugas_kecamatan"
	RoleAdmin     Role = "admin_kabupaten"
	RoleKader     Role = "kader"
)

// Roles lists the roles, the one that may do least first: the kader, then
// by area, narrowest first. Labels are "staff.role.<role>".
var Roles = []Role{RoleKader, RoleNagari, RoleKecamatan, RoleAdmin}

// OfNagari reports whether the role is bound to one nagari.
func (r Role) OfNagari() bool { return r == RoleNagari || r == RoleKader }

// Assists reports whether the role may register a worker of its nagari
// with help.
func (r Role) Assists() bool { return r.OfNagari() }

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// Word is the role as people type it in a command: "petugas-nagari".
func (r Role) Word() string { return strings.ReplaceAll(string(r), "_", "-") }

// ParseRole reads a role typed as its Word, in any case.
func ParseRole(word string) (Role, bool) {
	for _, r := range Roles {
		if strings.EqualFold(word, r.Word()) {
			return r, true
		}
	}
	return "", false
}

// StaffMember is one staff binding as stored: a chat acting in a role over
// an area, until revoked.
type StaffMember struct {
	ID       int64
	ChatID   int64
	Role     Role
	Area     string // nagari or kecamatan code, "" for admins
	AreaName string
	Active   bool
	// CreatedAt is when the binding was made (the invite redeemed).
	CreatedAt time.Time
	// Name is the officer's Telegram name when they redeemed the invite,
	// so that an admin revoking access sees whom; "" for bindings made
	// before names were kept.
	Name string
}

// MaxStaffName bounds a stored officer name: Telegram allows 64 characters
// each for the first and the last name.
const MaxStaffName = 129

// StaffName is an officer's display name made from their Telegram first
// and last name: control characters dropped, spaces collapsed, cut to
// MaxStaffName characters.
func StaffName(first, last string) string {
	clean := strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, first+" "+last)
	name := strings.Join(strings.Fields(clean), " ")
	if r := []rune(name); len(r) > MaxStaffName {
		name = strings.TrimSpace(string(r[:MaxStaffName]))
	}
	return name
}

// CommandMenu names the list of commands Telegram shows a chat in its "/"
// menu. Workers get the default; a staff chat gets its own list, widest
// role first. The values are stored (chat_commands.menu).
type CommandMenu string

// The command menus.
const (
	MenuWorker  CommandMenu = ""
	MenuOfficer CommandMenu = "petugas"
	MenuAdmin   CommandMenu = "admin"
	// MenuKader is a kader's: registration with help, and a worker's own.
	MenuKader CommandMenu = "kader"
)

// MenuOf is the command menu of a chat holding the active roles: a
// regency admin's if any role is admin, an officer's if it holds any
// other, the workers' default if none.
func MenuOf(roles []Role) CommandMenu {
	switch {
	case slices.Contains(roles, RoleAdmin):
		return MenuAdmin
	case len(roles) > 0 && !slices.ContainsFunc(roles, func(r Role) bool { return r != RoleKader }):
		return MenuKader
	case len(roles) > 0:
		return MenuOfficer
	}
	return MenuWorker
}

// ChatMenu is the command menu a chat should have.
type ChatMenu struct {
	ChatID int64
	Menu   CommandMenu
}

// RejectReasons are the codes of the reasons staff pick when rejecting a
// registration; a typed reason is stored as typed. Messages
// "staff.reason.<code>" name them.
var RejectReasons = []string{"nik_tidak_sesuai", "data_tidak_lengkap", "bukan_warga", "sudah_terdaftar"}

// IsRejectReason reports whether reason is one of RejectReasons rather than
// a typed one.
func IsRejectReason(reason string) bool { return slices.Contains(RejectReasons, reason) }
