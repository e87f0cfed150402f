package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/notice"
)

// Apply carries out effects in order for the chat chatID and returns one
// engine.Result for each effect that answers (engine.Answers), in the same
// order. Each effect runs in its own transaction, so a submission and
// everything written with it commit together or not at all.
//
// A business outcome is a Result: a NIK registered before sets
// Submitted.Duplicate, and a registration that fails domain validation with an
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
		case engine.LoadCard:
			res, err = s.loadCard(ctx, chatID, e)
		case engine.LoadOffice:
			res, err = s.loadOffice(ctx, chatID, e)
		case engine.SaveLanguage:
			err = s.saveLanguage(ctx, chatID, e.Lang)
		case engine.FindWorker:
			res, err = s.findWorker(ctx, e)
		case engine.SubmitReport:
			res, err = s.submitReport(ctx, chatID, e)
		case engine.AddReportPhotos:
			res, err = s.addReportPhotos(ctx, chatID, e)
		case engine.LoadDocuments:
			res, err = s.loadDocuments(ctx, chatID, e)
		case engine.AddDocument:
			res, err = s.addDocument(ctx, chatID, e)
		case engine.TickDocument:
			res, err = s.tickDocument(ctx, chatID, e)
		case engine.LoadMyData:
			res, err = s.myData(ctx, chatID, e)
		case engine.EraseMyData:
			res, err = s.erase(ctx, chatID, e)
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
		case engine.LoadStaffRoles:
			res, err = s.loadStaffRoles(ctx, chatID)
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
		case engine.UndoReportStage:
			res, err = s.undoReportStage(ctx, chatID, e)
		case engine.RecordTahap2:
			res, err = s.recordTahap2(ctx, chatID, e)
		case engine.LinkReport:
			res, err = s.linkReport(ctx, chatID, e)
		case engine.MarkNotMember:
			res, err = s.markNotMember(ctx, chatID, e)
		case engine.AddReportNote:
			res, err = s.addReportNote(ctx, chatID, e)
		case engine.LoadRecap:
			res, err = s.loadRecap(ctx, chatID, e)
		case engine.LoadCoverage:
			res, err = s.loadCoverage(ctx, chatID)
		case engine.ExportWorkers:
			res, err = s.exportWorkers(ctx, chatID)
		case engine.LoadIuranScope:
			res, err = s.loadIuranScope(ctx, chatID)
		case engine.LoadIuran:
			res, err = s.loadIuran(ctx, chatID, e)
		case engine.RecordIuran:
			res, err = s.recordIuranFromChat(ctx, chatID, e)
		case engine.EndMembership:
			res, err = s.endMembershipFromChat(ctx, chatID, e)
		case engine.LoadAssistance:
			res, err = s.loadAssistance(ctx, chatID, e)
		case engine.CreateLinkCode:
			res, err = s.createLinkCode(ctx, chatID, e)
		case engine.LinkByCode:
			res, err = s.linkByCode(ctx, chatID, e)
		case engine.LinkByPhone:
			res, err = s.linkByPhone(ctx, chatID, e)
		case engine.LinkGroup:
			res, err = s.linkGroup(ctx, chatID, e)
		case engine.PrepareBatch:
			res, err = s.prepareBatch(ctx, chatID, e)
		case engine.CreateBatch:
			res, err = s.createBatch(ctx, chatID, e)
		case engine.ExportBatch:
			res, err = s.exportBatch(ctx, chatID, e)
		case engine.ImportResult:
			res, err = s.importResult(ctx, chatID, e)
		case engine.LoadPLKK:
			res, err = s.loadPLKK(ctx, chatID, e)
		case engine.LoadPLKKScope:
			res, err = s.loadPLKKScope(ctx, chatID)
		case engine.SetPLKK:
			res, err = s.setPLKKFromChat(ctx, chatID, e)
		case engine.ImportRegistrations:
			res, err = s.importRegistrations(ctx, chatID, e)
		case engine.LoadTemplates:
			res, err = s.loadTemplates(ctx, chatID)
		case engine.LoadPoster:
			res, err = s.loadPoster(ctx, chatID, e)
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
//
// A registration with an assisted consent (lisan, formulir) is entered by
// an officer or kader for someone without a chat: it is stored without
// one, witnessed by the chat's binding to the registration's nagari, and
// refused (assisted.outside) when the chat holds no such binding, however
// the form came to name that nagari. Any other registration receives its
// notices in the chat that sent it: the person's own, or the family
// phone's.
func (s *Store) submit(ctx context.Context, chatID int64, e engine.SubmitRegistration) (engine.Result, error) {
	r := e.Registration
	if msg, err := formProblem("submit registration", e.Key, r.Validate(s.now())); err != nil || msg != "" {
		return engine.Result{Err: msg}, err
	}
	var a engine.Submitted
	var refused string
	body := func(tx pgx.Tx) error {
		en := entry{chat: chatID, enteredBy: chatID}
		if r.ConsentMode.Assisted() {
			en.chat = 0
			var witness *int64
			if err := tx.QueryRow(ctx, `select assist_binding($1, $2)`, chatID, r.NagariCode).Scan(&witness); err != nil {
				return err
			}
			if witness == nil {
				refused = "assisted.outside"
				return nil
			}
			en.witness = *witness
		}
		// Most repeats find their record here, before the insert spends a
		// registration number.
		if done, err := s.resubmitRejected(ctx, tx, en, e.Key, r, &a); err != nil || done {
			return err
		}
		found, err := s.existingRegistration(ctx, tx, chatID, e.Key, r.NIK, &a)
		if err != nil || found {
			return err
		}
		id, number, err := insertRegistration(ctx, tx, s.keys, en, e.Key, r)
		if errors.Is(err, pgx.ErrNoRows) {
			// A concurrent submission with the same key or NIK committed
			// between the lookup and the insert; the insert waited for it,
			// and a fresh statement now sees its row.
			found, err := s.existingRegistration(ctx, tx, chatID, e.Key, r.NIK, &a)
			if err == nil && !found {
				err = errors.New("insert conflicted with a registration that cannot be found")
			}
			return err
		}
		if err != nil {
			return err
		}
		a = engine.Submitted{Number: number, Status: domain.StatusPending}
		if a.Waiting, err = waiting(ctx, tx, r.NagariCode); err != nil {
			return err
		}
		// Only a newly inserted record is told to staff, never a repeat
		// or a duplicate, in the record's own transaction.
		rec, err := submittedRecord(ctx, tx, en, id, number, r)
		if err != nil {
			return err
		}
		return Enqueue(ctx, tx, notice.RegistrationSubmitted(rec))
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := body(tx); err != nil || refused != "" || !r.ConsentMode.Assisted() || a.Duplicate || a.Number == "" {
			return err
		}
		// The worker's code to link their own chat, shown to the officer
		// with the number; a repeated Kirim gets a fresh one (the old one
		// was perhaps never seen). A record linked meanwhile gets none.
		var id int64
		err := tx.QueryRow(ctx, `select id from registrations where number = $1 and chat_id is null`, a.Number).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		a.LinkCode, a.LinkExpires, err = s.issueLinkCode(ctx, tx, id, chatID)
		return err
	})
	switch {
	case err != nil:
		return engine.Result{}, fmt.Errorf("submit registration: %w", err)
	case refused != "":
		return engine.Result{Err: refused}, nil
	}
	return engine.Answered(e, a), nil
}

// submittedRecord is a registration just written, as its notice to staff
// needs it: with its witness's role when it was entered with help.
func submittedRecord(ctx context.Context, tx pgx.Tx, en entry, id int64, number string, r domain.Registration) (domain.RegistrationRecord, error) {
	rec := domain.RegistrationRecord{Registration: r, ID: id, Number: number, ChatID: en.chat, EnteredBy: en.enteredBy, Witness: en.witness}
	if en.witness != 0 {
		if err := tx.QueryRow(ctx, `select role from staff where id = $1`, en.witness).Scan(&rec.WitnessRole); err != nil {
			return rec, fmt.Errorf("read the witness's role: %w", err)
		}
	}
	return rec, nil
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
// duplicate: the one made by the same form (entered from chatID under
// key), else the one holding the same NIK (found by its blind index). It
// fills a's number, status and duplicate flag (set only for a NIK
// registered by another form).
func (s *Store) existingRegistration(ctx context.Context, tx pgx.Tx, chatID int64, key string, nik domain.NIK, a *engine.Submitted) (bool, error) {
	var sameForm, sameChat bool
	var number string
	var status domain.Status
	err := tx.QueryRow(ctx, `
		select entered_by_chat = $1 and idempotency_key = $2 as same_form,
		       coalesce(chat_id = $1, false) or entered_by_chat = $1, number, status
		from registrations
		where (entered_by_chat = $1 and idempotency_key = $2) or nik_index = $3
		order by same_form desc
		limit 1`,
		chatID, key, s.nikIndex(nik)).Scan(&sameForm, &sameChat, &number, &status)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return false, nil
	case err != nil:
		return false, err
	}
	*a = engine.Submitted{Duplicate: !sameForm}
	// Another chat's registration is acknowledged, never described.
	if sameChat {
		a.Number, a.Status = number, status
	}
	return true, nil
}

// find answers whether a NIK is registered. The number and status are told
// only to the chat that receives the registration's notices or entered
// it: anyone can type a NIK, and whether a stranger's registration was
// rejected is not theirs to know.
func (s *Store) find(ctx context.Context, chatID int64, e engine.FindRegistration) (engine.Result, error) {
	var mine bool
	var a engine.RegistrationStatus
	err := s.pool.QueryRow(ctx, `
		select coalesce(chat_id = $2, false) or entered_by_chat = $2, number, status
		from registrations where nik_index = $1`,
		s.nikIndex(e.NIK), chatID).Scan(&mine, &a.Number, &a.Status)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return engine.Answered(e, engine.RegistrationStatus{}), nil
	case err != nil:
		return engine.Result{}, fmt.Errorf("find registration by nik: %w", err)
	}
	if !mine {
		a = engine.RegistrationStatus{}
	}
	a.Found = true
	return engine.Answered(e, a), nil
}

// MaxPeople bounds the people /status and the pickers of /dataku, /ubah
// and /hapus list: a household is a few; a kader's entries beyond it are
// with their nagari office.
const MaxPeople = 10

// loadStatus answers with the newest registration whose notices chatID
// receives (its own, or a family member's), and its membership, and every
// person the chat receives or entered, newest first.
func (s *Store) loadStatus(ctx context.Context, chatID int64) (engine.Result, error) {
	var a engine.RegistrationStatus
	rec, err := s.registration(ctx, s.pool, `where r.chat_id = $1 order by r.created_at desc, r.id desc limit 1`, chatID)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
	case err != nil:
		return engine.Result{}, fmt.Errorf("load status of chat: %w", err)
	default:
		a = engine.RegistrationStatus{
			Found: true, Number: rec.Number, Status: rec.Status, NagariCode: rec.NagariCode, Reason: rec.RejectReason,
			Membership: rec.Membership, Placed: rec.Funded,
		}
	}
	if a.People, a.More, err = s.people(ctx, chatID, true); err != nil {
		return engine.Result{}, fmt.Errorf("load status of chat: %w", err)
	}
	return engine.Answered(engine.LoadStatus{}, a), nil
}

// people lists the registrations chatID receives the notices of and, with
// entered, those it entered for others, newest first, at most MaxPeople;
// more is how many more there are.
func (s *Store) people(ctx context.Context, chatID int64, entered bool) (list []domain.Person, more int, err error) {
	rows, err := s.pool.Query(ctx, `
		select number, name, status, coalesce(reject_reason, '') as reason,
		       chat_id is distinct from $1 as entered, coalesce(membership_state, ''), cover_start, ended_on,
		       count(*) over () as total
		from registrations
		where chat_id = $1 or ($2 and entered_by_chat = $1)
		order by created_at desc, id desc
		limit $3`, chatID, entered, MaxPeople)
	if err != nil {
		return nil, 0, err
	}
	var p domain.Person
	var start, ended *time.Time
	var total int
	_, err = pgx.ForEachRow(rows, []any{&p.Number, &p.Name, &p.Status, &p.Reason, &p.Entered,
		&p.Membership.State, &start, &ended, &total}, func() error {
		p.Membership.CoverStart, p.Membership.EndedOn = day(start), day(ended)
		list = append(list, p)
		return nil
	})
	return list, max(total-len(list), 0), err
}

// loadOffice finds the nagari office e asks about. A name that fits no
// nagari, or several, finds none.
func (s *Store) loadOffice(ctx context.Context, chatID int64, e engine.LoadOffice) (engine.Result, error) {
	code := e.NagariCode
	if code == "" && e.Name != "" {
		n, err := s.resolveNagari(ctx, e.Name)
		switch {
		case errors.Is(err, ErrAreaUnknown):
			return engine.Answered(e, engine.Office{}), nil
		case err != nil:
			return engine.Result{}, fmt.Errorf("resolve nagari for office: %w", err)
		}
		code = n.Code
	}
	var a engine.Office
	var err error
	if code != "" {
		err = s.pool.QueryRow(ctx, `select name, office_contact from nagari where code = $1`, code).Scan(&a.Nagari, &a.Contact)
	} else {
		err = s.pool.QueryRow(ctx, `
			select n.name, n.office_contact
			from registrations r join nagari n on n.code = r.nagari_code
			where r.chat_id = $1
			order by r.created_at desc, r.id desc
			limit 1`, chatID).Scan(&a.Nagari, &a.Contact)
	}
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return engine.Answered(e, engine.Office{}), nil
	case err != nil:
		return engine.Result{}, fmt.Errorf("load nagari office: %w", err)
	}
	return engine.Answered(e, a), nil
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
