package bot_test

import (
	"bytes"
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
)

func seedReport(h *harness, number, kind, nagari string, reporter int64, stage string) int64 {
	h.t.Helper()
	var id int64
	err := h.pool.QueryRow(h.t.Context(), `
		insert into reports (number, kind, death, idempotency_key, nagari_code, chat_id, stage, for_self, event_date, place, key_id)
		values ($1, $2, $2 = 'jkm', 'seed-' || $1, $3, $4, $5, true, current_date, 'Sawah', 'dev')
		returning id`,
		number, kind, nagari, reporter, stage).Scan(&id)
	if err != nil {
		h.t.Fatal(err)
	}
	return id
}

func TestStaffMovesReportsThroughStages(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := t.Context()
	staff := officer(h, 10001, domain.RoleNagari, nagariA)
	h.say(staff, "/laporan")
	h.expect(staff, "staff.rep.list_empty")
	reporter := h.user(10101)
	id := seedReport(h, "JKK-2026-000001", "jkk", nagariA, reporter, "baru")
	idB := seedReport(h, "JKM-2026-000002", "jkm", nagariB, h.user(10102), "baru")

	h.say(staff, "/laporan")
	list := h.expect(staff, "staff.rep.list")
	h.buttonWithValue(list, "staff.rep|"+strconv.FormatInt(id, 10))
	for _, row := range list.ReplyMarkup.InlineKeyboard {
		if unsigned(row[0].CallbackData) == "staff.rep|"+strconv.FormatInt(idB, 10) {
			t.Error("another nagari's report listed")
		}
	}
	h.pressData(staff, list, "staff.rep|"+strconv.FormatInt(id, 10))
	show := h.expect(staff, "claims.rep.show")
	if !strings.Contains(show.Text, "JKK-2026-000001") || !strings.Contains(show.Text, "kecelakaan kerja") {
		t.Errorf("report shown as %q", show.Text)
	}
	stageOf := func(id int64) (stage string, acted bool) {
		if err := h.pool.QueryRow(ctx, `select stage, acted_at is not null from reports where id = $1`, id).Scan(&stage, &acted); err != nil {
			t.Fatal(err)
		}
		return stage, acted
	}
	// Each stage asks what it records and a confirmation: baru →
	// ditindaklanjuti → diajukan → selesai.
	answers := map[string]func(){
		"diajukan": func() {
			h.expect(staff, "claims.number.ask")
			h.say(staff, "KLM-1")
		},
		"selesai": func() {
			h.press(staff, h.expect(staff, "claims.outcome.ask"), "claims.outcome.ditolak_bpjs")
			h.press(staff, h.expect(staff, "claims.refusal.ask"), "claims.refusal.dokumen_tidak_lengkap")
		},
	}
	for _, next := range []string{"ditindaklanjuti", "diajukan", "selesai"} {
		h.pressData(staff, show, h.buttonWithValue(show, "staff.stage|"+next+":"+strconv.FormatInt(id, 10)))
		if answer := answers[next]; answer != nil {
			answer()
		}
		h.press(staff, h.expect(staff, "claims.confirm"), "claims.confirm.yes")
		h.expect(staff, "claims.staged")
		if st, acted := stageOf(id); st != next || !acted {
			t.Fatalf("stage %s acted=%v, want %s with acted_at set (reminders stop)", st, acted, next)
		}
		data := "staff.rep|" + strconv.FormatInt(id, 10)
		m := postButton(h, staff, data)
		h.pressData(staff, m, data)
		show = h.expect(staff, "claims.rep.show")
	}
	for _, row := range show.ReplyMarkup.InlineKeyboard {
		if strings.HasPrefix(unsigned(row[0].CallbackData), "staff.stage|") {
			t.Error("a finished report still offers stage buttons")
		}
	}
	told := outbox(h, `where chat_id = $1`, reporter)
	if len(told) != 3 || told[0].Msg != "notify.claim.stage" || told[2].Data["Stage"] != "selesai" ||
		told[2].Data["Refusal"] != "msg:claims.refusal.dokumen_tidak_lengkap" {
		t.Errorf("reporter told %+v", told)
	}
	if got := auditActions(h, "report", "JKK-2026-000001"); len(got) != 3 {
		t.Errorf("audit of the stages: %q", got)
	}

	// Rejection with a typed reason; skipping stages and another area's
	// report change nothing.
	id2 := seedReport(h, "JKK-2026-000003", "jkk", nagariA, reporter, "baru")
	for _, data := range []string{"staff.stage|selesai:" + strconv.FormatInt(id2, 10)} {
		m := postButton(h, staff, data)
		h.pressData(staff, m, data)
		h.expect(staff, "staff.rep.unchanged")
	}
	for _, data := range []string{"staff.stage|ditindaklanjuti:" + strconv.FormatInt(idB, 10), "staff.rep|" + strconv.FormatInt(idB, 10)} {
		m := postButton(h, staff, data)
		h.pressData(staff, m, data)
		h.expect(staff, "staff.rep.not_found")
	}
	if st, acted := stageOf(idB); st != "baru" || acted {
		t.Errorf("another nagari's report moved to %s", st)
	}
	data := "staff.stage|ditolak:" + strconv.FormatInt(id2, 10)
	m := postButton(h, staff, data)
	h.pressData(staff, m, data)
	h.expect(staff, "staff.rep.reject_ask")
	h.say(staff, "Bukan kecelakaan kerja")
	h.press(staff, h.expect(staff, "claims.confirm"), "claims.confirm.yes")
	h.expect(staff, "claims.staged")
	var reason string
	if err := h.pool.QueryRow(ctx, `select reject_reason from reports where id = $1`, id2).Scan(&reason); err != nil || reason != "Bukan kecelakaan kerja" {
		t.Errorf("reason %q %v", reason, err)
	}
}

func TestStaffRecapAndCoverage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	staff := officer(h, 11001, domain.RoleNagari, nagariA)
	now := time.Now().Add(-time.Hour)
	v := seedRegistration(h, h.user(11101), "1302044505800031", nagariA, now)
	seedRegistration(h, h.user(11102), "1302044505800032", nagariA, now)
	r := seedRegistration(h, h.user(11103), "1302044505800033", nagariA, now)
	seedRegistration(h, h.user(11104), "1302134505800034", nagariB, now)
	verify(h, staff, v)
	if _, err := h.pool.Exec(t.Context(), `update registrations set status = 'ditolak', reject_reason = 'x' where id = $1`, r); err != nil {
		t.Fatal(err)
	}
	// BPJS accepted the verified worker: an active member (kartu_integration_test.go).
	member(t, h, 11101, domain.MembershipActive, today().AddDate(0, -1, 0), today().AddDate(0, 5, 0))
	seedReport(h, "JKK-2026-000010", "jkk", nagariA, 11101, "baru")
	seedReport(h, "JKK-2026-000011", "jkk", nagariA, 11101, "selesai")
	seedReport(h, "JKK-2026-000012", "jkk", nagariB, 11104, "baru")

	h.say(staff, "/rekap")
	recap := h.expect(staff, "staff.recap")
	for _, want := range []string{"Rekap Alahan Panjang", "Pendaftar: 3", "terverifikasi: 1", "menunggu verifikasi: 1", "ditolak: 1",
		"diajukan: 0", "aktif (terlindungi): 1", "berakhir: 0",
		"Kuota terpakai: 1 dari 100", "Daftar tunggu: 0", "baru 1,", "selesai 1,"} {
		if !strings.Contains(recap.Text, want) {
			t.Errorf("recap lacks %q: %q", want, recap.Text)
		}
	}
	recapChart(h, staff, "staff.recap.chart", "recap-nagari")
	// The recap ends with the area's iuran: one active member, nothing paid.
	if iuran := h.expect(staff, "iuranbot.recap"); !strings.Contains(iuran.Text, "Alahan Panjang: bulan ini Rp16.800") {
		t.Errorf("the recap's iuran reads %q", iuran.Text)
	}

	h.say(staff, "/cakupan")
	h.expect(staff, "staff.admin_only")
	admin := officer(h, 11002, domain.RoleAdmin, "")
	h.say(admin, "/cakupan")
	cov := h.expect(admin, "staff.coverage")
	for _, want := range []string{"Nagari bergabung: 11 dari 74", "Pendaftar 4, terverifikasi 1, diajukan 0, aktif 1, berakhir 0, kuota terpakai 1 dari 800, laporan terbuka 2",
		"Lembah Gumanti: nagari 1/4, daftar 3, verif 1, diajukan 0, aktif 1, berakhir 0, kuota 1/100, laporan 1", "Junjung Sirih: nagari 2/2, daftar 1"} {
		if !strings.Contains(cov.Text, want) {
			t.Errorf("coverage lacks %q:\n%s", want, cov.Text)
		}
	}
	recapChart(h, admin, "staff.coverage.chart", "coverage")
	h.say(admin, "/rekap")
	if recap := h.expect(admin, "staff.recap"); !strings.Contains(recap.Text, "Kabupaten Solok") || !strings.Contains(recap.Text, "Pendaftar: 4") {
		t.Errorf("admin recap %q", recap.Text)
	}
	recapChart(h, admin, "staff.recap.chart", "recap-regency")
}

var chartsDir = flag.String("charts", "", "write the charts staff receive in the tests to this directory, to look at")

// recapChart takes the next message as a chart: a photo captioned msg, a
// PNG 1080 px wide that Telegram keeps at its size (at most 1280 tall).
func recapChart(h *harness, user int64, msg, name string) {
	h.t.Helper()
	m := h.expectFile(user, msg)
	if len(m.Photo) == 0 {
		h.t.Fatalf("%s is not a photo", msg)
	}
	if want, err := h.render.Text("id", msg, map[string]any{"Name": name}); err != nil || m.Caption != want {
		h.t.Errorf("caption %q, want %q (%v)", m.Caption, want, err)
	}
	data := h.download(m.Photo[len(m.Photo)-1].FileID)
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		h.t.Fatal(err)
	}
	if cfg.Width != 1080 || cfg.Height > 1280 {
		h.t.Errorf("%s is %dx%d, want 1080 wide and at most 1280 tall", name, cfg.Width, cfg.Height)
	}
	if *chartsDir != "" {
		if err := os.WriteFile(filepath.Join(*chartsDir, name+".png"), data, 0o644); err != nil {
			h.t.Fatal(err)
		}
	}
}

func TestNagariGroupLinking(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	staff := officer(h, 12001, domain.RoleNagari, nagariA)
	stranger := h.user(12002)
	const group = -4001
	if err := h.api.AddGroup(group, "Nagari Alahan Panjang"); err != nil {
		t.Fatal(err)
	}
	for _, u := range []int64{staff, stranger} {
		if err := h.api.AddMember(group, u); err != nil {
			t.Fatal(err)
		}
	}
	send := func(user int64, text string) {
		if _, err := h.api.SendTextInGroup(group, user, text); err != nil {
			t.Fatal(err)
		}
	}
	send(stranger, "/hubungkan")
	h.expect(group, "staff.denied")
	send(stranger, "/daftar") // only /hubungkan is taken in groups
	send(staff, "/hubungkan")
	linked := h.expect(group, "staff.group.linked")
	if !strings.Contains(linked.Text, "Alahan Panjang") {
		t.Errorf("linked message %q", linked.Text)
	}
	if chat, err := h.store.NagariGroup(t.Context(), nagariA); err != nil || chat != group {
		t.Errorf("nagari_groups has %d (%v)", chat, err)
	}
	bots := 0
	for _, m := range h.api.Chat(group) {
		if m.FromBot {
			bots++
		}
	}
	if bots != 2 {
		t.Errorf("%d bot messages in the group, want 2 (the /daftar was ignored)", bots)
	}
	h.say(staff, "/hubungkan")
	h.expect(staff, "staff.group.only_group")
	if got := count(h, `select count(*) from audit_log where action = 'group.link' and nagari_code = $1`, nagariA); got != 1 {
		t.Errorf("%d audit rows for the link", got)
	}
}
