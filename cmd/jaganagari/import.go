package main

// The bulk import of existing members (issue #16), from the command line:
//
//	jaganagari import registrations FILE.xlsx|FILE.csv --nagari CODE|NAME
//	jaganagari import template --out FILE.xlsx|FILE.csv
//
// Every row is checked with the chat's rules; the report says, row by row
// and in Indonesian (locales/import.id.toml), what was imported, what was
// registered already and why a row was refused.

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/export"
	"github.com/jaganagari/jaganagari/internal/render"
	"github.com/jaganagari/jaganagari/locales"
)

const importUsage = "import registrations FILE --nagari CODE|NAME | import template --out FILE"

func cmdImport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: %s", errUsage, importUsage)
	}
	switch args[0] {
	case "registrations":
		return cmdImportRegistrations(ctx, args[1:], getenv, stdout, stderr)
	case "template":
		fs := newFlags("import template", stderr)
		out := fs.String("out", "", "file to write, .xlsx or .csv")
		if _, err := parseFlags(fs, args[1:]); err != nil || *out == "" {
			return fmt.Errorf("%w: %s", errUsage, importUsage)
		}
		if err := tableFile(*out, export.ImportTemplate()); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "members' import template written to %s\n", *out)
		return nil
	}
	return fmt.Errorf("%w: %s", errUsage, importUsage)
}

func cmdImportRegistrations(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("import registrations", stderr)
	nagari := fs.String("nagari", "", "nagari code or name the file's members belong to")
	pos, err := parseFlags(fs, args)
	if err != nil || len(pos) != 1 || *nagari == "" {
		return fmt.Errorf("%w: %s", errUsage, importUsage)
	}
	r8, err := render.New(locales.FS)
	if err != nil {
		return err
	}
	say := func(msg string, data map[string]any) string {
		s, err := r8.Text(render.DefaultLanguage, msg, data)
		if err != nil {
			return msg
		}
		return s
	}
	data, err := os.ReadFile(pos[0])
	if err != nil {
		return err
	}
	table, err := export.Read(pos[0], data)
	if err != nil {
		return fmt.Errorf("%s: %s", pos[0], say(domain.ImportFileUnreadable, nil))
	}
	store, closeStore, err := openStore(ctx, getenv)
	if err != nil {
		return err
	}
	defer closeStore()
	a, err := store.ImportRegistrations(ctx, *nagari, pos[0], table)
	if err != nil {
		return err
	}
	if a.Problem != "" {
		return fmt.Errorf("%s: %s", pos[0], say(a.Problem, map[string]any{"Missing": strings.Join(a.Missing, ", "), "Max": domain.MaxImportRows}))
	}
	for _, l := range a.Report.Lines {
		d := map[string]any{"Line": l.Line, "NIK": l.NIK, "Number": l.Number, "Active": l.Active}
		if l.Problem != "" {
			d["Problem"] = say(l.Problem, l.Data)
		}
		fmt.Fprintln(stdout, say("import.line."+string(l.Outcome), d))
	}
	var counts []string
	for _, o := range domain.RowOutcomes {
		counts = append(counts, fmt.Sprintf("%s %d", o, a.Report.Counts[o]))
	}
	fmt.Fprintf(stdout, "%d rows for %s (%s): %s; aktif %d; quota %d, places held %d\n",
		len(a.Report.Lines), a.Nagari.Name, a.Nagari.Code, strings.Join(counts, ", "), a.Report.Active, a.Quota, a.Funded)
	if a.Funded > a.Quota {
		fmt.Fprintf(stdout, "note: %s now holds more places than its quota; set the quota with `jaganagari nagari`\n", a.Nagari.Name)
	}
	return nil
}
