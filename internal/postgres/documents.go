package postgres

// A report's document checklist: read, a file added to an item by the
// reporter or an officer, an item ticked complete (or not) by an officer,
// and the reporter's reminders of what is missing.

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/notice"
)

// fileIDPattern is what a Telegram file_id looks like; anything else is a
// flow bug, refused before it is stored.
var fileIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,200}$`)

// documentReport finds the report an effect names, locked for update:
// the chat's own by number (the newest when number is ""), or one of the
// staff's area by id. found is false when there is none the chat may see.
func documentReport(ctx context.Context, tx pgx.Tx, chatID int64, number string, id int64) (f reportFacts, staff bool, found bool, err error) {
	var row pgx.Row
	switch {
	case id != 0:
		staff = true
		row = tx.QueryRow(ctx, reportFactsSelect+`where r.id = $2 and staff_can($1, r.nagari_code) for update of r`, chatID, id)
	case number != "":
		row = tx.QueryRow(ctx, reportFactsSelect+`where r.number = $2 and r.chat_id = $1 for update of r`, chatID, number)
	default:
		row = tx.QueryRow(ctx, reportFactsSelect+`where r.chat_id = $1 order by r.id desc limit 1 for update of r`, chatID)
	}
	f, err = scanFacts(row)
	if errors.Is(err, pgx.ErrNoRows) {
		return f, staff, false, nil
	}
	return f, staff, err == nil, err
}

// documentsAnswer is the checklist of f as an answer.
func documentsAnswer(ctx context.Context, tx pgx.Tx, f reportFacts) (engine.Documents, error) {
	list, err := checklist(ctx, tx, f)
	if err != nil {
		return engine.Documents{}, err
	}
	return engine.Documents{
		Found: true, Open: f.Stage.Open(), ReportID: f.ID, Number: f.Number, Kind: f.Kind, Death: f.Death, Items: list,
	}, nil
}

func (s *Store) loadDocuments(ctx context.Context, chatID int64, e engine.LoadDocuments) (engine.Result, error) {
	var a engine.Documents
	err := s.inTx(ctx, "load documents", func(tx pgx.Tx) error {
		f, _, found, err := documentReport(ctx, tx, chatID, e.Number, e.ReportID)
		if err != nil || !found {
			return err
		}
		a, err = documentsAnswer(ctx, tx, f)
		return err
	})
	if err != nil {
		return engine.Result{}, err
	}
	return engine.Answered(e, a), nil
}

// addDocument keeps a file for an item of an open report and, when the
// reporter sent it, passes it to the nagari's staff, in one transaction.
// The same file twice is kept once, so a repeated update adds nothing.
func (s *Store) addDocument(ctx context.Context, chatID int64, e engine.AddDocument) (engine.Result, error) {
	if !fileIDPattern.MatchString(e.FileID) {
		return engine.Result{}, errors.New("add document: not a file_id")
	}
	var a engine.Documents
	err := s.inTx(ctx, "add document", func(tx pgx.Tx) error {
		f, staff, found, err := documentReport(ctx, tx, chatID, e.Number, e.ReportID)
		if err != nil || !found {
			return err
		}
		list, err := checklist(ctx, tx, f)
		if err != nil {
			return err
		}
		a = engine.Documents{Found: true, Open: f.Stage.Open(), ReportID: f.ID, Number: f.Number, Kind: f.Kind, Death: f.Death, Item: e.Item}
		item, ok := itemOf(list, e.Item)
		if !ok {
			return fmt.Errorf("report %d has no document item %q", f.ID, e.Item)
		}
		if !a.Open {
			a.Items = list
			return nil
		}
		var files []string
		err = tx.QueryRow(ctx, `select files from report_documents where report_id = $1 and item = $2`, f.ID, e.Item).Scan(&files)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		file := storedFile(e.FileID, e.Photo)
		switch {
		case slices.Contains(files, file):
		case len(files) >= domain.MaxDocumentFiles:
			a.Full = true
		default:
			var staffID int64
			if staff {
				if staffID, err = actingStaff(ctx, tx, chatID, f.Nagari); err != nil {
					return err
				}
			}
			state := domain.DocReceived
			if item.State == domain.DocTicked {
				state = domain.DocTicked
			}
			if _, err := tx.Exec(ctx, `
				insert into report_documents (`+reportDocumentColumns+`)
				values ($1, $2, $3, array[$4::text], $5, nullif($6, 0::bigint), $7)
				on conflict (report_id, item) do update
				set state = excluded.state, files = report_documents.files || excluded.files,
				    by_chat = excluded.by_chat, staff_id = excluded.staff_id, updated_at = excluded.updated_at`,
				f.ID, e.Item, state, file, chatID, staffID, s.now()); err != nil {
				return err
			}
			a.Changed = true
			if !staff {
				if err := Enqueue(ctx, tx, notice.DocumentAdded(f.ID, f.Number, f.Nagari, e.Item, file)); err != nil {
					return err
				}
			}
		}
		a.Items, err = checklist(ctx, tx, f)
		return err
	})
	if err != nil {
		return engine.Result{}, err
	}
	return engine.Answered(e, a), nil
}

// tickDocument marks an item of a report of the officer's area complete,
// or takes the mark back (to received when it has files, else missing),
// audited under the officer. Ticking is allowed at any stage: the paper
// may reach the office after the claim was filed.
func (s *Store) tickDocument(ctx context.Context, chatID int64, e engine.TickDocument) (engine.Result, error) {
	var a engine.Documents
	err := s.inTx(ctx, "tick document", func(tx pgx.Tx) error {
		f, _, found, err := documentReport(ctx, tx, chatID, "", e.ReportID)
		if err != nil || !found {
			return err
		}
		list, err := checklist(ctx, tx, f)
		if err != nil {
			return err
		}
		item, ok := itemOf(list, e.Item)
		if !ok {
			return fmt.Errorf("report %d has no document item %q", f.ID, e.Item)
		}
		a = engine.Documents{Found: true, Open: f.Stage.Open(), ReportID: f.ID, Number: f.Number, Kind: f.Kind, Death: f.Death, Item: e.Item}
		state := domain.DocTicked
		if !e.Ticked {
			state = domain.DocMissing
			if item.Files > 0 {
				state = domain.DocReceived
			}
		}
		if state != item.State {
			staffID, err := actingStaff(ctx, tx, chatID, f.Nagari)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `
				insert into report_documents (`+reportDocumentColumns+`)
				values ($1, $2, $3, '{}', $4, nullif($5, 0::bigint), $6)
				on conflict (report_id, item) do update
				set state = excluded.state, by_chat = excluded.by_chat, staff_id = excluded.staff_id, updated_at = excluded.updated_at`,
				f.ID, e.Item, state, chatID, staffID, s.now()); err != nil {
				return err
			}
			a.Changed = true
			if err := audit(ctx, tx, auditEntry{
				Actor: chatActor(chatID), StaffID: staffID, Action: "report.document", Kind: "report", RecordID: f.Number, Nagari: f.Nagari,
				Before: map[string]string{"item": e.Item, "state": string(item.State)},
				After:  map[string]string{"item": e.Item, "state": string(state)},
			}); err != nil {
				return err
			}
		}
		a.Items, err = checklist(ctx, tx, f)
		return err
	})
	if err != nil {
		return engine.Result{}, err
	}
	return engine.Answered(e, a), nil
}

// remindDocuments writes the reporter's reminders of missing documents due
// at now: domain.DocReminderFirst after the report, then every
// domain.DocReminderEvery, at most domain.DocReminderMax, while the report
// is open. Each due report is marked (doc_reminded_at) in the same
// transaction as its notice, so a reminder fires once however many senders
// run; a report found complete is marked without a notice or a count, so
// it is looked at again only a period later.
func remindDocuments(ctx context.Context, tx pgx.Tx, now time.Time) (int, error) {
	rows, err := tx.Query(ctx, reportFactsSelect+`
		where r.stage in ('baru', 'ditindaklanjuti', 'diajukan')
		and r.doc_reminders < $1
		and coalesce(r.doc_reminded_at + $2::interval, r.created_at + $3::interval) <= $4
		order by r.id
		for update of r skip locked`, domain.DocReminderMax, domain.DocReminderEvery, domain.DocReminderFirst, now)
	if err != nil {
		return 0, err
	}
	due, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (reportFacts, error) { return scanFacts(row) })
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, f := range due {
		list, err := checklist(ctx, tx, f)
		if err != nil {
			return 0, err
		}
		missing := familyMissing(list)
		count := 0
		if missing > 0 {
			count = 1
		}
		if _, err := tx.Exec(ctx, `update reports set doc_reminded_at = $2, doc_reminders = doc_reminders + $3 where id = $1`,
			f.ID, now, count); err != nil {
			return 0, err
		}
		if missing == 0 {
			continue
		}
		if err := Enqueue(ctx, tx, notice.DocumentsMissing(f.ChatID, f.Number, f.Kind, f.Death, missing)); err != nil {
			return 0, err
		}
		sent++
	}
	return sent, nil
}
