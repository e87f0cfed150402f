package postgres

// Ending a membership: by staff with a reason, on a verified death, or by
// the periodic iuran and budget-year job. An ended member leaves the quota
// (covered_at is cleared, so they leave the counts, the waiting list and
// the exports) and is told in plain words.

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/notice"
)

// ErrNotActive is returned when ending a membership that is not aktif.
var ErrNotActive = errors.New("membership is not active")

// endMembership ends rec's active membership on day for reason, frees its
// quota place and tells the worker, all in tx, audited as actor. The
// caller holds the nagari row's lock when it fills the quota afterwards.
func (s *Store) endMembership(ctx context.Context, tx pgx.Tx, rec registrationRow, reason domain.EndReason, day, now time.Time, actor string, staffID int64) error {
	m, err := rec.Membership.End(reason, day)
	if err != nil {
		return fmt.Errorf("end membership of %s: %w", rec.Number, ErrNotActive)
	}
	if err := s.writeMembership(ctx, tx, rec, m, actor, staffID); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `update registrations set covered_at = null where id = $1`, rec.ID); err != nil {
		return fmt.Errorf("free the quota place of %s: %w", rec.Number, err)
	}
	if rec.ChatID == 0 {
		return nil
	}
	return Enqueue(ctx, tx, notice.MembershipEnded(rec.ChatID, rec.Number, reason, m.EndedOn, now))
}

// EndMembership ends the active membership of registration number on day
// for reason, from the CLI (actor "cli") or a staff chat, and gives the
// freed quota place to the next on the waiting list.
func (s *Store) EndMembership(ctx context.Context, number string, reason domain.EndReason, day time.Time) error {
	return s.inTx(ctx, "end membership", func(tx pgx.Tx) error {
		var nagari string
		err := tx.QueryRow(ctx, `select nagari_code from registrations where number = $1`, number).Scan(&nagari)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("registration %s: %w", number, ErrNotFound)
		}
		if err != nil {
			return err
		}
		return s.endAndRefill(ctx, tx, `where r.number = $1 for update of r`, nagari, reason, day, "cli", 0, number)
	})
}

// ErrNotFound is returned for a record the CLI names that does not exist.
var ErrNotFound = errors.New("not found")

// endAndRefill locks nagari, reads the registration where finds, ends its
// membership and refills the quota.
func (s *Store) endAndRefill(ctx context.Context, tx pgx.Tx, where, nagari string, reason domain.EndReason, day time.Time, actor string, staffID int64, args ...any) error {
	if _, err := tx.Exec(ctx, `select 1 from nagari where code = $1 for update`, nagari); err != nil {
		return err
	}
	rec, err := s.registration(ctx, tx, where, args...)
	if err != nil {
		return err
	}
	if err := s.endMembership(ctx, tx, rec, reason, day, s.now(), actor, staffID); err != nil {
		return err
	}
	_, err = fillQuota(ctx, tx, nagari, 0)
	return err
}

// endOnDeath ends the membership of the worker a death report is about,
// once staff have taken the report up (any move but a rejection) and the
// move can no longer be undone: the report is then accepted as true
// (endDeathsTakenUp). Cover ends the day after the death, so that the
// day of death itself stays covered (JKM is paid for a death while the
// membership is active, DOMAIN.md §12). The freed place goes to the next
// on the waiting list, who is told. A report linked to no registration, or
// to one not aktif, changes nothing.
func (s *Store) endOnDeath(ctx context.Context, tx pgx.Tx, reportID int64, actor string, staffID int64) error {
	var regID *int64
	var nagari string
	var death bool
	var date time.Time
	err := tx.QueryRow(ctx, `
		select p.registration_id, coalesce(g.nagari_code, ''), p.death, p.event_date
		from reports p left join registrations g on g.id = p.registration_id
		where p.id = $1`, reportID).Scan(&regID, &nagari, &death, &date)
	if err != nil || regID == nil || !death {
		return err
	}
	var state string
	if err := tx.QueryRow(ctx, `select coalesce(membership_state, '') from registrations where id = $1`, *regID).Scan(&state); err != nil {
		return err
	}
	if domain.MembershipState(state) != domain.MembershipActive {
		return nil
	}
	day := time.Date(date.Year(), date.Month(), date.Day()+1, 0, 0, 0, 0, time.UTC)
	return s.endAndRefill(ctx, tx, `where r.id = $1 for update of r`, nagari, domain.EndDeath, day, actor, staffID, *regID)
}

// endMembershipFromChat is EndMembership for staff of the registration's
// area, from today (WIB). Another area's registration answers like a
// missing one.
func (s *Store) endMembershipFromChat(ctx context.Context, chatID int64, e engine.EndMembership) (engine.Result, error) {
	var a engine.MembershipEnded
	err := s.inTx(ctx, "end membership", func(tx pgx.Tx) error {
		var nagari, number, state string
		err := tx.QueryRow(ctx, `
			select nagari_code, number, coalesce(membership_state, '') from registrations r
			where id = $2 and staff_can($1, r.nagari_code)`, chatID, e.ID).Scan(&nagari, &number, &state)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		a = engine.MembershipEnded{Found: true, Number: number}
		if domain.MembershipState(state) != domain.MembershipActive || !e.Reason.Valid() {
			return nil
		}
		staffID, err := actingStaff(ctx, tx, chatID, nagari)
		if err != nil {
			return err
		}
		err = s.endAndRefill(ctx, tx, `where r.id = $1 and r.membership_state = 'aktif' for update of r`, nagari, e.Reason,
			domain.Today(s.now()), chatActor(chatID), staffID, e.ID)
		if errors.Is(err, pgx.ErrNoRows) { // ended meanwhile
			return nil
		}
		a.Changed = err == nil
		return err
	})
	if err != nil {
		return engine.Result{}, err
	}
	return engine.Answered(e, a), nil
}

// endDeathsTakenUp ends, as at now, the memberships of the workers whose
// death reports staff took up longer ago than the undo window
// (domain.StageUndoWindow): a move that can still be undone must not end a
// membership, because undoing it could not give the place back once the
// next worker moved up. The ending is audited under the officer who made
// the last move. It counts the memberships ended in c.Ended.
func (s *Store) endDeathsTakenUp(ctx context.Context, now time.Time, c *Chores) error {
	rows, err := s.pool.Query(ctx, `
		select p.id from reports p join registrations g on g.id = p.registration_id
		where p.death and g.membership_state = 'aktif' and p.stage in ('ditindaklanjuti', 'diajukan', 'selesai')
		  and not exists (select 1 from report_moves m
		                  where m.report_id = p.id and m.undone_at is null and m.moved_at > $1)
		order by p.id`, now.Add(-domain.StageUndoWindow))
	if err != nil {
		return fmt.Errorf("find deaths taken up: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("find deaths taken up: %w", err)
	}
	for _, id := range ids {
		err := s.inTx(ctx, "end membership on death", func(tx pgx.Tx) error {
			// The report is locked and checked again: an undo may have
			// come between the query and this transaction.
			var actor string
			var staffID int64
			err := tx.QueryRow(ctx, `
				select coalesce((select 'chat:' || m.chat_id from report_moves m
				                 where m.report_id = p.id and m.undone_at is null order by m.id desc limit 1), 'cli'),
				       coalesce((select m.staff_id from report_moves m
				                 where m.report_id = p.id and m.undone_at is null order by m.id desc limit 1), 0)
				from reports p
				where p.id = $1 and p.stage in ('ditindaklanjuti', 'diajukan', 'selesai')
				  and not exists (select 1 from report_moves m
				                  where m.report_id = p.id and m.undone_at is null and m.moved_at > $2)
				for update of p`, id, now.Add(-domain.StageUndoWindow)).Scan(&actor, &staffID)
			if errors.Is(err, pgx.ErrNoRows) {
				return nil
			}
			if err != nil {
				return err
			}
			c.Ended++
			return s.endOnDeath(ctx, tx, id, actor, staffID)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
