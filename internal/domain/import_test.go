package domain

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var alahan = Nagari{Code: "13.02.04.2001", Name: "Alahan Panjang", KecamatanCode: "13.02.04", KecamatanName: "Lembah Gumanti"}

// importHeader is the template's header, shuffled and spelt as a nagari's
// own spreadsheet might.
var importHeader = []string{"No", "NIK", "Nama", "Tgl. Lahir", "L/P", "Alamat / Jorong", "Nagari", "Pekerjaan", "No. HP",
	"Nama Ibu", "Ahli waris", "Hubungan", "No KPJ", "TMT", "Tanggal akhir"}

// goodRow is a valid row of importHeader: a woman born 5 May 1980.
func goodRow() []string {
	return []string{"1", "1302044505800001", "siti aminah", "5 Mei 1980", "P", "Jorong Koto Baru", "Alahan Panjang",
		"Petani", "0812 3456 7890", "Rosna", "Ahmad", "suami", "", "", ""}
}

func readOne(t *testing.T, edit func(r []string)) ImportRow {
	t.Helper()
	row := goodRow()
	if edit != nil {
		edit(row)
	}
	f := ReadImport([][]string{importHeader, row}, alahan, now)
	if f.Problem != "" || len(f.Rows) != 1 {
		t.Fatalf("file problem %q, %d rows", f.Problem, len(f.Rows))
	}
	return f.Rows[0]
}

func TestReadImport(t *testing.T) {
	t.Parallel()
	t.Run("a_valid_row_is_a_registration_like_the_chat's", func(t *testing.T) {
		t.Parallel()
		got := readOne(t, nil)
		want := ImportRow{Line: 2, NIK: "1302044505800001", Registration: Registration{
			NIK: "1302044505800001", Name: "Siti Aminah", BirthDate: day(1980, 5, 5), Gender: Female,
			Address: "Jorong Koto Baru", NagariCode: alahan.Code, Occupation: "petani", Phone: "+6281234567890",
			MotherName: "Rosna", HeirName: "Ahmad", HeirRelation: "pasangan",
			ConsentVersion: ImportConsentVersion, ConsentAt: now, ConsentMode: ConsentImported,
		}}
		if d := cmp.Diff(want, got); d != "" {
			t.Fatalf("row (-want +got):\n%s", d)
		}
		if err := got.Registration.Validate(now); err != nil {
			t.Fatalf("Validate: %v", err)
		}
	})
	t.Run("a_row_with_a_kpj_and_a_cover_start_is_an_active_member", func(t *testing.T) {
		t.Parallel()
		got := readOne(t, func(r []string) { r[12], r[13], r[14] = "1234 5678 901", "01-08-2025", "2025-12-31" })
		want := Membership{State: MembershipActive, KPJ: "12345678901", CoverStart: day(2025, 8, 1), CoverEnd: day(2025, 12, 31)}
		if got.Problem != "" {
			t.Fatalf("problem %q", got.Problem)
		}
		if d := cmp.Diff(want, got.Membership); d != "" {
			t.Fatalf("membership (-want +got):\n%s", d)
		}
	})
	t.Run("other_spellings_are_read", func(t *testing.T) {
		t.Parallel()
		got := readOne(t, func(r []string) {
			r[1], r[3], r[4], r[6], r[7], r[8], r[11] = `="1302044505800001"`, "29346", "Perempuan", "13.02.04.2001", "Penjahit", "+62 812-3456-7890", "Anak"
		})
		r := got.Registration
		if got.Problem != "" || !r.BirthDate.Equal(day(1980, 5, 5)) || r.Occupation != OccupationOtherCode ||
			r.OccupationOther != "Penjahit" || r.HeirRelation != "anak" || r.Phone != "+6281234567890" {
			t.Fatalf("row %+v", got)
		}
	})
	for _, c := range []struct {
		name, want string
		edit       func(r []string)
	}{
		{"bad_nik", "import.row.nik.invalid_length", func(r []string) { r[1] = "130204450580001" }},
		{"missing_nik", "import.row.nik.missing", func(r []string) { r[1] = "" }},
		{"nik_birth_date_mismatch", "import.row.nik.birth_date_mismatch", func(r []string) { r[3] = "6 Mei 1980" }},
		{"nik_gender_mismatch", "import.row.nik.gender_mismatch", func(r []string) { r[4] = "L" }},
		{"future_birth_date", "import.row.birth.future", func(r []string) { r[3] = "5 Mei 2027" }},
		{"unreadable_birth_date", "import.row.birth.invalid", func(r []string) { r[3] = "kemarin dulu sekali" }},
		{"too_young", "import.row.birth.too_young", func(r []string) { r[1], r[3] = "1302044505200001", "05-05-2020" }},
		{"missing_name", "import.row.name.missing", func(r []string) { r[2] = " " }},
		{"name_with_digits", "import.row.name.invalid_chars", func(r []string) { r[2] = "Siti 123" }},
		{"bad_gender", "import.row.gender.invalid", func(r []string) { r[4] = "X" }},
		{"short_address", "import.row.address.too_short", func(r []string) { r[5] = "Kt" }},
		{"other_nagari", "import.row.nagari.other", func(r []string) { r[6] = "Koto Laweh" }},
		{"missing_occupation", "import.row.occupation.missing", func(r []string) { r[7] = "" }},
		{"bad_phone", "import.row.phone.invalid", func(r []string) { r[8] = "0755 123" }},
		{"missing_phone", "import.row.phone.missing", func(r []string) { r[8] = "" }},
		{"bad_mother_name", "import.row.mother.invalid_chars", func(r []string) { r[9] = "R0sna" }},
		{"missing_heir", "import.row.heir.missing", func(r []string) { r[10] = "" }},
		{"bad_relation", "import.row.relation.invalid", func(r []string) { r[11] = "tetangga" }},
		{"kpj_without_start", "import.row.start.missing", func(r []string) { r[12] = "12345678901" }},
		{"start_without_kpj", "import.row.kpj.missing", func(r []string) { r[13] = "01-08-2025" }},
		{"bad_kpj", "import.row.kpj.invalid", func(r []string) { r[12], r[13] = "12AB", "01-08-2025" }},
		{"end_before_start", "import.row.end.invalid", func(r []string) { r[12], r[13], r[14] = "12345678901", "01-08-2025", "01-07-2025" }},
		{"ten_thousand_characters", "import.row.name.too_long", func(r []string) { r[2] = long("a") }},
	} {
		t.Run(c.name+"_is_refused", func(t *testing.T) {
			t.Parallel()
			got := readOne(t, c.edit)
			if got.Problem != c.want {
				t.Fatalf("problem %q, want %q", got.Problem, c.want)
			}
			if !slices.Contains(ImportProblems, got.Problem) {
				t.Fatalf("problem %q is not in ImportProblems", got.Problem)
			}
			if got.Registration.NIK != "" {
				t.Fatalf("a refused row carries a registration: %+v", got.Registration)
			}
		})
	}
	t.Run("the_age_limit_is_in_the_data", func(t *testing.T) {
		t.Parallel()
		got := readOne(t, func(r []string) { r[1], r[3] = "1302044505200001", "05-05-2020" })
		if got.Data["Min"] != MinAge {
			t.Fatalf("data %v", got.Data)
		}
	})
}

func TestReadImportFile(t *testing.T) {
	t.Parallel()
	t.Run("missing_columns_are_named", func(t *testing.T) {
		t.Parallel()
		f := ReadImport([][]string{{"NIK", "Nama"}, {"1302044505800001", "Siti"}}, alahan, now)
		if f.Problem != ImportFileMissing || !strings.Contains(strings.Join(f.Missing, ","), "Tanggal lahir") {
			t.Fatalf("file %+v", f)
		}
	})
	t.Run("a_header_alone_has_no_rows", func(t *testing.T) {
		t.Parallel()
		if f := ReadImport([][]string{{}, importHeader, {"", ""}}, alahan, now); f.Problem != ImportFileEmpty {
			t.Fatalf("file %+v", f)
		}
	})
	t.Run("lines_are_the_file's", func(t *testing.T) {
		t.Parallel()
		f := ReadImport([][]string{{}, importHeader, goodRow(), {}, goodRow()}, alahan, now)
		if len(f.Rows) != 2 || f.Rows[0].Line != 3 || f.Rows[1].Line != 5 {
			t.Fatalf("rows %+v", f.Rows)
		}
	})
	t.Run("the_template's_example_rows_left_in_are_refused", func(t *testing.T) {
		t.Parallel()
		for _, nik := range ImportExampleNIKs {
			row := readOne(t, func(r []string) { r[1] = string(nik) })
			if row.Problem != "import.row.nik.example" {
				t.Errorf("example NIK %s: problem %q, want import.row.nik.example", nik, row.Problem)
			}
		}
	})
	t.Run("the_template_reads_back", func(t *testing.T) {
		t.Parallel()
		f := ReadImport([][]string{ImportTemplateColumns()}, alahan, now)
		if f.Problem != ImportFileEmpty {
			t.Fatalf("the template's own header: %+v", f)
		}
	})
}

func TestImportedMembership(t *testing.T) {
	t.Parallel()
	m, err := ImportedMembership("12345678901", day(2025, 8, 1), time.Time{})
	if err != nil || m.State != MembershipActive || m.CoverOn(day(2026, 1, 1)) != CoverActive {
		t.Fatalf("membership %+v, %v", m, err)
	}
	if _, err := ImportedMembership("", day(2025, 8, 1), time.Time{}); err == nil {
		t.Fatal("no KPJ: want an error")
	}
	if _, err := ImportedMembership("12345678901", day(2025, 8, 1), day(2025, 7, 1)); err == nil {
		t.Fatal("end before start: want an error")
	}
}

func TestParseOccupationAndRelation(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"petani": "petani", "Buruh Harian Lepas": "buruh_harian", "ojek_sopir": "ojek_sopir",
		"Guru mengaji/marbut": "guru_mengaji", "UMKM": "umkm"} {
		if c, o, err := ParseOccupation(in); c != want || o != "" || err != nil {
			t.Errorf("ParseOccupation(%q) = %q, %q, %v; want %q", in, c, o, err, want)
		}
	}
	if c, o, err := ParseOccupation("Lainnya: tukang jahit"); c != OccupationOtherCode || o != "tukang jahit" || err != nil {
		t.Errorf("lainnya: %q %q %v", c, o, err)
	}
	if _, _, err := ParseOccupation("Lainnya"); err == nil {
		t.Error("lainnya without what: want an error")
	}
	for in, want := range map[string]string{"Istri": "pasangan", "saudara_kandung": "saudara_kandung", "Orang tua": "orang_tua"} {
		if got, ok := ParseHeirRelation(in); got != want || !ok {
			t.Errorf("ParseHeirRelation(%q) = %q, %v", in, got, ok)
		}
	}
}

// FuzzReadImportRow: whatever a spreadsheet's cells hold, a row is either
// a registration Validate accepts or refused with one of ImportProblems.
func FuzzReadImportRow(f *testing.F) {
	f.Add("1302044505800001", "siti aminah", "5 Mei 1980", "P", "0812 3456 7890", "suami", "", "")
	f.Add("1302044505800001", "Siti", "29346", "perempuan", "+62 812-3456-7890", "anak", "12345678901", "01-08-2025")
	f.Add("", "", "", "", "", "", "", "")
	f.Add("١٣٠٢٠٤", "\x00\u202e", "31-02-1980", "X", "0755", "tetangga", "12AB", "2025-13-01")
	f.Fuzz(func(t *testing.T, nik, name, birth, gender, phone, relation, kpj, start string) {
		cells := map[ImportField]string{ImpNIK: nik, ImpName: name, ImpBirthDate: birth, ImpGender: gender, ImpAddress: "Jorong Koto Baru",
			ImpOccupation: "petani", ImpPhone: phone, ImpHeirName: "Ahmad", ImpHeirRelation: relation, ImpKPJ: kpj, ImpStart: start}
		row := ReadImportRow(2, func(f ImportField) string { return cells[f] }, alahan, now)
		if row.Problem != "" {
			if !slices.Contains(ImportProblems, row.Problem) {
				t.Fatalf("problem %q is not in ImportProblems", row.Problem)
			}
			return
		}
		if err := row.Registration.Validate(now); err != nil {
			t.Fatalf("an accepted row does not validate: %v", err)
		}
		if row.Membership.State != "" && row.Membership.State != MembershipActive {
			t.Fatalf("membership %+v", row.Membership)
		}
	})
}
