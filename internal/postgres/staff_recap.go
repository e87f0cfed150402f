package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/chart"
	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

// nagariStats reads the figures of every nagari the chat's bindings cover
// (all of them for chatID 0, the CLI), by code. Report figures are read
// only when the reports table exists (it comes with the reports branch).
func nagariStats(ctx context.Context, tx pgx.Tx, chatID int64) ([]domain.AreaStats, []string, error) {
	rows, err := tx.Query(ctx, `
		select n.code, n.name, n.kecamatan_code, n.kecamatan_name, n.participating,
		       case when n.participating then n.quota else 0 end,
		       count(r.id),
		       count(r.id) filter (where r.status = 'terverifikasi'),
		       count(r.id) filter (where r.status = 'menunggu_verifikasi'),
		       count(r.id) filter (where r.status = 'ditolak'),
		       count(r.id) filter (where r.covered_at is not null),
		       count(r.id) filter (where (r.status = 'terverifikasi' and r.covered_at is null)
		                             or (r.status = 'menunggu_verifikasi' and not n.participating))
		from nagari n left join registrations r on r.nagari_code = n.code
		where $1 = 0 or staff_can($1, n.code)
		group by n.code
		order by n.code`, chatID)
	if err != nil {
		return nil, nil, fmt.Errorf("read nagari figures: %w", err)
	}
	var list []domain.AreaStats
	var kec []string // kecamatan code and name of each nagari, "code|name"
	var a domain.AreaStats
	var kc, kn string
	var part bool
	_, err = pgx.ForEachRow(rows, []any{&a.Code, &a.Name, &kc, &kn, &part, &a.Quota,
		&a.Registered, &a.Verified, &a.Pending, &a.Rejected, &a.Covered, &a.Waiting}, func() error {
		a.Nagari, a.Participating = 1, 0
		if part {
			a.Participating = 1
		}
		a.Stages = map[domain.Stage]int{}
		list = append(list, a)
		kec = append(kec, kc+"|"+kn)
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("read nagari figures: %w", err)
	}
	var hasReports bool
	if err := tx.QueryRow(ctx, `select to_regclass('reports') is not null`).Scan(&hasReports); err != nil {
		return nil, nil, err
	}
	if !hasReports {
		return list, kec, nil
	}
	index := map[string]int{}
	for i, n := range list {
		index[n.Code] = i
	}
	rows, err = tx.Query(ctx, `
		select nagari_code, stage, count(*) from reports
		where $1 = 0 or staff_can($1, nagari_code)
		group by 1, 2`, chatID)
	if err != nil {
		return nil, nil, fmt.Errorf("read report figures: %w", err)
	}
	var code string
	var stage domain.Stage
	var n int
	_, err = pgx.ForEachRow(rows, []any{&code, &stage, &n}, func() error {
		if i, ok := index[code]; ok {
			list[i].Stages[stage] += n
			if stage.Open() {
				list[i].Reports += n
			}
		}
		return nil
	})
	return list, kec, err
}

// byKecamatan sums nagari figures per kecamatan, in code order.
func byKecamatan(list []domain.AreaStats, kec []string) []domain.AreaStats {
	var out []domain.AreaStats
	for i, n := range list {
		code, name, _ := strings.Cut(kec[i], "|")
		if len(out) == 0 || out[len(out)-1].Code != code {
			out = append(out, domain.AreaStats{Code: code, Name: name, Stages: map[domain.Stage]int{}})
		}
		out[len(out)-1].Add(n)
	}
	return out
}

// loadRecap answers the figures of the chat's area, with a chart of its
// quota and registrations, and of quota use per nagari (per kecamatan for a
// regency admin) when the area has more than one.
func (s *Store) loadRecap(ctx context.Context, chatID int64) (engine.Result, error) {
	var res engine.Result
	var list []domain.AreaStats
	var kec []string
	var admin int64
	err := s.inTx(ctx, "load recap", func(tx pgx.Tx) error {
		ok, err := isStaff(ctx, tx, chatID)
		if err != nil || !ok {
			res.Err = "staff.denied"
			return err
		}
		if admin, err = adminOf(ctx, tx, chatID); err != nil {
			return err
		}
		list, kec, err = nagariStats(ctx, tx, chatID)
		return err
	})
	if err != nil || res.Err != "" {
		return res, err
	}
	var total domain.AreaStats
	for _, n := range list {
		total.Add(n)
	}
	// One nagari's chart is its own figures; an area of several gets a row
	// per nagari, or per kecamatan for the regency.
	rowsOf, rows := list, "nagari"
	switch {
	case admin != 0:
		total.Name = "Kabupaten Solok"
		rowsOf, rows = byKecamatan(list, kec), "kecamatan"
	case len(list) == 1:
		total.Name = list[0].Name
		rowsOf = nil
	default:
		ks := byKecamatan(list, kec)
		names := make([]string, len(ks))
		for i, k := range ks {
			names[i] = k.Name
		}
		total.Name = strings.Join(names, ", ")
	}
	res = engine.Answered(engine.LoadRecap{}, engine.Recap{Total: total})
	png, err := s.drawChart(ctx, chatID, "chart.recap", total, rows, rowsOf, quotaStack, registeredStack)
	if err != nil {
		return res, err
	}
	res.Files = []engine.File{{Name: "rekap.png", Data: png, Photo: true}}
	return res, nil
}

// Texts renders a message of locales/ in a language, as bot.Renderer
// does. The store draws the /rekap and /cakupan charts with it, so every
// word on a chart comes from the message files, in the chat's language.
type Texts interface {
	Text(lang, msg string, data map[string]any) (string, error)
}

// DrawWith makes the store write its charts with t, and returns it; call it
// once, before the store is used. Without it /rekap and /cakupan fail.
func (s *Store) DrawWith(t Texts) *Store {
	s.texts = t
	return s
}

// stackOf makes one stacked bar of a chart from an area's figures.
type stackOf func(a domain.AreaStats, text func(string) string) chart.Stack

func quotaStack(a domain.AreaStats, text func(string) string) chart.Stack {
	return chart.Stack{
		Heading: text("chart.quota"), Figure: chart.Share(a.Covered, a.Quota), Max: a.Quota,
		Parts: []chart.Part{
			{Label: text("chart.quota.used"), Value: a.Covered, Kind: chart.Used},
			{Label: text("chart.quota.free"), Value: max(a.Quota-a.Covered, 0), Kind: chart.Free},
		},
		Empty: text("chart.quota.none"),
	}
}

func registeredStack(a domain.AreaStats, text func(string) string) chart.Stack {
	return chart.Stack{
		Heading: text("chart.registered"), Figure: strconv.Itoa(a.Registered), Max: a.Registered,
		Parts: []chart.Part{
			{Label: text("chart.registered.verified"), Value: a.Verified, Kind: chart.Verified},
			{Label: text("chart.registered.pending"), Value: a.Pending, Kind: chart.Pending},
			{Label: text("chart.registered.rejected"), Value: a.Rejected, Kind: chart.Rejected},
		},
		Empty: text("chart.registered.none"),
	}
}

func joinedStack(a domain.AreaStats, text func(string) string) chart.Stack {
	return chart.Stack{
		Heading: text("chart.joined"), Figure: chart.Share(a.Participating, a.Nagari), Max: a.Nagari,
		Parts: []chart.Part{
			{Label: text("chart.joined.yes"), Value: a.Participating, Kind: chart.Used},
			{Label: text("chart.joined.no"), Value: a.Nagari - a.Participating, Kind: chart.NotJoined},
		},
	}
}

// drawChart draws the chart of total with a row per area of rows (rows
// names them: "nagari" or "kecamatan"), in the chat's language. Its words
// are the messages under prefix (prefix.title, prefix.subtitle) and chart.*.
func (s *Store) drawChart(ctx context.Context, chatID int64, prefix string, total domain.AreaStats, rows string, areas []domain.AreaStats, stacks ...stackOf) ([]byte, error) {
	if s.texts == nil {
		return nil, errors.New("draw chart: the store has no texts (DrawWith)")
	}
	lang, _, err := s.Language(ctx, chatID)
	if err != nil {
		return nil, err
	}
	data := map[string]any{
		"Area": total.Name, "Date": domain.Today(s.now()),
		"Participating": total.Participating, "Nagari": total.Nagari,
	}
	var failed error
	text := func(msg string) string {
		t, err := s.texts.Text(lang, msg, data)
		if err != nil && failed == nil {
			failed = err
		}
		return t
	}
	c := chart.Chart{Title: text(prefix + ".title"), Subtitle: text(prefix + ".subtitle")}
	for _, st := range stacks {
		c.Stacks = append(c.Stacks, st(total, text))
	}
	if len(areas) > 0 {
		c.RowsTitle = text("chart.rows." + rows)
		c.NotJoined = text("chart.rows." + rows + ".not_joined")
		for _, a := range areas {
			c.Rows = append(c.Rows, chart.Row{Label: a.Name, Joined: a.Participating > 0, Value: a.Covered, Max: a.Quota})
		}
	}
	if failed != nil {
		return nil, fmt.Errorf("draw chart: %w", failed)
	}
	return chart.PNG(c)
}

// Coverage reads every kecamatan's figures, for the CLI.
func (s *Store) Coverage(ctx context.Context) (domain.Coverage, error) {
	var cov domain.Coverage
	err := s.inTx(ctx, "read coverage", func(tx pgx.Tx) error {
		list, kec, err := nagariStats(ctx, tx, 0)
		if err != nil {
			return err
		}
		cov.Kecamatan = byKecamatan(list, kec)
		cov.Total = domain.AreaStats{Name: "Kabupaten Solok", Stages: map[domain.Stage]int{}}
		for _, n := range list {
			cov.Total.Add(n)
		}
		return nil
	})
	return cov, err
}

// loadCoverage answers the coverage for a regency admin, with a chart.
func (s *Store) loadCoverage(ctx context.Context, chatID int64) (engine.Result, error) {
	var res engine.Result
	admin, err := s.actingAdmin(ctx, chatID)
	if err != nil {
		return res, err
	}
	if admin == 0 {
		res.Err = "staff.admin_only"
		return res, nil
	}
	cov, err := s.Coverage(ctx)
	if err != nil {
		return res, err
	}
	res = engine.Answered(engine.LoadCoverage{}, cov)
	png, err := s.drawChart(ctx, chatID, "chart.coverage", cov.Total, "kecamatan", cov.Kecamatan, joinedStack, quotaStack)
	if err != nil {
		return res, err
	}
	res.Files = []engine.File{{Name: "cakupan.png", Data: png, Photo: true}}
	return res, nil
}
