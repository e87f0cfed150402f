package postgres

// The membership columns of registrations and the batches they are
// submitted in (migration 015). A membership changes only through
// writeMembership, which checks nothing itself: callers take the next
// membership from domain.Membership's transitions (Submit, Activate,
// Refuse, End), so the lifecycle's rules live in one pure place.

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/domain"
)

// insertBatch numbers a new, empty batch of nagari's workers made by actor
// (an audit_log actor).
func insertBatch(ctx context.Context, tx pgx.Tx, nagari, actor string) (id int64, number string, err error) {
	err = tx.QueryRow(ctx, `insert into bpjs_batches (nagari_code, created_by) values ($1, $2) returning id, number`,
		nagari, actor).Scan(&id, &number)
	if err != nil {
		return 0, "", fmt.Errorf("insert batch for nagari %s: %w", nagari, err)
	}
	return id, number, nil
}

// addToBatch appends the registrations ids, in order, to the rows of batch.
func addToBatch(ctx context.Context, tx pgx.Tx, batch int64, ids []int64) error {
	_, err := tx.Exec(ctx, `
		insert into bpjs_batch_rows (batch_id, registration_id, position)
		select $1, u.id, coalesce((select max(position) from bpjs_batch_rows where batch_id = $1), 0) + u.n
		from unnest($2::bigint[]) with ordinality as u(id, n)`, batch, ids)
	if err != nil {
		return fmt.Errorf("add %d rows to batch %d: %w", len(ids), batch, err)
	}
	return nil
}

// writeMembership stores m as the membership of rec, and audits the change
// from rec's membership as actor (staffID 0 when not under a staff
// binding). A new card number is sealed with the row's other sealed fields
// under the current key, as every sealed column of a row shares one key.
func (s *Store) writeMembership(ctx context.Context, tx pgx.Tx, rec registrationRow, m domain.Membership, actor string, staffID int64) error {
	if m.State == domain.MembershipActive && m.CoverEnd.IsZero() {
		// Cover without an end BPJS gave runs to the end of the budget
		// year that funds the place (migration 016).
		var year int
		if err := tx.QueryRow(ctx, `select coalesce(budget_year, 0) from nagari where code = $1`, rec.NagariCode).Scan(&year); err != nil {
			return fmt.Errorf("budget year of %s: %w", rec.NagariCode, err)
		}
		m.CoverEnd = domain.DefaultCoverEnd(m.CoverStart, year)
	}
	if old := rec.Membership; old.State == domain.MembershipEnded && m.State == domain.MembershipSubmitted {
		// A former member submitted again: the old period is history.
		if _, err := tx.Exec(ctx, `
			insert into membership_periods (registration_id, cover_start, cover_end, ended_on, end_reason, batch_id)
			values ($1, $2, $3, $4, $5, (select id from bpjs_batches where number = nullif($6, '')))`,
			rec.ID, old.CoverStart, dateOrNull(old.CoverEnd), old.EndedOn, old.EndReason, old.Batch); err != nil {
			return fmt.Errorf("keep the earlier cover of registration %d: %w", rec.ID, err)
		}
	}
	sealed := secretsOf(rec.Registration, m.KPJ).seal(s.keys)
	_, err := tx.Exec(ctx, `
		update registrations set
			membership_state = nullif($2, ''), batch_id = (select id from bpjs_batches where number = nullif($3, '')),
			cover_start = $4, cover_end = $5, refused_reason = nullif($6, ''), end_reason = nullif($7, ''), ended_on = $8,
			key_id = $9, nik_sealed = $10, nik_index = $11, phone_sealed = $12, mother_name_sealed = $13, kpj_sealed = $14
		where id = $1`,
		rec.ID, m.State, m.Batch, dateOrNull(m.CoverStart), dateOrNull(m.CoverEnd), m.RefusedReason, m.EndReason, dateOrNull(m.EndedOn),
		sealed.keyID, sealed.nik, sealed.index, sealed.phone, sealed.mother, sealed.kpj)
	if err != nil {
		return fmt.Errorf("write membership of registration %d: %w", rec.ID, err)
	}
	return audit(ctx, tx, auditEntry{
		Actor: actor, StaffID: staffID, Action: "membership." + string(m.State), Kind: "registration",
		RecordID: rec.Number, Nagari: rec.NagariCode,
		Before: membershipAudit(rec.Membership), After: membershipAudit(m),
	})
}

// membershipAudit is what the audit log keeps of a membership: never the
// card number, which is sealed.
func membershipAudit(m domain.Membership) map[string]string {
	out := map[string]string{"state": string(m.State), "batch": m.Batch}
	for k, d := range map[string]time.Time{"cover_start": m.CoverStart, "cover_end": m.CoverEnd, "ended_on": m.EndedOn} {
		if !d.IsZero() {
			out[k] = d.Format(time.DateOnly)
		}
	}
	if m.RefusedReason != "" {
		out["refused_reason"] = m.RefusedReason
	}
	if m.EndReason != "" {
		out["end_reason"] = string(m.EndReason)
	}
	return out
}

// dateOrNull is a domain date as a nullable date argument.
func dateOrNull(d time.Time) *time.Time {
	if d.IsZero() {
		return nil
	}
	return &d
}

// eventCover is the cover a report about registration id records for an
// event on day: that of its membership now (m), or, for a former member
// submitted again, of an earlier cover period holding the day
// (membership_periods), since a late report of an accident in the old
// period was covered that day whatever the membership is now.
func eventCover(ctx context.Context, tx pgx.Tx, id int64, m domain.Membership, day time.Time) (domain.ReportCover, error) {
	cover := domain.CoverOfReport(true, m, day)
	if cover == domain.ReportCoverActive {
		return cover, nil
	}
	var earlier bool
	err := tx.QueryRow(ctx, `
		select exists (select 1 from membership_periods
			where registration_id = $1 and cover_start <= $2::date and (cover_end is null or $2::date <= cover_end)
			  and $2::date < ended_on)`, id, day).Scan(&earlier)
	if err != nil {
		return "", fmt.Errorf("earlier cover of registration %d: %w", id, err)
	}
	if earlier {
		return domain.ReportCoverActive, nil
	}
	return cover, nil
}
