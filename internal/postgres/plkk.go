package postgres

// PLKK lists (DOMAIN.md §13): the BPJS partner health facilities where a
// covered worker is treated without paying first. No list for Kabupaten
// Solok was found, so staff keep it: a regency admin the regency's list
// (regency_settings.plkk), a nagari officer their nagari's own short list
// (nagari.plkk). The accident report names the nagari's first.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

// ErrPLKKDenied is SetPLKK's refusal: the regency's list is for regency
// admins, a nagari's for that nagari's officers.
var ErrPLKKDenied = errors.New("plkk list not settable by this staff member")

// loadPLKK answers LoadPLKK.
func (s *Store) loadPLKK(ctx context.Context, chatID int64, e engine.LoadPLKK) (engine.Result, error) {
	nagari := e.Nagari
	if nagari == "" && (e.Self || e.NIK != "") {
		var index []byte
		if !e.Self {
			index = s.nikIndex(e.NIK)
		}
		err := s.pool.QueryRow(ctx, `
			select nagari_code from registrations
			where status <> 'ditolak' and (($1 and chat_id = $2) or (not $1 and nik_index = $3))
			order by id limit 1`, e.Self, chatID, index).Scan(&nagari)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return engine.Result{}, fmt.Errorf("load plkk: %w", err)
		}
	}
	var a engine.PLKKList
	var err error
	if a.Nagari, a.Regency, err = s.PLKKLists(ctx, nagari); err != nil {
		return engine.Result{}, err
	}
	return engine.Answered(e, a), nil
}

// loadPLKKScope answers LoadPLKKScope.
func (s *Store) loadPLKKScope(ctx context.Context, chatID int64) (engine.Result, error) {
	var a engine.PLKKScope
	err := s.inTx(ctx, "load plkk scope", func(tx pgx.Tx) error {
		admin, err := adminOf(ctx, tx, chatID)
		if err != nil {
			return err
		}
		a.Admin = admin != 0
		if err := tx.QueryRow(ctx, `select plkk from regency_settings`).Scan(&a.Regency); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `
			select distinct n.code, n.name, n.plkk from staff s join nagari n on n.code = s.nagari_code
			where s.chat_id = $1 and s.active and s.role = $2 order by n.code`, chatID, domain.RoleNagari)
		if err != nil {
			return err
		}
		a.Nagari, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (engine.PLKKNagari, error) {
			var n engine.PLKKNagari
			err := row.Scan(&n.Code, &n.Name, &n.List)
			return n, err
		})
		return err
	})
	if err != nil {
		return engine.Result{}, err
	}
	if !a.Admin && len(a.Nagari) == 0 {
		return engine.Result{Err: "guidance.plkk.denied"}, nil
	}
	return engine.Answered(engine.LoadPLKKScope{}, a), nil
}

// setPLKKFromChat is SetPLKK for staff in the bot: a regency admin sets
// the regency's list, a nagari officer their nagari's.
func (s *Store) setPLKKFromChat(ctx context.Context, chatID int64, e engine.SetPLKK) (engine.Result, error) {
	var staffID int64
	err := s.inTx(ctx, "check plkk staff", func(tx pgx.Tx) (err error) {
		if e.Nagari == "" {
			staffID, err = adminOf(ctx, tx, chatID)
			return err
		}
		err = tx.QueryRow(ctx, `select id from staff where chat_id = $1 and active and role = $2 and nagari_code = $3
			order by id limit 1`, chatID, domain.RoleNagari, e.Nagari).Scan(&staffID)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		return err
	})
	if err != nil {
		return engine.Result{}, err
	}
	if staffID == 0 {
		return engine.Result{Err: "guidance.plkk.denied"}, nil
	}
	list, err := s.SetPLKK(ctx, chatActor(chatID), staffID, e.Nagari, e.List)
	if err != nil {
		return engine.Result{}, err
	}
	return engine.Answered(e, engine.PLKKSet{List: list}), nil
}

// PLKKLists returns nagari's own PLKK list (none for "" or an unknown
// code) and the regency's.
func (s *Store) PLKKLists(ctx context.Context, nagari string) (own, regency []string, err error) {
	err = s.pool.QueryRow(ctx, `
		select coalesce((select plkk from nagari where code = $1), '{}'), g.plkk from regency_settings g`,
		nagari).Scan(&own, &regency)
	if err != nil {
		return nil, nil, fmt.Errorf("load plkk: %w", err)
	}
	return own, regency, nil
}

// SetPLKK replaces a PLKK list: nagari "" is the regency's, else that
// nagari's (ErrAreaUnknown when there is none). The list must be what
// domain.ParsePLKKList gives, within its scope's size. It is audited
// under actor ("cli" or a chat) and staffID (0 for the CLI); the caller
// has checked who may set it. It returns the list as stored.
func (s *Store) SetPLKK(ctx context.Context, actor string, staffID int64, nagari string, list []string) ([]string, error) {
	max := domain.MaxPLKKNagari
	if nagari == "" {
		max = domain.MaxPLKKRegency
	}
	if list == nil {
		list = []string{}
	}
	if len(list) > max || len(domain.PLKKFor(list, nil)) != len(list) {
		return nil, fmt.Errorf("set plkk: list of %d not within its bounds", len(list))
	}
	for _, name := range list {
		if got, err := domain.ParseFreeText(name, domain.PLKKNameMinLen, domain.PLKKNameMaxLen); err != nil || got != name {
			return nil, errors.New("set plkk: a name is not canonical")
		}
	}
	err := s.inTx(ctx, "set plkk", func(tx pgx.Tx) error {
		var before []string
		var err error
		kind, record := "regency", "regency"
		if nagari == "" {
			err = tx.QueryRow(ctx, `select plkk from regency_settings for update`).Scan(&before)
			if err == nil {
				_, err = tx.Exec(ctx, `update regency_settings set plkk = $1`, list)
			}
		} else {
			kind, record = "nagari", nagari
			err = tx.QueryRow(ctx, `select plkk from nagari where code = $1 for update`, nagari).Scan(&before)
			if errors.Is(err, pgx.ErrNoRows) {
				return ErrAreaUnknown
			}
			if err == nil {
				_, err = tx.Exec(ctx, `update nagari set plkk = $2 where code = $1`, nagari, list)
			}
		}
		if err != nil {
			return err
		}
		return audit(ctx, tx, auditEntry{
			Actor: actor, StaffID: staffID, Action: "plkk.set", Kind: kind, RecordID: record, Nagari: nagari,
			Before: map[string]string{"plkk": strings.Join(before, "\n")},
			After:  map[string]string{"plkk": strings.Join(list, "\n")},
		})
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}
