package flows

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

// linkWorld answers the link effects as the store would for one chat.
type linkWorld struct {
	onSubmit string // the code an assisted submission answers with
	waiting  bool   // a submission lands on the waiting list
	staff    bool   // the chat is a nagari officer or kader
	// records are the registrations of the chat's reach, by NIK.
	records map[domain.NIK]engine.LinkedPerson
	codes   map[string]engine.LinkedPerson // live codes, normalised
	phones  map[domain.Phone][]engine.LinkedPerson
	wrong   int // wrong codes sent so far
	asked   []engine.Effect
}

func (lw *linkWorld) apply(e engine.Effect, r *engine.Result) {
	switch e := e.(type) {
	case engine.CreateLinkCode:
		lw.asked = append(lw.asked, e)
		p, ok := lw.records[e.NIK]
		switch {
		case !lw.staff:
			r.Err = "link.code.denied"
		case !ok:
			r.Err = "link.code.not_found"
		default:
			*r = engine.Answered(e, engine.LinkCode{Code: "KMR-TXA", Number: p.Number, Name: p.Name, Expires: now.Add(7 * 24 * time.Hour)})
		}
	case engine.LinkByCode:
		lw.asked = append(lw.asked, e)
		p, ok := lw.codes[e.Code]
		switch {
		case lw.wrong >= 5:
			r.Err = "link.wait"
		case !ok:
			lw.wrong++
			r.Err = "link.code.wrong"
		default:
			delete(lw.codes, e.Code)
			*r = engine.Answered(e, engine.Linked{People: []engine.LinkedPerson{p}})
		}
	case engine.LinkByPhone:
		lw.asked = append(lw.asked, e)
		if ps := lw.phones[e.Phone]; len(ps) > 0 {
			*r = engine.Answered(e, engine.Linked{People: ps})
		} else {
			r.Err = "link.phone.none"
		}
	}
}

var (
	siti = engine.LinkedPerson{Number: "REG-2026-000001", Name: "Siti Rahmah", Nagari: "Alahan Panjang"}
	adi  = engine.LinkedPerson{Number: "REG-2026-000002", Name: "Adi Putra", Nagari: "Alahan Panjang"}
)

// hasButton reports whether a reply offers the button labelled msg.
func hasButton(r engine.Reply, msg string) bool {
	for _, row := range r.Buttons {
		if slices.ContainsFunc(row, func(b engine.Button) bool { return b.Msg == msg }) {
			return true
		}
	}
	return false
}

func TestLinkRecord(t *testing.T) {
	t.Parallel()
	m := testMachine(t)

	t.Run("an_assisted_registration_ends_with_the_code_to_read_out", func(t *testing.T) {
		w := &world{assisted: assistedWorld{nagari: "13.02.04.2001"}, link: linkWorld{onSubmit: "KMR-TXA"}}
		turns := []turn{
			{engine.Slash("daftarkan", ""), []string{"assisted.consent.intro", "reg.consent.ask"}},
			{press("lisan"), []string{"reg.nik.ask"}},
		}
		turns = append(turns, workerTurns(nikSiti, "Siti Rahmah")...)
		turns = append(turns, turn{press("submit"), []string{"assisted.done"}})
		_, last := transcript(t, m, w, engine.Session{}, turns)
		code, ok := last[0].Data["Code"].(engine.Phrase)
		if !ok || code.Msg != "link.code.after" || code.Data["Code"] != "KMR-TXA" {
			t.Fatalf("done message carries no code: %+v", last[0].Data)
		}
		if exp := code.Data["Expires"].(time.Time); !exp.Equal(now.Add(7*24*time.Hour)) || exp.Location().String() != "WIB" {
			t.Errorf("the code expires %v, want 7 days on, in WIB", exp)
		}
		if !hasButton(last[0], "assisted.again.yes") {
			t.Error("the next worker is no longer one tap away")
		}
		sh := shareOf(last[0])
		if sh == nil {
			t.Fatalf("done message has no WhatsApp button: %+v", last[0].Buttons)
		}
		if sh.Phone != "+6281234567890" || sh.Start != "kKMRTXA" || sh.Msg != "whatsapp.registered" {
			t.Errorf("share %+v, want the worker's phone and the start parameter kKMRTXA", sh)
		}
		if sh.Data["Number"] != "REG-2026-000001" || sh.Data["Code"] != "KMR-TXA" || sh.Data["Nagari"] != "Alahan Panjang" {
			t.Errorf("share data %+v", sh.Data)
		}
		for k, v := range sh.Data {
			if s, ok := v.(string); ok && strings.Contains(s, string(nikSiti)) {
				t.Errorf("the WhatsApp message holds the NIK in %s", k)
			}
		}
	})

	t.Run("a_waiting_registration_without_a_code_tells_so_on_whatsapp", func(t *testing.T) {
		w := &world{assisted: assistedWorld{nagari: "13.02.04.2001"}, link: linkWorld{waiting: true}}
		turns := []turn{
			{engine.Slash("daftarkan", ""), []string{"assisted.consent.intro", "reg.consent.ask"}},
			{press("lisan"), []string{"reg.nik.ask"}},
		}
		turns = append(turns, workerTurns(nikSiti, "Siti Rahmah")...)
		turns = append(turns, turn{press("submit"), []string{"assisted.done"}})
		_, last := transcript(t, m, w, engine.Session{}, turns)
		sh := shareOf(last[0])
		if sh == nil || sh.Start != "" || sh.Data["Waiting"] != true {
			t.Fatalf("share %+v, want the waiting list and no start link", sh)
		}
	})

	t.Run("the_start_link_from_whatsapp_links_as_sambung_does", func(t *testing.T) {
		w := &world{link: linkWorld{codes: map[string]engine.LinkedPerson{"KMRTXA": siti}}}
		s, last := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", "kKMRTXA"), []string{"link.done", "menu.ask"}},
		})
		if ps := last[0].Data["People"].([]engine.Phrase); len(ps) != 1 || ps[0].Data["Name"] != "Siti Rahmah" {
			t.Errorf("linked message %+v", last[0].Data)
		}
		transcript(t, m, w, s, []turn{
			// Used once: the link again is a wrong code, said as /sambung says it.
			{engine.Slash("start", "kKMRTXA"), []string{"link.code.wrong", "link.ask"}},
			{text("kembali"), []string{"keyboard.closed", "menu.ask"}},
			// A link cut short or typed wrong is said politely.
			{engine.Slash("start", "kKMRTX"), []string{"welcome", "start.link_unknown", "menu.ask"}},
			{engine.Slash("start", "kkmrtxa"), []string{"welcome", "start.link_unknown", "menu.ask"}},
		})
		want := []engine.Effect{engine.LinkByCode{Code: "KMRTXA"}, engine.LinkByCode{Code: "KMRTXA"}}
		if !slices.Equal(w.link.asked, want) {
			t.Errorf("asked %v, want %v", w.link.asked, want)
		}
	})

	t.Run("the_start_link_mid_form_comes_back_to_the_question", func(t *testing.T) {
		w := &world{link: linkWorld{codes: map[string]engine.LinkedPerson{"KMRTXA": siti}}}
		transcript(t, m, w, engine.Session{}, append(slices.Clone(toSummary[:4]),
			turn{engine.Slash("start", "kKMRTXA"), []string{"link.done", "reg.identity.ask"}},
		))
	})

	t.Run("an_officer_makes_a_code_for_a_nik", func(t *testing.T) {
		w := &world{link: linkWorld{staff: true, records: map[domain.NIK]engine.LinkedPerson{nikSiti: siti}}}
		_, last := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("kodesambung", ""), []string{"link.code.nik_ask"}},
			{sticker, []string{"input.type_text", "link.code.nik_ask"}},
			{text("1302 0445"), []string{"nik.invalid_length", "link.code.nik_ask"}},
			{text("1302 0445 0580 0001"), []string{"link.code.show"}},
		})
		if last[0].Data["Code"] != "KMR-TXA" || last[0].Data["Name"] != "Siti Rahmah" {
			t.Errorf("code message %+v", last[0].Data)
		}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("kodesambung", nikSiti), []string{"link.code.show"}},
			{engine.Slash("kodesambung", nikAdi), []string{"link.code.not_found"}},
			{engine.Slash("kodesambung", "12345"), []string{"nik.invalid_length"}},
			{engine.Slash("kodesambung", ""), []string{"link.code.nik_ask"}},
			{press("cancel"), []string{"link.cancelled"}},
		})
		if n := len(w.link.asked); n != 3 {
			t.Errorf("%d codes asked for, want 3", n)
		}
	})

	t.Run("a_worker_is_refused_a_code", func(t *testing.T) {
		w := &world{link: linkWorld{records: map[domain.NIK]engine.LinkedPerson{nikSiti: siti}}}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("kodesambung", nikSiti), []string{"link.code.denied"}},
		})
	})

	t.Run("an_unregistered_chat_links_with_the_code_from_its_start_menu", func(t *testing.T) {
		w := &world{link: linkWorld{codes: map[string]engine.LinkedPerson{"KMRTXA": siti}}}
		s, last := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
		})
		if !hasButton(last[1], "link.menu") {
			t.Fatalf("the start menu offers no link: %+v", last[1].Buttons)
		}
		s, last = transcript(t, m, w, s, []turn{
			{press("link"), []string{"link.ask"}},
			{sticker, []string{"input.type_text", "link.ask"}},
			{text("12"), []string{"link.code.format", "link.ask"}},
			{text(strings.Repeat("A", 2000)), []string{"input.too_long", "link.ask"}},
			{text("KMR-TXB"), []string{"keyboard.closed", "link.code.wrong", "link.ask"}},
			{text("kmr txa"), []string{"keyboard.closed", "link.done", "menu.ask"}},
		})
		if ps := last[1].Data["People"].([]engine.Phrase); len(ps) != 1 || ps[0].Data["Name"] != "Siti Rahmah" {
			t.Errorf("linked message %+v", last[1].Data)
		}
		if !last[0].RemoveKeyboard {
			t.Errorf("the contact keyboard stays: %+v", last[0])
		}
		if s.Step != stepMenu {
			t.Errorf("chat left on %q", s.Step)
		}
	})

	t.Run("a_registered_chat_is_not_offered_the_link", func(t *testing.T) {
		w := &world{chatReg: "REG-2026-000007"}
		_, last := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
		})
		if hasButton(last[1], "link.menu") {
			t.Error("a registered chat is offered to link")
		}
	})

	t.Run("sambung_with_the_code_links_at_once", func(t *testing.T) {
		w := &world{link: linkWorld{codes: map[string]engine.LinkedPerson{"KMRTXA": siti}}}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("sambung", "KMR TX"), []string{"link.code.format", "link.ask"}},
			{engine.Slash("sambung", "KMR-TXA"), []string{"keyboard.closed", "link.done", "menu.ask"}},
			// Used once: the same code again is wrong.
			{engine.Slash("sambung", "KMR-TXA"), []string{"link.code.wrong", "link.ask"}},
			{text("kembali"), []string{"keyboard.closed", "menu.ask"}},
		})
	})

	t.Run("sambung_mid_form_comes_back_to_the_question", func(t *testing.T) {
		w := &world{link: linkWorld{codes: map[string]engine.LinkedPerson{"KMRTXA": siti}}}
		transcript(t, m, w, engine.Session{}, append(slices.Clone(toSummary[:4]),
			turn{engine.Slash("sambung", ""), []string{"link.ask"}},
			turn{engine.Slash("sambung", "KMR-TXA"), []string{"keyboard.closed", "link.done", "reg.identity.ask"}},
		))
	})

	t.Run("a_household_links_by_sharing_its_own_number", func(t *testing.T) {
		w := &world{link: linkWorld{phones: map[domain.Phone][]engine.LinkedPerson{"+6281234567890": {siti, adi}}}}
		_, last := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("sambung", ""), []string{"link.ask"}},
			{engine.Input{Kind: engine.KindContact, Phone: "6281234567890", OwnContact: false}, []string{"link.contact.not_own", "link.ask"}},
			{engine.Input{Kind: engine.KindContact, Phone: "+4915112345678", OwnContact: true}, []string{"link.contact.invalid", "link.ask"}},
			{engine.Input{Kind: engine.KindContact, Phone: "6281299990000", OwnContact: true}, []string{"keyboard.closed", "link.phone.none", "link.ask"}},
			{engine.Input{Kind: engine.KindContact, Phone: "6281234567890", OwnContact: true}, []string{"keyboard.closed", "link.done", "menu.ask"}},
		})
		if n := len(last[1].Data["People"].([]engine.Phrase)); n != 2 {
			t.Errorf("%d people linked, want 2", n)
		}
		// Someone else's contact was never looked up.
		if n := len(w.link.asked); n != 2 {
			t.Errorf("%d lookups, want 2: %+v", n, w.link.asked)
		}
	})

	t.Run("the_sixth_wrong_code_is_told_to_wait", func(t *testing.T) {
		w := &world{link: linkWorld{codes: map[string]engine.LinkedPerson{"KMRTXA": siti}}}
		turns := []turn{{engine.Slash("sambung", ""), []string{"link.ask"}}}
		for _, c := range []string{"AAA-AAA", "AAA-AAC", "AAA-AAD", "AAA-AAE", "AAA-AAF"} {
			turns = append(turns, turn{text(c), []string{"keyboard.closed", "link.code.wrong", "link.ask"}})
		}
		turns = append(turns, turn{text("KMR-TXA"), []string{"keyboard.closed", "link.wait", "menu.ask"}})
		transcript(t, m, w, engine.Session{}, turns)
	})

	t.Run("the_database_down_says_so", func(t *testing.T) {
		w := &world{down: true}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("sambung", "KMR-TXA"), []string{"error.unavailable", "menu.ask"}},
		})
	})
}

// shareOf returns the WhatsApp share of a reply's buttons, or nil.
func shareOf(r engine.Reply) *engine.Share {
	for _, row := range r.Buttons {
		for _, b := range row {
			if b.Share != nil {
				return b.Share
			}
		}
	}
	return nil
}
