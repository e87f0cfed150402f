package main

// Batches to BPJS Ketenagakerjaan and BPJS's answer, from the command line:
//
//	jaganagari bpjs batch --nagari CODE|NAME [--yes] [--dir DIR]
//	jaganagari bpjs export NUMBER --out FILE.xlsx|FILE.csv
//	jaganagari bpjs import FILE
//	jaganagari bpjs template --out FILE.xlsx|FILE.csv

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/export"
)

const bpjsUsage = "bpjs batch --nagari CODE|NAME [--yes] [--dir DIR] | bpjs export NUMBER --out FILE | bpjs import FILE | bpjs template --out FILE"

func cmdBPJS(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: %s", errUsage, bpjsUsage)
	}
	switch args[0] {
	case "batch":
		return cmdBPJSBatch(ctx, args[1:], getenv, stdout, stderr)
	case "export":
		return cmdBPJSExport(ctx, args[1:], getenv, stdout, stderr)
	case "import":
		return cmdBPJSImport(ctx, args[1:], getenv, stdout, stderr)
	case "template":
		return cmdBPJSTemplate(args[1:], stdout, stderr)
	}
	return fmt.Errorf("%w: %s", errUsage, bpjsUsage)
}

// cmdBPJSBatch counts a nagari's ready workers and, with --yes, makes the
// batch and writes its XLSX and CSV; without it, nothing changes.
func cmdBPJSBatch(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("bpjs batch", stderr)
	nagari := fs.String("nagari", "", "nagari code or name")
	yes := fs.Bool("yes", false, "create the batch (without it, only count)")
	dir := fs.String("dir", ".", "directory for the batch's XLSX and CSV")
	if _, err := parseFlags(fs, args); err != nil || *nagari == "" {
		return fmt.Errorf("%w: %s", errUsage, bpjsUsage)
	}
	store, closeStore, err := openStore(ctx, getenv)
	if err != nil {
		return err
	}
	defer closeStore()
	n, err := store.ResolveNagari(ctx, *nagari)
	if err != nil {
		return err
	}
	ready, resubmitted, err := store.ReadyForBatch(ctx, n.Code)
	if err != nil {
		return err
	}
	if ready == 0 {
		fmt.Fprintf(stdout, "no worker of %s is ready for a batch (verified, funded, never submitted or refused by BPJS)\n", n.Name)
		return nil
	}
	if !*yes {
		fmt.Fprintf(stdout, "%d workers of %s would go in the batch (%d refused by BPJS before, submitted again); run again with --yes to create it\n",
			ready, n.Name, resubmitted)
		return nil
	}
	b, err := store.CreateBatch(ctx, n.Code)
	if err != nil {
		return err
	}
	xn, x, cn, c, err := export.BatchFiles(b.Batch, b.Rows)
	if err != nil {
		return err
	}
	for name, data := range map[string][]byte{xn: x, cn: c} {
		// 0600: the files hold NIKs and phone numbers.
		if err := os.WriteFile(filepath.Join(*dir, name), data, 0o600); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "batch %s: %d workers of %s (%d submitted again), now diajukan; written to %s and %s\n",
		b.Batch.Number, b.Batch.Size, n.Name, b.Resubmitted, filepath.Join(*dir, xn), filepath.Join(*dir, cn))
	return nil
}

// tableFile writes t to path as XLSX or CSV, by its extension.
func tableFile(path string, t export.Table) error {
	var data []byte
	var err error
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx":
		data, err = export.WriteXLSX(t)
	case ".csv":
		data, err = export.WriteCSV(t)
	default:
		return fmt.Errorf("%w: --out must end in .xlsx or .csv", errUsage)
	}
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o600)
}

func cmdBPJSExport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("bpjs export", stderr)
	out := fs.String("out", "", "file to write, .xlsx or .csv")
	pos, err := parseFlags(fs, args)
	if err != nil || len(pos) != 1 || *out == "" {
		return fmt.Errorf("%w: %s", errUsage, bpjsUsage)
	}
	store, closeStore, err := openStore(ctx, getenv)
	if err != nil {
		return err
	}
	defer closeStore()
	b, err := store.ExportBatch(ctx, strings.ToUpper(pos[0]))
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("no batch %s", pos[0])
	}
	if err != nil {
		return err
	}
	if err := tableFile(*out, export.Batch(b.Batch, b.Rows)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "batch %s: %d workers of %s written to %s\n", b.Batch.Number, b.Batch.Size, b.Batch.NagariName, *out)
	return nil
}

func cmdBPJSImport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("bpjs import", stderr)
	pos, err := parseFlags(fs, args)
	if err != nil || len(pos) != 1 {
		return fmt.Errorf("%w: %s", errUsage, bpjsUsage)
	}
	data, err := os.ReadFile(pos[0])
	if err != nil {
		return err
	}
	table, err := export.Read(pos[0], data)
	if err != nil {
		return fmt.Errorf("%s: %w; nothing was changed", pos[0], err)
	}
	f := domain.ReadResult(table, time.Now())
	switch f.Problem {
	case "":
	case domain.ResultMissing:
		return fmt.Errorf("%s lacks the columns %s; nothing was changed", pos[0], strings.Join(f.Missing, ", "))
	default:
		return fmt.Errorf("%s has no data rows; nothing was changed", pos[0])
	}
	store, closeStore, err := openStore(ctx, getenv)
	if err != nil {
		return err
	}
	defer closeStore()
	a, err := store.ImportResult(ctx, f)
	if err != nil {
		return err
	}
	for _, l := range a.Report.Lines {
		fmt.Fprintf(stdout, "line %d\t%s\t%s\t%s %s\n", l.Line, l.NIK, l.Number, l.Outcome, l.Problem)
	}
	var counts []string
	for _, o := range domain.ImportOutcomes {
		if n := a.Report.Counts[o]; n > 0 {
			counts = append(counts, fmt.Sprintf("%s %d", o, n))
		}
	}
	fmt.Fprintf(stdout, "%d rows: %s\n", len(a.Report.Lines), strings.Join(counts, ", "))
	return nil
}

func cmdBPJSTemplate(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("bpjs template", stderr)
	out := fs.String("out", "", "file to write, .xlsx or .csv")
	if _, err := parseFlags(fs, args); err != nil || *out == "" {
		return fmt.Errorf("%w: %s", errUsage, bpjsUsage)
	}
	if err := tableFile(*out, export.ResultTemplate()); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "result template written to %s\n", *out)
	return nil
}
