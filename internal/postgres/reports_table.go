package postgres

// The reports table in one place: its sealed fields, the columns a
// domain.Report is written to and their arguments, and the one select and
// scan that read a whole row back as a domain.ReportRecord.

import (
	"context"

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
)

// reportSecrets are a report's sealed fields in the clear.
type reportSecrets struct {
	subjectNIK, reporterPhone, description, injury, treatment, cause string
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
	}
}

// reportSealedColumns are the sealed columns of reports, in the order of
// reportSecrets.fields.
const reportSealedColumns = "subject_nik_sealed, reporter_phone_sealed, description_sealed, injury_sealed, treatment_sealed, cause_sealed"

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

// reportSummarySelect reads reports as domain.ReportSummary; the caller
// adds the where clause on p (the report) and n (its nagari).
const reportSummarySelect = `
	select p.id, p.number, p.kind, p.stage, n.name as nagari_name, p.event_date as date
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
