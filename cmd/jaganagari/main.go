// Command jaganagari runs the JagaNagari Telegram bot.
//
//	jaganagari run       serve Telegram (TELEGRAM_BOT_TOKEN required)
//	jaganagari migrate   bring the database schema up to date and exit
//	jaganagari simulate  run the whole bot locally against a built-in Bot API
//	jaganagari loadtest  measure the bot under load against a bare bot
//	jaganagari keygen    print new encryption keys
//	jaganagari rotate-key  reseal every record with the newest key
//	jaganagari poster    write the nagari posters (PDF and PNG)
//
// Configuration comes from the environment; see internal/config and README.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
)

const usage = `usage: jaganagari <command>

commands:
  run       serve Telegram (needs TELEGRAM_BOT_TOKEN)
  migrate   bring the database schema up to date and exit
  simulate  run the bot locally with a built-in Telegram stand-in (no token needed)
  invite    make a one-time staff code: --role petugas-nagari --nagari CODE|NAME,
            --role petugas-kecamatan --kecamatan CODE|NAME, or --role admin-kabupaten
  staff     staff list [--all] | staff revoke ID
  nagari    nagari set CODE|NAME [--participating|--not-participating] [--quota N]
            nagari renew CODE|NAME --year YYYY [--quota N]: the budget year's quota
  iuran     iuran paid --nagari X --month YYYY-MM [--amount N] | iuran status [--nagari X]
            | iuran rate --amount N [--nagari X]
  plkk      plkk show [--nagari X] | plkk set [--nagari X] --file FILE: the PLKK list (one facility a
            line) the accident report names; without --nagari the regency's
  membership
            membership end REG-NUMBER --reason REASON [--on YYYY-MM-DD]
  export    export --nagari CODE|NAME [--format xlsx|csv] [--out FILE]: verified workers
  bpjs      bpjs batch --nagari CODE|NAME [--yes] [--dir DIR]: a batch of ready workers for BPJS;
            bpjs export NUMBER --out FILE; bpjs import FILE (BPJS's result); bpjs template --out FILE
  import    import registrations FILE.xlsx|FILE.csv --nagari CODE|NAME: a nagari's list of
            existing members; import template --out FILE
  audit     audit [--nagari CODE|NAME]: the staff audit trail
  coverage  participation, registrations, quota use and open reports per kecamatan
  poster    poster --out DIR [--nagari CODE|NAME]: the A4 posters (PDF and PNG) with the
            registration QR code, of every nagari or one
  keygen    print new ENCRYPTION_KEYS and BLIND_INDEX_KEY values [--id ID]
  rotate-key
            reseal every record with the first key of ENCRYPTION_KEYS (the others still open)
  loadtest  drive thousands of simulated workers at the bot and a bare bot; see README.md "Performance"
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(realMain(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

// errUsage marks a command line that was not understood.
var errUsage = errors.New("usage")

func realMain(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "run":
		err = cmdRun(ctx, getenv, stderr)
	case "migrate":
		err = cmdMigrate(ctx, getenv, stdout, stderr)
	case "simulate":
		err = cmdSimulate(ctx, args[1:], getenv, stdout, stderr)
	case "invite":
		err = cmdInvite(ctx, args[1:], getenv, stdout, stderr)
	case "staff":
		err = cmdStaff(ctx, args[1:], getenv, stdout, stderr)
	case "nagari":
		err = cmdNagari(ctx, args[1:], getenv, stdout, stderr)
	case "iuran":
		err = cmdIuran(ctx, args[1:], getenv, stdout, stderr)
	case "plkk":
		err = cmdPLKK(ctx, args[1:], getenv, stdout, stderr)
	case "membership":
		err = cmdMembership(ctx, args[1:], getenv, stdout, stderr)
	case "export":
		err = cmdExport(ctx, args[1:], getenv, stdout, stderr)
	case "bpjs":
		err = cmdBPJS(ctx, args[1:], getenv, stdout, stderr)
	case "import":
		err = cmdImport(ctx, args[1:], getenv, stdout, stderr)
	case "audit":
		err = cmdAudit(ctx, args[1:], getenv, stdout, stderr)
	case "coverage":
		err = cmdCoverage(ctx, args[1:], getenv, stdout, stderr)
	case "poster":
		err = cmdPoster(ctx, args[1:], getenv, stdout, stderr)
	case "loadtest":
		err = cmdLoadtest(ctx, args[1:], getenv, stdout, stderr)
	case "keygen":
		err = cmdKeygen(args[1:], time.Now(), stdout, stderr)
	case "rotate-key":
		err = cmdRotateKey(ctx, args[1:], getenv, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		err = errUsage
	}
	switch {
	case errors.Is(err, errUsage):
		fmt.Fprint(stderr, usage)
		return 2
	case err != nil:
		fmt.Fprintf(stderr, "jaganagari %s: %v\n", args[0], err)
		return 1
	}
	return 0
}
