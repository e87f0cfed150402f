package postgres

// The registrations table in one place: its sealed fields and how
// rotate-key reseals them, the columns a domain.Registration is written to
// and their arguments, and the one select and scan that read a whole row
// back as a domain.RegistrationRecord. Every statement that reads or
// writes a whole registration is in this file; a new field of
// domain.Registration is a new column here and in a migration, and, if
// BPJS needs it, a column of the export (staff_export.go).

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/seal"
)

// The sealed fields of registrations, as seal.Keys.Seal names them.
const (
	FieldNIK        = "registrations.nik"
	FieldPhone      = "registrations.phone"
	FieldMotherName = "registrations.mother_name"
	// FieldKPJ is the BPJS card number of an active (or ended) member.
	FieldKPJ = "registrations.kpj"
	// IndexNIK is the blind index's field: one NIK gives one index, so a
	// duplicate is the unique index's violation.
	IndexNIK = "nik"
	// IndexPhone is the field of the phone's blind index (migration 021),
	// of the normalised number: not unique, a household shares a phone.
	IndexPhone = "phone"
)

// nikIndex is the blind index a NIK is stored and looked up under.
func (s *Store) nikIndex(nik domain.NIK) []byte { return s.keys.Index(IndexNIK, string(nik)) }

// phoneIndex is the blind index a phone is stored and looked up under.
func (s *Store) phoneIndex(p domain.Phone) []byte { return s.keys.Index(IndexPhone, string(p)) }

// registrationSecrets are a registration's sealed fields in the clear. A
// field sealed at rest is a field here, a column in registrationSealed,
// and an argument of registrationArgs and registrationSeals.write.
type registrationSecrets struct {
	nik, phone, motherName, kpj string
}

// registrationSealed are the sealed columns registrationSelect and
// rotateRegistrations read, in the order of openRegistration's arguments.
const registrationSealed = "r.nik_sealed, r.phone_sealed, r.mother_name_sealed, r.kpj_sealed"

// sealedRegistration is a registration's sealed columns.
type sealedRegistration struct {
	keyID                          string
	nik, index, phone, mother, kpj []byte
	// phoneIndex does not depend on the sealing key: rotate-key and a
	// membership change, which keep the phone, leave it as it is.
	phoneIndex []byte
}

// secretsOf are the sealed fields of registration r whose membership has
// card number kpj ("" before BPJS gave one).
func secretsOf(r domain.Registration, kpj domain.KPJ) registrationSecrets {
	// string(...) on purpose: NIK and Phone print masked through
	// fmt.Stringer, and the digits themselves are what is sealed.
	return registrationSecrets{nik: string(r.NIK), phone: string(r.Phone), motherName: r.MotherName, kpj: string(kpj)}
}

func (v registrationSecrets) seal(keys *seal.Keys) sealedRegistration {
	return sealedRegistration{
		keyID: keys.Current(),
		nik:   keys.Seal(FieldNIK, v.nik),
		index: keys.Index(IndexNIK, v.nik),
		phone: keys.Seal(FieldPhone, v.phone),
		// An empty phone (never valid) gets no index: NULL.
		phoneIndex: phoneIndexOf(keys, v.phone),
		mother:     keys.Seal(FieldMotherName, v.motherName), // NULL when there is none
		kpj:        keys.Seal(FieldKPJ, v.kpj),
	}
}

// phoneIndexOf is the blind index of a stored phone, nil for none.
func phoneIndexOf(keys *seal.Keys, phone string) []byte {
	if phone == "" {
		return nil
	}
	return keys.Index(IndexPhone, phone)
}

// openRegistration opens a registration's sealed columns, given in the
// order of registrationSealed.
func openRegistration(keys *seal.Keys, keyID string, nik, phone, mother, kpj []byte) (registrationSecrets, error) {
	var v registrationSecrets
	var err error
	for _, f := range []struct {
		field  string
		sealed []byte
		into   *string
	}{{FieldNIK, nik, &v.nik}, {FieldPhone, phone, &v.phone}, {FieldMotherName, mother, &v.motherName}, {FieldKPJ, kpj, &v.kpj}} {
		if *f.into, err = keys.Open(keyID, f.field, f.sealed); err != nil {
			return registrationSecrets{}, err
		}
	}
	return v, nil
}

// registrationSeals is a batch of registrations' sealed columns, sealed
// with one key.
type registrationSeals struct {
	ids                                  []int64
	niks, indexes, phones, mothers, kpjs [][]byte
}

func (b *registrationSeals) add(id int64, sr sealedRegistration) {
	b.ids = append(b.ids, id)
	b.niks, b.indexes, b.phones = append(b.niks, sr.nik), append(b.indexes, sr.index), append(b.phones, sr.phone)
	b.mothers, b.kpjs = append(b.mothers, sr.mother), append(b.kpjs, sr.kpj)
}

// write stores the batch: every sealed column of the rows, with keyID.
func (b *registrationSeals) write(ctx context.Context, e execer, keyID string) error {
	_, err := e.Exec(ctx, `
		update registrations r set key_id = $1, nik_sealed = u.nik, nik_index = u.idx, phone_sealed = u.phone,
			mother_name_sealed = u.mother, kpj_sealed = u.kpj
		from unnest($2::bigint[], $3::bytea[], $4::bytea[], $5::bytea[], $6::bytea[], $7::bytea[]) as u(id, nik, idx, phone, mother, kpj)
		where r.id = u.id`, keyID, b.ids, b.niks, b.indexes, b.phones, b.mothers, b.kpjs)
	if err != nil {
		return fmt.Errorf("seal registrations: %w", err)
	}
	return nil
}

// rotateRegistrations reseals up to sealBatch registrations of old keys.
func (s *Store) rotateRegistrations(ctx context.Context, tx pgx.Tx) (int, error) {
	rows, err := tx.Query(ctx, `
		select r.id, r.key_id, `+registrationSealed+` from registrations r
		where r.key_id <> $1 order by r.id limit $2 for update`, s.keys.Current(), sealBatch)
	if err != nil {
		return 0, err
	}
	var b registrationSeals
	var id int64
	var keyID string
	var nik, phone, mother, kpj []byte
	_, err = pgx.ForEachRow(rows, []any{&id, &keyID, &nik, &phone, &mother, &kpj}, func() error {
		v, err := openRegistration(s.keys, keyID, nik, phone, mother, kpj)
		if err != nil {
			return fmt.Errorf("registration %d: %w", id, err)
		}
		b.add(id, v.seal(s.keys))
		return nil
	})
	if err != nil || len(b.ids) == 0 {
		return 0, err
	}
	return len(b.ids), b.write(ctx, tx, s.keys.Current())
}

// registrationDetailColumns are the columns of a domain.Registration a
// correction rewrites: the sealed ones (every sealed column of a row is
// written with one key) and what the worker may correct.
// registrationColumns adds those fixed at submission: the nagari and how
// consent was given, with its witness. Both are in the order of
// registrationArgs.
const (
	registrationDetailColumns = `key_id, nik_sealed, nik_index, phone_sealed, phone_index, mother_name_sealed, kpj_sealed,
		name, birth_date, gender, address, occupation, occupation_other, heir_name, heir_relation`
	registrationColumns = registrationDetailColumns + `, nagari_code, consent_version, consent_at,
		consent_mode, consent_form_file, consent_witness`
	// registrationDetails is how many of registrationArgs belong to
	// registrationDetailColumns.
	registrationDetails = 15
)

// registrationArgs are the values of registrationColumns for r, whose
// membership has card number kpj, sealed with the ring's current key;
// witness is the staff binding that witnessed an assisted consent, 0 for
// one's own.
func registrationArgs(keys *seal.Keys, r domain.Registration, kpj domain.KPJ, witness int64) []any {
	sealed := secretsOf(r, kpj).seal(keys)
	var form *string
	if r.ConsentFormFile != "" {
		form = &r.ConsentFormFile
	}
	var witnessID *int64
	if witness != 0 {
		witnessID = &witness
	}
	return []any{
		sealed.keyID, sealed.nik, sealed.index, sealed.phone, sealed.phoneIndex, sealed.mother, sealed.kpj,
		r.Name, r.BirthDate, r.Gender, r.Address, r.Occupation, r.OccupationOther, r.HeirName, r.HeirRelation,
		r.NagariCode, r.ConsentVersion, r.ConsentAt, r.ConsentMode.Own(), form, witnessID,
	}
}

// entry says who a new registration is for and who typed it: the chat
// that receives its notices (0: the person has none, it was entered for
// them), the chat that entered it, and the witnessing staff binding of an
// assisted consent (0 for one's own).
type entry struct {
	chat, enteredBy, witness int64
}

// chatArg is a chat for a nullable chat_id column: 0 is NULL.
func chatArg(chat int64) *int64 {
	if chat == 0 {
		return nil
	}
	return &chat
}

// insertRegistration writes a new pending registration entered as en,
// unless one with the same entering chat and key, or the same NIK, exists
// (pgx.ErrNoRows then).
func insertRegistration(ctx context.Context, tx pgx.Tx, keys *seal.Keys, en entry, key string, r domain.Registration) (id int64, number string, err error) {
	args := append([]any{key, chatArg(en.chat), en.enteredBy, domain.StatusPending}, registrationArgs(keys, r, "", en.witness)...)
	err = tx.QueryRow(ctx, `
		insert into registrations (idempotency_key, chat_id, entered_by_chat, status, `+registrationColumns+`)
		values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)
		on conflict do nothing
		returning id, number`, args...).Scan(&id, &number)
	return id, number, err
}

// resubmitRegistration overwrites a rejected registration of r's NIK that
// the entering chat made or receives with r, and puts it back in the
// queue under key; pgx.ErrNoRows when there is none. Who receives its
// notices stays as it was.
func resubmitRegistration(ctx context.Context, tx pgx.Tx, keys *seal.Keys, en entry, key string, r domain.Registration) (id int64, number string, err error) {
	args := append([]any{en.enteredBy, keys.Index(IndexNIK, string(r.NIK)), key}, registrationArgs(keys, r, "", en.witness)...)
	err = tx.QueryRow(ctx, `
		update registrations set
			idempotency_key = $3, entered_by_chat = $1, status = 'menunggu_verifikasi', reject_reason = null,
			decided_at = null, decided_by = null, created_at = now(),
			(`+registrationColumns+`) = ($4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)
		where (chat_id = $1 or entered_by_chat = $1) and nik_index = $2 and status = 'ditolak'
		returning id, number`, args...).Scan(&id, &number)
	return id, number, err
}

// correctRegistration writes the correctable fields of r over
// registration id, and remembers key as the correction applied. kpj is the
// membership's card number, resealed with the rest under the current key.
func correctRegistration(ctx context.Context, tx pgx.Tx, keys *seal.Keys, id int64, key string, r domain.Registration, kpj domain.KPJ) error {
	args := append([]any{id, key}, registrationArgs(keys, r, kpj, 0)[:registrationDetails]...)
	_, err := tx.Exec(ctx, `
		update registrations set correction_key = $2,
			(`+registrationDetailColumns+`) = ($3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
		where id = $1`, args...)
	return err
}

// registrationSelect reads whole registrations as registrationRow; the
// caller adds the where clause on r (the registration) or n (its nagari).
const registrationSelect = `
	select r.id, coalesce(r.chat_id, 0) as chat_id, r.entered_by_chat as entered_by, r.number, r.status,
	       coalesce(r.reject_reason, '') as reject_reason,
	       coalesce(r.correction_key, '') as correction_key, r.created_at,
	       r.key_id, ` + registrationSealed + `,
	       r.name, r.birth_date, r.gender, r.address, r.nagari_code, r.occupation, r.occupation_other,
	       r.heir_name, r.heir_relation, r.consent_version, r.consent_at,
	       r.consent_mode, coalesce(r.consent_form_file, '') as consent_form_file,
	       coalesce(r.consent_witness, 0) as witness, coalesce(w.role, '') as witness_role,
	       n.name as nagari_name, n.kecamatan_name, n.participating, r.covered_at is not null as funded,
	       coalesce(r.membership_state, '') as membership_state, coalesce(b.number, '') as batch_number,
	       r.cover_start, r.cover_end, coalesce(r.refused_reason, '') as refused_reason,
	       coalesce(r.end_reason, '') as end_reason, r.ended_on
	from registrations r join nagari n on n.code = r.nagari_code
	     left join bpjs_batches b on b.id = r.batch_id
	     left join staff w on w.id = r.consent_witness
	`

// registrationRow is a row of registrationSelect: the record, what only
// the store needs, and the sealed columns before they are opened. Its
// columns are matched by name (pgx.RowToStructByNameLax), so a column of
// registrationSelect named after a field of domain.Registration fills it.
type registrationRow struct {
	domain.RegistrationRecord
	CorrectionKey    string
	KeyID            string
	NIKSealed        []byte
	PhoneSealed      []byte
	MotherNameSealed []byte
	KPJSealed        []byte
	// The membership's columns, gathered into RegistrationRecord.Membership
	// by scanRegistration.
	MembershipState      domain.MembershipState
	BatchNumber          string
	CoverStart, CoverEnd *time.Time
	RefusedReason        string
	EndReason            domain.EndReason
	EndedOn              *time.Time
}

// scanRegistration reads one row of registrationSelect and opens its
// sealed fields: the one place a registration's NIK and phone are opened
// for reading.
func (s *Store) scanRegistration(row pgx.CollectableRow) (registrationRow, error) {
	r, err := pgx.RowToStructByNameLax[registrationRow](row)
	if err != nil {
		return r, err
	}
	v, err := openRegistration(s.keys, r.KeyID, r.NIKSealed, r.PhoneSealed, r.MotherNameSealed, r.KPJSealed)
	if err != nil {
		return r, fmt.Errorf("open registration %d: %w", r.ID, err)
	}
	r.NIK, r.Phone, r.MotherName = domain.NIK(v.nik), domain.Phone(v.phone), v.motherName
	r.Membership = domain.Membership{
		State: r.MembershipState, Batch: r.BatchNumber, KPJ: domain.KPJ(v.kpj),
		CoverStart: day(r.CoverStart), CoverEnd: day(r.CoverEnd),
		RefusedReason: r.RefusedReason, EndReason: r.EndReason, EndedOn: day(r.EndedOn),
	}
	return r, nil
}

// day is a nullable date column as a domain date, zero for NULL.
func day(d *time.Time) time.Time {
	if d == nil {
		return time.Time{}
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
}

// querier is a pool or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// registration reads the first registration registrationSelect + where
// finds, opened; pgx.ErrNoRows when there is none.
func (s *Store) registration(ctx context.Context, q querier, where string, args ...any) (registrationRow, error) {
	rows, err := q.Query(ctx, registrationSelect+where, args...)
	if err != nil {
		return registrationRow{}, err
	}
	return pgx.CollectOneRow(rows, s.scanRegistration)
}

// insertImported writes an imported member (import.go): verified, holding
// a place of the quota, entered as en and decided by staffID (0 from the
// CLI), with membership m (aktif, or none). pgx.ErrNoRows when the key or
// the NIK exists.
func insertImported(ctx context.Context, tx pgx.Tx, keys *seal.Keys, en entry, key string, staffID int64, r domain.Registration, m domain.Membership) (id int64, number string, err error) {
	var decidedBy *int64
	var state *string
	var start, end *time.Time
	if staffID != 0 {
		decidedBy = &staffID
	}
	if m.State != "" {
		st := string(m.State)
		state, start = &st, &m.CoverStart
		if !m.CoverEnd.IsZero() {
			end = &m.CoverEnd
		}
	}
	args := append([]any{key, chatArg(en.chat), en.enteredBy, domain.StatusVerified, decidedBy, state, start, end},
		registrationArgs(keys, r, m.KPJ, 0)...)
	err = tx.QueryRow(ctx, `
		insert into registrations (idempotency_key, chat_id, entered_by_chat, status, decided_at, decided_by, covered_at,
			membership_state, cover_start, cover_end, `+registrationColumns+`)
		values ($1, $2, $3, $4, now(), $5, now(), $6, $7, $8,
			$9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29)
		on conflict do nothing
		returning id, number`, args...).Scan(&id, &number)
	return id, number, err
}
