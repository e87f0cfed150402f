package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/seal"
)

// Store keeps JagaNagari's records in Postgres. It is safe for concurrent
// use; each method takes connections from the pool as it needs them.
type Store struct {
	pool *pgxpool.Pool
	// keys seal the personal columns (migration 008) and compute the NIK's
	// blind index.
	keys *seal.Keys
	// now is the clock Registration.Validate checks dates against.
	now func() time.Time
}

// NewStore returns a Store over pool that seals and opens personal values
// with keys. The pool's schema (its search_path) must have been migrated
// with Migrate, with a ring holding the same index key.
func NewStore(pool *pgxpool.Pool, keys *seal.Keys) *Store {
	return &Store{pool: pool, keys: keys, now: time.Now}
}

// Connect returns a pool for dsn, a postgres:// URL or key=value string that
// may carry pgxpool's pool_* settings. It creates no database objects and
// opens no connection until the first use; call Ping to check the database
// is there. Without a connect_timeout in dsn a connection attempt gives up
// after 5 seconds, so a dead database turns into an error the bot can
// report instead of a hung update.
func Connect(ctx context.Context, dsn string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgx's message can quote the DSN, password included; keep it out.
		return nil, errors.New("connect to postgres: cannot parse the connection string")
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = 5 * time.Second
	}
	if _, ok := cfg.ConnConfig.RuntimeParams["application_name"]; !ok {
		cfg.ConnConfig.RuntimeParams["application_name"] = "jaganagari"
	}
	// pgxpool's defaults (max(4, CPUs) connections, recycled hourly, idle
	// ones closed after 30 minutes, health-checked every minute) suit a bot.
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to postgres: %w", err)
	}
	return pool, nil
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.pool.Ping(ctx); err != nil {
		return fmt.Errorf("ping postgres: %w", err)
	}
	return nil
}

// Language returns the language chatID chose, and false if it never chose
// one.
func (s *Store) Language(ctx context.Context, chatID int64) (string, bool, error) {
	var lang string
	err := s.pool.QueryRow(ctx, `select lang from chats where chat_id = $1`, chatID).Scan(&lang)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return "", false, nil
	case err != nil:
		return "", false, fmt.Errorf("load chat language: %w", err)
	}
	return lang, true, nil
}

// Regions returns every nagari, ordered by code, which groups them by
// kecamatan.
func (s *Store) Regions(ctx context.Context) ([]domain.Nagari, error) {
	rows, err := s.pool.Query(ctx, `
		select code, name, kecamatan_code, kecamatan_name from nagari order by code`)
	if err != nil {
		return nil, fmt.Errorf("load nagari: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[domain.Nagari])
	if err != nil {
		return nil, fmt.Errorf("load nagari: %w", err)
	}
	return list, nil
}
