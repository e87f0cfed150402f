package redis

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	goredis "github.com/redis/go-redis/v9"

	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/redis/redistest"
	"github.com/jaganagari/jaganagari/internal/seal"
)

var wib = time.FixedZone("WIB", 7*60*60)

// registration is a session in the middle of a full registration: the
// summary step, with ~15 answers as the flows store them.
func registration() engine.Session {
	return engine.Session{
		V:    engine.SchemaVersion,
		Lang: "id",
		Flow: "reg",
		Step: "reg.summary",
		Back: []string{
			"reg.consent", "reg.nik", "reg.name", "reg.birth_place", "reg.birth_date",
			"reg.gender", "reg.phone", "reg.kecamatan", "reg.nagari", "reg.jorong",
			"reg.address", "reg.occupation", "reg.income", "reg.program",
			"reg.heir_name", "reg.heir_relation", "reg.heir_phone",
		},
		Answers: map[string]string{
			"consent":       "2026-11-25T09:12:44+07:00",
			"nik":           "1302034501880001",
			"name":          "Siti Rahmawati Binti Nurdin Sutan Mangkuto",
			"birth_place":   "Koto Baru",
			"birth_date":    "1988-01-05",
			"gender":        "P",
			"phone":         "+6281266012345",
			"kecamatan":     "13.02.03",
			"nagari":        "13.02.03.2001",
			"jorong":        "Jorong Koto Gadang Ateh",
			"address":       "Jl. Raya Solok-Padang Km 12, RT 002 / RW 001, dekat Masjid Raya Nurul Iman",
			"occupation":    "petani_sawah",
			"income":        "1500000",
			"program":       "jkk,jkm",
			"heir_name":     "Ahmad Fauzi Sutan Rajo Lelo",
			"heir_relation": "suami",
			"heir_phone":    "+6281374099876",
		},
		FormID:  "reg-20261125T021244.123456789",
		Touched: time.Date(2026, 11, 25, 9, 31, 7, 123456789, wib),
		KB:      true,
	}
}

// load reads the chat's session as an update does (Begin), and lets the
// chat go again.
func (s *SessionStore) load(ctx context.Context, chatID int64) (engine.Session, bool, error) {
	t, err := s.Begin(ctx, chatID, 0)
	if err != nil {
		return engine.Session{}, false, err
	}
	return t.Session, t.Found, s.Finish(ctx, chatID, t, nil)
}

// save stores the chat's session as an update does (Finish).
func (s *SessionStore) save(ctx context.Context, chatID int64, sess engine.Session) error {
	t, err := s.Begin(ctx, chatID, 0)
	if err != nil {
		return err
	}
	return s.Finish(ctx, chatID, t, &sess)
}

func TestEncodedRegistrationIsSmall(t *testing.T) {
	t.Parallel()
	b, err := encodeSession(registration())
	if err != nil {
		t.Fatal(err)
	}
	if len(b) >= 2048 {
		t.Errorf("a full registration session encodes to %d bytes, want < 2048:\n%s", len(b), b)
	}
	t.Logf("full registration session: %d bytes", len(b))
}

func TestSessionStore_roundTrip(t *testing.T) {
	t.Parallel()
	c, prefix := redistest.New(t)
	st := NewSessionStore(c, prefix, time.Hour)

	idle := engine.Session{V: engine.SchemaVersion, Lang: "en", Touched: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	editing := registration()
	editing.Editing = true
	editing.Return = "reg.summary"
	tests := []struct {
		name string
		in   engine.Session
	}{
		{"full registration", registration()},
		{"idle chat that only remembers its language", idle},
		{"zero session", engine.Session{}},
		{"editing from the summary after a side trip", editing},
		{"time with monotonic reading and local zone", engine.Session{V: 1, Flow: "reg", Touched: time.Now().In(wib)}},
		{"unicode and quotes in answers", engine.Session{V: 1, Answers: map[string]string{"name": `Nur "Upik" Ässa 👵`, "note": "a\nb\\c</script>"}}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			chat := int64(1000 + i)
			ctx := t.Context()
			if err := st.save(ctx, chat, tt.in); err != nil {
				t.Fatal(err)
			}
			got, ok, err := st.load(ctx, chat)
			if err != nil || !ok {
				t.Fatalf("load = ok %v, err %v", ok, err)
			}
			// cmp compares time.Time with its Equal method: the same
			// instant, whatever the zone or monotonic reading.
			if d := cmp.Diff(tt.in, got); d != "" {
				t.Errorf("round trip (-saved +loaded):\n%s", d)
			}
			if loc := got.Touched.Location(); loc != time.UTC {
				t.Errorf("Touched comes back in %v, want UTC", loc)
			}
		})
	}
}

func TestSessionStore_emptyMapsAndSlicesComeBackNil(t *testing.T) {
	t.Parallel()
	c, prefix := redistest.New(t)
	st := NewSessionStore(c, prefix, time.Hour)
	ctx := t.Context()

	in := engine.Session{V: 1, Flow: "reg", Step: "reg.nik", Answers: map[string]string{}, Back: []string{}}
	if err := st.save(ctx, 1, in); err != nil {
		t.Fatal(err)
	}
	got, ok, err := st.load(ctx, 1)
	if err != nil || !ok {
		t.Fatalf("load = ok %v, err %v", ok, err)
	}
	// omitempty drops them; the engine treats nil and empty alike.
	if got.Answers != nil || got.Back != nil {
		t.Errorf("Answers %#v, Back %#v: want nil", got.Answers, got.Back)
	}
	if a := got.Answer("nik"); a != "" {
		t.Errorf("Answer on a loaded nil map = %q", a)
	}
	got.Set("nik", "1302034501880001") // must not panic on the nil map
	got.Unset("name")
	if got.Answer("nik") != "1302034501880001" {
		t.Error("Set after load lost the answer")
	}
}

func TestSessionStore_missing(t *testing.T) {
	t.Parallel()
	c, prefix := redistest.New(t)
	st := NewSessionStore(c, prefix, time.Hour)
	got, ok, err := st.load(t.Context(), 42)
	if err != nil || ok {
		t.Fatalf("load of a new chat = ok %v, err %v; want false, nil", ok, err)
	}
	if d := cmp.Diff(engine.Session{}, got); d != "" {
		t.Errorf("session of a new chat is not zero:\n%s", d)
	}
}

func TestSessionStore_keyLayout(t *testing.T) {
	t.Parallel()
	c, prefix := redistest.New(t)
	st := NewSessionStore(c, prefix, time.Hour)
	ctx := t.Context()
	// Group chats have negative IDs.
	for _, chat := range []int64{123456789, -1001234567890} {
		if err := st.save(ctx, chat, engine.Session{V: 1}); err != nil {
			t.Fatal(err)
		}
		key := fmt.Sprintf("%ss:%d", prefix, chat)
		if n, err := c.Exists(ctx, key).Result(); err != nil || n != 1 {
			t.Errorf("key %q exists = %d, %v", key, n, err)
		}
	}
}

func TestSessionStore_TTL(t *testing.T) {
	t.Parallel()
	c, prefix := redistest.New(t)
	ctx := t.Context()

	tests := []struct {
		name string
		ttl  time.Duration
		want time.Duration
	}{
		{"given ttl", 30 * 24 * time.Hour, 30 * 24 * time.Hour},
		{"zero means the default, never no expiry", 0, DefaultTTL},
		{"negative means the default", -time.Second, DefaultTTL},
	}
	for i, tt := range tests {
		st := NewSessionStore(c, prefix, tt.ttl)
		chat := int64(i)
		if err := st.save(ctx, chat, registration()); err != nil {
			t.Fatal(err)
		}
		got, err := c.TTL(ctx, st.key(chat)).Result()
		if err != nil {
			t.Fatal(err)
		}
		// TTL rounds down to whole seconds and the clock ran a little.
		if got > tt.want || got < tt.want-time.Minute {
			t.Errorf("%s: TTL = %v, want %v", tt.name, got, tt.want)
		}
	}

	t.Run("save refreshes the ttl", func(t *testing.T) {
		st := NewSessionStore(c, prefix, time.Hour)
		if err := st.save(ctx, 99, registration()); err != nil {
			t.Fatal(err)
		}
		if err := c.Expire(ctx, st.key(99), 5*time.Second).Err(); err != nil {
			t.Fatal(err)
		}
		if err := st.save(ctx, 99, registration()); err != nil {
			t.Fatal(err)
		}
		if got, err := c.TTL(ctx, st.key(99)).Result(); err != nil || got < 59*time.Minute {
			t.Errorf("TTL after a second Save = %v, %v; want about an hour", got, err)
		}
	})
}

func TestSessionStore_undecodableIsMissing(t *testing.T) {
	t.Parallel()
	c, prefix := redistest.New(t)
	st := NewSessionStore(c, prefix, time.Hour)
	ctx := t.Context()

	tests := []struct {
		name  string
		write func(key string) error
	}{
		{"not json", func(k string) error { return c.Set(ctx, k, "{not json", 0).Err() }},
		{"truncated", func(k string) error { return c.Set(ctx, k, `{"v":1,"f":"reg","a":{"nik":"13`, 0).Err() }},
		{"binary", func(k string) error { return c.Set(ctx, k, []byte{0x1f, 0x8b, 0x08, 0x00}, 0).Err() }},
		{"json array", func(k string) error { return c.Set(ctx, k, `[1,2]`, 0).Err() }},
		{"incompatible deploy: back was a string", func(k string) error { return c.Set(ctx, k, `{"v":1,"b":"reg.nik"}`, 0).Err() }},
		{"incompatible deploy: answers held numbers", func(k string) error { return c.Set(ctx, k, `{"v":1,"a":{"age":37}}`, 0).Err() }},
		{"another type at the key", func(k string) error { return c.HSet(ctx, k, "v", "1").Err() }},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chat := int64(500 + i)
			if err := tt.write(st.key(chat)); err != nil {
				t.Fatal(err)
			}
			before := st.Undecodable()
			got, ok, err := st.load(ctx, chat)
			if err != nil || ok {
				t.Fatalf("load = ok %v, err %v; want false, nil so the chat can go on", ok, err)
			}
			if d := cmp.Diff(engine.Session{}, got); d != "" {
				t.Errorf("session not zero:\n%s", d)
			}
			if st.Undecodable() != before+1 {
				t.Errorf("Undecodable went from %d to %d", before, st.Undecodable())
			}
			// The chat goes on: the next Save replaces the bad value.
			if err := st.save(ctx, chat, registration()); err != nil {
				t.Fatal(err)
			}
			if _, ok, err := st.load(ctx, chat); !ok || err != nil {
				t.Errorf("load after save = ok %v, err %v", ok, err)
			}
		})
	}

	t.Run("newer deploy's extra fields and version are kept for the engine", func(t *testing.T) {
		if err := c.Set(ctx, st.key(600), `{"v":2,"l":"en","zz":"new field","t":"2026-11-25T02:00:00Z"}`, 0).Err(); err != nil {
			t.Fatal(err)
		}
		got, ok, err := st.load(ctx, 600)
		if err != nil || !ok {
			t.Fatalf("load = ok %v, err %v", ok, err)
		}
		if got.V != 2 || got.Lang != "en" {
			t.Errorf("got %+v", got)
		}
	})
}

func TestSessionStore_prefixesIsolate(t *testing.T) {
	t.Parallel()
	c, prefix := redistest.New(t)
	a := NewSessionStore(c, prefix+"a:", time.Hour)
	b := NewSessionStore(c, prefix+"b:", time.Hour)
	ctx := t.Context()

	if err := a.save(ctx, 1, registration()); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := b.load(ctx, 1); ok || err != nil {
		t.Errorf("b sees a's session: ok %v, err %v", ok, err)
	}
	if err := b.save(ctx, 1, engine.Session{V: 1, Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	got, ok, err := a.load(ctx, 1)
	if err != nil || !ok {
		t.Fatalf("a lost its session: ok %v, err %v", ok, err)
	}
	if d := cmp.Diff(registration(), got); d != "" {
		t.Errorf("a's session changed (-want +got):\n%s", d)
	}
}

func TestConnect(t *testing.T) {
	t.Parallel()
	c, err := Connect(t.Context(), redistest.URL(t))
	if err != nil {
		t.Fatalf("Connect: %v", err)
	}
	defer c.Close()
	opt := c.Options()
	if opt.DialTimeout != dialTimeout || opt.ReadTimeout != readTimeout || opt.WriteTimeout != writeTimeout || opt.MaxRetries != maxRetries {
		t.Errorf("timeouts: dial %v read %v write %v retries %d", opt.DialTimeout, opt.ReadTimeout, opt.WriteTimeout, opt.MaxRetries)
	}

	c2, err := newClient("redis://127.0.0.1:6379/0?read_timeout=3s&max_retries=4")
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	if got := c2.Options(); got.ReadTimeout != 3*time.Second || got.MaxRetries != 4 {
		t.Errorf("URL's settings ignored: read %v, retries %d", got.ReadTimeout, got.MaxRetries)
	}
}

func TestConnect_errorsHideThePassword(t *testing.T) {
	t.Parallel()
	for _, u := range []string{
		"redis://:hunter2@[::1",
		"http://:hunter2@127.0.0.1:6379",
		"redis://:hunter2@127.0.0.1:6379/notanumber",
		"redis://user:hunter2@127.0.0.1:1/0", // closed port: fails at the ping
	} {
		_, err := Connect(t.Context(), u)
		if err == nil {
			t.Errorf("Connect(%q) succeeded", u)
			continue
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("error shows the password: %v", err)
		}
	}
}

// TestOutageFailsFast points clients at a closed port and at a server that
// accepts but never answers: Begin and Finish must return errors, not hang
// a chat. The deadline is generous; a hang would blow it.
func TestOutageFailsFast(t *testing.T) {
	t.Parallel()

	closed := func(t *testing.T) string {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		return addr
	}
	silent := func(t *testing.T) string {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		var (
			mu    sync.Mutex
			conns []net.Conn
		)
		go func() {
			for {
				conn, err := l.Accept()
				if err != nil {
					return
				}
				mu.Lock()
				conns = append(conns, conn) // hold it open, say nothing
				mu.Unlock()
			}
		}()
		t.Cleanup(func() {
			l.Close()
			mu.Lock()
			defer mu.Unlock()
			for _, c := range conns {
				c.Close()
			}
		})
		return l.Addr().String()
	}

	for _, srv := range []struct {
		name string
		addr func(*testing.T) string
	}{{"closed port", closed}, {"silent server", silent}} {
		t.Run(srv.name, func(t *testing.T) {
			t.Parallel()
			c, err := newClient("redis://" + srv.addr(t) + "/0")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { c.Close() })
			st := NewSessionStore(c, "x:", time.Hour)

			ops := map[string]func(context.Context) error{
				"Begin": func(ctx context.Context) error {
					_, err := st.Begin(ctx, 1, 1)
					return err
				},
				"Finish": func(ctx context.Context) error {
					sess := registration()
					return st.Finish(ctx, 1, Turn{}, &sess)
				},
			}
			for name, op := range ops {
				done := make(chan error, 1)
				go func() { done <- op(context.Background()) }() // no ctx deadline: the client's own timeouts must act
				select {
				case err := <-done:
					if err == nil {
						t.Errorf("%s succeeded without Redis", name)
					} else if errors.Is(err, goredis.Nil) {
						t.Errorf("%s: %v looks like a missing key", name, err)
					}
				case <-time.After(15 * time.Second):
					t.Fatalf("%s still waiting after 15s: an outage would hang the chat", name)
				}
			}
		})
	}
}

func BenchmarkSessionEncodeDecode(b *testing.B) {
	s := registration()
	b.ReportAllocs()
	for b.Loop() {
		enc, err := encodeSession(s)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := decodeSession(enc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSealedSessionEncodeDecode is the same with sealing, as the bot
// runs: the price of keeping an unfinished form sealed in Redis.
func BenchmarkSealedSessionEncodeDecode(b *testing.B) {
	st := NewSessionStore(nil, "", time.Hour).SealWith(seal.Dev())
	s := registration()
	b.ReportAllocs()
	for b.Loop() {
		enc, err := st.encode(41, s)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := st.decode(41, enc); err != nil {
			b.Fatal(err)
		}
	}
}

func TestSealedSessions(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	c, prefix := redistest.New(t)
	st := NewSessionStore(c, prefix, time.Hour).SealWith(seal.Dev())
	const chat = 41

	t.Run("a_sealed_session_round_trips_and_hides_the_form", func(t *testing.T) {
		want := registration()
		if err := st.save(ctx, chat, want); err != nil {
			t.Fatal(err)
		}
		raw, err := c.Get(ctx, st.key(chat)).Bytes()
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range []string{"1302034501880001", "6281266012345", "Siti", "reg.summary"} {
			if strings.Contains(string(raw), v) {
				t.Errorf("Redis holds %q in the clear", v)
			}
		}
		if len(raw) >= 2048 {
			t.Errorf("a sealed full registration is %d bytes, want < 2048", len(raw))
		}
		got, ok, err := st.load(ctx, chat)
		if err != nil || !ok {
			t.Fatalf("Load = %v, %v", ok, err)
		}
		if d := cmp.Diff(want.Answers, got.Answers); d != "" {
			t.Errorf("answers (-want +got):\n%s", d)
		}
		turn, err := st.Begin(ctx, chat, 0)
		if err != nil || !turn.Found || turn.Session.Answers["nik"] != want.Answers["nik"] {
			t.Fatalf("Begin found %v, nik %q, %v", turn.Found, turn.Session.Answers["nik"], err)
		}
		if err := st.Finish(ctx, chat, turn, &turn.Session); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("a_session_moved_to_another_chat_does_not_open", func(t *testing.T) {
		if err := st.save(ctx, chat+1, registration()); err != nil {
			t.Fatal(err)
		}
		raw, err := c.Get(ctx, st.key(chat+1)).Bytes()
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Set(ctx, st.key(chat+2), raw, time.Hour).Err(); err != nil {
			t.Fatal(err)
		}
		before := st.Undecodable()
		if _, ok, err := st.load(ctx, chat+2); ok || err != nil {
			t.Fatalf("another chat's session loaded: %v, %v", ok, err)
		}
		if st.Undecodable() != before+1 {
			t.Error("the foreign session was not counted as undecodable")
		}
	})

	t.Run("a_plain_session_from_before_still_loads", func(t *testing.T) {
		plain := NewSessionStore(c, prefix, time.Hour)
		if err := plain.save(ctx, chat+3, registration()); err != nil {
			t.Fatal(err)
		}
		got, ok, err := st.load(ctx, chat+3)
		if err != nil || !ok || got.Answers["nik"] != "1302034501880001" {
			t.Fatalf("plain session through a sealing store: %v, %v, %v", ok, err, got.Answers["nik"])
		}
		// And a store without keys starts afresh on a sealed one.
		if _, ok, err := plain.load(ctx, chat); ok || err != nil {
			t.Fatalf("a sealed session loaded without keys: %v, %v", ok, err)
		}
	})
}
