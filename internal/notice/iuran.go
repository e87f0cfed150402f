package notice

import (
	"strconv"
	"strings"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
)

// Notices of the iuran, the budget year and the end of a membership. The
// lists of workers at risk carry names and registration numbers only, and
// each goes to one nagari's staff (or those above it) about that nagari.

// MaxListed bounds the workers a notice names, so it stays one Telegram
// message; the rest are counted.
const MaxListed = 40

// Member is a worker a notice names.
type Member struct {
	Name, Number string
}

// memberList is members as the lines of a notice, and how many more
// there are beyond MaxListed.
func memberList(members []Member) (string, string) {
	var b strings.Builder
	for i, m := range members {
		if i == MaxListed {
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("• " + m.Name + " (" + m.Number + ")")
	}
	return b.String(), strconv.Itoa(max(0, len(members)-MaxListed))
}

// IuranUnpaid warns audience (AudienceNagari or AudienceAbove) of
// nagariCode that its iuran has gone unpaid for streak months up to month
// (the latest one past its due date), listing the members whose cover is
// at risk.
func IuranUnpaid(nagariCode, nagariName, audience string, month domain.Month, streak int, members []Member, now time.Time) Notice {
	list, more := memberList(members)
	return Notice{
		Kind: "iuran.unpaid", NagariCode: nagariCode, Audience: audience, Msg: "iuran.notify.unpaid",
		Data: map[string]string{
			"Nagari": nagariName, "Month": DateValue(month.First()), "Due": DateValue(month.Due()),
			"Streak": strconv.Itoa(streak), "Left": strconv.Itoa(domain.IuranGraceMonths + 1 - streak),
			"Total": strconv.Itoa(len(members)), "Members": list, "More": more,
		},
		NotBefore: now,
	}
}

// MembershipsEnded tells audience of nagariCode that the memberships of
// members ended on endedOn for reason (iuran unpaid, the budget year over).
func MembershipsEnded(nagariCode, nagariName, audience string, reason domain.EndReason, endedOn time.Time, members []Member, now time.Time) Notice {
	list, more := memberList(members)
	return Notice{
		Kind: "membership.ended", NagariCode: nagariCode, Audience: audience, Msg: "iuran.notify.ended",
		Data: map[string]string{
			"Nagari": nagariName, "Reason": string(reason), "EndedOn": DateValue(endedOn),
			"Total": strconv.Itoa(len(members)), "Members": list, "More": more,
		},
		NotBefore: now,
	}
}

// MembershipEnded tells the worker's chat that the membership of
// registration number ended on endedOn for reason, in plain words. chatID
// 0 (a registration without a chat) gives no notice.
func MembershipEnded(chatID int64, number string, reason domain.EndReason, endedOn, now time.Time) Notice {
	return Notice{
		Kind: "membership.ended", ChatID: chatID, Msg: "iuran.notify.worker_ended",
		Data:      map[string]string{"Number": number, "Reason": string(reason), "EndedOn": DateValue(endedOn)},
		NotBefore: now,
	}
}

// RenewalDue reminds nagariCode's staff that its quota for budget year
// year ends on 31 December and is not renewed for the next year.
func RenewalDue(nagariCode, nagariName string, year, quota, active int, now time.Time) Notice {
	return Notice{
		Kind: "budget.renewal", NagariCode: nagariCode, Msg: "iuran.notify.renew",
		Data: map[string]string{
			"Nagari": nagariName, "Year": strconv.Itoa(year), "Next": strconv.Itoa(year + 1),
			"End": DateValue(domain.YearEnd(year)), "Quota": strconv.Itoa(quota), "Active": strconv.Itoa(active),
		},
		NotBefore: now,
	}
}

// ActiveMemberErased tells nagariCode's staff that an active member, whose
// registration number was number, erased their data: the nagari must stop
// the BPJS membership (and its iuran) itself. It names no one.
func ActiveMemberErased(number, nagariCode string) Notice {
	return Notice{
		Kind: "registration.erased", NagariCode: nagariCode,
		Msg: "iuran.notify.erased_active", Data: map[string]string{"Number": number},
	}
}
