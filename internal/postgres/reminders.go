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

// Remind writes the reminder and escalation notices that are due at now,
// each with the report's mark in one transaction, so each fires once even
// with several senders.
func (o *Outbox) Remind(ctx context.Context, now time.Time) (reminded, escalated int, err error) {
	err = pgx.BeginFunc(ctx, o.pool, func(tx pgx.Tx) error {
		reminded, err = remindDue(ctx, tx, now, "reminded_at", ReminderAfter, ReminderFloor, notice.Reminder)
		if err != nil {
			return err
		}
		escalated, err = remindDue(ctx, tx, now, "escalated_at", EscalateAfter, EscalateFloor, notice.Escalation)
		return err
	})
	if err != nil {
		return 0, 0, fmt.Errorf("report reminders: %w", err)
	}
	return reminded, escalated, nil
}

// remindDue marks the due reports in column and enqueues their notices,
// composed by compose: due after the accident plus after, and not before
// the report plus floor. column is one of two constants above, never user
// input.
func remindDue(ctx context.Context, tx pgx.Tx, now time.Time, column string, after, floor time.Duration, compose func(notice.Due, time.Time) notice.Notice) (int, error) {
	rows, err := tx.Query(ctx, `
		with due as (
			select id from reports
			where kind = 'jkk' and stage = 'baru' and acted_at is null
			and `+column+` is null
			and coalesce(happened_by, created_at) <= $1::timestamptz - $2::interval
			and created_at <= $1::timestamptz - $3::interval
			for update skip locked
		)
		update reports r set `+column+` = $1
		from due join nagari n on true
		where r.id = due.id and n.code = r.nagari_code
		returning r.id, r.number, r.nagari_code, n.name, coalesce(r.happened_by, r.created_at)`, now, after, floor)
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
