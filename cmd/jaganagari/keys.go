package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/jaganagari/jaganagari/internal/seal"
)

// cmdKeygen prints fresh keys in the shape the environment takes them.
// The explanation goes to stderr so that stdout can be appended to an env
// file as it is.
func cmdKeygen(args []string, now time.Time, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("keygen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	id := fs.String("id", "k"+now.UTC().Format("20060102"), "ID of the new sealing key (1-16 of a-z 0-9 _ -)")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return errUsage
	}
	if !seal.ValidID(*id) {
		return fmt.Errorf("--id %q is not 1-16 characters of a-z 0-9 _ -", *id)
	}
	fmt.Fprintf(stdout, "ENCRYPTION_KEYS=%s:%s\nBLIND_INDEX_KEY=%s\n", *id, seal.NewSecret(), seal.NewSecret())
	fmt.Fprint(stderr, `Keep both secret, in the environment of every jaganagari process.
A new deployment sets both lines as they are.
To rotate, put the new key first in the existing ENCRYPTION_KEYS (ENCRYPTION_KEYS=new,old),
restart the bots, run "jaganagari rotate-key", then remove the old key.
Never change BLIND_INDEX_KEY of a database in use: ignore the second line then.
`)
	return nil
}

// cmdRotateKey reseals every record under the first key of ENCRYPTION_KEYS.
func cmdRotateKey(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		return errUsage
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	if err := cfg.RequireKeys(); err != nil {
		return err
	}
	store, closeStore, err := openStore(ctx, getenv)
	if err != nil {
		return err
	}
	defer closeStore()
	keys, _ := cfg.Keys() // openStore built the same ring
	done, err := store.RotateKeys(ctx)
	if errors.Is(err, seal.ErrUnknownKey) {
		return fmt.Errorf("%w; put every key still in use after the new one in ENCRYPTION_KEYS, and run rotate-key again", err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "resealed %d registrations, %d reports and %d report notes with key %s\n", done.Registrations, done.Reports, done.Notes, keys.Current())
	fmt.Fprintln(stdout, "every record is sealed with that key now: the other keys may leave ENCRYPTION_KEYS")
	return nil
}
