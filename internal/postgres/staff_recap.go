package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

// nagariStats reads the figures of every nagari the chat's bindings cover
// (all of them for chatID 0, the CLI), by code. A member whose cover ended
// no longer counts as holding a funded place, nor as waiting for one.
func nagariStats(ctx context.Context, tx pgx.Tx, chatID int64) ([]domain.AreaStats, []string, error) {
	rows, err := tx.Query(ctx, `
		select n.code, n.name, n.kecamatan_code, n.kecamatan_name, n.participating,
		       case when n.participating then n.quota else 0 end,
		       count(r.id),
		       count(r.id) filter (where r.status = 'terverifikasi'),
		       count(r.id) filter (where r.status = 'menunggu_verifikasi'),
		       count(r.id) filter (where r.status = 'ditolak'),
		       count(r.id) filter (where r.covered_at is not null),
		       count(r.id) filter (where (r.status = 'terverifikasi' and r.covered_at is null and `+notEnded+`)
		                             or (r.status = 'menunggu_verifikasi' and not n.participating)),
		       count(r.id) filter (where r.membership_state = 'diajukan'),
		       count(r.id) filter (where r.membership_state = 'aktif'),
		       count(r.id) filter (where r.membership_state = 'berakhir' and r.covered_at is null)
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
		&a.Registered, &a.Verified, &a.Pending, &a.Rejected, &a.Funded, &a.Waiting,
		&a.Submitted, &a.Active, &a.Ended}, func() error {
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

// loadRecap answers the figures of the chat's area, and those of each
// nagari (each kecamatan for a regency admin) when the area has more than
// one; bot draws the chart from them.
func (s *Store) loadRecap(ctx context.Context, chatID int64, e engine.LoadRecap) (engine.Result, error) {
	var res engine.Result
	var list []domain.AreaStats
	var iuran []engine.IuranLine
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
		if err != nil {
			return err
		}
		at := e.At
		if at.IsZero() {
			at = s.now()
		}
		iuran, err = recapIuran(ctx, tx, chatID, at)
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
	recap := engine.Recap{Rows: list, Iuran: iuran}
	switch {
	case admin != 0:
		total.Name = "Kabupaten Solok"
		recap.Rows, recap.PerKecamatan = byKecamatan(list, kec), true
	case len(list) == 1:
		total.Name = list[0].Name
		recap.Rows = nil
	default:
		ks := byKecamatan(list, kec)
		names := make([]string, len(ks))
		for i, k := range ks {
			names[i] = k.Name
		}
		total.Name = strings.Join(names, ", ")
	}
	recap.Total = total
	return engine.Answered(engine.LoadRecap{}, recap), nil
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

// loadCoverage answers the coverage for a regency admin.
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
	return engine.Answered(engine.LoadCoverage{}, cov), nil
}
