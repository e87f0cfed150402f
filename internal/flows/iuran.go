package flows

// /iuran: a nagari's monthly iuran to BPJS Ketenagakerjaan, for staff of
// its area, and a month recorded as paid by a regency admin, through the
// same store function as `jaganagari iuran paid`.
//
//	/iuran → iuran.wait (the chat's area) →
//	    admin: iuran.kecamatan → iuran.nagari → iuran.wait → the position,
//	           with a button per unpaid month (iuran.pay)
//	    petugas kecamatan: iuran.nagari → iuran.wait → the position
//	    petugas nagari: iuran.wait → the position
//	iuran.pay (anytime) <nagari>:<YYYY-MM> → iuran.wait (the month again,
//	    fresh) → iuran.confirm: "Sudah dibayar" (the due, or an amount
//	    typed first) | Batal → iuran.wait → recorded, or recorded before
//
// The store decides who may see and record: the buttons only spare the
// officer a refusal. The position is always read again before a payment
// is confirmed, so a month a colleague recorded a moment ago says so.

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

const (
	stepIuranWait      = "iuran.wait"
	stepIuranKecamatan = "iuran.kecamatan"
	stepIuranNagari    = "iuran.nagari"
	stepIuranPay       = "iuran.pay"
	stepIuranConfirm   = "iuran.confirm"
)

// Answer keys of /iuran, beside a form's answers: the nagari offered to
// pick from, and the month being recorded with what it owes.
const (
	keyIuranList    = "iuran_list" // nagari codes, comma-separated
	keyIuranPay     = "iuran_pay"  // "<nagari>:<YYYY-MM>" pressed, until confirmed
	keyIuranName    = "iuran_name"
	keyIuranDue     = "iuran_due"
	keyIuranMembers = "iuran_members"
	keyIuranRate    = "iuran_rate"
	keyIuranAmount  = "iuran_amount" // typed; none: the due
)

// iuranKeys are every key /iuran keeps, forgotten together.
var iuranKeys = []string{keyIuranList, keyIuranPay, keyIuranName, keyIuranDue, keyIuranMembers, keyIuranRate, keyIuranAmount}

func forgetIuran(s *engine.Session) {
	for _, k := range iuranKeys {
		s.Unset(k)
	}
}

func iuranCommands() map[string]engine.Command {
	return map[string]engine.Command{"iuran": cmdIuran}
}

func cmdIuran(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
	forgetIuran(s)
	return sideTrip(s, stepIuranWait, engine.LoadIuranScope{})
}

// payValue is the value of an unpaid month's button.
func payValue(nagari string, m domain.Month) string { return nagari + ":" + m.String() }

// parsePay reads payValue.
func parsePay(v string) (string, domain.Month, bool) {
	code, month, ok := strings.Cut(v, ":")
	m, err := domain.ParseMonth(month)
	return code, m, ok && code != "" && err == nil
}

// monthPhrase is a month as people say it: "November 2026".
func monthPhrase(m domain.Month) engine.Phrase {
	t := m.First()
	return engine.Phrase{Msg: "iuranbot.month", Data: map[string]any{
		"Month": engine.Msg("month." + strconv.Itoa(int(t.Month()))), "Year": t.Year(),
	}}
}

// rupiah is an amount as read: "Rp33.600".
func rupiah(n int64) string { return domain.FormatRupiah(n) }

func iuranSteps(regions *domain.Regions) []engine.Step {
	cancel := []engine.Button{{Msg: "iuranbot.cancel", Value: "cancel"}}
	steps := []engine.Step{
		{
			ID:        stepIuranWait,
			Accept:    engine.Of(engine.KindResult),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				return iuranResult(s, in.Result, now)
			},
		},
		{
			ID: stepIuranPay, Anytime: true, Menu: true, Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				code, _, ok := parsePay(in.Value)
				if !ok {
					return staffDone(s, engine.Say("iuranbot.pay.stale", nil))
				}
				// Pressed while another month waited for its confirmation:
				// that one is dropped, not returned to.
				if strings.HasPrefix(s.Return, "iuran.") {
					s.Return = ""
				}
				forgetIuran(s)
				s.Set(keyIuranPay, in.Value)
				return engine.Outcome{Effects: []engine.Effect{engine.LoadIuran{Nagari: code, At: now}}, Next: stepIuranWait}
			},
		},
		{
			ID: stepIuranConfirm,
			Ask: func(s *engine.Session) engine.Reply {
				return engine.Reply{Msg: "iuranbot.confirm.ask", Data: confirmData(s), Buttons: [][]engine.Button{
					{{Msg: "iuranbot.confirm.yes", Value: "yes"}}, cancel,
				}}
			},
			Accept:    engine.Of(engine.KindButton, engine.KindText),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if in.Kind == engine.KindText {
					amount, err := domain.ParseRupiah(in.Text)
					if errors.Is(err, domain.Invalid("claims.amount.invalid")) {
						return engine.Fail("iuranbot.amount.invalid", nil) // with an iuran's example
					}
					if err != nil {
						return inputError(err)
					}
					s.Set(keyIuranAmount, strconv.FormatInt(amount, 10))
					return engine.Outcome{} // asked again, with the amount
				}
				switch in.Value {
				case "cancel":
					return iuranCancelled(s)
				case "yes":
				default:
					return engine.Fail("input.use_buttons", nil)
				}
				code, month, _ := parsePay(s.Answer(keyIuranPay))
				e := engine.RecordIuran{Nagari: code, Month: month}
				if typed, err := strconv.ParseInt(s.Answer(keyIuranAmount), 10, 64); err == nil {
					e.Amount = &typed
				}
				return engine.Outcome{Effects: []engine.Effect{e}, Next: stepIuranWait}
			},
		},
	}
	return append(steps, nagariPick{
		kecamatanStep: stepIuranKecamatan, nagariStep: stepIuranNagari,
		kecamatanMsg: "iuranbot.kecamatan.ask", nagariMsg: "iuranbot.nagari.ask", cancelMsg: "iuranbot.cancel",
		listKey: keyIuranList, cancelled: iuranCancelled,
		picked: func(s *engine.Session, code string, now time.Time) engine.Outcome {
			return engine.Outcome{Effects: []engine.Effect{engine.LoadIuran{Nagari: code, At: now}}, Next: stepIuranWait}
		},
	}.steps(regions)...)
}

// iuranCancelled forgets the officer's choices and says so.
func iuranCancelled(s *engine.Session) engine.Outcome {
	forgetIuran(s)
	return staffDone(s, engine.Say("iuranbot.cancelled", nil))
}

// iuranResult shows what an /iuran effect answered, or takes the next step.
func iuranResult(s *engine.Session, r *engine.Result, now time.Time) engine.Outcome {
	if r.Err != "" {
		forgetIuran(s)
		return staffDone(s, engine.Say(r.Err, nil))
	}
	switch r.Effect {
	case engine.LoadIuranScope{}.EffectName():
		a := engine.AnswerOf[engine.LoadIuranScope](r)
		switch {
		case a.Admin:
			return engine.Goto(stepIuranKecamatan)
		case len(a.Nagari) == 0:
			return staffDone(s, engine.Say("staff.denied", nil))
		case len(a.Nagari) == 1:
			return engine.Outcome{Effects: []engine.Effect{engine.LoadIuran{Nagari: a.Nagari[0], At: now}}, Next: stepIuranWait}
		}
		s.Set(keyIuranList, strings.Join(a.Nagari, ","))
		return engine.Goto(stepIuranNagari)
	case engine.LoadIuran{}.EffectName():
		a := engine.AnswerOf[engine.LoadIuran](r)
		if s.Answer(keyIuranPay) != "" {
			return payPressed(s, a)
		}
		forgetIuran(s)
		return staffDone(s, positionReply(a))
	case engine.RecordIuran{}.EffectName():
		a := engine.AnswerOf[engine.RecordIuran](r)
		_, month, _ := parsePay(s.Answer(keyIuranPay))
		data := map[string]any{
			"Nagari": s.Answer(keyIuranName), "Month": monthPhrase(month),
			"Amount": rupiah(a.Amount), "Due": rupiah(a.Due), "Differs": a.Amount != a.Due,
		}
		forgetIuran(s)
		switch {
		case !a.Found:
			return staffDone(s, engine.Say("iuranbot.not_found", nil))
		case a.Already:
			return staffDone(s, engine.Say("iuranbot.paid.already", data))
		}
		return staffDone(s, engine.Say("iuranbot.paid.done", data))
	}
	forgetIuran(s)
	return staffDone(s, engine.Say("error.internal", nil))
}

// payPressed takes a pressed month to its confirmation, unless the fresh
// position says there is nothing to record.
func payPressed(s *engine.Session, a engine.IuranPosition) engine.Outcome {
	_, month, _ := parsePay(s.Answer(keyIuranPay))
	i := slices.IndexFunc(a.Months, func(m engine.IuranMonth) bool { return m.Month == month })
	switch {
	case !a.Found:
		forgetIuran(s)
		return staffDone(s, engine.Say("iuranbot.not_found", nil))
	case !a.CanRecord:
		forgetIuran(s)
		return staffDone(s, engine.Say("staff.admin_only", nil))
	case i < 0:
		forgetIuran(s)
		return staffDone(s, engine.Say("iuranbot.pay.stale", nil))
	}
	m := a.Months[i]
	data := map[string]any{"Nagari": a.Name, "Month": monthPhrase(month), "Amount": rupiah(m.Amount)}
	switch {
	case m.Paid:
		forgetIuran(s)
		return staffDone(s, engine.Say("iuranbot.paid.already", data))
	case m.Members == 0:
		forgetIuran(s)
		return staffDone(s, engine.Say("iuranbot.pay.nothing_due", data))
	}
	s.Set(keyIuranName, a.Name)
	s.Set(keyIuranDue, strconv.FormatInt(m.Due, 10))
	s.Set(keyIuranMembers, strconv.Itoa(m.Members))
	s.Set(keyIuranRate, strconv.Itoa(m.Rate))
	return engine.Goto(stepIuranConfirm)
}

// confirmData is the month being recorded, as template data.
func confirmData(s *engine.Session) map[string]any {
	_, month, _ := parsePay(s.Answer(keyIuranPay))
	due, _ := strconv.ParseInt(s.Answer(keyIuranDue), 10, 64)
	rate, _ := strconv.ParseInt(s.Answer(keyIuranRate), 10, 64)
	amount, err := strconv.ParseInt(s.Answer(keyIuranAmount), 10, 64)
	typed := err == nil
	if !typed {
		amount = due
	}
	return map[string]any{
		"Nagari": s.Answer(keyIuranName), "Month": monthPhrase(month), "Members": s.Answer(keyIuranMembers),
		"Rate": rupiah(rate), "Due": rupiah(due), "Amount": rupiah(amount), "Typed": typed,
	}
}

// positionReply shows a nagari's last months, newest first, with a button
// per unpaid month that owed iuran for an officer who may record it.
func positionReply(a engine.IuranPosition) engine.Reply {
	if !a.Found {
		return engine.Say("iuranbot.not_found", nil)
	}
	if len(a.Months) == 0 {
		return engine.Say("iuranbot.position.none", map[string]any{"Nagari": a.Name})
	}
	lines := make([]engine.Phrase, len(a.Months))
	var bs []engine.Button
	for i, m := range a.Months {
		lines[i] = engine.Phrase{Msg: "iuranbot.position.month", Data: map[string]any{
			"Month": monthPhrase(m.Month), "Members": m.Members, "Rate": rupiah(int64(m.Rate)), "Due": rupiah(m.Due),
			"Paid": m.Paid, "Amount": rupiah(m.Amount), "Late": m.Late, "Owed": m.Members > 0,
			"DueBy": m.Month.Due(), "LateFrom": m.Month.Due().AddDate(0, 0, 1),
		}}
		if a.CanRecord && !m.Paid && m.Members > 0 {
			bs = append(bs, engine.Button{
				Msg: "iuranbot.pay.button", Data: map[string]any{"Month": monthPhrase(m.Month)},
				Step: stepIuranPay, Value: payValue(a.Code, m.Month),
			})
		}
	}
	return engine.Reply{Msg: "iuranbot.position", Data: map[string]any{
		"Nagari": a.Name, "Active": a.Active, "Rate": rupiah(int64(a.Rate)), "Lines": lines,
		"Streak": a.Streak, "Grace": domain.IuranGraceMonths, "CanRecord": a.CanRecord, "Unpaid": len(bs) > 0,
	}, Buttons: rows(1, bs)}
}

// recapIuranMax bounds the nagari /rekap lists, so the message stays one
// Telegram message for the regency's 74; the rest are counted.
const recapIuranMax = 25

// recapIuranReply is /rekap's iuran message: each nagari with members,
// the ones behind first, or nothing when the area has none.
func recapIuranReply(lines []engine.IuranLine) []engine.Reply {
	if len(lines) == 0 {
		return nil
	}
	sorted := slices.Clone(lines)
	slices.SortStableFunc(sorted, func(a, b engine.IuranLine) int { return b.Streak - a.Streak })
	var late int
	var due int64
	for _, l := range sorted {
		if l.Streak > 0 {
			late++
		}
		if !l.Paid {
			due += l.Due
		}
	}
	shown := sorted[:min(len(sorted), recapIuranMax)]
	out := make([]engine.Phrase, len(shown))
	for i, l := range shown {
		out[i] = engine.Phrase{Msg: "iuranbot.recap.line", Data: map[string]any{
			"Nagari": l.Nagari, "Streak": l.Streak, "Due": rupiah(l.Due), "Paid": l.Paid, "Members": l.Members,
		}}
	}
	return []engine.Reply{engine.Say("iuranbot.recap", map[string]any{
		"Month": monthPhrase(sorted[0].Month), "Lines": out, "More": len(sorted) - len(shown),
		"Late": late, "Outstanding": rupiah(due),
	})}
}
