package domain

import (
	"strconv"
	"strings"
	"time"
)

// wib is Western Indonesia Time. Solok has no daylight saving, so a fixed
// zone is exact and spares us a dependency on the tz database in containers.
var wib = time.FixedZone("WIB", 7*60*60)

// Age limits for a registrant. BPJS's own BPU age limits are unverified,
// so these are the project's rule, kept in one place.
const (
	// MinAge is the youngest age, in whole years, accepted for a registrant.
	MinAge = 15
	// MaxAge is the oldest age accepted; it also bounds the century guessed
	// for the two-digit year in a NIK.
	MaxAge = 100
)

// MaxRegistrationAge is the age at which a person can no longer join: BPU
// participants must be "belum mencapai 65 tahun" at registration
// (DOMAIN.md §12). It is checked when a person is registered, never
// against a member who turns 65 later.
const MaxRegistrationAge = 65

// YoungEnough reports whether someone born on birth has not yet reached
// MaxRegistrationAge at now, in WIB.
func YoungEnough(birth, now time.Time) bool { return age(birth, today(now)) < MaxRegistrationAge }

// CheckRegistrationAge is YoungEnough as an input error,
// "reg.too_old" with the age as Max.
func CheckRegistrationAge(birth, now time.Time) error {
	if YoungEnough(birth, now) {
		return nil
	}
	return &InputError{Msg: "reg.too_old", Data: map[string]any{"Max": MaxRegistrationAge}}
}

// OldEnough reports whether someone born on birth is at least MinAge at
// now, in WIB: the check before a child is walked through a form that would
// be refused at the end.
func OldEnough(birth, now time.Time) bool { return age(birth, today(now)) >= MinAge }

// maxDateInput bounds how much text ParseDate looks at. The longest real input
// ("tanggal 30 september 1980" with a weekday) is far shorter, and a bound
// keeps a 10,000-character message cheap to reject.
const maxDateInput = 64

// minYear is the earliest four-digit year ParseDate accepts; anything earlier
// is a typo for every date this bot asks about.
const minYear = 1900

// dateOf returns y-m-d at 00:00 UTC, the form every date in this package
// takes so that equal days compare equal.
func dateOf(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// today is the calendar date in Solok at instant now. The bot's users are in
// WIB, so "hari ini" and the future check must not follow the server's zone.
func today(now time.Time) time.Time {
	y, m, d := now.In(wib).Date()
	return dateOf(y, m, d)
}

// validDate reports whether y-m-d is a real calendar date, which time.Date
// would otherwise silently normalise (31 Feb becomes 3 Mar).
func validDate(y int, m time.Month, d int) (time.Time, bool) {
	if m < time.January || m > time.December || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := dateOf(y, m, d)
	if t.Day() != d || t.Month() != m {
		return time.Time{}, false
	}
	return t, true
}

// age is the number of whole years from birth to on.
func age(birth, on time.Time) int {
	a := on.Year() - birth.Year()
	if on.Month() < birth.Month() || on.Month() == birth.Month() && on.Day() < birth.Day() {
		a--
	}
	return a
}

// after reports whether y-m-d falls after t's calendar date; it compares
// fields so it also works for dates that do not exist in year y.
func after(y int, m time.Month, d int, t time.Time) bool {
	if y != t.Year() {
		return y > t.Year()
	}
	if m != t.Month() {
		return m > t.Month()
	}
	return d > t.Day()
}

// months maps every month spelling users type to its month: Indonesian and
// English names, the usual abbreviations, the older spellings "Pebruari" and
// "Nopember", and the common misspelling "Febuari".
var months = map[string]time.Month{
	"januari": 1, "january": 1, "jan": 1,
	"februari": 2, "february": 2, "pebruari": 2, "febuari": 2, "feb": 2, "peb": 2, "pebr": 2, "febr": 2,
	"maret": 3, "march": 3, "mar": 3, "mrt": 3,
	"april": 4, "apr": 4, "aprl": 4,
	"mei": 5, "may": 5,
	"juni": 6, "june": 6, "jun": 6,
	"juli": 7, "july": 7, "jul": 7,
	"agustus": 8, "august": 8, "agu": 8, "agt": 8, "ags": 8, "agst": 8, "agus": 8, "aug": 8,
	"september": 9, "sep": 9, "sept": 9,
	"oktober": 10, "october": 10, "okt": 10, "oct": 10, "okto": 10,
	"november": 11, "nopember": 11, "nov": 11, "nop": 11,
	"desember": 12, "december": 12, "des": 12, "dec": 12,
}

// monthNames are the full names a longer abbreviation ("septem", "novem")
// may be a prefix of.
var monthNames = []string{
	"januari", "january", "februari", "february", "pebruari", "maret", "march", "april",
	"mei", "may", "juni", "june", "juli", "july", "agustus", "august", "september",
	"oktober", "october", "november", "nopember", "desember", "december",
}

// month reads a month word, accepting any unambiguous prefix of three or more
// letters so that "septem" or "agus" work without listing every variant.
func month(w string) (time.Month, bool) {
	if m, ok := months[w]; ok {
		return m, true
	}
	if len(w) < 3 {
		return 0, false
	}
	var found time.Month
	for _, name := range monthNames {
		if strings.HasPrefix(name, w) {
			m := months[name]
			if found != 0 && found != m {
				return 0, false
			}
			found = m
		}
	}
	return found, found != 0
}

// dateNoise are words people put around a date that carry no information:
// labels ("tgl", "tanggal"), weekday names, and "tahun" before the year.
var dateNoise = map[string]bool{
	"tgl": true, "tanggal": true, "tangal": true, "tggl": true, "date": true,
	"tahun": true, "thn": true, "th": true,
	"senin": true, "selasa": true, "rabu": true, "kamis": true, "jumat": true, "sabtu": true,
	"minggu": true, "ahad": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true,
}

// yearKind records how a year was written, because a two-digit year is a
// guess that ParseBirthDate may revise.
type yearKind int

const (
	yearFull yearKind = iota
	yearTwoDigit
	yearMissing
)

// ParseDate reads a date the way Indonesians type it; now anchors "hari ini",
// missing years and the future check. It accepts day-month order only
// ("5/3/2026" is 5 March), ISO "2026-03-05", month names and abbreviations in
// Indonesian or English ("5 mei 1980", "5 agt"), two-digit years (the century
// that is not in the future), no year (this year, or last year if that would
// be in the future), and "hari ini", "kemarin", "kemarin lusa" and
// "3 hari lalu". The result is 00:00 UTC of that calendar date. Errors are
// *InputError "date.invalid" or "date.future"; "today" is judged in WIB.
func ParseDate(s string, now time.Time) (time.Time, error) {
	t, _, err := parseDate(s, now)
	return t, err
}

// ParseBirthDate is ParseDate plus the age rules: younger than MinAge gives
// "date.too_young" and older than MaxAge gives "date.too_old". A two-digit
// year that would make the person a small child is read as the century
// before, since "1.1.26" from a registrant means 1926.
func ParseBirthDate(s string, now time.Time) (time.Time, error) {
	t, kind, err := parseDate(s, now)
	if err != nil {
		return time.Time{}, err
	}
	td := today(now)
	if kind == yearTwoDigit && age(t, td) < MinAge {
		if older, ok := validDate(t.Year()-100, t.Month(), t.Day()); ok && age(older, td) <= MaxAge {
			t = older
		}
	}
	if err := checkBirthDate(t, now); err != nil {
		return time.Time{}, err
	}
	return t, nil
}

// checkBirthDate applies the age rules to an already parsed date.
func checkBirthDate(t, now time.Time) error {
	td := today(now)
	switch a := age(t, td); {
	case t.After(td):
		return Invalid("date.future")
	case a < MinAge:
		return &InputError{Msg: "date.too_young", Data: map[string]any{"Min": MinAge}}
	case a > MaxAge:
		return &InputError{Msg: "date.too_old", Data: map[string]any{"Max": MaxAge}}
	}
	return nil
}

func parseDate(s string, now time.Time) (time.Time, yearKind, error) {
	bad := Invalid("date.invalid")
	if len(s) > maxDateInput {
		return time.Time{}, 0, bad
	}
	toks, ok := dateTokens(s)
	if !ok {
		return time.Time{}, 0, bad
	}
	td := today(now)
	if t, ok := relativeDate(toks, td); ok {
		return t, yearFull, nil
	}

	// Drop the words that carry nothing, and English ordinal suffixes ("5th").
	var ts []string
	for i, w := range toks {
		if dateNoise[w] {
			continue
		}
		if (w == "st" || w == "nd" || w == "rd") && i > 0 && isDigits(toks[i-1]) {
			continue
		}
		ts = append(ts, w)
	}

	var dayS, monS, yearS string
	var mon time.Month
	switch {
	case len(ts) == 1 && isDigits(ts[0]) && (len(ts[0]) == 8 || len(ts[0]) == 6):
		// "05031980" or "050380": the compact DDMMYY[YY] form of forms and NIKs.
		dayS, monS, yearS = ts[0][:2], ts[0][2:4], ts[0][4:]
	case len(ts) == 3 && isDigits(ts[0]) && len(ts[0]) == 4 && isDigits(ts[1]) && isDigits(ts[2]):
		yearS, monS, dayS = ts[0], ts[1], ts[2] // ISO 8601
	case (len(ts) == 2 || len(ts) == 3) && isDigits(ts[0]) && isDigits(ts[1]):
		dayS, monS = ts[0], ts[1]
		if len(ts) == 3 {
			yearS = ts[2]
		}
	case (len(ts) == 2 || len(ts) == 3) && isDigits(ts[0]) && !isDigits(ts[1]):
		dayS = ts[0]
		if mon, ok = month(ts[1]); !ok {
			return time.Time{}, 0, bad
		}
		if len(ts) == 3 {
			yearS = ts[2]
		}
	case (len(ts) == 2 || len(ts) == 3) && !isDigits(ts[0]) && isDigits(ts[1]):
		// "March 5 2026": the month name makes the order unambiguous.
		dayS = ts[1]
		if mon, ok = month(ts[0]); !ok {
			return time.Time{}, 0, bad
		}
		if len(ts) == 3 {
			yearS = ts[2]
		}
	default:
		return time.Time{}, 0, bad
	}

	if len(dayS) > 2 || !isDigits(dayS) {
		return time.Time{}, 0, bad
	}
	d, _ := strconv.Atoi(dayS)
	if monS != "" {
		if len(monS) > 2 || !isDigits(monS) {
			return time.Time{}, 0, bad
		}
		n, _ := strconv.Atoi(monS)
		mon = time.Month(n)
	}

	var y int
	kind := yearFull
	switch {
	case yearS == "":
		kind = yearMissing
		y = td.Year()
		if after(y, mon, d, td) {
			y--
		}
	case !isDigits(yearS):
		return time.Time{}, 0, bad
	case len(yearS) == 2:
		kind = yearTwoDigit
		yy, _ := strconv.Atoi(yearS)
		y = td.Year()/100*100 + yy
		if after(y, mon, d, td) {
			y -= 100
		}
	case len(yearS) == 4:
		y, _ = strconv.Atoi(yearS)
		if y < minYear {
			return time.Time{}, 0, bad
		}
	default:
		return time.Time{}, 0, bad
	}

	t, ok := validDate(y, mon, d)
	if !ok {
		return time.Time{}, 0, bad
	}
	if t.After(td) {
		return time.Time{}, 0, Invalid("date.future")
	}
	return t, kind, nil
}

// relativeDate understands the words people use for recent days, which is
// how accidents are usually reported: "hari ini", "kemarin", "kemarin lusa",
// "3 hari lalu".
func relativeDate(toks []string, td time.Time) (time.Time, bool) {
	// Labels may precede a relative date too ("tgl kemarin" is odd but harmless).
	for len(toks) > 0 && (toks[0] == "tgl" || toks[0] == "tanggal") {
		toks = toks[1:]
	}
	switch strings.Join(toks, " ") {
	case "hari ini", "hariini", "sekarang", "today":
		return td, true
	case "kemarin", "kemaren", "kmrn", "kmarin", "kemarn", "yesterday":
		return td.AddDate(0, 0, -1), true
	case "kemarin lusa", "kemaren lusa", "kmrn lusa", "kemarinlusa", "kemarenlusa":
		return td.AddDate(0, 0, -2), true
	}
	// "N hari lalu", "N hari yang lalu", "N hari yg lalu".
	if len(toks) >= 3 && isDigits(toks[0]) && len(toks[0]) <= 3 && toks[1] == "hari" && toks[len(toks)-1] == "lalu" {
		mid := toks[2 : len(toks)-1]
		if len(mid) == 0 || len(mid) == 1 && (mid[0] == "yang" || mid[0] == "yg") {
			n, _ := strconv.Atoi(toks[0])
			return td.AddDate(0, 0, -n), true
		}
	}
	return time.Time{}, false
}

// dateTokens lower-cases s and splits it into runs of ASCII letters and runs
// of ASCII digits, so "5mar2026", "5-Mar-2026" and "5 mar 2026" all become
// the same tokens. Any character that is neither, nor a separator, makes the
// input unreadable as a date.
func dateTokens(s string) ([]string, bool) {
	var toks []string
	var cur []byte
	kind := 0 // 1 letters, 2 digits
	flush := func() {
		if len(cur) > 0 {
			toks = append(toks, string(cur))
			cur, kind = cur[:0], 0
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		k := 0
		switch {
		case c >= 'a' && c <= 'z':
			k = 1
		case c >= 'A' && c <= 'Z':
			k, c = 1, c+'a'-'A'
		case c >= '0' && c <= '9':
			k = 2
		case c == '\'' || c == '`':
			// "jum'at", "'80": an apostrophe joins, it does not split.
			continue
		case c == ' ', c == '\t', c == '\n', c == '\r', c == '/', c == '-', c == '.', c == ',', c == ':', c == '\\', c == '_':
			flush()
			continue
		default:
			return nil, false
		}
		if k != kind {
			flush()
			kind = k
		}
		cur = append(cur, c)
	}
	flush()
	if len(toks) == 0 || len(toks) > 8 {
		return nil, false
	}
	return toks, true
}

// isDigits reports whether s is non-empty and all ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
