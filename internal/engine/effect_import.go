package engine

import "github.com/jaganagari/jaganagari/internal/domain"

// ImportRegistrations brings a nagari's list of existing members into the
// system (issue #16): a spreadsheet a regency admin sends as a document,
// captioned with the nagari ("impor Alahan Panjang"). The flow sets
// FileID, Name and Nagari (the caption's name or code); bot downloads the
// file and puts its cells into Table (or a file-level Problem) before the
// store sees the effect, since the store reads no files. The store checks
// the chat is a regency admin (else Err "import.denied"), finds the
// nagari (else Err "import.nagari_unknown") and imports the rows. It
// answers a RegistrationsImported.
type ImportRegistrations struct {
	FileID, Name, Nagari string
	Table                [][]string
	Problem              string
}

// RegistrationsImported answers ImportRegistrations. Problem (a message
// ID) says the file was not read at all, with Missing naming its missing
// columns; nothing changed then. Quota and Funded are the nagari's quota
// and the places it holds after the import, imported rows included.
type RegistrationsImported struct {
	Problem       string
	Missing       []string
	Nagari        domain.Nagari
	Report        domain.RowReport
	Quota, Funded int
}

// EffectName implements Effect.
func (ImportRegistrations) EffectName() string { return "import_registrations" }

func (ImportRegistrations) answers(RegistrationsImported) {}
