package flows

// Staff end a worker's active BPJS membership from the registration view:
//
//	staff.reg's "Akhiri kepesertaan" → staff.end (anytime) <id>
//	staff.end.reason  pick a reason (domain.EndReasons) or Batal
//	staff.end.confirm Ya, akhiri / Batal → staff.wait: the membership ends

import (
	"strconv"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/notice"
)

const (
	stepStaffEnd        = "staff.end"
	stepStaffEndReason  = "staff.end.reason"
	stepStaffEndConfirm = "staff.end.confirm"
	keyStaffEndReason   = "staff_end_reason"
)

// endButton is the registration view's button that starts ending an active
// membership.
func endButton(id int64) engine.Button {
	return engine.Button{Msg: "iuran.staff.end", Step: stepStaffEnd, Value: notice.RecordValue(id)}
}

// endCancelled forgets the staff member's choice and says so.
func endCancelled(s *engine.Session) engine.Outcome {
	s.Unset(keyStaffRecord)
	s.Unset(keyStaffEndReason)
	return staffDone(s, engine.Say("iuran.staff.end.cancelled", nil))
}

func membershipEndSteps() []engine.Step {
	return []engine.Step{
		{
			ID: stepStaffEnd, Anytime: true, Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				id, err := notice.ParseRecord(in.Value)
				if err != nil {
					return staffDone(s, engine.Say("staff.reg.not_found", nil))
				}
				s.Set(keyStaffRecord, notice.RecordValue(id))
				return engine.Goto(stepStaffEndReason)
			},
		},
		{
			ID: stepStaffEndReason,
			Ask: func(s *engine.Session) engine.Reply {
				bs := make([]engine.Button, 0, len(domain.EndReasons))
				for _, r := range domain.EndReasons {
					bs = append(bs, engine.Button{Msg: "membership.end." + string(r), Value: string(r)})
				}
				out := rows(2, bs)
				out = append(out, []engine.Button{{Msg: "staff.reject.cancel", Value: "cancel"}})
				return engine.Reply{Msg: "iuran.staff.end.reason", Buttons: out}
			},
			Accept:    engine.Of(engine.KindButton),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if in.Value == "cancel" {
					return endCancelled(s)
				}
				if !domain.EndReason(in.Value).Valid() {
					return engine.Fail("input.use_buttons", nil)
				}
				s.Set(keyStaffEndReason, in.Value)
				return engine.Goto(stepStaffEndConfirm)
			},
		},
		{
			ID: stepStaffEndConfirm,
			Ask: func(s *engine.Session) engine.Reply {
				return engine.Reply{
					Msg:  "iuran.staff.end.confirm",
					Data: map[string]any{"Reason": engine.Msg("membership.end." + s.Answer(keyStaffEndReason))},
					Buttons: [][]engine.Button{{
						{Msg: "iuran.staff.end.yes", Value: "yes"}, {Msg: "staff.reject.cancel", Value: "cancel"},
					}},
				}
			},
			Accept:    engine.Of(engine.KindButton),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if in.Value != "yes" {
					return endCancelled(s)
				}
				id, _ := strconv.ParseInt(s.Answer(keyStaffRecord), 10, 64)
				reason := domain.EndReason(s.Answer(keyStaffEndReason))
				s.Unset(keyStaffRecord)
				s.Unset(keyStaffEndReason)
				return engine.Outcome{Effects: []engine.Effect{engine.EndMembership{ID: id, Reason: reason}}, Next: stepStaffWait}
			},
		},
	}
}

// membershipEndedReply says what EndMembership did.
func membershipEndedReply(a engine.MembershipEnded) engine.Reply {
	switch {
	case !a.Found:
		return engine.Say("staff.reg.not_found", nil)
	case !a.Changed:
		return engine.Say("iuran.staff.end.not_active", map[string]any{"Number": a.Number})
	}
	return engine.Say("iuran.staff.end.done", map[string]any{"Number": a.Number})
}
