package main

// PLKK lists from the command line, as /plkk sets them in the bot
// (DOMAIN.md §13: a PLKK treats a covered worker without payment first;
// no list for Kabupaten Solok was found, so staff keep it):
//
//	jaganagari plkk show [--nagari CODE|NAME]
//	jaganagari plkk set [--nagari CODE|NAME] --file FILE   (one facility a line; "-" empties)

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/jaganagari/jaganagari/internal/domain"
)

func cmdPLKK(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("plkk", stderr)
	nagari := fs.String("nagari", "", "nagari code or name (default: the regency's list)")
	file := fs.String("file", "", "the list, one facility a line; a file holding only - empties it")
	pos, err := parseFlags(fs, args)
	usage := fmt.Errorf("%w: plkk show [--nagari X] | plkk set [--nagari X] --file FILE", errUsage)
	if err != nil || len(pos) != 1 || (pos[0] == "set") != (*file != "") {
		return usage
	}
	store, closeStore, err := openStore(ctx, getenv)
	if err != nil {
		return err
	}
	defer closeStore()
	code, scope := "", "Kabupaten Solok"
	if *nagari != "" {
		n, err := store.ResolveNagari(ctx, *nagari)
		if err != nil {
			return err
		}
		code, scope = n.Code, n.Code+" "+n.Name
	}
	switch pos[0] {
	case "show":
		own, regency, err := store.PLKKLists(ctx, code)
		if err != nil {
			return err
		}
		list := regency
		if code != "" {
			list = own
		}
		fmt.Fprintf(stdout, "PLKK %s: %d\n", scope, len(list))
		for _, name := range list {
			fmt.Fprintln(stdout, "  "+name)
		}
		return nil
	case "set":
		raw, err := os.ReadFile(*file)
		if err != nil {
			return err
		}
		max := domain.MaxPLKKRegency
		if code != "" {
			max = domain.MaxPLKKNagari
		}
		list, err := domain.ParsePLKKList(string(raw), max)
		if err != nil {
			return fmt.Errorf("the list: %v (one facility a line, at most %d, %d to %d characters each)",
				err, max, domain.PLKKNameMinLen, domain.PLKKNameMaxLen)
		}
		if list, err = store.SetPLKK(ctx, "cli", 0, code, list); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "PLKK %s set: %d\n", scope, len(list))
		for _, name := range list {
			fmt.Fprintln(stdout, "  "+name)
		}
		return nil
	}
	return usage
}
