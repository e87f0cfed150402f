package postgres

// Claims: a report moves one stage on (or to ditolak) with what the move
// records, and the move can be taken back within domain.StageUndoWindow.
// Every move is a report_moves row holding the report's stage columns as
// they were, and the outbox rows of the reporter's notice, which wait for
// the window to end: an undo writes the columns back and drops those rows,
// so the reporter only ever hears of a move that stood. Setting acted_at
// (on the first move) stops the tahap I reminders; an undo of that move
// clears it again.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/notice"
)

// at is the instant an effect says it happened, or the store's clock for
// one that does not say.
func (s *Store) at(t time.Time) time.Time {
	if t.IsZero() {
		return s.now()
	}
	return t
}

// validMove reports whether e, moving a report from stage from about an
// event on day event, carries what its target stage records, in the form
// the flows' parsers make. A move that does not is a stale or forged
// button, and changes nothing.
func validMove(e engine.SetReportStage, from domain.Stage, event, at time.Time) bool {
	if !from.Open() || !e.Stage.Valid() || (e.From != "" && e.From != from) {
		return false
	}
	switch e.Stage {
	case from.Next():
	case domain.StageRejected:
		return e.Reason != ""
	default:
		return false
	}
	c := e.Claim
	switch e.Stage {
	case domain.StageFiled:
		no, err := domain.ParseClaimNumber(c.Number)
		return err == nil && no == c.Number
	case domain.StageDone:
		switch c.Outcome {
		case domain.ClaimPaid:
			return c.Amount >= domain.MinClaimAmount && c.Amount <= domain.MaxClaimAmount && !c.PaidOn.IsZero() &&
				domain.CheckPaidDate(c.PaidOn, event, at) == nil && c.Refusal == ""
		case domain.ClaimRefused:
			return c.Refusal != "" && c.Amount == 0
		}
		return false
	}
	return true
}

// setReportStage moves a report one stage on, or to ditolak with a reason:
// the report's columns, the move row, the reporter's notice (held back
// until the undo window ends) and the audit row commit together.
func (s *Store) setReportStage(ctx context.Context, chatID int64, e engine.SetReportStage) (engine.Result, error) {
	at := s.at(e.At)
	var a engine.StageSet
	err := s.inTx(ctx, "set report stage", func(tx pgx.Tx) error {
		var number, nagari string
		var event time.Time
		var before stageFields
		err := tx.QueryRow(ctx, `
			select number, nagari_code, event_date, `+stageColumns+` from reports
			where id = $2 and staff_can($1, nagari_code)
			for update`, chatID, e.ID).Scan(append([]any{&number, &nagari, &event}, before.scanArgs()...)...)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		a = engine.StageSet{Found: true, Number: number, From: before.Stage, Stage: before.Stage}
		if !validMove(e, before.Stage, event, at) {
			return nil
		}
		staffID, err := actingStaff(ctx, tx, chatID, nagari)
		if err != nil {
			return err
		}
		after := before
		after.Stage = e.Stage
		if after.ActedAt == nil {
			after.ActedAt = &at
		}
		switch e.Stage {
		case domain.StageRejected:
			after.RejectReason = &e.Reason
		case domain.StageFiled:
			after.ClaimNumber = &e.Claim.Number
		case domain.StageDone:
			outcome := string(e.Claim.Outcome)
			after.ClaimOutcome = &outcome
			if e.Claim.Outcome == domain.ClaimPaid {
				after.PaidAmount, after.PaidOn = &e.Claim.Amount, &e.Claim.PaidOn
			} else {
				after.RefusalReason = &e.Claim.Refusal
			}
		}
		if err := writeStageFields(ctx, tx, e.ID, after); err != nil {
			return err
		}
		until := at.Add(domain.StageUndoWindow)
		claim := e.Claim
		if e.Stage == domain.StageDone && after.ClaimNumber != nil {
			claim.Number = *after.ClaimNumber
		}
		outbox, err := notifyReportStage(ctx, tx, e.ID, notice.StageNews{Reason: e.Reason, Claim: claim, NotBefore: until})
		if err != nil {
			return err
		}
		beforeJSON, err := json.Marshal(before)
		if err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `
			insert into report_moves (report_id, staff_id, chat_id, from_stage, to_stage, moved_at, before, outbox_ids)
			values ($1, nullif($2, 0::bigint), $3, $4, $5, $6, $7, $8)
			returning id`, e.ID, staffID, chatID, before.Stage, e.Stage, at, beforeJSON, outbox).Scan(&a.Move); err != nil {
			return err
		}
		a.Stage, a.Changed, a.UndoUntil = e.Stage, true, until
		return audit(ctx, tx, auditEntry{
			Actor: chatActor(chatID), StaffID: staffID, Action: "report.stage", Kind: "report", RecordID: number, Nagari: nagari,
			Before: map[string]string{"stage": string(before.Stage)},
			After:  moveAudit(e),
		})
	})
	if err != nil {
		return engine.Result{}, fmt.Errorf("report %d: %w", e.ID, err)
	}
	return engine.Answered(e, a), nil
}

// moveAudit is what the audit row says a move recorded. A typed reason is
// kept as typed: staff wrote it to be read.
func moveAudit(e engine.SetReportStage) map[string]string {
	m := map[string]string{"stage": string(e.Stage), "reason": e.Reason}
	if e.Claim.Number != "" {
		m["claim_number"] = e.Claim.Number
	}
	if e.Claim.Outcome != "" {
		m["outcome"] = string(e.Claim.Outcome)
	}
	if e.Claim.Amount > 0 {
		m["paid_amount"] = strconv.FormatInt(e.Claim.Amount, 10)
		m["paid_on"] = e.Claim.PaidOn.Format(time.DateOnly)
	}
	if e.Claim.Refusal != "" {
		m["refusal"] = e.Claim.Refusal
	}
	return m
}

// undoReportStage takes back the report's latest move while its window is
// open and its notices are still unsent: the notices are dropped (locked
// first, so a sender fanning them out either finishes before and the undo
// is refused, or waits and finds nothing), the columns written back.
func (s *Store) undoReportStage(ctx context.Context, chatID int64, e engine.UndoReportStage) (engine.Result, error) {
	at := s.at(e.At)
	var a engine.StageUndone
	err := s.inTx(ctx, "undo report stage", func(tx pgx.Tx) error {
		var reportID int64
		var number, nagari string
		var stage, from, to domain.Stage
		var movedAt time.Time
		var undone *time.Time
		var beforeJSON []byte
		var outbox []int64
		err := tx.QueryRow(ctx, `
			select m.report_id, r.number, r.nagari_code, r.stage, m.from_stage, m.to_stage, m.moved_at, m.undone_at, m.before, m.outbox_ids
			from report_moves m join reports r on r.id = m.report_id
			where m.id = $2 and staff_can($1, r.nagari_code)
			for update of m, r`, chatID, e.Move).Scan(&reportID, &number, &nagari, &stage, &from, &to, &movedAt, &undone, &beforeJSON, &outbox)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		a = engine.StageUndone{Found: true, Number: number, Stage: stage}
		if undone != nil {
			return nil
		}
		var latest int64
		if err := tx.QueryRow(ctx, `select max(id) from report_moves where report_id = $1 and undone_at is null`, reportID).Scan(&latest); err != nil {
			return err
		}
		if latest != e.Move || stage != to || at.After(movedAt.Add(domain.StageUndoWindow)) {
			a.Late = true
			return nil
		}
		var sent int
		if err := tx.QueryRow(ctx, `
			with held as (select id, fanned_at from outbox where id = any($1) for update)
			select count(*) from held where fanned_at is not null`, outbox).Scan(&sent); err != nil {
			return err
		}
		if sent > 0 {
			a.Late = true
			return nil
		}
		if _, err := tx.Exec(ctx, `delete from outbox where id = any($1)`, outbox); err != nil {
			return err
		}
		var before stageFields
		if err := json.Unmarshal(beforeJSON, &before); err != nil {
			return fmt.Errorf("read move %d: %w", e.Move, err)
		}
		if err := writeStageFields(ctx, tx, reportID, before); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `update report_moves set undone_at = $2 where id = $1`, e.Move, at); err != nil {
			return err
		}
		staffID, err := actingStaff(ctx, tx, chatID, nagari)
		if err != nil {
			return err
		}
		a.Stage, a.Undone = before.Stage, true
		return audit(ctx, tx, auditEntry{
			Actor: chatActor(chatID), StaffID: staffID, Action: "report.stage_undo", Kind: "report", RecordID: number, Nagari: nagari,
			Before: map[string]string{"stage": string(to)},
			After:  map[string]string{"stage": string(before.Stage)},
		})
	})
	if err != nil {
		return engine.Result{}, fmt.Errorf("undo move %d: %w", e.Move, err)
	}
	return engine.Answered(e, a), nil
}

// recordTahap2 records the doctor's declaration on an open accident report
// of the area, which starts the tahap II reminders.
func (s *Store) recordTahap2(ctx context.Context, chatID int64, e engine.RecordTahap2) (engine.Result, error) {
	at := s.at(e.At)
	if !domain.IsTahap2Outcome(e.Outcome) || e.Date.IsZero() || domain.CheckEventDate(e.Date, at) != nil {
		return engine.Result{}, errors.New("record tahap II: not a declaration the flow makes")
	}
	var a engine.Tahap2Recorded
	var res engine.Result
	err := s.inTx(ctx, "record tahap II", func(tx pgx.Tx) error {
		var number, nagari string
		var kind domain.ReportKind
		var stage domain.Stage
		var event time.Time
		var recorded bool
		err := tx.QueryRow(ctx, `
			select number, nagari_code, kind, stage, event_date, tahap2_outcome is not null from reports
			where id = $2 and staff_can($1, nagari_code)
			for update`, chatID, e.ID).Scan(&number, &nagari, &kind, &stage, &event, &recorded)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		a = engine.Tahap2Recorded{Found: true, Number: number}
		if kind != domain.ReportJKK || !stage.Open() || recorded {
			return nil
		}
		if e.Date.Before(event) {
			res.Err = "claims.date.before_event"
			return nil
		}
		staffID, err := actingStaff(ctx, tx, chatID, nagari)
		if err != nil {
			return err
		}
		from := domain.Tahap2From(e.Date)
		if _, err := tx.Exec(ctx, `
			update reports set tahap2_outcome = $2, tahap2_on = $3, tahap2_from = $4, tahap2_recorded_at = $5
			where id = $1`, e.ID, e.Outcome, e.Date, from, at); err != nil {
			return err
		}
		a.Changed, a.Due = true, from.Add(domain.ReportWithin)
		return audit(ctx, tx, auditEntry{
			Actor: chatActor(chatID), StaffID: staffID, Action: "report.tahap_ii", Kind: "report", RecordID: number, Nagari: nagari,
			After: map[string]string{"outcome": e.Outcome, "date": e.Date.Format(time.DateOnly)},
		})
	})
	if err != nil {
		return engine.Result{}, fmt.Errorf("report %d: %w", e.ID, err)
	}
	if res.Err != "" {
		return res, nil
	}
	return engine.Answered(e, a), nil
}

// addReportNote adds a sealed note to a report of the area. The audit row
// says who and when, not what: the note may hold health details.
func (s *Store) addReportNote(ctx context.Context, chatID int64, e engine.AddReportNote) (engine.Result, error) {
	if note, err := domain.ParseFreeText(e.Text, 3, domain.NoteMaxLen); err != nil || note != e.Text {
		return engine.Result{}, errors.New("add report note: not a note the flow makes")
	}
	var a engine.NoteAdded
	err := s.inTx(ctx, "add report note", func(tx pgx.Tx) error {
		var number, nagari string
		err := tx.QueryRow(ctx, `select number, nagari_code from reports where id = $2 and staff_can($1, nagari_code)`,
			chatID, e.ID).Scan(&number, &nagari)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		staffID, err := actingStaff(ctx, tx, chatID, nagari)
		if err != nil {
			return err
		}
		var noteID int64
		if err := tx.QueryRow(ctx, `
			insert into report_notes (report_id, staff_id, chat_id, key_id, text_sealed)
			values ($1, nullif($2, 0::bigint), $3, $4, $5) returning id`,
			e.ID, staffID, chatID, s.keys.Current(), s.keys.Seal(FieldNote, e.Text)).Scan(&noteID); err != nil {
			return err
		}
		a = engine.NoteAdded{Found: true, Number: number}
		return audit(ctx, tx, auditEntry{
			Actor: chatActor(chatID), StaffID: staffID, Action: "report.note", Kind: "report", RecordID: number, Nagari: nagari,
			After: map[string]string{"note_id": strconv.FormatInt(noteID, 10)},
		})
	})
	if err != nil {
		return engine.Result{}, fmt.Errorf("report %d: %w", e.ID, err)
	}
	return engine.Answered(e, a), nil
}

// reportNotes reads report id's notes, oldest first, opened.
func (s *Store) reportNotes(ctx context.Context, q querier, id int64) ([]domain.ReportNote, error) {
	rows, err := q.Query(ctx, `
		select created_at, coalesce(staff_id, 0), key_id, text_sealed from report_notes
		where report_id = $1 order by id`, id)
	if err != nil {
		return nil, err
	}
	var notes []domain.ReportNote
	var keyID string
	var sealed []byte
	var n domain.ReportNote
	_, err = pgx.ForEachRow(rows, []any{&n.At, &n.StaffID, &keyID, &sealed}, func() error {
		text, err := s.keys.Open(keyID, FieldNote, sealed)
		if err != nil {
			return fmt.Errorf("open a note of report %d: %w", id, err)
		}
		n.Text = text
		notes = append(notes, n)
		return nil
	})
	return notes, err
}

// rotateNotes reseals up to sealBatch report notes of old keys.
func (s *Store) rotateNotes(ctx context.Context, tx pgx.Tx) (int, error) {
	rows, err := tx.Query(ctx, `
		select id, key_id, text_sealed from report_notes
		where key_id <> $1 order by id limit $2 for update`, s.keys.Current(), sealBatch)
	if err != nil {
		return 0, err
	}
	var ids []int64
	var sealed [][]byte
	var id int64
	var keyID string
	var v []byte
	_, err = pgx.ForEachRow(rows, []any{&id, &keyID, &v}, func() error {
		text, err := s.keys.Open(keyID, FieldNote, v)
		if err != nil {
			return fmt.Errorf("note %d: %w", id, err)
		}
		ids, sealed = append(ids, id), append(sealed, s.keys.Seal(FieldNote, text))
		return nil
	})
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	_, err = tx.Exec(ctx, `
		update report_notes n set key_id = $1, text_sealed = u.sealed
		from unnest($2::bigint[], $3::bytea[]) as u(id, sealed)
		where n.id = u.id`, s.keys.Current(), ids, sealed)
	return len(ids), err
}
