package flows

// Spreadsheet templates for staff, so that nobody has to build a file's
// columns from the README:
//
//	/templat → staff.wait (waits: LoadTemplates; bot writes the XLSX files)
//	         → what each file is for, then the files; a worker or kader is
//	           told the command is for staff

import (
	"time"

	"github.com/jaganagari/jaganagari/internal/engine"
)

func templateCommands() map[string]engine.Command {
	return map[string]engine.Command{"templat": cmdTemplat}
}

func cmdTemplat(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
	return sideTrip(s, stepStaffWait, engine.LoadTemplates{})
}

// templatesReply says what the templates are for and sends them.
func templatesReply(r *engine.Result) []engine.Reply {
	a := engine.AnswerOf[engine.LoadTemplates](r)
	if (!a.Result && !a.Import) || len(r.Files) == 0 {
		return []engine.Reply{engine.Say("templat.denied", nil)}
	}
	intro := engine.Say("templat.intro", map[string]any{"Import": a.Import, "Result": a.Result})
	return withFiles(intro, r.Files, "templat.file")
}
