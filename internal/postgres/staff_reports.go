package postgres

// Staff work on accident (JKK) and death (JKM) reports: the list and the
// report opened. Moving a report through its stages is claims.go's.

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/engine"
)

// loadReports answers a page of the area's reports, newest first.
func (s *Store) loadReports(ctx context.Context, chatID int64, e engine.LoadReports) (engine.Result, error) {
	var res engine.Result
	a := engine.ReportPage{Offset: max(e.Offset, 0)}
	err := s.inTx(ctx, "load reports", func(tx pgx.Tx) error {
		ok, err := isStaff(ctx, tx, chatID)
		if err != nil || !ok {
			res.Err = "staff.denied"
			return err
		}
		if err := tx.QueryRow(ctx, `select count(*) from reports where staff_can($1, nagari_code)`, chatID).Scan(&a.Total); err != nil {
			return err
		}
		a.Reports, err = reportSummaries(ctx, tx, `
			where staff_can($1, p.nagari_code)
			order by p.id desc
			limit $2 offset $3`, chatID, QueuePage, a.Offset)
		return err
	})
	if err != nil || res.Err != "" {
		return res, err
	}
	return engine.Answered(e, a), nil
}

// loadReport answers one report of the area, opened: staff need the
// whole account, health details included, to help with the claim (UU PDP
// allows it for the purpose the reporter gave it). Another area's report
// answers like a missing one.
func (s *Store) loadReport(ctx context.Context, chatID int64, e engine.LoadReport) (engine.Result, error) {
	var a engine.StaffReport
	err := s.inTx(ctx, "load report", func(tx pgx.Tx) error {
		p, err := s.report(ctx, tx, `where p.id = $2 and staff_can($1, p.nagari_code)`, chatID, e.ID)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if p.Notes, err = s.reportNotes(ctx, tx, p.ID); err != nil {
			return err
		}
		facts := reportFacts{ID: p.ID, Kind: p.Kind, Death: p.Death, Traffic: p.Traffic, Relation: p.ReporterRelation}
		if p.Documents, err = checklist(ctx, tx, facts); err != nil {
			return err
		}
		a = engine.StaffReport{Found: true, Report: p.ReportRecord}
		return nil
	})
	if err != nil {
		return engine.Result{}, err
	}
	return engine.Answered(e, a), nil
}
