package domain

import (
	"slices"
	"strings"
	"time"
)

// Role is what a staff binding lets its chat do, and over which area. The
// values are stored, so they never change.
type Role string

// The staff roles: a nagari officer works one nagari, a kecamatan officer
// every nagari of the kecamatan, a regency admin all of them and the staff
// themselves.
const (
	RoleNagari    Role = "petugas_nagari"
	RoleKecamatan Role = "petugas_kecamatan"
	RoleAdmin     Role = "admin_kabupaten"
)

// Roles lists the roles, narrowest area first. Labels are
// "staff.role.<role>".
var Roles = []Role{RoleNagari, RoleKecamatan, RoleAdmin}

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
}

// RejectReasons are the codes of the reasons staff pick when rejecting a
// registration; a typed reason is stored as typed. Messages
// "staff.reason.<code>" name them.
var RejectReasons = []string{"nik_tidak_sesuai", "data_tidak_lengkap", "bukan_warga", "sudah_terdaftar"}

// IsRejectReason reports whether reason is one of RejectReasons rather than
// a typed one.
func IsRejectReason(reason string) bool { return slices.Contains(RejectReasons, reason) }
