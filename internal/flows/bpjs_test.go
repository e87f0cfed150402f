package flows

import (
	"testing"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

// bpjsWorld answers the BPJS effects as the store would for one officer:
// preview as its batch preview, a batch made of ready workers, the
// import's answer as given.
type bpjsWorld struct {
	preview    engine.BatchPreview
	imported   engine.ResultImported
	members    engine.RegistrationsImported // ImportRegistrations' answer
	membersErr string                       // or its error, the first time
	notStaff   bool
	membership domain.Membership // the chat's own, for /status
	placed     bool              // it holds a quota place
	asked      []engine.Effect
}

var batchOne = domain.Batch{Number: "AJU-2026-00001", NagariCode: "13.02.04.2001", NagariName: "Alahan Panjang",
	CreatedAt: time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC), Size: 12}

func (bw *bpjsWorld) apply(e engine.Effect, r *engine.Result) {
	if bw.notStaff && engine.Answers(e) {
		switch e.(type) {
		case engine.PrepareBatch, engine.CreateBatch, engine.ExportBatch, engine.ImportResult:
			*r = engine.Result{Effect: e.EffectName(), Err: "staff.denied"}
			return
		}
	}
	files := []engine.File{{Name: "AJU-2026-00002.xlsx", Data: []byte("x")}, {Name: "AJU-2026-00002.csv", Data: []byte("c")}}
	switch e := e.(type) {
	case engine.PrepareBatch:
		bw.asked = append(bw.asked, e)
		p := bw.preview
		if e.Nagari != "" {
			for _, c := range p.Choices {
				if c.Nagari == e.Nagari {
					p = engine.BatchPreview{Nagari: c.Nagari, NagariName: c.Name, Ready: c.Ready, Batches: p.Batches}
				}
			}
		}
		*r = engine.Answered(e, p)
	case engine.CreateBatch:
		bw.asked = append(bw.asked, e)
		if bw.preview.Ready == 0 {
			*r = engine.Result{Effect: e.EffectName(), Err: "bpjs.batch.empty"}
			return
		}
		b := domain.Batch{Number: "AJU-2026-00002", NagariCode: e.Nagari, NagariName: bw.preview.NagariName, CreatedAt: now, Size: bw.preview.Ready}
		*r = engine.Answered(e, engine.BatchCreated{Found: true, Batch: b, Resubmitted: bw.preview.Resubmitted})
		r.Files = files
	case engine.ExportBatch:
		bw.asked = append(bw.asked, e)
		a := engine.BatchCreated{Found: e.Number == batchOne.Number, Batch: batchOne}
		*r = engine.Answered(e, a)
		if a.Found {
			r.Files = []engine.File{{Name: batchOne.Number + ".xlsx"}, {Name: batchOne.Number + ".csv"}}
		}
	case engine.ImportResult:
		bw.asked = append(bw.asked, e)
		*r = engine.Answered(e, bw.imported)
	case engine.ImportRegistrations:
		bw.asked = append(bw.asked, e)
		*r = engine.Answered(e, bw.members)
		if bw.membersErr != "" {
			*r = engine.Result{Effect: e.EffectName(), Err: bw.membersErr}
			bw.membersErr = "" // once: the nagari is then picked
		}
	}
}

func document(name string) engine.Input {
	return engine.Input{Kind: engine.KindDocument, FileID: "BQACAgUAAxkBAAI00000001", FileName: name}
}

func TestAjukan(t *testing.T) {
	t.Parallel()
	m := testMachine(t)
	ready := engine.BatchPreview{Nagari: "13.02.04.2001", NagariName: "Alahan Panjang", Ready: 3, Resubmitted: 1,
		Batches: []domain.Batch{batchOne}}

	t.Run("a petugas nagari confirms and gets the batch's files", func(t *testing.T) {
		w := &world{bpjs: bpjsWorld{preview: ready}}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{engine.Slash("ajukan", ""), []string{"bpjs.batch.confirm", "bpjs.batch.list"}},
			{engine.Press(stepBPJSConfirm, "y:13.02.04.2001"), []string{"bpjs.batch.created", "staff.export.file", "staff.export.file"}},
		})
		if got := w.bpjs.asked[1]; got != (engine.CreateBatch{Nagari: "13.02.04.2001"}) {
			t.Errorf("confirmed %+v", got)
		}
	})

	t.Run("a batch can be called off", func(t *testing.T) {
		w := &world{bpjs: bpjsWorld{preview: ready}}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{engine.Slash("ajukan", ""), []string{"bpjs.batch.confirm", "bpjs.batch.list"}},
			{engine.Press(stepBPJSConfirm, "n"), []string{"bpjs.batch.cancelled"}},
		})
		if len(w.bpjs.asked) != 1 {
			t.Errorf("a cancelled batch made effects %+v", w.bpjs.asked)
		}
	})

	t.Run("a kecamatan officer picks the nagari first", func(t *testing.T) {
		w := &world{bpjs: bpjsWorld{preview: engine.BatchPreview{Choices: []engine.BatchChoice{
			{Nagari: "13.02.04.2001", Name: "Alahan Panjang", Ready: 3}, {Nagari: "13.02.04.2002", Name: "Salimpat", Ready: 1},
		}}}}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{engine.Slash("ajukan", ""), []string{"bpjs.batch.pick"}},
			{engine.Press(stepBPJSPick, "13.02.04.2002"), []string{"bpjs.batch.confirm"}},
		})
	})

	t.Run("no worker ready makes no batch", func(t *testing.T) {
		w := &world{bpjs: bpjsWorld{preview: engine.BatchPreview{Nagari: "13.02.04.2001", NagariName: "Alahan Panjang"}}}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{engine.Slash("ajukan", ""), []string{"bpjs.batch.empty"}},
			{engine.Press(stepBPJSConfirm, "y:13.02.04.2001"), []string{"bpjs.batch.empty"}},
		})
	})

	t.Run("an earlier batch is downloaded again", func(t *testing.T) {
		w := &world{bpjs: bpjsWorld{preview: ready}}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{engine.Slash("ajukan", ""), []string{"bpjs.batch.confirm", "bpjs.batch.list"}},
			{engine.Press(stepBPJSBatch, batchOne.Number), []string{"bpjs.batch.again", "staff.export.file", "staff.export.file"}},
			{engine.Press(stepBPJSBatch, "AJU-2020-00009"), []string{"bpjs.batch.not_found"}},
		})
	})

	t.Run("a chat that is not staff is not staff here either", func(t *testing.T) {
		transcript(t, m, &world{bpjs: bpjsWorld{notStaff: true}}, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{engine.Slash("ajukan", ""), []string{"staff.denied"}},
		})
	})
}

func TestImportResultFile(t *testing.T) {
	t.Parallel()
	m := testMachine(t)
	report := domain.ImportReport{}
	for _, l := range []domain.ImportLine{
		{Line: 2, NIK: "1302********0001", Number: "REG-2026-000001", Outcome: domain.ImportActivated},
		{Line: 3, NIK: "1302********0002", Number: "REG-2026-000002", Outcome: domain.ImportRefused},
		{Line: 4, NIK: "1302********0003", Outcome: domain.ImportInvalid, Problem: "bpjs.row.kpj"},
		{Line: 5, NIK: "1302********0001", Outcome: domain.ImportDuplicate},
		{Line: 6, NIK: "1302********0077", Outcome: domain.ImportUnknown},
		{Line: 7, Outcome: domain.ImportInvalid, Problem: "bpjs.row.nik"},
	} {
		report.Add(l)
	}

	t.Run("staff send BPJS's answer and get a report row by row", func(t *testing.T) {
		w := &world{bpjs: bpjsWorld{imported: engine.ResultImported{Report: report}}}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{document("hasil-bpjs.xlsx"), []string{"bpjs.import.done"}},
		})
		if got := w.bpjs.asked[0].(engine.ImportResult); got.FileID != "BQACAgUAAxkBAAI00000001" || got.Name != "hasil-bpjs.xlsx" {
			t.Errorf("import effect %+v", got)
		}
	})

	t.Run("a file without the columns changes nothing and names them", func(t *testing.T) {
		w := &world{bpjs: bpjsWorld{imported: engine.ResultImported{Problem: domain.ResultMissing, Missing: []string{"Status", "Tanggal mulai"}}}}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{document("daftar.csv"), []string{"bpjs.import.missing"}},
		})
	})

	t.Run("a worker's document is not read, and the menu comes again", func(t *testing.T) {
		w := &world{bpjs: bpjsWorld{notStaff: true}}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{document("ktp.pdf"), []string{"bpjs.import.not_staff", "menu.ask"}},
		})
	})

	t.Run("a document in the middle of a form is not an answer", func(t *testing.T) {
		w := &world{}
		transcript(t, m, w, engine.Session{}, append(toSummary[:3:3],
			turn{document("hasil.csv"), []string{"input.type_text", "reg.nik.ask"}},
		))
		if len(w.bpjs.asked) != 0 {
			t.Errorf("a document mid-form was imported: %+v", w.bpjs.asked)
		}
	})
}

func TestStatusShowsTheMembership(t *testing.T) {
	t.Parallel()
	m := testMachine(t)
	active := domain.Membership{State: domain.MembershipActive, Batch: "AJU-2026-00001", KPJ: "12345678901",
		CoverStart: time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC), CoverEnd: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}
	unrenewed, err := active.End(domain.EndBudgetYear, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	moved, err := active.End(domain.EndMoved, time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		m      domain.Membership
		placed bool
	}{
		{"active with a card and a period", active, true},
		{"submitted and waiting for BPJS", domain.Membership{State: domain.MembershipSubmitted, Batch: "AJU-2026-00001"}, false},
		{"ended with the budget year", unrenewed, false},
		{"ended with the budget year, a place again", unrenewed, true},
		{"moved away, a place again", moved, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := &world{chatReg: "REG-2026-000001", bpjs: bpjsWorld{membership: c.m, placed: c.placed}}
			transcript(t, m, w, engine.Session{}, []turn{
				{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
				{engine.Slash("status", ""), []string{"bpjs.status.show", "menu.ask"}},
			})
		})
	}
}
