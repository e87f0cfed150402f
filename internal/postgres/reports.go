package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/notice"
)

// findWorker answers whether nik belongs to a registered worker, not
// rejected. Nothing about the worker is told.
func (s *Store) findWorker(ctx context.Context, e engine.FindWorker) (engine.Result, error) {
	var found bool
	err := s.pool.QueryRow(ctx, `
		select exists (select 1 from registrations where nik_index = $1 and status <> 'ditolak')`,
		s.nikIndex(e.NIK)).Scan(&found)
	if err != nil {
		return engine.Result{}, fmt.Errorf("find worker by nik: %w", err)
	}
	return engine.Answered(e, engine.WorkerFound{Found: found}), nil
}

// submitReport records a report and its staff notice in one transaction,
// once per form (chat and key).
func (s *Store) submitReport(ctx context.Context, chatID int64, e engine.SubmitReport) (engine.Result, error) {
	r := e.Report
	if msg, err := formProblem("submit report", e.Key, r.Validate(s.now())); err != nil || msg != "" {
		return engine.Result{Err: msg}, err
	}
	var a engine.ReportSubmitted
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) (err error) {
		a, err = s.insertReport(ctx, tx, chatID, e.Key, r, s.now())
		return err
	})
	if err != nil {
		return engine.Result{}, fmt.Errorf("submit report: %w", err)
	}
	if a.Number == "" {
		// The worker was found by the flow but is gone or rejected now,
		// and no nagari was asked: the reporter is told to try again.
		return engine.Result{Err: "rep.submit.failed"}, nil
	}
	return engine.Answered(e, a), nil
}

// insertReport writes the report and its notice with tx. It is separate
// from submitReport so that a test can make the notice fail inside the
// same transaction. Its answer has no number when the report has no
// worker and no nagari, and nothing was written.
func (s *Store) insertReport(ctx context.Context, tx pgx.Tx, chatID int64, key string, r domain.Report, reported time.Time) (engine.ReportSubmitted, error) {
	var a engine.ReportSubmitted
	const again = `select number, kind, coalesce(event_cover, '') from reports where chat_id = $1 and idempotency_key = $2`
	err := tx.QueryRow(ctx, again, chatID, key).Scan(&a.Number, &a.Kind, &a.Cover)
	if !errors.Is(err, pgx.ErrNoRows) {
		return a, err
	}

	w, found, err := s.findReportWorker(ctx, tx, chatID, r)
	if err != nil {
		return a, err
	}
	nagari := r.NagariCode
	var regID *int64
	nik := r.SubjectNIK
	if found {
		regID, nagari, nik = &w.ID, w.NagariCode, w.NIK
	} else if nagari == "" {
		return a, nil
	}
	// Registered is not covered: what counts is the membership on the day
	// of the accident or death, kept with the report for staff.
	cover := domain.CoverOfReport(found, w.Membership, r.Date)
	if found {
		if cover, err = eventCover(ctx, tx, w.ID, w.Membership, r.Date); err != nil {
			return a, err
		}
	}
	id, number, err := insertReportRow(ctx, tx, s.keys, chatID, key, regID, nagari, r.HappenedBy(reported), cover, r, nik)
	if errors.Is(err, pgx.ErrNoRows) {
		// The same form committed concurrently; its row is visible now.
		err = tx.QueryRow(ctx, again, chatID, key).Scan(&a.Number, &a.Kind, &a.Cover)
		return a, err
	}
	if err != nil {
		return a, err
	}
	a = engine.ReportSubmitted{Number: number, Kind: r.Kind, Cover: cover}
	// The nagari's staff are told in the report's own transaction, from
	// the report as stored: linked to the worker found, if any.
	rec := domain.ReportRecord{Report: r, ID: id, Number: number, WorkerName: w.Name, CreatedAt: reported, Cover: cover}
	rec.NagariCode, rec.SubjectNIK, rec.Registered = nagari, nik, found
	if err := tx.QueryRow(ctx, `select name from nagari where code = $1`, nagari).Scan(&rec.NagariName); err != nil {
		return a, err
	}
	return a, Enqueue(ctx, tx, notice.ReportSubmitted(rec))
}

// findReportWorker finds the registered worker a report is about (not
// rejected; covered or not): the chat's own registration for "Saya
// sendiri", else the one holding the NIK. Its membership says the cover. A
// family phone receives several people's notices; its owner registered
// first (a family member is registered from a phone already registered),
// so "Saya sendiri" is the oldest.
func (s *Store) findReportWorker(ctx context.Context, tx pgx.Tx, chatID int64, r domain.Report) (domain.RegistrationRecord, bool, error) {
	var w registrationRow
	var err error
	switch {
	case r.ForSelf:
		w, err = s.registration(ctx, tx, `where r.chat_id = $1 and r.status <> 'ditolak'
			order by r.id limit 1`, chatID)
	case r.SubjectNIK == "":
		// Described without a NIK: the nagari's officer links it later.
		return domain.RegistrationRecord{}, false, nil
	default:
		w, err = s.registration(ctx, tx, `where r.nik_index = $1 and r.status <> 'ditolak'`, s.nikIndex(r.SubjectNIK))
	}
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return domain.RegistrationRecord{}, false, nil
	case err != nil:
		return domain.RegistrationRecord{}, false, fmt.Errorf("find the report's worker: %w", err)
	}
	return w.RegistrationRecord, true, nil
}

// addReportPhotos adds photos to an open report of this chat and sends
// them on to its nagari's staff, in one transaction. Photos the report
// already has are skipped, so a repeated update adds nothing twice.
func (s *Store) addReportPhotos(ctx context.Context, chatID int64, e engine.AddReportPhotos) (engine.Result, error) {
	a := engine.PhotosAdded{Number: e.Number}
	var res engine.Result
	if len(e.Photos) == 0 || len(e.Photos) > domain.MaxReportPhotos || slices.Contains(e.Photos, "") {
		return res, errors.New("add report photos: not 1 to 5 photos")
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var id int64
		var nagari, stage string
		var photos []string
		err := tx.QueryRow(ctx, `
			select id, nagari_code, stage, photos from reports
			where number = $1 and chat_id = $2 for update`, e.Number, chatID).Scan(&id, &nagari, &stage, &photos)
		switch {
		case errors.Is(err, pgx.ErrNoRows) || err == nil && (stage == "selesai" || stage == "ditolak"):
			res.Err = "rep.more.not_open"
			return nil
		case err != nil:
			return err
		}
		var added []string
		for _, p := range e.Photos {
			if !slices.Contains(photos, p) && !slices.Contains(added, p) {
				added = append(added, p)
			}
		}
		if len(photos)+len(added) > domain.MaxReportPhotosTotal {
			res.Err = "rep.more.full"
			return nil
		}
		a.Count = len(photos) + len(added)
		if len(added) == 0 {
			return nil
		}
		if _, err := tx.Exec(ctx, `update reports set photos = photos || $2 where id = $1`, id, added); err != nil {
			return err
		}
		return Enqueue(ctx, tx, notice.PhotosAdded(id, e.Number, nagari, added))
	})
	if err != nil {
		return engine.Result{}, fmt.Errorf("add report photos: %w", err)
	}
	if res.Err != "" {
		return res, nil
	}
	return engine.Answered(e, a), nil
}

// MsgValue is notice.MsgValue.
func MsgValue(id string) string { return notice.MsgValue(id) }

// DateValue is notice.DateValue.
func DateValue(t time.Time) string { return notice.DateValue(t) }

// NoticeValue is notice.ReadValue.
func NoticeValue(v string) (s string, isMsg, isDate bool) { return notice.ReadValue(v) }

func orNone(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
