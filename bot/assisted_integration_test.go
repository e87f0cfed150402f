package bot_test

import (
	"strings"
	"testing"

	"github.com/jaganagari/jaganagari/internal/domain"
)

// kader binds user as a kader of nagari through the real onboarding.
func kader(h *harness, user int64, nagari string) int64 {
	h.t.Helper()
	h.user(user)
	inv, err := h.store.CreateInvite(h.t.Context(), "cli", "cli", domain.RoleKader, nagari)
	if err != nil {
		h.t.Fatal(err)
	}
	h.say(user, "/petugas "+inv.Code)
	h.expect(user, "assisted.kader.bound")
	return user
}

// enterWorker answers the registration's questions for a worker in front
// of the officer, from the consent (given as consent, a button message ID)
// to the summary, and sends it. The nagari is never asked: it is the
// officer's.
func enterWorker(h *harness, officer int64, start func(), consent, nik, name, phone string) {
	h.t.Helper()
	start()
	h.expect(officer, "assisted.consent.intro")
	m := h.expect(officer, "reg.consent.ask")
	h.press(officer, m, consent)
	if consent == "assisted.consent.form" {
		h.expect(officer, "assisted.form.ask")
		if _, err := h.api.SendPhoto(officer, ""); err != nil {
			h.t.Fatal(err)
		}
		h.expect(officer, "assisted.form.saved")
	}
	h.expect(officer, "reg.nik.ask")
	h.say(officer, nik)
	m = h.expect(officer, "reg.identity.ask")
	h.press(officer, m, "reg.identity.yes")
	h.expect(officer, "reg.name.ask")
	h.say(officer, name)
	h.expect(officer, "reg.address.ask")
	h.say(officer, "Jorong Koto Baru")
	m = h.expect(officer, "reg.occupation.ask")
	h.press(officer, m, "occupation.petani")
	ask := h.expect(officer, "assisted.phone.ask")
	if ask.Keyboard != nil {
		h.t.Errorf("the worker's phone question offers the officer's own number: %+v", ask.Keyboard)
	}
	h.say(officer, phone)
	h.expect(officer, "reg.phone.saved")
	h.expect(officer, "reg.mother.ask")
	h.say(officer, "Rosmaniar")
	h.expect(officer, "reg.heir.name_ask")
	h.say(officer, "Budi Santoso")
	m = h.expect(officer, "reg.heir.relation_ask")
	h.press(officer, m, "relation.anak")
	summary := h.expect(officer, "reg.summary.ask")
	if strings.Contains(summary.Text, "Ubah nagari") {
		h.t.Error("the summary offers to change the officer's nagari")
	}
	h.press(officer, summary, "reg.summary.submit")
}

func TestOfficerRegistersThreeWorkersInARow(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	petugas := officer(h, 3001, domain.RoleNagari, "13.02.04.2001")

	// The "Daftarkan pekerja lain" button under the last done message.
	var again string
	var doneID int
	workers := []struct{ consent, nik, name, phone string }{
		{"assisted.consent.spoken", "1302044505800001", "Siti Rahmah", "0812 1111 0001"},
		{"assisted.consent.form", "1302041201750002", "Adi Putra", "0812 1111 0002"},
		{"assisted.consent.spoken", "1302045708820003", "Rina Wati", "0812 1111 0003"},
	}
	for i, w := range workers {
		// An officer spends minutes with each worker: the chat's rate
		// window passes between them.
		h.windowPasses(petugas)
		start := func() { h.say(petugas, "/daftarkan") }
		if i > 0 {
			data, id := again, doneID
			start = func() {
				if _, err := h.api.PressButton(petugas, id, data); err != nil {
					t.Fatal(err)
				}
			}
		}
		enterWorker(h, petugas, start, w.consent, w.nik, w.name, w.phone)
		m := h.expect(petugas, "assisted.done")
		if !strings.Contains(m.Text, w.name) {
			t.Errorf("done message does not name %s: %q", w.name, m.Text)
		}
		again, doneID = h.button(m, "assisted.again.yes"), m.ID
	}

	if n := rows(t, h, "where chat_id is null and entered_by_chat = $1 and consent_witness is not null", petugas); n != 3 {
		t.Fatalf("%d registrations entered by the officer without a chat, want 3", n)
	}
	if n := rows(t, h, "where consent_mode = 'formulir' and consent_form_file is not null"); n != 1 {
		t.Errorf("%d registrations with a signed form's photo, want 1", n)
	}
	if n := rows(t, h, "where nagari_code = '13.02.04.2001'"); n != 3 {
		t.Errorf("%d registrations in the officer's nagari, want 3", n)
	}
	// The nagari's staff are told as usual, that it was entered with help.
	notices := outbox(h, "where msg = 'assisted.notify.registration' and nagari_code = '13.02.04.2001'")
	if len(notices) != 3 {
		t.Fatalf("%d staff notices of assisted registrations, want 3", len(notices))
	}
	for i, n := range notices {
		if n.Data["Role"] != "msg:staff.role.petugas_nagari" || n.Data["Witness"] == "" || n.Data["Name"] != workers[i].name {
			t.Errorf("notice %d does not say who entered it: %+v", i, n.Data)
		}
	}

	// The officer's /status lists their entries.
	h.say(petugas, "/status")
	list := h.expect(petugas, "household.status.list")
	if !strings.Contains(list.Text, "3 orang") {
		t.Errorf("status list: %q", list.Text)
	}
	for range 3 {
		h.expect(petugas, "household.status.person")
	}
}

func TestKaderOutsideTheirNagariIsRefused(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	k := kader(h, 3101, "13.02.04.2001") // Alahan Panjang

	h.say(k, "/daftarkan Sirukam") // a nagari of another kecamatan
	h.expect(k, "assisted.outside")
	h.say(k, "/daftarkan 13.02.06.2003")
	h.expect(k, "assisted.outside")
	// A worker is not staff at all.
	w := h.user(3102)
	h.say(w, "/daftarkan")
	h.expect(w, "assisted.denied")
	// A kader cannot verify: the queue is closed to them.
	h.say(k, "/antrian")
	h.expect(k, "staff.denied")

	// In their own nagari the kader registers, recorded as the witness.
	enterWorker(h, k, func() { h.say(k, "/daftarkan") }, "assisted.consent.spoken", "1302044505800001", "Siti Rahmah", "0812 1111 0001")
	h.expect(k, "assisted.done")
	if n := rows(t, h, `r join staff s on s.id = r.consent_witness where s.role = 'kader' and r.entered_by_chat = $1 and r.chat_id is null`, k); n != 1 {
		t.Errorf("%d registrations witnessed by the kader, want 1", n)
	}
	if n := rows(t, h, ""); n != 1 {
		t.Errorf("%d registrations, want 1", n)
	}
}

func TestHouseholdRegistersASpouseFromTheSamePhone(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	user := h.user(3201)
	fill(h, user, "1302044505800001", "")
	h.press(user, h.expect(user, "reg.summary.ask"), "reg.summary.submit")
	h.expect(user, "reg.done")
	m := h.expect(user, "menu.ask")
	h.windowPasses(user)

	// Daftar again: already registered, with the offer for a family member.
	h.press(user, m, "menu.register")
	h.expect(user, "reg.already")
	h.expect(user, "status.show")
	offer := h.expect(user, "household.offer")
	h.expect(user, "menu.ask")

	// A child under 15 is refused at the NIK.
	h.press(user, offer, "household.add")
	h.expect(user, "household.intro")
	h.press(user, h.expect(user, "reg.consent.ask"), "reg.consent.agree")
	h.expect(user, "reg.nik.ask")
	h.say(user, "1302041003160003") // born 10 March 2016
	h.expect(user, "household.too_young")
	h.expect(user, "menu.ask")

	// The spouse gives their own consent and is registered from this phone.
	h.windowPasses(user)
	h.say(user, "/keluarga")
	h.expect(user, "household.intro")
	h.press(user, h.expect(user, "reg.consent.ask"), "reg.consent.agree")
	h.expect(user, "reg.nik.ask")
	h.say(user, "1302041201750002")
	h.press(user, h.expect(user, "reg.identity.ask"), "reg.identity.yes")
	h.expect(user, "reg.name.ask")
	h.say(user, "Adi Putra")
	h.expect(user, "reg.address.ask")
	h.say(user, "Jorong Koto Baru")
	h.press(user, h.expect(user, "reg.kecamatan.ask"), "Lembah Gumanti")
	h.press(user, h.expect(user, "reg.nagari.ask"), "Alahan Panjang")
	h.press(user, h.expect(user, "reg.occupation.ask"), "occupation.ojek_sopir")
	h.expect(user, "reg.phone.ask")
	h.say(user, "0813 1111 2222")
	h.expect(user, "reg.phone.saved")
	h.expect(user, "reg.mother.ask")
	h.say(user, "Nurhayati")
	h.expect(user, "reg.heir.name_ask")
	h.say(user, "Siti Rahmah")
	h.press(user, h.expect(user, "reg.heir.relation_ask"), "relation.pasangan")
	h.press(user, h.expect(user, "reg.summary.ask"), "reg.summary.submit")
	h.expect(user, "reg.done")
	h.expect(user, "household.again")
	h.expect(user, "menu.ask")

	if n := rows(t, h, "where chat_id = $1 and entered_by_chat = $1 and consent_mode = 'sendiri'", user); n != 2 {
		t.Fatalf("%d registrations of this chat, want 2", n)
	}

	// /status lists both.
	h.say(user, "/status")
	list := h.expect(user, "household.status.list")
	if !strings.Contains(list.Text, "2 orang") {
		t.Errorf("status list: %q", list.Text)
	}
	first, second := h.expect(user, "household.status.person"), h.expect(user, "household.status.person")
	if !strings.HasPrefix(first.Text, "Adi Putra") || !strings.HasPrefix(second.Text, "Siti Rahmah") {
		t.Errorf("status lists %q and %q", first.Text, second.Text)
	}
	h.expect(user, "menu.ask")

	// /dataku asks whose, then shows that person's data only.
	h.say(user, "/dataku")
	pick := h.expect(user, "household.pick.show")
	var siti string
	for _, row := range pick.ReplyMarkup.InlineKeyboard {
		if strings.HasPrefix(row[0].Text, "Siti Rahmah") {
			siti = row[0].CallbackData
		}
	}
	if siti == "" {
		t.Fatalf("no button for Siti Rahmah under %q", pick.Text)
	}
	if _, err := h.api.PressButton(user, pick.ID, siti); err != nil {
		t.Fatal(err)
	}
	shown := h.expect(user, "privacy.show")
	if !strings.Contains(shown.Text, "Siti Rahmah") || strings.Contains(shown.Text, "Adi Putra\n") {
		t.Errorf("dataku shows %q", shown.Text)
	}
}
