package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/jaganagari/jaganagari/internal/seal"
)

// The fields sealed at rest (migration 008) are listed, as seal.Keys.Seal
// names them, with their tables: registrations_table.go and reports_table.go.
// Each name is authenticated with its value, so a value moved to another
// column does not open. They are exported for whoever else must read or
// write those columns with the keys (tests, a one-off repair).

// sealBatch is how many rows one statement of sealPlaintext or RotateKeys
// rewrites: small enough to hold row locks briefly while the bot runs,
// large enough that 200,000 registrations take a few hundred statements.
const sealBatch = 500

// execer is a connection, a pool or a transaction.
type execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// reportSeals is a batch of reports' sealed columns, sealed with one key:
// cols[i] holds the i-th of reportSealedColumns for every row. A batch of
// the plaintext sealing holds only the first reportSealedV8.
type reportSeals struct {
	ids  []int64
	cols [9][][]byte
}

func (b *reportSeals) add(id int64, sealed [][]byte) {
	b.ids = append(b.ids, id)
	for i, v := range sealed {
		b.cols[i] = append(b.cols[i], v)
	}
}

func (b *reportSeals) write(ctx context.Context, e execer, keyID string) error {
	_, err := e.Exec(ctx, `
		update reports r set key_id = $1,
			subject_nik_sealed = u.subject, reporter_phone_sealed = u.phone, description_sealed = u.description,
			injury_sealed = u.injury, treatment_sealed = u.treatment, cause_sealed = u.cause
		from unnest($2::bigint[], $3::bytea[], $4::bytea[], $5::bytea[], $6::bytea[], $7::bytea[], $8::bytea[])
			as u(id, subject, phone, description, injury, treatment, cause)
		where r.id = u.id`, keyID, b.ids, b.cols[0], b.cols[1], b.cols[2], b.cols[3], b.cols[4], b.cols[5])
	if err != nil {
		return fmt.Errorf("seal reports: %w", err)
	}
	if len(b.cols[reportSealedV8]) == 0 {
		return nil
	}
	_, err = e.Exec(ctx, `
		update reports r set subject_name_sealed = u.name, subject_age_sealed = u.age, witnesses_sealed = u.witnesses
		from unnest($1::bigint[], $2::bytea[], $3::bytea[], $4::bytea[]) as u(id, name, age, witnesses)
		where r.id = u.id`, b.ids, b.cols[6], b.cols[7], b.cols[8])
	if err != nil {
		return fmt.Errorf("seal reports' subjects: %w", err)
	}
	return nil
}

// sealPlaintext seals the rows written before migration 008, which still
// have their plaintext columns and no key_id. Migrate runs it between 008
// and 009, under its lock; it is idempotent, so after a crash halfway the
// next start goes on where this one stopped.
func sealPlaintext(ctx context.Context, conn *pgx.Conn, keys *seal.Keys) error {
	if keys.IsDev() {
		var plain bool
		err := conn.QueryRow(ctx, `
			select exists (select 1 from registrations where key_id is null)
			    or exists (select 1 from reports where key_id is null)`).Scan(&plain)
		if err != nil {
			return fmt.Errorf("look for plaintext records: %w", err)
		}
		if plain {
			return ErrDevSealing
		}
	}
	for {
		rows, err := conn.Query(ctx, `select id, nik, phone from registrations where key_id is null order by id limit $1`, sealBatch)
		if err != nil {
			return fmt.Errorf("read plaintext registrations: %w", err)
		}
		// The columns of version 8, which is the schema here: what
		// registrationSeals writes may have grown since.
		var ids []int64
		var niks, indexes, phones [][]byte
		var id int64
		var nik, phone string
		_, err = pgx.ForEachRow(rows, []any{&id, &nik, &phone}, func() error {
			ids = append(ids, id)
			niks, indexes = append(niks, keys.Seal(FieldNIK, nik)), append(indexes, keys.Index(IndexNIK, nik))
			phones = append(phones, keys.Seal(FieldPhone, phone))
			return nil
		})
		if err != nil {
			return fmt.Errorf("read plaintext registrations: %w", err)
		}
		if len(ids) == 0 {
			break
		}
		_, err = conn.Exec(ctx, `
			update registrations r set key_id = $1, nik_sealed = u.nik, nik_index = u.idx, phone_sealed = u.phone
			from unnest($2::bigint[], $3::bytea[], $4::bytea[], $5::bytea[]) as u(id, nik, idx, phone)
			where r.id = u.id`, keys.Current(), ids, niks, indexes, phones)
		if err != nil {
			return fmt.Errorf("seal plaintext registrations: %w", err)
		}
	}
	for {
		rows, err := conn.Query(ctx, `
			select id, coalesce(subject_nik, ''), reporter_phone, description, injury, treatment, cause
			from reports where key_id is null order by id limit $1`, sealBatch)
		if err != nil {
			return fmt.Errorf("read plaintext reports: %w", err)
		}
		var b reportSeals
		var id int64
		var r reportSecrets
		_, err = pgx.ForEachRow(rows, []any{&id, &r.subjectNIK, &r.reporterPhone, &r.description, &r.injury, &r.treatment, &r.cause}, func() error {
			b.add(id, r.seal(keys)[:reportSealedV8])
			return nil
		})
		if err != nil {
			return fmt.Errorf("read plaintext reports: %w", err)
		}
		if len(b.ids) == 0 {
			return nil
		}
		if err := b.write(ctx, conn, keys.Current()); err != nil {
			return err
		}
	}
}

// Rotated counts the rows RotateKeys moved to the current key.
type Rotated struct {
	Registrations, Reports, Notes int
}

// RotateKeys reseals every row sealed with a key other than the ring's
// current one, a batch per transaction, while the bot keeps running: each
// batch locks its rows, so a staff member's update of one waits a moment
// rather than racing it. Every old key still in use must be in the ring.
// When it returns with no error, no row needs any key but the current one,
// and the old keys may leave ENCRYPTION_KEYS.
func (s *Store) RotateKeys(ctx context.Context) (Rotated, error) {
	var done Rotated
	var err error
	if done.Registrations, err = s.rotateAll(ctx, "rotate registration keys", s.rotateRegistrations); err != nil {
		return done, err
	}
	if done.Reports, err = s.rotateAll(ctx, "rotate report keys", s.rotateReports); err != nil {
		return done, err
	}
	done.Notes, err = s.rotateAll(ctx, "rotate report note keys", s.rotateNotes)
	return done, err
}

// rotateAll runs batch, one transaction each, until a batch finds no row
// left, and counts the rows resealed.
func (s *Store) rotateAll(ctx context.Context, what string, batch func(context.Context, pgx.Tx) (int, error)) (int, error) {
	total := 0
	for {
		var n int
		err := s.inTx(ctx, what, func(tx pgx.Tx) (err error) {
			n, err = batch(ctx, tx)
			return err
		})
		if err != nil || n == 0 {
			return total, err
		}
		total += n
	}
}

// rotateReports reseals up to sealBatch reports of old keys.
func (s *Store) rotateReports(ctx context.Context, tx pgx.Tx) (int, error) {
	rows, err := tx.Query(ctx, `
		select id, key_id, `+reportSealedColumns+` from reports
		where key_id <> $1 order by id limit $2 for update`, s.keys.Current(), sealBatch)
	if err != nil {
		return 0, err
	}
	var b reportSeals
	var id int64
	var keyID string
	sealed := make([][]byte, 9)
	_, err = pgx.ForEachRow(rows, []any{&id, &keyID, &sealed[0], &sealed[1], &sealed[2], &sealed[3], &sealed[4], &sealed[5], &sealed[6], &sealed[7], &sealed[8]}, func() error {
		r, err := openReport(s.keys, keyID, sealed)
		if err != nil {
			return fmt.Errorf("report %d: %w", id, err)
		}
		b.add(id, r.seal(s.keys))
		return nil
	})
	if err != nil || len(b.ids) == 0 {
		return 0, err
	}
	return len(b.ids), b.write(ctx, tx, s.keys.Current())
}
