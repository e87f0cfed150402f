package bot_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/jaganagari/jaganagari/bot"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/seal"
)

// Nagari used by the staff tests: A is Alahan Panjang (participating,
// quota 100 in the seed, where fill registers), B is Paninggahan in
// another kecamatan (participating, quota 0 in the seed).
const (
	nagariA = "13.02.04.2001"
	nagariB = "13.02.13.2001"
)

func init() {
	// Template fields of the staff messages whose values tests do not pin.
	for _, k := range []string{"Role", "Area", "Code", "Total", "From", "To", "Stage", "Kind", "Registered", "Name", "Participating", "Nagari", "Verified", "Funded", "Submitted", "Active", "Ended", "Quota", "Reports"} {
		anyData[k] = anyValue
	}
}

// officer makes user staff through the real onboarding: a code from the
// store (as the CLI makes it) sent as /petugas.
func officer(h *harness, user int64, role domain.Role, area string) int64 {
	h.t.Helper()
	h.user(user)
	inv, err := h.store.CreateInvite(h.t.Context(), "cli", "cli", role, area)
	if err != nil {
		h.t.Fatal(err)
	}
	h.say(user, "/petugas "+inv.Code)
	h.expect(user, "staff.bound")
	return user
}

// seedRegistration writes a pending registration straight into Postgres,
// for tests about what staff see rather than how workers register.
func seedRegistration(h *harness, chatID int64, nik, nagari string, created time.Time) int64 {
	h.t.Helper()
	var id int64
	keys := seal.Dev() // the harness's store's keys
	err := h.pool.QueryRow(h.t.Context(), `
		insert into registrations (idempotency_key, chat_id, key_id, nik_sealed, nik_index, name, birth_date, gender, address, nagari_code,
			occupation, phone_sealed, heir_name, heir_relation, consent_version, consent_at, created_at)
		values ('seed-'||$2, $1, $5, $6, $7, 'Pekerja '||right($2, 4), '1980-05-05', 'P', 'Jorong Koto', $3,
			'petani', $8, 'Budi', 'pasangan', 'test', now(), $4)
		returning id`, chatID, nik, nagari, created,
		keys.Current(), keys.Seal(postgres.FieldNIK, nik), keys.Index(postgres.IndexNIK, nik), keys.Seal(postgres.FieldPhone, "+6281234567890")).Scan(&id)
	if err != nil {
		h.t.Fatal(err)
	}
	return id
}

// postButton makes the bot's side post a message with one button into
// chat, as the outbox sender does with a notice, or as a tampered client
// could with any callback data. It returns the message to press.
func postButton(h *harness, chat int64, data string) botapiMessage {
	h.t.Helper()
	client, err := tgbot.New(token, tgbot.WithServerURL(h.apiURL), tgbot.WithSkipGetMe())
	if err != nil {
		h.t.Fatal(err)
	}
	// Signed as the sender signs notices: for this chat, outside any form.
	step, value, _ := strings.Cut(data, "|")
	signed := bot.SignerForToken(token).Data(chat, "", step, value)
	sent, err := client.SendMessage(h.t.Context(), &tgbot.SendMessageParams{
		ChatID: chat, Text: "notice",
		ReplyMarkup: models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "open", CallbackData: signed}}}},
	})
	if err != nil {
		h.t.Fatal(err)
	}
	h.seen[chat] = sent.ID
	return botapiMessage{Message: *sent}
}

// pressData presses the button of m whose step and value are data
// ("step|value"), with the MAC the bot put on it.
func (h *harness) pressData(user int64, m botapiMessage, data string) {
	h.t.Helper()
	if m.ReplyMarkup != nil {
		for _, row := range m.ReplyMarkup.InlineKeyboard {
			for _, b := range row {
				if unsigned(b.CallbackData) == unsigned(data) {
					data = b.CallbackData
				}
			}
		}
	}
	if _, err := h.api.PressButton(user, m.ID, data); err != nil {
		h.t.Fatal(err)
	}
}

// outboxNotice is an outbox row as the tests read it.
type outboxNotice struct {
	Kind, Msg string
	ChatID    int64
	Nagari    string
	Data      map[string]string
	Buttons   [][]postgres.NoticeButton
}

func outbox(h *harness, where string, args ...any) []outboxNotice {
	h.t.Helper()
	rows, err := h.pool.Query(h.t.Context(), `select kind, msg, coalesce(chat_id, 0), coalesce(nagari_code, ''), data, buttons from outbox `+where+` order by id`, args...)
	if err != nil {
		h.t.Fatal(err)
	}
	defer rows.Close()
	var out []outboxNotice
	for rows.Next() {
		var n outboxNotice
		var data, buttons []byte
		if err := rows.Scan(&n.Kind, &n.Msg, &n.ChatID, &n.Nagari, &data, &buttons); err != nil {
			h.t.Fatal(err)
		}
		_ = json.Unmarshal(data, &n.Data)
		_ = json.Unmarshal(buttons, &n.Buttons)
		out = append(out, n)
	}
	return out
}

func auditActions(h *harness, kind, recordID string) []string {
	h.t.Helper()
	rows, err := h.pool.Query(h.t.Context(), `select action || ' ' || before::text || ' -> ' || after::text from audit_log where record_kind = $1 and record_id = $2 order by id`, kind, recordID)
	if err != nil {
		h.t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		var s string
		_ = rows.Scan(&s)
		out = append(out, s)
	}
	return out
}

func regStatus(h *harness, id int64) (status, reason string, covered bool) {
	h.t.Helper()
	err := h.pool.QueryRow(h.t.Context(), `select status, coalesce(reject_reason, ''), covered_at is not null from registrations where id = $1`, id).
		Scan(&status, &reason, &covered)
	if err != nil {
		h.t.Fatal(err)
	}
	return status, reason, covered
}

func TestStaffOnboarding(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := t.Context()

	// A valid code binds the chat to its area, once.
	{
		user := h.user(5001)
		inv, err := h.store.CreateInvite(ctx, "cli", "cli", domain.RoleNagari, "Alahan Panjang")
		if err != nil {
			t.Fatal(err)
		}
		if inv.Nagari.Code != nagariA || len(inv.Code) != 12 {
			t.Fatalf("invite %+v", inv)
		}
		var stored []byte
		if err := h.pool.QueryRow(ctx, `select code_hash from staff_invites`).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(stored), inv.Code) {
			t.Error("the code is stored in clear")
		}
		h.say(user, "/petugas "+strings.ToLower(inv.Code))
		m := h.expect(user, "staff.bound")
		if !strings.Contains(m.Text, "Alahan Panjang") {
			t.Errorf("bound message lacks the area: %q", m.Text)
		}
		var role, nagari string
		if err := h.pool.QueryRow(ctx, `select role, nagari_code from staff where chat_id = $1 and active`, user).Scan(&role, &nagari); err != nil {
			t.Fatal(err)
		}
		if role != string(domain.RoleNagari) || nagari != nagariA {
			t.Errorf("bound as %s %s", role, nagari)
		}

		other := h.user(5002)
		h.say(other, "/petugas "+inv.Code)
		h.expect(other, "staff.code.used")
		if n := count(h, `select count(*) from staff where chat_id = $1`, other); n != 0 {
			t.Errorf("a reused code bound a second chat")
		}
	}

	// A wrong code binds nothing.
	{
		user := h.user(5003)
		h.say(user, "/petugas ABCD-EFGH-JK")
		h.expect(user, "staff.code.invalid")
		h.say(user, "/petugas")
		h.expect(user, "staff.code.ask")
		h.say(user, "/antrian")
		h.expect(user, "staff.denied")
	}

	// An expired code binds nothing.
	{
		user := h.user(5004)
		inv, err := h.store.CreateInvite(ctx, "cli", "cli", domain.RoleKecamatan, "Junjung Sirih")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.pool.Exec(ctx, `update staff_invites set expires_at = now() - interval '1 minute' where kecamatan_code = '13.02.13'`); err != nil {
			t.Fatal(err)
		}
		h.say(user, "/petugas "+inv.Code)
		h.expect(user, "staff.code.expired")
		if n := count(h, `select count(*) from staff where chat_id = $1`, user); n != 0 {
			t.Errorf("an expired code bound the chat")
		}
	}

	// An ambiguous nagari name is refused, its code accepted.
	{
		if _, err := h.store.CreateInvite(ctx, "cli", "cli", domain.RoleNagari, "Koto Laweh"); err == nil {
			t.Error("Koto Laweh (two nagari) accepted by name")
		}
		if _, err := h.store.CreateInvite(ctx, "cli", "cli", domain.RoleNagari, "13.02.06.2003"); err != nil {
			t.Error(err)
		}
	}

	// Admins invite and revoke from the bot.
	{
		admin := officer(h, 5010, domain.RoleAdmin, "")
		h.say(admin, "/undang petugas-nagari Paninggahan")
		m := h.expect(admin, "staff.invite.created")
		code := strings.Fields(strings.Split(m.Text, "\n\n")[1])[0]
		newcomer := h.user(5011)
		h.say(newcomer, "/petugas "+code)
		h.expect(newcomer, "staff.bound")

		// A nagari officer may not invite.
		h.say(5001, "/undang admin")
		h.expect(5001, "staff.admin_only")

		var id int64
		if err := h.pool.QueryRow(ctx, `select id from staff where chat_id = $1 and active`, newcomer).Scan(&id); err != nil {
			t.Fatal(err)
		}
		h.say(admin, "/staf")
		list := h.expect(admin, "staffmenu.list")
		h.pressData(admin, list, h.buttonWithValue(list, "staff.list|r:"+strconv.FormatInt(id, 10)))
		ask := h.expect(admin, "staffmenu.revoke.ask")
		h.press(admin, ask, "staffmenu.revoke.yes")
		h.expect(admin, "staffmenu.revoke.done")
		h.say(newcomer, "/antrian")
		h.expect(newcomer, "staff.denied")
		got := auditActions(h, "staff", strconv.FormatInt(id, 10))
		if len(got) != 2 || !strings.HasPrefix(got[0], "staff.bind") || !strings.HasPrefix(got[1], "staff.revoke") {
			t.Errorf("audit of the binding: %q", got)
		}
	}
}

// buttonWithValue checks m has a button with callback data and returns it.
func (h *harness) buttonWithValue(m botapiMessage, data string) string {
	h.t.Helper()
	if m.ReplyMarkup != nil {
		for _, row := range m.ReplyMarkup.InlineKeyboard {
			for _, b := range row {
				if unsigned(b.CallbackData) == unsigned(data) {
					return b.CallbackData
				}
			}
		}
	}
	h.t.Fatalf("no button %q under %q", data, m.Text)
	return ""
}

func count(h *harness, query string, args ...any) int {
	h.t.Helper()
	var n int
	if err := h.pool.QueryRow(h.t.Context(), query, args...).Scan(&n); err != nil {
		h.t.Fatal(err)
	}
	return n
}

func TestStaffVerifiesAndRejects(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := t.Context()
	staff := officer(h, 6001, domain.RoleNagari, nagariA)

	// A worker registers; the outbox notice's button opens the record.
	worker := h.user(6101)
	fill(h, worker, "1302044505800001", "")
	h.press(worker, h.expect(worker, "reg.summary.ask"), "reg.summary.submit")
	h.expect(worker, "reg.done")
	var id int64
	var number string
	if err := h.pool.QueryRow(ctx, `select id, number from registrations where chat_id = $1`, worker).Scan(&id, &number); err != nil {
		t.Fatal(err)
	}
	notices := outbox(h, `where kind = 'registration.submitted'`)
	if len(notices) != 1 || notices[0].Buttons[0][0].Value != "staff.reg|"+strconv.FormatInt(id, 10) {
		t.Fatalf("staff notice %+v", notices)
	}
	notice := postButton(h, staff, notices[0].Buttons[0][0].Value)
	h.pressData(staff, notice, notices[0].Buttons[0][0].Value)
	details := h.expect(staff, "staff.reg.show")
	for _, want := range []string{number, "1302044505800001", "Siti Rahmah", "Alahan Panjang", "+6281234567000", "Budi Santoso"} {
		if !strings.Contains(details.Text, want) {
			t.Errorf("details lack %q: %q", want, details.Text)
		}
	}
	h.press(staff, details, "staff.verify")
	done := h.expect(staff, "staff.reg.verified")
	if !strings.Contains(done.Text, number) {
		t.Errorf("verified message: %q", done.Text)
	}
	if st, _, covered := regStatus(h, id); st != "terverifikasi" || !covered {
		t.Errorf("after verify: %s covered=%v", st, covered)
	}
	told := outbox(h, `where kind = 'status.changed' and chat_id = $1`, worker)
	if len(told) != 1 || told[0].Msg != "notify.status.registration" || told[0].Data["Status"] != postgres.NoticeVerified || told[0].Data["Number"] != number {
		t.Errorf("worker notice %+v", told)
	}
	if text := h.text(told[0].Msg, toAny(told[0].Data)); !strings.Contains(text, "diverifikasi") {
		t.Errorf("worker notice renders as %q", text)
	}
	// The same button pressed again (a second notice, a colleague) changes nothing.
	again := postButton(h, staff, "staff.act|v:"+strconv.FormatInt(id, 10))
	h.pressData(staff, again, "staff.act|v:"+strconv.FormatInt(id, 10))
	h.expect(staff, "staff.reg.already")
	if got := auditActions(h, "registration", number); len(got) != 1 || !strings.Contains(got[0], `registration.verify {"status": "menunggu_verifikasi"} -> {`) {
		t.Errorf("audit: %q", got)
	}

	// A second worker is rejected with a reason from the list, from /antrian.
	worker2 := h.user(6102)
	id2 := seedRegistration(h, worker2, "1302044505800002", nagariA, time.Now())
	h.say(staff, "/antrian")
	queue := h.expect(staff, "staff.queue.list")
	h.pressData(staff, queue, h.buttonWithValue(queue, "staff.reg|"+strconv.FormatInt(id2, 10)))
	details = h.expect(staff, "staff.reg.show")
	h.press(staff, details, "staff.reject")
	ask := h.expect(staff, "staff.reject.ask")
	h.press(staff, ask, "staff.reason.nik_tidak_sesuai")
	h.expect(staff, "staff.reg.rejected")
	if st, reason, _ := regStatus(h, id2); st != "ditolak" || reason != "nik_tidak_sesuai" {
		t.Errorf("after reject: %s %q", st, reason)
	}
	told = outbox(h, `where kind = 'status.changed' and chat_id = $1`, worker2)
	if len(told) != 1 || told[0].Data["Status"] != postgres.NoticeRejected {
		t.Fatalf("rejected worker's notice %+v", told)
	}
	if text := h.text(told[0].Msg, toAny(told[0].Data)); !strings.Contains(text, "NIK tidak sesuai dengan KTP") || !strings.Contains(text, "/daftar") {
		t.Errorf("rejection notice renders as %q", text)
	}
	h.say(worker2, "/status")
	if st := h.expect(worker2, "status.show"); !strings.Contains(st.Text, "NIK tidak sesuai dengan KTP") {
		t.Errorf("status lacks the reason: %q", st.Text)
	}
	h.expect(worker2, "menu.ask")

	// A typed reason.
	worker3 := h.user(6103)
	id3 := seedRegistration(h, worker3, "1302044505800003", nagariA, time.Now())
	act := postButton(h, staff, "staff.act|t:"+strconv.FormatInt(id3, 10))
	h.pressData(staff, act, "staff.act|t:"+strconv.FormatInt(id3, 10))
	h.expect(staff, "staff.reject.ask")
	h.say(staff, "Foto KTP buram, mohon kirim ulang")
	h.expect(staff, "staff.reg.rejected")
	if _, reason, _ := regStatus(h, id3); reason != "Foto KTP buram, mohon kirim ulang" {
		t.Errorf("typed reason stored as %q", reason)
	}

	// The rejected worker corrects and sends again: same record and number,
	// back in the queue, staff notified again.
	h.say(worker2, "/daftar")
	h.expect(worker2, "reg.resubmit")
	m := h.expect(worker2, "reg.consent.ask")
	h.press(worker2, m, "reg.consent.agree")
	h.expect(worker2, "reg.nik.ask")
	h.say(worker2, "1302044505800002")
	m = h.expect(worker2, "reg.identity.ask")
	h.press(worker2, m, "reg.identity.yes")
	fillRest(h, worker2)
	h.press(worker2, h.expect(worker2, "reg.summary.ask"), "reg.summary.submit")
	h.expect(worker2, "reg.done")
	if st, reason, _ := regStatus(h, id2); st != "menunggu_verifikasi" || reason != "" {
		t.Errorf("after resubmission: %s %q", st, reason)
	}
	if n := count(h, `select count(*) from outbox where kind = 'registration.submitted' and buttons::text like $1`, `%staff.reg|`+strconv.FormatInt(id2, 10)+`"%`); n != 1 {
		t.Errorf("%d staff notices for the resubmission", n)
	}
	var number2 string
	if err := h.pool.QueryRow(ctx, `select number from registrations where id = $1`, id2).Scan(&number2); err != nil {
		t.Fatal(err)
	}
	if got := auditActions(h, "registration", number2); len(got) != 1 || !strings.Contains(got[0], `"reason": "nik_tidak_sesuai"`) {
		t.Errorf("audit of the rejection: %q", got)
	}
}

// fillRest answers the registration from the name to the heir's relation.
func fillRest(h *harness, user int64) {
	h.t.Helper()
	h.expect(user, "reg.name.ask")
	h.say(user, "Rina Marlina")
	h.expect(user, "reg.address.ask")
	h.say(user, "Jorong Koto Baru")
	m := h.expect(user, "reg.kecamatan.ask")
	h.press(user, m, "Lembah Gumanti")
	m = h.expect(user, "reg.nagari.ask")
	h.press(user, m, "Alahan Panjang")
	m = h.expect(user, "reg.occupation.ask")
	h.press(user, m, "occupation.petani")
	h.expect(user, "reg.phone.ask")
	h.say(user, "0812 3456 7890")
	h.expect(user, "reg.phone.saved")
	h.expect(user, "reg.mother.ask")
	h.say(user, "Rosmaniar")
	h.expect(user, "reg.heir.name_ask")
	h.say(user, "Budi Santoso")
	m = h.expect(user, "reg.heir.relation_ask")
	h.press(user, m, "relation.pasangan")
}

func toAny(m map[string]string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// TestStaffCannotReachAnotherArea forges the callback data and commands an
// officer of nagari A could send to reach a record of nagari B. Every
// attempt finds nothing and changes nothing.
func TestStaffCannotReachAnotherArea(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := t.Context()
	officerA := officer(h, 7001, domain.RoleNagari, nagariA)
	workerB := h.user(7101)
	idB := seedRegistration(h, workerB, "1302134505800001", nagariB, time.Now())
	idA := seedRegistration(h, h.user(7102), "1302044505800009", nagariA, time.Now())
	b := strconv.FormatInt(idB, 10)

	for _, data := range []string{"staff.reg|" + b, "staff.act|v:" + b} {
		m := postButton(h, officerA, data)
		h.pressData(officerA, m, data)
		h.expect(officerA, "staff.reg.not_found")
	}
	m := postButton(h, officerA, "staff.act|t:"+b)
	h.pressData(officerA, m, "staff.act|t:"+b)
	h.expect(officerA, "staff.reject.ask")
	h.say(officerA, "Bukan warga")
	h.expect(officerA, "staff.reg.not_found")

	h.say(officerA, "/antrian")
	queue := h.expect(officerA, "staff.queue.list")
	if !strings.Contains(queue.Text, ": 1 ") {
		t.Errorf("queue of A counts other areas: %q", queue.Text)
	}
	for _, row := range queue.ReplyMarkup.InlineKeyboard {
		for _, btn := range row {
			if unsigned(btn.CallbackData) == "staff.reg|"+b {
				t.Error("nagari B's registration is in nagari A's queue")
			}
		}
	}
	if got := h.buttonWithValue(queue, "staff.reg|"+strconv.FormatInt(idA, 10)); got == "" {
		t.Error("own registration missing")
	}
	// Paging past the end with a forged offset shows nothing of B either.
	m = postButton(h, officerA, "staff.queue|p:-5")
	h.pressData(officerA, m, "staff.queue|p:-5")
	h.expect(officerA, "staff.queue.list")

	if st, _, _ := regStatus(h, idB); st != "menunggu_verifikasi" {
		t.Errorf("B's registration changed to %s", st)
	}
	if n := count(h, `select count(*) from audit_log where record_kind = 'registration'`); n != 0 {
		t.Errorf("%d audit rows for refused actions", n)
	}
	if n := len(outbox(h, `where kind = 'status.changed'`)); n != 0 {
		t.Errorf("%d worker notices for refused actions", n)
	}

	// A worker who is not staff gets nothing from the same buttons.
	m = postButton(h, workerB, "staff.reg|"+b)
	h.pressData(workerB, m, "staff.reg|"+b)
	h.expect(workerB, "staff.reg.not_found")
	h.say(workerB, "/antrian")
	h.expect(workerB, "staff.denied")

	// A kecamatan officer of B's kecamatan does see it.
	kec := officer(h, 7002, domain.RoleKecamatan, "13.02.13")
	m = postButton(h, kec, "staff.reg|"+b)
	h.pressData(kec, m, "staff.reg|"+b)
	h.expect(kec, "staff.reg.show")

	// A revoked officer can do nothing from the next update on, even with
	// buttons received before.
	h.say(officerA, "/antrian")
	queue = h.expect(officerA, "staff.queue.list")
	var staffID int64
	if err := h.pool.QueryRow(ctx, `select id from staff where chat_id = $1`, officerA).Scan(&staffID); err != nil {
		t.Fatal(err)
	}
	if ok, err := h.store.RevokeStaff(ctx, "cli", 0, staffID); err != nil || !ok {
		t.Fatal(ok, err)
	}
	h.pressData(officerA, queue, h.buttonWithValue(queue, "staff.reg|"+strconv.FormatInt(idA, 10)))
	h.expect(officerA, "staff.reg.not_found")
	m = postButton(h, officerA, "staff.act|v:"+strconv.FormatInt(idA, 10))
	h.pressData(officerA, m, "staff.act|v:"+strconv.FormatInt(idA, 10))
	h.expect(officerA, "staff.reg.not_found")
	h.say(officerA, "/antrian")
	h.expect(officerA, "staff.denied")
	if st, _, _ := regStatus(h, idA); st != "menunggu_verifikasi" {
		t.Errorf("a revoked officer changed A's registration to %s", st)
	}
}

// unsigned strips the MAC from callback data: "step|value|mac" → "step|value".
func unsigned(data string) string {
	if strings.Count(data, "|") < 2 {
		return data
	}
	return data[:strings.LastIndex(data, "|")]
}

// TestStaffFindAWorkerByNIK: an officer types the NIK of the person in
// front of them; their own area's record opens, another area's answers as
// if it did not exist, and a worker's chat is refused.
func TestStaffFindAWorkerByNIK(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	staff := officer(h, 12001, domain.RoleNagari, nagariA)
	seedRegistration(h, h.user(12101), "1302044505800041", nagariA, time.Now())
	seedRegistration(h, h.user(12102), "1302134505800042", nagariB, time.Now())

	h.say(staff, "/cari 1302 0445 0580 0041")
	shown := h.expect(staff, "staff.reg.show")
	if !strings.Contains(shown.Text, "1302044505800041") || !strings.Contains(shown.Text, "+6281234567890") {
		t.Errorf("the found record lacks its NIK or phone: %q", shown.Text)
	}
	h.say(staff, "/cari 1302134505800042")
	h.expect(staff, "staff.search.none")
	h.say(staff, "/cari 12345")
	h.expect(staff, "nik.invalid_length")

	worker := h.user(12103)
	h.say(worker, "/cari 1302044505800041")
	h.expect(worker, "staff.denied")
}
