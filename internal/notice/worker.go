package notice

import (
	"maps"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
)

// Notices to a worker (or whoever reported for them), sent straight to
// their chat when staff change a record. Status and Stage are raw codes:
// the messages choose their wording by code.

// Statuses of the worker notice RegistrationStatus; the message picks its
// wording by them.
const (
	StatusVerified = "terverifikasi" // verified and within the quota
	StatusWaiting  = "daftar_tunggu" // verified onto the waiting list
	StatusRejected = "ditolak"       // with a reason
	StatusPromoted = "naik"          // moved from the waiting list into the quota
)

// RegistrationStatus tells chatID that registration number now has status
// (one of the Status constants), with the reason when rejected.
func RegistrationStatus(chatID int64, number, status, reason string) Notice {
	return Notice{
		Kind: "status.changed", ChatID: chatID, Msg: "notify.status.registration",
		Data: map[string]string{"Number": number, "Status": status, "Reason": reason},
	}
}

// EnteredStatus tells the officer or kader who entered registration
// number for someone without a chat (named name) that it now has status,
// so they can tell the person.
func EnteredStatus(chatID int64, number, name, status, reason string) Notice {
	return Notice{
		Kind: "status.changed", ChatID: chatID, Msg: "assisted.notify.status",
		Data: map[string]string{"Number": number, "Name": name, "Status": status, "Reason": reason},
	}
}

// StageNews is what a reporter is told about a report's move: its stage
// and what the move recorded.
type StageNews struct {
	Number string
	Stage  domain.Stage
	Death  bool   // a death report: no living worker to tell
	Reason string // why staff turned it down (domain.StageRejected)
	Claim  domain.Claim
	// NotBefore holds the notice back until staff can no longer undo the
	// move, so an undone move is never told.
	NotBefore time.Time
}

// ReportStage tells the reporter the news of a report's move. When
// someone else reported a living worker's accident, the worker's own chat
// (worker; 0 when the report is linked to no registration) is told too.
func ReportStage(reporter, worker int64, n StageNews) []Notice {
	chats := []int64{reporter}
	if TellsWorker(reporter, worker, n.Death) {
		chats = append(chats, worker)
	}
	data := map[string]string{
		"Number": n.Number, "Stage": string(n.Stage), "Reason": n.Reason,
		"Claim": n.Claim.Number, "Outcome": string(n.Claim.Outcome), "Amount": "", "PaidOn": "", "Refusal": "",
	}
	if n.Claim.Amount > 0 {
		data["Amount"] = domain.FormatRupiah(n.Claim.Amount)
		data["PaidOn"] = DateValue(n.Claim.PaidOn)
	}
	if r := n.Claim.Refusal; r != "" {
		data["Refusal"] = r
		if domain.IsRefusalReason(r) {
			data["Refusal"] = MsgValue("claims.refusal." + r)
		}
	}
	ns := make([]Notice, 0, len(chats))
	for _, c := range chats {
		ns = append(ns, Notice{
			Kind: "status.changed", ChatID: c, Msg: "notify.claim.stage",
			Data: maps.Clone(data), NotBefore: n.NotBefore,
		})
	}
	return ns
}

// StaffRevoked tells an officer's chat that an admin ended their access as
// role over area (the area's name, "" for an admin).
func StaffRevoked(chatID int64, role domain.Role, area string) Notice {
	return Notice{
		Kind: "staff.revoked", ChatID: chatID, Msg: "staffmenu.revoked",
		Data: map[string]string{"Role": MsgValue("staff.role." + string(role)), "Area": area},
	}
}

// TellsWorker reports whether the worker's own chat (worker; 0 when the
// person has none) hears of a report as well as the reporter: when
// someone else reported a living worker's accident. A death report's news
// goes to the family who reported it.
func TellsWorker(reporter, worker int64, death bool) bool {
	return worker != 0 && worker != reporter && !death
}

// ReportLinkedToWorker tells the worker's own chat, once, that a report
// someone else made about their accident (number) is now linked to their
// registration and handled by the nagari; nil when TellsWorker says the
// worker is not told. Neither the NIK nor the reporter is named.
func ReportLinkedToWorker(reporter, worker int64, number string, death bool) []Notice {
	if !TellsWorker(reporter, worker, death) {
		return nil
	}
	return []Notice{{
		Kind: "report.linked_worker", ChatID: worker, Msg: "jkk.notify.worker_linked",
		Data: map[string]string{"Number": number},
	}}
}

// ReportLinked tells the reporter (chatID) that an officer linked report
// number, made without a registered person, to the person's registration,
// and what the report now records of the person's cover on the day
// (death: a death report), as the reporter hears it when a report is made:
// covered, submitted but not yet active, or not covered. The NIK and the
// registration are not named.
func ReportLinked(chatID int64, number string, cover domain.ReportCover, death bool) Notice {
	c := string(cover.Cover())
	return Notice{
		Kind: "report.linked", ChatID: chatID, Msg: "intake.notify.linked",
		Data: map[string]string{"Number": number, "Cover": c, "Death": flag(death)},
	}
}
