package postgres_test

import (
	"testing"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/postgres/pgtest"
	"github.com/jaganagari/jaganagari/internal/seal"
)

// staffChat binds chatID as role over area, the way the bot does.
func staffChat(t *testing.T, s *postgres.Store, chatID int64, role domain.Role, area string) {
	t.Helper()
	inv, err := s.CreateInvite(t.Context(), "cli", "cli", role, area)
	if err != nil {
		t.Fatal(err)
	}
	applyOne(t, s, chatID, engine.BindStaff{Code: inv.Code})
}

// noFiles applies e and fails if the store attached files: it answers data,
// and bot draws the pictures and writes the spreadsheets.
func noFiles(t *testing.T, s *postgres.Store, chatID int64, e engine.Effect) engine.Result {
	t.Helper()
	res := apply(t, s, chatID, e)
	if len(res) != 1 || res[0].Err != "" {
		t.Fatalf("Apply(%s) = %+v, want one answer", e.EffectName(), res)
	}
	if len(res[0].Files) != 0 {
		t.Errorf("Apply(%s) attached %d files; the store answers data only", e.EffectName(), len(res[0].Files))
	}
	return res[0]
}

func TestRecapAnswersTheFiguresOfEachRowOfTheChart(t *testing.T) {
	t.Parallel()
	s := postgres.NewStore(pgtest.New(t), seal.Dev())
	const officer, kecamatan, admin = int64(800100), int64(800150), int64(800200)
	staffChat(t, s, officer, domain.RoleNagari, "13.02.04.2001")
	staffChat(t, s, kecamatan, domain.RoleKecamatan, "Lembah Gumanti")
	staffChat(t, s, admin, domain.RoleAdmin, "")
	regions, err := s.Regions(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	kecamatans := map[string]bool{}
	for _, n := range regions {
		kecamatans[n.KecamatanCode] = true
	}

	// One nagari: its own figures, no rows.
	r := noFiles(t, s, officer, engine.LoadRecap{})
	if a := engine.AnswerOf[engine.LoadRecap](&r); a.Total.Nagari != 1 || a.Total.Name == "" || len(a.Rows) != 0 || a.PerKecamatan {
		t.Errorf("nagari recap = %+v, want its own figures and no rows", a)
	}

	// A kecamatan: a row per nagari.
	r = noFiles(t, s, kecamatan, engine.LoadRecap{})
	a := engine.AnswerOf[engine.LoadRecap](&r)
	if a.Total.Name != "Lembah Gumanti" || a.PerKecamatan || len(a.Rows) != a.Total.Nagari || len(a.Rows) < 2 {
		t.Errorf("kecamatan recap = %+v, want a row per nagari of Lembah Gumanti", a)
	}
	for _, row := range a.Rows {
		if row.Nagari != 1 {
			t.Errorf("kecamatan recap row %q counts %d nagari, want 1", row.Name, row.Nagari)
		}
	}

	// The regency: a row per kecamatan, adding up to the total.
	r = noFiles(t, s, admin, engine.LoadRecap{})
	a = engine.AnswerOf[engine.LoadRecap](&r)
	if a.Total.Name != "Kabupaten Solok" || !a.PerKecamatan || len(a.Rows) != len(kecamatans) {
		t.Errorf("regency recap = %q per kecamatan %v with %d rows, want Kabupaten Solok with %d", a.Total.Name, a.PerKecamatan, len(a.Rows), len(kecamatans))
	}
	sum := 0
	for _, row := range a.Rows {
		sum += row.Nagari
	}
	if sum != len(regions) || a.Total.Nagari != len(regions) {
		t.Errorf("regency rows count %d nagari and the total %d, want %d", sum, a.Total.Nagari, len(regions))
	}

	r = noFiles(t, s, admin, engine.LoadCoverage{})
	if cov := engine.AnswerOf[engine.LoadCoverage](&r); len(cov.Kecamatan) != len(kecamatans) || cov.Total.Nagari != len(regions) {
		t.Errorf("coverage has %d kecamatan and %d nagari, want %d and %d", len(cov.Kecamatan), cov.Total.Nagari, len(kecamatans), len(regions))
	}

	// Nobody verified yet: the export answers no rows.
	r = noFiles(t, s, officer, engine.ExportWorkers{})
	if e := engine.AnswerOf[engine.ExportWorkers](&r); e.Total != 0 || len(e.Rows) != 0 {
		t.Errorf("empty export = %+v", e)
	}
}
