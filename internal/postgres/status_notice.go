package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/notice"
)

// Telling workers about changes. The staff branch calls these inside the
// transaction that changes a registration's status or a report's stage, so
// the worker's notice commits with the change or not at all. The notices,
// composed by package notice, go straight to the chat (a direct outbox
// row) and are delivered by notify.Sender like every other notice.

// NotifyRegistrationStatus tells the chat that made registration id its
// current status (and the reason, when rejected). Call it after the update.
func NotifyRegistrationStatus(ctx context.Context, tx pgx.Tx, id int64) error {
	var chatID int64
	var number, status, reason string
	err := tx.QueryRow(ctx, `
		select chat_id, number, status, coalesce(reject_reason, '') from registrations where id = $1`,
		id).Scan(&chatID, &number, &status, &reason)
	if err != nil {
		return fmt.Errorf("notify registration status: %w", err)
	}
	return Enqueue(ctx, tx, notice.RegistrationStatus(chatID, number, status, reason))
}

// NotifyReportStage tells the chat that made report id its current stage,
// with an optional note from staff; when someone else reported a living
// worker's accident, the worker's own chat is told too.
func NotifyReportStage(ctx context.Context, tx pgx.Tx, id int64, note string) error {
	var reporter int64
	var worker *int64
	var number string
	var stage domain.Stage
	var death bool
	err := tx.QueryRow(ctx, `
		select r.chat_id, g.chat_id, r.number, r.stage, r.death
		from reports r left join registrations g on g.id = r.registration_id
		where r.id = $1`, id).Scan(&reporter, &worker, &number, &stage, &death)
	if err != nil {
		return fmt.Errorf("notify report stage: %w", err)
	}
	var workerChat int64
	if worker != nil {
		workerChat = *worker
	}
	for _, n := range notice.ReportStage(reporter, workerChat, death, number, stage, note) {
		if err := Enqueue(ctx, tx, n); err != nil {
			return err
		}
	}
	return nil
}

// ErrUnknownStage is returned by ChangeReportStage for a stage that is not
// one of baru, ditindaklanjuti, diajukan, selesai, ditolak.
var ErrUnknownStage = errors.New("unknown report stage")

// ChangeReportStage moves report id to stage inside tx, records the first
// staff action (acted_at, which stops the 24 and 44 hour reminders), and
// tells the reporter. A convenience for the staff branch; the columns may
// also be updated directly, followed by NotifyReportStage.
func ChangeReportStage(ctx context.Context, tx pgx.Tx, id int64, stage, note string) error {
	switch stage {
	case "baru", "ditindaklanjuti", "diajukan", "selesai", "ditolak":
	default:
		return ErrUnknownStage
	}
	tag, err := tx.Exec(ctx, `
		update reports set stage = $2, acted_at = coalesce(acted_at, now())
		where id = $1 and stage <> $2`, id, stage)
	if err != nil {
		return fmt.Errorf("change report stage: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return nil // unknown report or no change: nobody to tell
	}
	return NotifyReportStage(ctx, tx, id, note)
}
