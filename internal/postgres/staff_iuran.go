package postgres

// /iuran in the bot: a nagari's iuran position for staff of its area, read
// as at the bot's clock, and a month recorded as paid by a regency admin
// through RecordIuranPaid, as the CLI records it. /rekap's iuran lines.

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

// loadIuranScope answers which nagari the chat may see the iuran of.
func (s *Store) loadIuranScope(ctx context.Context, chatID int64) (engine.Result, error) {
	var res engine.Result
	var a engine.IuranScope
	err := s.inTx(ctx, "load iuran scope", func(tx pgx.Tx) error {
		admin, err := adminOf(ctx, tx, chatID)
		if err != nil || admin != 0 {
			a.Admin = admin != 0
			return err
		}
		rows, err := tx.Query(ctx, `select code from nagari where staff_can($1, code) order by code`, chatID)
		if err != nil {
			return err
		}
		a.Nagari, err = pgx.CollectRows(rows, pgx.RowTo[string])
		return err
	})
	if err != nil {
		return res, err
	}
	if !a.Admin && len(a.Nagari) == 0 {
		return engine.Result{Err: "staff.denied"}, nil
	}
	return engine.Answered(engine.LoadIuranScope{}, a), nil
}

// loadIuran answers the iuran position of a nagari of the chat's area, as
// at e.At (the store's clock when zero).
func (s *Store) loadIuran(ctx context.Context, chatID int64, e engine.LoadIuran) (engine.Result, error) {
	at := e.At
	if at.IsZero() {
		at = s.now()
	}
	var a engine.IuranPosition
	err := s.inTx(ctx, "load iuran", func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
			select n.name, coalesce(n.iuran_per_worker, g.iuran_per_worker) from nagari n, regency_settings g
			where n.code = $1 and staff_can($2, n.code)`, e.Nagari, chatID).Scan(&a.Name, &a.Rate)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		a.Found, a.Code = true, e.Nagari
		admin, err := adminOf(ctx, tx, chatID)
		if err != nil {
			return err
		}
		a.CanRecord = admin != 0
		list, err := iuranStatus(ctx, tx, chatID, e.Nagari, at)
		if err != nil || len(list) == 0 {
			return err // no members, active or ended: nothing owed
		}
		p := list[0]
		a.Active, a.Streak = p.Active, p.Streak
		a.Months = make([]engine.IuranMonth, len(p.Months))
		for i, m := range p.Months {
			a.Months[i] = engine.IuranMonth{
				Month: m.Month, Members: m.Members, Rate: m.Rate, Due: m.Due, Paid: m.Paid, Amount: m.Amount, Late: m.Late,
			}
		}
		return nil
	})
	if err != nil {
		return engine.Result{}, err
	}
	return engine.Answered(e, a), nil
}

// recordIuranFromChat is RecordIuranPaid for a regency admin in the bot,
// audited under the admin's chat and staff binding.
func (s *Store) recordIuranFromChat(ctx context.Context, chatID int64, e engine.RecordIuran) (engine.Result, error) {
	admin, err := s.actingAdmin(ctx, chatID)
	if err != nil {
		return engine.Result{}, err
	}
	if admin == 0 {
		return engine.Result{Err: "staff.admin_only"}, nil
	}
	if e.Amount != nil && (*e.Amount <= 0 || *e.Amount > domain.MaxClaimAmount) {
		return engine.Result{}, fmt.Errorf("record iuran: amount %d out of bounds", *e.Amount)
	}
	p, err := s.RecordIuranPaid(ctx, chatActor(chatID), admin, e.Nagari, e.Month, e.Amount)
	switch {
	case errors.Is(err, ErrAreaUnknown):
		return engine.Answered(e, engine.IuranRecorded{}), nil
	case err != nil:
		return engine.Result{}, err
	}
	return engine.Answered(e, engine.IuranRecorded{
		Found: true, Already: p.Already, Amount: p.Amount, Due: p.Due, Members: p.Members,
	}), nil
}

// recapIuran is the iuran of each nagari of the chat's area with members,
// as at now, for /rekap: the months late in a row and the current month.
func recapIuran(ctx context.Context, tx pgx.Tx, chatID int64, now time.Time) ([]engine.IuranLine, error) {
	list, err := iuranStatus(ctx, tx, chatID, "", now)
	if err != nil {
		return nil, fmt.Errorf("recap iuran: %w", err)
	}
	out := make([]engine.IuranLine, 0, len(list))
	for _, p := range list {
		l := engine.IuranLine{Nagari: p.Name, Streak: p.Streak, Month: domain.MonthOf(domain.Today(now))}
		if len(p.Months) > 0 { // newest first: the current month
			m := p.Months[0]
			l.Month, l.Due, l.Paid, l.Members = m.Month, m.Due, m.Paid, m.Members
		}
		out = append(out, l)
	}
	return out, nil
}
