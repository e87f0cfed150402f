package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/postgres/pgtest"
)

func TestEnsureDatabaseCreatesAMissingDatabase(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	u, err := url.Parse(databaseURL())
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "t_db_" + hex.EncodeToString(b)
	u.Path = "/" + name
	t.Cleanup(func() {
		u2 := *u
		u2.Path = "/postgres"
		conn, err := pgx.Connect(context.Background(), u2.String())
		if err == nil {
			conn.Exec(context.Background(), "drop database if exists "+pgx.Identifier{name}.Sanitize())
			conn.Close(context.Background())
		}
	})
	for range 2 { // the second call finds it there
		if err := postgres.EnsureDatabase(ctx, u.String()); err != nil {
			t.Fatal(err)
		}
	}
	conn, err := pgx.Connect(ctx, u.String())
	if err != nil {
		t.Fatalf("database not created: %v", err)
	}
	conn.Close(ctx)
}

// databaseURL is the server the tests use, as pgtest finds it.
func databaseURL() string {
	if u := os.Getenv("DATABASE_URL"); u != "" {
		return u
	}
	return pgtest.DefaultURL
}
