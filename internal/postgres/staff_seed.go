package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// The programme's known participants at its launch on 25 Jul 2025.
// 54 of 74 nagari had joined, but the sources name only these: every nagari
// of Kecamatan Danau Kembar (13.02.19) and Junjung Sirih (13.02.13), and
// eight nagari that budgeted for 100 workers each. The other participants
// are set with `jaganagari nagari set CODE --participating --quota N`.
var (
	seedKecamatan = []string{"13.02.13", "13.02.19"}
	// seedQuota100 resolves the article's names to codes. None of the eight
	// names repeats in the list; "Koto Anau" is Koto Gadang Koto Anau.
	seedQuota100 = []string{
		"13.02.09.2001", // Taruang-Taruang, IX Koto Sungai Lasi
		"13.02.18.2005", // Simanau, Tigo Lurah
		"13.02.04.2001", // Alahan Panjang, Lembah Gumanti
		"13.02.17.2003", // Sungai Abu, Hiliran Gumanti
		"13.02.06.2005", // Koto Gadang Koto Anau, Lembang Jaya
		"13.02.08.2001", // Muaro Paneh, Bukit Sundi
		"13.02.10.2001", // Koto Baru, Kubung
		"13.02.19.2002", // Kampung Batu Dalam, Danau Kembar
	}
)

// seedProgramme marks the known participants and quotas. It runs after every
// migration, but only touches nagari nobody has set by hand
// (programme_set_at is null) and only raises: a nagari already participating
// with a larger quota is left alone. Quotas of participants not among the
// eight are unknown and stay 0 until set.
func seedProgramme(ctx context.Context, conn *pgx.Conn) error {
	_, err := conn.Exec(ctx, `
		update nagari set
			participating = true,
			quota = greatest(quota, case when code = any($2) then 100 else 0 end)
		where programme_set_at is null
		  and (kecamatan_code = any($1) or code = any($2))
		  and (not participating or quota < case when code = any($2) then 100 else 0 end)`,
		seedKecamatan, seedQuota100)
	return err
}
