package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

// loadAssistance answers LoadAssistance: the nagari of the chat's
// petugas nagari or kader binding, the named one if a nagari is named.
// submit checks the binding again (assist_binding) when the form comes
// back, so a binding revoked meanwhile registers nothing.
func (s *Store) loadAssistance(ctx context.Context, chatID int64, e engine.LoadAssistance) (engine.Result, error) {
	var want string
	if e.Nagari != "" {
		n, err := s.resolveNagari(ctx, e.Nagari)
		switch {
		case errors.Is(err, ErrAreaUnknown):
			return engine.Result{Err: "assisted.unknown"}, nil
		case err != nil:
			return engine.Result{}, fmt.Errorf("load assistance: %w", err)
		}
		want = n.Code
	}
	var a engine.Assistance
	var any bool
	err := s.pool.QueryRow(ctx, `
		select s.role, n.code, n.name, n.kecamatan_code, n.kecamatan_name
		from staff s join nagari n on n.code = s.nagari_code
		where s.chat_id = $1 and s.active and s.role in ('petugas_nagari', 'kader') and ($2 = '' or s.nagari_code = $2)
		order by case s.role when 'petugas_nagari' then 0 else 1 end, s.id
		limit 1`, chatID, want).Scan(&a.Role, &a.Nagari.Code, &a.Nagari.Name, &a.Nagari.KecamatanCode, &a.Nagari.KecamatanName)
	switch {
	case err == nil:
		return engine.Answered(e, a), nil
	case !errors.Is(err, pgx.ErrNoRows):
		return engine.Result{}, fmt.Errorf("load assistance: %w", err)
	}
	if want != "" {
		err = s.pool.QueryRow(ctx, `select exists (select 1 from staff where chat_id = $1 and active and role in ($2, $3))`,
			chatID, domain.RoleNagari, domain.RoleKader).Scan(&any)
		if err != nil {
			return engine.Result{}, fmt.Errorf("load assistance: %w", err)
		}
	}
	if any {
		return engine.Result{Err: "assisted.outside"}, nil
	}
	return engine.Result{Err: "assisted.denied"}, nil
}
