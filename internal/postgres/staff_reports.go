package postgres

// Staff work on accident (JKK) and death (JKM) reports: a report moves
// through the stages baru, ditindaklanjuti, diajukan and selesai, or to
// ditolak with a reason; acted_at is set when staff first act, which stops
// the 24/44-hour reminders.

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/domain"
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
		a = engine.StaffReport{Found: err == nil, Report: p.ReportRecord}
		return err
	})
	if err != nil {
		return engine.Result{}, err
	}
	return engine.Answered(e, a), nil
}

// setReportStage moves a report one stage on, or to ditolak with a reason.
// Setting acted_at is what stops the report's reminders; the reporter's
// notice and the audit row commit with the change.
func (s *Store) setReportStage(ctx context.Context, chatID int64, e engine.SetReportStage) (engine.Result, error) {
	var a engine.StageSet
	err := s.inTx(ctx, "set report stage", func(tx pgx.Tx) error {
		var number, nagari string
		var stage domain.Stage
		var reporter int64
		err := tx.QueryRow(ctx, `
			select number, stage, nagari_code, chat_id from reports
			where id = $2 and staff_can($1, nagari_code)
			for update`, chatID, e.ID).Scan(&number, &stage, &nagari, &reporter)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		a = engine.StageSet{Found: true, Number: number, Stage: stage}
		allowed := e.Stage == stage.Next() || (e.Stage == domain.StageRejected && e.Reason != "")
		if !stage.Open() || !allowed || !e.Stage.Valid() {
			return nil // a stale or forged button: nothing changes
		}
		staffID, err := actingStaff(ctx, tx, chatID, nagari)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `
			update reports set stage = $2, reject_reason = nullif($3, ''), acted_at = coalesce(acted_at, now())
			where id = $1`, e.ID, e.Stage, e.Reason)
		if err != nil {
			return err
		}
		a.Stage, a.Changed = e.Stage, true
		if e.Stage != domain.StageRejected {
			// Taking a death report up accepts the death: the membership ends.
			if err := s.endOnDeath(ctx, tx, e.ID, chatID, staffID); err != nil {
				return err
			}
		}
		// The reporter is told, and the worker too when someone else
		// reported their accident.
		if err := notifyReportStage(ctx, tx, e.ID, e.Reason); err != nil {
			return err
		}
		return audit(ctx, tx, auditEntry{
			Actor: chatActor(chatID), StaffID: staffID, Action: "report.stage", Kind: "report", RecordID: number, Nagari: nagari,
			Before: map[string]string{"stage": string(stage)},
			After:  map[string]string{"stage": string(e.Stage), "reason": e.Reason},
		})
	})
	if err != nil {
		return engine.Result{}, fmt.Errorf("report %d: %w", e.ID, err)
	}
	return engine.Answered(e, a), nil
}
