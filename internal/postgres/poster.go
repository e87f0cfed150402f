package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

// NagariOffice is a nagari with the office contact its poster shows.
type NagariOffice struct {
	domain.Nagari
	Contact string
}

// nagariOffices lists the nagari the chat's bindings cover (every one for
// chatID 0, the CLI), by code.
func nagariOffices(ctx context.Context, q pgx.Tx, chatID int64) ([]NagariOffice, error) {
	rows, err := q.Query(ctx, `
		select code, name, kecamatan_code, kecamatan_name, office_contact from nagari
		where $1 = 0 or staff_can($1, code)
		order by code`, chatID)
	if err != nil {
		return nil, fmt.Errorf("list nagari offices: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (NagariOffice, error) {
		var n NagariOffice
		err := row.Scan(&n.Code, &n.Name, &n.KecamatanCode, &n.KecamatanName, &n.Contact)
		return n, err
	})
	if err != nil {
		return nil, fmt.Errorf("list nagari offices: %w", err)
	}
	return list, nil
}

// NagariOffices lists every nagari with its office contact, for the CLI's
// posters.
func (s *Store) NagariOffices(ctx context.Context) ([]NagariOffice, error) {
	var list []NagariOffice
	err := s.inTx(ctx, "list nagari offices", func(tx pgx.Tx) (err error) {
		list, err = nagariOffices(ctx, tx, 0)
		return err
	})
	return list, err
}

// loadPoster finds the nagari of a staff member's poster among those of
// the chat's area: the one e.Nagari names by code or name, else the area's
// only one; otherwise the candidates to pick from.
func (s *Store) loadPoster(ctx context.Context, chatID int64, e engine.LoadPoster) (engine.Result, error) {
	var res engine.Result
	var area []NagariOffice
	err := s.inTx(ctx, "load poster nagari", func(tx pgx.Tx) error {
		ok, err := isStaff(ctx, tx, chatID)
		if err != nil || !ok {
			res.Err = "staff.denied"
			return err
		}
		area, err = nagariOffices(ctx, tx, chatID)
		return err
	})
	if err != nil || res.Err != "" {
		return res, err
	}
	candidates := area
	if name := strings.TrimSpace(e.Nagari); name != "" {
		candidates = nil
		for _, n := range area {
			if n.Code == name || strings.EqualFold(n.Name, name) {
				candidates = append(candidates, n)
			}
		}
		if len(candidates) == 0 {
			// A name typed roughly ("alahan panjng"): the region matcher's
			// answer, kept to the area.
			n, err := s.resolveNagari(ctx, name)
			if err != nil && !errors.Is(err, ErrAreaUnknown) {
				return engine.Result{}, err
			}
			for _, a := range area {
				if err == nil && a.Code == n.Code {
					candidates = append(candidates, a)
				}
			}
		}
	}
	var a engine.PosterNagari
	if len(candidates) == 1 {
		a.Found, a.Nagari, a.Contact = true, candidates[0].Nagari, candidates[0].Contact
	} else {
		for _, n := range candidates {
			a.Choices = append(a.Choices, n.Nagari)
		}
	}
	return engine.Answered(e, a), nil
}
