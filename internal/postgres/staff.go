package postgres

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/notice"
)

// InviteTTL is how long an invite code can be redeemed.
const InviteTTL = 72 * time.Hour

// inviteAlphabet leaves out 0/O, 1/I/L so a code read aloud or copied from
// paper is typed right. 32 letters: each is 5 random bits.
const inviteAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// inviteLen gives 50 bits: guessing one live code is hopeless, and the hash
// of a code this random needs no salt.
const inviteLen = 10

// ErrAreaUnknown means an invite's or a command's area matches no single
// nagari or kecamatan.
var ErrAreaUnknown = errors.New("area not found")

// Invite is a fresh one-time code, shown once and stored only hashed.
type Invite struct {
	Code      string
	Role      domain.Role
	Nagari    domain.Nagari // for petugas_nagari and kader
	Kecamatan string        // code, for petugas_kecamatan
	Area      string        // the area's name, for people
	ExpiresAt time.Time
}

// newInviteCode returns a random code like "K7QM-2XHD-9P".
func newInviteCode() (string, error) {
	b := make([]byte, inviteLen)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	var sb strings.Builder
	for i, c := range b {
		if i == 4 || i == 8 {
			sb.WriteByte('-')
		}
		sb.WriteByte(inviteAlphabet[int(c)%len(inviteAlphabet)])
	}
	return sb.String(), nil
}

// hashCode normalises a typed code (case, spaces, dashes) and hashes it.
func hashCode(code string) []byte {
	norm := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			return r
		}
		return -1
	}, code)
	sum := sha256.Sum256([]byte(norm))
	return sum[:]
}

// CreateInvite makes a one-time code for role in area (a nagari or
// kecamatan code or name; ignored for admins). createdBy is "cli" or
// "staff:<id>"; the invite is audited under actor.
func (s *Store) CreateInvite(ctx context.Context, actor, createdBy string, role domain.Role, area string) (Invite, error) {
	inv := Invite{Role: role}
	var err error
	switch role {
	case domain.RoleNagari, domain.RoleKader:
		inv.Nagari, err = s.resolveNagari(ctx, area)
		inv.Area = inv.Nagari.Name
	case domain.RoleKecamatan:
		inv.Kecamatan, inv.Area, err = s.resolveKecamatan(ctx, area)
	case domain.RoleAdmin:
	default:
		return inv, fmt.Errorf("create invite: unknown role %q", role)
	}
	if err != nil {
		return inv, err
	}
	inv.Code, err = newInviteCode()
	if err != nil {
		return inv, fmt.Errorf("create invite: %w", err)
	}
	inv.ExpiresAt = s.now().Add(InviteTTL)
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `
			insert into staff_invites (code_hash, role, nagari_code, kecamatan_code, expires_at, created_by)
			values ($1, $2, nullif($3, ''), nullif($4, ''), $5, $6) returning id`,
			hashCode(inv.Code), role, inv.Nagari.Code, inv.Kecamatan, inv.ExpiresAt, createdBy).Scan(&id)
		if err != nil {
			return err
		}
		return audit(ctx, tx, auditEntry{
			Actor: actor, Action: "invite.create", Kind: "staff_invite", RecordID: strconv.FormatInt(id, 10),
			Nagari: inv.Nagari.Code,
			After:  map[string]string{"role": string(role), "area": inv.Nagari.Code + inv.Kecamatan, "expires_at": inv.ExpiresAt.UTC().Format(time.RFC3339)},
		})
	})
	if err != nil {
		return inv, fmt.Errorf("create invite: %w", err)
	}
	return inv, nil
}

// resolveNagari finds one nagari by code or name. A name that fits
// several (Koto Laweh is in two kecamatan) is an error naming the codes.
func (s *Store) resolveNagari(ctx context.Context, area string) (domain.Nagari, error) {
	list, err := s.Regions(ctx)
	if err != nil {
		return domain.Nagari{}, err
	}
	regions := domain.NewRegions(list)
	if n, ok := regions.Nagari(strings.TrimSpace(area)); ok {
		return n, nil
	}
	var found []domain.Nagari
	for _, k := range regions.Kecamatan() {
		found = append(found, regions.MatchNagari(k.Code, area)...)
	}
	var exact []domain.Nagari
	for _, n := range found {
		if strings.EqualFold(n.Name, strings.TrimSpace(area)) {
			exact = append(exact, n)
		}
	}
	if len(exact) > 0 {
		found = exact
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return domain.Nagari{}, fmt.Errorf("nagari %q: %w", area, ErrAreaUnknown)
	}
	var codes []string
	for _, n := range found {
		codes = append(codes, n.Code+" "+n.Name+" ("+n.KecamatanName+")")
	}
	return domain.Nagari{}, fmt.Errorf("nagari %q fits several, use the code: %s: %w", area, strings.Join(codes, "; "), ErrAreaUnknown)
}

// resolveKecamatan finds one kecamatan by code or name.
func (s *Store) resolveKecamatan(ctx context.Context, area string) (code, name string, err error) {
	list, err := s.Regions(ctx)
	if err != nil {
		return "", "", err
	}
	regions := domain.NewRegions(list)
	if k, ok := regions.KecamatanByCode(strings.TrimSpace(area)); ok {
		return k.Code, k.Name, nil
	}
	found := regions.MatchKecamatan(area)
	if len(found) != 1 {
		return "", "", fmt.Errorf("kecamatan %q: %w", area, ErrAreaUnknown)
	}
	return found[0].Code, found[0].Name, nil
}

// bindStaff redeems an invite code for chatID. The invite row is locked, so
// two chats sending one code at once bind only one of them.
func (s *Store) bindStaff(ctx context.Context, chatID int64, e engine.BindStaff) (engine.Result, error) {
	var res engine.Result
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var (
			id                int64
			role              domain.Role
			nagari, kec, area string
			expires           time.Time
			used              bool
		)
		err := tx.QueryRow(ctx, `
			select i.id, i.role, coalesce(i.nagari_code, ''), coalesce(i.kecamatan_code, ''),
			       coalesce(n.name, k.kecamatan_name, ''), i.expires_at, i.used_at is not null
			from staff_invites i
			left join nagari n on n.code = i.nagari_code
			left join lateral (select kecamatan_name from nagari where kecamatan_code = i.kecamatan_code limit 1) k on true
			where i.code_hash = $1
			for update of i`, hashCode(e.Code)).Scan(&id, &role, &nagari, &kec, &area, &expires, &used)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			res.Err = "staff.code.invalid"
			return nil
		case err != nil:
			return err
		case used:
			res.Err = "staff.code.used"
			return nil
		case !s.now().Before(expires):
			res.Err = "staff.code.expired"
			return nil
		}
		var staffID int64
		err = tx.QueryRow(ctx, `
			insert into staff (chat_id, role, nagari_code, kecamatan_code, name)
			values ($1, $2, nullif($3, ''), nullif($4, ''), $5)
			on conflict (chat_id, role, coalesce(nagari_code, ''), coalesce(kecamatan_code, '')) where active
			do update set name = coalesce(nullif(excluded.name, ''), staff.name)
			returning id`, chatID, role, nagari, kec, domain.StaffName(e.Name, "")).Scan(&staffID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `update staff_invites set used_at = now(), used_by = $2 where id = $1`, id, chatID); err != nil {
			return err
		}
		res = engine.Answered(e, engine.StaffBound{Role: role, Area: area})
		return audit(ctx, tx, auditEntry{
			Actor: chatActor(chatID), StaffID: staffID, Action: "staff.bind", Kind: "staff",
			RecordID: strconv.FormatInt(staffID, 10), Nagari: nagari,
			After: map[string]string{"role": string(role), "area": nagari + kec, "invite": strconv.FormatInt(id, 10)},
		})
	})
	if err != nil {
		return engine.Result{}, fmt.Errorf("bind staff: %w", err)
	}
	return res, nil
}

// Staff lists staff bindings, active ones first.
func (s *Store) Staff(ctx context.Context, withRevoked bool) ([]domain.StaffMember, error) {
	rows, err := s.pool.Query(ctx, `
		select s.id, s.chat_id, s.role, coalesce(s.nagari_code, s.kecamatan_code, '') as area,
		       coalesce(n.name, (select kecamatan_name from nagari where kecamatan_code = s.kecamatan_code limit 1), '') as area_name,
		       s.active, s.created_at, s.name
		from staff s left join nagari n on n.code = s.nagari_code
		where s.active or $1
		order by s.active desc, s.role, area, s.id`, withRevoked)
	if err != nil {
		return nil, fmt.Errorf("list staff: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[domain.StaffMember])
	if err != nil {
		return nil, fmt.Errorf("list staff: %w", err)
	}
	return list, nil
}

// RevokeStaff ends binding id. It reports false when there was no active
// binding with that id. From the next update on the chat can do nothing as
// that staff member: every staff query checks the binding afresh. The
// officer is told in their chat, through the outbox.
func (s *Store) RevokeStaff(ctx context.Context, actor string, actorStaff int64, id int64) (bool, error) {
	r, err := s.revokeStaff(ctx, actor, actorStaff, id, 0)
	return r.Found, err
}

// revocation is what revokeStaff did: Found an active binding (and revoked
// it unless Self), whose chat is ChatID.
type revocation struct {
	Found, Self bool
	ChatID      int64
}

// revokeStaff is RevokeStaff refusing a binding of chat self: an admin
// never locks themselves out by a stale button.
func (s *Store) revokeStaff(ctx context.Context, actor string, actorStaff, id, self int64) (revocation, error) {
	var r revocation
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var role, area, nagari, areaName string
		err := tx.QueryRow(ctx, `
			select s.chat_id, s.role, coalesce(s.nagari_code, s.kecamatan_code, ''), coalesce(s.nagari_code, ''),
			       coalesce(n.name, (select kecamatan_name from nagari where kecamatan_code = s.kecamatan_code limit 1), '')
			from staff s left join nagari n on n.code = s.nagari_code
			where s.id = $1 and s.active
			for update of s`, id).Scan(&r.ChatID, &role, &area, &nagari, &areaName)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		r.Found = true
		if self != 0 && r.ChatID == self {
			r.Self = true
			return nil
		}
		if _, err := tx.Exec(ctx, `update staff set active = false, revoked_at = now() where id = $1`, id); err != nil {
			return err
		}
		if err := Enqueue(ctx, tx, notice.StaffRevoked(r.ChatID, domain.Role(role), areaName)); err != nil {
			return err
		}
		return audit(ctx, tx, auditEntry{
			Actor: actor, StaffID: actorStaff, Action: "staff.revoke", Kind: "staff", RecordID: strconv.FormatInt(id, 10),
			Nagari: nagari,
			Before: map[string]string{"active": "true", "role": role, "area": area},
			After:  map[string]string{"active": "false"},
		})
	})
	if err != nil {
		return revocation{}, fmt.Errorf("revoke staff %d: %w", id, err)
	}
	return r, nil
}

// StaffMenus is the command menu every chat that ever held a staff binding
// should have now: its active roles' (domain.MenuOf), or the workers'
// default for a chat whose bindings are all revoked. Chats of groups are
// left out; Telegram's menu there is not ours to set.
func (s *Store) StaffMenus(ctx context.Context) ([]domain.ChatMenu, error) {
	rows, err := s.pool.Query(ctx, `
		select chat_id, coalesce(array_agg(role order by role) filter (where active), '{}')
		from staff where chat_id > 0
		group by chat_id order by chat_id`)
	if err != nil {
		return nil, fmt.Errorf("staff menus: %w", err)
	}
	var out []domain.ChatMenu
	var chat int64
	var roles []string
	_, err = pgx.ForEachRow(rows, []any{&chat, &roles}, func() error {
		rs := make([]domain.Role, len(roles))
		for i, r := range roles {
			rs[i] = domain.Role(r)
		}
		out = append(out, domain.ChatMenu{ChatID: chat, Menu: domain.MenuOf(rs)})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("staff menus: %w", err)
	}
	return out, nil
}

// loadStaffRoles answers the chat's active roles, narrowest first.
func (s *Store) loadStaffRoles(ctx context.Context, chatID int64) (engine.Result, error) {
	rows, err := s.pool.Query(ctx, `
		select distinct role from staff where chat_id = $1 and active`, chatID)
	if err != nil {
		return engine.Result{}, fmt.Errorf("load staff roles: %w", err)
	}
	got, err := pgx.CollectRows(rows, pgx.RowTo[domain.Role])
	if err != nil {
		return engine.Result{}, fmt.Errorf("load staff roles: %w", err)
	}
	var roles []domain.Role
	for _, r := range domain.Roles {
		if slices.Contains(got, r) {
			roles = append(roles, r)
		}
	}
	a := engine.StaffRoles{Roles: roles}
	err = s.pool.QueryRow(ctx, `select exists (select 1 from registrations where chat_id = $1)`, chatID).Scan(&a.Registered)
	if err != nil {
		return engine.Result{}, fmt.Errorf("load staff roles: %w", err)
	}
	return engine.Answered(engine.LoadStaffRoles{}, a), nil
}

// adminOf returns the chat's active regency-admin binding, or 0.
func adminOf(ctx context.Context, q pgx.Tx, chatID int64) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `select id from staff where chat_id = $1 and active and role = $2 order by id limit 1`,
		chatID, domain.RoleAdmin).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// actingStaff returns the chat's active binding that covers nagari, the
// narrowest first, or 0. It is the "who" of an audited action.
func actingStaff(ctx context.Context, tx pgx.Tx, chatID int64, nagari string) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `
		select id from staff
		where chat_id = $1 and active and role <> 'kader'
		  and (role = 'admin_kabupaten' or nagari_code = $2 or kecamatan_code = left($2, 8))
		order by case role when 'petugas_nagari' then 0 when 'petugas_kecamatan' then 1 else 2 end, id
		limit 1`, chatID, nagari).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// isStaff reports whether the chat holds any active binding that lets it
// see registrations: a kader's does not.
func isStaff(ctx context.Context, tx pgx.Tx, chatID int64) (bool, error) {
	var ok bool
	err := tx.QueryRow(ctx, `select exists (select 1 from staff where chat_id = $1 and active and role <> 'kader')`, chatID).Scan(&ok)
	return ok, err
}

// inTx runs fn in a read-write transaction and wraps its error with what.
func (s *Store) inTx(ctx context.Context, what string, fn func(tx pgx.Tx) error) error {
	if err := pgx.BeginFunc(ctx, s.pool, fn); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// actingAdmin is the staff id of chatID as a regency admin, or 0 when it is
// none (the caller answers staff.admin_only).
func (s *Store) actingAdmin(ctx context.Context, chatID int64) (admin int64, err error) {
	err = s.inTx(ctx, "check admin", func(tx pgx.Tx) (err error) {
		admin, err = adminOf(ctx, tx, chatID)
		return err
	})
	return admin, err
}

// createInviteFromChat is CreateInvite for a regency admin in the bot.
func (s *Store) createInviteFromChat(ctx context.Context, chatID int64, e engine.CreateInvite) (engine.Result, error) {
	var res engine.Result
	admin, err := s.actingAdmin(ctx, chatID)
	if err != nil {
		return res, err
	}
	if admin == 0 {
		res.Err = "staff.admin_only"
		return res, nil
	}
	inv, err := s.CreateInvite(ctx, chatActor(chatID), "staff:"+strconv.FormatInt(admin, 10), e.Role, e.Area)
	switch {
	case errors.Is(err, ErrAreaUnknown):
		res.Err = "staff.invite.area_unknown"
		return res, nil
	case err != nil:
		return res, err
	}
	return engine.Answered(e, engine.InviteCreated{Code: inv.Code, Role: inv.Role, Area: inv.Area}), nil
}

// listStaffFromChat lists active staff for a regency admin.
func (s *Store) listStaffFromChat(ctx context.Context, chatID int64) (engine.Result, error) {
	var res engine.Result
	admin, err := s.actingAdmin(ctx, chatID)
	if err != nil {
		return res, err
	}
	if admin == 0 {
		res.Err = "staff.admin_only"
		return res, nil
	}
	list, err := s.Staff(ctx, false)
	if err != nil {
		return res, err
	}
	return engine.Answered(engine.ListStaff{}, engine.StaffList{Members: list, Self: chatID}), nil
}

// revokeStaffFromChat revokes a binding for a regency admin.
func (s *Store) revokeStaffFromChat(ctx context.Context, chatID int64, e engine.RevokeStaff) (engine.Result, error) {
	admin, err := s.actingAdmin(ctx, chatID)
	if err != nil {
		return engine.Result{}, err
	}
	if admin == 0 {
		return engine.Result{Err: "staff.admin_only"}, nil
	}
	r, err := s.revokeStaff(ctx, chatActor(chatID), admin, e.ID, chatID)
	if r.Self {
		return engine.Result{Err: "staffmenu.revoke.self"}, err
	}
	return engine.Answered(e, engine.Revoked{Found: r.Found, ChatID: r.ChatID}), err
}

// auditEntry is one row of the append-only audit log.
type auditEntry struct {
	Actor    string // "cli" or chatActor
	StaffID  int64  // 0 when not acting as staff (the CLI)
	Action   string
	Kind     string
	RecordID string
	Nagari   string
	Before   map[string]string
	After    map[string]string
}

func chatActor(chatID int64) string { return "chat:" + strconv.FormatInt(chatID, 10) }

// audit appends e inside tx, the transaction of the action itself: an
// action is never done without its audit row, nor audited if rolled back.
func audit(ctx context.Context, tx pgx.Tx, e auditEntry) error {
	before, err := json.Marshal(orEmpty(e.Before))
	if err != nil {
		return err
	}
	after, err := json.Marshal(orEmpty(e.After))
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `
		insert into audit_log (actor, staff_id, action, record_kind, record_id, nagari_code, before, after)
		values ($1, nullif($2, 0::bigint), $3, $4, $5, nullif($6, ''), $7, $8)`,
		e.Actor, e.StaffID, e.Action, e.Kind, e.RecordID, e.Nagari, before, after)
	if err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}

// AuditRow is one audit log entry as the CLI prints it.
type AuditRow struct {
	ID       int64
	At       time.Time
	Actor    string
	StaffID  *int64
	Action   string
	Kind     string
	RecordID string
	Nagari   string
	Before   string
	After    string
}

// Audit returns the audit log, oldest first, of one nagari (its code), or
// of everything when nagari is "".
func (s *Store) Audit(ctx context.Context, nagari string) ([]AuditRow, error) {
	rows, err := s.pool.Query(ctx, `
		select id, at, actor, staff_id, action, record_kind, record_id, coalesce(nagari_code, ''),
		       before::text, after::text
		from audit_log
		where $1 = '' or nagari_code = $1
		order by at, id`, nagari)
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[AuditRow])
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	return list, nil
}

// ResolveNagari finds one nagari by code or name, for the CLI.
func (s *Store) ResolveNagari(ctx context.Context, area string) (domain.Nagari, error) {
	return s.resolveNagari(ctx, area)
}
