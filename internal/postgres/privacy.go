package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/notice"
)

// myData answers LoadMyData: every stored field of a registration the
// chat receives (the one numbered e.Number, else the newest), for the
// worker's own eyes, the reports about the chat's registrations, and the
// people it receives.
func (s *Store) myData(ctx context.Context, chatID int64, e engine.LoadMyData) (engine.Result, error) {
	var a engine.MyData
	reg, err := s.registration(ctx, s.pool, `where r.chat_id = $1 and ($2 = '' or r.number = $2)
		order by r.created_at desc, r.id desc limit 1`, chatID, e.Number)
	switch {
	case err == nil:
		a.Found, a.Registration = true, reg.RegistrationRecord
	case !errors.Is(err, pgx.ErrNoRows):
		return engine.Result{}, fmt.Errorf("load data of chat: %w", err)
	}
	if a.Reports, err = s.myReports(ctx, chatID); err != nil {
		return engine.Result{}, fmt.Errorf("load data of chat: %w", err)
	}
	if a.People, _, err = s.people(ctx, chatID, false); err != nil {
		return engine.Result{}, fmt.Errorf("load data of chat: %w", err)
	}
	if a.OpenClaims, err = reportSummaries(ctx, s.pool, `where `+openClaimOf+` order by p.id`, chatID, e.Number); err != nil {
		return engine.Result{}, fmt.Errorf("load data of chat: %w", err)
	}
	return engine.Answered(e, a), nil
}

// openClaimOf is the condition on a report p that keeps erase from
// erasing: it is about a registration of chat $1 (numbered $2, or any
// with ”) and staff still act on it. myData tells the worker of these
// before they confirm; erase checks again inside its transaction.
const openClaimOf = `p.stage not in ('selesai', 'ditolak') and p.registration_id in (
	select id from registrations where chat_id = $1 and ($2 = '' or number = $2))`

// maxMyReports bounds the reports /dataku lists, one message each: a
// worker has one or two; more is someone who reports for the whole jorong,
// and their nagari office has the rest.
const maxMyReports = 10

// myReports lists the reports chatID made, or that are about a
// registration of chatID's, newest first.
func (s *Store) myReports(ctx context.Context, chatID int64) ([]domain.ReportSummary, error) {
	return reportSummaries(ctx, s.pool, `
		where p.chat_id = $1 or p.registration_id in (select id from registrations where chat_id = $1)
		order by p.id desc limit $2`, chatID, maxMyReports)
}

// erase answers EraseMyData. Unless a claim of the person's is still
// open, the registration is deleted (a place it held in the quota going to
// the next on the waiting list, who is told), and with the chat's last one its
// remembered language, in one transaction, and the nagari's staff are told
// the registration number, so they can end the BPJS membership; the notice
// itself names no one. A chat receiving several people's notices (a
// household) names whose: without a number it is answered the list.
func (s *Store) erase(ctx context.Context, chatID int64, e engine.EraseMyData) (engine.Result, error) {
	var a engine.Erased
	if e.Number == "" {
		people, _, err := s.people(ctx, chatID, false)
		if err != nil {
			return engine.Result{}, fmt.Errorf("erase data of chat: %w", err)
		}
		if len(people) > 1 {
			a.Found, a.Choose = true, people
			return engine.Answered(e, a), nil
		}
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// A claim in progress needs the worker's record (UU PDP lets the
		// controller keep what a legal claim requires); it stays, and the
		// worker is told why.
		var open bool
		err := tx.QueryRow(ctx, `select exists (select 1 from reports p where `+openClaimOf+`)`,
			chatID, e.Number).Scan(&open)
		if err != nil {
			return err
		}
		if open {
			a.Found, a.Kept = true, true
			return nil
		}
		// The nagari rows first, as a decision takes them, so that filling
		// the freed place below cannot deadlock with one.
		if _, err := tx.Exec(ctx, `select 1 from nagari where code in (select nagari_code from registrations
			where chat_id = $1 and ($2 = '' or number = $2)) order by code for update`, chatID, e.Number); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `delete from registrations where chat_id = $1 and ($2 = '' or number = $2)
			returning number, nagari_code, membership_state is not distinct from 'aktif', covered_at is not null`, chatID, e.Number)
		if err != nil {
			return err
		}
		type gone struct {
			number, nagari string
			active         bool // an active member: the nagari must stop the BPJS membership
			funded         bool // it held a place of the quota, now the next one's
		}
		var erased []gone
		for rows.Next() {
			var g gone
			if err := rows.Scan(&g.number, &g.nagari, &g.active, &g.funded); err != nil {
				rows.Close()
				return err
			}
			erased = append(erased, g)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `delete from chats where chat_id = $1
			and not exists (select 1 from registrations where chat_id = $1)`, chatID); err != nil {
			return err
		}
		for _, g := range erased {
			a.Found, a.Number = true, g.number
			n := notice.RegistrationErased(g.number, g.nagari)
			if g.active {
				n = notice.ActiveMemberErased(g.number, g.nagari)
			}
			err := Enqueue(ctx, tx, n)
			if err != nil {
				return err
			}
			if g.funded {
				if _, err := fillQuota(ctx, tx, g.nagari, 0); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return engine.Result{}, fmt.Errorf("erase data of chat: %w", err)
	}
	return engine.Answered(e, a), nil
}
