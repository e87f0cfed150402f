package bot_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	goredis "github.com/redis/go-redis/v9"

	"github.com/jaganagari/jaganagari/bot"
	"github.com/jaganagari/jaganagari/internal/botapi"
	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/flows"
	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/postgres/pgtest"
	"github.com/jaganagari/jaganagari/internal/redis"
	"github.com/jaganagari/jaganagari/internal/redis/redistest"
	"github.com/jaganagari/jaganagari/internal/render"
	"github.com/jaganagari/jaganagari/internal/seal"
	"github.com/jaganagari/jaganagari/locales"
)

const token = "123456:TEST-token-for-the-fake-bot-api"

// harness is the real bot, with real Postgres and Redis, talking to the
// fake Bot API server over HTTP.
type harness struct {
	t        *testing.T
	api      *botapi.Server
	apiURL   string
	pool     *pgxpool.Pool
	store    *postgres.Store
	rdb      *goredis.Client
	prefix   string
	sessions *redis.SessionStore
	render   *render.Renderer
	records  bot.Records
	logs     *syncBuffer
	now      func() time.Time // the bot's clock; nil is time.Now

	mu     sync.Mutex
	cancel context.CancelFunc
	done   chan struct{}
	seen   map[int64]int // the last bot message each test user has read
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	api := botapi.New(token)
	ts := httptest.NewServer(api)
	t.Cleanup(ts.Close)
	pool := pgtest.New(t)
	rdb, prefix := redistest.New(t)
	r8, err := render.New(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{
		t: t, api: api, apiURL: ts.URL, pool: pool, store: postgres.NewStore(pool, seal.Dev()),
		rdb: rdb, prefix: prefix, sessions: redis.NewSessionStore(rdb, prefix, time.Hour).SealWith(seal.Dev()),
		render: r8, seen: map[int64]int{}, logs: &syncBuffer{},
	}
	h.records = h.store
	h.start()
	t.Cleanup(h.stop)
	return h
}

// start runs a fresh bot process: nothing but the stores carries over.
func (h *harness) start() {
	h.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	nagari, err := h.store.Regions(ctx)
	if err != nil {
		h.t.Fatal(err)
	}
	machine, err := flows.New(domain.NewRegions(nagari))
	if err != nil {
		h.t.Fatal(err)
	}
	b, err := bot.New(ctx, bot.Options{
		Token: token, ServerURL: h.apiURL, Machine: machine,
		Sessions: h.sessions, Records: h.records, Languages: h.store, Menus: h.store, Renderer: h.render, Now: h.now,
		Logger: slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	if err != nil {
		h.t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		// The command menus beside the polling, as run does.
		var wg sync.WaitGroup
		wg.Go(func() { b.SyncCommands(ctx) })
		b.Poll(ctx)
		wg.Wait()
	}()
	h.mu.Lock()
	h.cancel, h.done = cancel, done
	h.mu.Unlock()
}

// stop ends the bot process after it finished the updates it holds.
func (h *harness) stop() {
	h.mu.Lock()
	cancel, done := h.cancel, h.done
	h.cancel, h.done = nil, nil
	h.mu.Unlock()
	if cancel == nil {
		return
	}
	cancel()
	<-done
}

func (h *harness) user(id int64) int64 {
	h.t.Helper()
	if err := h.api.AddUser(botapi.User{ID: id, FirstName: "Pekerja", Phone: "+6281234567" + strings.Repeat("0", 3)}); err != nil {
		h.t.Fatal(err)
	}
	return id
}

// text renders a message as a user reading Indonesian sees it.
func (h *harness) text(msg string, data map[string]any) string {
	h.t.Helper()
	s, err := h.render.Text("id", msg, data)
	if err != nil {
		h.t.Fatal(err)
	}
	return s
}

// expect waits for the next bot message to user and checks that it is msg
// (compared as rendered, or by prefix for messages with variable data).
func (h *harness) expect(user int64, msg string) botapi.Message {
	h.t.Helper()
	want := h.text(msg, anyData)
	prefix := want
	if i := strings.Index(prefix, "{{"); i >= 0 {
		prefix = prefix[:i]
	}
	if i := strings.Index(want, anyValue); i >= 0 {
		prefix = want[:i]
	}
	ctx, cancel := context.WithTimeout(h.t.Context(), 10*time.Second)
	defer cancel()
	last := h.seen[user]
	m, err := h.api.WaitMessage(ctx, user, func(m botapi.Message) bool { return m.ID > last })
	if err != nil {
		h.t.Fatalf("waiting for %s: %v\nchat so far:\n%s", msg, err, h.dump(user))
	}
	h.seen[user] = m.ID
	if !strings.HasPrefix(m.Text, prefix) {
		h.t.Fatalf("got %q\nwant %s: %q", m.Text, msg, want)
	}
	return m
}

// anyValue stands for template data whose value the test does not know.
const anyValue = "\x00any\x00"

var anyData = map[string]any{"N": anyValue, "Number": anyValue, "Kecamatan": anyValue, "Status": anyValue, "BirthDate": anyValue, "Gender": anyValue, "NIK": anyValue, "What": anyValue, "Max": anyValue, "Min": anyValue, "Reason": ""}

func (h *harness) dump(user int64) string {
	var b strings.Builder
	for _, m := range h.api.Chat(user) {
		who := "user"
		if m.FromBot {
			who = "bot "
		}
		b.WriteString(who + ": " + strings.ReplaceAll(m.Text, "\n", " / ") + "\n")
	}
	return b.String()
}

func (h *harness) say(user int64, text string) {
	h.t.Helper()
	if _, err := h.api.SendText(user, text); err != nil {
		h.t.Fatal(err)
	}
}

// press presses the button labelled with msg under bot message m.
func (h *harness) press(user int64, m botapi.Message, label string) {
	h.t.Helper()
	data := h.button(m, label)
	if _, err := h.api.PressButton(user, m.ID, data); err != nil {
		h.t.Fatal(err)
	}
}

// button finds the callback data of the button labelled label (a message
// ID, or a literal label such as a nagari's name).
func (h *harness) button(m botapi.Message, label string) string {
	h.t.Helper()
	want := label
	if s, err := h.render.Text("id", label, nil); err == nil {
		want = s
	}
	if kb := m.ReplyMarkup; kb != nil {
		for _, row := range kb.InlineKeyboard {
			for _, b := range row {
				if b.Text == want {
					return b.CallbackData
				}
			}
		}
	}
	h.t.Fatalf("no button %q under %q (markup %#v)", want, m.Text, m.ReplyMarkup)
	return ""
}

// tcpProxy is a TCP proxy in front of Postgres or Redis that a test can
// cut, to make a real outage: connections through it fail while it is down.
type tcpProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	down   bool
	conns  []net.Conn
}

func newTCPProxy(t *testing.T, target string) *tcpProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &tcpProxy{ln: ln, target: target}
	t.Cleanup(func() { ln.Close(); p.setDown(true) })
	go p.serve()
	return p
}

func (p *tcpProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		if p.down {
			p.mu.Unlock()
			c.Close()
			continue
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			p.mu.Unlock()
			c.Close()
			continue
		}
		p.conns = append(p.conns, c, up)
		p.mu.Unlock()
		go func() { io.Copy(up, c); up.Close() }()
		go func() { io.Copy(c, up); c.Close() }()
	}
}

// setDown cuts every open connection and refuses new ones, or lets them in
// again.
func (p *tcpProxy) setDown(down bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = down
	if down {
		for _, c := range p.conns {
			c.Close()
		}
		p.conns = nil
	}
}

// direct builds a bot that does not poll: the test hands it updates with
// Handle, which returns once the update is fully handled.
func (h *harness) direct(o bot.Options) *bot.Bot {
	h.t.Helper()
	nagari, err := h.store.Regions(h.t.Context())
	if err != nil {
		h.t.Fatal(err)
	}
	machine, err := flows.New(domain.NewRegions(nagari))
	if err != nil {
		h.t.Fatal(err)
	}
	o.Token, o.ServerURL, o.Machine, o.Renderer = token, h.apiURL, machine, h.render
	o.Records, o.Languages, o.SkipGetMe = h.records, h.store, true
	if o.Sessions == nil {
		o.Sessions = h.sessions
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	b, err := bot.New(h.t.Context(), o)
	if err != nil {
		h.t.Fatal(err)
	}
	return b
}

// registered gives user the registration of Siti Rahmah (NIK
// 1302044505800007, phone +6281234567000, mother Rosmaniar, Alahan
// Panjang) straight through the store, for tests about what comes after
// registering.
func (h *harness) registered(user int64) {
	h.t.Helper()
	reg := domain.Registration{
		NIK: "1302044505800007", Name: "Siti Rahmah", BirthDate: time.Date(1980, 5, 5, 0, 0, 0, 0, time.UTC),
		Gender: domain.Female, Address: "Jorong Koto Baru", NagariCode: "13.02.04.2001", Occupation: "petani",
		Phone: "+6281234567000", MotherName: "Rosmaniar", HeirName: "Budi Santoso", HeirRelation: "pasangan",
		ConsentVersion: "v1", ConsentAt: time.Now().Add(-time.Hour),
	}
	res, err := h.store.Apply(h.t.Context(), user, []engine.Effect{engine.SubmitRegistration{Key: "reg-1", Registration: reg}})
	if err != nil || res[0].Err != "" {
		h.t.Fatalf("register: %v %+v", err, res)
	}
}

// windowPasses ends user's rate window now: Redis would drop the chat's
// update counter when redis.RateWindow is over, and this drops it at once.
func (h *harness) windowPasses(user int64) {
	h.t.Helper()
	if err := h.rdb.Del(h.t.Context(), h.prefix+"r:"+strconv.FormatInt(user, 10)).Err(); err != nil {
		h.t.Fatal(err)
	}
}

// syncBuffer collects log output from many goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
