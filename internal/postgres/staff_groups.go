package postgres

import (
	"context"
	"errors"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/engine"
)

// linkGroup links the group chatID to the nagari of the officer e.From, who
// sent /hubungkan there. Only a nagari officer links a group, and a group
// serves one nagari: linking it again moves it.
func (s *Store) linkGroup(ctx context.Context, chatID int64, e engine.LinkGroup) (engine.Result, error) {
	var res engine.Result
	err := s.inTx(ctx, "link group", func(tx pgx.Tx) error {
		var staffID int64
		var nagari, name string
		err := tx.QueryRow(ctx, `
			select s.id, s.nagari_code, n.name from staff s join nagari n on n.code = s.nagari_code
			where s.chat_id = $1 and s.active and s.role = 'petugas_nagari'
			order by s.id limit 1`, e.From).Scan(&staffID, &nagari, &name)
		if errors.Is(err, pgx.ErrNoRows) {
			res.Err = "staff.denied"
			return nil
		}
		if err != nil {
			return err
		}
		var before int64
		_ = tx.QueryRow(ctx, `select chat_id from nagari_groups where nagari_code = $1`, nagari).Scan(&before)
		if _, err := tx.Exec(ctx, `delete from nagari_groups where chat_id = $1 and nagari_code <> $2`, chatID, nagari); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `
			insert into nagari_groups (nagari_code, chat_id, linked_by) values ($1, $2, $3)
			on conflict (nagari_code) do update set chat_id = excluded.chat_id, linked_by = excluded.linked_by, linked_at = now()`,
			nagari, chatID, e.From)
		if err != nil {
			return err
		}
		res = engine.Answered(e, engine.GroupLinked{Area: name})
		return audit(ctx, tx, auditEntry{
			Actor: chatActor(e.From), StaffID: staffID, Action: "group.link", Kind: "nagari_group", RecordID: nagari, Nagari: nagari,
			Before: map[string]string{"chat": strconv.FormatInt(before, 10)},
			After:  map[string]string{"chat": strconv.FormatInt(chatID, 10)},
		})
	})
	return res, err
}

// NagariGroup returns the group chat linked to a nagari, or 0. The outbox
// sender uses nagari_groups the same way.
func (s *Store) NagariGroup(ctx context.Context, nagari string) (int64, error) {
	var chat int64
	err := s.pool.QueryRow(ctx, `select chat_id from nagari_groups where nagari_code = $1`, nagari).Scan(&chat)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	return chat, err
}
