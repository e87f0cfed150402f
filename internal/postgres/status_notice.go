package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Telling workers about changes. The staff branch calls these inside the
// transaction that changes a registration's status or a report's stage, so
// the worker's notice commits with the change or not at all. The notices
// go straight to the chat (a direct outbox row) and are delivered by
// notify.Sender like every other notice.
//
// Message IDs: notify.status.registration (Number, Status, Reason) and
// notify.status.report (Number, Stage, Reason). Status and Stage are the
// raw codes (ditolak, ditindaklanjuti, ...): the messages choose their
// wording by code.

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
	return Enqueue(ctx, tx, Notice{
		Kind:   "status.changed",
		ChatID: chatID,
		Msg:    "notify.status.registration",
		Data:   map[string]string{"Number": number, "Status": status, "Reason": reason},
	})
}

// NotifyReportStage tells the chat that made report id its current stage,
// with an optional note from staff; when someone else reported a living
// worker's accident, the worker's own chat is told too.
func NotifyReportStage(ctx context.Context, tx pgx.Tx, id int64, note string) error {
	var reporter int64
	var worker *int64
	var number, stage string
	var death bool
	err := tx.QueryRow(ctx, `
		select r.chat_id, g.chat_id, r.number, r.stage, r.death
		from reports r left join registrations g on g.id = r.registration_id
		where r.id = $1`, id).Scan(&reporter, &worker, &number, &stage, &death)
	if err != nil {
		return fmt.Errorf("notify report stage: %w", err)
	}
	chats := []int64{reporter}
	if worker != nil && *worker != reporter && !death {
		chats = append(chats, *worker)
	}
	for _, c := range chats {
		err := Enqueue(ctx, tx, Notice{
			Kind:   "status.changed",
			ChatID: c,
			Msg:    "notify.status.report",
			Data:   map[string]string{"Number": number, "Stage": stage, "Reason": note},
		})
		if err != nil {
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
