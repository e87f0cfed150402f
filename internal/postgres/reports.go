package postgres

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/seal"
)

// findWorker answers whether nik belongs to a covered worker: registered
// and not rejected. Nothing about the worker is told.
func (s *Store) findWorker(ctx context.Context, e engine.FindWorker) (engine.Result, error) {
	var found bool
	err := s.pool.QueryRow(ctx, `
		select exists (select 1 from registrations where nik_index = $1 and status <> 'ditolak')`,
		s.nikIndex(e.NIK)).Scan(&found)
	if err != nil {
		return engine.Result{}, fmt.Errorf("find worker by nik: %w", err)
	}
	res := engine.Result{Values: map[string]string{engine.ResultFound: ""}}
	if found {
		res.Values[engine.ResultFound] = "1"
	}
	return res, nil
}

// worker is the registration a report is about.
type worker struct {
	id     int64
	chatID int64
	nik    domain.NIK
	name   string
	nagari string
}

// submitReport records a report and its staff notice in one transaction,
// once per form (chat and key).
func (s *Store) submitReport(ctx context.Context, chatID int64, e engine.SubmitReport) (engine.Result, error) {
	res := engine.Result{Values: map[string]string{}}
	r := e.Report
	var err error
	if res.Err, err = formProblem("submit report", e.Key, r.Validate(s.now())); err != nil || res.Err != "" {
		return res, err
	}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		return insertReport(ctx, tx, s.keys, chatID, e.Key, r, s.now(), res.Values)
	})
	if err != nil {
		return engine.Result{}, fmt.Errorf("submit report: %w", err)
	}
	if res.Values[engine.ResultNumber] == "" {
		// The worker was found by the flow but is gone or rejected now,
		// and no nagari was asked: the reporter is told to try again.
		res.Err = "rep.submit.failed"
	}
	return res, nil
}

// insertReport writes the report and its notice with tx. It is separate
// from submitReport so that a test can make the notice fail inside the
// same transaction.
func insertReport(ctx context.Context, tx pgx.Tx, keys *seal.Keys, chatID int64, key string, r domain.Report, reported time.Time, values map[string]string) error {
	happenedBy := r.HappenedBy(reported)
	var number, kind string
	err := tx.QueryRow(ctx, `select number, kind from reports where chat_id = $1 and idempotency_key = $2`,
		chatID, key).Scan(&number, &kind)
	if err == nil {
		values[engine.ResultNumber], values[engine.ResultKind] = number, kind
		return nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return err
	}

	w, found, err := findReportWorker(ctx, tx, keys, chatID, r)
	if err != nil {
		return err
	}
	nagari := r.NagariCode
	var regID *int64
	nik := string(r.SubjectNIK)
	if found {
		regID, nagari, nik = &w.id, w.nagari, string(w.nik)
	} else if nagari == "" {
		return nil
	}
	var lat, lon *float64
	if r.Lat != 0 || r.Lon != 0 {
		lat, lon = &r.Lat, &r.Lon
	}
	sealed := reportSecrets{
		subjectNIK: nik, reporterPhone: string(r.ReporterPhone), description: r.Description,
		injury: r.Injury, treatment: r.Treatment, cause: r.Cause,
	}.seal(keys)
	var id int64
	err = tx.QueryRow(ctx, `
		insert into reports (
			number, kind, death, idempotency_key, chat_id, registration_id, nagari_code,
			for_self, event_date, event_time, place, latitude, longitude, traffic,
			reporter_name, reporter_relation, photos, happened_by, key_id, `+reportSealedColumns+`)
		values (
			case $1::text
				when 'jkk' then 'JKK-' || to_char(now() at time zone interval '+07:00', 'YYYY') || '-'
					|| to_char(nextval('report_jkk_number_seq'), 'FM000000')
				else 'JKM-' || to_char(now() at time zone interval '+07:00', 'YYYY') || '-'
					|| to_char(nextval('report_jkm_number_seq'), 'FM000000')
			end,
			$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
			$14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)
		on conflict (chat_id, idempotency_key) do nothing
		returning id, number`,
		string(r.Kind), r.Death, key, chatID, regID, nagari,
		r.ForSelf, r.Date, r.Clock, r.Place, lat, lon, r.Traffic,
		r.ReporterName, r.ReporterRelation, orNone(r.Photos), happenedBy, keys.Current(),
		sealed[0], sealed[1], sealed[2], sealed[3], sealed[4], sealed[5],
	).Scan(&id, &number)
	if errors.Is(err, pgx.ErrNoRows) {
		// The same form committed concurrently; its row is visible now.
		err = tx.QueryRow(ctx, `select number, kind from reports where chat_id = $1 and idempotency_key = $2`,
			chatID, key).Scan(&number, &kind)
		values[engine.ResultNumber], values[engine.ResultKind] = number, kind
		return err
	}
	if err != nil {
		return err
	}
	values[engine.ResultNumber], values[engine.ResultKind] = number, string(r.Kind)
	var nagariName string
	if err := tx.QueryRow(ctx, `select name from nagari where code = $1`, nagari).Scan(&nagariName); err != nil {
		return err
	}
	return enqueueReportNotice(ctx, tx, id, number, nagari, nagariName, r, w, found, happenedBy, reported)
}

// findReportWorker finds the covered worker a report is about: the chat's
// own registration for "Saya sendiri", else the one holding the NIK.
func findReportWorker(ctx context.Context, tx pgx.Tx, keys *seal.Keys, chatID int64, r domain.Report) (worker, bool, error) {
	var w worker
	var keyID string
	var nikSealed []byte
	var err error
	if r.ForSelf {
		err = tx.QueryRow(ctx, `
			select id, chat_id, key_id, nik_sealed, name, nagari_code from registrations
			where chat_id = $1 and status <> 'ditolak'
			order by created_at desc, id desc limit 1`, chatID).Scan(&w.id, &w.chatID, &keyID, &nikSealed, &w.name, &w.nagari)
	} else {
		err = tx.QueryRow(ctx, `
			select id, chat_id, key_id, nik_sealed, name, nagari_code from registrations
			where nik_index = $1 and status <> 'ditolak'`, keys.Index(IndexNIK, string(r.SubjectNIK))).
			Scan(&w.id, &w.chatID, &keyID, &nikSealed, &w.name, &w.nagari)
	}
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return w, false, nil
	case err != nil:
		return w, false, fmt.Errorf("find the report's worker: %w", err)
	}
	nik, err := keys.Open(keyID, FieldNIK, nikSealed)
	if err != nil {
		return w, false, fmt.Errorf("find the report's worker: %w", err)
	}
	w.nik = domain.NIK(nik)
	return w, true, nil
}

// maxNoticePlace keeps a staff notice short; the whole place is in the
// report staff open with the button.
const maxNoticePlace = 80

// enqueueReportNotice tells the nagari's staff about a new report. The
// notice carries a short summary: the NIK masked, no injury (health data
// is shown only inside the report), the photos.
func enqueueReportNotice(ctx context.Context, tx pgx.Tx, id int64, number, nagari, nagariName string, r domain.Report, w worker, covered bool, happenedBy, reported time.Time) error {
	kind := "report.kind." + string(r.Kind)
	if r.Kind == domain.ReportJKK && r.Death {
		kind = "report.kind.jkk_death"
	}
	data := map[string]string{
		"Number":  number,
		"Kind":    MsgValue(kind),
		"Nagari":  nagariName,
		"Date":    DateValue(r.Date),
		"Place":   shorten(r.Place, maxNoticePlace),
		"Photos":  strconv.Itoa(len(r.Photos)),
		"Traffic": flag(r.Traffic),
		// The 2 × 24 hour rule is about accidents (DOMAIN.md §4).
		"Deadline": flag(r.Kind == domain.ReportJKK),
		"Reporter": r.ReporterName,
		"Name":     "",
		"NIK":      "",
	}
	maps.Copy(data, dueValues(happenedBy, reported))
	if covered {
		data["Name"], data["NIK"] = w.name, w.nik.Masked()
	} else if r.SubjectNIK != "" {
		data["NIK"] = r.SubjectNIK.Masked()
	}
	return Enqueue(ctx, tx, Notice{
		Kind:       "report.submitted",
		NagariCode: nagari,
		Msg:        "notify.report",
		Data:       data,
		Buttons:    reportButtons(id),
		Photos:     r.Photos,
	})
}

// dueValues are the notice data of an accident's reporting deadline: its
// day and time in WIB, and whether it has passed at now (late reporting
// does not forfeit the claim, DOMAIN.md §4, so staff still act).
func dueValues(happenedBy, now time.Time) map[string]string {
	due := happenedBy.Add(domain.ReportWithin)
	return map[string]string{
		"DueDate": DateValue(domain.Today(due)), "DueClock": domain.ClockWIB(due), "Overdue": flag(!now.Before(due)),
	}
}

// reportButtons is the button of a staff notice that opens the report; the
// staff branch's Anytime step staff.rep reads the report ID.
func reportButtons(id int64) [][]NoticeButton {
	return [][]NoticeButton{{{Msg: "notify.open_report", Value: "staff.rep|" + strconv.FormatInt(id, 10)}}}
}

// addReportPhotos adds photos to an open report of this chat and sends
// them on to its nagari's staff, in one transaction. Photos the report
// already has are skipped, so a repeated update adds nothing twice.
func (s *Store) addReportPhotos(ctx context.Context, chatID int64, e engine.AddReportPhotos) (engine.Result, error) {
	res := engine.Result{Values: map[string]string{engine.ResultNumber: e.Number}}
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
		res.Values[engine.ResultCount] = strconv.Itoa(len(photos) + len(added))
		if len(added) == 0 {
			return nil
		}
		if _, err := tx.Exec(ctx, `update reports set photos = photos || $2 where id = $1`, id, added); err != nil {
			return err
		}
		return Enqueue(ctx, tx, Notice{
			Kind:       "report.photos_added",
			NagariCode: nagari,
			Msg:        "notify.report.photos",
			Data:       map[string]string{"Number": e.Number, "Photos": strconv.Itoa(len(added))},
			Buttons:    reportButtons(id),
			Photos:     added,
		})
	})
	if err != nil {
		return engine.Result{}, fmt.Errorf("add report photos: %w", err)
	}
	return res, nil
}

// MsgValue marks a notice data value as a message ID, rendered in the
// recipient's language before it is put into the template.
func MsgValue(id string) string { return msgPrefix + id }

// DateValue marks a notice data value as a date, written out in the
// recipient's language.
func DateValue(t time.Time) string { return datePrefix + t.Format(time.DateOnly) }

// Prefixes of typed notice data values; see MsgValue and DateValue.
const (
	msgPrefix  = "msg:"
	datePrefix = "date:"
)

// NoticeValue reads a notice data value: a message ID (isMsg), a date
// string "2006-01-02" (isDate), or plain text.
func NoticeValue(v string) (s string, isMsg, isDate bool) {
	switch {
	case strings.HasPrefix(v, msgPrefix):
		return v[len(msgPrefix):], true, false
	case strings.HasPrefix(v, datePrefix):
		return v[len(datePrefix):], false, true
	}
	return v, false, false
}

func flag(b bool) string {
	if b {
		return "1"
	}
	return ""
}

func orNone(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// shorten cuts s to n characters, marking the cut.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
