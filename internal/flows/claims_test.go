package flows

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

// claimWorld answers the claim effects for one stored report, moving it as
// the store would, and records what was asked.
type claimWorld struct {
	report  domain.ReportRecord
	movedAt time.Time
	asked   []engine.Effect
}

func (cw *claimWorld) apply(e engine.Effect, r *engine.Result) {
	found := func(id int64) bool { return cw.report.ID != 0 && id == cw.report.ID }
	switch e := e.(type) {
	case engine.LoadReport:
		if found(e.ID) {
			*r = engine.Answered(e, engine.StaffReport{Found: true, Report: cw.report})
		}
	case engine.SetReportStage:
		cw.asked = append(cw.asked, e)
		if !found(e.ID) {
			return
		}
		a := engine.StageSet{Found: true, Number: cw.report.Number, From: cw.report.Stage, Stage: cw.report.Stage}
		if e.From == cw.report.Stage {
			cw.report.Stage, cw.movedAt = e.Stage, e.At
			a.Stage, a.Changed, a.Move, a.UndoUntil = e.Stage, true, 9, e.At.Add(domain.StageUndoWindow)
		}
		*r = engine.Answered(e, a)
	case engine.UndoReportStage:
		cw.asked = append(cw.asked, e)
		a := engine.StageUndone{Found: e.Move == 9, Number: cw.report.Number, Stage: cw.report.Stage}
		if e.At.After(cw.movedAt.Add(domain.StageUndoWindow)) {
			a.Late = true
		} else {
			a.Undone, a.Stage = true, domain.StageNew
		}
		*r = engine.Answered(e, a)
	case engine.RecordTahap2:
		cw.asked = append(cw.asked, e)
		*r = engine.Answered(e, engine.Tahap2Recorded{Found: found(e.ID), Number: cw.report.Number, Changed: true,
			Due: domain.Tahap2Due(e.Date)})
	case engine.AddReportNote:
		cw.asked = append(cw.asked, e)
		*r = engine.Answered(e, engine.NoteAdded{Found: found(e.ID), Number: cw.report.Number})
	}
}

// claimReport is an accident reported yesterday, 24 November 2026.
func claimReport(stage domain.Stage) domain.ReportRecord {
	rec := domain.ReportRecord{
		Report: domain.Report{Kind: domain.ReportJKK, Registered: true, NagariCode: "13.02.04.2001", SubjectNIK: nikRajo,
			Date: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC), Clock: "pagi", Place: "Sawah di Jorong Koto Baru",
			Description: "Terjatuh dari pematang sawah", Injury: "Kaki kiri terkilir", Treatment: "puskesmas"},
		ID: 77, Number: "JKK-2026-000077", Stage: stage, NagariName: "Alahan Panjang", WorkerName: "Rajo Ameh",
		CreatedAt: now.Add(-20 * time.Hour), DueFrom: time.Date(2026, 11, 23, 22, 0, 0, 0, time.UTC),
	}
	return rec
}

func stage(to domain.Stage) engine.Input { return engine.Press("staff.stage", string(to)+":77") }

func TestClaimStages(t *testing.T) {
	t.Parallel()
	m := testMachine(t)

	t.Run("a JKK report goes from baru to paid, each move confirmed", func(t *testing.T) {
		w := &world{claims: claimWorld{report: claimReport(domain.StageNew)}}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{stage(domain.StageInProgress), []string{"claims.confirm"}},
			{press("yes"), []string{"claims.staged"}},
			{stage(domain.StageFiled), []string{"claims.number.ask"}},
			{text("tanpa angka"), []string{"claims.number.invalid", "claims.number.ask"}},
			{text("klm-2026-001234"), []string{"claims.confirm"}},
			{press("yes"), []string{"claims.staged"}},
			{stage(domain.StageDone), []string{"claims.outcome.ask"}},
			{press("dibayar"), []string{"claims.amount.ask"}},
			{text("42"), []string{"claims.amount.too_small", "claims.amount.ask"}},
			{text("Rp 42 juta"), []string{"claims.paid_on.ask"}},
			{text("20 November 2026"), []string{"claims.date.before_event", "claims.paid_on.ask"}},
			{text("30 November 2026"), []string{"date.future", "claims.paid_on.ask"}},
			{press("today"), []string{"claims.confirm"}},
			{press("yes"), []string{"claims.staged"}},
		})
		want := []engine.Effect{
			engine.SetReportStage{ID: 77, From: domain.StageNew, Stage: domain.StageInProgress, At: now},
			engine.SetReportStage{ID: 77, From: domain.StageInProgress, Stage: domain.StageFiled, At: now,
				Claim: domain.Claim{Number: "KLM-2026-001234"}},
			engine.SetReportStage{ID: 77, From: domain.StageFiled, Stage: domain.StageDone, At: now,
				Claim: domain.Claim{Outcome: domain.ClaimPaid, Amount: 42_000_000, PaidOn: domain.Today(now)}},
		}
		if diff := cmp.Diff(want, w.claims.asked); diff != "" {
			t.Errorf("moves (-want +got):\n%s", diff)
		}
	})

	t.Run("Batal at a question or at the confirmation changes nothing, mid-form too", func(t *testing.T) {
		w := &world{claims: claimWorld{report: claimReport(domain.StageInProgress)}}
		s, _ := transcript(t, m, w, engine.Session{}, append(slices.Clone(toSummary[:5]),
			turn{stage(domain.StageFiled), []string{"claims.number.ask"}},
			turn{press("cancel"), []string{"staff.reject.cancelled", "reg.name.ask"}},
			turn{stage(domain.StageRejected), []string{"staff.rep.reject_ask"}},
			turn{text("Bukan saat bekerja"), []string{"claims.confirm"}},
			turn{press("cancel"), []string{"staff.reject.cancelled", "reg.name.ask"}},
			turn{text("Siti Rahmah"), []string{"reg.address.ask"}},
		))
		if len(w.claims.asked) != 0 {
			t.Errorf("effects after Batal: %+v", w.claims.asked)
		}
		for _, k := range staffKeys {
			if s.Answer(k) != "" {
				t.Errorf("staff key %s left behind", k)
			}
		}
		if s.Answer(keyName) != "Siti Rahmah" {
			t.Errorf("the form lost its answer: %+v", s.Answers)
		}
	})

	t.Run("a refusal by BPJS and a rejection are confirmed with their reasons", func(t *testing.T) {
		w := &world{claims: claimWorld{report: claimReport(domain.StageFiled)}}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{stage(domain.StageDone), []string{"claims.outcome.ask"}},
			{text("dibayar"), []string{"input.use_buttons", "claims.outcome.ask"}},
			{press("ditolak_bpjs"), []string{"claims.refusal.ask"}},
			{press("dokumen_tidak_lengkap"), []string{"claims.confirm"}},
			{press("yes"), []string{"claims.staged"}},
		})
		w.claims.report.Stage = domain.StageInProgress
		transcript(t, m, w, engine.Session{}, []turn{
			{stage(domain.StageRejected), []string{"staff.rep.reject_ask"}},
			{text("Bukan saat bekerja."), []string{"claims.confirm"}},
			{press("yes"), []string{"claims.staged"}},
		})
		want := []engine.Effect{
			engine.SetReportStage{ID: 77, From: domain.StageFiled, Stage: domain.StageDone, At: now,
				Claim: domain.Claim{Outcome: domain.ClaimRefused, Refusal: "dokumen_tidak_lengkap"}},
			engine.SetReportStage{ID: 77, From: domain.StageInProgress, Stage: domain.StageRejected, At: now, Reason: "Bukan saat bekerja"},
		}
		if diff := cmp.Diff(want, w.claims.asked); diff != "" {
			t.Errorf("moves (-want +got):\n%s", diff)
		}
	})

	t.Run("an old or forged stage button is told where the report stands", func(t *testing.T) {
		w := &world{claims: claimWorld{report: claimReport(domain.StageFiled)}}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{stage(domain.StageInProgress), []string{"staff.rep.unchanged"}},
			{engine.Press("staff.stage", "baru:77"), []string{"staff.rep.not_found"}},
			{engine.Press("staff.stage", "selesai:78"), []string{"staff.rep.not_found"}},
			{engine.Press("staff.undo", "x"), []string{"staff.rep.not_found"}},
		})
		if len(w.claims.asked) != 0 {
			t.Errorf("effects: %+v", w.claims.asked)
		}
	})

	t.Run("a move is undone, tahap II recorded and a note added", func(t *testing.T) {
		w := &world{claims: claimWorld{report: claimReport(domain.StageNew)}}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{stage(domain.StageInProgress), []string{"claims.confirm"}},
			{press("yes"), []string{"claims.staged"}},
			{engine.Press("staff.undo", "9"), []string{"claims.undo.done"}},
			{engine.Press("staff.t2", "77"), []string{"claims.t2.outcome.ask"}},
			{press("sembuh"), []string{"claims.t2.date.ask"}},
			{text("30 November 2026"), []string{"date.future", "claims.t2.date.ask"}},
			{press("yesterday"), []string{"claims.t2.done"}},
			{engine.Press("staff.note", "77"), []string{"claims.note.ask"}},
			{text("ok"), []string{"text.too_short", "claims.note.ask"}},
			{text("Berkas KK1 sudah dikirim ke BPJS"), []string{"claims.note.saved"}},
		})
		want := []engine.Effect{
			engine.SetReportStage{ID: 77, From: domain.StageNew, Stage: domain.StageInProgress, At: now},
			engine.UndoReportStage{Move: 9, At: now},
			engine.RecordTahap2{ID: 77, Outcome: "sembuh", Date: domain.Today(now).AddDate(0, 0, -1), At: now},
			engine.AddReportNote{ID: 77, Text: "Berkas KK1 sudah dikirim ke BPJS"},
		}
		if diff := cmp.Diff(want, w.claims.asked); diff != "" {
			t.Errorf("effects (-want +got):\n%s", diff)
		}
	})

	t.Run("the report view shows tahap I and II, the claim and the notes", func(t *testing.T) {
		rec := claimReport(domain.StageDone)
		rec.ActedAt = now.Add(-19 * time.Hour)
		rec.Tahap2 = domain.Tahap2{Outcome: "cacat", On: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)}
		rec.Claim = domain.Claim{Number: "KLM-2026-001234", Outcome: domain.ClaimPaid, Amount: 42_000_000, PaidOn: domain.Today(now)}
		rec.Notes = []domain.ReportNote{
			{At: now.Add(-2 * time.Hour), StaffID: 3, Text: "Berkas KK1 sudah dikirim"},
			{At: now.Add(-time.Hour), StaffID: 4, Text: "Keluarga sudah dihubungi"},
		}
		w := &world{claims: claimWorld{report: rec}}
		_, replies := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{engine.Press("staff.rep", "77"), []string{"claims.rep.show"}},
		})
		// A finished report offers a note and its checklist only.
		if got := replies[0].Buttons; len(got) != 2 || got[0][0].Step != stepNote || got[1][0].Step != stepStaffDocs {
			t.Errorf("buttons of a finished report: %+v", got)
		}
		w.claims.report = claimReport(domain.StageNew)
		_, replies = transcript(t, m, w, engine.Session{}, []turn{
			{engine.Press("staff.rep", "77"), []string{"claims.rep.show"}},
		})
		var steps []string
		for _, row := range replies[0].Buttons {
			steps = append(steps, row[0].Step)
		}
		if diff := cmp.Diff([]string{"staff.stage", "staff.stage", "staff.t2", "staff.note", "staff.docs"}, steps); diff != "" {
			t.Errorf("buttons of a new accident report (-want +got):\n%s", diff)
		}
	})
}
