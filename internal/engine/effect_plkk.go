package engine

import "github.com/jaganagari/jaganagari/internal/domain"

// PLKK effects: the BPJS partner health facilities (PLKK) where a covered
// worker is treated without paying first (DOMAIN.md §13). The list for
// Kabupaten Solok is not published, so staff fill it in: a regency admin
// the regency's list, a nagari officer a short list for their nagari.

// LoadPLKK reads the PLKK lists for the person an accident report is
// about: the lists of their nagari (Nagari; else the nagari of the chat's
// own registration when Self, else of the registration of NIK) and the
// regency's. Anyone may ask: the lists are guidance for the public. It
// answers a PLKKList; a person of no known nagari gets the regency's only.
type LoadPLKK struct {
	Nagari string
	Self   bool
	NIK    domain.NIK
}

// PLKKList answers LoadPLKK.
type PLKKList struct {
	Nagari  []string
	Regency []string
}

// LoadPLKKScope reads which PLKK lists the chat's staff bindings may set,
// with what they hold now. It answers a PLKKScope; Err "guidance.plkk.denied"
// for a chat that is neither a regency admin nor a nagari officer.
type LoadPLKKScope struct{}

// PLKKScope answers LoadPLKKScope. Admin may set the regency's list;
// Nagari are the nagari the chat is an officer of.
type PLKKScope struct {
	Admin   bool
	Regency []string
	Nagari  []PLKKNagari
}

// PLKKNagari is one nagari's own PLKK list.
type PLKKNagari struct {
	Code, Name string
	List       []string
}

// SetPLKK replaces a PLKK list with List (empty clears it): Nagari "" is
// the regency's, for regency admins; a nagari's is for its officers.
// Audited under the staff binding. It answers a PLKKSet; Err
// "guidance.plkk.denied" when the chat may not set that list.
type SetPLKK struct {
	Nagari string
	List   []string
}

// PLKKSet answers SetPLKK with the list as stored.
type PLKKSet struct {
	List []string
}

// EffectName implements Effect.
func (LoadPLKK) EffectName() string { return "load_plkk" }

// EffectName implements Effect.
func (LoadPLKKScope) EffectName() string { return "load_plkk_scope" }

// EffectName implements Effect.
func (SetPLKK) EffectName() string { return "set_plkk" }

func (LoadPLKK) answers(PLKKList)       {}
func (LoadPLKKScope) answers(PLKKScope) {}
func (SetPLKK) answers(PLKKSet)         {}
