package notify_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jaganagari/jaganagari/internal/botapi"
	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/notify"
	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/postgres/pgtest"
	"github.com/jaganagari/jaganagari/internal/render"
	"github.com/jaganagari/jaganagari/internal/seal"
	"github.com/jaganagari/jaganagari/locales"
)

const token = "123456:TEST-token-for-the-notify-tests"

// The nagari of the tests: Alahan Panjang, Kecamatan Lembah Gumanti.
const (
	nagari    = "13.02.04.2001"
	kecamatan = "13.02.04"
)

// env is real Postgres, the fake Bot API over HTTP, and the real
// go-telegram/bot client pointed at it.
type env struct {
	t      *testing.T
	api    *botapi.Server
	tg     *tgbot.Bot
	pool   *pgxpool.Pool
	store  *postgres.Store
	outbox *postgres.Outbox
	render *render.Renderer
	serial int
}

func newEnv(t *testing.T) *env {
	t.Helper()
	api := botapi.New(token)
	ts := httptest.NewServer(api)
	t.Cleanup(func() { api.Close(); ts.Close() })
	tg, err := tgbot.New(token, tgbot.WithServerURL(ts.URL), tgbot.WithSkipGetMe())
	if err != nil {
		t.Fatal(err)
	}
	r8, err := render.New(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	pool := pgtest.New(t)
	return &env{t: t, api: api, tg: tg, pool: pool, store: postgres.NewStore(pool, seal.Dev()), outbox: postgres.NewOutbox(pool), render: r8}
}

// staff adds a staff member with a Telegram chat. area is a nagari code for
// petugas_nagari, a kecamatan code for petugas_kecamatan, "" for admins.
func (e *env) staff(chatID int64, role, area string) int64 {
	e.t.Helper()
	if err := e.api.AddUser(botapi.User{ID: chatID, FirstName: "Petugas"}); err != nil {
		e.t.Fatal(err)
	}
	var nagariCode, kecCode *string
	switch role {
	case "petugas_nagari":
		nagariCode = &area
	case "petugas_kecamatan":
		kecCode = &area
	}
	_, err := e.pool.Exec(e.t.Context(), `insert into staff (chat_id, name, role, nagari_code, kecamatan_code) values ($1, 'Petugas', $2, $3, $4)`,
		chatID, role, nagariCode, kecCode)
	if err != nil {
		e.t.Fatal(err)
	}
	return chatID
}

// register submits a registration in the test nagari from chat and
// returns its number.
func (e *env) register(chatID int64) string {
	e.t.Helper()
	e.serial++
	r := domain.Registration{
		NIK:  domain.NIK(fmt.Sprintf("130204120385%04d", e.serial)),
		Name: "Rajo Ameh", BirthDate: time.Date(1985, 3, 12, 0, 0, 0, 0, time.UTC), Gender: domain.Male,
		Address: "Jorong Koto Baru", NagariCode: nagari, Occupation: "petani", Phone: "+6281234567890",
		HeirName: "Siti Nurbaya", HeirRelation: "anak", ConsentVersion: "v1", ConsentAt: time.Now().Add(-time.Minute),
	}
	res, err := e.store.Apply(e.t.Context(), chatID, []engine.Effect{engine.SubmitRegistration{Key: fmt.Sprint("reg-", e.serial), Registration: r}})
	if err != nil || res[0].Err != "" {
		e.t.Fatalf("register: %v %+v", err, res)
	}
	return engine.AnswerOf[engine.SubmitRegistration](&res[0]).Number
}

// sender builds a sender on the env with fast test settings; opts may
// change them.
func (e *env) sender(opts ...func(*notify.Options)) *notify.Sender {
	e.t.Helper()
	o := notify.Options{
		API: e.tg, Queue: e.outbox, Renderer: e.render,
		Rate: 1000, ChatGap: time.Millisecond, GroupGap: time.Millisecond, Poll: 5 * time.Millisecond,
		Backoff: time.Millisecond,
	}
	for _, f := range opts {
		f(&o)
	}
	s, err := notify.New(o)
	if err != nil {
		e.t.Fatal(err)
	}
	return s
}

// drain runs rounds until nothing is left to send.
func (e *env) drain(s *notify.Sender) {
	e.t.Helper()
	for i := 0; ; i++ {
		if i > 5000 {
			e.t.Fatal("outbox never drained")
		}
		if _, err := s.RunOnce(e.t.Context()); err != nil {
			e.t.Fatal(err)
		}
		if e.open() == 0 {
			return
		}
	}
}

// open counts deliveries and due notices not finished yet.
func (e *env) open() int {
	e.t.Helper()
	var n int
	err := e.pool.QueryRow(e.t.Context(), `
		select (select count(*) from outbox_delivery where state in ('pending', 'sending'))
		     + (select count(*) from outbox where fanned_at is null and fan_after is null)`).Scan(&n)
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

// texts lists the texts the bot sent to chat.
func (e *env) texts(chat int64) []string {
	var out []string
	for _, m := range e.api.Chat(chat) {
		if m.FromBot && m.Text != "" {
			out = append(out, m.Text)
		}
	}
	return out
}

// tx runs f in a transaction, as the staff branch's status changes do.
func (e *env) tx(f func(pgx.Tx) error) {
	e.t.Helper()
	if err := pgx.BeginFunc(e.t.Context(), e.pool, f); err != nil {
		e.t.Fatal(err)
	}
}

// clock is a test clock that moves only when told.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// counter collects sender outcomes, for tests that wait on them.
type counter struct {
	mu   sync.Mutex
	sent int
	ch   chan notify.Outcome
}

func newCounter() *counter { return &counter{ch: make(chan notify.Outcome, 10000)} }

func (c *counter) done(o notify.Outcome) {
	c.mu.Lock()
	if o.Result == "sent" {
		c.sent++
	}
	c.mu.Unlock()
	c.ch <- o
}

// waitSent waits until n deliveries were sent in all, or fails.
func (c *counter) waitSent(t *testing.T, n int, within time.Duration) {
	t.Helper()
	deadline := time.After(within)
	for {
		c.mu.Lock()
		got := c.sent
		c.mu.Unlock()
		if got >= n {
			return
		}
		select {
		case <-c.ch:
		case <-deadline:
			t.Fatalf("%d of %d deliveries sent before the deadline", got, n)
		}
	}
}

// run starts s.Run until the returned stop is called; stop waits for it.
func run(s *notify.Sender) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); s.Run(ctx) }()
	return func() { cancel(); <-done }
}
