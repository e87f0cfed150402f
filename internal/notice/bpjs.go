package notice

import (
	"strconv"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
)

// Notices of BPJS's answer to a batch: to the worker, when BPJS accepted
// or refused them, and to the nagari's staff, a summary of the import.

// MembershipActivated tells chatID that BPJS accepted registration
// number: the card number and the day cover starts.
func MembershipActivated(chatID int64, number string, kpj domain.KPJ, start time.Time) Notice {
	return Notice{
		Kind: "membership.aktif", ChatID: chatID, Msg: "notify.bpjs.active",
		// Only the card number's last digits: the outbox is kept in the
		// clear, and the whole number is sealed in the registration.
		Data: map[string]string{"Number": number, "KPJ": kpj.Last4(), "Start": DateValue(start)},
	}
}

// MembershipRefused tells chatID that BPJS returned registration number.
// It does not say BPJS's reason, which is written for staff, nor promise
// an outcome: the nagari office checks the data and resubmits.
func MembershipRefused(chatID int64, number string) Notice {
	return Notice{
		Kind: "membership.ditolak_bpjs", ChatID: chatID, Msg: "notify.bpjs.refused",
		Data: map[string]string{"Number": number},
	}
}

// ResultImported tells nagariCode's staff what an import of BPJS's result
// file did to the nagari's workers: how many became aktif and how many
// BPJS refused.
func ResultImported(nagariCode, nagariName string, activated, refused int) Notice {
	return Notice{
		Kind: "bpjs.imported", NagariCode: nagariCode, Msg: "notify.bpjs.imported",
		Data: map[string]string{"Nagari": nagariName, "Active": strconv.Itoa(activated), "Refused": strconv.Itoa(refused)},
	}
}

// MembersImported tells nagariCode's staff that a list of the nagari's
// existing members was imported (by a regency admin or from the command
// line): how many were added, how many of them already aktif with BPJS,
// and how many rows were already registered or refused. It names no one;
// the rows are in /antrian and /cari like any verified worker.
func MembersImported(nagariCode, nagariName string, imported, active, registered, refused int) Notice {
	return Notice{
		Kind: "registration.import", NagariCode: nagariCode, Msg: "import.notify.nagari",
		Data: map[string]string{"Nagari": nagariName, "Imported": strconv.Itoa(imported), "Active": strconv.Itoa(active),
			"Registered": strconv.Itoa(registered), "Refused": strconv.Itoa(refused)},
	}
}
