package postgres_test

import (
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/postgres/pgtest"
)

// TestPruneKeepsWhatMayStillBeNeeded: only a notice whose every delivery
// ended more than NoticeRetention ago goes.
func TestPruneKeepsWhatMayStillBeNeeded(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	now := time.Now()
	old := now.Add(-postgres.NoticeRetention - 24*time.Hour)
	notice := func(created time.Time, fanned bool, deliveries ...string) int64 {
		t.Helper()
		var id int64
		err := pgx.BeginFunc(t.Context(), pool, func(tx pgx.Tx) error {
			if err := postgres.Enqueue(t.Context(), tx, postgres.Notice{
				Kind: "registration.submitted", NagariCode: "13.02.04.2001", Msg: "notify.registration",
				Data: map[string]string{"Number": "REG-2026-000001", "Name": "Rajo", "NIK": "1302********0001"},
			}); err != nil {
				return err
			}
			if err := tx.QueryRow(t.Context(), `select lastval()`).Scan(&id); err != nil {
				return err
			}
			var fannedAt *time.Time
			if fanned {
				fannedAt = &created
			}
			if _, err := tx.Exec(t.Context(), `update outbox set created_at = $2, fanned_at = $3 where id = $1`, id, created, fannedAt); err != nil {
				return err
			}
			for i, state := range deliveries {
				var sentAt *time.Time
				if state == "sent" {
					sentAt = &created
				}
				_, err := tx.Exec(t.Context(), `
					insert into outbox_delivery (outbox_id, chat_id, level, state, next_attempt_at, sent_at, created_at)
					values ($1, $2, 'nagari', $3, $4, $5, $4)`, id, int64(900+i), state, created, sentAt)
				if err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	gone := notice(old, true, "sent", "blocked")
	keptPending := notice(old, true, "sent", "pending")
	keptRecent := notice(now.Add(-time.Hour), true, "sent")
	keptUnfanned := notice(old, false)

	n, err := postgres.NewOutbox(pool).Prune(t.Context(), now)
	if err != nil || n != 1 {
		t.Fatalf("Prune = %d, %v; want 1", n, err)
	}
	for id, want := range map[int64]bool{gone: false, keptPending: true, keptRecent: true, keptUnfanned: true} {
		var exists bool
		if err := pool.QueryRow(t.Context(), `select exists (select 1 from outbox where id = $1)`, id).Scan(&exists); err != nil {
			t.Fatal(err)
		}
		if exists != want {
			t.Errorf("notice %d kept %v, want %v", id, exists, want)
		}
	}
	var orphans int
	if err := pool.QueryRow(t.Context(), `select count(*) from outbox_delivery where outbox_id = $1`, gone).Scan(&orphans); err != nil || orphans != 0 {
		t.Errorf("%d deliveries of the pruned notice left (%v)", orphans, err)
	}
}
