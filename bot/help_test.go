package bot_test

import (
	"strings"
	"testing"

	"github.com/jaganagari/jaganagari/internal/postgres"
)

func TestHelpNamesTheNagariOffice(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	contact := "Jl. Raya Alahan Panjang No. 1, telp. 0755 123456"
	if _, _, err := h.store.SetNagari(t.Context(), "13.02.04.2001", postgres.NagariSetting{Contact: &contact}); err != nil {
		t.Fatal(err)
	}

	// Registered in Alahan Panjang: the help names its office.
	worker := h.user(1301)
	h.registered(worker)
	h.say(worker, "/bantuan")
	help := h.expect(worker, "help")
	h.expect(worker, "menu.ask")
	if !strings.Contains(help.Text, "Kantor wali Nagari Alahan Panjang: "+contact) {
		t.Errorf("help: %q", help.Text)
	}
	for _, cmd := range []string{"/lapor", "/kematian"} {
		if !strings.Contains(help.Text, cmd) {
			t.Errorf("help does not name %s", cmd)
		}
	}

	// Anyone can ask for a nagari by name.
	stranger := h.user(1302)
	h.say(stranger, "/bantuan alahan panjang")
	if got := h.expect(stranger, "help"); !strings.Contains(got.Text, contact) {
		t.Errorf("help for a named nagari: %q", got.Text)
	}
	h.expect(stranger, "menu.ask")
	h.say(stranger, "/bantuan")
	if got := h.expect(stranger, "help"); strings.Contains(got.Text, contact) || strings.Contains(got.Text, "Kantor wali Nagari") {
		t.Errorf("help without a nagari names one: %q", got.Text)
	}
}
