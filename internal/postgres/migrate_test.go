package postgres_test

import (
	"context"
	"io/fs"
	"os"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/postgres/pgtest"
	"github.com/jaganagari/jaganagari/internal/seal"
)

func TestMigrate(t *testing.T) {
	t.Parallel()

	t.Run("seeds_74_nagari_in_14_kecamatan", func(t *testing.T) {
		t.Parallel()
		pool := pgtest.New(t)
		var nagari, kecamatan int
		err := pool.QueryRow(t.Context(),
			`select count(*), count(distinct kecamatan_code) from nagari`).Scan(&nagari, &kecamatan)
		if err != nil {
			t.Fatal(err)
		}
		if nagari != 74 || kecamatan != 14 {
			t.Errorf("got %d nagari in %d kecamatan, want 74 in 14", nagari, kecamatan)
		}
		if v := version(t, pool); v != migrationCount(t) {
			t.Errorf("schema version %d, want %d", v, migrationCount(t))
		}
	})

	t.Run("a_second_run_changes_nothing", func(t *testing.T) {
		t.Parallel()
		pool := pgtest.New(t)
		before := nagariVersions(t, pool)
		migrateAgain(t, pool)
		if diff := cmp.Diff(before, nagariVersions(t, pool)); diff != "" {
			t.Errorf("nagari rows rewritten (-before +after):\n%s", diff)
		}
		if v := version(t, pool); v != migrationCount(t) {
			t.Errorf("schema version %d, want %d", v, migrationCount(t))
		}
	})

	t.Run("a_changed_nagari_is_restored", func(t *testing.T) {
		t.Parallel()
		pool := pgtest.New(t)
		_, err := pool.Exec(t.Context(), `update nagari set name = 'Salah' where code = '13.02.03.2001'`)
		if err != nil {
			t.Fatal(err)
		}
		migrateAgain(t, pool)
		var name string
		if err := pool.QueryRow(t.Context(), `select name from nagari where code = '13.02.03.2001'`).Scan(&name); err != nil {
			t.Fatal(err)
		}
		if name != "Lolo" {
			t.Errorf("name %q, want Lolo", name)
		}
	})

	t.Run("concurrent_runs_on_one_schema_agree", func(t *testing.T) {
		t.Parallel()
		pool := pgtest.New(t)
		errs := make(chan error, 4)
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				conn, err := pgx.ConnectConfig(t.Context(), pool.Config().ConnConfig)
				if err != nil {
					errs <- err
					return
				}
				defer conn.Close(context.Background())
				errs <- postgres.Migrate(t.Context(), conn, seal.Dev())
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
		if v := version(t, pool); v != migrationCount(t) {
			t.Errorf("schema version %d, want %d", v, migrationCount(t))
		}
	})

	t.Run("a_search_path_changed_by_SET_is_refused", func(t *testing.T) {
		t.Parallel()
		pool := pgtest.New(t)
		conn, err := pgx.ConnectConfig(t.Context(), pool.Config().ConnConfig)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(context.Background())
		if _, err := conn.Exec(t.Context(), `set search_path = public`); err != nil {
			t.Fatal(err)
		}
		if err := postgres.Migrate(t.Context(), conn, seal.Dev()); err == nil {
			t.Error("Migrate accepted a search_path set with SET")
		}
	})

	t.Run("a_missing_schema_is_refused", func(t *testing.T) {
		t.Parallel()
		pool := pgtest.New(t)
		cfg := pool.Config().ConnConfig
		cfg.RuntimeParams["search_path"] = "t_does_not_exist"
		conn, err := pgx.ConnectConfig(t.Context(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(context.Background())
		if err := postgres.Migrate(t.Context(), conn, seal.Dev()); err == nil {
			t.Error("Migrate accepted a search_path naming no existing schema")
		}
	})
}

// migrateAgain runs Migrate on one of pool's connections.
func migrateAgain(t *testing.T, pool *pgxpool.Pool) {
	t.Helper()
	conn, err := pool.Acquire(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	if err := postgres.Migrate(t.Context(), conn.Conn(), seal.Dev()); err != nil {
		t.Fatalf("second Migrate: %v", err)
	}
}

// nagariVersions maps each nagari code to its row version (xmin), which
// changes whenever the row is written.
func nagariVersions(t *testing.T, pool *pgxpool.Pool) map[string]string {
	t.Helper()
	rows, err := pool.Query(t.Context(), `select code, xmin::text from nagari`)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	var code, xmin string
	_, err = pgx.ForEachRow(rows, []any{&code, &xmin}, func() error {
		m[code] = xmin
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// version is tern's record of the schema's migration.
func version(t *testing.T, pool *pgxpool.Pool) int {
	t.Helper()
	var v int
	if err := pool.QueryRow(t.Context(), `select version from schema_version`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// migrationCount is the number of migration files in the package.
func migrationCount(t *testing.T) int {
	t.Helper()
	files, err := fs.Glob(os.DirFS("migrations"), "*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no migrations found: %v", err)
	}
	return len(files)
}
