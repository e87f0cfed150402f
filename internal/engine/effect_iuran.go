package engine

import (
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
)

// Iuran effects: the position of a nagari's monthly iuran for staff of
// its area, and a month recorded as paid by a regency admin (/iuran).
// At is the bot's clock, so the months shown and the months late are
// those of the moment the officer asked.

// LoadIuranScope reads which nagari the chat's staff bindings cover, to
// offer them. It answers an IuranScope; Err staff.denied for a chat that
// is not staff.
type LoadIuranScope struct{}

// IuranScope answers LoadIuranScope: Admin for a regency admin (any
// nagari, picked by kecamatan), else the codes of the officer's nagari.
type IuranScope struct {
	Admin  bool
	Nagari []string
}

// LoadIuran reads the iuran position of a nagari of the chat's area, as
// at At. It answers an IuranPosition; a nagari of another area answers
// like an unknown one (Found false).
type LoadIuran struct {
	Nagari string
	At     time.Time
}

// IuranMonth is one month of a nagari's iuran: what it owed (Members ×
// Rate) and whether it was recorded paid; Late once its due date passed
// unpaid.
type IuranMonth struct {
	Month   domain.Month
	Members int
	Rate    int
	Due     int64
	Paid    bool
	Amount  int64 // recorded as paid
	Late    bool
}

// IuranPosition answers LoadIuran: the current month and those before it,
// newest first. Streak is the consecutive unpaid months past their due
// date. CanRecord is true for a regency admin, who records payments.
type IuranPosition struct {
	Found      bool
	Code, Name string
	Active     int
	Rate       int
	Months     []IuranMonth
	Streak     int
	CanRecord  bool
}

// RecordIuran records that a nagari paid a month's iuran, Amount (nil:
// the amount due); regency admins only (Err staff.admin_only). Audited
// under the admin. A month recorded before stays as it was. It answers an
// IuranRecorded.
type RecordIuran struct {
	Nagari string
	Month  domain.Month
	Amount *int64
}

// IuranRecorded answers RecordIuran. Already is true when the month had
// been recorded paid before (a double press, a colleague): nothing
// changed, and Amount is what was recorded then.
type IuranRecorded struct {
	Found   bool
	Already bool
	Amount  int64
	Due     int64
	Members int
}

// IuranLine is one nagari's iuran in /rekap: the months unpaid past their
// due date in a row, and the current month's due and whether it is paid.
type IuranLine struct {
	Nagari  string
	Streak  int
	Month   domain.Month
	Due     int64
	Paid    bool
	Members int
}

// EffectName implements Effect.
func (LoadIuranScope) EffectName() string { return "load_iuran_scope" }

// EffectName implements Effect.
func (LoadIuran) EffectName() string { return "load_iuran" }

// EffectName implements Effect.
func (RecordIuran) EffectName() string { return "record_iuran" }

func (LoadIuranScope) answers(IuranScope) {}
func (LoadIuran) answers(IuranPosition)   {}
func (RecordIuran) answers(IuranRecorded) {}
