package postgres

// Reports without a registered person (issue #15): the nagari officer links
// one to the person's registration by NIK, found within the officer's own
// area only, or records that the person is not a member. Both are audited;
// the link is told to the reporter.

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/notice"
)

// linkReport links a report of the chat's area that has no registration
// to the registration (not rejected) of e.NIK within the chat's area: the
// report gets the NIK, the registration and the worker's nagari (as a
// report made under the NIK would), its cover on the event's day is
// computed again with the report-cover rule, a "bukan peserta" finding is
// cleared, the reporter is told (and the worker's own chat, of an
// accident someone else reported: notice.TellsWorker) and the link is
// audited, in one transaction. The audit names the registration, never the NIK.
func (s *Store) linkReport(ctx context.Context, chatID int64, e engine.LinkReport) (engine.Result, error) {
	if nik, err := domain.ParseNIK(string(e.NIK), s.now()); err != nil || nik != e.NIK {
		return engine.Result{}, errors.New("link report: not a NIK the flow makes")
	}
	a := engine.ReportLinked{ID: e.ID}
	err := s.inTx(ctx, "link report", func(tx pgx.Tx) error {
		p, err := s.report(ctx, tx, `where p.id = $2 and staff_can($1, p.nagari_code) for update of p`, chatID, e.ID)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		a.Found, a.Number = true, p.Number
		if p.Registered {
			a.Already = true
			return nil
		}
		w, err := s.registration(ctx, tx, `where r.nik_index = $1 and r.status <> 'ditolak' and staff_can($2, r.nagari_code)`,
			s.nikIndex(e.NIK), chatID)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil // none in the area: nothing changes
		}
		if err != nil {
			return err
		}
		staffID, err := actingStaff(ctx, tx, chatID, p.NagariCode)
		if err != nil {
			return err
		}
		cover, err := eventCover(ctx, tx, w.ID, w.Membership, p.Date)
		if err != nil {
			return err
		}
		// The row's sealed fields are sealed together under one key, so
		// all are sealed again with the NIK.
		secrets := reportSecrets{
			subjectNIK: string(e.NIK), reporterPhone: string(p.ReporterPhone), description: p.Description,
			injury: p.Injury, treatment: p.Treatment, cause: p.Cause,
			subjectName: p.SubjectName, subjectAge: string(p.SubjectAge), witnesses: domain.EncodeWitnesses(p.Witnesses),
		}.seal(s.keys)
		var b reportSeals
		b.add(p.ID, secrets)
		if err := b.write(ctx, tx, s.keys.Current()); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			update reports set registration_id = $2, nagari_code = $3, event_cover = $4,
				linked_at = $5, linked_by = nullif($6, 0::bigint), not_member_at = null, not_member_by = null
			where id = $1`, p.ID, w.ID, w.NagariCode, cover, s.now(), staffID); err != nil {
			return err
		}
		a.Linked, a.WorkerName, a.Cover = true, w.Name, cover
		if err := Enqueue(ctx, tx, notice.ReportLinked(p.ReporterChat, p.Number, cover, p.Death)); err != nil {
			return err
		}
		// The worker's own chat hears of an accident someone else
		// reported, as it hears of the report's stages (notifyReportStage).
		for _, n := range notice.ReportLinkedToWorker(p.ReporterChat, w.ChatID, p.Number, p.Death) {
			if err := Enqueue(ctx, tx, n); err != nil {
				return err
			}
		}
		before := map[string]string{"cover": string(p.Cover), "nagari": p.NagariCode}
		if p.NotMember {
			before["not_member"] = "1"
		}
		return audit(ctx, tx, auditEntry{
			Actor: chatActor(chatID), StaffID: staffID, Action: "report.link", Kind: "report", RecordID: p.Number, Nagari: w.NagariCode,
			Before: before,
			After:  map[string]string{"registration": w.Number, "cover": string(cover), "nagari": w.NagariCode},
		})
	})
	if err != nil {
		return engine.Result{}, fmt.Errorf("report %d: %w", e.ID, err)
	}
	return engine.Answered(e, a), nil
}

// markNotMember records, once, that the person of a report of the chat's
// area without a registration is not a member, audited. A linked report
// is left as it is.
func (s *Store) markNotMember(ctx context.Context, chatID int64, e engine.MarkNotMember) (engine.Result, error) {
	var a engine.NotMemberMarked
	err := s.inTx(ctx, "mark not member", func(tx pgx.Tx) error {
		var number, nagari string
		var linked, marked bool
		err := tx.QueryRow(ctx, `
			select number, nagari_code, registration_id is not null, not_member_at is not null from reports
			where id = $2 and staff_can($1, nagari_code) for update`, chatID, e.ID).Scan(&number, &nagari, &linked, &marked)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		a = engine.NotMemberMarked{Found: true, Number: number, Linked: linked}
		if linked || marked {
			return nil
		}
		staffID, err := actingStaff(ctx, tx, chatID, nagari)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `update reports set not_member_at = $2, not_member_by = nullif($3, 0::bigint) where id = $1`,
			e.ID, s.now(), staffID); err != nil {
			return err
		}
		a.Changed = true
		return audit(ctx, tx, auditEntry{
			Actor: chatActor(chatID), StaffID: staffID, Action: "report.not_member", Kind: "report", RecordID: number, Nagari: nagari,
			After: map[string]string{"not_member": "1"},
		})
	})
	if err != nil {
		return engine.Result{}, fmt.Errorf("report %d: %w", e.ID, err)
	}
	return engine.Answered(e, a), nil
}
