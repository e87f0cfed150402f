package domain

import "time"

// ReportCover is what an accident or death report records of the person's
// cover on the day of the event: "registered" is not "covered" (JKM is
// paid only when the death falls within an active membership, DOMAIN.md
// §12). The values are stored with the report, so they never change.
// Messages "report.cover.<value>" name them for staff.
type ReportCover string

// The covers a report can record.
const (
	// ReportCoverActive: within a cover period BPJS confirmed.
	ReportCoverActive ReportCover = "aktif"
	// ReportCoverPending: submitted to BPJS, or accepted with cover from a
	// later day; not covered on the day, as far as we know.
	ReportCoverPending ReportCover = "diajukan"
	// ReportCoverNotSubmitted: registered, never submitted to BPJS.
	ReportCoverNotSubmitted ReportCover = "belum_diajukan"
	// ReportCoverRefused: BPJS refused the membership.
	ReportCoverRefused ReportCover = "ditolak_bpjs"
	// ReportCoverOutside: the cover had ended, or its period was over, by
	// the day.
	ReportCoverOutside ReportCover = "di_luar_masa"
	// ReportCoverUnregistered: no registration of the person was found.
	ReportCoverUnregistered ReportCover = "tidak_terdaftar"
)

// ReportCovers lists the values, for the stored column's check.
var ReportCovers = []ReportCover{ReportCoverActive, ReportCoverPending, ReportCoverNotSubmitted,
	ReportCoverRefused, ReportCoverOutside, ReportCoverUnregistered}

// CoverOfReport is the cover a report records for an event on day: of m,
// the membership of the person's registration when registered, else none.
func CoverOfReport(registered bool, m Membership, day time.Time) ReportCover {
	if !registered {
		return ReportCoverUnregistered
	}
	switch m.CoverOn(day) {
	case CoverActive:
		return ReportCoverActive
	case CoverPending:
		return ReportCoverPending
	}
	switch m.State {
	case "":
		return ReportCoverNotSubmitted
	case MembershipRefused:
		return ReportCoverRefused
	}
	return ReportCoverOutside
}

// Cover is the three-way answer a reporter is told: covered, waiting for
// BPJS, or not covered on the day.
func (c ReportCover) Cover() Cover {
	switch c {
	case ReportCoverActive:
		return CoverActive
	case ReportCoverPending:
		return CoverPending
	}
	return CoverNone
}
