package flows

import (
	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

// coverSaid tells the reporter, after the report number, whether the
// person was covered on the day of the accident or death, as the report
// recorded it: covered, submitted but not yet active, or not covered. A
// person not registered was told so before the report was made, and an
// older store that recorded nothing says nothing. The reporter learns no
// more than those three (not why: a refusal is the worker's business) and
// hears no promise of payment, which BPJS decides.
func coverSaid(a engine.ReportSubmitted, self, death bool) []engine.Reply {
	if a.Cover == "" || a.Cover == domain.ReportCoverUnregistered {
		return nil
	}
	return []engine.Reply{engine.Say("rep.cover."+string(a.Cover.Cover()), map[string]any{"Self": self, "Death": death})}
}
