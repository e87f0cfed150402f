package flows

// The worker's digital member card, a side trip from anywhere:
//
//	/kartu, or the "Kartu peserta" button under /status → card.wait
//	  (waits: LoadCard; bot draws the card when the membership is aktif)
//	  → the card as a picture, or where the worker stands → back where it was;
//	  a chat receiving several people's notices first picks whose
//	  (people.pick → card.wait)

import (
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

const (
	stepCardShow = "card.show" // the button's step, valid on any message
	stepCardWait = "card.wait"
)

func cardCommands() map[string]engine.Command {
	return map[string]engine.Command{
		"kartu": func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome { return cardTrip(s) },
	}
}

func cardTrip(s *engine.Session) engine.Outcome {
	return sideTrip(s, stepCardWait, engine.LoadCard{})
}

// cardButton is put under the status of an active member, so the card is
// one tap away.
func cardButton() [][]engine.Button {
	return [][]engine.Button{{{Msg: "kartu.button", Value: "card", Step: stepCardShow}}}
}

func cardSteps() []engine.Step {
	return []engine.Step{
		{
			ID: stepCardShow, Anytime: true,
			Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				// Anytime has set Return to where the chat was.
				return engine.Outcome{Effects: []engine.Effect{engine.LoadCard{}}, Next: stepCardWait}
			},
		},
		{
			ID:        stepCardWait,
			Accept:    engine.Of(engine.KindResult),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if c := engine.AnswerOf[engine.LoadCard](in.Result); len(c.People) > 1 {
					return staffDone(s, peoplePicker("household.pick.card", "card", c.People)) // the picker is the question
				}
				return engine.Outcome{Say: []engine.Reply{cardReply(in.Result)}, Next: engine.Return}
			},
		},
	}
}

// cardReply is the card of an active member, or says plainly where the
// worker stands: not registered, waiting for the nagari's check, rejected,
// verified but not submitted, waiting for BPJS, refused by BPJS, or ended.
func cardReply(r *engine.Result) engine.Reply {
	if r == nil || r.Err != "" {
		return engine.Say("error.unavailable", nil)
	}
	c := engine.AnswerOf[engine.LoadCard](r)
	if !c.Found {
		return engine.Say("kartu.none", nil)
	}
	data := map[string]any{"Number": c.Number}
	switch c.Status {
	case domain.StatusPending:
		return engine.Say("kartu.pending", data)
	case domain.StatusRejected:
		return engine.Say("kartu.rejected", data)
	}
	m := c.Membership
	switch m.State {
	case domain.MembershipActive:
		if len(r.Files) == 0 {
			return engine.Say("error.internal", nil)
		}
		f := r.Files[0]
		return engine.Reply{Msg: "kartu.caption", File: &f}
	case domain.MembershipSubmitted:
		return engine.Say("kartu.diajukan", data)
	case domain.MembershipRefused:
		data["Reason"] = m.RefusedReason
		return engine.Say("kartu.ditolak_bpjs", data)
	case domain.MembershipEnded:
		data["EndedOn"], data["EndReason"] = m.EndedOn, engine.Msg("membership.end."+string(m.EndReason))
		if m.EndReason.Reenrollable() && !c.Waiting { // a place in the quota again, to be submitted afresh
			return engine.Say("reenrol.kartu", data)
		}
		return engine.Say("kartu.berakhir", data)
	}
	data["Waiting"] = c.Waiting
	return engine.Say("kartu.verified", data)
}
