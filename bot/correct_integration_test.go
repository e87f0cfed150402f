package bot_test

import (
	"testing"

	"github.com/jaganagari/jaganagari/internal/engine"
)

// TestWorkerCorrectsTheirPhoneThroughTelegram: /ubah shows the stored
// registration, one field is changed the way it was first answered, and
// "Simpan perubahan" stores it sealed and tells the nagari.
func TestWorkerCorrectsTheirPhoneThroughTelegram(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	user := h.user(7_100_500_001)
	h.registered(user)

	h.say(user, "/ubah")
	h.expect(user, "fix.intro")
	h.press(user, h.expect(user, "fix.summary.ask"), "reg.summary.edit_phone")
	h.expect(user, "reg.phone.ask")
	h.say(user, "0812 9999 8888")
	h.expect(user, "fix.phone.changed")
	h.press(user, h.expect(user, "fix.summary.ask"), "fix.summary.submit")
	h.expect(user, "fix.done")

	res, err := h.store.Apply(t.Context(), user, []engine.Effect{engine.LoadMyData{}})
	if err != nil {
		t.Fatal(err)
	}
	if got := engine.AnswerOf[engine.LoadMyData](&res[0]).Registration; got.Phone != "+6281299998888" || got.Name != "Siti Rahmah" {
		t.Errorf("stored after the correction: phone %q, name %q", string(got.Phone), got.Name)
	}
	var notices int
	if err := h.pool.QueryRow(t.Context(), `select count(*) from outbox where kind = 'registration.corrected'`).Scan(&notices); err != nil || notices != 1 {
		t.Errorf("%d correction notices (%v), want 1", notices, err)
	}
}
