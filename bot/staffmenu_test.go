package bot_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/google/go-cmp/cmp"

	"github.com/jaganagari/jaganagari/bot"
	"github.com/jaganagari/jaganagari/internal/botapi"
	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/flows"
	"github.com/jaganagari/jaganagari/internal/notify"
	"github.com/jaganagari/jaganagari/internal/postgres"
)

// commandCall is a setMyCommands or deleteMyCommands call as the tests
// read it: its scope (chat 0 for the default), language and commands.
type commandCall struct {
	Method string
	Chat   int64
	Lang   string
	Names  []string
	OK     bool
}

func readCommandCall(c botapi.Call) commandCall {
	out := commandCall{Method: c.Method, Lang: c.Params["language_code"], OK: c.OK()}
	var scope struct {
		Type   string `json:"type"`
		ChatID int64  `json:"chat_id"`
	}
	if c.Decode("scope", &scope) == nil && scope.Type == "chat" {
		out.Chat = scope.ChatID
	}
	var cmds []models.BotCommand
	if c.Decode("commands", &cmds) == nil {
		for _, cmd := range cmds {
			out.Names = append(out.Names, cmd.Command)
		}
	}
	return out
}

// waitCommands waits for the bot's n-th successful command call (counted
// from 1) of method for chat (0: the default scope) in lang.
func waitCommands(h *harness, method string, chat int64, lang string, n int) commandCall {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(h.t.Context(), 10*time.Second)
	defer cancel()
	seen := 0
	c, err := h.api.WaitCall(ctx, func(c botapi.Call) bool {
		cc := readCommandCall(c)
		if c.Method == method && cc.OK && cc.Chat == chat && cc.Lang == lang {
			seen++
		}
		return seen == n
	})
	if err != nil {
		h.t.Fatalf("no %s for chat %d (%q): %v", method, chat, lang, err)
	}
	return readCommandCall(c)
}

func names(cmds []models.BotCommand) []string {
	var out []string
	for _, c := range cmds {
		out = append(out, c.Command)
	}
	return out
}

// TestCommandMenus: the bot sets the workers' "/" menu for everyone when it
// starts, a staff chat's own list when its invite is redeemed, and takes it
// away when the binding is revoked; a failure is tried again at the next
// start and never holds up an answer.
func TestCommandMenus(t *testing.T) {
	t.Parallel()
	h := newHarness(t)

	// At start: the default scope, in Indonesian (no language code) and
	// English, described from locales.
	for _, lang := range []string{"", "en"} {
		got := waitCommands(h, "setMyCommands", 0, lang, 1)
		if diff := cmp.Diff(flows.CommandMenu(domain.MenuWorker), got.Names); diff != "" {
			t.Errorf("default %q menu (-want +got):\n%s", lang, diff)
		}
	}
	if cmds := h.api.Commands("id"); len(cmds) == 0 || cmds[0].Description != h.text("staffmenu.cmd.start", nil) {
		t.Errorf("Indonesian menu %+v", cmds)
	}
	if cmds := h.api.Commands("en"); len(cmds) == 0 || !strings.Contains(cmds[1].Description, "Register") {
		t.Errorf("English menu %+v", cmds)
	}

	// Redeeming an invite gives the chat the officer's list; an admin's
	// has the admin commands.
	officerChat := officer(h, 7001, domain.RoleNagari, nagariA)
	for _, lang := range []string{"", "en"} {
		waitCommands(h, "setMyCommands", officerChat, lang, 1)
		cmds, ok := h.api.ChatCommands(officerChat, lang)
		if diff := cmp.Diff(flows.CommandMenu(domain.MenuOfficer), names(cmds)); !ok || diff != "" {
			t.Errorf("officer's %q menu (-want +got):\n%s", lang, diff)
		}
	}
	admin := officer(h, 7002, domain.RoleAdmin, "")
	waitCommands(h, "setMyCommands", admin, "en", 1)
	if cmds, _ := h.api.ChatCommands(admin, ""); !slicesContain(names(cmds), "staf") || !slicesContain(names(cmds), "cakupan") {
		t.Errorf("admin's menu %v", names(cmds))
	}

	// Revoked: the chat's own lists go, so it sees the default again.
	h.say(admin, "/staf")
	list := h.expect(admin, "staffmenu.list")
	var id int64
	if err := h.pool.QueryRow(t.Context(), `select id from staff where chat_id = $1`, officerChat).Scan(&id); err != nil {
		t.Fatal(err)
	}
	h.pressData(admin, list, h.buttonWithValue(list, "staff.list|r:"+strconv.FormatInt(id, 10)))
	h.press(admin, h.expect(admin, "staffmenu.revoke.ask"), "staffmenu.revoke.yes")
	h.expect(admin, "staffmenu.revoke.done")
	for _, lang := range []string{"", "en"} {
		waitCommands(h, "deleteMyCommands", officerChat, lang, 1)
		if cmds, ok := h.api.ChatCommands(officerChat, lang); ok {
			t.Errorf("revoked officer keeps a %q menu: %v", lang, names(cmds))
		}
	}

	// Telegram fails: the officer is answered all the same, and the next
	// start sets the menu.
	h.api.FailNext("setMyCommands", 2, 500, 0)
	late := officer(h, 7003, domain.RoleKecamatan, "13.02.04")
	if _, ok := h.api.ChatCommands(late, ""); ok {
		t.Fatal("the menu was set despite the failures")
	}
	h.say(late, "/antrian")
	h.expect(late, "staff.queue.list_empty")
	h.stop()
	h.start()
	for _, lang := range []string{"", "en"} {
		waitCommands(h, "setMyCommands", late, lang, 1)
	}
	if cmds, ok := h.api.ChatCommands(late, ""); !ok || cmds[0].Command != "antrian" {
		t.Errorf("menu after the restart %v", names(cmds))
	}
	// The start puts every staff chat right again, the revoked one too.
	waitCommands(h, "deleteMyCommands", officerChat, "en", 2)
	waitCommands(h, "setMyCommands", admin, "en", 2)
}

func slicesContain(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestStaffMenuButtons: /start and /bantuan of staff show the staff menu,
// whose buttons do what the commands do; /help is /bantuan for workers too.
func TestStaffMenuButtons(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	staff := officer(h, 7101, domain.RoleNagari, nagariA)
	seedRegistration(h, 7199, "1302044505800041", nagariA, time.Now().Add(-time.Hour))

	h.say(staff, "/start")
	menu := h.expect(staff, "staffmenu.welcome")
	for _, admin := range []string{"staffmenu.button.cakupan", "staffmenu.button.staf"} {
		if strings.Contains(menuLabels(menu), h.text(admin, nil)) {
			t.Errorf("an officer's menu offers %s", admin)
		}
	}
	h.press(staff, menu, "staffmenu.button.antrian")
	queue := h.expect(staff, "staff.queue.list")
	if !strings.Contains(menuLabels(queue), "Pekerja 0041") {
		t.Errorf("queue from the menu lacks the registration: %s", menuLabels(queue))
	}
	h.press(staff, menu, "staffmenu.button.laporan")
	h.expect(staff, "staff.rep.list_empty")
	h.press(staff, menu, "staffmenu.button.cari")
	h.expect(staff, "staff.search.ask")
	h.press(staff, menu, "staffmenu.button.worker")
	h.expect(staff, "menu.ask")

	h.say(staff, "/bantuan")
	help := h.expect(staff, "staffmenu.help")
	h.press(staff, help, "staffmenu.button.rekap")
	h.expect(staff, "staff.recap")

	admin := officer(h, 7102, domain.RoleAdmin, "")
	h.say(admin, "/help")
	adminMenu := h.expect(admin, "staffmenu.help")
	h.press(admin, adminMenu, "staffmenu.button.staf")
	h.expect(admin, "staffmenu.list")

	worker := h.user(7103)
	h.say(worker, "/help")
	h.expect(worker, "help")
	h.expect(worker, "menu.ask")
	h.say(worker, "/start")
	h.expect(worker, "welcome")
	h.expect(worker, "menu.ask")
}

func menuLabels(m botapi.Message) string {
	var b strings.Builder
	if m.ReplyMarkup != nil {
		for _, row := range m.ReplyMarkup.InlineKeyboard {
			for _, btn := range row {
				b.WriteString(btn.Text + "|")
			}
		}
	}
	return b.String()
}

// TestRevokeStaffFromTheBot: /staf names each officer and their area; a
// revocation is confirmed first and can be called off; an admin is never
// offered their own access, and a stale button to it is refused; the
// revoked officer is told in their chat.
func TestRevokeStaffFromTheBot(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := t.Context()

	tg, err := tgbot.New(token, tgbot.WithServerURL(h.apiURL), tgbot.WithSkipGetMe())
	if err != nil {
		t.Fatal(err)
	}
	signer := bot.SignerForToken(token)
	sender, err := notify.New(notify.Options{
		API: tg, Queue: postgres.NewOutbox(h.pool), Renderer: h.render, Signer: &signer,
		ChatGap: 10 * time.Millisecond, Poll: 20 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	sctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { defer close(stopped); sender.Run(sctx) }()
	t.Cleanup(func() { cancel(); <-stopped })

	// The officer's Telegram name is kept when they redeem the invite.
	if err := h.api.AddUser(botapi.User{ID: 7201, FirstName: "Datuak", LastName: "Rajo Mudo"}); err != nil {
		t.Fatal(err)
	}
	inv, err := h.store.CreateInvite(ctx, "cli", "cli", domain.RoleNagari, nagariA)
	if err != nil {
		t.Fatal(err)
	}
	h.say(7201, "/petugas "+inv.Code)
	h.expect(7201, "staff.bound")
	admin := officer(h, 7202, domain.RoleAdmin, "")
	staffID := func(chat int64) string {
		var id int64
		if err := h.pool.QueryRow(ctx, `select id from staff where chat_id = $1`, chat).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return strconv.FormatInt(id, 10)
	}
	officerID, adminID := staffID(7201), staffID(admin)
	active := func(id string) bool {
		return count(h, `select count(*) from staff where id = $1 and active`, id) == 1
	}

	h.say(admin, "/staf")
	list := h.expect(admin, "staffmenu.list")
	for _, want := range []string{"Datuak Rajo Mudo: petugas nagari Alahan Panjang", "admin kabupaten (Bapak/Ibu sendiri)"} {
		if !strings.Contains(list.Text, want) {
			t.Errorf("the list lacks %q:\n%s", want, list.Text)
		}
	}
	if strings.Contains(menuLabels(list), "staff.list|r:"+adminID+"|") || len(list.ReplyMarkup.InlineKeyboard) != 1 {
		t.Errorf("the admin is offered their own access: %s", menuLabels(list))
	}
	for _, row := range list.ReplyMarkup.InlineKeyboard {
		if unsigned(row[0].CallbackData) == "staff.list|r:"+adminID {
			t.Error("a button revokes the admin's own access")
		}
	}

	// Called off: nothing changes.
	revoke := h.buttonWithValue(list, "staff.list|r:"+officerID)
	h.pressData(admin, list, revoke)
	ask := h.expect(admin, "staffmenu.revoke.ask")
	if !strings.Contains(ask.Text, "Cabut akses Datuak Rajo Mudo sebagai petugas nagari Alahan Panjang?") {
		t.Errorf("confirmation %q", ask.Text)
	}
	h.press(admin, ask, "staffmenu.revoke.no")
	h.expect(admin, "staffmenu.revoke.cancelled")
	if !active(officerID) {
		t.Fatal("cancelling revoked the officer")
	}

	// Confirmed: revoked, and the officer is told in their chat.
	h.pressData(admin, list, revoke)
	h.press(admin, h.expect(admin, "staffmenu.revoke.ask"), "staffmenu.revoke.yes")
	done := h.expect(admin, "staffmenu.revoke.done")
	if !strings.Contains(done.Text, "Datuak Rajo Mudo") || active(officerID) {
		t.Errorf("revoked %v: %q", !active(officerID), done.Text)
	}
	told := h.expect(7201, "staffmenu.revoked")
	if !strings.Contains(told.Text, "petugas nagari Alahan Panjang") {
		t.Errorf("the officer was told %q", told.Text)
	}
	h.say(7201, "/antrian")
	h.expect(7201, "staff.denied")

	// The same button again: a short answer, nothing revoked twice.
	h.pressData(admin, list, revoke)
	h.expect(admin, "staff.revoke.not_found")
	if n := count(h, `select count(*) from audit_log where action = 'staff.revoke'`); n != 1 {
		t.Errorf("%d revocations audited", n)
	}

	// A stale button naming the admin's own binding is refused.
	self := postButton(h, admin, "staff.list|r:"+adminID)
	h.pressData(admin, self, "staff.list|r:"+adminID)
	h.expect(admin, "staffmenu.revoke.self")
	if !active(adminID) {
		t.Fatal("the admin revoked their own access")
	}
	if n := count(h, `select count(*) from outbox where kind = 'staff.revoked'`); n != 1 {
		t.Errorf("%d revocation notices", n)
	}
}
