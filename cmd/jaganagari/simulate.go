package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/jaganagari/jaganagari/internal/botapi"
	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/simulator"
)

// simulatorToken is the token the built-in Bot API accepts; it is not a
// secret because nothing outside this process knows the server.
const simulatorToken = "1000000:local-simulator"

// The people --seed-demo puts on the page. Their IDs are fixed, so Redis
// and Postgres recognise them when the simulator starts again: a
// registration made yesterday still answers /status today.
var (
	demoWorker = simulator.Phone{ID: 1001, Name: "Ibu Siti", Role: "pekerja", Phone: "+6281266610001"}
	// demoOfficer is the petugas of Nagari Alahan Panjang, Kecamatan Lembah
	// Gumanti (kode wilayah 13.02.04.2001).
	demoOfficer = simulator.Phone{ID: 1002, Name: "Pak Datuak", Role: "petugas nagari Alahan Panjang (" + demoNagari + ")", Phone: "+6281266610002"}
	demoAdmin   = simulator.Phone{ID: 1003, Name: "Ibu Admin", Role: "admin kabupaten", Phone: "+6281266610003"}
)

// demoNagari is the kode wilayah of the nagari demoOfficer serves.
const demoNagari = "13.02.04.2001"

func cmdSimulate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", cfg.SimulatorAddr, "where the web chat listens (host:port; port 0 picks a free one)")
	seed := fs.Bool("seed-demo", true, "add a worker, a petugas nagari and a regency admin to the page")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() > 0 {
		return errUsage
	}
	log := newLogger(cfg, stderr)
	a, err := openApp(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.close()

	s, err := startSimulation(ctx, a, *addr, *seed)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "JagaNagari simulator: open %s in a browser (Ctrl+C stops it)\n", s.url)
	select {
	case <-ctx.Done():
	case <-s.botDone:
		log.Error("the bot stopped polling the built-in bot api")
	}
	return s.close()
}

// simulation is the real bot polling the built-in Bot API, with the
// simulator's web chat in front: what `jaganagari simulate` runs and what
// the browser tests start.
type simulation struct {
	api    *botapi.Server
	apiURL string // the built-in Bot API, for bot.WithServerURL
	sim    *simulator.Simulator
	web    *http.Server
	// url is the web chat's address, with the port actually bound.
	url string

	stopBot    context.CancelFunc
	stopSender func()        // stops the outbox sender (notify.go)
	botDone    chan struct{} // closed when the bot has stopped polling
	webDone    chan struct{} // closed when the web server has stopped serving
}

// startSimulation starts the built-in Bot API on a loopback port, the bot
// against it, and the web chat on addr. With seed, the demo phones are added
// and the staff among them bound to their roles (see seedStaff).
func startSimulation(ctx context.Context, a *app, addr string, seed bool) (*simulation, error) {
	api := botapi.New(simulatorToken)
	api.NumberUpdatesWith(updateCounter{c: a.redis, key: a.prefix + updateCounterKey})
	apiURL, err := api.Start("127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("start the built-in bot api: %w", err)
	}
	s := &simulation{api: api, apiURL: apiURL, sim: simulator.New(api, a.log), botDone: make(chan struct{}), webDone: make(chan struct{})}

	if seed {
		for _, p := range []simulator.Phone{demoWorker, demoOfficer, demoAdmin} {
			if _, err := s.sim.AddPhone(p); err != nil {
				api.Close()
				return nil, fmt.Errorf("seed the demo phones: %w", err)
			}
		}
		if err := seedStaff(ctx, a, demoOfficer, demoAdmin); err != nil {
			api.Close()
			return nil, err
		}
	}

	botCtx, stopBot := context.WithCancel(context.WithoutCancel(ctx))
	b, err := a.newBot(botCtx, simulatorToken, apiURL, false)
	if err != nil {
		stopBot()
		api.Close()
		return nil, err
	}
	s.stopBot = stopBot
	s.stopSender = a.startSender(botCtx, b.API(), b.Signer())
	go func() {
		defer close(s.botDone)
		var wg sync.WaitGroup
		wg.Go(func() { b.SyncCommands(botCtx) })
		b.Poll(botCtx)
		wg.Wait()
	}()

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		s.stopBot()
		<-s.botDone
		s.stopSender()
		api.Close()
		return nil, fmt.Errorf("listen for the web chat on %s: %w", addr, err)
	}
	s.url = "http://" + browsable(ln.Addr())
	s.web = &http.Server{Handler: s.sim, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		defer close(s.webDone)
		_ = s.web.Serve(ln) // http.ErrServerClosed after Shutdown
	}()
	return s, nil
}

// updateCounterKey, after the app's prefix, holds the last update_id the
// built-in Bot API gave. It has no TTL: it is one number, and losing it
// would number the updates from 1 again.
const updateCounterKey = "sim:update_id"

// updateCounter numbers the built-in Bot API's updates in Redis, so that a
// restarted simulator goes on where it stopped, as Telegram does, rather
// than from 1 again: ids a chat had handled lately would be taken for
// repeats.
type updateCounter struct {
	c   goredis.UniversalClient
	key string
}

// NextUpdateID is one INCR. The Bot API calls it with its lock held, so it
// waits briefly; on failure the Bot API counts on in memory.
func (u updateCounter) NextUpdateID() (int64, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	id, err := u.c.Incr(ctx, u.key).Result()
	if err != nil {
		return 0, fmt.Errorf("next update id: %w", err)
	}
	return id, nil
}

// browsable is an address a browser on this machine can open: a wildcard
// listen address ("[::]:8080") becomes 127.0.0.1.
func browsable(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return a.String()
	}
	if tcp.IP == nil || tcp.IP.IsUnspecified() {
		return fmt.Sprintf("127.0.0.1:%d", tcp.Port)
	}
	return tcp.String()
}

// close stops the bot after the updates it holds, ends the web chat's event
// streams and requests, then the built-in Bot API.
func (s *simulation) close() error {
	s.stopBot()
	<-s.botDone
	s.stopSender()
	s.sim.Close()
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	err := s.web.Shutdown(ctx)
	<-s.webDone
	return errors.Join(err, s.api.Close())
}

// seedStaff gives the demo officer and admin their staff roles: the officer
// as petugas of demoNagari, the admin for the whole regency. It goes the way
// a real officer does, through a one-time invite code redeemed by the chat,
// and is harmless on every start (an existing binding is kept).
func seedStaff(ctx context.Context, a *app, officer, admin simulator.Phone) error {
	for _, who := range []struct {
		phone simulator.Phone
		role  domain.Role
		area  string
	}{{officer, domain.RoleNagari, demoNagari}, {admin, domain.RoleAdmin, ""}} {
		inv, err := a.store.CreateInvite(ctx, "simulate", "cli", who.role, who.area)
		if err != nil {
			return fmt.Errorf("seed staff: %w", err)
		}
		res, err := a.store.Apply(ctx, who.phone.ID, []engine.Effect{engine.BindStaff{Code: inv.Code}})
		if err != nil {
			return fmt.Errorf("seed staff: %w", err)
		}
		if len(res) == 1 && res[0].Err != "" {
			return fmt.Errorf("seed staff: %s", res[0].Err)
		}
	}
	return nil
}
