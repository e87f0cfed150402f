package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/notice"
)

// Notice is one message for the outbox, as package notice composes it.
type Notice = notice.Notice

// NoticeButton is an inline button of a notice.
type NoticeButton = notice.Button

// Enqueue writes n into the outbox inside tx, the transaction that writes
// the record n is about. It stores n as it is given: the notice builders in
// package notice decide what it says.
func Enqueue(ctx context.Context, tx pgx.Tx, n Notice) error {
	_, err := enqueueID(ctx, tx, n)
	return err
}

// enqueueID is Enqueue, answering the outbox row's id: a notice held back
// (NotBefore) can then be dropped before it is sent.
func enqueueID(ctx context.Context, tx pgx.Tx, n Notice) (int64, error) {
	if (n.NagariCode == "") == (n.ChatID == 0) {
		return 0, errors.New("enqueue notice: set exactly one of nagari and chat")
	}
	data, err := json.Marshal(orEmpty(n.Data))
	if err != nil {
		return 0, fmt.Errorf("enqueue notice: %w", err)
	}
	buttons, err := json.Marshal(orEmptyRows(n.Buttons))
	if err != nil {
		return 0, fmt.Errorf("enqueue notice: %w", err)
	}
	notBefore := n.NotBefore
	if notBefore.IsZero() {
		notBefore = time.Now()
	}
	photos := n.Photos
	if photos == nil {
		photos = []string{}
	}
	var id int64
	err = tx.QueryRow(ctx, `
		insert into outbox (kind, nagari_code, chat_id, msg, data, buttons, photos, not_before, audience)
		values ($1, nullif($2, ''), nullif($3, 0::bigint), $4, $5, $6, $7, $8, coalesce(nullif($9, ''), $10))
		returning id`,
		n.Kind, n.NagariCode, n.ChatID, n.Msg, data, buttons, photos, notBefore, n.Audience, notice.AudienceNagari).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("enqueue %s notice: %w", n.Kind, err)
	}
	return id, nil
}

func orEmpty(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func orEmptyRows(b [][]NoticeButton) [][]NoticeButton {
	if b == nil {
		return [][]NoticeButton{}
	}
	return b
}
