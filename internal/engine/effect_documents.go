package engine

import "github.com/jaganagari/jaganagari/internal/domain"

// A report's document checklist (domain.DocumentsFor). The reporter names
// a report by its number, and the store checks it is this chat's; staff
// name it by ID (ReportID), and the store checks it is in their area.

// LoadDocuments reads a report's checklist: report Number of this chat
// (the chat's newest report when Number is ""), or report ReportID of the
// staff's area. It answers a Documents. It is read before a photo or
// file is asked for, so a closed report is refused before anything is
// sent.
type LoadDocuments struct {
	Number   string
	ReportID int64
}

// Documents answers LoadDocuments, AddDocument and TickDocument.
type Documents struct {
	Found    bool
	Open     bool // the report is not selesai or ditolak
	ReportID int64
	Number   string
	Kind     domain.ReportKind
	Death    bool
	Items    []domain.DocumentStatus
	// Item is the item AddDocument or TickDocument changed; Changed is
	// false when nothing changed (the same file twice, a tick already
	// there, too many files).
	Item    string
	Changed bool
	Full    bool // AddDocument: the item holds domain.MaxDocumentFiles already
}

// AddDocument adds a photo or file (FileID, a Telegram file_id) to item
// Item of an open report, named as in LoadDocuments, and passes it on to
// the nagari's staff. It answers a Documents; Open false means the report
// was closed meanwhile and nothing was kept.
type AddDocument struct {
	Number   string
	ReportID int64
	Item     string
	FileID   string
	Photo    bool // sent as a photo, not as a file
}

// TickDocument marks item Item of report ReportID (of the staff's area)
// complete, or takes the mark back (Ticked false). It answers a
// Documents.
type TickDocument struct {
	ReportID int64
	Item     string
	Ticked   bool
}

// EffectName implements Effect.
func (LoadDocuments) EffectName() string { return "load_documents" }

// EffectName implements Effect.
func (AddDocument) EffectName() string { return "add_document" }

// EffectName implements Effect.
func (TickDocument) EffectName() string { return "tick_document" }

func (LoadDocuments) answers(Documents) {}
func (AddDocument) answers(Documents)   {}
func (TickDocument) answers(Documents)  {}
