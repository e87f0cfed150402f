package bot_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/jaganagari/jaganagari/internal/botapi"
	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/redis"
	"github.com/jaganagari/jaganagari/internal/seal"
)

// fill walks user through the registration up to the summary, as a person
// would: tapping buttons, typing answers, sharing the contact. It stops
// early after the step named by until ("" for the whole way).
func fill(h *harness, user int64, nik, until string) {
	h.t.Helper()
	h.say(user, "/start")
	h.expect(user, "welcome")
	m := h.expect(user, "menu.ask")
	h.press(user, m, "menu.register")
	m = h.expect(user, "reg.consent.ask")
	h.press(user, m, "reg.consent.agree")
	h.expect(user, "reg.nik.ask")
	h.say(user, nik)
	m = h.expect(user, "reg.identity.ask")
	h.press(user, m, "reg.identity.yes")
	h.expect(user, "reg.name.ask")
	h.say(user, "siti RAHMAH")
	h.expect(user, "reg.address.ask")
	if until == "address" {
		return
	}
	h.say(user, "Jorong Koto Baru, Jl. Raya Solok No. 12")
	m = h.expect(user, "reg.kecamatan.ask")
	h.press(user, m, "Lembah Gumanti")
	m = h.expect(user, "reg.nagari.ask")
	h.press(user, m, "Alahan Panjang")
	m = h.expect(user, "reg.occupation.ask")
	h.press(user, m, "occupation.petani")
	phone := h.expect(user, "reg.phone.ask")
	if phone.Keyboard == nil || !phone.Keyboard.Keyboard[0][0].RequestContact {
		h.t.Fatalf("phone question has no share-contact button: %+v", phone.Keyboard)
	}
	if _, err := h.api.ShareContact(user); err != nil {
		h.t.Fatal(err)
	}
	if saved := h.expect(user, "reg.phone.saved"); !saved.RemoveKeyboard {
		h.t.Error("reply keyboard not removed after the number was shared")
	}
	h.expect(user, "reg.mother.ask")
	h.say(user, "rosmaniar")
	h.expect(user, "reg.heir.name_ask")
	h.say(user, "Budi Santoso")
	m = h.expect(user, "reg.heir.relation_ask")
	h.press(user, m, "relation.pasangan")
}

func rows(t *testing.T, h *harness, where string, args ...any) int {
	t.Helper()
	var n int
	if err := h.pool.QueryRow(t.Context(), "select count(*) from registrations "+where, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRegistrationThroughTelegram(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	user := h.user(1001)
	fill(h, user, "1302044505800001", "")
	summary := h.expect(user, "reg.summary.ask")
	if !strings.Contains(summary.Text, "Siti Rahmah") || !strings.Contains(summary.Text, "5 Mei 1980") || !strings.Contains(summary.Text, "Alahan Panjang") {
		t.Errorf("summary lacks answers: %q", summary.Text)
	}
	h.press(user, summary, "reg.summary.submit")
	done := h.expect(user, "reg.done")
	h.expect(user, "menu.ask")

	var number, name, keyID, nagari, status string
	var sealedPhone []byte
	err := h.pool.QueryRow(t.Context(), `select number, name, key_id, phone_sealed, nagari_code, status from registrations where chat_id = $1`, user).
		Scan(&number, &name, &keyID, &sealedPhone, &nagari, &status)
	if err != nil {
		t.Fatal(err)
	}
	phone, err := seal.Dev().Open(keyID, postgres.FieldPhone, sealedPhone)
	if err != nil {
		t.Fatal(err)
	}
	if name != "Siti Rahmah" || phone != "+6281234567000" || nagari != "13.02.04.2001" || status != "menunggu_verifikasi" {
		t.Errorf("stored %q %q %q %q", name, phone, nagari, status)
	}
	if !strings.Contains(done.Text, number) {
		t.Errorf("worker not told the number %s: %q", number, done.Text)
	}
	if n := rows(t, h, ""); n != 1 {
		t.Errorf("%d registrations, want 1", n)
	}

	// Every button press is answered, so no spinner is left turning: fill
	// and the summary pressed eight buttons.
	if answers := len(h.api.CallsTo("answerCallbackQuery")); answers != 8 {
		t.Errorf("%d callback answers for 8 presses", answers)
	}

	h.say(user, "/status")
	st := h.expect(user, "status.show")
	if !strings.Contains(st.Text, number) {
		t.Errorf("status lacks the number: %q", st.Text)
	}
}

func TestRestartMidConversationContinues(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	user := h.user(1002)
	fill(h, user, "1302044505800002", "address")
	h.stop()
	h.start() // a new process: only Redis and Postgres remember
	h.say(user, "Jorong Koto Baru")
	m := h.expect(user, "reg.kecamatan.ask")
	h.press(user, m, "Lembah Gumanti")
	h.expect(user, "reg.nagari.ask")
}

// idsFrom numbers a Bot API's updates from a chosen id on. The server
// calls it with its lock held.
type idsFrom struct{ last int64 }

func (c *idsFrom) NextUpdateID() (int64, error) {
	c.last++
	return c.last, nil
}

// Telegram numbers a bot's updates afresh, from a random id, after a week
// without any, and the simulator's Bot API once counted from 1 again after
// every restart. A chat the bot knows is answered at once all the same.
func TestKnownChatIsAnsweredWhenUpdateIDsStartOverLower(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.api.NumberUpdatesWith(&idsFrom{last: 900_000_000})
	user := h.user(1003)
	fill(h, user, "1302044505800003", "address")

	h.stop()
	api := botapi.New(token) // a new Bot API: its update ids start at 1
	ts := httptest.NewServer(api)
	t.Cleanup(func() { api.Close(); ts.Close() })
	h.api, h.apiURL = api, ts.URL
	h.user(user)
	h.seen[user] = 0
	h.start()

	h.say(user, "Jorong Koto Baru")
	m := h.expect(user, "reg.kecamatan.ask")
	h.press(user, m, "Lembah Gumanti")
	h.expect(user, "reg.nagari.ask")
}

func TestSubmitPressedTwiceRecordsOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	user := h.user(1003)
	fill(h, user, "1302044505800003", "")
	summary := h.expect(user, "reg.summary.ask")
	data := h.button(summary, "reg.summary.submit")
	// Both presses reach the bot before it removes the buttons.
	for range 2 {
		if _, err := h.api.PressButton(user, summary.ID, data); err != nil {
			t.Fatal(err)
		}
	}
	h.expect(user, "reg.done")
	h.expect(user, "menu.ask")
	h.expect(user, "button.stale")
	h.expect(user, "menu.ask")
	if n := rows(t, h, "where chat_id = $1", user); n != 1 {
		t.Fatalf("%d registrations, want 1", n)
	}
}

func TestRedisFlushedMidFormLosesNothingSubmitted(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	done, busy := h.user(1004), h.user(1005)
	fill(h, done, "1302044505800004", "")
	h.press(done, h.expect(done, "reg.summary.ask"), "reg.summary.submit")
	h.expect(done, "reg.done")
	h.expect(done, "menu.ask")
	fill(h, busy, "1302044505800005", "address")
	h.say(busy, "Jorong Koto Baru")
	kec := h.expect(busy, "reg.kecamatan.ask")

	// What a FLUSHDB does to this bot: every session key is gone.
	keys, err := h.rdb.Keys(t.Context(), h.prefix+"*").Result()
	if err != nil || len(keys) == 0 {
		t.Fatalf("keys %v, err %v", keys, err)
	}
	if err := h.rdb.Del(t.Context(), keys...).Err(); err != nil {
		t.Fatal(err)
	}

	h.press(busy, kec, "Lembah Gumanti")
	h.expect(busy, "session.lost")
	h.expect(busy, "menu.ask")
	if n := rows(t, h, "where chat_id = $1", done); n != 1 {
		t.Fatalf("submitted registration lost: %d rows", n)
	}
	h.say(done, "/status")
	h.expect(done, "status.show")
}

func TestPostgresDownAtSubmitKeepsTheFormAndRetrySucceeds(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	// The bot reaches Postgres through a proxy the test can cut.
	cfg := h.pool.Config().Copy()
	proxy := newTCPProxy(t, cfg.ConnConfig.Host+":"+itoa(int(cfg.ConnConfig.Port)))
	host, port := splitHostPort(t, proxy.ln.Addr().String())
	cfg.ConnConfig.Host, cfg.ConnConfig.Port = host, port
	cfg.ConnConfig.ConnectTimeout = 2e9
	proxied, err := pgxNewPool(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(proxied.Close)
	h.stop()
	h.records = postgres.NewStore(proxied, seal.Dev())
	h.start()

	user := h.user(1006)
	fill(h, user, "1302044505800006", "")
	summary := h.expect(user, "reg.summary.ask")
	proxy.setDown(true)
	h.press(user, summary, "reg.summary.submit")
	h.expect(user, "reg.submit.failed")
	again := h.expect(user, "reg.summary.ask")
	if n := rows(t, h, ""); n != 0 {
		t.Fatalf("%d rows written during the outage", n)
	}
	proxy.setDown(false)
	h.press(user, again, "reg.summary.submit")
	h.expect(user, "reg.done")
	if n := rows(t, h, ""); n != 1 {
		t.Fatalf("%d rows after the retry, want 1", n)
	}
}

func TestBadInputGetsAPoliteAnswer(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	user := h.user(1007)
	fill(h, user, "1302044505800007", "address")
	if _, err := h.api.SendSticker(user); err != nil {
		t.Fatal(err)
	}
	h.expect(user, "input.type_text")
	h.expect(user, "reg.address.ask")
	h.say(user, strings.Repeat("panjang ", 500))
	h.expect(user, "input.too_long")
	h.expect(user, "reg.address.ask")
	if _, err := h.api.SendVoice(user); err != nil {
		t.Fatal(err)
	}
	h.expect(user, "input.type_text")
	h.expect(user, "reg.address.ask")
	h.say(user, "/foo")
	h.expect(user, "command.unknown")
	h.expect(user, "reg.address.ask")
}

func TestLanguageIsRemembered(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	user := h.user(1008)
	h.say(user, "/bahasa")
	ctx, cancel := context.WithTimeout(t.Context(), 10e9)
	defer cancel()
	en, err := h.render.Text("en", "lang.changed", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.api.WaitMessage(ctx, user, func(m botapiMessage) bool { return m.Text == en }); err != nil {
		t.Fatalf("no English confirmation: %v\n%s", err, h.dump(user))
	}
}

func TestWorkerSeesAndErasesTheirData(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	user := h.user(1009)
	fill(h, user, "1302044505800009", "")
	h.press(user, h.expect(user, "reg.summary.ask"), "reg.summary.submit")
	h.expect(user, "reg.done")
	h.expect(user, "menu.ask")

	h.say(user, "/dataku")
	data := h.expect(user, "privacy.show")
	for _, want := range []string{"1302044505800009", "Siti Rahmah", "+6281234567000", "Alahan Panjang", "Budi Santoso"} {
		if !strings.Contains(data.Text, want) {
			t.Errorf("/dataku does not show %q", want)
		}
	}
	h.expect(user, "menu.ask")

	h.say(user, "/hapus")
	h.press(user, h.expect(user, "privacy.erase.ask"), "privacy.erase.yes")
	h.expect(user, "privacy.erase.done")
	if n := rows(t, h, "where chat_id = $1", user); n != 0 {
		t.Fatalf("%d registrations left after /hapus", n)
	}
	var notices int
	var nik string
	if err := h.pool.QueryRow(t.Context(), `select count(*), coalesce(max(data::text), '') from outbox where kind = 'registration.erased'`).Scan(&notices, &nik); err != nil {
		t.Fatal(err)
	}
	if notices != 1 || strings.Contains(nik, "1302044505800009") || strings.Contains(nik, "Siti") {
		t.Errorf("staff notice: %d rows, data %s", notices, nik)
	}
}

func TestRedisOutageIsExplainedAndHealsItself(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	proxy := newTCPProxy(t, h.rdb.Options().Addr)
	proxied := goredis.NewClient(&goredis.Options{
		Addr: proxy.ln.Addr().String(), DialTimeout: time.Second, ReadTimeout: time.Second, WriteTimeout: time.Second,
		MaxRetries: -1,
	})
	t.Cleanup(func() { proxied.Close() })
	h.stop()
	h.sessions = redis.NewSessionStore(proxied, h.prefix, time.Hour).SealWith(seal.Dev())
	h.start()

	user := h.user(1010)
	h.say(user, "/start")
	h.expect(user, "welcome")
	h.expect(user, "menu.ask")
	proxy.setDown(true)
	h.say(user, "/daftar")
	h.expect(user, "error.unavailable")
	proxy.setDown(false)
	h.say(user, "/daftar")
	h.expect(user, "reg.consent.ask")
}

func TestErasureWaitsForAnOpenClaim(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	user := h.user(1011)
	fill(h, user, "1302044505800010", "")
	h.press(user, h.expect(user, "reg.summary.ask"), "reg.summary.submit")
	h.expect(user, "reg.done")
	h.expect(user, "menu.ask")
	var regID int64
	if err := h.pool.QueryRow(t.Context(), `select id from registrations where chat_id = $1`, user).Scan(&regID); err != nil {
		t.Fatal(err)
	}
	report := seedReport(h, "JKK-2026-000099", "jkk", "13.02.04.2001", user, "ditindaklanjuti")
	if _, err := h.pool.Exec(t.Context(), `update reports set registration_id = $1 where id = $2`, regID, report); err != nil {
		t.Fatal(err)
	}

	// Warned before any question, the report named: confirming would
	// erase nothing.
	h.say(user, "/hapus")
	warned := h.expect(user, "guidance.erase.open_claim")
	if !strings.Contains(warned.Text, "JKK-2026-000099") || warned.ReplyMarkup != nil {
		t.Errorf("warning %q (buttons %+v), want the report named and no question", warned.Text, warned.ReplyMarkup)
	}
	h.expect(user, "menu.ask")
	if n := rows(t, h, "where chat_id = $1", user); n != 1 {
		t.Fatalf("record erased while its claim is open: %d rows", n)
	}

	if _, err := h.pool.Exec(t.Context(), `update reports set stage = 'selesai' where id = $1`, report); err != nil {
		t.Fatal(err)
	}
	h.say(user, "/hapus")
	h.press(user, h.expect(user, "privacy.erase.ask"), "privacy.erase.yes")
	h.expect(user, "privacy.erase.done")
	if n := rows(t, h, "where chat_id = $1", user); n != 0 {
		t.Fatalf("%d rows after the claim was settled", n)
	}
}
