package notice

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/jaganagari/jaganagari/internal/domain"
)

const (
	nik   = "1302044505800001"
	phone = "6281234567890"
)

var registration = domain.RegistrationRecord{
	Registration: domain.Registration{
		NIK: nik, Name: "Siti Rahmah", Phone: phone, NagariCode: "13.02.04.2001",
		Address: "Jorong Koto Baru", HeirName: "Budi Santoso",
	},
	ID: 41, Number: "REG-2026-000041", Status: domain.StatusPending,
}

func TestRegistrationSubmitted(t *testing.T) {
	t.Parallel()
	got := RegistrationSubmitted(registration)
	want := Notice{
		Kind:       "registration.submitted",
		NagariCode: "13.02.04.2001",
		Msg:        "notify.registration",
		Data:       map[string]string{"Number": "REG-2026-000041", "NIK": "1302********0001", "Name": "Siti Rahmah"},
		Buttons: [][]Button{
			{{Msg: "notify.open_registration", Value: "staff.reg|41"}},
			{{Msg: "staff.verify", Value: "staff.act|v:41"}, {Msg: "staff.reject", Value: "staff.act|t:41"}},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("notice (-want +got):\n%s", diff)
	}
}

func TestRegistrationCorrectedAndErased(t *testing.T) {
	t.Parallel()
	want := Notice{
		Kind: "registration.corrected", NagariCode: "13.02.04.2001", Msg: "notify.corrected",
		Data:    map[string]string{"Number": "REG-2026-000041", "Name": "Siti Rahmah", "NIK": "1302********0001"},
		Buttons: [][]Button{{{Msg: "notify.open_registration", Value: "staff.reg|41"}}},
	}
	if diff := cmp.Diff(want, RegistrationCorrected(registration)); diff != "" {
		t.Errorf("corrected (-want +got):\n%s", diff)
	}
	want = Notice{Kind: "registration.erased", NagariCode: "13.02.04.2001", Msg: "notify.erased", Data: map[string]string{"Number": "REG-2026-000041"}}
	if diff := cmp.Diff(want, RegistrationErased("REG-2026-000041", "13.02.04.2001")); diff != "" {
		t.Errorf("erased (-want +got):\n%s", diff)
	}
}

// reported is 25 Nov 2026, 16.00 WIB.
var reported = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

func accident() domain.ReportRecord {
	r := domain.ReportRecord{
		Report: domain.Report{
			Kind: domain.ReportJKK, SubjectNIK: nik, Registered: true, NagariCode: "13.02.04.2001",
			Date: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), Clock: "14:30",
			Place: strings.Repeat("Sawah ", 20), Traffic: true, Injury: "Kaki kiri patah",
			Photos: []string{"p1", "p2"}, ReporterName: "Budi", ReporterPhone: phone,
		},
		ID: 77, Number: "JKK-2026-000077", NagariName: "Alahan Panjang", WorkerName: "Siti Rahmah", WorkerPhone: phone,
		CreatedAt: reported, Cover: domain.ReportCoverPending,
	}
	return r
}

func TestReportSubmitted(t *testing.T) {
	t.Parallel()

	t.Run("an accident to a registered worker says the cover on the day", func(t *testing.T) {
		got := ReportSubmitted(accident())
		want := Notice{
			Kind: "report.submitted", NagariCode: "13.02.04.2001", Msg: "notify.report",
			Data: map[string]string{
				"Number": "JKK-2026-000077", "Kind": "msg:report.kind.jkk", "Nagari": "Alahan Panjang",
				"Date": "date:2026-11-25", "Place": strings.Repeat("Sawah ", 13) + "S…", "Photos": "2",
				"Traffic": "1", "Deadline": "1", "Reporter": "Budi", "Name": "Siti Rahmah", "NIK": "1302********0001",
				// 14.30 WIB on the 25th, plus 2 × 24 hours.
				"DueDate": "date:2026-11-27", "DueClock": "14.30", "Overdue": "",
				"Cover":  "msg:report.cover.diajukan",
				"Person": "", "NoNIK": "", "AgeYears": "", "AgeRange": "",
				"WitnessList": "", "NoWitness": "",
			},
			Buttons: [][]Button{{{Msg: "notify.open_report", Value: "staff.rep|77"}}},
			Photos:  []string{"p1", "p2"},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("notice (-want +got):\n%s", diff)
		}
	})

	t.Run("a fatal accident to someone not registered names no one", func(t *testing.T) {
		r := accident()
		r.Death, r.Registered, r.WorkerName, r.Cover = true, false, "", domain.ReportCoverUnregistered
		got := ReportSubmitted(r)
		if got.Data["Kind"] != "msg:report.kind.jkk_death" || got.Data["Name"] != "" || got.Data["NIK"] != "1302********0001" ||
			got.Data["Cover"] != "msg:report.cover.tidak_terdaftar" {
			t.Errorf("data: %v", got.Data)
		}
	})

	t.Run("a person without a NIK is described and can be linked from the notice", func(t *testing.T) {
		r := accident()
		r.Registered, r.WorkerName, r.Cover, r.SubjectNIK = false, "", domain.ReportCoverUnregistered, ""
		r.SubjectName, r.SubjectAge = "Rajo Alam", "50an"
		got := ReportSubmitted(r)
		if got.Data["NoNIK"] != "1" || got.Data["Person"] != "Rajo Alam" || got.Data["AgeRange"] != "msg:intake.age.label.50an" ||
			got.Data["AgeYears"] != "" || got.Data["NIK"] != "" || got.Data["Name"] != "" {
			t.Errorf("data: %v", got.Data)
		}
		want := [][]Button{
			{{Msg: "notify.open_report", Value: "staff.rep|77"}},
			{{Msg: "intake.link.button", Value: "staff.link|77"}},
			{{Msg: "intake.notmember.button", Value: "staff.notmember|77"}},
		}
		if diff := cmp.Diff(want, got.Buttons); diff != "" {
			t.Errorf("buttons (-want +got):\n%s", diff)
		}
		r.SubjectAge = "52"
		if got := ReportSubmitted(r); got.Data["AgeYears"] != "52" || got.Data["AgeRange"] != "" {
			t.Errorf("typed age: %v", got.Data)
		}
	})

	t.Run("the reporter hears of a link without the NIK", func(t *testing.T) {
		got := ReportLinked(5, "JKK-2026-000077", domain.ReportCoverActive, false)
		want := Notice{Kind: "report.linked", ChatID: 5, Msg: "intake.notify.linked",
			Data: map[string]string{"Number": "JKK-2026-000077", "Cover": "aktif", "Death": ""}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("notice (-want +got):\n%s", diff)
		}
		if got := ReportLinked(5, "JKM-2026-000001", domain.ReportCoverOutside, true); got.Data["Cover"] != "tidak" || got.Data["Death"] != "1" {
			t.Errorf("data: %v", got.Data)
		}
	})

	t.Run("a death has no accident deadline", func(t *testing.T) {
		r := accident()
		r.Kind, r.Clock = domain.ReportJKM, ""
		got := ReportSubmitted(r)
		if got.Data["Kind"] != "msg:report.kind.jkm" || got.Data["Deadline"] != "" {
			t.Errorf("data: %v", got.Data)
		}
	})
}

func TestReminders(t *testing.T) {
	t.Parallel()
	d := Due{ReportID: 77, Number: "JKK-2026-000077", NagariCode: "13.02.04.2001", NagariName: "Alahan Panjang",
		HappenedBy: time.Date(2026, 11, 25, 7, 30, 0, 0, time.UTC)}
	now := d.HappenedBy.Add(44 * time.Hour)
	want := Notice{
		Kind: "report.reminder", NagariCode: "13.02.04.2001", Audience: AudienceNagari, Msg: "notify.report.reminder",
		Data: map[string]string{
			"Number": "JKK-2026-000077", "Nagari": "Alahan Panjang",
			"DueDate": "date:2026-11-27", "DueClock": "14.30", "Overdue": "",
		},
		Buttons:   [][]Button{{{Msg: "notify.open_report", Value: "staff.rep|77"}}},
		NotBefore: now,
	}
	if diff := cmp.Diff(want, Reminder(d, now)); diff != "" {
		t.Errorf("reminder (-want +got):\n%s", diff)
	}
	late := now.Add(4 * time.Hour)
	want.Kind, want.Audience, want.Msg, want.NotBefore = "report.escalated", AudienceAbove, "notify.report.escalation", late
	want.Data["Overdue"] = "1"
	if diff := cmp.Diff(want, Escalation(d, late)); diff != "" {
		t.Errorf("escalation (-want +got):\n%s", diff)
	}
}

func TestWorkerNotices(t *testing.T) {
	t.Parallel()
	got := RegistrationStatus(900, "REG-2026-000041", StatusRejected, "bukan_warga")
	want := Notice{Kind: "status.changed", ChatID: 900, Msg: "notify.status.registration",
		Data: map[string]string{"Number": "REG-2026-000041", "Status": "ditolak", "Reason": "bukan_warga"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("status (-want +got):\n%s", diff)
	}

	chats := func(ns []Notice) []int64 {
		var cs []int64
		for _, n := range ns {
			if n.Msg != "notify.claim.stage" || n.Data["Stage"] != "diajukan" || n.Data["Claim"] != "KLM-1" || !n.NotBefore.Equal(reported) {
				t.Errorf("stage notice: %+v", n)
			}
			cs = append(cs, n.ChatID)
		}
		return cs
	}
	for _, c := range []struct {
		name           string
		reporter, work int64
		death          bool
		want           []int64
	}{
		{"the worker reported it themself", 900, 900, false, []int64{900}},
		{"a neighbour reported the worker's accident", 901, 900, false, []int64{901, 900}},
		{"an heir reported the worker's death", 901, 900, true, []int64{901}},
		{"the report is linked to no registration", 901, 0, false, []int64{901}},
	} {
		news := StageNews{Number: "JKK-2026-000077", Stage: domain.StageFiled, Death: c.death, Claim: domain.Claim{Number: "KLM-1"}, NotBefore: reported}
		got := chats(ReportStage(c.reporter, c.work, news))
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%s: chats (-want +got):\n%s", c.name, diff)
		}
	}
}

// No notice carries a full NIK or phone number: they go to group chats and
// stay in Telegram's history.
func TestNoFullNIKOrPhone(t *testing.T) {
	t.Parallel()
	d := Due{ReportID: 1, Number: "JKK-1", NagariCode: "13.02.04.2001", HappenedBy: reported}
	all := []Notice{
		RegistrationSubmitted(registration), RegistrationCorrected(registration),
		ReportSubmitted(accident()), Reminder(d, reported), Escalation(d, reported),
	}
	for _, n := range all {
		for k, v := range n.Data {
			if strings.Contains(v, nik) || strings.Contains(v, phone[2:]) || strings.Contains(v, "patah") {
				t.Errorf("%s: %s holds a full NIK, phone or health data: %q", n.Kind, k, v)
			}
		}
	}
}

func TestButtonValues(t *testing.T) {
	t.Parallel()
	b := NewButton("staff.verify", StepDecide, DecideValue(true, 41))
	step, value := b.Callback()
	if step != "staff.act" || value != "v:41" {
		t.Errorf("callback = %q, %q", step, value)
	}
	for _, c := range []struct {
		value  string
		verify bool
		id     int64
		ok     bool
	}{
		{DecideValue(true, 41), true, 41, true},
		{DecideValue(false, 41), false, 41, true},
		{"x:41", false, 0, false},
		{"v:abc", false, 0, false},
		{"", false, 0, false},
	} {
		verify, id, err := ParseDecide(c.value)
		if verify != c.verify || id != c.id || (err == nil) != c.ok {
			t.Errorf("ParseDecide(%q) = %v, %d, %v", c.value, verify, id, err)
		}
	}
	if id, err := ParseRecord(RecordValue(77)); id != 77 || err != nil {
		t.Errorf("ParseRecord = %d, %v", id, err)
	}
}

func TestValues(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in            string
		s             string
		isMsg, isDate bool
	}{
		{MsgValue("report.kind.jkk"), "report.kind.jkk", true, false},
		{DateValue(reported), "2026-11-25", false, true},
		{"Alahan Panjang", "Alahan Panjang", false, false},
	} {
		s, isMsg, isDate := ReadValue(c.in)
		if s != c.s || isMsg != c.isMsg || isDate != c.isDate {
			t.Errorf("ReadValue(%q) = %q, %v, %v", c.in, s, isMsg, isDate)
		}
	}
}

// A paid claim tells the amount and the day; a refused one the reason, as
// a message when it was picked.
func TestClaimOutcomeNotices(t *testing.T) {
	t.Parallel()
	paid := ReportStage(900, 0, StageNews{Number: "JKK-1", Stage: domain.StageDone,
		Claim: domain.Claim{Outcome: domain.ClaimPaid, Amount: 42_000_000, PaidOn: time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)}})
	if d := paid[0].Data; d["Amount"] != "Rp42.000.000" || d["PaidOn"] != "date:2026-12-05" || d["Outcome"] != "dibayar" {
		t.Errorf("paid: %v", d)
	}
	refused := ReportStage(900, 0, StageNews{Number: "JKK-1", Stage: domain.StageDone,
		Claim: domain.Claim{Outcome: domain.ClaimRefused, Refusal: "dokumen_tidak_lengkap"}})
	if d := refused[0].Data; d["Refusal"] != "msg:claims.refusal.dokumen_tidak_lengkap" || d["Amount"] != "" {
		t.Errorf("refused: %v", d)
	}
	typed := ReportStage(900, 0, StageNews{Claim: domain.Claim{Outcome: domain.ClaimRefused, Refusal: "Bukan saat bekerja"}})
	if typed[0].Data["Refusal"] != "Bukan saat bekerja" {
		t.Errorf("typed refusal: %v", typed[0].Data)
	}
}

func TestReportLinkedToWorkerTellsTheWorkerOfSomeoneElsesAccidentOnly(t *testing.T) {
	t.Parallel()
	if ns := ReportLinkedToWorker(10, 20, "JKK-2026-000001", false); len(ns) != 1 || ns[0].ChatID != 20 ||
		ns[0].Msg != "jkk.notify.worker_linked" || ns[0].Data["Number"] != "JKK-2026-000001" {
		t.Errorf("someone else's report of a living worker: %+v", ns)
	}
	for name, ns := range map[string][]Notice{
		"the worker reported it":   ReportLinkedToWorker(20, 20, "JKK-2026-000001", false),
		"the person has no chat":   ReportLinkedToWorker(10, 0, "JKK-2026-000001", false),
		"a death, told the family": ReportLinkedToWorker(10, 20, "JKM-2026-000001", true),
	} {
		if len(ns) != 0 {
			t.Errorf("%s: told %+v", name, ns)
		}
	}
}
