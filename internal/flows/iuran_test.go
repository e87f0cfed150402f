package flows

import (
	"slices"
	"testing"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

const alahanCode = "13.02.04.2001"

// iuranWorld answers the /iuran effects for Alahan Panjang as at the
// transcripts' now (25 November 2026): two members from September,
// one in August, none in July; August and September paid.
type iuranWorld struct {
	scope    *engine.IuranScope // nil: not staff
	recorder bool               // the chat is a regency admin
	paid     map[domain.Month]int64
	recorded []engine.RecordIuran
	loads    []engine.LoadIuran
	recap    []engine.IuranLine // added to a LoadRecap's answer
}

func month(y, m int) domain.Month {
	return domain.MonthOf(time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC))
}

func (iw *iuranWorld) members(m domain.Month) int {
	switch {
	case m.First().Before(month(2026, 8).First()):
		return 0
	case m == month(2026, 8):
		return 1
	}
	return 2
}

func (iw *iuranWorld) position() engine.IuranPosition {
	p := engine.IuranPosition{Found: true, Code: alahanCode, Name: "Alahan Panjang", Active: 2, Rate: 16800, CanRecord: iw.recorder}
	late := true
	for i := range 5 {
		m := month(2026, 11).Add(-i)
		im := engine.IuranMonth{Month: m, Members: iw.members(m), Rate: 16800}
		im.Due = int64(im.Members) * 16800
		im.Amount, im.Paid = iw.paid[m]
		im.Late = !im.Paid && im.Members > 0 // November is past its 15th
		if late && im.Late {
			p.Streak++
		} else {
			late = false
		}
		p.Months = append(p.Months, im)
	}
	return p
}

func (iw *iuranWorld) apply(e engine.Effect, r *engine.Result) {
	switch e := e.(type) {
	case engine.LoadIuranScope:
		if iw.scope == nil {
			*r = engine.Result{Effect: e.EffectName(), Err: "staff.denied"}
			return
		}
		*r = engine.Answered(e, *iw.scope)
	case engine.LoadIuran:
		iw.loads = append(iw.loads, e)
		if e.Nagari != alahanCode {
			*r = engine.Answered(e, engine.IuranPosition{Found: e.Nagari == "13.02.04.2002", Name: "Sungai Nanam"})
			return
		}
		*r = engine.Answered(e, iw.position())
	case engine.RecordIuran:
		iw.recorded = append(iw.recorded, e)
		if !iw.recorder {
			*r = engine.Result{Effect: e.EffectName(), Err: "staff.admin_only"}
			return
		}
		a := engine.IuranRecorded{Found: e.Nagari == alahanCode, Members: iw.members(e.Month)}
		a.Due = int64(a.Members) * 16800
		if amount, ok := iw.paid[e.Month]; ok {
			a.Already, a.Amount = true, amount
		} else if a.Found {
			a.Amount = a.Due
			if e.Amount != nil {
				a.Amount = *e.Amount
			}
			iw.paid[e.Month] = a.Amount
		}
		*r = engine.Answered(e, a)
	case engine.LoadRecap:
		if iw.recap != nil {
			recap := engine.AnswerOf[engine.LoadRecap](r)
			recap.Iuran = iw.recap
			*r = engine.Answered(e, recap)
		}
	}
}

func payPress(m domain.Month) engine.Input {
	return engine.Press(stepIuranPay, payValue(alahanCode, m))
}

func TestIuran(t *testing.T) {
	t.Parallel()
	m := testMachine(t)
	admin := func() *world {
		return &world{iuran: iuranWorld{
			scope: &engine.IuranScope{Admin: true}, recorder: true,
			paid: map[domain.Month]int64{month(2026, 8): 16800, month(2026, 9): 33600},
		}}
	}

	t.Run("an admin picks a nagari and records a month as paid", func(t *testing.T) {
		w := admin()
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("iuran", ""), []string{"iuranbot.kecamatan.ask"}},
			{text("Lembah Gumanti"), []string{"input.use_buttons", "iuranbot.kecamatan.ask"}},
			{press("13.02.04"), []string{"iuranbot.nagari.ask"}},
			{press("13.02.05.2001"), []string{"input.use_buttons", "iuranbot.nagari.ask"}},
			{press(alahanCode), []string{"iuranbot.position"}},
			{payPress(month(2026, 10)), []string{"iuranbot.confirm.ask"}},
			{text("tiga puluh ribu"), []string{"iuranbot.amount.invalid", "iuranbot.confirm.ask"}},
			{text("Rp 30.000"), []string{"iuranbot.confirm.ask"}},
			{press("yes"), []string{"iuranbot.paid.done"}},
			// The same month's button again, still under the position.
			{payPress(month(2026, 10)), []string{"iuranbot.paid.already"}},
			// A month the position does not show any more.
			{payPress(month(2026, 3)), []string{"iuranbot.pay.stale"}},
			{payPress(month(2026, 9)), []string{"iuranbot.paid.already"}},
		})
		if got := w.iuran.recorded; len(got) != 1 || got[0].Nagari != alahanCode || got[0].Month != month(2026, 10) ||
			got[0].Amount == nil || *got[0].Amount != 30000 {
			t.Fatalf("recorded %+v", w.iuran.recorded)
		}
		if w.iuran.loads[0].At != now {
			t.Fatalf("the position was read as at %v, not the bot's clock", w.iuran.loads[0].At)
		}
	})

	t.Run("the due is recorded by default, and a second press is stale", func(t *testing.T) {
		w := admin()
		s, _ := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{payPress(month(2026, 11)), []string{"iuranbot.confirm.ask"}},
			{press("yes"), []string{"iuranbot.paid.done"}},
			{engine.Press(stepIuranConfirm, "yes"), []string{"button.stale", "menu.ask"}},
		})
		if len(w.iuran.recorded) != 1 || w.iuran.recorded[0].Amount != nil || w.iuran.paid[month(2026, 11)] != 33600 {
			t.Fatalf("recorded %+v, paid %v", w.iuran.recorded, w.iuran.paid)
		}
		for _, k := range iuranKeys {
			if s.Answer(k) != "" {
				t.Fatalf("%s left in the session: %+v", k, s.Answers)
			}
		}
	})

	t.Run("a month a colleague recorded meanwhile says so", func(t *testing.T) {
		w := admin()
		s, _ := transcript(t, m, w, engine.Session{}, []turn{
			{payPress(month(2026, 11)), []string{"iuranbot.confirm.ask"}},
		})
		w.iuran.paid[month(2026, 11)] = 40000
		transcript(t, m, w, s, []turn{
			{press("yes"), []string{"iuranbot.paid.already"}},
		})
	})

	t.Run("a petugas nagari sees the position and cannot record", func(t *testing.T) {
		w := &world{iuran: iuranWorld{scope: &engine.IuranScope{Nagari: []string{alahanCode}}, paid: map[domain.Month]int64{month(2026, 9): 33600}}}
		_, last := transcript(t, m, w, engine.Session{}, []turn{
			// A button from when the chat was an admin.
			{payPress(month(2026, 11)), []string{"staff.admin_only"}},
			{engine.Slash("iuran", ""), []string{"iuranbot.position"}},
		})
		if len(last[0].Buttons) != 0 || last[0].Data["CanRecord"] != false {
			t.Fatalf("an officer is offered %+v", last[0].Buttons)
		}
		if len(w.iuran.recorded) != 0 {
			t.Fatalf("recorded %+v", w.iuran.recorded)
		}
	})

	t.Run("a petugas kecamatan picks one of their nagari", func(t *testing.T) {
		w := &world{iuran: iuranWorld{scope: &engine.IuranScope{Nagari: []string{alahanCode, "13.02.04.2002"}}, paid: map[domain.Month]int64{}}}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("iuran", ""), []string{"iuranbot.nagari.ask"}},
			{press("13.02.04.2002"), []string{"iuranbot.position.none"}},
		})
	})

	t.Run("each question can be called off, and a form's question comes back", func(t *testing.T) {
		w := admin()
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("iuran", ""), []string{"iuranbot.kecamatan.ask"}},
			{press("cancel"), []string{"iuranbot.cancelled"}},
			{engine.Slash("iuran", ""), []string{"iuranbot.kecamatan.ask"}},
			{press("13.02.04"), []string{"iuranbot.nagari.ask"}},
			{press("cancel"), []string{"iuranbot.cancelled"}},
			{payPress(month(2026, 10)), []string{"iuranbot.confirm.ask"}},
			{press("cancel"), []string{"iuranbot.cancelled"}},
			{engine.Slash("daftar", ""), []string{"reg.consent.ask"}},
			{engine.Slash("iuran", ""), []string{"iuranbot.kecamatan.ask"}},
			{press("cancel"), []string{"iuranbot.cancelled", "reg.consent.ask"}},
		})
		if len(w.iuran.recorded) != 0 {
			t.Fatalf("recorded %+v", w.iuran.recorded)
		}
	})

	t.Run("not staff is told so", func(t *testing.T) {
		transcript(t, m, &world{}, engine.Session{}, []turn{
			{engine.Slash("iuran", ""), []string{"staff.denied"}},
		})
	})

	t.Run("the recap shows each nagari's iuran after the figures", func(t *testing.T) {
		w := admin()
		w.iuran.recap = []engine.IuranLine{
			{Nagari: "Paninggahan", Month: month(2026, 11), Due: 16800, Paid: true, Members: 1},
			{Nagari: "Alahan Panjang", Streak: 2, Month: month(2026, 11), Due: 33600, Members: 2},
			{Nagari: "Salimpat", Month: month(2026, 11)},
		}
		_, last := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("rekap", ""), []string{"staff.recap", "iuranbot.recap"}},
		})
		if got := last[1].Data["Late"]; got != 1 {
			t.Fatalf("late nagari %v, want 1", got)
		}
		lines := last[1].Data["Lines"].([]engine.Phrase)
		if !slices.EqualFunc(lines, []string{"Alahan Panjang", "Paninggahan", "Salimpat"}, func(p engine.Phrase, n string) bool {
			return p.Data["Nagari"] == n
		}) {
			t.Fatalf("lines %+v: the late nagari first", lines)
		}
	})
}
