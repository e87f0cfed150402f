package postgres

// The report_documents table in one place: the columns of a checklist
// item, how a file is kept, and the read of a report's whole checklist.

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/domain"
)

// reportDocumentColumns are the columns of report_documents, in the order
// of the values upsertDocument writes.
const reportDocumentColumns = "report_id, item, state, files, by_chat, staff_id, updated_at"

// A file is kept as its Telegram file_id with a kind prefix, since a
// photo's file_id cannot be sent as a document or the other way round; the
// outbox carries it the same way to the staff notice (notify.Sender).
const (
	filePhoto    = "p:"
	fileDocument = "d:"
)

// storedFile is the stored form of a file_id sent as a photo or not.
func storedFile(fileID string, photo bool) string {
	if photo {
		return filePhoto + fileID
	}
	return fileDocument + fileID
}

// reportFacts are the plain columns of a report its checklist depends on.
type reportFacts struct {
	ID       int64
	Number   string
	Kind     domain.ReportKind
	Death    bool
	Traffic  bool
	Relation string
	Stage    domain.Stage
	Nagari   string
	ChatID   int64
}

// reportFactsSelect reads reportFacts; the caller adds the where clause on
// r (the report).
const reportFactsSelect = `
	select r.id, r.number, r.kind, r.death, r.traffic, r.reporter_relation, r.stage, r.nagari_code, r.chat_id
	from reports r `

func scanFacts(row pgx.Row) (reportFacts, error) {
	var f reportFacts
	err := row.Scan(&f.ID, &f.Number, &f.Kind, &f.Death, &f.Traffic, &f.Relation, &f.Stage, &f.Nagari, &f.ChatID)
	return f, err
}

// checklist is the report's domain.DocumentsFor with each item's state
// from report_documents; items without a row are missing.
func checklist(ctx context.Context, q querier, f reportFacts) ([]domain.DocumentStatus, error) {
	rows, err := q.Query(ctx, `select item, state, cardinality(files), updated_at from report_documents where report_id = $1`, f.ID)
	if err != nil {
		return nil, err
	}
	type row struct {
		state domain.DocState
		files int
		at    time.Time
	}
	got := map[string]row{}
	var item string
	var r row
	if _, err := pgx.ForEachRow(rows, []any{&item, &r.state, &r.files, &r.at}, func() error {
		got[item] = r
		return nil
	}); err != nil {
		return nil, err
	}
	items := domain.DocumentsFor(domain.Report{Kind: f.Kind, Death: f.Death, Traffic: f.Traffic, ReporterRelation: f.Relation})
	out := make([]domain.DocumentStatus, len(items))
	for i, it := range items {
		out[i] = domain.DocumentStatus{Item: it, State: domain.DocMissing}
		if r, ok := got[it.ID]; ok {
			out[i].State, out[i].Files, out[i].At = r.state, r.files, r.at
		}
	}
	return out, nil
}

// itemOf finds item id in a checklist.
func itemOf(list []domain.DocumentStatus, id string) (domain.DocumentStatus, bool) {
	for _, d := range list {
		if d.Item.ID == id {
			return d, true
		}
	}
	return domain.DocumentStatus{}, false
}

// familyMissing counts the items the family provides that are not ticked:
// what the reporter is reminded of.
func familyMissing(list []domain.DocumentStatus) int {
	n := 0
	for _, d := range domain.Missing(list) {
		if !d.Item.Officer {
			n++
		}
	}
	return n
}

// isStoredPhoto reports whether a stored file was sent as a photo.
func isStoredPhoto(f string) bool { return strings.HasPrefix(f, filePhoto) }
