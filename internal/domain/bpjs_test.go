package domain

import (
	"slices"
	"testing"
	"time"
)

func TestReadResult(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	aug1 := time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)
	const nik = "1302041203850001"
	t.Run("headers by other names, statuses and dates as written", func(t *testing.T) {
		f := ReadResult([][]string{
			{"", ""},
			{"No.  NIK", "NO KPJ", "Hasil Validasi", "TMT", "Tgl. Akhir", "Keterangan"},
			{`="` + nik + `"`, "1234-5678-901", " AKTIF ", "46235", "", ""},
			{"'" + nik, "", "Tidak Valid", "", "", "  NIK   tidak  sesuai "},
			{},
			{nik, "12345678", "DITERIMA", "1/8/2026", "31.12.2026", ""},
		}, now)
		if f.Problem != "" || len(f.Rows) != 3 {
			t.Fatalf("read %+v", f)
		}
		if r := f.Rows[0]; !r.Accepted || r.KPJ != "12345678901" || !r.Start.Equal(aug1) || r.Line != 3 || r.Problem != "" {
			t.Errorf("row 0 %+v", r)
		}
		if r := f.Rows[1]; r.Accepted || r.Reason != "NIK tidak sesuai" || r.Problem != "" {
			t.Errorf("row 1 %+v", r)
		}
		if r := f.Rows[2]; !r.Start.Equal(aug1) || r.End.Day() != 31 || r.Line != 6 {
			t.Errorf("row 2 %+v", r)
		}
	})
	t.Run("each bad cell names its problem", func(t *testing.T) {
		f := ReadResult([][]string{
			{"NIK", "KPJ", "Status", "Mulai", "Akhir"},
			{"1302", "12345678", "diterima", "01-08-2026", ""},
			{nik, "12345678", "barangkali", "01-08-2026", ""},
			{nik, "12", "diterima", "01-08-2026", ""},
			{nik, "12345678", "diterima", "kemarin", ""},
			{nik, "12345678", "diterima", "01-08-2026", "01-07-2026"},
		}, now)
		var got []string
		for _, r := range f.Rows {
			got = append(got, r.Problem)
		}
		if want := []string{"bpjs.row.nik", "bpjs.row.status", "bpjs.row.kpj", "bpjs.row.start", "bpjs.row.end"}; !slices.Equal(got, want) {
			t.Errorf("problems %q, want %q", got, want)
		}
	})
	t.Run("missing columns are named, an empty file is said to be", func(t *testing.T) {
		if f := ReadResult([][]string{{"NIK", "Nama"}}, now); f.Problem != ResultMissing || !slices.Equal(f.Missing, []string{"Nomor KPJ", "Status", "Tanggal mulai"}) {
			t.Errorf("missing %+v", f)
		}
		if f := ReadResult([][]string{{"NIK", "KPJ", "Status", "Mulai"}, {"", " "}}, now); f.Problem != ResultEmpty {
			t.Errorf("no rows %+v", f)
		}
		if f := ReadResult(nil, now); f.Problem != ResultEmpty {
			t.Errorf("nothing %+v", f)
		}
	})
}
