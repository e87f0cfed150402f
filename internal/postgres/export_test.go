package postgres

import (
	"time"

	"context"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/domain"
)

// MigrateTo brings conn's schema to version v and no further, without
// sealing or seeding: a test's way to make a database as an older release
// left it.
func MigrateTo(ctx context.Context, conn *pgx.Conn, v int32) error {
	m, _, err := newMigrator(ctx, conn)
	if err != nil {
		return err
	}
	return m.MigrateTo(ctx, v)
}

// ChangeMembership applies change to registration id's membership, as the
// batch and import code will: a worker not yet submitted (or refused) is
// first put in a new batch of their nagari, whose number change gets.
func (s *Store) ChangeMembership(ctx context.Context, id int64, change func(m domain.Membership, batch string) (domain.Membership, error)) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		rec, err := s.registration(ctx, tx, `where r.id = $1 for update of r`, id)
		if err != nil {
			return err
		}
		var number string
		if st := rec.Membership.State; st == "" || st == domain.MembershipRefused {
			batch, n, err := insertBatch(ctx, tx, rec.NagariCode, "cli")
			if err != nil {
				return err
			}
			if err := addToBatch(ctx, tx, batch, []int64{id}); err != nil {
				return err
			}
			number = n
		}
		m, err := change(rec.Membership, number)
		if err != nil {
			return err
		}
		return s.writeMembership(ctx, tx, rec, m, "cli", 0)
	})
}

// SetClock makes now the store's clock, for tests of the calendar rules.
func (s *Store) SetClock(now func() time.Time) { s.now = now }
