package bot

import (
	"fmt"
	"time"

	"github.com/jaganagari/jaganagari/internal/card"
	"github.com/jaganagari/jaganagari/internal/chart"
	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/export"
	"github.com/jaganagari/jaganagari/internal/poster"
	"github.com/jaganagari/jaganagari/internal/render"
)

// attach renders the files a typed answer is shown with into r.Files: the
// /rekap and /cakupan charts and the /kartu member card, drawn with words
// in lang, the export as XLSX and CSV, and a BPJS batch's files. The store answers data only, and the engine does no
// drawing, so the files are made here, between Records.Apply and the flow
// that puts them on replies. now dates the charts and names the exports.
// A poster (/poster) is drawn here too, with the bot's username in its link.
func (b *Bot) attach(r *engine.Result, lang string, now time.Time) error {
	if r.Err != "" {
		return nil
	}
	words := func(msg string, data map[string]any) (string, error) {
		return b.opts.Renderer.Text(lang, msg, data)
	}
	switch r.Effect {
	case engine.LoadRecap{}.EffectName():
		a := engine.AnswerOf[engine.LoadRecap](r)
		png, err := chart.Recap(a.Total, a.Rows, a.PerKecamatan, domain.Today(now), words)
		if err != nil {
			return fmt.Errorf("draw recap chart: %w", err)
		}
		r.Files = []engine.File{{Name: "rekap.png", Data: png, Photo: true}}
	case engine.LoadCoverage{}.EffectName():
		png, err := chart.Coverage(engine.AnswerOf[engine.LoadCoverage](r), domain.Today(now), words)
		if err != nil {
			return fmt.Errorf("draw coverage chart: %w", err)
		}
		r.Files = []engine.File{{Name: "cakupan.png", Data: png, Photo: true}}
	case engine.CreateBatch{}.EffectName(), engine.ExportBatch{}.EffectName():
		a, _ := r.Answer.(engine.BatchCreated)
		files, err := batchFiles(a)
		if err != nil {
			return err
		}
		r.Files = files
	case engine.LoadPoster{}.EffectName():
		return b.attachPoster(r)
	case engine.LoadTemplates{}.EffectName():
		return attachTemplates(r)
	case engine.LoadCard{}.EffectName():
		// Only an active membership has a card; the flow says where any
		// other worker stands.
		c := engine.AnswerOf[engine.LoadCard](r)
		if !c.Found || c.Membership.State != domain.MembershipActive {
			return nil
		}
		png, err := card.Draw(card.Member{Name: c.Name, Nagari: c.Nagari, Kecamatan: c.Kecamatan, Membership: c.Membership}, words)
		if err != nil {
			return fmt.Errorf("draw member card: %w", err)
		}
		r.Files = []engine.File{{Name: "kartu-peserta.png", Data: png, Photo: true}}
	case engine.ExportWorkers{}.EffectName():
		rows := engine.AnswerOf[engine.ExportWorkers](r).Rows
		if len(rows) == 0 {
			return nil
		}
		xlsx, err := export.XLSX(rows)
		if err != nil {
			return err
		}
		csv, err := export.CSV(rows)
		if err != nil {
			return err
		}
		stamp := now.Format("20060102")
		r.Files = []engine.File{
			{Name: "pekerja-terverifikasi-" + stamp + ".xlsx", Data: xlsx},
			{Name: "pekerja-terverifikasi-" + stamp + ".csv", Data: csv},
		}
	}
	return nil
}

// attachPoster draws the poster of the nagari LoadPoster found, in
// Indonesian whatever the staff chat's language (it is for the workers of
// a nagari of Kabupaten Solok), as the PDF to print and the picture to
// share. Without the bot's username there is no link to put on it.
func (b *Bot) attachPoster(r *engine.Result) error {
	a := engine.AnswerOf[engine.LoadPoster](r)
	if !a.Found {
		return nil
	}
	link := domain.DeepLink(b.username, a.Nagari.Code)
	if link == "" {
		*r = engine.Result{Effect: r.Effect, Err: "staff.poster.unavailable"}
		return nil
	}
	n := poster.Nagari{Code: a.Nagari.Code, Name: a.Nagari.Name, Kecamatan: a.Nagari.KecamatanName, Contact: a.Contact, Link: link}
	files, err := poster.Render(n, func(msg string, data map[string]any) (string, error) {
		return b.opts.Renderer.Text(render.DefaultLanguage, msg, data)
	})
	if err != nil {
		return fmt.Errorf("draw poster: %w", err)
	}
	r.Files = []engine.File{
		{Name: poster.FileName(n, "pdf"), Data: files.PDF},
		{Name: poster.FileName(n, "png"), Data: files.PNG, Photo: true},
	}
	return nil
}

// attachTemplates writes the templates LoadTemplates allows as XLSX, the
// format staff fill in: the members' import first (an admin's), then
// BPJS's result file.
func attachTemplates(r *engine.Result) error {
	a := engine.AnswerOf[engine.LoadTemplates](r)
	var files []engine.File
	for _, t := range []struct {
		ok    bool
		name  string
		table export.Table
	}{
		{a.Import, "templat-impor-peserta.xlsx", export.ImportTemplate()},
		{a.Result, "templat-hasil-bpjs.xlsx", export.ResultTemplate()},
	} {
		if !t.ok {
			continue
		}
		data, err := export.WriteXLSX(t.table)
		if err != nil {
			return fmt.Errorf("write template %s: %w", t.name, err)
		}
		files = append(files, engine.File{Name: t.name, Data: data})
	}
	r.Files = files
	return nil
}
