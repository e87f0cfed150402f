package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jaganagari/jaganagari/internal/notice"
)

// Outbox delivers the outbox: it fans each due notice out to its
// recipients (one outbox_delivery row per chat) and hands deliveries to
// senders, one sender per delivery at a time. Every method takes the
// current time as an argument, so tests drive it with their own clock.
type Outbox struct {
	pool *pgxpool.Pool
}

// NewOutbox returns the delivery side of the outbox in pool's schema.
func NewOutbox(pool *pgxpool.Pool) *Outbox { return &Outbox{pool: pool} }

// Levels of a delivery: why this chat gets the notice.
const (
	LevelDirect    = "direct"
	LevelNagari    = "nagari"
	LevelGroup     = "group"
	LevelKecamatan = "kecamatan"
	LevelKabupaten = "kabupaten"
)

// staffLevels is the escalation order for a nagari's notices.
var staffLevels = []string{LevelNagari, LevelKecamatan, LevelKabupaten}

// Delivery is one notice to one chat, claimed by a sender.
type Delivery struct {
	OutboxID   int64
	ChatID     int64
	Level      string
	Audience   string
	Kind       string
	Msg        string
	Data       map[string]string
	Buttons    [][]NoticeButton
	Photos     []string
	NagariName string // of the notice's nagari; "" for direct notices
	Lang       string // the chat's language; "" when it never chose one
	PartsSent  int    // API calls already done: 1 once the text is out
	Attempts   int    // including this one
}

// Escalated reports whether the chat gets the notice only because the
// nagari had no reachable staff.
func (d Delivery) Escalated() bool {
	return d.Audience == "nagari" && (d.Level == LevelKecamatan || d.Level == LevelKabupaten)
}

// refanAfter is how soon a notice that found no recipient at all (no
// staff anywhere, not even a regency admin) is looked at again. It is
// never dropped: the sender logs it as an error each time.
const refanAfter = 5 * time.Minute

// advisory lock keys: claims are serialised so that "one delivery in
// flight per chat" holds across sender processes.
const claimLock = 0x6a6e6f7574626f78 // "jnoutbox"

// Fan writes the recipients of up to limit due notices. It returns how
// many were fanned out and how many found no recipient (held back and
// retried after refanAfter). Concurrent callers skip each other's rows.
func (o *Outbox) Fan(ctx context.Context, now time.Time, limit int) (fanned, unrouted int, err error) {
	err = pgx.BeginFunc(ctx, o.pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
			select id, coalesce(nagari_code, ''), coalesce(chat_id, 0), audience from outbox
			where fanned_at is null and not_before <= $1 and (fan_after is null or fan_after <= $1)
			order by id limit $2
			for update skip locked`, now, limit)
		if err != nil {
			return err
		}
		type row struct {
			id       int64
			nagari   string
			chat     int64
			audience string
		}
		var due []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.nagari, &r.chat, &r.audience); err != nil {
				return err
			}
			due = append(due, r)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for _, r := range due {
			var n int
			switch {
			case r.chat != 0:
				n, err = insertDeliveries(ctx, tx, r.id, LevelDirect, []int64{r.chat}, now)
			case r.audience == notice.AudienceAbove:
				n, err = fanAbove(ctx, tx, r.id, r.nagari, now)
			default:
				n, err = fanLevels(ctx, tx, r.id, r.nagari, staffLevels, now)
				if err == nil {
					// The group gets a copy whoever else does.
					var group *int64
					err = tx.QueryRow(ctx, `select chat_id from nagari_groups where nagari_code = $1`, r.nagari).Scan(&group)
					if errors.Is(err, pgx.ErrNoRows) {
						err = nil
					}
					if err == nil && group != nil {
						_, err = insertDeliveries(ctx, tx, r.id, LevelGroup, []int64{*group}, now)
					}
				}
			}
			if err != nil {
				return fmt.Errorf("fan out notice %d: %w", r.id, err)
			}
			if n == 0 {
				unrouted++
				if _, err := tx.Exec(ctx, `update outbox set fan_after = $2 where id = $1`, r.id, now.Add(refanAfter)); err != nil {
					return err
				}
				continue
			}
			fanned++
			if _, err := tx.Exec(ctx, `update outbox set fanned_at = $2, fan_after = null where id = $1`, r.id, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, 0, fmt.Errorf("fan out notices: %w", err)
	}
	return fanned, unrouted, nil
}

// fanLevels delivers to the first of levels that has reachable staff.
func fanLevels(ctx context.Context, tx pgx.Tx, outboxID int64, nagari string, levels []string, now time.Time) (int, error) {
	for _, level := range levels {
		chats, err := staffAt(ctx, tx, level, nagari)
		if err != nil {
			return 0, err
		}
		if len(chats) > 0 {
			return insertDeliveries(ctx, tx, outboxID, level, chats, now)
		}
	}
	return 0, nil
}

// fanAbove delivers an escalation to the kecamatan officers and the
// regency admins together.
func fanAbove(ctx context.Context, tx pgx.Tx, outboxID int64, nagari string, now time.Time) (int, error) {
	total := 0
	for _, level := range []string{LevelKecamatan, LevelKabupaten} {
		chats, err := staffAt(ctx, tx, level, nagari)
		if err != nil {
			return 0, err
		}
		n, err := insertDeliveries(ctx, tx, outboxID, level, chats, now)
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

// staffAt lists the reachable staff chats of a level for nagari.
func staffAt(ctx context.Context, tx pgx.Tx, level, nagari string) ([]int64, error) {
	var q string
	switch level {
	case LevelNagari:
		q = `select distinct chat_id from staff where active and blocked_at is null
			and role = 'petugas_nagari' and nagari_code = $1 order by chat_id`
	case LevelKecamatan:
		q = `select distinct chat_id from staff where active and blocked_at is null
			and role = 'petugas_kecamatan' and kecamatan_code = left($1, 8) order by chat_id`
	case LevelKabupaten:
		q = `select distinct chat_id from staff where active and blocked_at is null
			and role = 'admin_kabupaten' and $1 <> '' order by chat_id`
	default:
		return nil, fmt.Errorf("unknown staff level %q", level)
	}
	rows, err := tx.Query(ctx, q, nagari)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// insertDeliveries writes one pending delivery per chat. A chat that has
// the notice already (from an earlier level, or a second fan-out) keeps
// its row: the key (outbox_id, chat_id) is what makes delivery once-only.
func insertDeliveries(ctx context.Context, tx pgx.Tx, outboxID int64, level string, chats []int64, now time.Time) (int, error) {
	if len(chats) == 0 {
		return 0, nil
	}
	tag, err := tx.Exec(ctx, `
		insert into outbox_delivery (outbox_id, chat_id, level, next_attempt_at)
		select $1, c, $2, $3 from unnest($4::bigint[]) as c
		on conflict (outbox_id, chat_id) do nothing`, outboxID, level, now, chats)
	if err != nil {
		return 0, err
	}
	return int(tag.RowsAffected()), nil
}

// Claim hands out up to limit due deliveries, at most one per chat, none
// for a chat that has a delivery in flight or got one less than gap ago
// (groupGap for the nagari groups): Telegram's 1 message/s per chat and
// 20/min per group, held across sender processes. Claimed deliveries are
// 'sending' until Sent, Retry or GiveUp; Reclaim returns the abandoned.
func (o *Outbox) Claim(ctx context.Context, now time.Time, limit int, gap, groupGap time.Duration) ([]Delivery, error) {
	var out []Delivery
	err := pgx.BeginFunc(ctx, o.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `select pg_advisory_xact_lock($1)`, int64(claimLock)); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `
			with ready as (
				select distinct d.chat_id from outbox_delivery d
				where d.state = 'pending' and d.next_attempt_at <= $1
				and not exists (select 1 from outbox_delivery x where x.chat_id = d.chat_id and x.state = 'sending')
			),
			picked as (
				select p.outbox_id, p.chat_id from ready c
				cross join lateral (
					select d.outbox_id, d.chat_id, d.level from outbox_delivery d
					where d.chat_id = c.chat_id and d.state = 'pending' and d.next_attempt_at <= $1
					order by d.next_attempt_at, d.outbox_id
					limit 1
					for update skip locked
				) p
				where not exists (
					select 1 from outbox_delivery x
					where x.chat_id = p.chat_id and x.state = 'sent'
					and x.sent_at > $1::timestamptz - case when p.level = 'group' then $4::interval else $3::interval end)
				limit $2
			)
			update outbox_delivery d
			set state = 'sending', claimed_at = $1, attempts = d.attempts + 1
			from picked
			join outbox o on o.id = picked.outbox_id
			left join nagari n on n.code = o.nagari_code
			where d.outbox_id = picked.outbox_id and d.chat_id = picked.chat_id
			returning d.outbox_id, d.chat_id, d.level, o.audience, o.kind, o.msg, o.data, o.buttons, o.photos,
				coalesce(n.name, ''),
				coalesce((select lang from chats ch where ch.chat_id = d.chat_id), ''),
				d.parts_sent, d.attempts`,
			now, limit, gap, groupGap)
		if err != nil {
			return err
		}
		for rows.Next() {
			var d Delivery
			var data, buttons []byte
			if err := rows.Scan(&d.OutboxID, &d.ChatID, &d.Level, &d.Audience, &d.Kind, &d.Msg, &data, &buttons,
				&d.Photos, &d.NagariName, &d.Lang, &d.PartsSent, &d.Attempts); err != nil {
				return err
			}
			if err := json.Unmarshal(data, &d.Data); err != nil {
				return fmt.Errorf("notice %d data: %w", d.OutboxID, err)
			}
			if err := json.Unmarshal(buttons, &d.Buttons); err != nil {
				return fmt.Errorf("notice %d buttons: %w", d.OutboxID, err)
			}
			out = append(out, d)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("claim deliveries: %w", err)
	}
	return out, nil
}

// Progress records that the first parts of d (the text) went out, so a
// retry sends only the rest.
func (o *Outbox) Progress(ctx context.Context, d Delivery, parts int) error {
	_, err := o.pool.Exec(ctx, `
		update outbox_delivery set parts_sent = $3
		where outbox_id = $1 and chat_id = $2 and state = 'sending'`, d.OutboxID, d.ChatID, parts)
	if err != nil {
		return fmt.Errorf("record delivery progress: %w", err)
	}
	return nil
}

// Sent marks d delivered.
func (o *Outbox) Sent(ctx context.Context, d Delivery, parts int, at time.Time) error {
	_, err := o.pool.Exec(ctx, `
		update outbox_delivery set state = 'sent', sent_at = $3, parts_sent = $4, claimed_at = null, last_error = null
		where outbox_id = $1 and chat_id = $2 and state = 'sending'`, d.OutboxID, d.ChatID, at, parts)
	if err != nil {
		return fmt.Errorf("mark delivery sent: %w", err)
	}
	return nil
}

// Retry puts d back to wait until at. With chatWide (Telegram's 429 for
// this chat) every pending delivery to the chat waits as long, so the next
// one does not run into the same flood control.
func (o *Outbox) Retry(ctx context.Context, d Delivery, parts int, at time.Time, chatWide bool, reason string) error {
	err := pgx.BeginFunc(ctx, o.pool, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `
			update outbox_delivery set state = 'pending', claimed_at = null, parts_sent = $5,
				next_attempt_at = $3, last_error = $4
			where outbox_id = $1 and chat_id = $2 and state = 'sending'`, d.OutboxID, d.ChatID, at, reason, parts)
		if err != nil || !chatWide {
			return err
		}
		_, err = tx.Exec(ctx, `
			update outbox_delivery set next_attempt_at = $2
			where chat_id = $1 and state = 'pending' and next_attempt_at < $2`, d.ChatID, at)
		return err
	})
	if err != nil {
		return fmt.Errorf("retry delivery: %w", err)
	}
	return nil
}

// GiveUp ends d: blocked when the chat blocked the bot (403), else failed.
// A blocked staff chat is marked so later notices skip it, and a blocked
// group is unlinked. When no one at d's staff level still has the notice,
// it goes to the next level (nagari → kecamatan → kabupaten); escalated is
// how many chats that added. Nothing is dropped without a trace: the
// caller logs what GiveUp reports.
func (o *Outbox) GiveUp(ctx context.Context, d Delivery, blocked bool, now time.Time, reason string) (escalated int, err error) {
	state := "failed"
	if blocked {
		state = "blocked"
	}
	err = pgx.BeginFunc(ctx, o.pool, func(tx pgx.Tx) error {
		var nagari string
		err := tx.QueryRow(ctx, `
			update outbox_delivery d set state = $3, claimed_at = null, last_error = $4
			from outbox o
			where d.outbox_id = $1 and d.chat_id = $2 and d.state = 'sending' and o.id = d.outbox_id
			returning coalesce(o.nagari_code, '')`, d.OutboxID, d.ChatID, state, reason).Scan(&nagari)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil // reclaimed and handled by another sender meanwhile
		}
		if err != nil {
			return err
		}
		if blocked {
			switch d.Level {
			case LevelNagari, LevelKecamatan, LevelKabupaten:
				_, err = tx.Exec(ctx, `update staff set blocked_at = $2 where chat_id = $1 and blocked_at is null`, d.ChatID, now)
			case LevelGroup:
				// The bot was removed from the group: unlink it.
				_, err = tx.Exec(ctx, `delete from nagari_groups where chat_id = $1`, d.ChatID)
			}
			if err != nil {
				return err
			}
		}
		next := nextLevels(d)
		if next == nil {
			return nil
		}
		var alive bool
		err = tx.QueryRow(ctx, `
			select exists (select 1 from outbox_delivery
				where outbox_id = $1 and level = $2 and state in ('pending', 'sending', 'sent'))`,
			d.OutboxID, d.Level).Scan(&alive)
		if err != nil || alive {
			return err
		}
		escalated, err = fanLevels(ctx, tx, d.OutboxID, nagari, next, now)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("give up delivery: %w", err)
	}
	return escalated, nil
}

// nextLevels are the levels a staff notice falls back to after d's level
// lost its last recipient; nil when there is nothing further.
func nextLevels(d Delivery) []string {
	if d.Audience != "nagari" {
		return nil
	}
	for i, l := range staffLevels {
		if l == d.Level && i+1 < len(staffLevels) {
			return staffLevels[i+1:]
		}
	}
	return nil
}

// Reclaim returns deliveries left 'sending' for longer than lease (their
// sender crashed between claiming and marking) to pending, and reports
// how many. They are sent again: see the package documentation of notify
// for why a possible duplicate is preferred over a possible loss.
func (o *Outbox) Reclaim(ctx context.Context, now time.Time, lease time.Duration) (int, error) {
	tag, err := o.pool.Exec(ctx, `
		update outbox_delivery set state = 'pending', claimed_at = null, next_attempt_at = $1,
			last_error = 'lease expired: sender stopped before marking'
		where state = 'sending' and claimed_at < $1::timestamptz - $2::interval`, now, lease)
	if err != nil {
		return 0, fmt.Errorf("reclaim deliveries: %w", err)
	}
	return int(tag.RowsAffected()), nil
}

// SendTokens is how many send_tokens rows migration 012 makes: the most
// calls TakeSendToken can let through in one span.
const SendTokens = 30

// TakeSendToken takes one of the first n send tokens (migration 012) whose
// span has passed, leased for lease: if the taker dies, the token frees
// itself then. ok is false when none is free; wait is then how long until
// the first one is. The database's clock decides, the one clock every
// sender shares.
func (o *Outbox) TakeSendToken(ctx context.Context, n int, lease time.Duration) (slot int, wait time.Duration, ok bool, err error) {
	err = o.pool.QueryRow(ctx, `
		with free as (
			select slot from send_tokens where slot < $1 and free_at <= clock_timestamp()
			order by free_at, slot limit 1 for update skip locked
		)
		update send_tokens t set free_at = clock_timestamp() + $2::interval
		from free where t.slot = free.slot
		returning t.slot`, min(n, SendTokens), lease).Scan(&slot)
	if err == nil {
		return slot, 0, true, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return 0, 0, false, fmt.Errorf("take a send token: %w", err)
	}
	var secs float64
	err = o.pool.QueryRow(ctx, `
		select greatest(0, extract(epoch from min(free_at) - clock_timestamp()))::float8
		from send_tokens where slot < $1`, min(n, SendTokens)).Scan(&secs)
	if err != nil {
		return 0, 0, false, fmt.Errorf("take a send token: %w", err)
	}
	return 0, time.Duration(secs * float64(time.Second)), false, nil
}

// ReturnSendToken gives a token back after the call that used it ended,
// usable again a span from now.
func (o *Outbox) ReturnSendToken(ctx context.Context, slot int, span time.Duration) error {
	if _, err := o.pool.Exec(ctx, `update send_tokens set free_at = clock_timestamp() + $2::interval where slot = $1`, slot, span); err != nil {
		return fmt.Errorf("return a send token: %w", err)
	}
	return nil
}

// NoticeRetention is how long a notice is kept once every delivery of it
// is done (sent, failed or blocked). A notice carries a worker's name and
// masked NIK; the record it is about keeps everything that matters, so
// the copy goes when nobody can still need it to find out what was sent.
const NoticeRetention = 30 * 24 * time.Hour

// Prune deletes the notices whose deliveries all ended more than
// NoticeRetention before now, with their delivery rows, and says how many.
// Notices still waiting for a recipient, or with a delivery pending or in
// hand, stay whatever their age.
func (o *Outbox) Prune(ctx context.Context, now time.Time) (int, error) {
	tag, err := o.pool.Exec(ctx, `
		delete from outbox n
		where n.fanned_at is not null and n.created_at < $1::timestamptz - $2::interval
		and not exists (
			select 1 from outbox_delivery d
			where d.outbox_id = n.id
			and (d.state in ('pending', 'sending') or coalesce(d.sent_at, d.created_at) >= $1::timestamptz - $2::interval))`,
		now, NoticeRetention)
	if err != nil {
		return 0, fmt.Errorf("prune notices: %w", err)
	}
	return int(tag.RowsAffected()), nil
}

// NextDue returns when the next delivery or notice becomes due, so a
// sender can sleep until then; ok is false when nothing is waiting.
func (o *Outbox) NextDue(ctx context.Context, now time.Time) (at time.Time, ok bool, err error) {
	var next *time.Time
	err = o.pool.QueryRow(ctx, `
		select least(
			(select min(next_attempt_at) from outbox_delivery where state = 'pending'),
			(select min(greatest(not_before, coalesce(fan_after, not_before))) from outbox where fanned_at is null))`).Scan(&next)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("next due delivery: %w", err)
	}
	if next == nil {
		return time.Time{}, false, nil
	}
	return *next, true, nil
}
