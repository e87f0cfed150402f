package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/notice"
)

// Telling workers about changes. The staff effects call these inside the
// transaction that changes a registration's status or a report's stage, so
// the worker's notice commits with the change or not at all. The notices,
// composed by package notice, go straight to the chat (a direct outbox
// row) and are delivered by notify.Sender like every other notice.

// recipient is who a registration's status notices reach: the chat that
// receives them (0: the person has none), else the chat that entered it,
// told with the person's name since it speaks for someone else.
type recipient struct {
	chat, enteredBy int64
	name            string
}

// notifyWorker tells the registration's chat that registration number now
// has status (notify.status.registration). A person registered with help
// has no chat: the officer or kader who entered it is told instead, so
// they can pass it on, unless they are the one who just decided it
// (actor; 0 when no one did).
func notifyWorker(ctx context.Context, tx pgx.Tx, to recipient, actor int64, number, status, reason string) error {
	switch {
	case to.chat != 0:
		return Enqueue(ctx, tx, notice.RegistrationStatus(to.chat, number, status, reason))
	case to.enteredBy == actor:
		return nil
	}
	return Enqueue(ctx, tx, notice.EnteredStatus(to.enteredBy, number, to.name, status, reason))
}

// notifyReportStage tells the chat that made report id the news of its
// move (notify.claim.stage); when someone else reported a living worker's
// accident, the worker's own chat is told too. It answers the outbox rows
// written, which an undo drops while they wait for news.NotBefore.
func notifyReportStage(ctx context.Context, tx pgx.Tx, id int64, news notice.StageNews) ([]int64, error) {
	var reporter int64
	var worker *int64
	err := tx.QueryRow(ctx, `
		select r.chat_id, g.chat_id, r.number, r.stage, r.death
		from reports r left join registrations g on g.id = r.registration_id
		where r.id = $1`, id).Scan(&reporter, &worker, &news.Number, &news.Stage, &news.Death)
	if err != nil {
		return nil, fmt.Errorf("notify report stage: %w", err)
	}
	var workerChat int64
	if worker != nil {
		workerChat = *worker
	}
	var ids []int64
	for _, n := range notice.ReportStage(reporter, workerChat, news) {
		oid, err := enqueueID(ctx, tx, n)
		if err != nil {
			return nil, err
		}
		ids = append(ids, oid)
	}
	return ids, nil
}
