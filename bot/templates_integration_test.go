package bot_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/export"
)

// TestTemplatesThroughTelegram: a regency admin's /templat sends both
// templates as XLSX documents, each with the columns the import reads; a
// nagari officer gets BPJS's result template only; a kader and a worker
// get none.
func TestTemplatesThroughTelegram(t *testing.T) {
	t.Parallel()
	h := newHarness(t)

	// columnsOf reads back a template the bot sent: its header row.
	columnsOf := func(chat int64, name string) []string {
		t.Helper()
		m := h.expectFile(chat, "templat.file")
		if m.Document == nil || m.Document.FileName != name {
			t.Fatalf("file %+v, want the document %s", m.Document, name)
		}
		cells, err := export.Read(name, h.download(m.Document.FileID))
		if err != nil || len(cells) == 0 {
			t.Fatalf("read %s back: %v", name, err)
		}
		return cells[0]
	}

	admin := officer(h, 9301, domain.RoleAdmin, "")
	h.say(admin, "/templat")
	if intro := next(t, h, admin); !strings.Contains(intro.Text, "impor Alahan Panjang") || !strings.Contains(intro.Text, "Hasil BPJS") {
		t.Errorf("the admin's introduction: %q", intro.Text)
	}
	if got := columnsOf(admin, "templat-impor-peserta.xlsx"); !slices.Equal(got, domain.ImportTemplateColumns()) {
		t.Errorf("import template columns %q", got)
	}
	if got := columnsOf(admin, "templat-hasil-bpjs.xlsx"); !slices.Equal(got, domain.ResultTemplateColumns()) {
		t.Errorf("result template columns %q", got)
	}

	nagariOfficer := officer(h, 9302, domain.RoleNagari, nagariA)
	h.say(nagariOfficer, "/templat")
	if intro := next(t, h, nagariOfficer); strings.Contains(intro.Text, "impor") || !strings.Contains(intro.Text, "Hasil BPJS") {
		t.Errorf("the officer's introduction: %q", intro.Text)
	}
	columnsOf(nagariOfficer, "templat-hasil-bpjs.xlsx")
	h.say(nagariOfficer, "/status")
	h.expect(nagariOfficer, "status.none") // the next message: no import template came

	kader := officer(h, 9303, domain.RoleKader, nagariA)
	h.say(kader, "/templat")
	h.expect(kader, "templat.denied")

	worker := h.user(9304)
	h.say(worker, "/templat")
	h.expect(worker, "templat.denied")
}
