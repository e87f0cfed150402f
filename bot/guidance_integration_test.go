package bot_test

import (
	"strings"
	"testing"

	"github.com/jaganagari/jaganagari/internal/domain"
)

// The guidance messages' fields whose values the tests do not know.
func init() {
	anyData["PLKK"] = anyValue
	anyData["Numbers"] = anyValue
}

// TestPLKKSetByStaffIsNamedInTheAccidentReport: a nagari officer and a
// regency admin type their PLKK lists with /plkk through Telegram, and a
// worker of that nagari reporting an accident is told to go to a PLKK
// without paying first, the nagari's facilities named before the
// regency's, at the treatment question and again after sending.
func TestPLKKSetByStaffIsNamedInTheAccidentReport(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	staff := officer(h, 15001, domain.RoleNagari, "13.02.04.2001")
	admin := officer(h, 15002, domain.RoleAdmin, "")

	h.say(staff, "/plkk")
	h.expect(staff, "guidance.plkk.intro")
	if got := next(t, h, staff).Text; !strings.Contains(got, "Kabupaten Solok") || !strings.Contains(got, "belum diisi") {
		t.Errorf("regency list shown as %q", got)
	}
	if got := next(t, h, staff).Text; !strings.Contains(got, "Nagari Alahan Panjang") {
		t.Errorf("nagari list shown as %q", got)
	}
	pick := h.expect(staff, "guidance.plkk.pick")
	for _, row := range pick.ReplyMarkup.InlineKeyboard {
		if strings.Contains(row[0].Text, "kabupaten") {
			t.Errorf("a nagari officer offered the regency's list: %q", row[0].Text)
		}
	}
	h.press(staff, pick, "✏️ Ganti daftar Nagari Alahan Panjang")
	h.expect(staff, "guidance.plkk.type")
	h.say(staff, "1. Puskesmas Alahan Panjang\n2. Klinik Sehat Alahan Panjang")
	if got := next(t, h, staff).Text; !strings.Contains(got, "tersimpan") || !strings.Contains(got, "• Klinik Sehat Alahan Panjang") {
		t.Errorf("saved as %q", got)
	}

	h.say(admin, "/plkk")
	h.expect(admin, "guidance.plkk.intro")
	next(t, h, admin) // the regency's list
	h.press(admin, h.expect(admin, "guidance.plkk.pick"), "guidance.plkk.edit_regency")
	if got := next(t, h, admin).Text; !strings.Contains(got, "untuk seluruh Kabupaten Solok") {
		t.Errorf("admin asked %q", got)
	}
	h.say(admin, "RSUD Arosuka\npuskesmas alahan panjang")
	if got := next(t, h, admin).Text; !strings.Contains(got, "Kabupaten Solok tersimpan") {
		t.Errorf("saved as %q", got)
	}

	user := h.user(15003)
	h.registered(user) // of Alahan Panjang
	h.say(user, "/start")
	h.expect(user, "welcome")
	h.press(user, h.expect(user, "menu.ask"), "menu.accident")
	h.press(user, h.expect(user, "jkk.whose.ask"), "jkk.whose.self")
	h.press(user, h.expect(user, "jkk.date.ask"), "rep.date.today")
	h.press(user, h.expect(user, "jkk.time.ask"), "timeofday.pagi")
	h.expect(user, "jkk.place.ask")
	h.say(user, "Sawah di Jorong Koto Baru")
	h.expect(user, "rep.location.ask")
	h.say(user, "Lewati")
	h.expect(user, "keyboard.closed")
	h.expect(user, "jkk.what.ask")
	h.say(user, "Terjatuh dari pematang sawah")
	h.press(user, h.expect(user, "jkk.traffic.ask"), "rep.no")
	h.expect(user, "jkk.injury.ask")
	h.say(user, "Kaki kiri terkilir")
	treatment := h.expect(user, "jkk.treatment.ask")
	named := "• Puskesmas Alahan Panjang\n• Klinik Sehat Alahan Panjang\n• RSUD Arosuka"
	if !strings.Contains(treatment.Text, "tidak perlu membayar dulu") || !strings.Contains(treatment.Text, named) ||
		strings.Count(strings.ToLower(treatment.Text), "puskesmas alahan panjang") != 1 {
		t.Errorf("treatment question %q, want the PLKK advice naming\n%s", treatment.Text, named)
	}
	h.press(user, treatment, "treatment.puskesmas")
	h.press(user, h.expect(user, "jkk.witness.ask"), "jkk.witness.skip")
	h.expect(user, "jkk.witness.later")
	h.press(user, h.expect(user, "jkk.photos.ask"), "rep.photos.skip")
	h.press(user, next(t, h, user), "rep.summary.submit")
	h.expect(user, "jkk.done")
	next(t, h, user) // the cover on the day
	if after := h.expect(user, "guidance.plkk.after"); !strings.Contains(after.Text, named) {
		t.Errorf("after sending %q, want the PLKK named", after.Text)
	}
	h.expect(user, "jkk.documents")
	h.expect(user, "jkk.deadline")
	h.expect(user, "menu.ask")
}
