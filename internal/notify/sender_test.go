package notify_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"golang.org/x/time/rate"

	"github.com/jaganagari/jaganagari/internal/botapi"
	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/notify"
	"github.com/jaganagari/jaganagari/internal/postgres"
)

func TestNoticesReachTheRightPeople(t *testing.T) {
	t.Parallel()

	t.Run("nagari_staff_and_group_get_a_registration_masked", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		a, b := e.staff(501, "petugas_nagari", nagari), e.staff(502, "petugas_nagari", nagari)
		other := e.staff(503, "petugas_nagari", "13.02.04.2002")
		officer := e.staff(504, "petugas_kecamatan", kecamatan)
		if err := e.api.AddGroup(-100500, "Nagari Alahan Panjang"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.pool.Exec(t.Context(), `insert into nagari_groups (nagari_code, chat_id, linked_by) values ($1, -100500, 0)`, nagari); err != nil {
			t.Fatal(err)
		}
		number := e.register(9001)
		e.drain(e.sender())
		for _, c := range []int64{a, b, -100500} {
			texts := e.texts(c)
			if len(texts) != 1 || !strings.Contains(texts[0], number) || !strings.Contains(texts[0], "1302********0001") ||
				strings.Contains(texts[0], "1302041203850001") {
				t.Errorf("chat %d got %q", c, texts)
			}
		}
		msgs := e.api.Chat(a)
		if kb := msgs[len(msgs)-1].ReplyMarkup; kb == nil || !strings.HasPrefix(kb.InlineKeyboard[0][0].CallbackData, "staff.reg|") {
			t.Errorf("staff notice has no staff.reg button: %+v", kb)
		}
		if g := e.api.Chat(-100500); g[len(g)-1].ReplyMarkup != nil {
			t.Error("the group got buttons")
		}
		if len(e.texts(other)) != 0 || len(e.texts(officer)) != 0 {
			t.Error("staff of another nagari, or the kecamatan, got a notice their nagari's staff handle")
		}
	})

	t.Run("no_nagari_staff_escalates_to_kecamatan_then_regency", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		admin := e.staff(601, "admin_kabupaten", "")
		e.register(9002)
		e.drain(e.sender())
		if texts := e.texts(admin); len(texts) != 1 || !strings.Contains(texts[0], "Alahan Panjang") {
			t.Errorf("admin got %q, want the notice with the escalation note", texts)
		}
		officer := e.staff(602, "petugas_kecamatan", kecamatan)
		e.register(9003)
		e.drain(e.sender())
		if len(e.texts(officer)) != 1 || len(e.texts(admin)) != 1 {
			t.Errorf("kecamatan officer got %d, admin %d; want the officer only", len(e.texts(officer)), len(e.texts(admin)))
		}
	})

	t.Run("nobody_at_all_holds_the_notice_until_someone_exists", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.register(9004)
		c := &clock{t: time.Now()}
		s := e.sender(func(o *notify.Options) { o.Now = c.Now })
		if _, err := s.RunOnce(t.Context()); err != nil {
			t.Fatal(err)
		}
		var fanAfter *time.Time
		if err := e.pool.QueryRow(t.Context(), `select fan_after from outbox`).Scan(&fanAfter); err != nil || fanAfter == nil {
			t.Fatalf("notice not held: %v %v", fanAfter, err)
		}
		admin := e.staff(701, "admin_kabupaten", "")
		c.Set(c.Now().Add(6 * time.Minute))
		e.drain(s)
		if len(e.texts(admin)) != 1 {
			t.Errorf("admin got %d notices after joining", len(e.texts(admin)))
		}
	})

	t.Run("blocked_staff_is_marked_and_the_notice_goes_up", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		a := e.staff(801, "petugas_nagari", nagari)
		officer := e.staff(802, "petugas_kecamatan", kecamatan)
		if err := e.api.BlockBy(a); err != nil {
			t.Fatal(err)
		}
		e.register(9005)
		e.drain(e.sender())
		if len(e.texts(officer)) != 1 {
			t.Fatalf("officer got %d notices, want the one the blocked officer could not get", len(e.texts(officer)))
		}
		var blocked bool
		if err := e.pool.QueryRow(t.Context(), `select blocked_at is not null from staff where chat_id = $1`, a).Scan(&blocked); err != nil || !blocked {
			t.Errorf("blocked staff not marked: %v", err)
		}
		calls := len(e.api.CallsTo("sendMessage"))
		e.register(9006)
		e.drain(e.sender())
		if got := len(e.api.CallsTo("sendMessage")) - calls; got != 1 || len(e.texts(officer)) != 2 {
			t.Errorf("next notice: %d calls, officer has %d; want straight to the officer", got, len(e.texts(officer)))
		}
	})

	t.Run("workers_hear_of_status_changes_in_their_language", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		worker := int64(9007)
		if err := e.api.AddUser(botapi.User{ID: worker, FirstName: "Rajo"}); err != nil {
			t.Fatal(err)
		}
		number := e.register(worker)
		if _, err := e.store.Apply(t.Context(), worker, []engine.Effect{engine.SaveLanguage{Lang: "en"}}); err != nil {
			t.Fatal(err)
		}
		officer := e.staff(9008, "petugas_nagari", nagari)
		var id int64
		if err := e.pool.QueryRow(t.Context(), `select id from registrations`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		res, err := e.store.Apply(t.Context(), officer, []engine.Effect{engine.DecideRegistration{ID: id, Reason: "NIK tidak cocok dengan KK"}})
		if err != nil || res[0].Err != "" {
			t.Fatal(err, res)
		}
		e.drain(e.sender())
		texts := e.texts(worker)
		if len(texts) != 1 || !strings.Contains(texts[0], number) || !strings.Contains(texts[0], "could not be accepted") ||
			!strings.Contains(texts[0], "NIK tidak cocok") {
			t.Errorf("worker got %q", texts)
		}
	})
}

// TestTwoSendersDeliverEachNoticeOnce runs two senders on one outbox.
func TestTwoSendersDeliverEachNoticeOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	staff := []int64{e.staff(1101, "petugas_nagari", nagari), e.staff(1102, "petugas_nagari", nagari), e.staff(1103, "petugas_nagari", nagari)}
	var numbers []string
	for i := range 20 {
		numbers = append(numbers, e.register(int64(2000+i)))
	}
	c := newCounter()
	opts := func(o *notify.Options) { o.OnDone = c.done; o.Batch = 4 }
	stop1, stop2 := run(e.sender(opts)), run(e.sender(opts))
	c.waitSent(t, len(numbers)*len(staff), time.Minute)
	stop1()
	stop2()
	for _, s := range staff {
		texts := e.texts(s)
		if len(texts) != len(numbers) {
			t.Errorf("staff %d got %d notices, want %d", s, len(texts), len(numbers))
		}
		for _, n := range numbers {
			if got := countContaining(texts, n); got != 1 {
				t.Errorf("staff %d got %s %d times", s, n, got)
			}
		}
	}
}

func countContaining(texts []string, s string) int {
	n := 0
	for _, t := range texts {
		if strings.Contains(t, s) {
			n++
		}
	}
	return n
}

// TestRetryAfterIsHonoured: Telegram answers 429 retry_after=1; the next
// attempt must come at least a second later. The requirement is a minimum
// wait, so this one test measures real time.
func TestRetryAfterIsHonoured(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.staff(1201, "petugas_nagari", nagari)
	e.api.FailNext("sendMessage", 1, 429, 1)
	c := newCounter()
	stop := run(e.sender(func(o *notify.Options) { o.OnDone = c.done }))
	e.register(9101)
	c.waitSent(t, 1, 30*time.Second)
	stop()
	calls := e.api.CallsTo("sendMessage")
	if len(calls) != 2 || calls[0].Status != 429 || !calls[1].OK() {
		t.Fatalf("calls: %d, want a 429 then a success", len(calls))
	}
	if gap := calls[1].At.Sub(calls[0].At); gap < time.Second {
		t.Errorf("retried after %v, before retry_after", gap)
	}
	if len(e.texts(a)) != 1 {
		t.Error("not delivered")
	}
}

// TestPacingPerChat sends 300 notices to 3 chats (100 notices, each to
// the nagari's three staff) with two senders, and measures the spacing of
// each chat's messages from the fake server's timestamps. Telegram's limit
// is 1 message/s per chat; at that rate the test would take 100 s, so the
// gap is scaled down to 20 ms (and the 30/s global limit up by as much):
// the assertion is that no two messages to one chat are closer than the
// gap, whatever its scale.
func TestPacingPerChat(t *testing.T) {
	t.Parallel()
	const gap = 20 * time.Millisecond
	e := newEnv(t)
	staff := []int64{e.staff(1301, "petugas_nagari", nagari), e.staff(1302, "petugas_nagari", nagari), e.staff(1303, "petugas_nagari", nagari)}
	e.tx(func(tx pgx.Tx) error {
		for i := range 100 {
			err := postgres.Enqueue(t.Context(), tx, postgres.Notice{
				Kind: "registration.submitted", NagariCode: nagari, Msg: "notify.registration",
				Data: map[string]string{"Number": fmt.Sprintf("REG-2026-%06d", i), "NIK": "1302********0001", "Name": "Rajo"},
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	c := newCounter()
	opts := func(o *notify.Options) {
		o.OnDone = c.done
		o.ChatGap = gap
		o.Rate = rate.Limit(30 * rateScale(time.Second, gap))
	}
	stop1, stop2 := run(e.sender(opts)), run(e.sender(opts))
	c.waitSent(t, 300, 2*time.Minute)
	stop1()
	stop2()
	at := map[int64][]time.Time{}
	for _, call := range e.api.CallsTo("sendMessage") {
		var chat int64
		if err := call.Decode("chat_id", &chat); err != nil {
			t.Fatal(err)
		}
		at[chat] = append(at[chat], call.At)
	}
	for _, s := range staff {
		times := at[s]
		if len(times) != 100 {
			t.Errorf("chat %d got %d messages", s, len(times))
		}
		slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
		for i := 1; i < len(times); i++ {
			if d := times[i].Sub(times[i-1]); d < gap {
				t.Errorf("chat %d: messages %d and %d only %v apart, want at least %v", s, i-1, i, d, gap)
			}
		}
	}
}

func rateScale(real, scaled time.Duration) float64 { return float64(real) / float64(scaled) }

// TestStoppedSenderLeavesNothingUndeliveredOrDoubled stops a sender in the
// middle of its work and starts another.
func TestStoppedSenderLeavesNothingUndeliveredOrDoubled(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	staff := []int64{e.staff(1401, "petugas_nagari", nagari), e.staff(1402, "petugas_nagari", nagari)}
	var numbers []string
	for i := range 15 {
		numbers = append(numbers, e.register(int64(3000+i)))
	}
	total := len(numbers) * len(staff)

	// The first sender is stopped after about a third; what it had
	// claimed it finishes and records before Run returns.
	first := newCounter()
	ctx, cancel := context.WithCancel(context.Background())
	var once sync.Once
	s1 := e.sender(func(o *notify.Options) {
		o.Batch = 3
		o.OnDone = func(out notify.Outcome) {
			first.done(out)
			first.mu.Lock()
			n := first.sent
			first.mu.Unlock()
			if n >= total/3 {
				once.Do(cancel)
			}
		}
	})
	done := make(chan struct{})
	go func() { defer close(done); s1.Run(ctx) }()
	<-done
	if first.sent == 0 || first.sent >= total {
		t.Fatalf("first sender sent %d of %d: not stopped mid-way", first.sent, total)
	}
	var sending int
	if err := e.pool.QueryRow(t.Context(), `select count(*) from outbox_delivery where state = 'sending'`).Scan(&sending); err != nil || sending != 0 {
		t.Fatalf("%d deliveries left 'sending' by a clean stop (%v)", sending, err)
	}

	second := newCounter()
	stop := run(e.sender(func(o *notify.Options) { o.OnDone = second.done }))
	second.waitSent(t, total-first.sent, time.Minute)
	stop()
	for _, s := range staff {
		for _, n := range numbers {
			if got := countContaining(e.texts(s), n); got != 1 {
				t.Errorf("staff %d got %s %d times", s, n, got)
			}
		}
	}
}

// crashingQueue loses the "sent" mark of one delivery, as a process killed
// right after Telegram accepted the message would.
type crashingQueue struct {
	notify.Queue
	mu      sync.Mutex
	crashed bool
}

func (q *crashingQueue) Sent(ctx context.Context, d postgres.Delivery, parts int, at time.Time) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.crashed {
		q.crashed = true
		return errors.New("killed before marking")
	}
	return q.Queue.Sent(ctx, d, parts, at)
}

// TestCrashBetweenSendAndMarkResendsAfterTheLease documents the guarantee
// chosen for the one window no design closes (see the package doc): the
// delivery whose mark was lost is sent again after the lease, the others
// exactly once.
func TestCrashBetweenSendAndMarkResendsAfterTheLease(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.staff(1501, "petugas_nagari", nagari)
	var numbers []string
	for i := range 3 {
		numbers = append(numbers, e.register(int64(4000+i)))
	}
	c := &clock{t: time.Now()}
	crashed := e.sender(func(o *notify.Options) { o.Now = c.Now; o.Queue = &crashingQueue{Queue: e.outbox}; o.Batch = 1 })
	if _, err := crashed.RunOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	restarted := e.sender(func(o *notify.Options) { o.Now = c.Now })
	// Before the lease the lost delivery stays with its dead sender.
	for range 4 {
		c.Set(c.Now().Add(2 * time.Second))
		if _, err := restarted.RunOnce(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	if got := countContaining(e.texts(a), numbers[0]); got != 1 {
		t.Fatalf("before the lease: %s seen %d times", numbers[0], got)
	}
	c.Set(c.Now().Add(notify.DefaultLease))
	for e.open() > 0 {
		c.Set(c.Now().Add(2 * time.Second))
		if _, err := restarted.RunOnce(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	if got := countContaining(e.texts(a), numbers[0]); got != 2 {
		t.Errorf("the notice whose mark was lost was seen %d times, want 2 (at least once)", got)
	}
	for _, n := range numbers[1:] {
		if got := countContaining(e.texts(a), n); got != 1 {
			t.Errorf("%s seen %d times", n, got)
		}
	}
}

func TestReportNoticeCarriesPhotosAndNotTheInjury(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.staff(1601, "petugas_nagari", nagari)
	reporter := int64(1602)
	if err := e.api.AddUser(botapi.User{ID: reporter, FirstName: "Budi"}); err != nil {
		t.Fatal(err)
	}
	e.register(1603)
	// Real file_ids: photos the reporter sent to the bot.
	var photos []string
	for range 2 {
		u, err := e.api.SendPhoto(reporter, "")
		if err != nil {
			t.Fatal(err)
		}
		photos = append(photos, u.Message.Photo[len(u.Message.Photo)-1].FileID)
	}
	res, err := e.store.Apply(t.Context(), reporter, []engine.Effect{engine.SubmitReport{Key: "jkk-1", Report: domain.Report{
		Kind: domain.ReportJKK, SubjectNIK: "1302041203850001", Registered: true,
		Date: domain.Today(time.Now()), Clock: "pagi", Place: "Sawah di Jorong Koto Baru",
		Description: "Terjatuh dari pematang sawah", Injury: "Kaki kiri patah", Treatment: "puskesmas",
		Photos: photos, ReporterName: "Budi Santoso", ReporterRelation: "tetangga", ReporterPhone: "+6281234567890",
	}}})
	if err != nil || res[0].Err != "" {
		t.Fatal(err, res)
	}
	e.drain(e.sender())
	texts := e.texts(a)
	report := texts[len(texts)-1]
	if !strings.Contains(report, engine.AnswerOf[engine.SubmitReport](&res[0]).Number) || strings.Contains(report, "patah") || !strings.Contains(report, "1302********0001") {
		t.Errorf("report notice: %q", report)
	}
	if n := len(e.api.CallsTo("sendMediaGroup")); n != 1 {
		t.Errorf("%d albums sent, want the two photos as one", n)
	}
	msgs := e.api.Chat(a)
	if kb := msgs[len(msgs)-3].ReplyMarkup; kb == nil || !strings.HasPrefix(kb.InlineKeyboard[0][0].CallbackData, "staff.rep|") {
		t.Errorf("report notice has no staff.rep button")
	}
}

// TestAccidentDeadline drives the 24-hour reminder and the 44-hour
// escalation with a test clock: no sleeping.
func TestAccidentDeadline(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.staff(1701, "petugas_nagari", nagari)
	officer := e.staff(1702, "petugas_kecamatan", kecamatan)
	admin := e.staff(1703, "admin_kabupaten", "")
	reporter := int64(1704)
	if err := e.api.AddUser(botapi.User{ID: reporter, FirstName: "Budi"}); err != nil {
		t.Fatal(err)
	}
	e.register(1705)
	submit := func(key string) string {
		res, err := e.store.Apply(t.Context(), reporter, []engine.Effect{engine.SubmitReport{Key: key, Report: domain.Report{
			Kind: domain.ReportJKK, SubjectNIK: "1302041203850001", Registered: true,
			Date: domain.Today(time.Now()), Clock: "pagi", Place: "Sawah",
			Description: "Terjatuh dari pematang sawah", Injury: "Memar", Treatment: "rumah",
			ReporterName: "Budi Santoso", ReporterRelation: "tetangga", ReporterPhone: "+6281234567890",
		}}})
		if err != nil || res[0].Err != "" {
			t.Fatal(err, res)
		}
		return engine.AnswerOf[engine.SubmitReport](&res[0]).Number
	}
	waiting, handled := submit("jkk-1"), submit("jkk-2")
	var created time.Time
	if err := e.pool.QueryRow(t.Context(), `select max(created_at) from reports`).Scan(&created); err != nil {
		t.Fatal(err)
	}
	// Both accidents happened as they were reported, so the deadline
	// counts from the reports (postgres tests the late reports).
	if _, err := e.pool.Exec(t.Context(), `update reports set happened_by = $1`, created); err != nil {
		t.Fatal(err)
	}
	c := &clock{t: created}
	s := e.sender(func(o *notify.Options) { o.Now = c.Now })
	// at runs the sender at created+d until nothing is left; the clock
	// ticks a second per round so that one chat's queued messages pass
	// their 1 s gap.
	at := func(d time.Duration) {
		t.Helper()
		c.Set(created.Add(d))
		for i := 0; ; i++ {
			if _, err := s.RunOnce(t.Context()); err != nil {
				t.Fatal(err)
			}
			if e.open() == 0 {
				return
			}
			if i > 100 {
				t.Fatal("outbox never drained")
			}
			c.Set(c.Now().Add(time.Second))
		}
	}
	at(time.Minute)
	count := func(chat int64, what string) int { return countContaining(e.texts(chat), what) }
	baseA := len(e.texts(a))

	// Staff act on one report within the day.
	at(2 * time.Hour)
	var id int64
	if err := e.pool.QueryRow(t.Context(), `select id from reports where number = $1`, handled).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if res, err := e.store.Apply(t.Context(), a, []engine.Effect{engine.SetReportStage{ID: id, Stage: "ditindaklanjuti"}}); err != nil || res[0].Err != "" {
		t.Fatal(err, res)
	}
	at(2*time.Hour + time.Minute)
	if got := count(reporter, handled); got != 1 {
		t.Errorf("reporter told of the stage change %d times", got)
	}

	at(postgres.ReminderAfter - time.Minute)
	if got := len(e.texts(a)) - baseA; got != 0 {
		t.Fatalf("%d messages to staff before 24 hours", got)
	}
	at(postgres.ReminderAfter)
	if count(a, waiting) != 2 || count(a, handled) != 1 {
		t.Errorf("at 24 h: staff saw %s %d times, %s %d times; want a reminder for the first only",
			waiting, count(a, waiting), handled, count(a, handled))
	}
	at(postgres.EscalateAfter - time.Minute)
	if count(officer, waiting) != 0 || count(a, waiting) != 2 {
		t.Error("escalated or reminded again before 44 hours")
	}
	at(postgres.EscalateAfter)
	if count(officer, waiting) != 1 || count(admin, waiting) != 1 || count(officer, handled) != 0 {
		t.Errorf("at 44 h: officer %d, admin %d; want one escalation each, none for the handled report",
			count(officer, waiting), count(admin, waiting))
	}
	at(72 * time.Hour)
	if count(officer, waiting) != 1 || count(a, waiting) != 2 {
		t.Error("a reminder or escalation fired twice")
	}
}

// TestSenderPrunesLongDeliveredNotices: a month after a notice reached
// everyone, the sender's housekeeping removes it (it carries a name).
func TestSenderPrunesLongDeliveredNotices(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.staff(1801, "petugas_nagari", nagari)
	e.register(1802)
	c := &clock{t: time.Now()}
	s := e.sender(func(o *notify.Options) { o.Now = c.Now })
	for i := 0; e.open() > 0; i++ {
		if i > 50 {
			t.Fatal("outbox never drained")
		}
		if _, err := s.RunOnce(t.Context()); err != nil {
			t.Fatal(err)
		}
		c.Set(c.Now().Add(time.Second))
	}
	notices := func() int {
		var n int
		if err := e.pool.QueryRow(t.Context(), `select count(*) from outbox`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := notices(); n == 0 {
		t.Fatal("no notice was written: the test would prove nothing")
	}
	c.Set(c.Now().Add(postgres.NoticeRetention + time.Hour))
	if _, err := s.RunOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := notices(); n != 0 {
		t.Errorf("%d notices left a month after they were delivered", n)
	}
}

// TestTwoSendersShareTheBotsPace: Telegram's 30 messages a second are the
// bot's, so two sender processes on one database together keep to them.
// Scaled like TestPacingPerChat: 30 calls in every 20 ms, and each sender
// alone would allow as much, so two without shared tokens would send 60.
func TestTwoSendersShareTheBotsPace(t *testing.T) {
	t.Parallel()
	const span = 20 * time.Millisecond
	e := newEnv(t)
	var staff []int64
	for i := range 90 {
		staff = append(staff, e.staff(int64(1900+i), "petugas_nagari", nagari))
	}
	e.register(1999)
	e.register(1998)
	c := newCounter()
	opts := func(o *notify.Options) {
		o.OnDone = c.done
		o.ChatGap = span
		o.Rate = rate.Limit(30 * rateScale(time.Second, span))
	}
	stop1, stop2 := run(e.sender(opts)), run(e.sender(opts))
	c.waitSent(t, 2*len(staff), 2*time.Minute)
	stop1()
	stop2()
	var at []time.Time
	for _, call := range e.api.CallsTo("sendMessage") {
		at = append(at, call.At)
	}
	if len(at) != 2*len(staff) {
		t.Fatalf("%d messages, want %d", len(at), 2*len(staff))
	}
	slices.SortFunc(at, func(a, b time.Time) int { return a.Compare(b) })
	worst := 0
	for i := range at {
		j := i
		for j < len(at) && at[j].Sub(at[i]) < span {
			j++
		}
		worst = max(worst, j-i)
	}
	if worst > 30 {
		t.Errorf("%d messages within %v at the fake Telegram, want at most 30", worst, span)
	}
	t.Logf("fullest %v: %d messages", span, worst)
}

// TestSenderRunsTheMembershipChoresOnItsClock: the chores run on the
// sender's clock, at most every ChoresEvery, and a failing run fails the
// round and is tried again the next.
func TestSenderRunsTheMembershipChoresOnItsClock(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	start := time.Date(2026, 11, 16, 2, 0, 0, 0, time.UTC)
	c := &clock{t: start}
	var ran []time.Time
	fail := false
	s := e.sender(func(o *notify.Options) {
		o.Now = c.Now
		o.ChoresEvery = time.Hour
		o.Chores = func(_ context.Context, now time.Time) error {
			ran = append(ran, now)
			if fail {
				return errors.New("database away")
			}
			return nil
		}
	})
	round := func(at time.Duration) error {
		c.Set(start.Add(at))
		_, err := s.RunOnce(t.Context())
		return err
	}
	for _, at := range []time.Duration{0, time.Minute, 59 * time.Minute, time.Hour} {
		if err := round(at); err != nil {
			t.Fatal(err)
		}
	}
	if len(ran) != 2 || !ran[0].Equal(start) || !ran[1].Equal(start.Add(time.Hour)) {
		t.Fatalf("chores ran at %v, want at the start and an hour later", ran)
	}
	fail = true
	if err := round(2 * time.Hour); err == nil {
		t.Fatal("a failed chore run did not fail the round")
	}
	fail = false
	if err := round(2*time.Hour + time.Second); err != nil || len(ran) != 4 {
		t.Fatalf("after a failure the chores ran %d times (%v), want again at once", len(ran), err)
	}
}
