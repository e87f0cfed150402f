package bot_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jaganagari/jaganagari/internal/botapi"
	"github.com/jaganagari/jaganagari/internal/domain"
)

// linkCode reads the code to read out from an assisted registration's
// done message.
var linkCode = regexp.MustCompile(`Kode sambung: ([A-Z]{3}-[A-Z]{3})`)

// The people a link.done message lists are not known to expect.
func init() { anyData["People"] = []string{anyValue} }

// TestAWorkerTakesOverTheirRecord: an officer registers a worker with help
// and reads out the code; the worker's own new chat sends /sambung CODE
// and is linked, sees the record in /status and receives the officer's
// verification there. A second worker links by sharing their own contact;
// someone else's contact is refused; the 6th wrong code waits.
func TestAWorkerTakesOverTheirRecord(t *testing.T) {
	t.Parallel()
	e := newClaimsEnv(t)
	h := e.harness
	petugas := officer(h, 7001, domain.RoleNagari, nagariA)

	enterWorker(h, petugas, func() { h.say(petugas, "/daftarkan") }, "assisted.consent.spoken", "1302044505800001", "Siti Rahmah", "0812 1111 0001")
	done := h.expect(petugas, "assisted.done")
	m := linkCode.FindStringSubmatch(done.Text)
	if m == nil {
		t.Fatalf("no code to read out in %q", done.Text)
	}
	code := m[1]
	var id int64
	var number string
	if err := h.pool.QueryRow(t.Context(), `select id, number from registrations where chat_id is null and entered_by_chat = $1`, petugas).Scan(&id, &number); err != nil {
		t.Fatal(err)
	}
	if n := count(h, `select count(*) from link_codes where registration_id = $1 and used_at is null`, id); n != 1 {
		t.Fatalf("%d live codes for the record, want 1", n)
	}

	// The worker's own phone: the start menu offers the link, which shows
	// nothing personal before the code.
	worker := h.user(7101)
	h.say(worker, "/start")
	h.expect(worker, "welcome")
	menu := h.expect(worker, "menu.ask")
	h.press(worker, menu, "link.menu")
	ask := h.expect(worker, "link.ask")
	if strings.Contains(ask.Text, "Siti") {
		t.Errorf("the link question names the worker: %q", ask.Text)
	}
	if kb := h.api.Keyboard(worker); kb == nil || !kb.Keyboard[0][0].RequestContact {
		t.Errorf("no button to share the number: %+v", kb)
	}
	h.windowPasses(worker)
	h.say(worker, "/sambung "+strings.ToLower(strings.ReplaceAll(code, "-", " ")))
	h.expect(worker, "keyboard.closed")
	linked := h.expect(worker, "link.done")
	if !strings.Contains(linked.Text, "Siti Rahmah, Nagari Alahan Panjang ("+number+")") {
		t.Errorf("linked message: %q", linked.Text)
	}
	h.expect(worker, "menu.ask")
	if n := rows(t, h, "where id = $1 and chat_id = $2", id, worker); n != 1 {
		t.Fatal("the record is not the worker's")
	}
	if got := auditActions(h, "registration", number); len(got) == 0 || !strings.HasPrefix(got[len(got)-1], "registration.linked") {
		t.Errorf("audit: %q", got)
	}

	// /status shows the record now.
	h.say(worker, "/status")
	st := h.expect(worker, "status.show")
	if !strings.Contains(st.Text, number) {
		t.Errorf("status: %q", st.Text)
	}
	h.expect(worker, "menu.ask")

	// A second worker links by sharing their own contact.
	h.windowPasses(petugas)
	e.clock.Set(time.Now()) // a form's key is its start time on the bot's clock
	enterWorker(h, petugas, func() { h.say(petugas, "/daftarkan") }, "assisted.consent.spoken", "1302041201750002", "Adi Putra", "0812 1111 0002")
	h.expect(petugas, "assisted.done")
	second := int64(7102)
	if err := h.api.AddUser(botapi.User{ID: second, FirstName: "Adi", Phone: "6281211110002"}); err != nil {
		t.Fatal(err)
	}
	// Someone else's contact is refused, and links nothing.
	nosy := h.user(7103)
	h.say(nosy, "/sambung")
	h.expect(nosy, "link.ask")
	if _, err := h.api.ShareContactOf(nosy, second); err != nil {
		t.Fatal(err)
	}
	h.expect(nosy, "link.contact.not_own")
	h.expect(nosy, "link.ask")
	if n := rows(t, h, "where chat_id = $1", nosy); n != 0 {
		t.Fatalf("someone else's contact linked %d records", n)
	}

	if n := rows(t, h, "where name = 'Adi Putra' and phone_index is not null and chat_id is null"); n != 1 {
		t.Fatalf("%d records of Adi Putra with a phone index and no chat, want 1", n)
	}
	h.say(second, "/start")
	h.expect(second, "welcome")
	h.press(second, h.expect(second, "menu.ask"), "link.menu")
	h.expect(second, "link.ask")
	if _, err := h.api.ShareContact(second); err != nil {
		t.Fatal(err)
	}
	h.expect(second, "keyboard.closed")
	if got := h.expect(second, "link.done"); !strings.Contains(got.Text, "Adi Putra, Nagari Alahan Panjang") {
		t.Errorf("linked by contact: %q", got.Text)
	}
	h.expect(second, "menu.ask")
	if n := rows(t, h, "where chat_id = $1 and name = 'Adi Putra'", second); n != 1 {
		t.Fatal("the second worker's record is not theirs")
	}

	// Wrong codes: 5, then the polite wait, even for a well-formed guess.
	guesser := h.user(7104)
	h.say(guesser, "/sambung AAA-AAA")
	h.expect(guesser, "link.code.wrong")
	h.expect(guesser, "link.ask")
	for _, c := range []string{"AAA-AAC", "AAA-AAD", "AAA-AAE", "AAA-AAF"} {
		h.say(guesser, c)
		h.expect(guesser, "keyboard.closed")
		h.expect(guesser, "link.code.wrong")
		h.expect(guesser, "link.ask")
	}
	h.say(guesser, "AAA-AAG")
	h.expect(guesser, "keyboard.closed")
	h.expect(guesser, "link.wait")
	h.expect(guesser, "menu.ask")
	if n := count(h, `select count(*) from link_failures where chat_id = $1`, guesser); n != 5 {
		t.Errorf("%d wrong codes counted, want 5", n)
	}

	// The officer verifies the first record: the news reaches the worker's chat, and the
	// officer was told of the link.
	verifyAndTellWorker(t, e, petugas, worker, id)
	toldOfficer := strings.Join(e.told(petugas), "\n")
	if !strings.Contains(toldOfficer, "Siti Rahmah ("+number+") sudah menyambungkan") {
		t.Errorf("the officer was not told of the link: %q", toldOfficer)
	}
	if strings.Contains(toldOfficer, "Kabar pendaftaran "+number) {
		t.Error("the officer still receives the worker's news")
	}

}

// TestLinkCommandsAreInTheMenus: /sambung is in the workers' "/" menu and
// help, /kodesambung in the officers' and kader's menus and the staff help.
func TestLinkCommandsAreInTheMenus(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	for _, lang := range []string{"", "en"} {
		if got := waitCommands(h, "setMyCommands", 0, lang, 1); !slicesContain(got.Names, "sambung") || slicesContain(got.Names, "kodesambung") {
			t.Errorf("workers' %q menu: %v", lang, got.Names)
		}
	}
	petugas := officer(h, 7201, domain.RoleNagari, nagariA)
	k := kader(h, 7202, nagariA)
	for _, chat := range []int64{petugas, k} {
		waitCommands(h, "setMyCommands", chat, "", 1)
		cmds, _ := h.api.ChatCommands(chat, "")
		if !slicesContain(names(cmds), "kodesambung") {
			t.Errorf("chat %d's menu lacks /kodesambung: %v", chat, names(cmds))
		}
		for _, c := range cmds {
			if c.Command == "kodesambung" && c.Description != h.text("staffmenu.cmd.kodesambung", nil) {
				t.Errorf("/kodesambung described as %q", c.Description)
			}
		}
	}
	h.say(petugas, "/bantuan")
	if help := h.expect(petugas, "staffmenu.help"); !strings.Contains(help.Text, "/kodesambung NIK") {
		t.Errorf("staff help: %q", help.Text)
	}
	worker := h.user(7203)
	h.say(worker, "/bantuan")
	if help := h.expect(worker, "help"); !strings.Contains(help.Text, "/sambung") {
		t.Errorf("worker help: %q", help.Text)
	}
	// A kader gets codes for their own entries only.
	h.say(k, "/kodesambung 1302044505800001")
	h.expect(k, "link.code.not_found")
}

// verifyAndTellWorker has the officer verify registration id from its
// notice and lets the paced sender deliver; the worker's own chat must
// then have the news.
func verifyAndTellWorker(t *testing.T, e *claimsEnv, officer, worker, id int64) {
	t.Helper()
	h := e.harness
	data := "staff.act|v:" + strconv.FormatInt(id, 10)
	h.pressData(officer, postButton(h, officer, data), data)
	h.expect(officer, "staff.reg.verified")
	// The sender paces each chat on its clock: let it pass.
	for range 4 {
		e.clock.Add(2 * time.Second)
		e.deliver()
	}
	if told := e.told(worker); !strings.Contains(strings.Join(told, "\n"), "diverifikasi") {
		t.Errorf("the worker's chat was not told of the verification: %q", told)
	}
}
