package domain

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ReportKind is the programme a report is claimed under. A death caused by
// a work accident is a JKK report (JKK pays work-accident deaths), every
// other death a JKM report.
type ReportKind string

// The report kinds; the values are stored and start the report number.
const (
	ReportJKK ReportKind = "jkk"
	ReportJKM ReportKind = "jkm"
)

// ClaimWindowYears is how far back an accident may lie: the right to claim
// JKK lapses 5 years after the accident (PP 82/2019 Pasal 26, DOMAIN.md §4).
const ClaimWindowYears = 5

// DeathDateMaxYears bounds how far back a death may lie. It is not a claim
// rule: JKM has no claim time limit (DOMAIN.md §12). It only stops a typo
// ("1926") from reaching staff; the nagari programme began in 2025.
const DeathDateMaxYears = 10

// MaxReportPhotos is how many photos one report form takes: injury, scene
// and a few documents. MaxReportPhotosTotal bounds photos added later too.
const (
	MaxReportPhotos      = 5
	MaxReportPhotosTotal = 10
)

// Length limits of a report's free-text fields.
const (
	PlaceMinLen       = 3
	PlaceMaxLen       = 200
	DescriptionMinLen = 10
	DescriptionMaxLen = 500
	InjuryMinLen      = 3
	InjuryMaxLen      = 300
)

// Treatments are where an injured worker is treated, in display order.
// Labels are "treatment.<code>".
var Treatments = []string{"puskesmas", "klinik", "rumah_sakit", "rumah", "belum"}

// TimesOfDay are the rough times an accident happened, for people who do
// not know the exact hour. Labels are "timeofday.<code>".
var TimesOfDay = []string{"pagi", "siang", "sore", "malam", "tidak_tahu"}

// ReporterRelations are how someone reporting an accident for a worker
// knows them. Labels are "reporter.<code>".
var ReporterRelations = []string{"keluarga", "tetangga", "rekan_kerja", "kader_nagari", "lainnya"}

// DeathCauses are the causes a death report asks about. A work accident,
// or dying suddenly while working, makes the report a JKK report. Labels
// are "cause.<code>"; the values are stored (sealed), so they never change.
var DeathCauses = []string{CauseWorkAccident, CauseSuddenAtWork, "sakit", "lainnya"}

// CauseWorkAccident is the death cause of a work accident: JKK pays it.
const CauseWorkAccident = "kecelakaan_kerja"

// CauseSuddenAtWork is dying suddenly while working ("meninggal mendadak
// saat bekerja"): part of JKK, extended to BPU participants by Permenaker
// 5/2021 Pasal 7 (DOMAIN.md §13).
const CauseSuddenAtWork = "mendadak_saat_bekerja"

// JKKCause reports whether a death cause makes the death a JKK case.
func JKKCause(cause string) bool { return cause == CauseWorkAccident || cause == CauseSuddenAtWork }

// HeirRelationOther is the relation of a family member who is not an ahli
// waris; they may still report the death.
const HeirRelationOther = "keluarga_lain"

// ParseEventDate reads the date of an accident or death: ParseDate, plus
// "date.claim_window" for a date more than ClaimWindowYears back, since no
// claim could be paid for it.
func ParseEventDate(s string, now time.Time) (time.Time, error) {
	t, err := ParseDate(s, now)
	if err != nil {
		return time.Time{}, err
	}
	if err := CheckEventDate(t, now); err != nil {
		return time.Time{}, err
	}
	return t, nil
}

// CheckEventDate applies the event date rules to a date already parsed.
func CheckEventDate(t, now time.Time) error {
	td := today(now)
	switch {
	case t.After(td):
		return Invalid("date.future")
	case t.Before(td.AddDate(-ClaimWindowYears, 0, 0)):
		return &InputError{Msg: "date.claim_window", Data: map[string]any{"Years": ClaimWindowYears}}
	}
	return nil
}

// ParseDeathDate reads the date of a death: ParseDate, plus
// "date.too_long_ago" for a date more than DeathDateMaxYears back. Unlike
// ParseEventDate it names no claim deadline, since JKM has none.
func ParseDeathDate(s string, now time.Time) (time.Time, error) {
	t, err := ParseDate(s, now)
	if err != nil {
		return time.Time{}, err
	}
	if err := CheckDeathDate(t, now); err != nil {
		return time.Time{}, err
	}
	return t, nil
}

// CheckDeathDate applies the death date rules to a date already parsed.
func CheckDeathDate(t, now time.Time) error {
	td := today(now)
	switch {
	case t.After(td):
		return Invalid("date.future")
	case t.Before(td.AddDate(-DeathDateMaxYears, 0, 0)):
		return Invalid("date.too_long_ago")
	}
	return nil
}

// Today returns the calendar date in Solok at instant now, as 00:00 UTC like
// every date of this package: what "Hari ini" means to a user.
func Today(now time.Time) time.Time { return today(now) }

// ParseClock reads a time of day typed as "14:30", "14.30", "jam 9" or
// "9 pagi" and returns it as "HH:MM". On day, the time must not be later
// than now (WIB): an accident "today at 17:00" reported at 10:00 is a typo.
func ParseClock(s string, day, now time.Time) (string, error) {
	bad := Invalid("time.invalid")
	if len(s) > 32 {
		return "", bad
	}
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == ':' || r == '.'
	})
	f = slices.DeleteFunc(f, func(w string) bool { return w == "jam" || w == "pukul" || w == "pkl" || w == "wib" })
	if len(f) == 0 || len(f) > 3 {
		return "", bad
	}
	h, err := strconv.Atoi(f[0])
	if err != nil || len(f[0]) > 2 {
		return "", bad
	}
	m := 0
	rest := f[1:]
	if len(rest) > 0 {
		if v, err := strconv.Atoi(rest[0]); err == nil && len(rest[0]) == 2 {
			m, rest = v, rest[1:]
		}
	}
	if len(rest) > 0 {
		// "2 siang", "7 malam": a part of the day turns a 12-hour time into 24.
		switch rest[0] {
		case "pagi", "am":
			if h == 12 {
				h = 0
			}
		case "siang":
			if h >= 1 && h <= 5 {
				h += 12
			}
		case "sore", "petang", "pm":
			if h >= 1 && h < 12 {
				h += 12
			}
		case "malam":
			if h >= 6 && h < 12 {
				h += 12
			}
		default:
			return "", bad
		}
	}
	if h > 23 || m > 59 {
		return "", bad
	}
	clock := fmt.Sprintf("%02d:%02d", h, m)
	nowWIB := now.In(wib)
	if day.Equal(today(now)) && (h > nowWIB.Hour() || h == nowWIB.Hour() && m > nowWIB.Minute()) {
		return "", Invalid("time.future")
	}
	return clock, nil
}

// Report is an accident (JKK) or death (JKM) report as submitted by a flow
// and stored for nagari staff to act on.
type Report struct {
	Kind  ReportKind
	Death bool // a death report; a JKK report with Death was a fatal work accident

	// ForSelf is true when the chat's own registered worker is the subject;
	// the store then finds the worker by chat.
	ForSelf bool
	// SubjectNIK is the worker's NIK when reported by someone else; it may
	// belong to nobody registered (Registered false).
	SubjectNIK NIK
	// Registered says the flow found a registration (not rejected) of the
	// person: linked to one, not covered. Whether BPJS covered them on the
	// day is ReportRecord.Cover, decided by the store. When false the
	// report is left for the nagari to help, and NagariCode says where.
	Registered bool
	NagariCode string
	// SubjectName and SubjectAge describe a person whose NIK the reporter
	// does not know (SubjectNIK "", not Registered), so the nagari officer
	// can find them and link the report later. SubjectName is also asked
	// of a death reported under a NIK nobody registered.
	SubjectName string
	SubjectAge  ApproxAge

	Date     time.Time // of the accident or death, 00:00 UTC
	Clock    string    // "HH:MM" or a TimesOfDay code, "" for deaths
	Place    string
	Lat, Lon float64 // a shared location; both zero when none

	Description string // what happened (accidents)
	Traffic     bool   // a traffic accident: a police report will be needed
	Injury      string // health data (UU PDP "spesifik"): never logged
	Treatment   string // one of Treatments (accidents)
	Cause       string // one of DeathCauses (deaths)

	Photos []string // Telegram file_ids

	// Witnesses are who saw an accident (at most MaxWitnesses), for the
	// kronologi BPJS asks with 2 witnesses' e-KTP (DOMAIN.md §4); none is
	// required. NoWitnesses says the reporter answered that nobody saw
	// it, rather than skipping the question. Accidents only.
	Witnesses   []Witness
	NoWitnesses bool

	// The reporter, when not the worker: name, relation (ReporterRelations
	// for accidents; HeirRelations or HeirRelationOther for deaths) and phone.
	ReporterName     string
	ReporterRelation string
	ReporterPhone    Phone
}

// Validate re-checks a report before it is stored, as Registration.Validate
// does: defence against a flow bug or a stale session. Errors name the
// field, never its value.
func (r Report) Validate(now time.Time) error {
	switch r.Kind {
	case ReportJKK, ReportJKM:
	default:
		return reportNotCanonical("kind")
	}
	if r.Kind == ReportJKM && !r.Death {
		return reportNotCanonical("kind")
	}
	if r.ForSelf && r.Death {
		return reportNotCanonical("for_self")
	}
	switch {
	case r.ForSelf:
		if r.SubjectNIK != "" || r.SubjectName != "" || r.SubjectAge != "" {
			return reportNotCanonical("nik")
		}
	case r.SubjectNIK == "":
		// Not known: the name and age stand in for it, and nobody can be
		// found registered.
		if r.Registered || !r.SubjectAge.Valid() {
			return reportNotCanonical("subject_age")
		}
		if name, err := ParseName(r.SubjectName); err != nil || name != r.SubjectName {
			return reportNotCanonical("subject_name")
		}
	default:
		if nik, err := ParseNIK(string(r.SubjectNIK), now); err != nil || nik != r.SubjectNIK {
			return reportNotCanonical("nik")
		}
		if r.SubjectAge != "" {
			return reportNotCanonical("subject_age")
		}
		if name, err := ParseName(r.SubjectName); r.SubjectName != "" && (err != nil || name != r.SubjectName) {
			return reportNotCanonical("subject_name")
		}
	}
	if !r.Registered && !validNagariCode(r.NagariCode) {
		return reportNotCanonical("nagari_code")
	}
	if r.Date.IsZero() || !r.Date.Equal(dateOf(r.Date.UTC().Date())) {
		return reportNotCanonical("date")
	}
	check := CheckEventDate
	if r.Death {
		// A death's date has no claim window (JKM has none; a death from
		// a work accident is judged by staff).
		check = CheckDeathDate
	}
	if err := check(r.Date, now); err != nil {
		return reportErr("date", err)
	}
	if err := canonicalText("place", r.Place, PlaceMinLen, PlaceMaxLen); err != nil {
		return err
	}
	if math.IsNaN(r.Lat) || math.IsNaN(r.Lon) || math.Abs(r.Lat) > 90 || math.Abs(r.Lon) > 180 {
		return reportNotCanonical("location")
	}
	if len(r.Photos) > MaxReportPhotos || slices.Contains(r.Photos, "") {
		return reportNotCanonical("photos")
	}
	accident := r.Kind == ReportJKK && !r.Death
	if accident {
		if r.Clock != "" && !slices.Contains(TimesOfDay, r.Clock) && !validClock(r.Clock) {
			return reportNotCanonical("clock")
		}
		if err := canonicalText("description", r.Description, DescriptionMinLen, DescriptionMaxLen); err != nil {
			return err
		}
		if err := canonicalText("injury", r.Injury, InjuryMinLen, InjuryMaxLen); err != nil {
			return err
		}
		if !slices.Contains(Treatments, r.Treatment) {
			return reportNotCanonical("treatment")
		}
		if err := CheckWitnesses(r.Witnesses); err != nil {
			return err
		}
		if r.NoWitnesses && len(r.Witnesses) > 0 {
			return reportNotCanonical("no_witnesses")
		}
	} else if len(r.Witnesses) > 0 || r.NoWitnesses {
		return reportNotCanonical("witnesses")
	}
	if r.Death && !slices.Contains(DeathCauses, r.Cause) {
		return reportNotCanonical("cause")
	}
	if r.Death && JKKCause(r.Cause) != (r.Kind == ReportJKK) {
		return reportNotCanonical("kind")
	}
	if r.ForSelf {
		if r.ReporterName != "" || r.ReporterRelation != "" || r.ReporterPhone != "" {
			return reportNotCanonical("reporter")
		}
		return nil
	}
	if name, err := ParseName(r.ReporterName); err != nil || name != r.ReporterName {
		return reportNotCanonical("reporter_name")
	}
	relations := ReporterRelations
	if r.Death {
		relations = append(slices.Clone(HeirRelations), HeirRelationOther)
	}
	if !slices.Contains(relations, r.ReporterRelation) {
		return reportNotCanonical("reporter_relation")
	}
	if !validPhone(string(r.ReporterPhone)) {
		return reportNotCanonical("reporter_phone")
	}
	return nil
}

// reportErr names the field in err, never its value.
func reportErr(field string, err error) error { return fmt.Errorf("report %s: %w", field, err) }

func reportNotCanonical(field string) error {
	return fmt.Errorf("report %s: not in canonical form", field)
}

// canonicalText checks that a free-text field is what ParseFreeText makes.
func canonicalText(field, v string, minLen, maxLen int) error {
	got, err := ParseFreeText(v, minLen, maxLen)
	if err != nil {
		return reportErr(field, err)
	}
	if got != v {
		return reportNotCanonical(field)
	}
	return nil
}

// ReportWithin is the duty to report a work accident to BPJS: 2 × 24 hours
// from the accident.
const ReportWithin = 48 * time.Hour

// ClockWIB writes the time of day of t as Solok reads it, "15.04" (WIB).
func ClockWIB(t time.Time) string { return t.In(wib).Format("15.04") }

// partStarts is when each part of the day begins, for the earliest moment
// an accident "pagi" or "sore" can have happened.
var partStarts = map[string]int{"pagi": 5, "siang": 11, "sore": 15, "malam": 18}

// HappenedBy is the earliest instant the report's event can have happened,
// no later than reported (the time a report is made): the moment the 2 × 24
// hour reporting duty starts counting. An exact time is
// taken as it is, a part of the day from its start, and an unknown time
// from the start of the day, in WIB: when in doubt the deadline comes
// sooner, never later.
func (r Report) HappenedBy(reported time.Time) time.Time {
	y, m, d := r.Date.Date()
	hour, minute := 0, 0
	if h, ok := partStarts[r.Clock]; ok {
		hour = h
	} else if t, err := time.Parse("15:04", r.Clock); err == nil {
		hour, minute = t.Hour(), t.Minute()
	}
	at := time.Date(y, m, d, hour, minute, 0, 0, wib)
	if at.After(reported) {
		return reported
	}
	return at
}

func validClock(s string) bool {
	t, err := time.Parse("15:04", s)
	return err == nil && t.Format("15:04") == s
}

// ErrReportNotOpen is returned when photos are added to a report that is
// closed (selesai, ditolak), unknown, or not the chat's own.
var ErrReportNotOpen = errors.New("report not open")
