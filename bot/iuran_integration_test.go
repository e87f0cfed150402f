package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/seal"
)

func init() {
	anyData["Month"] = anyValue // the iuran's month, "Oktober 2026"
}

// wibAt is hour:00 WIB on the day, as an instant.
func wibAt(y int, m time.Month, d, hour int) time.Time {
	return time.Date(y, m, d, hour, 0, 0, 0, time.FixedZone("WIB", 7*3600))
}

// activeMember seeds a verified registration of nagari that is aktif with
// BPJS from start to the end of 2026.
func activeMember(h *harness, chat int64, nik, nagari string, start time.Time) int64 {
	h.t.Helper()
	id := seedRegistration(h, chat, nik, nagari, start)
	_, err := h.pool.Exec(h.t.Context(), `
		update registrations set status = 'terverifikasi', covered_at = now(), membership_state = 'aktif',
			kpj_sealed = $2, cover_start = $3, cover_end = '2026-12-31' where id = $1`,
		id, seal.Dev().Seal(postgres.FieldKPJ, "12345678901"), start)
	if err != nil {
		h.t.Fatal(err)
	}
	return id
}

// noButtons fails unless m has no inline buttons.
func noButtons(h *harness, m botapiMessage) {
	h.t.Helper()
	if m.ReplyMarkup != nil && len(m.ReplyMarkup.InlineKeyboard) > 0 {
		h.t.Fatalf("buttons under %q: %+v", m.Text, m.ReplyMarkup.InlineKeyboard)
	}
}

// A regency admin records October's iuran of Alahan Panjang from the bot,
// on the bot's clock of 20 October 2026: the store has the month paid and
// audited under the admin, a second press of the month says so, the
// warning job then warns only the nagari that did not pay, and a month
// later counts one unpaid month, not two. The nagari's officer sees the
// position, and neither the bot nor the store lets them record.
func TestAdminRecordsIuranFromTheBot(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	clock := wibAt(2026, 10, 20, 9)
	h.stop()
	h.now = func() time.Time { return clock }
	h.start()

	start := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	activeMember(h, h.user(21001), "1302044505800041", nagariA, start)
	activeMember(h, h.user(21002), "1302044505800042", nagariA, start)
	activeMember(h, h.user(21003), "1302134505800043", nagariB, start)
	admin := officer(h, 21010, domain.RoleAdmin, "")
	staff := officer(h, 21011, domain.RoleNagari, nagariA)

	h.say(admin, "/iuran")
	kec := h.expect(admin, "iuranbot.kecamatan.ask")
	h.press(admin, kec, "Lembah Gumanti")
	nagari := h.expect(admin, "iuranbot.nagari.ask")
	h.press(admin, nagari, "Alahan Panjang")
	pos := h.expect(admin, "iuranbot.position")
	for _, want := range []string{"Nagari Alahan Panjang", "Peserta aktif: 2", "Iuran Rp16.800",
		"Oktober 2026: ⚠️ Rp33.600 (2 peserta) belum dibayar, terlambat sejak 16 Oktober 2026",
		"September 2026: tidak ada iuran"} {
		if !strings.Contains(pos.Text, want) {
			t.Errorf("position lacks %q:\n%s", want, pos.Text)
		}
	}
	pay := h.button(pos, "✅ Catat dibayar: Oktober 2026")
	if _, err := h.api.PressButton(admin, pos.ID, pay); err != nil {
		t.Fatal(err)
	}
	confirm := h.expect(admin, "iuranbot.confirm.ask")
	if !strings.Contains(confirm.Text, "2 peserta × Rp16.800 = Rp33.600") {
		t.Errorf("confirmation %q", confirm.Text)
	}
	yes := h.button(confirm, "iuranbot.confirm.yes")
	if _, err := h.api.PressButton(admin, confirm.ID, yes); err != nil {
		t.Fatal(err)
	}
	if done := h.expect(admin, "iuranbot.paid.done"); !strings.Contains(done.Text, "Oktober 2026") || !strings.Contains(done.Text, "Rp33.600") {
		t.Errorf("done %q", done.Text)
	}

	// Recorded as the CLI records it, audited under the admin's binding.
	status, err := h.store.IuranStatus(t.Context(), nagariA, clock)
	if err != nil {
		t.Fatal(err)
	}
	if len(status) != 1 || !status[0].Months[0].Paid || status[0].Months[0].Amount != 33600 || status[0].Streak != 0 {
		t.Fatalf("status after the bot recorded October: %+v", status)
	}
	var actor, after string
	var bound bool
	if err := h.pool.QueryRow(t.Context(), `
		select a.actor, a.after::text, a.staff_id = s.id from audit_log a join staff s on s.chat_id = $1
		where a.action = 'iuran.paid'`, admin).Scan(&actor, &after, &bound); err != nil {
		t.Fatal(err)
	}
	if actor != "chat:21010" || !bound || !strings.Contains(after, `"month": "2026-10"`) || !strings.Contains(after, `"amount": "33600"`) {
		t.Errorf("audit: %s %s bound %v", actor, after, bound)
	}

	// The confirmation pressed again (a double tap Telegram delivered
	// twice) is stale; the month's button again says it was recorded.
	twice := postButton(h, admin, "iuran.confirm|yes")
	h.pressData(admin, twice, "iuran.confirm|yes")
	h.expect(admin, "button.stale")
	h.expect(admin, "menu.ask")
	if _, err := h.api.PressButton(admin, pos.ID, pay); err != nil {
		t.Fatal(err)
	}
	if again := h.expect(admin, "iuranbot.paid.already"); !strings.Contains(again.Text, "Rp33.600") {
		t.Errorf("second record %q", again.Text)
	}
	var payments int
	if err := h.pool.QueryRow(t.Context(), `select count(*) from iuran_payments`).Scan(&payments); err != nil || payments != 1 {
		t.Fatalf("%d payments recorded (%v), want 1", payments, err)
	}

	// The warning job on the same clock: Paninggahan, unpaid, is warned;
	// Alahan Panjang is not.
	c, err := h.store.MembershipChores(t.Context(), clock)
	if err != nil {
		t.Fatal(err)
	}
	warned := outbox(h, `where msg = 'iuran.notify.unpaid'`)
	if c.Warned != 1 || len(warned) != 2 || warned[0].Nagari != nagariB || warned[1].Nagari != nagariB {
		t.Fatalf("warned %d: %+v", c.Warned, warned)
	}
	// A month later November is unpaid: one month, not two.
	if _, err := h.store.MembershipChores(t.Context(), wibAt(2026, 11, 16, 9)); err != nil {
		t.Fatal(err)
	}
	warned = outbox(h, `where msg = 'iuran.notify.unpaid' and nagari_code = $1`, nagariA)
	if len(warned) != 2 || warned[0].Data["Streak"] != "1" {
		t.Fatalf("Alahan Panjang's warnings after November: %+v", warned)
	}

	// The nagari's officer reads the position, without buttons.
	h.say(staff, "/iuran")
	seen := h.expect(staff, "iuranbot.position")
	noButtons(h, seen)
	for _, want := range []string{"Oktober 2026: ✅ sudah dibayar Rp33.600", "dicatat oleh admin kabupaten"} {
		if !strings.Contains(seen.Text, want) {
			t.Errorf("the officer's position lacks %q:\n%s", want, seen.Text)
		}
	}
	// A month's button made for the officer's chat (a forged or old one)
	// is refused, and so is the effect itself at the store.
	press := postButton(h, staff, "iuran.pay|"+nagariA+":2026-10")
	h.pressData(staff, press, "iuran.pay|"+nagariA+":2026-10")
	h.expect(staff, "staff.admin_only")
	res, err := h.store.Apply(t.Context(), staff, []engine.Effect{engine.RecordIuran{Nagari: nagariA, Month: domain.MonthOf(start).Add(1)}})
	if err != nil || len(res) != 1 || res[0].Err != "staff.admin_only" {
		t.Fatalf("an officer recording at the store: %+v, %v", res, err)
	}

	// /rekap ends with the iuran of the officer's nagari.
	h.say(staff, "/rekap")
	h.expect(staff, "staff.recap")
	recapChart(h, staff, "staff.recap.chart", "recap-iuran")
	if line := h.expect(staff, "iuranbot.recap"); !strings.Contains(line.Text, "Alahan Panjang: bulan ini Rp33.600, ✅ sudah dibayar") {
		t.Errorf("recap's iuran %q", line.Text)
	}
}
