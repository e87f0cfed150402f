package notice

import (
	"maps"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jaganagari/jaganagari/internal/domain"
)

// Notices to a nagari's staff. Each names the worker at most by name and
// a masked NIK: the whole record is shown only when staff open it with
// the notice's button, which checks they may see it.

// RegistrationSubmitted tells rec's nagari about a new registration. Its
// buttons open the registration, or verify or reject it at once: looking
// first is one tap, and deciding from the notice is one tap too.
// A registration entered with help says so, and by whom (the role and
// binding number of the witness), since its consent is the witness's word.
func RegistrationSubmitted(rec domain.RegistrationRecord) Notice {
	msg, data := "notify.registration", map[string]string{"Number": rec.Number, "NIK": rec.NIK.Masked(), "Name": rec.Name}
	if rec.Assisted() {
		msg = "assisted.notify.registration"
		data["Role"] = MsgValue("staff.role." + string(rec.WitnessRole))
		data["Witness"] = strconv.FormatInt(rec.Witness, 10)
		data["Mode"] = MsgValue("assisted.mode." + string(rec.ConsentMode))
	}
	var photos []string
	if rec.ConsentFormFile != "" {
		// The signed form, for staff to check the consent.
		photos = []string{rec.ConsentFormFile}
	}
	return Notice{
		Kind:       "registration.submitted",
		NagariCode: rec.NagariCode,
		Msg:        msg,
		Data:       data,
		Buttons: [][]Button{
			{OpenRegistration(rec.ID)},
			{
				NewButton("staff.verify", StepDecide, DecideValue(true, rec.ID)),
				NewButton("staff.reject", StepDecide, DecideValue(false, rec.ID)),
			},
		},
		Photos: photos,
	}
}

// RegistrationCorrected tells rec's nagari that the worker corrected
// their registration (rec holds the corrected form), so staff can correct
// the BPJS membership too.
func RegistrationCorrected(rec domain.RegistrationRecord) Notice {
	return Notice{
		Kind:       "registration.corrected",
		NagariCode: rec.NagariCode,
		Msg:        "notify.corrected",
		Data:       map[string]string{"Number": rec.Number, "Name": rec.Name, "NIK": rec.NIK.Masked()},
		Buttons:    [][]Button{{OpenRegistration(rec.ID)}},
	}
}

// RegistrationErased tells nagariCode's staff that registration number
// was erased at the worker's request, so they can end the BPJS
// membership. It names no one: the record is gone.
func RegistrationErased(number, nagariCode string) Notice {
	return Notice{
		Kind: "registration.erased", NagariCode: nagariCode,
		Msg: "notify.erased", Data: map[string]string{"Number": number},
	}
}

// maxPlace keeps a staff notice short; the whole place is in the report
// staff open with the button.
const maxPlace = 80

// ReportSubmitted tells rec's nagari about a new report. rec is the report
// as stored: Registered when it is linked to a registered worker
// (WorkerName and SubjectNIK are then the worker's), Cover the worker's
// cover on the day of the event, CreatedAt when it was reported.
// The notice carries a short summary: the NIK masked, no injury (health
// data is shown only inside the report), the photos.
func ReportSubmitted(rec domain.ReportRecord) Notice {
	kind := "report.kind." + string(rec.Kind)
	if rec.Kind == domain.ReportJKK && rec.Death {
		kind = "report.kind.jkk_death"
	}
	data := map[string]string{
		"Number":  rec.Number,
		"Kind":    MsgValue(kind),
		"Nagari":  rec.NagariName,
		"Date":    DateValue(rec.Date),
		"Place":   shorten(rec.Place, maxPlace),
		"Photos":  strconv.Itoa(len(rec.Photos)),
		"Traffic": flag(rec.Traffic),
		// The 2 × 24 hour rule is about accidents.
		"Deadline": flag(rec.Kind == domain.ReportJKK),
		"Reporter": rec.ReporterName,
		"Name":     "",
		"NIK":      "",
		"Cover":    "",
		// A person the reporter described without a registration: the
		// name they gave and, without a NIK, the age they guessed.
		"Person":   "",
		"NoNIK":    flag(!rec.Registered && rec.SubjectNIK == "" && !rec.ForSelf),
		"AgeYears": "",
		"AgeRange": "",
		// The witnesses of an accident, numbers masked as everywhere in
		// a notice; the report view has them whole.
		"WitnessList": witnessList(rec.Witnesses),
		"NoWitness":   flag(rec.NoWitnesses),
	}
	maps.Copy(data, dueValues(rec.HappenedBy(rec.CreatedAt), rec.CreatedAt))
	if rec.Registered {
		data["Name"] = rec.WorkerName
	}
	if rec.Cover != "" {
		data["Cover"] = MsgValue("report.cover." + string(rec.Cover))
	}
	if rec.SubjectNIK != "" {
		data["NIK"] = rec.SubjectNIK.Masked()
	}
	buttons := [][]Button{{OpenReport(rec.ID)}}
	if !rec.Registered {
		data["Person"] = rec.SubjectName
		if n := rec.SubjectAge.Years(); n > 0 {
			data["AgeYears"] = strconv.Itoa(n)
		} else if rec.SubjectAge != "" {
			data["AgeRange"] = MsgValue("intake.age.label." + string(rec.SubjectAge))
		}
		// The officer links the report to the person's registration, or
		// records they are not a member, from the notice.
		buttons = append(buttons,
			[]Button{NewButton("intake.link.button", StepLinkReport, RecordValue(rec.ID))},
			[]Button{NewButton("intake.notmember.button", StepNotMember, RecordValue(rec.ID))})
	}
	return Notice{
		Kind:       "report.submitted",
		NagariCode: rec.NagariCode,
		Msg:        "notify.report",
		Data:       data,
		Buttons:    buttons,
		Photos:     rec.Photos,
	}
}

// PhotosAdded sends nagariCode's staff the photos added to report id
// (numbered number) after it was submitted.
func PhotosAdded(id int64, number, nagariCode string, added []string) Notice {
	return Notice{
		Kind:       "report.photos_added",
		NagariCode: nagariCode,
		Msg:        "notify.report.photos",
		Data:       map[string]string{"Number": number, "Photos": strconv.Itoa(len(added))},
		Buttons:    [][]Button{{OpenReport(id)}},
		Photos:     added,
	}
}

// Due is an accident report no staff member has acted on, as the deadline
// reminders need it.
type Due struct {
	ReportID               int64
	Number                 string
	NagariCode, NagariName string
	// HappenedBy is the latest the accident can have happened, from which
	// the 2 × 24 hours are counted.
	HappenedBy time.Time
}

// Reminder reminds d's nagari, at now, that the report still waits.
func Reminder(d Due, now time.Time) Notice {
	return due(d, now, "report.reminder", "notify.report.reminder", AudienceNagari)
}

// Escalation tells the kecamatan officers and regency admins above d's
// nagari, at now, that nobody has acted on the report.
func Escalation(d Due, now time.Time) Notice {
	return due(d, now, "report.escalated", "notify.report.escalation", AudienceAbove)
}

// Tahap2Reminder reminds d's nagari, at now, that tahap II of the report
// is due (d.HappenedBy is then when the doctor's declaration counts from).
func Tahap2Reminder(d Due, now time.Time) Notice {
	return due(d, now, "report.tahap_ii_reminder", "notify.t2.reminder", AudienceNagari)
}

// Tahap2Escalation tells the kecamatan officers and regency admins above
// d's nagari, at now, that tahap II of the report is still not filed.
func Tahap2Escalation(d Due, now time.Time) Notice {
	return due(d, now, "report.tahap_ii_escalated", "notify.t2.escalation", AudienceAbove)
}

func due(d Due, now time.Time, kind, msg, audience string) Notice {
	data := map[string]string{"Number": d.Number, "Nagari": d.NagariName}
	maps.Copy(data, dueValues(d.HappenedBy, now))
	return Notice{
		Kind:       kind,
		NagariCode: d.NagariCode,
		Audience:   audience,
		Msg:        msg,
		Data:       data,
		Buttons:    [][]Button{{OpenReport(d.ReportID)}},
		NotBefore:  now,
	}
}

// dueValues are the notice data of an accident's reporting deadline: its
// day and time in WIB, and whether it has passed at now (late reporting
// does not by itself forfeit the claim, so staff still act).
func dueValues(happenedBy, now time.Time) map[string]string {
	due := happenedBy.Add(domain.ReportWithin)
	return map[string]string{
		"DueDate": DateValue(domain.Today(due)), "DueClock": domain.ClockWIB(due), "Overdue": flag(!now.Before(due)),
	}
}

func flag(b bool) string {
	if b {
		return "1"
	}
	return ""
}

// shorten cuts s to n characters, marking the cut.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// witnessList writes witnesses on one line, "Pak Datuak, +62812****890;
// Siti Aminah", the same in every language.
func witnessList(ws []domain.Witness) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = w.Name
		if w.Phone != "" {
			parts[i] += ", " + w.Phone.Masked()
		}
	}
	return strings.Join(parts, "; ")
}
