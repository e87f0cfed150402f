package postgres

// A worker registered with help takes over their record (migration 021):
// by a one-time code an officer or kader reads out, or by sharing their
// own Telegram contact, whose number matches the record's phone_index.

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/notice"
	"github.com/jaganagari/jaganagari/internal/seal"
)

// LinkCodeTTL is how long a link code can be used.
const LinkCodeTTL = 7 * 24 * time.Hour

// MaxLinkFailures is how many wrong codes a chat may send within
// LinkFailureWindow; the next one is not even checked.
const (
	MaxLinkFailures   = 5
	LinkFailureWindow = time.Hour
)

// linkAlphabet is 19 letters: none easily misread (I, L, O, Q) or misheard
// when read out (B, V, Z), and no digits to mix up with letters. Six of
// them give 47 million codes; at five guesses an hour a live one is out of
// reach.
const linkAlphabet = "ACDEFGHJKMNPRSTUWXY"

// linkCodeLen is the code's letters, shown as two groups of three.
const linkCodeLen = domain.LinkCodeLen

// indexLinkCode is the blind index field of link codes.
const indexLinkCode = "link_code"

// newLinkCode returns a random code like "KMR-TXA".
func newLinkCode() (string, error) {
	var sb strings.Builder
	for sb.Len() < linkCodeLen+1 {
		var b [1]byte
		if _, err := rand.Read(b[:]); err != nil {
			return "", err
		}
		// Rejection sampling keeps every letter equally likely.
		if int(b[0]) >= 256/len(linkAlphabet)*len(linkAlphabet) {
			continue
		}
		if sb.Len() == 3 {
			sb.WriteByte('-')
		}
		sb.WriteByte(linkAlphabet[int(b[0])%len(linkAlphabet)])
	}
	return sb.String(), nil
}

// linkCodeIndex is the blind index a code is stored and looked up under:
// an HMAC under the index key, so a database dump does not give the codes,
// nor can they be found by hashing all 47 million.
func linkCodeIndex(keys *seal.Keys, code string) []byte {
	norm, err := domain.ParseLinkCode(code)
	if err != nil {
		norm = "" // matches no code
	}
	return keys.Index(indexLinkCode, norm)
}

// issueLinkCode makes the live code of registration id, replacing any
// older one, made by chat at now.
func (s *Store) issueLinkCode(ctx context.Context, tx pgx.Tx, id, chat int64) (string, time.Time, error) {
	now := s.now()
	if _, err := tx.Exec(ctx, `delete from link_codes where expires_at <= $1`, now); err != nil {
		return "", time.Time{}, fmt.Errorf("drop expired link codes: %w", err)
	}
	for range 5 {
		code, err := newLinkCode()
		if err != nil {
			return "", time.Time{}, err
		}
		h := linkCodeIndex(s.keys, code)
		var taken bool
		err = tx.QueryRow(ctx, `select exists (select 1 from link_codes where code_hash = $1 and registration_id <> $2)`, h, id).Scan(&taken)
		if err != nil {
			return "", time.Time{}, fmt.Errorf("issue link code: %w", err)
		}
		if taken {
			continue
		}
		expires := now.Add(LinkCodeTTL)
		_, err = tx.Exec(ctx, `
			insert into link_codes (registration_id, code_hash, created_by_chat, created_at, expires_at)
			values ($1, $2, $3, $4, $5)
			on conflict (registration_id) do update
			set code_hash = excluded.code_hash, created_by_chat = excluded.created_by_chat,
			    created_at = excluded.created_at, expires_at = excluded.expires_at, used_at = null, used_by = null`,
			id, h, chat, now, expires)
		if err != nil {
			return "", time.Time{}, fmt.Errorf("issue link code: %w", err)
		}
		return code, expires, nil
	}
	return "", time.Time{}, errors.New("issue link code: no free code in 5 tries")
}

// createLinkCode answers CreateLinkCode: for a petugas nagari of the
// record's nagari, or the kader who entered it, a fresh code.
func (s *Store) createLinkCode(ctx context.Context, chatID int64, e engine.CreateLinkCode) (engine.Result, error) {
	var res engine.Result
	err := s.inTx(ctx, "create link code", func(tx pgx.Tx) error {
		var assists bool
		err := tx.QueryRow(ctx, `select exists (select 1 from staff where chat_id = $1 and active and role in ($2, $3))`,
			chatID, domain.RoleNagari, domain.RoleKader).Scan(&assists)
		if err != nil {
			return err
		}
		if !assists {
			res.Err = "link.code.denied"
			return nil
		}
		var (
			id, staffID  int64
			linked       bool
			number, name string
			nagari       string
		)
		err = tx.QueryRow(ctx, `
			select r.id, r.chat_id is not null, r.number, r.name, r.nagari_code, s.id
			from registrations r
			join staff s on s.chat_id = $2 and s.active and s.nagari_code = r.nagari_code
			     and (s.role = 'petugas_nagari' or (s.role = 'kader' and r.entered_by_chat = $2))
			where r.nik_index = $1
			order by case s.role when 'petugas_nagari' then 0 else 1 end, s.id
			limit 1
			for update of r`, s.nikIndex(e.NIK), chatID).Scan(&id, &linked, &number, &name, &nagari, &staffID)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			res.Err = "link.code.not_found"
			return nil
		case err != nil:
			return err
		case linked:
			res.Err = "link.code.linked"
			return nil
		}
		code, expires, err := s.issueLinkCode(ctx, tx, id, chatID)
		if err != nil {
			return err
		}
		res = engine.Answered(e, engine.LinkCode{Code: code, Number: number, Name: name, Expires: expires})
		// The code itself is never written anywhere but to the officer.
		return audit(ctx, tx, auditEntry{
			Actor: chatActor(chatID), StaffID: staffID, Action: "link.code", Kind: "registration", RecordID: number, Nagari: nagari,
		})
	})
	if err != nil {
		return engine.Result{}, err
	}
	return res, nil
}

// linkByCode answers LinkByCode. A chat that sent MaxLinkFailures wrong
// codes within LinkFailureWindow is refused before its code is looked at.
func (s *Store) linkByCode(ctx context.Context, chatID int64, e engine.LinkByCode) (engine.Result, error) {
	var res engine.Result
	now := s.now()
	err := s.inTx(ctx, "link by code", func(tx pgx.Tx) error {
		var failures int
		err := tx.QueryRow(ctx, `select count(*) from link_failures where chat_id = $1 and at > $2`,
			chatID, now.Add(-LinkFailureWindow)).Scan(&failures)
		if err != nil {
			return err
		}
		if failures >= MaxLinkFailures {
			res.Err = "link.wait"
			return nil
		}
		var (
			id                   int64
			expires              time.Time
			usedBy, chat         *int64
			number, name, nagari string
			nagariCode           string
			enteredBy            int64
		)
		err = tx.QueryRow(ctx, `
			select r.id, l.expires_at, l.used_by, r.chat_id, r.number, r.name, n.name, r.nagari_code, r.entered_by_chat
			from link_codes l join registrations r on r.id = l.registration_id join nagari n on n.code = r.nagari_code
			where l.code_hash = $1
			for update of l, r`, linkCodeIndex(s.keys, e.Code)).Scan(&id, &expires, &usedBy, &chat, &number, &name, &nagari, &nagariCode, &enteredBy)
		fail := func(msg string) error {
			res.Err = msg
			// Failures older than the window count for nobody: gone,
			// whichever chat they were.
			_, err := tx.Exec(ctx, `
				with gone as (delete from link_failures where at <= $3)
				insert into link_failures (chat_id, at) values ($1, $2)`, chatID, now, now.Add(-LinkFailureWindow))
			return err
		}
		me := func(p *int64) bool { return p != nil && *p == chatID }
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return fail("link.code.wrong")
		case err != nil:
			return err
		case me(usedBy) && me(chat):
			// The same code sent again by the chat it linked.
			res = engine.Answered(e, engine.Linked{People: []engine.LinkedPerson{{Number: number, Name: name, Nagari: nagari}}})
			return nil
		case usedBy != nil:
			return fail("link.code.used")
		case !now.Before(expires):
			return fail("link.code.expired")
		case chat != nil && *chat != chatID:
			res.Err = "link.taken"
			return nil
		}
		if _, err := tx.Exec(ctx, `update link_codes set used_at = $2, used_by = $3 where registration_id = $1`, id, now, chatID); err != nil {
			return err
		}
		if err := s.linkChat(ctx, tx, chatID, id, number, name, nagariCode, enteredBy, "code"); err != nil {
			return err
		}
		res = engine.Answered(e, engine.Linked{People: []engine.LinkedPerson{{Number: number, Name: name, Nagari: nagari}}})
		return nil
	})
	if err != nil {
		return engine.Result{}, err
	}
	return res, nil
}

// linkChat sets chatID as the chat of registration id, audited, and tells
// the officer or kader who entered it (unless that is the chat itself, or
// nobody in Telegram did: an imported member's entered_by_chat is 0).
func (s *Store) linkChat(ctx context.Context, tx pgx.Tx, chatID, id int64, number, name, nagari string, enteredBy int64, how string) error {
	tag, err := tx.Exec(ctx, `update registrations set chat_id = $2 where id = $1 and chat_id is null`, id, chatID)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return nil // already this chat's
	}
	if enteredBy != chatID && enteredBy != importEntered {
		if err := Enqueue(ctx, tx, notice.RecordLinked(enteredBy, number, name)); err != nil {
			return err
		}
	}
	return audit(ctx, tx, auditEntry{
		Actor: chatActor(chatID), Action: "registration.linked", Kind: "registration", RecordID: number, Nagari: nagari,
		After: map[string]string{"how": how},
	})
}

// linkByPhone answers LinkByPhone: every registration without a chat
// whose phone is the sender's own is linked to the chat; those already
// linked to it are listed again.
func (s *Store) linkByPhone(ctx context.Context, chatID int64, e engine.LinkByPhone) (engine.Result, error) {
	var res engine.Result
	err := s.inTx(ctx, "link by phone", func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
			select r.id, coalesce(r.chat_id, 0), r.number, r.name, n.name, r.nagari_code, r.entered_by_chat
			from registrations r join nagari n on n.code = r.nagari_code
			where r.phone_index = $1 and (r.chat_id is null or r.chat_id = $2)
			order by r.created_at, r.id
			limit $3
			for update of r`, s.phoneIndex(e.Phone), chatID, MaxPeople)
		if err != nil {
			return err
		}
		type found struct {
			id, chat, enteredBy              int64
			number, name, nagari, nagariCode string
		}
		var list []found
		var f found
		_, err = pgx.ForEachRow(rows, []any{&f.id, &f.chat, &f.number, &f.name, &f.nagari, &f.nagariCode, &f.enteredBy}, func() error {
			list = append(list, f)
			return nil
		})
		if err != nil {
			return err
		}
		if len(list) == 0 {
			res.Err = "link.phone.none"
			return nil
		}
		var a engine.Linked
		for _, f := range list {
			if f.chat == 0 {
				if err := s.linkChat(ctx, tx, chatID, f.id, f.number, f.name, f.nagariCode, f.enteredBy, "phone"); err != nil {
					return err
				}
			}
			a.People = append(a.People, engine.LinkedPerson{Number: f.number, Name: f.name, Nagari: f.nagari})
		}
		res = engine.Answered(e, a)
		return nil
	})
	if err != nil {
		return engine.Result{}, err
	}
	return res, nil
}

// backfillPhoneIndex fills phone_index (migration 021) of the rows written
// before it, or by a writer that left it out (an import, a seed), opening
// their sealed phones with keys. It runs on every Migrate and finds
// nothing to do once every row has one.
func backfillPhoneIndex(ctx context.Context, conn *pgx.Conn, keys *seal.Keys) error {
	var last int64
	for {
		rows, err := conn.Query(ctx, `
			select id, key_id, phone_sealed from registrations
			where phone_index is null and key_id is not null and phone_sealed is not null and id > $1
			order by id limit $2`, last, sealBatch)
		if err != nil {
			return fmt.Errorf("read registrations without a phone index: %w", err)
		}
		var ids []int64
		var indexes [][]byte
		var id int64
		var keyID string
		var sealed []byte
		n := 0
		_, err = pgx.ForEachRow(rows, []any{&id, &keyID, &sealed}, func() error {
			n, last = n+1, id
			phone, err := keys.Open(keyID, FieldPhone, sealed)
			if err != nil {
				return fmt.Errorf("open the phone of registration %d: %w", id, err)
			}
			if idx := phoneIndexOf(keys, phone); idx != nil {
				ids, indexes = append(ids, id), append(indexes, idx)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("index phones: %w", err)
		}
		if len(ids) > 0 {
			_, err = conn.Exec(ctx, `
				update registrations r set phone_index = u.idx
				from unnest($1::bigint[], $2::bytea[]) as u(id, idx)
				where r.id = u.id`, ids, indexes)
			if err != nil {
				return fmt.Errorf("index phones: %w", err)
			}
		}
		if n < sealBatch {
			return nil
		}
	}
}
