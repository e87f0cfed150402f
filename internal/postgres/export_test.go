package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
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
