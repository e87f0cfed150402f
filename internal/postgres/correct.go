package postgres

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/engine"
)

// correct answers CorrectRegistration: the chat's own registration of the
// NIK (not a rejected one, which is sent again instead) takes the corrected
// fields, and its nagari's staff are told in the same transaction, so they
// can correct the BPJS membership too. The NIK and the nagari never change
// here. The audit row names the fields changed, not their values.
func (s *Store) correct(ctx context.Context, chatID int64, e engine.CorrectRegistration) (engine.Result, error) {
	res := engine.Result{Values: map[string]string{engine.ResultFound: "", engine.ResultChanged: ""}}
	r := e.Registration
	var err error
	if res.Err, err = formProblem("correct registration", e.Key, r.Validate(s.now())); err != nil || res.Err != "" {
		return res, err
	}
	err = s.inTx(ctx, "correct registration", func(tx pgx.Tx) error {
		var (
			id                                                             int64
			number, keyID, name, gender, address, occ, occOther, heir, rel string
			nagari, lastKey                                                string
			birth                                                          time.Time
			phoneSealed                                                    []byte
		)
		err := tx.QueryRow(ctx, `
			select id, number, key_id, phone_sealed, name, birth_date, gender, address, occupation, occupation_other,
			       heir_name, heir_relation, nagari_code, coalesce(correction_key, '')
			from registrations
			where chat_id = $1 and nik_index = $2 and status <> 'ditolak'
			for update`, chatID, s.nikIndex(r.NIK)).Scan(
			&id, &number, &keyID, &phoneSealed, &name, &birth, &gender, &address, &occ, &occOther, &heir, &rel, &nagari, &lastKey)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		res.Values[engine.ResultFound], res.Values[engine.ResultNumber] = "1", number
		if lastKey == e.Key {
			res.Values[engine.ResultChanged] = "1" // this very form, applied before
			return nil
		}
		phone, err := s.keys.Open(keyID, FieldPhone, phoneSealed)
		if err != nil {
			return err
		}
		var changed []string
		for _, f := range []struct {
			field      string
			was, isNow string
		}{
			{"name", name, r.Name},
			{"birth_date", birth.Format(time.DateOnly), r.BirthDate.Format(time.DateOnly)},
			{"gender", gender, string(r.Gender)},
			{"address", address, r.Address},
			{"occupation", occ + "|" + occOther, r.Occupation + "|" + r.OccupationOther},
			{"phone", phone, string(r.Phone)},
			{"heir", heir + "|" + rel, r.HeirName + "|" + r.HeirRelation},
		} {
			if f.was != f.isNow {
				changed = append(changed, f.field)
			}
		}
		if len(changed) == 0 {
			return nil
		}
		sealed := sealRegistration(s.keys, r.NIK, r.Phone)
		_, err = tx.Exec(ctx, `
			update registrations set
				name = $2, birth_date = $3, gender = $4, address = $5, occupation = $6, occupation_other = $7,
				heir_name = $8, heir_relation = $9, correction_key = $10,
				-- Every sealed column of the row is written with one key.
				key_id = $11, nik_sealed = $12, phone_sealed = $13
			where id = $1`,
			id, r.Name, r.BirthDate, string(r.Gender), r.Address, r.Occupation, r.OccupationOther,
			r.HeirName, r.HeirRelation, e.Key, sealed.keyID, sealed.nik, sealed.phone)
		if err != nil {
			return err
		}
		res.Values[engine.ResultChanged] = "1"
		err = Enqueue(ctx, tx, Notice{
			Kind:       "registration.corrected",
			NagariCode: nagari,
			Msg:        "notify.corrected",
			Data:       map[string]string{"Number": number, "Name": r.Name, "NIK": r.NIK.Masked()},
			Buttons:    [][]NoticeButton{{{Msg: "notify.open_registration", Value: "staff.reg|" + strconv.FormatInt(id, 10)}}},
		})
		if err != nil {
			return err
		}
		return audit(ctx, tx, auditEntry{
			Actor: chatActor(chatID), Action: "registration.corrected", Kind: "registration", RecordID: number, Nagari: nagari,
			After: map[string]string{"fields": strings.Join(changed, ",")},
		})
	})
	if err != nil {
		return engine.Result{}, err
	}
	return res, nil
}
