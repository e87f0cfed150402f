package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/engine"
)

// loadCard answers the newest registration made from chatID with its
// membership, for the worker's own card: the same registration /status
// shows.
func (s *Store) loadCard(ctx context.Context, chatID int64) (engine.Result, error) {
	r, err := s.registration(ctx, s.pool, `where r.chat_id = $1 order by r.created_at desc, r.id desc limit 1`, chatID)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return engine.Answered(engine.LoadCard{}, engine.MemberCard{}), nil
	case err != nil:
		return engine.Result{}, fmt.Errorf("load card of chat: %w", err)
	}
	return engine.Answered(engine.LoadCard{}, engine.MemberCard{
		Found: true, Number: r.Number, Status: r.Status, Waiting: r.Waiting(),
		Name: r.Name, Nagari: r.NagariName, Kecamatan: r.KecamatanName, Membership: r.Membership,
	}), nil
}
