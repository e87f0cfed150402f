package notice

import "github.com/jaganagari/jaganagari/internal/domain"

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

// ReportStage tells the reporter that report number is now at stage, with
// an optional note from staff. When someone else reported a living
// worker's accident, the worker's own chat (worker; 0 when the report is
// linked to no registration) is told too.
func ReportStage(reporter, worker int64, death bool, number string, stage domain.Stage, note string) []Notice {
	chats := []int64{reporter}
	if worker != 0 && worker != reporter && !death {
		chats = append(chats, worker)
	}
	ns := make([]Notice, 0, len(chats))
	for _, c := range chats {
		ns = append(ns, Notice{
			Kind: "status.changed", ChatID: c, Msg: "notify.status.report",
			Data: map[string]string{"Number": number, "Stage": string(stage), "Reason": note},
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
