package main

// Iuran, budget years and ending memberships from the command line:
//
//	jaganagari iuran paid --nagari CODE|NAME --month 2026-11 [--amount N]
//	jaganagari iuran status [--nagari CODE|NAME]
//	jaganagari iuran rate --amount N [--nagari CODE|NAME]   (0 with --nagari: the regency's default again)
//	jaganagari nagari renew CODE|NAME --year 2027 [--quota N]
//	jaganagari membership end REG-NUMBER --reason REASON [--on 2026-11-30]

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
)

func cmdIuran(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("iuran", stderr)
	nagari := fs.String("nagari", "", "nagari code or name")
	month := fs.String("month", "", "the month paid, YYYY-MM")
	amount := fs.Int64("amount", -1, "amount paid in rupiah (default: the amount due)")
	pos, err := parseFlags(fs, args)
	usage := fmt.Errorf("%w: iuran paid --nagari X --month YYYY-MM [--amount N] | iuran status [--nagari X] | iuran rate --amount N [--nagari X]", errUsage)
	if err != nil || len(pos) != 1 {
		return usage
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
	switch pos[0] {
	case "paid":
		m, err := domain.ParseMonth(*month)
		if code == "" || err != nil {
			return usage
		}
		var amt *int64
		if *amount >= 0 {
			amt = amount
		}
		p, err := store.RecordIuranPaid(ctx, "cli", 0, code, m, amt)
		if err != nil {
			return err
		}
		if p.Already {
			fmt.Fprintf(stdout, "%s %s was recorded as paid before (Rp%d); nothing changed\n", code, m, p.Amount)
			return nil
		}
		fmt.Fprintf(stdout, "%s %s paid: Rp%d (due Rp%d: %d members × Rp%d)\n", code, m, p.Amount, p.Due, p.Members, p.Rate)
		return nil
	case "status":
		list, err := store.IuranStatus(ctx, code, time.Now())
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "NAGARI\tNAME\tACTIVE\tUNPAID IN A ROW\tMONTHS (newest first)")
		for _, p := range list {
			var ms []string
			for _, m := range p.Months {
				state := "paid Rp" + fmt.Sprint(m.Amount)
				switch {
				case !m.Paid && m.Late:
					state = fmt.Sprintf("UNPAID Rp%d", m.Due)
				case !m.Paid && m.Members == 0:
					state = "nothing due"
				case !m.Paid:
					state = fmt.Sprintf("due Rp%d by %s", m.Due, m.Month.Due().Format(time.DateOnly))
				}
				ms = append(ms, m.Month.String()+" "+state)
			}
			fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%s\n", p.Code, p.Name, p.Active, p.Streak, strings.Join(ms, "; "))
		}
		return w.Flush()
	case "rate":
		if *amount < 0 {
			return usage
		}
		if err := store.SetIuranRate(ctx, "cli", code, int(*amount)); err != nil {
			return err
		}
		rate, err := store.IuranRate(ctx, code)
		if err != nil {
			return err
		}
		where := "regency default"
		if code != "" {
			where = code
		}
		fmt.Fprintf(stdout, "iuran per worker and month (%s): Rp%d\n", where, rate)
		return nil
	}
	return usage
}

// cmdNagariRenew is "nagari renew CODE --year Y [--quota N]".
func cmdNagariRenew(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("nagari renew", stderr)
	year := fs.Int("year", 0, "the budget year")
	quota := fs.Int("quota", -1, "the quota for that year (default: unchanged)")
	pos, err := parseFlags(fs, args)
	if err != nil || len(pos) != 1 || *year == 0 {
		return fmt.Errorf("%w: nagari renew CODE|NAME --year YYYY [--quota N]", errUsage)
	}
	store, closeStore, err := openStore(ctx, getenv)
	if err != nil {
		return err
	}
	defer closeStore()
	n, err := store.ResolveNagari(ctx, pos[0])
	if err != nil {
		return err
	}
	var q *int
	if *quota >= 0 {
		q = quota
	}
	by, err := store.RenewNagari(ctx, n.Code, *year, q)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s %s: budget year %d, quota %d", by.Code, by.Name, by.Year, by.Quota)
	if by.RenewedYear != 0 {
		fmt.Fprintf(stdout, "; renewed for %d", by.RenewedYear)
		if by.RenewedQuota >= 0 {
			fmt.Fprintf(stdout, " with quota %d", by.RenewedQuota)
		}
		fmt.Fprint(stdout, " from 1 January")
	}
	fmt.Fprintln(stdout)
	return nil
}

func cmdMembership(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("membership", stderr)
	reason := fs.String("reason", "", "one of "+reasonList())
	on := fs.String("on", "", "first day no longer covered, YYYY-MM-DD (default: today)")
	pos, err := parseFlags(fs, args)
	r := domain.EndReason(*reason)
	if err != nil || len(pos) != 2 || pos[0] != "end" || !r.Valid() {
		return fmt.Errorf("%w: membership end REG-NUMBER --reason %s [--on YYYY-MM-DD]", errUsage, reasonList())
	}
	day := domain.Today(time.Now())
	if *on != "" {
		if day, err = time.Parse(time.DateOnly, *on); err != nil {
			return fmt.Errorf("%w: --on takes YYYY-MM-DD", errUsage)
		}
	}
	store, closeStore, err := openStore(ctx, getenv)
	if err != nil {
		return err
	}
	defer closeStore()
	if err := store.EndMembership(ctx, pos[1], r, day); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "membership of %s ended from %s (%s); the worker is told\n", pos[1], day.Format(time.DateOnly), r)
	return nil
}

func reasonList() string {
	var rs []string
	for _, r := range domain.EndReasons {
		rs = append(rs, string(r))
	}
	return strings.Join(rs, "|")
}
