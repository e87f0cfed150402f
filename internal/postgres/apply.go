package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

// Apply carries out effects in order for the chat chatID and returns one
// engine.Result for each effect that answers (engine.Answers), in the same
// order. Each effect runs in its own transaction, so a submission and
// everything written with it commit together or not at all.
//
// A business outcome is a Result: a NIK registered before sets
// ResultDuplicate, and a registration that fails domain validation with an
// error the user can fix sets Result.Err to its message ID. An error return
// means the database could not be reached or failed, or an effect was not
// understood; the Results before it are returned with it and the remaining
// effects are not tried. Retrying the whole list is safe: every effect is
// idempotent.
func (s *Store) Apply(ctx context.Context, chatID int64, effects []engine.Effect) ([]engine.Result, error) {
	var results []engine.Result
	for _, e := range effects {
		var (
			res engine.Result
			err error
		)
		switch e := e.(type) {
		case engine.SubmitRegistration:
			res, err = s.submit(ctx, chatID, e)
		case engine.FindRegistration:
			res, err = s.find(ctx, chatID, e)
		case engine.LoadStatus:
			res, err = s.loadStatus(ctx, chatID)
		case engine.SaveLanguage:
			err = s.saveLanguage(ctx, chatID, e.Lang)
		case engine.FindWorker:
			res, err = s.findWorker(ctx, e)
		case engine.SubmitReport:
			res, err = s.submitReport(ctx, chatID, e)
		case engine.AddReportPhotos:
			res, err = s.addReportPhotos(ctx, chatID, e)
		case engine.LoadMyData:
			res, err = s.myData(ctx, chatID)
		case engine.EraseMyData:
			res, err = s.erase(ctx, chatID)
		case engine.CorrectRegistration:
			res, err = s.correct(ctx, chatID, e)
		case engine.BindStaff:
			res, err = s.bindStaff(ctx, chatID, e)
		case engine.CreateInvite:
			res, err = s.createInviteFromChat(ctx, chatID, e)
		case engine.ListStaff:
			res, err = s.listStaffFromChat(ctx, chatID)
		case engine.RevokeStaff:
			res, err = s.revokeStaffFromChat(ctx, chatID, e)
		case engine.LoadQueue:
			res, err = s.loadQueue(ctx, chatID, e)
		case engine.SearchRegistration:
			res, err = s.searchRegistration(ctx, chatID, e)
		case engine.LoadRegistration:
			res, err = s.loadRegistration(ctx, chatID, e)
		case engine.DecideRegistration:
			res, err = s.decideRegistration(ctx, chatID, e)
		case engine.LoadReports:
			res, err = s.loadReports(ctx, chatID, e)
		case engine.LoadReport:
			res, err = s.loadReport(ctx, chatID, e)
		case engine.SetReportStage:
			res, err = s.setReportStage(ctx, chatID, e)
		case engine.LoadRecap:
			res, err = s.loadRecap(ctx, chatID)
		case engine.LoadCoverage:
			res, err = s.loadCoverage(ctx, chatID)
		case engine.ExportWorkers:
			res, err = s.exportWorkers(ctx, chatID)
		case engine.LinkGroup:
			res, err = s.linkGroup(ctx, chatID, e)
		default:
			err = fmt.Errorf("apply effect: unknown effect type %T", e)
		}
		if err != nil {
			return results, err
		}
		if engine.Answers(e) {
			res.Effect = e.EffectName()
			results = append(results, res)
		}
	}
	return results, nil
}

// submit records a registration, once. The engine sends the same Key every
// time the same form is submitted ("Kirim" pressed twice, an update
// redelivered), so a known key answers with the record already made. A NIK
// registered under another form answers with that record and a duplicate
// flag, writing nothing.
func (s *Store) submit(ctx context.Context, chatID int64, e engine.SubmitRegistration) (engine.Result, error) {
	res := engine.Result{Values: map[string]string{}}
	r := e.Registration
	var err error
	if res.Err, err = formProblem("submit registration", e.Key, r.Validate(s.now())); err != nil || res.Err != "" {
		return res, err
	}

	sealed := sealRegistration(s.keys, r.NIK, r.Phone)
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// Most repeats find their record here, before the insert spends a
		// registration number.
		if done, err := resubmitRejected(ctx, tx, chatID, e.Key, r, sealed, res.Values); err != nil || done {
			return err
		}
		found, err := existingRegistration(ctx, tx, chatID, e.Key, sealed.index, res.Values)
		if err != nil || found {
			return err
		}
		var id int64
		var number, status string
		err = tx.QueryRow(ctx, `
			insert into registrations (
				idempotency_key, chat_id, status, key_id, nik_sealed, nik_index, name, birth_date, gender, address,
				nagari_code, occupation, occupation_other, phone_sealed, heir_name, heir_relation,
				consent_version, consent_at)
			values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
			on conflict do nothing
			returning id, number, status`,
			e.Key, chatID, string(domain.StatusPending),
			sealed.keyID, sealed.nik, sealed.index, r.Name, r.BirthDate, string(r.Gender), r.Address,
			r.NagariCode, r.Occupation, r.OccupationOther, sealed.phone, r.HeirName, r.HeirRelation,
			r.ConsentVersion, r.ConsentAt,
		).Scan(&id, &number, &status)
		if errors.Is(err, pgx.ErrNoRows) {
			// A concurrent submission with the same key or NIK committed
			// between the lookup and the insert; the insert waited for it,
			// and a fresh statement now sees its row.
			found, err := existingRegistration(ctx, tx, chatID, e.Key, sealed.index, res.Values)
			if err == nil && !found {
				err = errors.New("insert conflicted with a registration that cannot be found")
			}
			return err
		}
		if err != nil {
			return err
		}
		res.Values[engine.ResultNumber] = number
		res.Values[engine.ResultStatus] = status
		res.Values[engine.ResultDuplicate] = ""
		if err := markWaiting(ctx, tx, r.NagariCode, res.Values); err != nil {
			return err
		}
		return enqueueStaffNotification(ctx, tx, id, number, r)
	})
	if err != nil {
		return engine.Result{}, fmt.Errorf("submit registration: %w", err)
	}
	return res, nil
}

// formProblem checks a submitted form before anything is written: its
// idempotency key, then invalid, what the form's Validate said. A value
// the user can fix answers with its message ID (msg, shown to them); any
// other failure is a value the parsers would never produce, a bug in a
// flow (err; domain's message names the field only).
func formProblem(what, key string, invalid error) (msg string, err error) {
	if key == "" {
		return "", fmt.Errorf("%s: empty idempotency key", what)
	}
	var ie *domain.InputError
	switch {
	case invalid == nil:
		return "", nil
	case errors.As(invalid, &ie):
		return ie.Msg, nil
	}
	return "", fmt.Errorf("%s: %w", what, invalid)
}

// existingRegistration looks for the record this submission would
// duplicate: the one made by the same form (chatID and key), else the one
// holding the same NIK (found by its blind index). It fills number, status
// and duplicate ("1" only for a NIK registered by another form) into values.
func existingRegistration(ctx context.Context, tx pgx.Tx, chatID int64, key string, nikIndex []byte, values map[string]string) (bool, error) {
	var sameForm, sameChat bool
	var number, status string
	err := tx.QueryRow(ctx, `
		select chat_id = $1 and idempotency_key = $2 as same_form, chat_id = $1, number, status
		from registrations
		where (chat_id = $1 and idempotency_key = $2) or nik_index = $3
		order by same_form desc
		limit 1`,
		chatID, key, nikIndex).Scan(&sameForm, &sameChat, &number, &status)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return false, nil
	case err != nil:
		return false, err
	}
	values[engine.ResultDuplicate] = ""
	if !sameForm {
		values[engine.ResultDuplicate] = "1"
	}
	// Another chat's registration is acknowledged, never described.
	if sameChat {
		values[engine.ResultNumber] = number
		values[engine.ResultStatus] = status
	}
	return true, nil
}

// enqueueStaffNotification tells the nagari's staff about a new
// registration, inside the registration's own transaction (the outbox
// pattern). It is called only for a newly inserted record, never for a
// repeat or a duplicate. The notice names the worker but masks the NIK;
// its buttons open the registration, or verify or reject it at once.
func enqueueStaffNotification(ctx context.Context, tx pgx.Tx, id int64, number string, r domain.Registration) error {
	return Enqueue(ctx, tx, Notice{
		Kind:       "registration.submitted",
		NagariCode: r.NagariCode,
		Msg:        "notify.registration",
		Data:       map[string]string{"Number": number, "NIK": r.NIK.Masked(), "Name": r.Name},
		// Looking first is one tap; deciding from the notice is one tap too.
		Buttons: [][]NoticeButton{
			{{Msg: "notify.open_registration", Value: "staff.reg|" + strconv.FormatInt(id, 10)}},
			{
				{Msg: "staff.verify", Value: "staff.act|v:" + strconv.FormatInt(id, 10)},
				{Msg: "staff.reject", Value: "staff.act|t:" + strconv.FormatInt(id, 10)},
			},
		},
	})
}

// find answers whether a NIK is registered. The number and status are told
// only to the chat that registered it: anyone can type a NIK, and whether a
// stranger's registration was rejected is not theirs to know.
func (s *Store) find(ctx context.Context, chatID int64, e engine.FindRegistration) (engine.Result, error) {
	var owner int64
	var number, status string
	err := s.pool.QueryRow(ctx, `select chat_id, number, status from registrations where nik_index = $1`,
		s.nikIndex(e.NIK)).Scan(&owner, &number, &status)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return engine.Result{Values: map[string]string{engine.ResultFound: ""}}, nil
	case err != nil:
		return engine.Result{}, fmt.Errorf("find registration by nik: %w", err)
	}
	values := map[string]string{engine.ResultFound: "1"}
	if owner == chatID {
		values[engine.ResultNumber] = number
		values[engine.ResultStatus] = status
	}
	return engine.Result{Values: values}, nil
}

// loadStatus answers with the newest registration made from chatID.
func (s *Store) loadStatus(ctx context.Context, chatID int64) (engine.Result, error) {
	var number, status, nagari, reason string
	err := s.pool.QueryRow(ctx, `
		select number, status, nagari_code, coalesce(reject_reason, '')
		from registrations
		where chat_id = $1
		order by created_at desc, id desc
		limit 1`, chatID).Scan(&number, &status, &nagari, &reason)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return engine.Result{Values: map[string]string{engine.ResultFound: ""}}, nil
	case err != nil:
		return engine.Result{}, fmt.Errorf("load status of chat: %w", err)
	}
	return engine.Result{Values: map[string]string{
		engine.ResultFound:  "1",
		engine.ResultNumber: number,
		engine.ResultStatus: status,
		engine.ResultNagari: nagari,
		engine.ResultReason: reason,
	}}, nil
}

// saveLanguage remembers chatID's language.
func (s *Store) saveLanguage(ctx context.Context, chatID int64, lang string) error {
	_, err := s.pool.Exec(ctx, `
		insert into chats (chat_id, lang) values ($1, $2)
		on conflict (chat_id) do update set lang = excluded.lang, updated_at = now()
		where chats.lang <> excluded.lang`, chatID, lang)
	if err != nil {
		return fmt.Errorf("save chat language: %w", err)
	}
	return nil
}
