package postgres

import (
	"context"
	"fmt"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

// loadTemplates answers which templates chatID's active staff bindings
// use: BPJS's result file for any staff but a kader (who imports nothing),
// the members' import for a regency admin, as importResult and
// importRegistrations decide.
func (s *Store) loadTemplates(ctx context.Context, chatID int64) (engine.Result, error) {
	var a engine.Templates
	err := s.pool.QueryRow(ctx, `
		select coalesce(bool_or(role <> 'kader'), false), coalesce(bool_or(role = $2), false)
		from staff where chat_id = $1 and active`, chatID, domain.RoleAdmin).Scan(&a.Result, &a.Import)
	if err != nil {
		return engine.Result{}, fmt.Errorf("load templates: %w", err)
	}
	return engine.Answered(engine.LoadTemplates{}, a), nil
}
