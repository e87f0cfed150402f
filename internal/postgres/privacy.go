package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/engine"
)

// myData answers LoadMyData: every stored field of the chat's newest
// registration, for the worker's own eyes.
func (s *Store) myData(ctx context.Context, chatID int64) (engine.Result, error) {
	var (
		number, status, keyID, name, gender, address, nagari, occ, occOther, heir, rel string
		nikSealed, phoneSealed                                                         []byte
		birth                                                                          time.Time
		consentAt, createdAt                                                           time.Time
	)
	err := s.pool.QueryRow(ctx, `
		select number, status, key_id, nik_sealed, name, birth_date, gender, address, nagari_code, occupation,
		       occupation_other, phone_sealed, heir_name, heir_relation, consent_at, created_at
		from registrations where chat_id = $1
		order by created_at desc, id desc limit 1`, chatID).
		Scan(&number, &status, &keyID, &nikSealed, &name, &birth, &gender, &address, &nagari, &occ,
			&occOther, &phoneSealed, &heir, &rel, &consentAt, &createdAt)
	reports, rerr := s.myReports(ctx, chatID)
	if rerr != nil {
		return engine.Result{}, fmt.Errorf("load data of chat: %w", rerr)
	}
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return engine.Result{Values: map[string]string{engine.ResultFound: ""}, Items: reports}, nil
	case err != nil:
		return engine.Result{}, fmt.Errorf("load data of chat: %w", err)
	}
	nik, phone, err := openRegistration(s.keys, keyID, nikSealed, phoneSealed)
	if err != nil {
		return engine.Result{}, fmt.Errorf("load data of chat: %w", err)
	}
	return engine.Result{Items: reports, Values: map[string]string{
		engine.ResultFound: "1", engine.ResultNumber: number, engine.ResultStatus: status,
		engine.DataNIK: nik, engine.DataName: name, engine.DataBirthDate: birth.Format(time.DateOnly),
		engine.DataGender: gender, engine.DataAddress: address, engine.DataNagari: nagari,
		engine.DataOccupation: occ, engine.DataOccupationEt: occOther, engine.DataPhone: phone,
		engine.DataHeirName: heir, engine.DataHeirRelation: rel,
		engine.DataConsentAt: consentAt.UTC().Format(time.RFC3339), engine.DataCreatedAt: createdAt.UTC().Format(time.RFC3339),
	}}, nil
}

// maxMyReports bounds the reports /dataku lists, one message each: a
// worker has one or two; more is someone who reports for the whole jorong,
// and their nagari office has the rest.
const maxMyReports = 10

// myReports lists the reports chatID made, or that are about a
// registration of chatID's, newest first.
func (s *Store) myReports(ctx context.Context, chatID int64) ([]map[string]string, error) {
	rows, err := s.pool.Query(ctx, `
		select p.number, p.kind, p.stage, p.event_date from reports p
		where p.chat_id = $1 or p.registration_id in (select id from registrations where chat_id = $1)
		order by p.id desc limit $2`, chatID, maxMyReports)
	if err != nil {
		return nil, err
	}
	var list []map[string]string
	var number, kind, stage string
	var date time.Time
	_, err = pgx.ForEachRow(rows, []any{&number, &kind, &stage, &date}, func() error {
		list = append(list, map[string]string{"number": number, "kind": kind, "stage": stage, "date": date.Format(time.DateOnly)})
		return nil
	})
	return list, err
}

// erase answers EraseMyData. Unless a claim of the worker's is still open,
// the chat's registrations and remembered
// language are deleted in one transaction, and the nagari's staff are told
// the registration number, so they can end the BPJS membership; the notice
// itself names no one.
func (s *Store) erase(ctx context.Context, chatID int64) (engine.Result, error) {
	res := engine.Result{Values: map[string]string{engine.ResultFound: ""}}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// A claim in progress needs the worker's record (UU PDP lets the
		// controller keep what a legal claim requires); it stays, and the
		// worker is told why.
		var open bool
		err := tx.QueryRow(ctx, `
			select exists (
				select 1 from reports r join registrations g on g.id = r.registration_id
				where g.chat_id = $1 and r.stage not in ('selesai', 'ditolak'))`, chatID).Scan(&open)
		if err != nil {
			return err
		}
		if open {
			res.Values[engine.ResultFound] = "1"
			res.Values[engine.ResultKept] = "1"
			return nil
		}
		rows, err := tx.Query(ctx, `delete from registrations where chat_id = $1 returning number, nagari_code`, chatID)
		if err != nil {
			return err
		}
		type gone struct{ number, nagari string }
		var erased []gone
		for rows.Next() {
			var g gone
			if err := rows.Scan(&g.number, &g.nagari); err != nil {
				rows.Close()
				return err
			}
			erased = append(erased, g)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `delete from chats where chat_id = $1`, chatID); err != nil {
			return err
		}
		for _, g := range erased {
			res.Values[engine.ResultFound] = "1"
			res.Values[engine.ResultNumber] = g.number
			err := Enqueue(ctx, tx, Notice{
				Kind: "registration.erased", NagariCode: g.nagari,
				Msg: "notify.erased", Data: map[string]string{"Number": g.number},
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return engine.Result{}, fmt.Errorf("erase data of chat: %w", err)
	}
	return res, nil
}
