package postgres

// The reports table in one place: its sealed fields, the columns a
// domain.Report is written to and their arguments, and the one select and
// scan that read a whole row back as a domain.ReportRecord.

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/seal"
)

// The sealed fields of reports, as seal.Keys.Seal names them.
const (
	FieldSubjectNIK        = "reports.subject_nik"
	FieldReporterPhone     = "reports.reporter_phone"
	FieldReportDescription = "reports.description"
	FieldInjury            = "reports.injury"
	FieldTreatment         = "reports.treatment"
	FieldCause             = "reports.cause"
	FieldSubjectName       = "reports.subject_name"
	FieldSubjectAge        = "reports.subject_age"
	FieldWitnesses         = "reports.witnesses"
)

// reportSecrets are a report's sealed fields in the clear.
type reportSecrets struct {
	subjectNIK, reporterPhone, description, injury, treatment, cause string
	// The person described without a NIK (migration 021).
	subjectName, subjectAge string
	// The witnesses, domain.EncodeWitnesses (migration 023).
	witnesses string
}

// fields pairs each value with its field name, in the order of
// reportSealedColumns.
func (r *reportSecrets) fields() []struct {
	name  string
	value *string
} {
	return []struct {
		name  string
		value *string
	}{
		{FieldSubjectNIK, &r.subjectNIK}, {FieldReporterPhone, &r.reporterPhone}, {FieldReportDescription, &r.description},
		{FieldInjury, &r.injury}, {FieldTreatment, &r.treatment}, {FieldCause, &r.cause},
		{FieldSubjectName, &r.subjectName}, {FieldSubjectAge, &r.subjectAge}, {FieldWitnesses, &r.witnesses},
	}
}

// reportSealedColumns are the sealed columns of reports, in the order of
// reportSecrets.fields.
const reportSealedColumns = "subject_nik_sealed, reporter_phone_sealed, description_sealed, injury_sealed, treatment_sealed, cause_sealed, " +
	"subject_name_sealed, subject_age_sealed, witnesses_sealed"

// reportSealedV8 is how many of reportSealedColumns migration 008 made:
// the plaintext sealing of Migrate runs on that schema.
const reportSealedV8 = 6

func (r reportSecrets) seal(keys *seal.Keys) [][]byte {
	fs := r.fields()
	out := make([][]byte, len(fs))
	for i, f := range fs {
		out[i] = keys.Seal(f.name, *f.value)
	}
	return out
}

func openReport(keys *seal.Keys, keyID string, sealed [][]byte) (reportSecrets, error) {
	var r reportSecrets
	for i, f := range r.fields() {
		v, err := keys.Open(keyID, f.name, sealed[i])
		if err != nil {
			return reportSecrets{}, err
		}
		*f.value = v
	}
	return r, nil
}

// reportColumns are the columns a domain.Report is written to, in the
// order of reportArgs: the form's fields, then the sealed ones with their
// key.
const reportColumns = `kind, death, for_self, event_date, event_time, place, latitude, longitude, traffic,
	reporter_name, reporter_relation, photos, no_witnesses, key_id, ` + reportSealedColumns

// reportArgs are the values of reportColumns for r about the worker with
// subjectNIK, sealed with the ring's current key.
func reportArgs(keys *seal.Keys, r domain.Report, subjectNIK domain.NIK) []any {
	var lat, lon *float64
	if r.Lat != 0 || r.Lon != 0 {
		lat, lon = &r.Lat, &r.Lon
	}
	sealed := reportSecrets{
		subjectNIK: string(subjectNIK), reporterPhone: string(r.ReporterPhone), description: r.Description,
		injury: r.Injury, treatment: r.Treatment, cause: r.Cause,
		subjectName: r.SubjectName, subjectAge: string(r.SubjectAge), witnesses: domain.EncodeWitnesses(r.Witnesses),
	}.seal(keys)
	args := []any{
		r.Kind, r.Death, r.ForSelf, r.Date, r.Clock, r.Place, lat, lon, r.Traffic,
		r.ReporterName, r.ReporterRelation, orNone(r.Photos), r.NoWitnesses, keys.Current(),
	}
	for _, v := range sealed {
		args = append(args, v)
	}
	return args
}

// insertReportRow writes report r of chatID with its number, unless the
// chat sent this form before (pgx.ErrNoRows then). regID is the registered
// worker's registration, nil when none; cover the person's cover on the
// day of the event.
func insertReportRow(ctx context.Context, tx pgx.Tx, keys *seal.Keys, chatID int64, key string, regID *int64, nagari string, happenedBy time.Time, cover domain.ReportCover, r domain.Report, subjectNIK domain.NIK) (id int64, number string, err error) {
	args := append([]any{key, chatID, regID, nagari, happenedBy}, reportArgs(keys, r, subjectNIK)...)
	args = append(args, cover)
	err = tx.QueryRow(ctx, `
		insert into reports (idempotency_key, chat_id, registration_id, nagari_code, happened_by, number, `+reportColumns+`, event_cover)
		values (
			$1, $2, $3, $4, $5,
			case $6::text
				when 'jkk' then 'JKK-' || to_char(now() at time zone interval '+07:00', 'YYYY') || '-'
					|| to_char(nextval('report_jkk_number_seq'), 'FM000000')
				else 'JKM-' || to_char(now() at time zone interval '+07:00', 'YYYY') || '-'
					|| to_char(nextval('report_jkm_number_seq'), 'FM000000')
			end,
			$6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29)
		on conflict (chat_id, idempotency_key) do nothing
		returning id, number`, args...).Scan(&id, &number)
	return id, number, err
}

// reportSelect reads whole reports as reportRow, with the registered
// worker's name and phone; the caller adds the where clause on p (the
// report), n (its nagari) or g (its worker's registration).
const reportSelect = `
	select p.id, p.number, p.kind, p.death, p.for_self, p.stage, coalesce(p.reject_reason, '') as reject_reason,
	       p.nagari_code, n.name as nagari_name, p.event_date as date, p.event_time as clock, p.place,
	       coalesce(p.latitude, 0) as lat, coalesce(p.longitude, 0) as lon, p.traffic,
	       p.reporter_name, p.reporter_relation, p.photos, p.created_at,
	       coalesce(p.happened_by, p.created_at) as due_from, coalesce(p.acted_at, '0001-01-01') as acted_at,
	       coalesce(p.claim_number, '') as claim_number, coalesce(p.claim_outcome, '') as claim_outcome,
	       coalesce(p.paid_amount, 0) as paid_amount, coalesce(p.paid_on, '0001-01-01') as paid_on,
	       coalesce(p.refusal_reason, '') as refusal_reason,
	       coalesce(p.tahap2_outcome, '') as tahap2_outcome, coalesce(p.tahap2_on, '0001-01-01') as tahap2_on,
	       g.id is not null as registered, coalesce(p.event_cover, '') as cover, coalesce(g.name, '') as worker_name,
	       coalesce(g.key_id, '') as worker_key_id, g.phone_sealed as worker_phone_sealed,
	       p.key_id, p.subject_nik_sealed, p.reporter_phone_sealed, p.description_sealed,
	       p.injury_sealed, p.treatment_sealed, p.cause_sealed, p.subject_name_sealed, p.subject_age_sealed,
	       p.witnesses_sealed, p.no_witnesses,
	       p.chat_id as reporter_chat, p.not_member_at is not null as not_member, coalesce(p.not_member_at, '0001-01-01') as not_member_at
	from reports p join nagari n on n.code = p.nagari_code
	left join registrations g on g.id = p.registration_id
	`

// reportRow is a row of reportSelect: the record and its sealed columns
// before they are opened, matched by name as registrationRow is.
type reportRow struct {
	domain.ReportRecord
	KeyID                                 string
	SubjectNIKSealed, ReporterPhoneSealed []byte
	DescriptionSealed, InjurySealed       []byte
	TreatmentSealed, CauseSealed          []byte
	SubjectNameSealed, SubjectAgeSealed   []byte
	WitnessesSealed                       []byte
	// ReporterChat is the chat that made the report.
	ReporterChat      int64
	WorkerKeyID       string
	WorkerPhoneSealed []byte
	// The claim's columns, copied into ReportRecord.Claim and Tahap2 by
	// scanReport. A missing time is read as 0001-01-01, time.Time's zero.
	ClaimNumber, ClaimOutcome, RefusalReason string
	PaidAmount                               int64
	PaidOn, Tahap2On                         time.Time
	Tahap2Outcome                            string
}

// scanReport reads one row of reportSelect and opens its sealed fields and
// the worker's phone: the one place a report is opened for reading.
func (s *Store) scanReport(row pgx.CollectableRow) (reportRow, error) {
	r, err := pgx.RowToStructByNameLax[reportRow](row)
	if err != nil {
		return r, err
	}
	secrets, err := openReport(s.keys, r.KeyID, [][]byte{
		r.SubjectNIKSealed, r.ReporterPhoneSealed, r.DescriptionSealed, r.InjurySealed, r.TreatmentSealed, r.CauseSealed,
		r.SubjectNameSealed, r.SubjectAgeSealed, r.WitnessesSealed,
	})
	if err != nil {
		return r, fmt.Errorf("open report %d: %w", r.ID, err)
	}
	r.Claim = domain.Claim{
		Number: r.ClaimNumber, Outcome: domain.ClaimOutcome(r.ClaimOutcome), Amount: r.PaidAmount,
		PaidOn: dateOrZero(r.PaidOn), Refusal: r.RefusalReason,
	}
	r.Tahap2 = domain.Tahap2{Outcome: r.Tahap2Outcome, On: dateOrZero(r.Tahap2On)}
	r.ActedAt = dateOrZero(r.ActedAt)
	r.SubjectNIK, r.ReporterPhone = domain.NIK(secrets.subjectNIK), domain.Phone(secrets.reporterPhone)
	r.Description, r.Injury, r.Treatment, r.Cause = secrets.description, secrets.injury, secrets.treatment, secrets.cause
	r.SubjectName, r.SubjectAge = secrets.subjectName, domain.ApproxAge(secrets.subjectAge)
	if r.Witnesses, err = domain.DecodeWitnesses(secrets.witnesses); err != nil {
		return r, fmt.Errorf("open report %d: %w", r.ID, err)
	}
	r.NotMemberAt = dateOrZero(r.NotMemberAt)
	if r.WorkerPhoneSealed != nil {
		phone, err := s.keys.Open(r.WorkerKeyID, FieldPhone, r.WorkerPhoneSealed)
		if err != nil {
			return r, fmt.Errorf("open report %d's worker: %w", r.ID, err)
		}
		r.WorkerPhone = domain.Phone(phone)
	}
	return r, nil
}

// report reads the first report reportSelect + where finds, opened;
// pgx.ErrNoRows when there is none.
func (s *Store) report(ctx context.Context, q querier, where string, args ...any) (reportRow, error) {
	rows, err := q.Query(ctx, reportSelect+where, args...)
	if err != nil {
		return reportRow{}, err
	}
	return pgx.CollectOneRow(rows, s.scanReport)
}

// reportSummarySelect reads reports as domain.ReportSummary; the caller
// adds the where clause on p (the report) and n (its nagari).
const reportSummarySelect = `
	select p.id, p.number, p.kind, p.stage, n.name as nagari_name, p.event_date as date, p.death
	from reports p join nagari n on n.code = p.nagari_code
	`

// reportSummaries lists the reports reportSummarySelect + where finds.
func reportSummaries(ctx context.Context, q querier, where string, args ...any) ([]domain.ReportSummary, error) {
	rows, err := q.Query(ctx, reportSummarySelect+where, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[domain.ReportSummary])
}

// dateOrZero turns the 0001-01-01 that stands for a missing date or time
// in reportSelect into time.Time's zero.
func dateOrZero(t time.Time) time.Time {
	if t.Year() <= 1 {
		return time.Time{}
	}
	return t
}

// stageFields are the columns of reports a stage move writes, as they
// stood before it: a move's "before", stored with it as JSON and written
// back by an undo.
type stageFields struct {
	Stage         domain.Stage `json:"stage"`
	RejectReason  *string      `json:"reject_reason"`
	ActedAt       *time.Time   `json:"acted_at"`
	ClaimNumber   *string      `json:"claim_number"`
	ClaimOutcome  *string      `json:"claim_outcome"`
	PaidAmount    *int64       `json:"paid_amount"`
	PaidOn        *time.Time   `json:"paid_on"`
	RefusalReason *string      `json:"refusal_reason"`
}

// stageColumns are the columns of stageFields, in its order.
const stageColumns = `stage, reject_reason, acted_at, claim_number, claim_outcome, paid_amount, paid_on, refusal_reason`

func (f *stageFields) scanArgs() []any {
	return []any{&f.Stage, &f.RejectReason, &f.ActedAt, &f.ClaimNumber, &f.ClaimOutcome, &f.PaidAmount, &f.PaidOn, &f.RefusalReason}
}

// writeStageFields sets report id's stage columns to f.
func writeStageFields(ctx context.Context, tx pgx.Tx, id int64, f stageFields) error {
	_, err := tx.Exec(ctx, `
		update reports set stage = $2, reject_reason = $3, acted_at = $4, claim_number = $5,
			claim_outcome = $6, paid_amount = $7, paid_on = $8, refusal_reason = $9
		where id = $1`, id, f.Stage, f.RejectReason, f.ActedAt, f.ClaimNumber, f.ClaimOutcome, f.PaidAmount, f.PaidOn, f.RefusalReason)
	return err
}

// FieldNote is the sealed text of a report_notes row.
const FieldNote = "report_notes.text"
