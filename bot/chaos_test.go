package bot_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"regexp"
	"runtime/pprof"
	"strings"
	"sync"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/jaganagari/jaganagari/bot"
	"github.com/jaganagari/jaganagari/internal/botapi"
	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/redis"
	"github.com/jaganagari/jaganagari/internal/seal"
)

// TestChaosRegistrationsSurviveOutages has 200 workers register at once
// through the webhook while Redis and Postgres go down and come back at
// moments set by the traffic itself (a Redis "restart" also loses every
// session, as ours keeps nothing on disk). Workers behave as people do:
// they answer the question on screen, and try again when told the service
// is down. Afterwards every worker told a registration number has exactly
// that one record, and no record exists that its worker was not told of.
func TestChaosRegistrationsSurviveOutages(t *testing.T) {
	t.Parallel()
	workers := 200
	if testing.Short() {
		workers = 60
	}
	h := newHarness(t)
	h.stop() // this test drives the bot through its webhook instead

	// Postgres and Redis behind proxies the chaos can cut.
	pgCfg := h.pool.Config().Copy()
	pgProxy := newTCPProxy(t, fmt.Sprintf("%s:%d", pgCfg.ConnConfig.Host, pgCfg.ConnConfig.Port))
	pgCfg.ConnConfig.Host, pgCfg.ConnConfig.Port = splitHostPort(t, pgProxy.ln.Addr().String())
	pgCfg.ConnConfig.ConnectTimeout = time.Second
	pgCfg.MaxConns = 16
	pool, err := pgxNewPool(t.Context(), pgCfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	redisProxy := newTCPProxy(t, h.rdb.Options().Addr)
	rdb := goredis.NewClient(&goredis.Options{
		Addr: redisProxy.ln.Addr().String(), DialTimeout: time.Second, ReadTimeout: time.Second,
		WriteTimeout: time.Second, MaxRetries: -1, PoolSize: 32,
	})
	t.Cleanup(func() { rdb.Close() })
	h.sessions = redis.NewSessionStore(rdb, h.prefix, time.Hour).SealWith(seal.Dev())
	h.records = postgres.NewStore(pool, seal.Dev())

	b := h.direct(bot.Options{RateLimit: 10_000, Lanes: 32})
	const secret = "chaos-secret"
	wh := httptest.NewServer(b.WebhookHandler(secret))
	t.Cleanup(func() { wh.Close(); b.Close() })
	if err := b.SetWebhook(t.Context(), wh.URL, secret); err != nil {
		t.Fatal(err)
	}

	// The chaos: outages begin and end at counts of bot messages.
	events, unsubscribe := h.api.Subscribe()
	defer unsubscribe()
	chaosDone := make(chan struct{})
	go func() {
		defer close(chaosDone)
		// Outages at fixed fractions of the ~17 bot messages a worker
		// receives on the way through.
		total := workers * 17
		at := func(f float64) int { return int(f * float64(total)) }
		plan := []struct {
			at     int
			target *tcpProxy
			down   bool
			flush  bool
		}{
			{at(.08), redisProxy, true, false}, {at(.10), redisProxy, false, false},
			{at(.25), pgProxy, true, false}, {at(.28), pgProxy, false, false},
			{at(.42), redisProxy, true, true}, {at(.44), redisProxy, false, false},
			{at(.58), pgProxy, true, false}, {at(.60), pgProxy, false, false},
			{at(.72), redisProxy, true, false}, {at(.73), pgProxy, true, false},
			{at(.76), redisProxy, false, false}, {at(.77), pgProxy, false, false},
		}
		n := 0
		for ev := range events {
			if ev.Kind != botapi.EventMessage || ev.Message == nil || !ev.Message.FromBot {
				continue
			}
			n++
			for len(plan) > 0 && n >= plan[0].at {
				p := plan[0]
				plan = plan[1:]
				p.target.setDown(p.down)
				if p.flush {
					// A restarted Redis without persistence has no sessions.
					keys, _ := h.rdb.Keys(context.Background(), h.prefix+"*").Result()
					if len(keys) > 0 {
						h.rdb.Del(context.Background(), keys...)
					}
				}
			}
			if len(plan) == 0 {
				return
			}
		}
	}()

	told := make([]string, workers)
	var wg sync.WaitGroup
	for i := range workers {
		user := int64(30_000 + i)
		h.user(user)
		nik := fmt.Sprintf("13020445058%05d", i+1)
		wg.Go(func() { told[i] = registerThroughChaos(t, h, user, nik) })
	}
	wg.Wait()
	redisProxy.setDown(false)
	pgProxy.setDown(false)

	numbers := map[int64]string{}
	rows, err := h.pool.Query(t.Context(), `select chat_id, number from registrations`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var chat int64
		var number string
		if err := rows.Scan(&chat, &number); err != nil {
			t.Fatal(err)
		}
		if _, dup := numbers[chat]; dup {
			t.Errorf("chat %d has two registrations", chat)
		}
		numbers[chat] = number
	}
	finished := 0
	for i, number := range told {
		chat := int64(30_000 + i)
		switch {
		case number == "" && numbers[chat] != "":
			t.Errorf("worker %d was never told of registration %s", i, numbers[chat])
		case number != "" && numbers[chat] != number:
			t.Errorf("worker %d was told %s, the database has %q", i, number, numbers[chat])
		case number != "":
			finished++
		}
	}
	if finished != workers {
		t.Errorf("%d of %d workers finished", finished, workers)
		logs := strings.Split(h.logs.String(), "\n")
		t.Logf("last log lines:\n%s", strings.Join(logs[max(0, len(logs)-60):], "\n"))
	}
	select {
	case <-chaosDone:
	default:
		t.Errorf("the traffic ended before every planned outage happened")
	}
}

var dumpOnce sync.Once

var regNumber = regexp.MustCompile(`REG-\d{4}-\d{6}`)

// registerThroughChaos plays one worker: answer the newest question, try
// again after "layanan sedang gangguan", stop when told a number.
func registerThroughChaos(t *testing.T, h *harness, user int64, nik string) string {
	ask := func(msg string) string { s, _ := h.render.Text("id", msg, anyData); return cut(s) }
	questions := map[string]func(m botapi.Message) error{
		ask("menu.ask"):              func(m botapi.Message) error { return pressLabel(h, user, m, "menu.register") },
		ask("reg.consent.ask"):       func(m botapi.Message) error { return pressLabel(h, user, m, "reg.consent.agree") },
		ask("reg.nik.ask"):           func(botapi.Message) error { _, err := h.api.SendText(user, nik); return err },
		ask("reg.identity.ask"):      func(m botapi.Message) error { return pressLabel(h, user, m, "reg.identity.yes") },
		ask("reg.name.ask"):          func(botapi.Message) error { _, err := h.api.SendText(user, "Siti Rahmah"); return err },
		ask("reg.address.ask"):       func(botapi.Message) error { _, err := h.api.SendText(user, "Jorong Koto Baru"); return err },
		ask("reg.kecamatan.ask"):     func(m botapi.Message) error { return pressLabel(h, user, m, "Lembah Gumanti") },
		ask("reg.nagari.ask"):        func(m botapi.Message) error { return pressLabel(h, user, m, "Alahan Panjang") },
		ask("reg.occupation.ask"):    func(m botapi.Message) error { return pressLabel(h, user, m, "occupation.petani") },
		ask("reg.phone.ask"):         func(botapi.Message) error { _, err := h.api.ShareContact(user); return err },
		ask("reg.mother.ask"):        func(botapi.Message) error { _, err := h.api.SendText(user, "Rosmaniar"); return err },
		ask("reg.heir.name_ask"):     func(botapi.Message) error { _, err := h.api.SendText(user, "Budi Santoso"); return err },
		ask("reg.heir.relation_ask"): func(m botapi.Message) error { return pressLabel(h, user, m, "relation.pasangan") },
		ask("reg.summary.ask"):       func(m botapi.Message) error { return pressLabel(h, user, m, "reg.summary.submit") },
		ask("resume.ask"):            func(m botapi.Message) error { return pressLabel(h, user, m, "resume.continue") },
	}
	unavailable := ask("error.unavailable")
	if _, err := h.api.SendText(user, "/start"); err != nil {
		t.Error(err)
		return ""
	}
	var lastQuestion botapi.Message
	seen := 0
	for actions := 0; actions < 120; {
		ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
		m, err := h.api.WaitMessage(ctx, user, func(m botapi.Message) bool { return m.ID > seen })
		cancel()
		if err != nil {
			dumpOnce.Do(func() {
				f, _ := os.Create("/tmp/chaos-goroutines.txt")
				pprof.Lookup("goroutine").WriteTo(f, 1)
				f.Close()
			})
			t.Errorf("worker %d waits in vain: %v\n%s", user, err, h.dump(user))
			return ""
		}
		seen = m.ID
		if n := regNumber.FindString(m.Text); n != "" {
			return n
		}
		act := match(questions, m.Text)
		switch {
		case act != nil:
			lastQuestion = m
		case strings.HasPrefix(m.Text, unavailable) && lastQuestion.ID != 0:
			act = match(questions, lastQuestion.Text)
			m = lastQuestion
		case strings.HasPrefix(m.Text, unavailable):
			// Down before the first question: start again.
			act = func(botapi.Message) error { _, err := h.api.SendText(user, "/start"); return err }
		default:
			continue // a note on the way to the next question
		}
		actions++
		if err := act(m); err != nil {
			// The button is gone: the bot moved on; read on.
			continue
		}
	}
	t.Errorf("worker %d did not finish in 120 actions:\n%s", user, h.dump(user))
	return ""
}

// match finds the action for the question a message asks.
func match(questions map[string]func(botapi.Message) error, text string) func(botapi.Message) error {
	for prefix, act := range questions {
		if strings.HasPrefix(text, prefix) {
			return act
		}
	}
	return nil
}

// cut keeps the start of a message, before any template data.
func cut(s string) string {
	if i := strings.Index(s, anyValue); i >= 0 {
		s = s[:i]
	}
	if len(s) > 40 {
		s = s[:40]
	}
	return s
}

func pressLabel(h *harness, user int64, m botapi.Message, label string) error {
	want := label
	if s, err := h.render.Text("id", label, nil); err == nil {
		want = s
	}
	if m.ReplyMarkup != nil {
		for _, row := range m.ReplyMarkup.InlineKeyboard {
			for _, b := range row {
				if b.Text == want {
					_, err := h.api.PressButton(user, m.ID, b.CallbackData)
					return err
				}
			}
		}
	}
	return fmt.Errorf("no button %q", want)
}
