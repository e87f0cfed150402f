package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/engine"
)

// loadCard answers a registration whose notices chatID receives with its
// membership, for the person's own card: the one numbered e.Number, or
// the newest, the same registration /status shows. A household names
// whose first: without a number it is answered the list of its people.
func (s *Store) loadCard(ctx context.Context, chatID int64, e engine.LoadCard) (engine.Result, error) {
	if e.Number == "" {
		people, _, err := s.people(ctx, chatID, false)
		if err != nil {
			return engine.Result{}, fmt.Errorf("load card of chat: %w", err)
		}
		if len(people) > 1 {
			return engine.Answered(e, engine.MemberCard{People: people}), nil
		}
	}
	r, err := s.registration(ctx, s.pool, `where r.chat_id = $1 and ($2 = '' or r.number = $2)
		order by r.created_at desc, r.id desc limit 1`, chatID, e.Number)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return engine.Answered(e, engine.MemberCard{}), nil
	case err != nil:
		return engine.Result{}, fmt.Errorf("load card of chat: %w", err)
	}
	return engine.Answered(e, engine.MemberCard{
		Found: true, Number: r.Number, Status: r.Status, Waiting: r.Waiting(),
		Name: r.Name, Nagari: r.NagariName, Kecamatan: r.KecamatanName, Membership: r.Membership,
	}), nil
}
