package export_test

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/export"
)

func batchSample() (domain.Batch, []domain.ExportRow) {
	b := domain.Batch{Number: "AJU-2026-00001", NagariName: "Alahan Panjang", CreatedAt: time.Date(2026, 8, 1, 3, 4, 5, 0, time.UTC), Size: 1}
	return b, []domain.ExportRow{{"1302064505900001", "Siti Zulkarnaén", "05-05-1990", "P", "=Jorong Koto", "Alahan Panjang",
		"petani", "081234567890", "", "Budi", "pasangan"}}
}

// TestBatchFileIsTheSameBytesEveryTime writes a batch twice and gets the
// same XLSX and CSV: the document properties come from the batch, not the
// clock (excelize's own are a fixed 2006 date). The XLSX's cells are the batch's columns,
// NIK and phone as text, formulas defused.
func TestBatchFileIsTheSameBytesEveryTime(t *testing.T) {
	t.Parallel()
	b, rows := batchSample()
	xn, x1, cn, c1, err := export.BatchFiles(b, rows)
	if err != nil {
		t.Fatal(err)
	}
	_, x2, _, c2, err := export.BatchFiles(b, slices.Clone(rows))
	if err != nil {
		t.Fatal(err)
	}
	if xn != "AJU-2026-00001.xlsx" || cn != "AJU-2026-00001.csv" {
		t.Errorf("names %s, %s", xn, cn)
	}
	if !bytes.Equal(x1, x2) || !bytes.Equal(c1, c2) {
		t.Fatal("the same batch written twice gives different bytes")
	}
	f, err := excelize.OpenReader(bytes.NewReader(x1))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	props, err := f.GetDocProps()
	if err != nil || props.Created != "2026-08-01T03:04:05Z" || props.Title != b.Number {
		t.Errorf("document properties %+v (%v)", props, err)
	}
	got, err := f.GetRows("Pengajuan")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{domain.BatchColumns, slices.Clone(rows[0])}
	want[1][4] = "'=Jorong Koto"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("cells (-want +got):\n%s", diff)
	}
	if !bytes.Contains(c1, []byte(`"=""1302064505900001"""`)) || !bytes.Contains(c1, []byte(`"=""081234567890"""`)) {
		t.Errorf("CSV does not keep NIK and phone as text:\n%s", c1)
	}
}

// TestReadTakesXLSXAndCSV reads the result template back from both
// formats, and refuses bytes that are neither.
func TestReadTakesXLSXAndCSV(t *testing.T) {
	t.Parallel()
	tmpl := export.ResultTemplate()
	x, err := export.WriteXLSX(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	c, err := export.WriteCSV(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	for name, data := range map[string][]byte{"hasil.xlsx": x, "hasil.csv": c, "comma.csv": []byte("nik,kpj,hasil,tmt\n1302041203859999,12345678901,Aktif,2026-08-01\n")} {
		table, err := export.Read(name, data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		f := domain.ReadResult(table, now)
		if f.Problem != "" || len(f.Rows) == 0 {
			t.Fatalf("%s read as %+v", name, f)
		}
		r := f.Rows[0]
		if r.NIK != "1302041203859999" || !r.Accepted || r.KPJ != "12345678901" || !r.Start.Equal(time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)) || r.Problem != "" {
			t.Errorf("%s first row %+v", name, r)
		}
	}
	for _, junk := range [][]byte{{0x25, 0x50, 0x44, 0x46, 0x00, 0xff}, []byte("PK\x03\x04broken"), {}} {
		if _, err := export.Read("x.xlsx", junk); err == nil {
			t.Errorf("%q read as a spreadsheet", junk)
		}
	}
}
