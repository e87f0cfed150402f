package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/notice"
)

// notEnded keeps an ended member (r) off the waiting list and out of the
// counts: their place was freed when the membership ended, and they are
// not waiting for another. A former member given a place again (fillQuota)
// counts like any funded worker.
const notEnded = `(r.membership_state is distinct from 'berakhir' or r.covered_at is not null)`

// QueuePage is how many registrations one page of /antrian shows: five
// buttons fit an old phone's screen without scrolling.
const QueuePage = 5

// Statuses of the worker notice "notify.status.registration", as
// package notice names them.
const (
	NoticeVerified = notice.StatusVerified
	NoticeWaiting  = notice.StatusWaiting
	NoticeRejected = notice.StatusRejected
	NoticePromoted = notice.StatusPromoted
)

// loadQueue answers a page of the area's pending registrations (newest
// first) or of its waiting list (in order of submission, which is the
// order it is served in).
func (s *Store) loadQueue(ctx context.Context, chatID int64, e engine.LoadQueue) (engine.Result, error) {
	var res engine.Result
	a := engine.Queue{Offset: max(e.Offset, 0), Waiting: e.Waiting}
	err := s.inTx(ctx, "load queue", func(tx pgx.Tx) error {
		ok, err := isStaff(ctx, tx, chatID)
		if err != nil || !ok {
			res.Err = "staff.denied"
			return err
		}
		// The waiting list: verified beyond the quota, and everything not
		// rejected in a nagari that has not joined the programme.
		const where = `
			from registrations r join nagari n on n.code = r.nagari_code
			where staff_can($1, r.nagari_code)
			  and case when $2 then (r.status = 'terverifikasi' and r.covered_at is null and ` + notEnded + `)
			                     or (r.status = 'menunggu_verifikasi' and not n.participating)
			           else r.status = 'menunggu_verifikasi' end`
		if err := tx.QueryRow(ctx, `select count(*) `+where, chatID, e.Waiting).Scan(&a.Total); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `
			select r.id, r.number, r.name, n.name as nagari_name `+where+`
			order by case when $2 then r.created_at end, case when $2 then r.id end,
			         r.created_at desc, r.id desc
			limit $3 offset $4`, chatID, e.Waiting, QueuePage, a.Offset)
		if err != nil {
			return err
		}
		a.Registrations, err = pgx.CollectRows(rows, pgx.RowToStructByName[domain.RegistrationSummary])
		return err
	})
	if err != nil || res.Err != "" {
		return res, err
	}
	return engine.Answered(e, a), nil
}

// loadRegistration answers one registration, if the chat's area covers it.
// A record of another area answers exactly like a record that does not
// exist.
func (s *Store) loadRegistration(ctx context.Context, chatID int64, e engine.LoadRegistration) (engine.Result, error) {
	reg, err := s.registration(ctx, s.pool, `where r.id = $2 and staff_can($1, r.nagari_code)`, chatID, e.ID)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return engine.Answered(e, engine.StaffRegistration{}), nil
	case err != nil:
		return engine.Result{}, fmt.Errorf("load registration for staff: %w", err)
	}
	return engine.Answered(e, engine.StaffRegistration{Found: true, Registration: reg.RegistrationRecord}), nil
}

// searchRegistration answers SearchRegistration: the NIK's blind index
// finds the record, staff_can keeps it to the chat's area, and the record
// is shown as loadRegistration shows it.
func (s *Store) searchRegistration(ctx context.Context, chatID int64, e engine.SearchRegistration) (engine.Result, error) {
	var res engine.Result
	var id int64
	err := s.inTx(ctx, "search registration", func(tx pgx.Tx) error {
		ok, err := isStaff(ctx, tx, chatID)
		if err != nil || !ok {
			res.Err = "staff.denied"
			return err
		}
		err = tx.QueryRow(ctx, `select id from registrations r where nik_index = $2 and staff_can($1, r.nagari_code)`,
			chatID, s.nikIndex(e.NIK)).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		return err
	})
	switch {
	case err != nil || res.Err != "":
		return res, err
	case id == 0:
		return engine.Answered(e, engine.StaffRegistration{}), nil
	}
	found, err := s.loadRegistration(ctx, chatID, engine.LoadRegistration{ID: id})
	if err != nil {
		return found, err
	}
	return engine.Answered(e, engine.AnswerOf[engine.LoadRegistration](&found)), nil
}

// decideRegistration verifies or rejects a pending registration of the
// chat's area. The nagari row is locked first (the quota is counted under
// it), then the registration; quota changes take the same order, so the two
// never deadlock. The worker's notice and the audit row commit with it.
func (s *Store) decideRegistration(ctx context.Context, chatID int64, e engine.DecideRegistration) (engine.Result, error) {
	var a engine.Decision
	err := s.inTx(ctx, "decide registration", func(tx pgx.Tx) error {
		var nagari string
		err := tx.QueryRow(ctx, `select nagari_code from registrations r where id = $2 and staff_can($1, r.nagari_code)`,
			chatID, e.ID).Scan(&nagari)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `select 1 from nagari where code = $1 for update`, nagari); err != nil {
			return err
		}
		var number string
		var status domain.Status
		var worker recipient
		err = tx.QueryRow(ctx, `
			select number, status, coalesce(chat_id, 0), entered_by_chat, name from registrations r
			where id = $2 and staff_can($1, r.nagari_code) for update`, chatID, e.ID).Scan(&number, &status, &worker.chat, &worker.enteredBy, &worker.name)
		if errors.Is(err, pgx.ErrNoRows) { // revoked or moved meanwhile
			return nil
		}
		if err != nil {
			return err
		}
		a = engine.Decision{Found: true, Number: number, Status: status}
		if status != domain.StatusPending {
			return nil // decided already, perhaps by a colleague a moment ago
		}
		staffID, err := actingStaff(ctx, tx, chatID, nagari)
		if err != nil {
			return err
		}
		next, reason := domain.StatusVerified, ""
		if !e.Verify {
			next, reason = domain.StatusRejected, e.Reason
			if reason == "" {
				return errors.New("reject without a reason")
			}
		}
		_, err = tx.Exec(ctx, `
			update registrations set status = $2, reject_reason = nullif($3, ''), decided_at = now(), decided_by = $4
			where id = $1`, e.ID, next, reason, staffID)
		if err != nil {
			return err
		}
		a.Status, a.Changed = next, true
		notice := NoticeRejected
		if e.Verify {
			promoted, err := fillQuota(ctx, tx, nagari, e.ID)
			if err != nil {
				return err
			}
			notice = NoticeWaiting
			if promoted[e.ID] {
				notice = NoticeVerified
			} else {
				a.Waiting = true
			}
		}
		if err := notifyWorker(ctx, tx, worker, chatID, number, notice, reason); err != nil {
			return err
		}
		return audit(ctx, tx, auditEntry{
			Actor: chatActor(chatID), StaffID: staffID, Action: "registration." + map[bool]string{true: "verify", false: "reject"}[e.Verify],
			Kind: "registration", RecordID: number, Nagari: nagari,
			Before: map[string]string{"status": string(status)},
			After:  map[string]string{"status": string(next), "reason": reason, "quota": notice},
		})
	})
	if err != nil {
		return engine.Result{}, err
	}
	return engine.Answered(e, a), nil
}

// fillQuota gives the nagari's free quota slots to its waiting list, and
// tells each promoted worker, except the one with id quiet (just verified:
// its own notice follows). The caller holds the nagari row's lock. A nagari
// that has not joined has no slots. Slots are never taken back: lowering a
// quota below its use only stops promotions.
//
// Former members come first: a verified worker whose membership ended
// because the nagari did not renew its budget year (once it has a budget
// year again) or did not pay the iuran (once the months that ended it are
// recorded paid) takes a place again before the never-covered waiting list,
// the earliest registered first, as the members of a renewed year keep
// theirs; then the waiting list in order of submission. A former member
// keeps the ended membership until the next batch submits them afresh
// (domain.Membership.Submit), and is told their place is back, not that
// they are covered. Members ended for any other reason never come back.
func fillQuota(ctx context.Context, tx pgx.Tx, nagari string, quiet int64) (map[int64]bool, error) {
	paidUp, err := arrearsPaid(ctx, tx, nagari)
	if err != nil {
		return nil, err
	}
	rows, err := tx.Query(ctx, `
		with free as (
			select greatest(0, case when n.participating then n.quota else 0 end
			                   - (select count(*) from registrations where nagari_code = n.code and covered_at is not null)) as slots
			from nagari n where n.code = $1
		), chosen as (
			select r.id from registrations r join nagari n on n.code = r.nagari_code
			where r.nagari_code = $1 and r.status = 'terverifikasi' and r.covered_at is null
			  and (r.membership_state is distinct from 'berakhir'
			       or (`+noDeathTakenUp+` and
			           ((r.end_reason = 'tahun_anggaran_berakhir' and n.budget_year is not null)
			            or (r.end_reason = 'iuran_tidak_dibayar' and r.ended_on = any($2::date[])))))
			order by r.membership_state is not distinct from 'berakhir' desc, r.created_at, r.id
			limit (select slots from free)
			for update of r
		)
		update registrations r set covered_at = now()
		from chosen where r.id = chosen.id
		returning r.id, coalesce(r.chat_id, 0), r.entered_by_chat, r.name, r.number, r.membership_state is not distinct from 'berakhir'`,
		nagari, paidUp)
	if err != nil {
		return nil, fmt.Errorf("fill quota of %s: %w", nagari, err)
	}
	type promo struct {
		id     int64
		to     recipient
		number string
		back   bool // a former member
	}
	var list []promo
	var p promo
	if _, err := pgx.ForEachRow(rows, []any{&p.id, &p.to.chat, &p.to.enteredBy, &p.to.name, &p.number, &p.back}, func() error {
		list = append(list, p)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("fill quota of %s: %w", nagari, err)
	}
	promoted := map[int64]bool{}
	for _, p := range list {
		promoted[p.id] = true
		switch {
		case p.id == quiet:
		case p.back:
			if err := notifyReenrolled(ctx, tx, p.to, p.number); err != nil {
				return nil, err
			}
			if err := audit(ctx, tx, auditEntry{
				Actor: "system", Action: "membership.reenrol", Kind: "registration", RecordID: p.number, Nagari: nagari,
				After: map[string]string{"quota": "kembali"},
			}); err != nil {
				return nil, err
			}
		default:
			if err := notifyWorker(ctx, tx, p.to, 0, p.number, NoticePromoted, ""); err != nil {
				return nil, err
			}
		}
	}
	return promoted, nil
}

// noDeathTakenUp keeps a former member (r) whose death report staff took
// up from coming back: the death ends only an active membership, so a
// member who died after theirs ended is known by the report alone.
const noDeathTakenUp = `not exists (select 1 from reports p where p.registration_id = r.id and p.death
	and p.stage in ('ditindaklanjuti', 'diajukan', 'selesai'))`

// notifyReenrolled tells a former member, or whoever entered their
// registration when it has no chat, that their place is back.
func notifyReenrolled(ctx context.Context, tx pgx.Tx, to recipient, number string) error {
	switch {
	case to.chat != 0:
		return Enqueue(ctx, tx, notice.Reenrolled(to.chat, number))
	case to.enteredBy == 0: // imported: nobody to tell
		return nil
	}
	return Enqueue(ctx, tx, notice.EnteredReenrolled(to.enteredBy, number, to.name))
}

// arrearsPaid lists the days on which the nagari's memberships ended for
// unpaid iuran whose arrears are since recorded paid: every month of the
// grace before the ending that owed iuran is paid. Their former members
// may take a place again.
func arrearsPaid(ctx context.Context, tx pgx.Tx, nagari string) ([]time.Time, error) {
	rows, err := tx.Query(ctx, `
		select distinct ended_on from registrations
		where nagari_code = $1 and status = 'terverifikasi' and covered_at is null
		  and membership_state = 'berakhir' and end_reason = 'iuran_tidak_dibayar'
		order by 1`, nagari)
	if err != nil {
		return nil, fmt.Errorf("unpaid endings of %s: %w", nagari, err)
	}
	days, err := pgx.CollectRows(rows, pgx.RowTo[time.Time])
	if err != nil {
		return nil, fmt.Errorf("unpaid endings of %s: %w", nagari, err)
	}
	paid := []time.Time{}
	for _, d := range days {
		// The months the ending looked at: up to the last due month on its day.
		at := d.Add(12 * time.Hour)
		months, err := iuranMonths(ctx, tx, nagari, domain.LastDueMonth(at), domain.IuranGraceMonths+1, at)
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(months, func(m IuranMonth) bool { return m.Members > 0 && !m.Paid }) {
			paid = append(paid, d)
		}
	}
	return paid, nil
}

// MaxOfficeContact is the longest office contact a nagari may set: a phone
// number and an address, as the help shows them.
const MaxOfficeContact = 300

// NagariSetting is a change to a nagari's participation and quota; nil
// fields stay as they are.
type NagariSetting struct {
	Participating *bool
	Quota         *int
	// Contact is how workers reach the nagari office, shown by the help;
	// "" clears it.
	Contact *string
}

// NagariProgramme is a nagari's participation and quota use.
type NagariProgramme struct {
	Code, Name, Kecamatan string
	Participating         bool
	Quota, Covered        int
	Waiting               int
	Contact               string
}

// SetNagari changes a nagari's participation or quota from the CLI, then
// promotes its waiting list into any new slots, telling each promoted
// worker. It returns the nagari as it now stands and how many were
// promoted.
func (s *Store) SetNagari(ctx context.Context, code string, set NagariSetting) (NagariProgramme, int, error) {
	var np NagariProgramme
	var promoted int
	err := s.inTx(ctx, "set nagari "+code, func(tx pgx.Tx) error {
		var wasPart bool
		var wasQuota int
		var wasContact string
		err := tx.QueryRow(ctx, `select participating, quota, office_contact from nagari where code = $1 for update`, code).Scan(&wasPart, &wasQuota, &wasContact)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("nagari %s: %w", code, ErrAreaUnknown)
		}
		if err != nil {
			return err
		}
		part, quota, contact := wasPart, wasQuota, wasContact
		if set.Participating != nil {
			part = *set.Participating
		}
		if set.Quota != nil {
			if *set.Quota < 0 {
				return errors.New("quota below zero")
			}
			quota = *set.Quota
		}
		if set.Contact != nil {
			contact = strings.TrimSpace(*set.Contact)
			if n := utf8.RuneCountInString(contact); n > MaxOfficeContact {
				return fmt.Errorf("contact is %d characters, at most %d", n, MaxOfficeContact)
			}
		}
		if _, err := tx.Exec(ctx, `update nagari set participating = $2, quota = $3, office_contact = $4, programme_set_at = now() where code = $1`,
			code, part, quota, contact); err != nil {
			return err
		}
		got, err := fillQuota(ctx, tx, code, 0)
		if err != nil {
			return err
		}
		promoted = len(got)
		if err := audit(ctx, tx, auditEntry{
			Actor: "cli", Action: "nagari.set", Kind: "nagari", RecordID: code, Nagari: code,
			Before: map[string]string{"participating": strconv.FormatBool(wasPart), "quota": strconv.Itoa(wasQuota), "contact": wasContact},
			After:  map[string]string{"participating": strconv.FormatBool(part), "quota": strconv.Itoa(quota), "contact": contact, "promoted": strconv.Itoa(promoted)},
		}); err != nil {
			return err
		}
		np, err = nagariProgramme(ctx, tx, code)
		return err
	})
	return np, promoted, err
}

// nagariProgramme reads one nagari's participation and quota use.
func nagariProgramme(ctx context.Context, tx pgx.Tx, code string) (NagariProgramme, error) {
	var np NagariProgramme
	err := tx.QueryRow(ctx, `
		select n.code, n.name, n.kecamatan_name, n.participating, n.quota, n.office_contact,
		       count(r.id) filter (where r.covered_at is not null),
		       count(r.id) filter (where r.status = 'terverifikasi' and r.covered_at is null and `+notEnded+`)
		from nagari n left join registrations r on r.nagari_code = n.code
		where n.code = $1
		group by n.code`, code).Scan(&np.Code, &np.Name, &np.Kecamatan, &np.Participating, &np.Quota, &np.Contact, &np.Covered, &np.Waiting)
	return np, err
}

// waiting reports whether the nagari has not joined the programme, so the
// worker is told at once, honestly, that the registration waits for the
// nagari to join.
func waiting(ctx context.Context, tx pgx.Tx, nagari string) (bool, error) {
	var participating bool
	if err := tx.QueryRow(ctx, `select participating from nagari where code = $1`, nagari).Scan(&participating); err != nil {
		return false, fmt.Errorf("read participation of %s: %w", nagari, err)
	}
	return !participating, nil
}

// resubmitRejected lets a worker send a rejected registration again,
// corrected: the chat's own rejected record with the same NIK is
// overwritten, keeps its number, and goes back to the queue (staff are
// notified again). The form's key is stored, so a repeat of this submit
// finds the record as its own. It reports whether it did so, filling a.
func (s *Store) resubmitRejected(ctx context.Context, tx pgx.Tx, en entry, key string, r domain.Registration, a *engine.Submitted) (bool, error) {
	id, number, err := resubmitRegistration(ctx, tx, s.keys, en, key, r)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("resubmit rejected registration: %w", err)
	}
	*a = engine.Submitted{Number: number, Status: domain.StatusPending}
	if a.Waiting, err = waiting(ctx, tx, r.NagariCode); err != nil {
		return false, err
	}
	rec, err := submittedRecord(ctx, tx, en, id, number, r)
	if err != nil {
		return false, err
	}
	return true, Enqueue(ctx, tx, notice.RegistrationSubmitted(rec))
}
