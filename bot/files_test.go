package bot

import (
	"bytes"
	"image/png"
	"testing"
	"testing/fstest"
	"time"

	"github.com/jaganagari/jaganagari/internal/chart"
	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/export"
	"github.com/jaganagari/jaganagari/internal/render"
	"github.com/jaganagari/jaganagari/locales"
)

func TestAttachRendersTheFilesOfTypedAnswers(t *testing.T) {
	t.Parallel()
	r, err := render.New(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	b := &Bot{opts: Options{Renderer: r}}
	now := time.Date(2026, 5, 12, 10, 0, 0, 0, time.FixedZone("WIB", 7*60*60))
	nagari := domain.AreaStats{Name: "Alahan Panjang", Nagari: 1, Participating: 1, Quota: 100, Funded: 3, Registered: 5, Verified: 3, Pending: 2}

	// The chart is drawn with the words of the chat's language.
	draw := func(lang string) []byte {
		t.Helper()
		res := engine.Answered(engine.LoadRecap{}, engine.Recap{Total: nagari})
		if err := b.attach(&res, lang, now); err != nil {
			t.Fatal(err)
		}
		if len(res.Files) != 1 || res.Files[0].Name != "rekap.png" || !res.Files[0].Photo {
			t.Fatalf("recap files = %+v, want rekap.png as a photo", res.Files)
		}
		return res.Files[0].Data
	}
	en := draw("en")
	want, err := chart.Recap(nagari, nil, false, domain.Today(now), func(msg string, data map[string]any) (string, error) {
		return r.Text("en", msg, data)
	})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(en, want) {
		t.Error("the English recap is not chart.Recap's drawing with English words")
	}
	if bytes.Equal(en, draw("id")) {
		t.Error("the recap is drawn the same in English and Indonesian")
	}

	cov := engine.Answered(engine.LoadCoverage{}, domain.Coverage{Total: nagari, Kecamatan: []domain.AreaStats{nagari}})
	if err := b.attach(&cov, "id", now); err != nil || len(cov.Files) != 1 || cov.Files[0].Name != "cakupan.png" || !cov.Files[0].Photo {
		t.Errorf("coverage files = %+v, %v; want cakupan.png as a photo", cov.Files, err)
	}

	// The export is the rows as XLSX and CSV, named by the day.
	row := make(domain.ExportRow, len(domain.ExportColumns))
	row[domain.ExportNIKColumn], row[domain.ExportPhoneColumn] = "1302044505800011", "+6281200000001"
	res := engine.Answered(engine.ExportWorkers{}, engine.Exported{Total: 1, Rows: []domain.ExportRow{row}})
	if err := b.attach(&res, "id", now); err != nil {
		t.Fatal(err)
	}
	csv, err := export.CSV([]domain.ExportRow{row})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 2 || res.Files[0].Name != "pekerja-terverifikasi-20260512.xlsx" || res.Files[1].Name != "pekerja-terverifikasi-20260512.csv" {
		t.Fatalf("export files = %+v", res.Files)
	}
	if !bytes.HasPrefix(res.Files[0].Data, []byte("PK")) || res.Files[0].Photo || !bytes.Equal(res.Files[1].Data, csv) {
		t.Errorf("export files are not the XLSX and export.CSV of the rows")
	}
	empty := engine.Answered(engine.ExportWorkers{}, engine.Exported{})
	if err := b.attach(&empty, "id", now); err != nil || len(empty.Files) != 0 {
		t.Errorf("an empty export attached %+v, %v", empty.Files, err)
	}

	// The member card is drawn for an active membership only.
	member := engine.MemberCard{Found: true, Number: "REG-2026-000007", Status: domain.StatusVerified,
		Name: "Siti Rahmah", Nagari: "Alahan Panjang", Kecamatan: "Lembah Gumanti",
		Membership: domain.Membership{State: domain.MembershipActive, KPJ: "26051234567",
			CoverStart: time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC), CoverEnd: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}}
	kartu := engine.Answered(engine.LoadCard{}, member)
	if err := b.attach(&kartu, "id", now); err != nil || len(kartu.Files) != 1 || kartu.Files[0].Name != "kartu-peserta.png" || !kartu.Files[0].Photo {
		t.Fatalf("card files = %+v, %v; want kartu-peserta.png as a photo", kartu.Files, err)
	}
	if img, err := png.DecodeConfig(bytes.NewReader(kartu.Files[0].Data)); err != nil || img.Width != 1080 {
		t.Errorf("the card is not a 1080 px wide PNG: %+v, %v", img, err)
	}
	for _, st := range []domain.MembershipState{"", domain.MembershipSubmitted, domain.MembershipRefused, domain.MembershipEnded} {
		m := member
		m.Membership.State = st
		res := engine.Answered(engine.LoadCard{}, m)
		if err := b.attach(&res, "id", now); err != nil || len(res.Files) != 0 {
			t.Errorf("a card drawn for membership %q: %+v, %v", st, res.Files, err)
		}
	}

	// A failed effect has nothing to draw.
	failed := engine.Result{Effect: engine.LoadRecap{}.EffectName(), Err: "staff.denied"}
	if err := b.attach(&failed, "id", now); err != nil || len(failed.Files) != 0 {
		t.Errorf("a denied recap attached %+v, %v", failed.Files, err)
	}
}

func TestAttachFailsWithoutTheChartsWords(t *testing.T) {
	t.Parallel()
	r, err := render.New(fstest.MapFS{"active.id.toml": {Data: []byte(`"chart.recap.title" = "Rekap"` + "\n")}})
	if err != nil {
		t.Fatal(err)
	}
	b := &Bot{opts: Options{Renderer: r}}
	res := engine.Answered(engine.LoadRecap{}, engine.Recap{Total: domain.AreaStats{Name: "Alahan Panjang"}})
	if err := b.attach(&res, "id", time.Now()); err == nil {
		t.Errorf("attach drew a recap without its words: %+v", res.Files)
	}
}
