package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/notice"
)

// The accident deadline: a JKK report must reach BPJS within 2 × 24 hours
// of the accident. A report no staff member has acted on
// (stage still 'baru', acted_at unset) gets a reminder to its nagari at
// ReminderAfter and is escalated to the kecamatan officers and regency
// admins at EscalateAfter, leaving four hours to act, both counted from the
// accident (happened_by). An accident reported late is reminded of no
// sooner than ReminderFloor after its report, and escalated no sooner than
// EscalateFloor, so that staff first have the report itself to act on.
const (
	ReminderAfter = 24 * time.Hour
	EscalateAfter = 44 * time.Hour
	ReminderFloor = 2 * time.Hour
	EscalateFloor = 4 * time.Hour
)

// The tahap II deadline works the same way: due 2 × 24 hours after the
// doctor's declaration (tahap2_from), reminded at ReminderAfter and
// escalated at EscalateAfter from it, while the claim is not filed yet
// (tahap II doubles as the benefit claim, so filing it is what the
// reminders ask for), and no sooner than the floors after it was recorded.

// deadline says which reports one kind of reminder is about: open is the
// condition (no user input), from the instant the deadline counts from,
// since the instant it became known, and reminded and escalated the
// columns that mark each notice as written.
type deadline struct {
	open, from, since, reminded, escalated string
	remind, escalate                       func(notice.Due, time.Time) notice.Notice
}

var (
	tahap1 = deadline{
		open: "kind = 'jkk' and stage = 'baru' and acted_at is null",
		from: "coalesce(happened_by, created_at)", since: "created_at",
		reminded: "reminded_at", escalated: "escalated_at",
		remind: notice.Reminder, escalate: notice.Escalation,
	}
	tahap2 = deadline{
		open: "kind = 'jkk' and tahap2_from is not null and stage in ('baru', 'ditindaklanjuti')",
		from: "tahap2_from", since: "tahap2_recorded_at",
		reminded: "tahap2_reminded_at", escalated: "tahap2_escalated_at",
		remind: notice.Tahap2Reminder, escalate: notice.Tahap2Escalation,
	}
)

// Remind writes the reminder and escalation notices of both deadlines that
// are due at now, and the reporters' reminders of missing documents
// (documents.go), each with the report's mark in one transaction, so each
// fires once even with several senders.
func (o *Outbox) Remind(ctx context.Context, now time.Time) (reminded, escalated int, err error) {
	err = pgx.BeginFunc(ctx, o.pool, func(tx pgx.Tx) error {
		for _, d := range []deadline{tahap1, tahap2} {
			r, err := remindDue(ctx, tx, now, d, d.reminded, ReminderAfter, ReminderFloor, d.remind)
			if err != nil {
				return err
			}
			e, err := remindDue(ctx, tx, now, d, d.escalated, EscalateAfter, EscalateFloor, d.escalate)
			if err != nil {
				return err
			}
			reminded, escalated = reminded+r, escalated+e
		}
		// The reporters' document reminders are not counted: the counts
		// are the staff deadlines' (what the sender logs and tests pin).
		_, err := remindDocuments(ctx, tx, now)
		return err
	})
	if err != nil {
		return 0, 0, fmt.Errorf("report reminders: %w", err)
	}
	return reminded, escalated, nil
}

// remindDue marks d's due reports in column and enqueues their notices,
// composed by compose: due after the deadline's start plus after, and not
// before it became known plus floor. Every piece of SQL it joins is one of
// the constants above, never user input.
func remindDue(ctx context.Context, tx pgx.Tx, now time.Time, d deadline, column string, after, floor time.Duration, compose func(notice.Due, time.Time) notice.Notice) (int, error) {
	rows, err := tx.Query(ctx, `
		with due as (
			select id from reports r
			where `+d.open+`
			and `+column+` is null
			and `+d.from+` <= $1::timestamptz - $2::interval
			and `+d.since+` <= $1::timestamptz - $3::interval
			for update skip locked
		)
		update reports r set `+column+` = $1
		from due join nagari n on true
		where r.id = due.id and n.code = r.nagari_code
		returning r.id, r.number, r.nagari_code, n.name, `+d.from, now, after, floor)
	if err != nil {
		return 0, err
	}
	var list []notice.Due
	for rows.Next() {
		var d notice.Due
		if err := rows.Scan(&d.ReportID, &d.Number, &d.NagariCode, &d.NagariName, &d.HappenedBy); err != nil {
			return 0, err
		}
		list = append(list, d)
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, d := range list {
		if err := Enqueue(ctx, tx, compose(d, now)); err != nil {
			return 0, err
		}
	}
	return len(list), nil
}
