package postgres

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"regexp"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/tern/v2/migrate"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/seal"
)

// migrations are tern's numbered files, 001_initial.sql onwards. A migration
// that has been deployed is never edited; a change is a new file.
//
//go:embed migrations/*.sql
var migrations embed.FS

// nagariCSV is the 74 nagari of Kabupaten Solok with their Kemendagri
// codes (internal/domain/testdata holds the same file for its tests).
//
//go:embed seed/solok-nagari.csv
var nagariCSV []byte

// versionTable is tern's table, created in the migrated schema itself so
// that every schema (one per test) keeps its own version.
const versionTable = "schema_version"

// schemaName is what Migrate accepts as a schema: a plain lower-case
// identifier, so it can be put into tern's version table name unquoted and
// match how Postgres stores it.
var schemaName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// Migrate brings the schema named by conn's search_path (its
// current_schema()) up to the newest embedded migration, sealing with keys
// the personal values of rows older than migration 008 on the way, then
// upserts the nagari reference data. It refuses a ring whose index key is
// not the one the database was indexed with (ErrIndexKeyChanged). It is safe to run on every start and from several
// processes at once: tern holds a Postgres advisory lock while it migrates,
// the version table lives in the migrated schema, and the seed is an
// idempotent upsert in one transaction, so running it again changes nothing.
//
// The search_path must come from the connection string or
// pgx.ConnConfig.RuntimeParams, not from a SET on conn: tern runs RESET ALL
// after each migration, which would silently send the next one to another
// schema. Migrate refuses a search_path that was SET. For the same reason
// any other SET on conn is undone.
func Migrate(ctx context.Context, conn *pgx.Conn, keys *seal.Keys) error {
	m, schema, err := newMigrator(ctx, conn)
	if err != nil {
		return err
	}
	if err := migrateSealing(ctx, conn, m, schema, keys); err != nil {
		return fmt.Errorf("migrate schema %s: %w", schema, err)
	}
	if err := seedNagari(ctx, conn); err != nil {
		return fmt.Errorf("migrate schema %s: seed nagari: %w", schema, err)
	}
	if err := seedProgramme(ctx, conn); err != nil {
		return fmt.Errorf("migrate schema %s: seed programme: %w", schema, err)
	}
	return nil
}

// newMigrator checks conn's schema and loads the embedded migrations into a
// tern migrator whose version table lives in that schema.
func newMigrator(ctx context.Context, conn *pgx.Conn) (*migrate.Migrator, string, error) {
	var (
		schema *string
		wasSet bool
	)
	err := conn.QueryRow(ctx, `
		select current_schema(), current_setting('search_path') <> reset_val
		from pg_settings where name = 'search_path'`).Scan(&schema, &wasSet)
	if err != nil {
		return nil, "", fmt.Errorf("migrate: read search_path: %w", err)
	}
	switch {
	case schema == nil:
		return nil, "", errors.New("migrate: no schema on the search_path exists")
	case wasSet:
		return nil, "", errors.New("migrate: search_path was changed with SET; set it when connecting instead")
	case !schemaName.MatchString(*schema):
		return nil, "", fmt.Errorf("migrate: schema name %q is not a plain lower-case identifier", *schema)
	}

	m, err := migrate.NewMigrator(ctx, conn, *schema+"."+versionTable)
	if err != nil {
		return nil, "", fmt.Errorf("migrate schema %s: create version table: %w", *schema, err)
	}
	files, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, "", fmt.Errorf("migrate schema %s: %w", *schema, err)
	}
	if err := m.LoadMigrations(files); err != nil {
		return nil, "", fmt.Errorf("migrate schema %s: load migrations: %w", *schema, err)
	}
	return m, *schema, nil
}

// sealVersion is the migration that adds the sealed columns (008). The
// rows written before it are sealed in Go, with the keys Postgres never
// sees, before the next migration drops their plaintext.
const sealVersion = 8

// migrateSealing runs the migrations, stopping at sealVersion to seal the
// older rows. tern locks each run on its own, so a lock of ours (one per
// schema) holds the three steps together: no second process can drop the
// plaintext columns while this one is still reading them.
func migrateSealing(ctx context.Context, conn *pgx.Conn, m *migrate.Migrator, schema string, keys *seal.Keys) (err error) {
	const lock = `select pg_advisory_lock(hashtext('jaganagari.migrate.' || $1))`
	if _, err := conn.Exec(ctx, lock, schema); err != nil {
		return fmt.Errorf("lock: %w", err)
	}
	defer func() {
		// A cancelled ctx must still release the lock of a pooled conn.
		_, uerr := conn.Exec(context.WithoutCancel(ctx), `select pg_advisory_unlock(hashtext('jaganagari.migrate.' || $1))`, schema)
		err = errors.Join(err, uerr)
	}()
	v, err := m.GetCurrentVersion(ctx)
	if err != nil {
		return err
	}
	if v < sealVersion {
		if err := m.MigrateTo(ctx, sealVersion); err != nil {
			return err
		}
		v = sealVersion
	}
	if err := checkIndexKey(ctx, conn, keys); err != nil {
		return err
	}
	if v == sealVersion {
		if err := sealPlaintext(ctx, conn, keys); err != nil {
			return err
		}
	}
	if err := m.Migrate(ctx); err != nil {
		return err
	}
	return backfillPhoneIndex(ctx, conn, keys)
}

// ErrIndexKeyChanged is returned by Migrate when BLIND_INDEX_KEY is not the
// key the database's NIKs were indexed with.
var ErrIndexKeyChanged = errors.New("BLIND_INDEX_KEY is not the key this database was indexed with: " +
	"with it no NIK would be found and duplicates would get in; set the original key")

// ErrDevDatabase is returned by Migrate for real keys on a database that
// already holds records sealed with the public development keys.
var ErrDevDatabase = errors.New("this database holds records sealed with the public development keys " +
	"(made by simulate, or by a command run without ENCRYPTION_KEYS): it is test data; use a fresh database for real people")

// ErrDevSealing is returned by Migrate when records from before sealing
// would be sealed with the public development keys.
var ErrDevSealing = errors.New("this database holds records from before sealing, and ENCRYPTION_KEYS is not set: " +
	"set ENCRYPTION_KEYS and BLIND_INDEX_KEY so that they are sealed with real keys, not the public development ones")

// indexCheckText is what seal_check indexes; any fixed text would do.
const indexCheckText = "jaganagari blind index check"

// checkIndexKey records the index key's fingerprint on first use and
// refuses a different key afterwards. One change is allowed: from the
// development keys to real ones while the database holds no record yet,
// which is a `migrate` run before the keys were set.
func checkIndexKey(ctx context.Context, conn *pgx.Conn, keys *seal.Keys) error {
	want := keys.Index("check", indexCheckText)
	var got []byte
	err := conn.QueryRow(ctx, `
		with ins as (insert into seal_check (index_check) values ($1) on conflict do nothing returning index_check)
		select index_check from ins union all select index_check from seal_check limit 1`, want).Scan(&got)
	if err != nil {
		return fmt.Errorf("check the index key: %w", err)
	}
	if bytes.Equal(got, want) {
		return nil
	}
	if keys.IsDev() || !bytes.Equal(got, seal.Dev().Index("check", indexCheckText)) {
		return ErrIndexKeyChanged
	}
	var records bool
	// Sealed records only: rows from before sealing (no key_id yet) are
	// waiting to be sealed with these very keys.
	err = conn.QueryRow(ctx, `
		select exists (select 1 from registrations where key_id is not null)
		    or exists (select 1 from reports where key_id is not null)`).Scan(&records)
	if err != nil {
		return fmt.Errorf("check the index key: %w", err)
	}
	if records {
		return ErrDevDatabase
	}
	if _, err := conn.Exec(ctx, `update seal_check set index_check = $1`, want); err != nil {
		return fmt.Errorf("check the index key: %w", err)
	}
	return nil
}

// seedNagari upserts the embedded nagari list in one statement and one
// transaction. A row that is already right is left alone (the WHERE on the
// update), so a second run writes nothing. Rows go in code order so that two
// processes seeding one schema at once lock them in the same order and
// cannot deadlock. Nagari missing from the file are kept: registrations
// refer to them.
func seedNagari(ctx context.Context, conn *pgx.Conn) error {
	list, err := domain.ParseRegionsCSV(bytes.NewReader(nagariCSV))
	if err != nil {
		return fmt.Errorf("parse embedded csv: %w", err)
	}
	codes := make([]string, len(list))
	names := make([]string, len(list))
	kecCodes := make([]string, len(list))
	kecNames := make([]string, len(list))
	for i, n := range list {
		codes[i], names[i], kecCodes[i], kecNames[i] = n.Code, n.Name, n.KecamatanCode, n.KecamatanName
	}
	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `
			insert into nagari (code, name, kecamatan_code, kecamatan_name)
			select * from unnest($1::text[], $2::text[], $3::text[], $4::text[])
			order by 1
			on conflict (code) do update
			set name = excluded.name,
			    kecamatan_code = excluded.kecamatan_code,
			    kecamatan_name = excluded.kecamatan_name
			where (nagari.name, nagari.kecamatan_code, nagari.kecamatan_name)
			      is distinct from (excluded.name, excluded.kecamatan_code, excluded.kecamatan_name)`,
			codes, names, kecCodes, kecNames)
		return err
	})
}
