package postgres

// The iuran a nagari owes BPJS each month for its active members, the
// months an admin recorded as paid, and the periodic job that warns of
// unpaid months and ends memberships after more than three (DOMAIN.md
// §12), and closes budget years (migration 016).

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/notice"
)

// coveringMonth is the filter on r (registrations) of the members covered
// in the month from $first to $last: cover began by the month's end, did
// not end before it began, and was not ended before it began; in the
// current membership or in an earlier one of a member submitted again
// (membership_periods, migration 026).
const coveringMonth = `((r.membership_state in ('aktif', 'berakhir') and r.cover_start <= @last::date
	and (r.cover_end is null or r.cover_end >= @first::date) and (r.ended_on is null or r.ended_on > @first::date))
	or exists (select 1 from membership_periods p where p.registration_id = r.id and p.cover_start <= @last::date
		and (p.cover_end is null or p.cover_end >= @first::date) and p.ended_on > @first::date))`

// monthArgs names a month's bounds for coveringMonth.
func monthArgs(m domain.Month) pgx.NamedArgs {
	return pgx.NamedArgs{"first": m.First(), "last": m.Last()}
}

// IuranRate is the iuran per worker and month of nagari ("" for the
// regency's default).
func (s *Store) IuranRate(ctx context.Context, nagari string) (int, error) {
	var rate int
	err := s.pool.QueryRow(ctx, `
		select coalesce((select iuran_per_worker from nagari where code = nullif($1, '')), iuran_per_worker)
		from regency_settings`, nagari).Scan(&rate)
	return rate, err
}

// SetIuranRate sets the iuran per worker and month of nagari, or the
// regency's default when nagari is ""; amount 0 clears a nagari's own, so
// it follows the default again. Audited as actor.
func (s *Store) SetIuranRate(ctx context.Context, actor, nagari string, amount int) error {
	return s.inTx(ctx, "set iuran rate", func(tx pgx.Tx) error {
		if amount < 0 || (nagari == "" && amount == 0) {
			return errors.New("iuran rate must be above zero")
		}
		var tag string
		if nagari == "" {
			if _, err := tx.Exec(ctx, `update regency_settings set iuran_per_worker = $1`, amount); err != nil {
				return err
			}
			tag = "kabupaten"
		} else {
			ct, err := tx.Exec(ctx, `update nagari set iuran_per_worker = nullif($2, 0) where code = $1`, nagari, amount)
			if err != nil {
				return err
			}
			if ct.RowsAffected() == 0 {
				return fmt.Errorf("nagari %s: %w", nagari, ErrAreaUnknown)
			}
			tag = nagari
		}
		return audit(ctx, tx, auditEntry{
			Actor: actor, Action: "iuran.rate", Kind: "nagari", RecordID: tag, Nagari: nagari,
			After: map[string]string{"iuran_per_worker": strconv.Itoa(amount)},
		})
	})
}

// IuranMonth is a nagari's iuran for one month: what it owed and what was
// recorded paid.
type IuranMonth struct {
	Month   domain.Month
	Members int
	Rate    int
	Due     int64 // Members × Rate
	Paid    bool
	Amount  int64 // recorded as paid
	// Late is true once the month's due date has passed unpaid.
	Late bool
}

// IuranPosition is where a nagari stands with its iuran.
type IuranPosition struct {
	Code, Name string
	Active     int
	Months     []IuranMonth // newest first
	// Streak is the consecutive unpaid months past their due date.
	Streak int
}

// iuranMonths reads nagari's last n months up to and including through,
// newest first, as they stand at now.
func iuranMonths(ctx context.Context, tx pgx.Tx, nagari string, through domain.Month, n int, now time.Time) ([]IuranMonth, error) {
	var rate int
	if err := tx.QueryRow(ctx, `
		select coalesce(n.iuran_per_worker, s.iuran_per_worker) from nagari n, regency_settings s where n.code = $1`,
		nagari).Scan(&rate); err != nil {
		return nil, fmt.Errorf("iuran rate of %s: %w", nagari, err)
	}
	last := domain.LastDueMonth(now)
	out := make([]IuranMonth, 0, n)
	for i := range n {
		m := through.Add(-i)
		args := monthArgs(m)
		args["nagari"] = nagari
		im := IuranMonth{Month: m, Rate: rate}
		err := tx.QueryRow(ctx, `
			select (select count(*) from registrations r where r.nagari_code = @nagari and `+coveringMonth+`),
			       p.amount is not null, coalesce(p.amount, 0)
			from (select 1) one left join iuran_payments p on p.nagari_code = @nagari and p.month = @first::date`,
			args).Scan(&im.Members, &im.Paid, &im.Amount)
		if err != nil {
			return nil, fmt.Errorf("iuran of %s in %s: %w", nagari, m, err)
		}
		im.Due = int64(im.Members) * int64(rate)
		im.Late = !im.Paid && im.Members > 0 && !m.First().After(last.First())
		out = append(out, im)
	}
	return out, nil
}

// streakOf is the unpaid streak of months (newest first, from the last
// due month back).
func streakOf(months []IuranMonth) int {
	dm := make([]domain.IuranMonth, len(months))
	for i, m := range months {
		dm[i] = domain.IuranMonth{Month: m.Month, Members: m.Members, Paid: m.Paid}
	}
	return domain.UnpaidStreak(dm)
}

// statusMonths is how many months IuranStatus shows: one more than the
// grace, so the month that ends the memberships is among them.
const statusMonths = domain.IuranGraceMonths + 2

// IuranStatus gives the iuran position of nagari (every nagari with
// members, active or ended, when ""), as at now: the current month and
// the ones before it.
func (s *Store) IuranStatus(ctx context.Context, nagari string, now time.Time) ([]IuranPosition, error) {
	var out []IuranPosition
	err := s.inTx(ctx, "iuran status", func(tx pgx.Tx) (err error) {
		out, err = iuranStatus(ctx, tx, 0, nagari, now)
		return err
	})
	return out, err
}

// iuranStatus is IuranStatus in tx, for the nagari the staff chat chatID
// covers (every nagari for 0, the CLI).
func iuranStatus(ctx context.Context, tx pgx.Tx, chatID int64, nagari string, now time.Time) ([]IuranPosition, error) {
	rows, err := tx.Query(ctx, `
		select n.code, n.name, count(r.id) filter (where r.membership_state = 'aktif')
		from nagari n join registrations r on r.nagari_code = n.code
			and (r.membership_state in ('aktif', 'berakhir') or exists (select 1 from membership_periods p where p.registration_id = r.id))
		where ($1 = '' or n.code = $1) and ($2 = 0 or staff_can($2, n.code))
		group by n.code order by n.code`, nagari, chatID)
	if err != nil {
		return nil, err
	}
	var out []IuranPosition
	var p IuranPosition
	_, err = pgx.ForEachRow(rows, []any{&p.Code, &p.Name, &p.Active}, func() error {
		out = append(out, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	last := domain.LastDueMonth(now)
	for i := range out {
		months, err := iuranMonths(ctx, tx, out[i].Code, domain.MonthOf(domain.Today(now)), statusMonths, now)
		if err != nil {
			return nil, err
		}
		out[i].Months = months
		for j, m := range months {
			if m.Month == last {
				out[i].Streak = streakOf(months[j:])
			}
		}
	}
	return out, nil
}

// IuranPaid is a month recorded as paid.
type IuranPaid struct {
	IuranMonth
	// Already is true when the month had been recorded before; nothing
	// changed then.
	Already bool
}

// RecordIuranPaid records that nagari paid month's iuran, amount (nil: the
// amount due), as actor (staffID 0 from the CLI). A month recorded before
// stays as it was. Audited.
func (s *Store) RecordIuranPaid(ctx context.Context, actor string, staffID int64, nagari string, month domain.Month, amount *int64) (IuranPaid, error) {
	var out IuranPaid
	err := s.inTx(ctx, "record iuran", func(tx pgx.Tx) error {
		var name string
		err := tx.QueryRow(ctx, `select name from nagari where code = $1 for update`, nagari).Scan(&name)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("nagari %s: %w", nagari, ErrAreaUnknown)
		}
		if err != nil {
			return err
		}
		months, err := iuranMonths(ctx, tx, nagari, month, 1, s.now())
		if err != nil {
			return err
		}
		out.IuranMonth = months[0]
		if out.Paid {
			out.Already = true
			return nil
		}
		paid := out.Due
		if amount != nil {
			if *amount < 0 {
				return errors.New("amount below zero")
			}
			paid = *amount
		}
		if _, err := tx.Exec(ctx, `
			insert into iuran_payments (nagari_code, month, amount, members, due, recorded_by, recorded_at)
			values ($1, $2, $3, $4, $5, $6, $7)`,
			nagari, month.First(), paid, out.Members, out.Due, actor, s.now()); err != nil {
			return err
		}
		out.Paid, out.Amount, out.Late = true, paid, false
		// Arrears paid give the members they ended their places back.
		if _, err := fillQuota(ctx, tx, nagari, 0); err != nil {
			return err
		}
		return audit(ctx, tx, auditEntry{
			Actor: actor, StaffID: staffID, Action: "iuran.paid", Kind: "nagari", RecordID: nagari + "/" + month.String(), Nagari: nagari,
			After: map[string]string{
				"month": month.String(), "amount": strconv.FormatInt(paid, 10),
				"due": strconv.FormatInt(out.Due, 10), "members": strconv.Itoa(out.Members),
			},
		})
	})
	return out, err
}

// Chores is what one run of MembershipChores did.
type Chores struct {
	Warned, Lapsed, Reminded, YearsClosed, YearsRolled, Ended int
}

// MembershipChores runs the time-driven membership rules as at now: the
// unpaid-iuran warnings and endings, the budget-year renewal reminder and
// the year's end. Each nagari is handled in its own transaction under its
// row's lock, and every step leaves a mark (a warning row, a reminded
// year, no active member left), so a run repeated — after a restart, or by
// a second process — does nothing twice.
func (s *Store) MembershipChores(ctx context.Context, now time.Time) (Chores, error) {
	var c Chores
	if err := s.endDeathsTakenUp(ctx, now, &c); err != nil {
		return c, err
	}
	rows, err := s.pool.Query(ctx, `
		select code from nagari n
		where budget_year is not null
		   or exists (select 1 from registrations r where r.nagari_code = n.code and r.membership_state = 'aktif')
		order by code`)
	if err != nil {
		return c, fmt.Errorf("membership chores: %w", err)
	}
	codes, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return c, fmt.Errorf("membership chores: %w", err)
	}
	for _, code := range codes {
		if err := s.inTx(ctx, "membership chores of "+code, func(tx pgx.Tx) error {
			return s.nagariChores(ctx, tx, code, now, &c)
		}); err != nil {
			return c, err
		}
	}
	return c, nil
}

// nagariChores runs the chores of one nagari in tx.
func (s *Store) nagariChores(ctx context.Context, tx pgx.Tx, code string, now time.Time, c *Chores) error {
	var name string
	var quota int
	var budget, renewed, renewedQuota, reminded *int
	err := tx.QueryRow(ctx, `
		select name, quota, budget_year, renewed_year, renewed_quota, renewal_reminded from nagari where code = $1 for update`,
		code).Scan(&name, &quota, &budget, &renewed, &renewedQuota, &reminded)
	if err != nil {
		return err
	}
	today := domain.Today(now)
	if budget != nil && today.Year() > *budget {
		if renewed != nil {
			return s.rollYear(ctx, tx, code, *budget, *renewed, renewedQuota, now, c)
		}
		return s.closeYear(ctx, tx, code, name, *budget, quota, now, c)
	}
	if budget != nil && today.Year() == *budget && today.Month() >= domain.RenewalReminderMonth && renewed == nil &&
		(reminded == nil || *reminded != *budget) {
		var active int
		if err := tx.QueryRow(ctx, `select count(*) from registrations where nagari_code = $1 and membership_state = 'aktif'`, code).Scan(&active); err != nil {
			return err
		}
		if err := Enqueue(ctx, tx, notice.RenewalDue(code, name, *budget, quota, active, now)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `update nagari set renewal_reminded = budget_year where code = $1`, code); err != nil {
			return err
		}
		c.Reminded++
	}
	return s.iuranChores(ctx, tx, code, name, now, c)
}

// iuranChores warns of a nagari's unpaid iuran, or ends its memberships
// after more than the grace's months.
func (s *Store) iuranChores(ctx context.Context, tx pgx.Tx, code, name string, now time.Time, c *Chores) error {
	last := domain.LastDueMonth(now)
	months, err := iuranMonths(ctx, tx, code, last, domain.IuranGraceMonths+1, now)
	if err != nil {
		return err
	}
	streak := streakOf(months)
	if streak == 0 {
		return nil
	}
	members, recs, err := s.activeMembers(ctx, tx, code)
	if err != nil || len(recs) == 0 {
		return err
	}
	if domain.IuranLapsed(streak) {
		for _, rec := range recs {
			if err := s.endMembership(ctx, tx, rec, domain.EndUnpaid, domain.Today(now), now, "system", 0); err != nil {
				return err
			}
		}
		c.Lapsed++
		c.Ended += len(recs)
		for _, aud := range []string{notice.AudienceNagari, notice.AudienceAbove} {
			if err := Enqueue(ctx, tx, notice.MembershipsEnded(code, name, aud, domain.EndUnpaid, domain.Today(now), members, now)); err != nil {
				return err
			}
		}
		return nil
	}
	for _, level := range domain.IuranWarnLevels {
		if level != streak {
			continue
		}
		ct, err := tx.Exec(ctx, `
			insert into iuran_warnings (nagari_code, month, level, sent_at) values ($1, $2, $3, $4)
			on conflict do nothing`, code, last.First(), level, now)
		if err != nil {
			return err
		}
		if ct.RowsAffected() == 0 {
			return nil // warned before
		}
		for _, aud := range []string{notice.AudienceNagari, notice.AudienceAbove} {
			if err := Enqueue(ctx, tx, notice.IuranUnpaid(code, name, aud, last, streak, members, now)); err != nil {
				return err
			}
		}
		c.Warned++
	}
	return nil
}

// activeMembers reads nagari's active members, locked, in order of
// registration.
func (s *Store) activeMembers(ctx context.Context, tx pgx.Tx, code string) ([]notice.Member, []registrationRow, error) {
	rows, err := tx.Query(ctx, registrationSelect+`
		where r.nagari_code = $1 and r.membership_state = 'aktif' order by r.created_at, r.id for update of r`, code)
	if err != nil {
		return nil, nil, err
	}
	recs, err := pgx.CollectRows(rows, s.scanRegistration)
	if err != nil {
		return nil, nil, fmt.Errorf("active members of %s: %w", code, err)
	}
	members := make([]notice.Member, len(recs))
	for i, r := range recs {
		members[i] = notice.Member{Name: r.Name, Number: r.Number}
	}
	return members, recs, nil
}

// closeYear ends the active memberships of a nagari whose budget year ended
// unrenewed, from 1 January, and releases its quota (which belonged to the
// year): the quota becomes 0 and the budget year unrecorded, until the
// nagari renews.
func (s *Store) closeYear(ctx context.Context, tx pgx.Tx, code, name string, year, quota int, now time.Time, c *Chores) error {
	members, recs, err := s.activeMembers(ctx, tx, code)
	if err != nil {
		return err
	}
	endedOn := domain.YearStart(year + 1)
	for _, rec := range recs {
		if err := s.endMembership(ctx, tx, rec, domain.EndBudgetYear, endedOn, now, "system", 0); err != nil {
			return err
		}
	}
	if len(recs) > 0 {
		for _, aud := range []string{notice.AudienceNagari, notice.AudienceAbove} {
			if err := Enqueue(ctx, tx, notice.MembershipsEnded(code, name, aud, domain.EndBudgetYear, endedOn, members, now)); err != nil {
				return err
			}
		}
	}
	if _, err := tx.Exec(ctx, `
		update nagari set quota = 0, budget_year = null, renewed_year = null, renewed_quota = null where code = $1`, code); err != nil {
		return err
	}
	c.YearsClosed++
	c.Ended += len(recs)
	return audit(ctx, tx, auditEntry{
		Actor: "system", Action: "budget.closed", Kind: "nagari", RecordID: code, Nagari: code,
		Before: map[string]string{"budget_year": strconv.Itoa(year), "quota": strconv.Itoa(quota)},
		After:  map[string]string{"quota": "0", "ended": strconv.Itoa(len(recs))},
	})
}

// rollYear starts a renewed nagari's next budget year: its quota becomes
// the renewed one, and the active members whose cover ran to the old
// year's end are covered to the new year's end.
func (s *Store) rollYear(ctx context.Context, tx pgx.Tx, code string, year, next int, quota *int, now time.Time, c *Chores) error {
	_, recs, err := s.activeMembers(ctx, tx, code)
	if err != nil {
		return err
	}
	for _, rec := range recs {
		if rec.Membership.CoverEnd != domain.YearEnd(year) {
			continue
		}
		m := rec.Membership
		m.CoverEnd = domain.YearEnd(next)
		if err := s.writeMembership(ctx, tx, rec, m, "system", 0); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, `
		update nagari set budget_year = renewed_year, quota = coalesce(renewed_quota, quota),
			renewed_year = null, renewed_quota = null where code = $1`, code); err != nil {
		return err
	}
	if _, err := fillQuota(ctx, tx, code, 0); err != nil {
		return err
	}
	c.YearsRolled++
	after := map[string]string{"budget_year": strconv.Itoa(next)}
	if quota != nil {
		after["quota"] = strconv.Itoa(*quota)
	}
	return audit(ctx, tx, auditEntry{
		Actor: "system", Action: "budget.renewed_year", Kind: "nagari", RecordID: code, Nagari: code,
		Before: map[string]string{"budget_year": strconv.Itoa(year)}, After: after,
	})
}

// BudgetYear is a nagari's budget year as recorded.
type BudgetYear struct {
	Code, Name  string
	Year        int // 0 when not recorded
	Quota       int
	RenewedYear int // 0 when not renewed
	// RenewedQuota is the quota of the renewed year, -1 when it keeps the
	// quota.
	RenewedQuota int
}

// RenewNagari records budget year year for nagari code, from the CLI (as
// of s's clock): the current year (or an earlier one never recorded)
// becomes its budget year at once, with quota if given; the next year is
// stored as renewed, taking effect on 1 January. Audited.
func (s *Store) RenewNagari(ctx context.Context, code string, year int, quota *int) (BudgetYear, error) {
	var by BudgetYear
	err := s.inTx(ctx, "renew nagari "+code, func(tx pgx.Tx) error {
		var budget *int
		var oldQuota int
		err := tx.QueryRow(ctx, `select budget_year, quota from nagari where code = $1 for update`, code).Scan(&budget, &oldQuota)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("nagari %s: %w", code, ErrAreaUnknown)
		}
		if err != nil {
			return err
		}
		if quota != nil && *quota < 0 {
			return errors.New("quota below zero")
		}
		current := domain.Today(s.now()).Year()
		switch {
		case year == current || (year < current && budget == nil):
			if _, err := tx.Exec(ctx, `
				update nagari set budget_year = $2, quota = coalesce($3, quota), renewed_year = null, renewed_quota = null,
					programme_set_at = now() where code = $1`, code, year, quota); err != nil {
				return err
			}
			if _, err := fillQuota(ctx, tx, code, 0); err != nil {
				return err
			}
		case year == current+1 && budget != nil && *budget == current:
			if _, err := tx.Exec(ctx, `update nagari set renewed_year = $2, renewed_quota = $3 where code = $1`, code, year, quota); err != nil {
				return err
			}
		default:
			return fmt.Errorf("year %d: renew the current year (%d) or, once it is recorded, the next", year, current)
		}
		after := map[string]string{"year": strconv.Itoa(year)}
		if quota != nil {
			after["quota"] = strconv.Itoa(*quota)
		}
		if err := audit(ctx, tx, auditEntry{
			Actor: "cli", Action: "budget.renew", Kind: "nagari", RecordID: code, Nagari: code,
			Before: map[string]string{"quota": strconv.Itoa(oldQuota)}, After: after,
		}); err != nil {
			return err
		}
		var ry, rq *int
		by.Code = code
		if err := tx.QueryRow(ctx, `select name, coalesce(budget_year, 0), quota, renewed_year, renewed_quota from nagari where code = $1`, code).
			Scan(&by.Name, &by.Year, &by.Quota, &ry, &rq); err != nil {
			return err
		}
		by.RenewedQuota = -1
		if ry != nil {
			by.RenewedYear = *ry
		}
		if rq != nil {
			by.RenewedQuota = *rq
		}
		return nil
	})
	return by, err
}
