package bot

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/render"
	"github.com/jaganagari/jaganagari/locales"
)

// messageKeys reads every message of one language, from all its files
// (<topic>.<lang>.toml).
func messageKeys(t *testing.T, lang string) map[string]string {
	t.Helper()
	files, err := fs.Glob(locales.FS, "*."+lang+".toml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no %s message files: %v", lang, err)
	}
	m := map[string]string{}
	for _, file := range files {
		raw, err := fs.ReadFile(locales.FS, file)
		if err != nil {
			t.Fatal(err)
		}
		if err := toml.Unmarshal(raw, &m); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
	}
	return m
}

func TestLocalesHaveTheSameMessages(t *testing.T) {
	t.Parallel()
	id, en := messageKeys(t, "id"), messageKeys(t, "en")
	for k := range id {
		if _, ok := en[k]; !ok {
			t.Errorf("%s missing in English", k)
		}
	}
	for k := range en {
		if _, ok := id[k]; !ok {
			t.Errorf("%s missing in Indonesian", k)
		}
	}
}

// sampleData has every template field any message uses.
var sampleData = map[string]any{
	"Number": "REG-2026-000001", "Status": engine.Msg("status.menunggu_verifikasi"), "Reason": "NIK salah",
	"Max": 100, "Min": 3, "Kecamatan": "Lembah Gumanti", "BirthDate": time.Date(1980, 5, 5, 0, 0, 0, 0, time.UTC),
	"Gender": engine.Msg("gender.P"), "What": engine.Msg("reg.mismatch.birth"), "FromNIK": time.Date(1980, 5, 5, 0, 0, 0, 0, time.UTC), "NIK": "1302044505800001",
	"Name": "Siti Rahmah", "Address": "Jorong Koto Baru", "Nagari": "Alahan Panjang", "Occupation": "Petani",
	"Phone": "+6281234567890", "MotherName": "Rosmaniar", "HeirName": "Budi", "HeirRelation": engine.Msg("relation.pasangan"),
	"Day": 5, "Month": "Mei", "Year": 1980, "ConsentAt": time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC),
	// Staff messages.
	"Role": engine.Msg("staff.role.petugas_nagari"), "Area": "Alahan Panjang", "Code": "K7QM-2XHD-9P",
	"Total": 12, "From": 1, "To": 5, "ID": "3", "Waiting": "1", "Stage": engine.Msg("staff.stagename.baru"),
	"Kind": engine.Msg("staff.kind.jkk"), "Registered": 120, "Verified": 90, "Pending": 20, "Rejected": 10,
	"Covered": 87, "Quota": 100, "Baru": 1, "Ditindaklanjuti": 2, "Diajukan": 1, "Selesai": 4, "Ditolak": 0,
	"Participating": 11, "Reports": 3,
	"Rows": []map[string]string{{"name": "Lembah Gumanti", "participating": "1", "nagari": "4", "registered": "10",
		"verified": "8", "covered": "8", "quota": "100", "reports": "1"}},
	// Reports and staff notices.
	"Years": 5, "N": 2, "Self": false, "Date": time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC),
	"Clock": engine.Msg("timeofday.pagi"), "Place": "Sawah di Jorong Koto Baru", "Located": true,
	"Traffic": true, "Injury": "Kaki kiri patah", "Treatment": engine.Msg("treatment.puskesmas"),
	"Reporter": "Budi Santoso", "Relation": "pasangan", "Cause": engine.Msg("cause.sakit"), "JKK": true,
	"Photos": "3", "Deadline": "1", "Note": "Berkas lengkap",
	"DueDate": time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), "DueClock": "05:00", "Overdue": "",
	"Location": "-0.980000,100.650000", "Created": time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), "Death": "",
	// A pressed question with its answer.
	"Question": "Pilih jenis kelamin:", "Answer": "Perempuan",
	// A nagari office's contact, in the help.
	"Contact": "Jl. Raya Alahan Panjang No. 1, 0755 123456",
}

func TestEveryMessageRendersInEveryLanguage(t *testing.T) {
	t.Parallel()
	r, err := render.New(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"id", "en"} {
		for k := range messageKeys(t, lang) {
			text, err := r.Text(lang, k, sampleData)
			if err != nil {
				t.Errorf("%s/%s: %v", lang, k, err)
				continue
			}
			if strings.Contains(text, "<no value>") || strings.TrimSpace(text) == "" {
				t.Errorf("%s/%s renders badly: %q", lang, k, text)
			}
			if n := len([]rune(text)); n > 4096 {
				t.Errorf("%s/%s is %d characters, over Telegram's limit", lang, k, n)
			}
		}
	}
	if got, _ := r.Text("id", "reg.identity.ask", sampleData); !strings.Contains(got, "5 Mei 1980") || !strings.Contains(got, "Perempuan") {
		t.Errorf("dates or nested messages not rendered: %q", got)
	}
}

// TestEveryMessageIDInCodeExists reads the Go source for message IDs (the
// Msg of replies and buttons, Say, Fail and Invalid arguments, engine.Msg
// values) and checks each exists in the default locale. A literal prefix
// joined with a code ("occupation." + code) must match at least one key.
func TestEveryMessageIDInCodeExists(t *testing.T) {
	t.Parallel()
	keys := messageKeys(t, "id")
	var ids, prefixes []string
	for _, dir := range []string{"../internal/engine", "../internal/flows", "../internal/domain", "../internal/postgres", "../internal/notify", "."} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			file, err := parser.ParseFile(token.NewFileSet(), f, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(file, func(n ast.Node) bool {
				var arg ast.Expr
				switch n := n.(type) {
				case *ast.KeyValueExpr:
					if id, ok := n.Key.(*ast.Ident); ok && id.Name == "Msg" {
						arg = n.Value
					}
				case *ast.CallExpr:
					name := ""
					switch fn := n.Fun.(type) {
					case *ast.Ident:
						name = fn.Name
					case *ast.SelectorExpr:
						name = fn.Sel.Name
					}
					if slices.Contains([]string{"Say", "say", "Fail", "Invalid", "Msg", "pickOne"}, name) && len(n.Args) > 0 {
						arg = n.Args[0]
					}
				}
				switch a := arg.(type) {
				case *ast.BasicLit:
					if s, err := strconv.Unquote(a.Value); err == nil && a.Kind == token.STRING {
						ids = append(ids, s)
					}
				case *ast.BinaryExpr:
					if l, ok := a.X.(*ast.BasicLit); ok && l.Kind == token.STRING {
						s, _ := strconv.Unquote(l.Value)
						prefixes = append(prefixes, s)
					}
				}
				return true
			})
		}
	}
	if len(ids) < 50 {
		t.Fatalf("found only %d message IDs: the scan is broken", len(ids))
	}
	for _, id := range ids {
		if _, ok := keys[id]; !ok {
			t.Errorf("message %q is used in code but missing in the Indonesian message files", id)
		}
	}
	for _, p := range prefixes {
		if !slices.ContainsFunc(slices.Collect(maps.Keys(keys)), func(k string) bool { return strings.HasPrefix(k, p) }) {
			t.Errorf("no message starts with %q", p)
		}
	}
	// The codes joined to those prefixes.
	var coded []string
	for _, c := range domain.Occupations {
		coded = append(coded, "occupation."+c)
	}
	for _, c := range domain.HeirRelations {
		coded = append(coded, "relation."+c)
	}
	for _, s := range []domain.Status{domain.StatusPending, domain.StatusVerified, domain.StatusRejected} {
		coded = append(coded, "status."+string(s))
	}
	for _, g := range []domain.Gender{domain.Male, domain.Female} {
		coded = append(coded, "gender."+string(g))
	}
	codes := map[string][]string{
		"timeofday.": domain.TimesOfDay, "treatment.": domain.Treatments, "reporter.": domain.ReporterRelations,
		"cause.": domain.DeathCauses, "relation.": {domain.HeirRelationOther},
		"report.stage.": {"baru", "ditindaklanjuti", "diajukan", "selesai", "ditolak"},
		"report.kind.":  {"jkk", "jkk_death", "jkm"},
	}
	for prefix, cs := range codes {
		for _, c := range cs {
			coded = append(coded, prefix+c)
		}
	}
	for m := 1; m <= 12; m++ {
		coded = append(coded, "month."+strconv.Itoa(m))
	}
	for _, id := range coded {
		if _, ok := keys[id]; !ok {
			t.Errorf("message %q missing", id)
		}
	}
}
