package flows

import (
	"testing"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

func captioned(name, caption string) engine.Input {
	in := document(name)
	in.Text = caption
	return in
}

// TestImportMembers sends a nagari's list of members as a document
// captioned "impor <nagari>": the report, a refusal for a chat that is not
// a regency admin, a nagari to name again, and an uncaptioned document
// still taken as BPJS's result file.
func TestImportMembers(t *testing.T) {
	t.Parallel()
	m := testMachine(t)
	report := domain.RowReport{}
	for _, l := range []domain.RowLine{
		{Line: 2, NIK: "1302********0001", Number: "REG-2026-000101", Outcome: domain.RowImported, Active: true},
		{Line: 3, NIK: "1302********0002", Number: "REG-2026-000102", Outcome: domain.RowImported},
		{Line: 4, NIK: "1302********0003", Outcome: domain.RowRegistered},
		{Line: 5, NIK: "1302********0001", Outcome: domain.RowDuplicate},
		{Line: 6, Outcome: domain.RowRefused, Problem: "import.row.nik.invalid_length"},
		{Line: 7, NIK: "1302********0007", Outcome: domain.RowRefused, Problem: "import.row.birth.too_young", Data: map[string]any{"Min": domain.MinAge}},
	} {
		report.Add(l)
	}
	alahan := domain.Nagari{Code: "13.02.04.2001", Name: "Alahan Panjang", KecamatanCode: "13.02.04", KecamatanName: "Lembah Gumanti"}

	t.Run("an admin's list is imported and reported row by row", func(t *testing.T) {
		w := &world{bpjs: bpjsWorld{members: engine.RegistrationsImported{Nagari: alahan, Report: report, Quota: 100, Funded: 102}}}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{captioned("peserta.xlsx", "Impor Alahan Panjang"), []string{"import.done"}},
		})
		got, ok := w.bpjs.asked[0].(engine.ImportRegistrations)
		if !ok || got.Nagari != "Alahan Panjang" || got.Name != "peserta.xlsx" || got.FileID == "" {
			t.Errorf("import effect %+v", w.bpjs.asked[0])
		}
	})
	t.Run("a nagari officer is refused", func(t *testing.T) {
		w := &world{bpjs: bpjsWorld{membersErr: "import.denied"}}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{captioned("peserta.csv", "impor 13.02.04.2001"), []string{"import.denied"}},
		})
	})
	t.Run("a caption without a nagari has it picked with buttons", func(t *testing.T) {
		w := &world{bpjs: bpjsWorld{membersErr: "import.nagari_unknown", members: engine.RegistrationsImported{Nagari: alahan, Report: report, Quota: 100, Funded: 2}}}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{captioned("peserta.csv", "impor"), []string{"import.kecamatan.ask"}},
			{engine.Press(stepImportKecamatan, "13.02.99"), []string{"input.use_buttons", "import.kecamatan.ask"}},
			{engine.Press(stepImportKecamatan, "13.02.04"), []string{"import.nagari.ask"}},
			{engine.Press(stepImportNagari, "13.02.06.2003"), []string{"input.use_buttons", "import.nagari.ask"}},
			{engine.Press(stepImportNagari, "13.02.04.2001"), []string{"import.done"}},
		})
		first, second := w.bpjs.asked[0].(engine.ImportRegistrations), w.bpjs.asked[1].(engine.ImportRegistrations)
		if first.Nagari != "" || second.Nagari != "13.02.04.2001" || second.FileID != first.FileID || second.Name != "peserta.csv" {
			t.Errorf("effects %+v then %+v", first, second)
		}
	})
	t.Run("the pick can be called off", func(t *testing.T) {
		w := &world{bpjs: bpjsWorld{membersErr: "import.nagari_unknown"}}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{captioned("peserta.csv", "impor Koto Laweh"), []string{"import.kecamatan.ask"}},
			{engine.Press(stepImportKecamatan, "cancel"), []string{"import.cancelled"}},
		})
		if len(w.bpjs.asked) != 1 {
			t.Errorf("effects %+v", w.bpjs.asked)
		}
	})
	t.Run("a file without the columns changes nothing and names them", func(t *testing.T) {
		w := &world{bpjs: bpjsWorld{members: engine.RegistrationsImported{Problem: domain.ImportFileMissing, Missing: []string{"Tanggal lahir"}}}}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{captioned("peserta.csv", "impor peserta Alahan Panjang"), []string{"import.file.missing"}},
		})
		if got := w.bpjs.asked[0].(engine.ImportRegistrations); got.Nagari != "Alahan Panjang" {
			t.Errorf("nagari %q", got.Nagari)
		}
	})
	t.Run("another caption is BPJS's result file", func(t *testing.T) {
		w := &world{bpjs: bpjsWorld{imported: engine.ResultImported{Report: domain.ImportReport{}}}}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{captioned("hasil.csv", "hasil BPJS Oktober"), []string{"bpjs.import.done"}},
		})
		if _, ok := w.bpjs.asked[0].(engine.ImportResult); !ok {
			t.Errorf("effect %+v", w.bpjs.asked[0])
		}
	})
}
