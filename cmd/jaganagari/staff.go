package main

// Staff administration from the command line: the first admin
// comes from here, and so do participation and quotas.
//
//	jaganagari invite --role petugas-nagari --nagari 13.02.04.2001|NAME
//	jaganagari invite --role petugas-kecamatan --kecamatan 13.02.04|NAME
//	jaganagari invite --role admin-kabupaten
//	jaganagari staff list [--all]
//	jaganagari staff revoke ID
//	jaganagari nagari set CODE|NAME [--participating|--not-participating] [--quota N] [--contact TEXT]
//	jaganagari nagari renew CODE|NAME --year YYYY [--quota N]   (iuran.go)
//	jaganagari export --nagari CODE|NAME [--format xlsx|csv] [--out FILE]
//	jaganagari audit [--nagari CODE|NAME]
//	jaganagari coverage

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/export"
	"github.com/jaganagari/jaganagari/internal/postgres"
)

// openStore connects to Postgres and migrates; the admin commands need no
// Redis and no Telegram.
func openStore(ctx context.Context, getenv func(string) string) (*postgres.Store, func(), error) {
	cfg, err := loadConfig(getenv)
	if err != nil {
		return nil, nil, err
	}
	keys, err := cfg.Keys()
	if err != nil {
		return nil, nil, err
	}
	if err := postgres.EnsureDatabase(ctx, cfg.DatabaseURL); err != nil {
		return nil, nil, err
	}
	pool, err := postgres.Connect(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, nil, err
	}
	if err := migrate(ctx, pool, keys); err != nil {
		pool.Close()
		return nil, nil, err
	}
	return postgres.NewStore(pool, keys), pool.Close, nil
}

// newFlags is a flag set that reports errors to stderr and not by exiting.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags parses args, letting flags follow positional arguments
// ("nagari set 13.02.04.2001 --quota 100"), and returns the positionals.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, errUsage
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func cmdInvite(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("invite", stderr)
	roleFlag := fs.String("role", "", "petugas-nagari, petugas-kecamatan, admin-kabupaten or kader")
	nagari := fs.String("nagari", "", "nagari code or name (petugas-nagari, kader)")
	kecamatan := fs.String("kecamatan", "", "kecamatan code or name (petugas-kecamatan)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	role, _ := domain.ParseRole(*roleFlag)
	area := ""
	switch {
	case role.OfNagari() && *nagari != "":
		area = *nagari
	case role == domain.RoleKecamatan && *kecamatan != "":
		area = *kecamatan
	case role == domain.RoleAdmin:
	default:
		return fmt.Errorf("%w: invite needs --role petugas-nagari --nagari X, --role petugas-kecamatan --kecamatan X, --role admin-kabupaten, or --role kader --nagari X", errUsage)
	}
	store, closeStore, err := openStore(ctx, getenv)
	if err != nil {
		return err
	}
	defer closeStore()
	inv, err := store.CreateInvite(ctx, "cli", "cli", role, area)
	if err != nil {
		return err
	}
	where := inv.Area
	if inv.Nagari.Code != "" {
		where = inv.Nagari.Name + " (" + inv.Nagari.Code + ", Kec. " + inv.Nagari.KecamatanName + ")"
	} else if inv.Kecamatan != "" {
		where = "Kecamatan " + inv.Area + " (" + inv.Kecamatan + ")"
	}
	fmt.Fprintf(stdout, "%s\n\nrole: %s %s\nvalid until %s, once; the officer sends to the bot:\n/petugas %s\n",
		inv.Code, *roleFlag, where, inv.ExpiresAt.Local().Format(time.DateTime), inv.Code)
	return nil
}

func cmdStaff(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("staff", stderr)
	all := fs.Bool("all", false, "list revoked bindings too")
	pos, err := parseFlags(fs, args)
	if err != nil || len(pos) == 0 {
		return fmt.Errorf("%w: staff list [--all] | staff revoke ID", errUsage)
	}
	store, closeStore, err := openStore(ctx, getenv)
	if err != nil {
		return err
	}
	defer closeStore()
	switch {
	case pos[0] == "list":
		list, err := store.Staff(ctx, *all)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tCHAT\tNAME\tROLE\tAREA\tACTIVE\tSINCE")
		for _, m := range list {
			fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s %s\t%v\t%s\n", m.ID, m.ChatID, m.Name, m.Role, m.Area, m.AreaName, m.Active, m.CreatedAt.Local().Format(time.DateOnly))
		}
		return tw.Flush()
	case pos[0] == "revoke" && len(pos) == 2:
		id, err := strconv.ParseInt(pos[1], 10, 64)
		if err != nil {
			return fmt.Errorf("%w: staff revoke takes the ID from staff list", errUsage)
		}
		ok, err := store.RevokeStaff(ctx, "cli", 0, id)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("no active staff binding %d", id)
		}
		fmt.Fprintf(stdout, "staff binding %d revoked\n", id)
		return nil
	}
	return fmt.Errorf("%w: staff list [--all] | staff revoke ID", errUsage)
}

func cmdNagari(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "renew" {
		return cmdNagariRenew(ctx, args[1:], getenv, stdout, stderr)
	}
	fs := newFlags("nagari", stderr)
	part := fs.Bool("participating", false, "the nagari has joined the programme")
	notPart := fs.Bool("not-participating", false, "the nagari has not joined (or left)")
	quota := fs.Int("quota", -1, "funded number of workers")
	contact := fs.String("contact", "", `how workers reach the nagari office, shown by the help ("" clears it)`)
	pos, err := parseFlags(fs, args)
	if err != nil || len(pos) != 2 || pos[0] != "set" || (*part && *notPart) {
		return fmt.Errorf("%w: nagari set CODE|NAME [--participating|--not-participating] [--quota N] [--contact TEXT]", errUsage)
	}
	var set postgres.NagariSetting
	switch {
	case *part:
		set.Participating = part
	case *notPart:
		f := false
		set.Participating = &f
	}
	if *quota >= 0 {
		set.Quota = quota
	}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "contact" {
			set.Contact = contact
		}
	})
	store, closeStore, err := openStore(ctx, getenv)
	if err != nil {
		return err
	}
	defer closeStore()
	n, err := store.ResolveNagari(ctx, pos[1])
	if err != nil {
		return err
	}
	np, promoted, err := store.SetNagari(ctx, n.Code, set)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s %s (Kec. %s): participating=%v quota=%d used=%d waiting=%d contact=%q; promoted from the waiting list: %d\n",
		np.Code, np.Name, np.Kecamatan, np.Participating, np.Quota, np.Covered, np.Waiting, np.Contact, promoted)
	return nil
}

func cmdExport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("export", stderr)
	nagari := fs.String("nagari", "", "nagari code or name")
	format := fs.String("format", "xlsx", "xlsx or csv")
	out := fs.String("out", "", "file to write (default: <code>.<format>; - for standard output)")
	if _, err := parseFlags(fs, args); err != nil || *nagari == "" || (*format != "xlsx" && *format != "csv") {
		return fmt.Errorf("%w: export --nagari CODE|NAME [--format xlsx|csv] [--out FILE]", errUsage)
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
	rows, err := store.ExportNagari(ctx, n.Code)
	if err != nil {
		return err
	}
	var data []byte
	if *format == "csv" {
		data, err = export.CSV(rows)
	} else {
		data, err = export.XLSX(rows)
	}
	if err != nil {
		return err
	}
	if *out == "-" {
		_, err = stdout.Write(data)
		return err
	}
	path := *out
	if path == "" {
		path = strings.ReplaceAll(n.Code, ".", "") + "." + *format
	}
	// 0600: the file holds NIKs and phone numbers.
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d verified workers of %s written to %s\n", len(rows), n.Name, path)
	return nil
}

func cmdAudit(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("audit", stderr)
	nagari := fs.String("nagari", "", "nagari code or name (default: everything)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	store, closeStore, err := openStore(ctx, getenv)
	if err != nil {
		return err
	}
	defer closeStore()
	code := ""
	if *nagari != "" {
		n, err := store.ResolveNagari(ctx, *nagari)
		if err != nil {
			return err
		}
		code = n.Code
	}
	list, err := store.Audit(ctx, code)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "WHEN\tWHO\tSTAFF\tACTION\tRECORD\tNAGARI\tBEFORE\tAFTER")
	for _, a := range list {
		staff := "-"
		if a.StaffID != nil {
			staff = strconv.FormatInt(*a.StaffID, 10)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s %s\t%s\t%s\t%s\n", a.At.Local().Format(time.DateTime), a.Actor, staff,
			a.Action, a.Kind, a.RecordID, a.Nagari, a.Before, a.After)
	}
	return tw.Flush()
}

func cmdCoverage(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	store, closeStore, err := openStore(ctx, getenv)
	if err != nil {
		return err
	}
	defer closeStore()
	cov, err := store.Coverage(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
	// SUBMITTED, ACTIVE and ENDED are BPJS membership (diajukan, aktif,
	// berakhir): only ACTIVE is cover. QUOTA USED is budget places.
	fmt.Fprintln(tw, "KECAMATAN\tNAGARI JOINED\tREGISTERED\tVERIFIED\tSUBMITTED\tACTIVE\tENDED\tQUOTA USED\tOPEN REPORTS\t")
	for _, k := range append(cov.Kecamatan, cov.Total) {
		fmt.Fprintf(tw, "%s\t%d/%d\t%d\t%d\t%d\t%d\t%d\t%d/%d\t%d\t\n", k.Name, k.Participating, k.Nagari, k.Registered, k.Verified,
			k.Submitted, k.Active, k.Ended, k.Funded, k.Quota, k.Reports)
	}
	return tw.Flush()
}
