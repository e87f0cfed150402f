package bot_test

import (
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"

	"github.com/jaganagari/jaganagari/bot"
	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/notify"
	"github.com/jaganagari/jaganagari/internal/postgres"
)

func init() {
	// Template fields of the claim messages whose values tests do not pin.
	for _, k := range []string{"Report", "Minutes", "Until", "DueDate", "DueClock"} {
		anyData[k] = anyValue
	}
	for _, k := range []string{"Outcome", "Claim", "Refusal", "Amount", "PaidOn"} {
		anyData[k] = ""
	}
}

// testClock is the clock the bot and the sender share in these tests.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// claimsEnv is the bot on a test clock with a sender on the same clock,
// run a round at a time, so a test decides when notices go out.
type claimsEnv struct {
	*harness
	clock  *testClock
	sender *notify.Sender
}

func newClaimsEnv(t *testing.T) *claimsEnv {
	h := newHarness(t)
	clock := &testClock{t: time.Now()}
	h.stop()
	h.now = clock.Now
	h.start()
	tg, err := tgbot.New(token, tgbot.WithServerURL(h.apiURL), tgbot.WithSkipGetMe())
	if err != nil {
		t.Fatal(err)
	}
	signer := bot.SignerForToken(token)
	sender, err := notify.New(notify.Options{
		API: tg, Queue: postgres.NewOutbox(h.pool), Renderer: h.render, Signer: &signer,
		ChatGap: time.Millisecond, GroupGap: time.Millisecond, Now: clock.Now,
	})
	if err != nil {
		t.Fatal(err)
	}
	return &claimsEnv{harness: h, clock: clock, sender: sender}
}

// deliver runs sender rounds until one has nothing to send.
func (e *claimsEnv) deliver() {
	e.t.Helper()
	for range 20 {
		n, err := e.sender.RunOnce(e.t.Context())
		if err != nil {
			e.t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
	e.t.Fatal("the sender never ran out of deliveries")
}

// told is what the bot has sent chat so far.
func (e *claimsEnv) told(chat int64) []string {
	var out []string
	for _, m := range e.api.Chat(chat) {
		if m.FromBot {
			out = append(out, m.Text)
		}
	}
	return out
}

// open shows report id to staff, as the list's button does.
func (e *claimsEnv) open(staff, id int64) botapiMessage {
	e.t.Helper()
	data := "staff.rep|" + strconv.FormatInt(id, 10)
	e.pressData(staff, postButton(e.harness, staff, data), data)
	m := e.expect(staff, "claims.rep.show")
	if !strings.HasPrefix(m.Text, "Laporan JKK-") || !strings.Contains(m.Text, "Tahap: ") {
		e.t.Fatalf("not a report view: %q", m.Text)
	}
	return m
}

// move presses the report view's button to stage to, answers what it
// asks with answer, and confirms; it returns the bot's answer with the
// Urungkan button.
func (e *claimsEnv) move(staff, id int64, to string, answer func()) botapiMessage {
	e.t.Helper()
	show := e.open(staff, id)
	e.pressData(staff, show, e.buttonWithValue(show, "staff.stage|"+to+":"+strconv.FormatInt(id, 10)))
	if answer != nil {
		answer()
	}
	e.press(staff, e.expect(staff, "claims.confirm"), "claims.confirm.yes")
	return e.expect(staff, "claims.staged")
}

func (e *claimsEnv) stage(id int64) (stage string, acted bool) {
	e.t.Helper()
	if err := e.pool.QueryRow(e.t.Context(), `select stage, acted_at is not null from reports where id = $1`, id).Scan(&stage, &acted); err != nil {
		e.t.Fatal(err)
	}
	return stage, acted
}

// TestClaimFromReportToPayment: a JKK report goes baru → ditindaklanjuti
// → diajukan (with the BPJS claim number) → selesai, paid; each move is
// confirmed, and the reporter hears of each once the undo window has
// passed, the payment in plain words.
func TestClaimFromReportToPayment(t *testing.T) {
	t.Parallel()
	e := newClaimsEnv(t)
	ctx := t.Context()
	staff := officer(e.harness, 21001, domain.RoleNagari, nagariA)
	reporter := e.user(21101)
	id := seedReport(e.harness, "JKK-2026-000021", "jkk", nagariA, reporter, "baru")

	e.move(staff, id, "ditindaklanjuti", nil)
	if st, acted := e.stage(id); st != "ditindaklanjuti" || !acted {
		t.Fatalf("stage %s, acted %v", st, acted)
	}
	e.deliver()
	if got := e.told(reporter); len(got) != 0 {
		t.Fatalf("the reporter was told inside the undo window: %q", got)
	}
	e.clock.Add(domain.StageUndoWindow + time.Second)
	e.deliver()
	if m := next(t, e.harness, reporter); !strings.Contains(m.Text, "JKK-2026-000021 sedang ditindaklanjuti petugas nagari") {
		t.Errorf("reporter told %q", m.Text)
	}

	e.move(staff, id, "diajukan", func() {
		e.expect(staff, "claims.number.ask")
		e.say(staff, "tanpa angka")
		e.expect(staff, "claims.number.invalid")
		e.expect(staff, "claims.number.ask")
		e.say(staff, "klm-2026-001234")
	})
	e.clock.Add(domain.StageUndoWindow + time.Second)
	e.deliver()
	if m := next(t, e.harness, reporter); !strings.Contains(m.Text, "sudah diajukan ke BPJS Ketenagakerjaan dengan nomor klaim KLM-2026-001234") {
		t.Errorf("reporter told %q", m.Text)
	}

	// Confirm, then Batal: nothing changes and nobody is told.
	show := e.open(staff, id)
	e.pressData(staff, show, e.buttonWithValue(show, "staff.stage|selesai:"+strconv.FormatInt(id, 10)))
	e.press(staff, e.expect(staff, "claims.outcome.ask"), "claims.outcome.dibayar")
	e.expect(staff, "claims.amount.ask")
	e.say(staff, "Rp 42 juta")
	e.press(staff, e.expect(staff, "claims.paid_on.ask"), "rep.date.today")
	confirm := e.expect(staff, "claims.confirm")
	for _, want := range []string{"Dari: diajukan ke BPJS", "Ke: selesai", "Rp42.000.000"} {
		if !strings.Contains(confirm.Text, want) {
			t.Errorf("confirmation lacks %q: %q", want, confirm.Text)
		}
	}
	e.press(staff, confirm, "staff.reject.cancel")
	e.expect(staff, "staff.reject.cancelled")
	if st, _ := e.stage(id); st != "diajukan" {
		t.Fatalf("Batal moved the report to %s", st)
	}

	e.move(staff, id, "selesai", func() {
		e.press(staff, e.expect(staff, "claims.outcome.ask"), "claims.outcome.dibayar")
		e.expect(staff, "claims.amount.ask")
		e.say(staff, "42.000.000")
		e.press(staff, e.expect(staff, "claims.paid_on.ask"), "rep.date.today")
	})
	var claimNo, outcome string
	var amount int64
	var paidOn time.Time
	if err := e.pool.QueryRow(ctx, `select claim_number, claim_outcome, paid_amount, paid_on from reports where id = $1`, id).
		Scan(&claimNo, &outcome, &amount, &paidOn); err != nil {
		t.Fatal(err)
	}
	if claimNo != "KLM-2026-001234" || outcome != "dibayar" || amount != 42_000_000 || !paidOn.Equal(domain.Today(e.clock.Now())) {
		t.Errorf("stored claim %q %q %d %v", claimNo, outcome, amount, paidOn)
	}
	e.clock.Add(domain.StageUndoWindow + time.Second)
	e.deliver()
	paid := next(t, e.harness, reporter)
	if want := "santunan sebesar Rp42.000.000 sudah dibayarkan pada " + strconv.Itoa(domain.Today(e.clock.Now()).Day()); !strings.Contains(paid.Text, want) {
		t.Errorf("reporter told %q, want %q", paid.Text, want)
	}
	if got := e.told(reporter); len(got) != 3 {
		t.Errorf("reporter told %d times, want 3: %q", len(got), got)
	}
	// The finished report shows the claim; every move is audited.
	if view := e.open(staff, id); !strings.Contains(view.Text, "Nomor klaim BPJS: KLM-2026-001234") || !strings.Contains(view.Text, "dibayar Rp42.000.000") {
		t.Errorf("report view %q", view.Text)
	}
	audits := auditActions(e.harness, "report", "JKK-2026-000021")
	if len(audits) != 3 || !strings.Contains(audits[2], `"paid_amount": "42000000"`) {
		t.Errorf("audit %q", audits)
	}
	if n := count(e.harness, `select count(*) from report_moves where report_id = $1 and staff_id is not null and chat_id = $2`, id, staff); n != 3 {
		t.Errorf("%d moves recorded with their officer", n)
	}
}

// TestStageUndo: an undo within the window restores the stage (and
// acted_at, so the reminders come back) and drops the notice, so the
// reporter hears only of the move that stood; an undo after the window, or
// of a move undone already, is refused.
func TestStageUndo(t *testing.T) {
	t.Parallel()
	e := newClaimsEnv(t)
	staff := officer(e.harness, 22001, domain.RoleNagari, nagariA)
	reporter := e.user(22101)
	id := seedReport(e.harness, "JKK-2026-000022", "jkk", nagariA, reporter, "baru")

	first := e.move(staff, id, "ditindaklanjuti", nil)
	// Pressing a button takes the buttons off its message; a copy of the
	// first Urungkan is pressed again later.
	firstUndo := unsigned(e.button(first, "claims.undo"))
	e.clock.Add(2 * time.Minute)
	e.press(staff, first, "claims.undo")
	e.expect(staff, "claims.undo.done")
	if st, acted := e.stage(id); st != "baru" || acted {
		t.Fatalf("after the undo: stage %s, acted %v", st, acted)
	}
	if n := count(e.harness, `select count(*) from outbox where chat_id = $1`, reporter); n != 0 {
		t.Errorf("%d notices left for the reporter after the undo", n)
	}

	second := e.move(staff, id, "ditindaklanjuti", nil)
	e.clock.Add(domain.StageUndoWindow + time.Second)
	e.deliver()
	e.press(staff, second, "claims.undo")
	e.expect(staff, "claims.undo.late")
	e.pressData(staff, postButton(e.harness, staff, firstUndo), firstUndo)
	e.expect(staff, "claims.undo.already")
	if st, _ := e.stage(id); st != "ditindaklanjuti" {
		t.Errorf("a refused undo moved the report to %s", st)
	}
	e.clock.Add(time.Hour)
	e.deliver()
	told := e.told(reporter)
	if len(told) != 1 || !strings.Contains(told[0], "sedang ditindaklanjuti") {
		t.Errorf("reporter told %q, want the one move that stood", told)
	}
	audits := auditActions(e.harness, "report", "JKK-2026-000022")
	if len(audits) != 3 || !strings.HasPrefix(audits[1], "report.stage_undo") {
		t.Errorf("audit %q", audits)
	}
}

// TestTahap2Reminder: the doctor's declaration recorded on an accident
// report starts its own 2 × 24 hour deadline; staff are reminded at 24
// hours and the kecamatan at 44, and filing the claim ends it.
func TestTahap2Reminder(t *testing.T) {
	t.Parallel()
	e := newClaimsEnv(t)
	staff := officer(e.harness, 23001, domain.RoleNagari, nagariA)
	above := officer(e.harness, 23002, domain.RoleKecamatan, "13.02.04")
	reporter := e.user(23101)
	id := seedReport(e.harness, "JKK-2026-000023", "jkk", nagariA, reporter, "baru")
	e.move(staff, id, "ditindaklanjuti", nil)

	show := e.open(staff, id)
	if !strings.Contains(show.Text, "Tahap II: belum dicatat") {
		t.Errorf("view before tahap II: %q", show.Text)
	}
	e.press(staff, show, "claims.t2.button")
	e.press(staff, e.expect(staff, "claims.t2.outcome.ask"), "claims.t2.outcome.sembuh")
	e.press(staff, e.expect(staff, "claims.t2.date.ask"), "rep.date.today")
	if m := next(t, e.harness, staff); !strings.HasPrefix(m.Text, "🩺 Tahap II laporan JKK-2026-000023 dicatat") {
		t.Fatalf("got %q\n%s", m.Text, e.logs.String())
	}
	recorded := e.clock.Now()
	if !strings.Contains(e.open(staff, id).Text, "dokter menyatakan sembuh") {
		t.Error("the view does not show tahap II")
	}
	// The declaration counts from the start of its day (WIB); a reminder
	// comes no sooner than its floor after the declaration was recorded.
	from := domain.Tahap2From(domain.Today(recorded))
	due := func(after, floor time.Duration) time.Time {
		at := from.Add(after)
		if f := recorded.Add(floor); at.Before(f) {
			at = f
		}
		return at
	}
	reminders := func() int {
		return count(e.harness, `select count(*) from outbox where kind = 'report.tahap_ii_reminder'`)
	}
	escalations := func() int {
		return count(e.harness, `select count(*) from outbox where kind = 'report.tahap_ii_escalated'`)
	}
	e.clock.Set(due(postgres.ReminderAfter, postgres.ReminderFloor).Add(-time.Minute))
	e.deliver()
	if reminders()+escalations() != 0 {
		t.Fatal("tahap II reminded before it was due")
	}
	e.clock.Set(due(postgres.ReminderAfter, postgres.ReminderFloor))
	e.deliver()
	if reminders() != 1 || escalations() != 0 {
		t.Fatalf("at 24 hours: %d reminders, %d escalations", reminders(), escalations())
	}
	staffNotice(t, e.harness, staff, "Pengingat tahap II: laporan JKK-2026-000023")
	e.clock.Set(due(postgres.EscalateAfter, postgres.EscalateFloor))
	e.deliver()
	if reminders() != 1 || escalations() != 1 {
		t.Fatalf("at 44 hours: %d reminders, %d escalations", reminders(), escalations())
	}
	staffNotice(t, e.harness, above, "Eskalasi tahap II: laporan kecelakaan JKK-2026-000023")

	// A second declaration is refused; filing the claim stops reminding.
	id2 := seedReport(e.harness, "JKK-2026-000024", "jkk", nagariA, reporter, "baru")
	if _, err := e.pool.Exec(t.Context(), `update reports set tahap2_outcome = 'cacat', tahap2_on = current_date,
		tahap2_from = now() - interval '30 hours', tahap2_recorded_at = now() - interval '30 hours', stage = 'diajukan', acted_at = now()
		where id = $1`, id2); err != nil {
		t.Fatal(err)
	}
	e.clock.Add(time.Hour)
	e.deliver()
	if reminders() != 1 {
		t.Errorf("a filed claim was reminded of: %d reminders", reminders())
	}
	data := "staff.t2|" + strconv.FormatInt(id, 10)
	e.pressData(staff, postButton(e.harness, staff, data), data)
	e.press(staff, e.expect(staff, "claims.t2.outcome.ask"), "claims.t2.outcome.cacat")
	e.press(staff, e.expect(staff, "claims.t2.date.ask"), "rep.date.today")
	e.expect(staff, "claims.t2.not_open")
}

// TestReportNotes: a note at any stage, shown in the report view with who
// and when, sealed at rest, audited without its text.
func TestReportNotes(t *testing.T) {
	t.Parallel()
	e := newClaimsEnv(t)
	staff := officer(e.harness, 24001, domain.RoleNagari, nagariA)
	id := seedReport(e.harness, "JKK-2026-000025", "jkk", nagariA, e.user(24101), "selesai")
	show := e.open(staff, id)
	e.press(staff, show, "claims.note.button")
	e.expect(staff, "claims.note.ask")
	e.say(staff, "Kaki kiri diamputasi, keluarga minta dikunjungi")
	e.expect(staff, "claims.note.saved")
	view := e.open(staff, id)
	if !strings.Contains(view.Text, "Catatan petugas:") || !strings.Contains(view.Text, ": Kaki kiri diamputasi, keluarga minta dikunjungi") {
		t.Errorf("view %q", view.Text)
	}
	if n := count(e.harness, `select count(*) from report_notes where report_id = $1 and position('diamputasi' in encode(text_sealed, 'escape')) = 0`, id); n != 1 {
		t.Errorf("%d sealed notes", n)
	}
	if got := auditActions(e.harness, "report", "JKK-2026-000025"); len(got) != 1 || strings.Contains(got[0], "diamputasi") || !strings.HasPrefix(got[0], "report.note") {
		t.Errorf("audit %q", got)
	}
}
