package postgres

// Staff work on accident (JKK) and death (JKM) reports. The reports table
// belongs to the reports branch (issue #4); this file uses only the columns
// agreed with it: id, number, kind ('jkk'/'jkm'), nagari_code, chat_id (the
// reporter), stage ('baru', 'ditindaklanjuti', 'diajukan', 'selesai',
// 'ditolak'), reject_reason and acted_at (set when staff act, which stops
// the 24/44-hour reminders). Until that table exists every function here
// answers as for an area without reports.

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

// hasReports reports whether the reports table exists in this schema.
func hasReports(ctx context.Context, tx pgx.Tx) (bool, error) {
	var ok bool
	err := tx.QueryRow(ctx, `select to_regclass('reports') is not null`).Scan(&ok)
	return ok, err
}

// loadReports answers a page of the area's reports, newest first.
func (s *Store) loadReports(ctx context.Context, chatID int64, e engine.LoadReports) (engine.Result, error) {
	res := engine.Result{Values: map[string]string{engine.ResultTotal: "0", engine.ResultOffset: "0"}}
	offset := max(e.Offset, 0)
	err := s.inTx(ctx, "load reports", func(tx pgx.Tx) error {
		ok, err := isStaff(ctx, tx, chatID)
		if err != nil || !ok {
			res.Err = "staff.denied"
			return err
		}
		if ok, err := hasReports(ctx, tx); err != nil || !ok {
			return err
		}
		var total int
		if err := tx.QueryRow(ctx, `select count(*) from reports where staff_can($1, nagari_code)`, chatID).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `
			select p.id, p.number, p.kind, p.stage, n.name
			from reports p join nagari n on n.code = p.nagari_code
			where staff_can($1, p.nagari_code)
			order by p.id desc
			limit $2 offset $3`, chatID, QueuePage, offset)
		if err != nil {
			return err
		}
		var id int64
		var number, kind, stage, nagari string
		_, err = pgx.ForEachRow(rows, []any{&id, &number, &kind, &stage, &nagari}, func() error {
			res.Items = append(res.Items, map[string]string{
				"id": strconv.FormatInt(id, 10), "number": number, "kind": kind, "stage": stage, "nagari": nagari,
			})
			return nil
		})
		res.Values[engine.ResultTotal] = strconv.Itoa(total)
		res.Values[engine.ResultOffset] = strconv.Itoa(offset)
		return err
	})
	return res, err
}

// loadReport answers one report of the area, opened: staff need the
// whole account, health details included, to help with the claim (UU PDP
// allows it for the purpose the reporter gave it). Another area's report
// answers like a missing one.
func (s *Store) loadReport(ctx context.Context, chatID int64, e engine.LoadReport) (engine.Result, error) {
	res := engine.Result{Values: map[string]string{engine.ResultFound: ""}}
	err := s.inTx(ctx, "load report", func(tx pgx.Tx) error {
		if ok, err := hasReports(ctx, tx); err != nil || !ok {
			return err
		}
		var (
			number, kind, stage, reason, nagari, clock, place, reporter, relation, keyID string
			regName, regKeyID                                                            string
			date, created                                                                time.Time
			lat, lon                                                                     *float64
			covered, traffic, death                                                      bool
			photos                                                                       int
			regPhone                                                                     []byte
			sealed                                                                       = make([][]byte, 6)
		)
		err := tx.QueryRow(ctx, `
			select p.number, p.kind, p.stage, coalesce(p.reject_reason, ''), n.name,
			       p.event_date, p.event_time, p.place, p.latitude, p.longitude, p.traffic, p.death,
			       p.reporter_name, p.reporter_relation, cardinality(p.photos),
			       (p.created_at at time zone interval '+07:00')::date,
			       g.id is not null, coalesce(g.name, ''), coalesce(g.key_id, ''), g.phone_sealed,
			       p.key_id, `+qualified("p", reportSealedColumns)+`
			from reports p join nagari n on n.code = p.nagari_code
			left join registrations g on g.id = p.registration_id
			where p.id = $2 and staff_can($1, p.nagari_code)`, chatID, e.ID).Scan(
			&number, &kind, &stage, &reason, &nagari,
			&date, &clock, &place, &lat, &lon, &traffic, &death,
			&reporter, &relation, &photos, &created,
			&covered, &regName, &regKeyID, &regPhone,
			&keyID, &sealed[0], &sealed[1], &sealed[2], &sealed[3], &sealed[4], &sealed[5])
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		secrets, err := openReport(s.keys, keyID, sealed)
		if err != nil {
			return err
		}
		phone := secrets.reporterPhone
		if phone == "" && regPhone != nil {
			// The worker reported for themself: their own number is the
			// one to call.
			if phone, err = s.keys.Open(regKeyID, FieldPhone, regPhone); err != nil {
				return err
			}
		}
		location := ""
		if lat != nil && lon != nil {
			location = strconv.FormatFloat(*lat, 'f', 6, 64) + "," + strconv.FormatFloat(*lon, 'f', 6, 64)
		}
		for k, v := range map[string]string{
			engine.ResultFound: "1", engine.ResultID: strconv.FormatInt(e.ID, 10), engine.ResultNumber: number,
			"kind": kind, engine.ResultStage: stage, engine.ResultReason: reason, "nagari_name": nagari,
			"nik": secrets.subjectNIK, "name": regName, "covered": flag(covered), "death": flag(death),
			"date": date.Format(time.DateOnly), "clock": clock, "place": place, "location": location,
			"what": secrets.description, "injury": secrets.injury, "treatment": secrets.treatment, "cause": secrets.cause,
			"traffic": flag(traffic), "reporter": reporter, "relation": relation, "phone": phone,
			"photos": strconv.Itoa(photos), "created": created.Format(time.DateOnly),
		} {
			res.Values[k] = v
		}
		return nil
	})
	return res, err
}

// qualified prefixes each of a comma-separated list of columns with a
// table alias.
func qualified(alias, columns string) string {
	cols := strings.Split(columns, ", ")
	for i, c := range cols {
		cols[i] = alias + "." + c
	}
	return strings.Join(cols, ", ")
}

// setReportStage moves a report one stage on, or to ditolak with a reason.
// Setting acted_at is what stops the report's reminders; the reporter's
// notice and the audit row commit with the change.
func (s *Store) setReportStage(ctx context.Context, chatID int64, e engine.SetReportStage) (engine.Result, error) {
	res := engine.Result{Values: map[string]string{engine.ResultFound: "", engine.ResultChanged: ""}}
	err := s.inTx(ctx, "set report stage", func(tx pgx.Tx) error {
		if ok, err := hasReports(ctx, tx); err != nil || !ok {
			return err
		}
		var number, stage, nagari string
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
		res.Values[engine.ResultFound] = "1"
		res.Values[engine.ResultNumber] = number
		res.Values[engine.ResultStage] = stage
		was := domain.Stage(stage)
		allowed := e.Stage == was.Next() || (e.Stage == domain.StageRejected && e.Reason != "")
		if !was.Open() || !allowed || !e.Stage.Valid() {
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
		res.Values[engine.ResultStage] = string(e.Stage)
		res.Values[engine.ResultChanged] = "1"
		// The reporter is told, and the worker too when someone else
		// reported their accident.
		if err := NotifyReportStage(ctx, tx, e.ID, e.Reason); err != nil {
			return err
		}
		return audit(ctx, tx, auditEntry{
			Actor: chatActor(chatID), StaffID: staffID, Action: "report.stage", Kind: "report", RecordID: number, Nagari: nagari,
			Before: map[string]string{"stage": stage},
			After:  map[string]string{"stage": string(e.Stage), "reason": e.Reason},
		})
	})
	if err != nil {
		return res, fmt.Errorf("report %d: %w", e.ID, err)
	}
	return res, nil
}
