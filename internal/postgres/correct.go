package postgres

import (
	"context"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/notice"
)

// correct answers CorrectRegistration: the chat's own registration of the
// NIK (not a rejected one, which is sent again instead) takes the corrected
// fields, and its nagari's staff are told in the same transaction, so they
// can correct the BPJS membership too. The NIK and the nagari never change
// here. The audit row names the fields changed, not their values.
func (s *Store) correct(ctx context.Context, chatID int64, e engine.CorrectRegistration) (engine.Result, error) {
	r := e.Registration
	if msg, err := formProblem("correct registration", e.Key, r.Validate(s.now())); err != nil || msg != "" {
		return engine.Result{Err: msg}, err
	}
	var a engine.Corrected
	err := s.inTx(ctx, "correct registration", func(tx pgx.Tx) error {
		was, err := s.registration(ctx, tx, `where r.chat_id = $1 and r.nik_index = $2 and r.status <> 'ditolak' for update of r`,
			chatID, s.nikIndex(r.NIK))
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		a.Found, a.Number = true, was.Number
		if was.CorrectionKey == e.Key {
			a.Changed = true // this very form, applied before
			return nil
		}
		changed := was.Registration.Corrections(r)
		if len(changed) == 0 {
			return nil
		}
		if err := correctRegistration(ctx, tx, s.keys, was.ID, e.Key, r, was.Membership.KPJ); err != nil {
			return err
		}
		a.Changed = true
		corrected := was.RegistrationRecord
		corrected.Registration = r
		corrected.NagariCode = was.NagariCode // never changes here
		err = Enqueue(ctx, tx, notice.RegistrationCorrected(corrected))
		if err != nil {
			return err
		}
		return audit(ctx, tx, auditEntry{
			Actor: chatActor(chatID), Action: "registration.corrected", Kind: "registration", RecordID: was.Number, Nagari: was.NagariCode,
			After: map[string]string{"fields": strings.Join(changed, ",")},
		})
	})
	if err != nil {
		return engine.Result{}, err
	}
	return engine.Answered(e, a), nil
}
