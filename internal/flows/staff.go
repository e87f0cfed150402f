package flows

// Staff: nagari and kecamatan officers and regency admins. Every action is a
// command or one or two taps, and every list and record comes from an effect
// the store scopes to the chat's staff bindings, so these steps never decide
// who may see what.
//
//	/petugas KODE  → staff.wait: bound to the code's area
//	/cari NIK      → staff.wait → the NIK's registration in the chat's area
//	/antrian       → staff.wait → list, buttons to open (staff.reg), page and
//	                 switch to the waiting list (staff.queue)
//	staff.reg      (anytime; also on the outbox's notice) → staff.wait →
//	               details with Verifikasi / Tolak (staff.act)
//	staff.act      (anytime) v:<id> → staff.wait; t:<id> → staff.reject
//	staff.reject   pick or type a reason → staff.wait
//	/laporan       → staff.wait → list (staff.rep, staff.reports)
//	staff.rep      (anytime) → details with the next stage and Tolak (staff.stage)
//	staff.stage    (anytime) <stage>:<id> → staff.wait; ditolak → staff.rep.reject
//	/rekap, /cakupan, /ekspor → staff.wait → figures, chart, files
//	/undang ROLE AREA, /staf (staff.list: revoke buttons): regency admins
//	/hubungkan     in a nagari's group → staff.wait: the group is linked
//
// Every staff.wait ends with a side trip's return: the chat is back on the
// step it was on, asked again only if it was in a form.

import (
	"strconv"
	"strings"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

const (
	stepStaffWait      = "staff.wait"
	stepStaffReg       = "staff.reg"
	stepStaffAct       = "staff.act"
	stepStaffReject    = "staff.reject"
	stepStaffQueue     = "staff.queue"
	stepStaffRep       = "staff.rep"
	stepStaffStage     = "staff.stage"
	stepStaffRepReject = "staff.rep.reject"
	stepStaffReports   = "staff.reports"
	stepStaffList      = "staff.list"
)

// Answer keys the staff steps keep between a tap and a typed reason. They
// live beside a form's answers without touching them.
const (
	keyStaffRecord = "staff_id"
	keyStaffNumber = "staff_no"
)

// staffTrip remembers where the chat was, like sideTrip, and asks for fx.
func staffTrip(s *engine.Session, fx engine.Effect) engine.Outcome {
	switch s.Step {
	case stepStaffWait, stepStatusWait, stepRegCheck:
	default:
		s.Return = s.Step
	}
	return engine.Outcome{Effects: []engine.Effect{fx}, Next: stepStaffWait}
}

// staffDone shows say and goes back where the side trip started. Back on the
// idle menu it stays silent: a staff member reading a list does not need the
// worker's menu under it every time.
func staffDone(s *engine.Session, say ...engine.Reply) engine.Outcome {
	out := engine.Outcome{Say: say, Next: engine.Return}
	if s.Return == "" || s.Return == stepMenu {
		out.Silent = true
	}
	return out
}

// staffNote answers a command that needs no lookup. A form's question is
// asked again, as after /bantuan; an idle chat is not shown the menu.
func staffNote(s *engine.Session, say engine.Reply) engine.Outcome {
	return engine.Outcome{Say: []engine.Reply{say}, Silent: !s.InForm()}
}

func cmdPetugas(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
	if strings.TrimSpace(in.Text) == "" {
		return staffNote(s, engine.Say("staff.code.ask", nil))
	}
	return staffTrip(s, engine.BindStaff{Code: in.Text})
}

// cmdCari reads "/cari 1302 0445 0580 0007": the NIK as a worker types it.
func cmdCari(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
	if strings.TrimSpace(in.Text) == "" {
		return staffNote(s, engine.Say("staff.search.ask", nil))
	}
	nik, err := domain.ParseNIK(in.Text, now)
	if err != nil {
		if ie, ok := err.(*domain.InputError); ok {
			return staffNote(s, engine.Say(ie.Msg, ie.Data))
		}
		return staffNote(s, engine.Say("error.internal", nil))
	}
	return staffTrip(s, engine.SearchRegistration{NIK: nik})
}

func cmdAntrian(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
	return staffTrip(s, engine.LoadQueue{})
}

func cmdLaporan(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
	return staffTrip(s, engine.LoadReports{})
}

func cmdRekap(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
	return staffTrip(s, engine.LoadRecap{})
}

func cmdCakupan(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
	return staffTrip(s, engine.LoadCoverage{})
}

func cmdEkspor(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
	return staffTrip(s, engine.ExportWorkers{})
}

func cmdStaf(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
	return staffTrip(s, engine.ListStaff{})
}

// cmdUndang reads "/undang petugas-nagari Alahan Panjang".
func cmdUndang(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
	roleWord, area, _ := strings.Cut(strings.TrimSpace(in.Text), " ")
	role, ok := domain.ParseRole(roleWord)
	if !ok {
		// The short words an admin is likely to type.
		role = map[string]domain.Role{
			"nagari": domain.RoleNagari, "kecamatan": domain.RoleKecamatan, "admin": domain.RoleAdmin,
		}[strings.ToLower(roleWord)]
	}
	area = strings.TrimSpace(area)
	if role == "" || (role != domain.RoleAdmin && area == "") {
		return staffNote(s, engine.Say("staff.invite.usage", nil))
	}
	return staffTrip(s, engine.CreateInvite{Role: role, Area: area})
}

// cmdHubungkan links the group it is sent in; in a private chat it explains.
func cmdHubungkan(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
	if in.From == 0 {
		return staffNote(s, engine.Say("staff.group.only_group", nil))
	}
	return staffTrip(s, engine.LinkGroup{From: in.From})
}

func staffSteps() []engine.Step {
	return []engine.Step{
		{
			ID:        stepStaffWait,
			Accept:    engine.Of(engine.KindResult),
			Transient: true,
			Handle:    staffResult,
		},
		{
			ID: stepStaffReg, Anytime: true, Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				id, err := strconv.ParseInt(in.Value, 10, 64)
				if err != nil {
					return staffDone(s, engine.Say("staff.reg.not_found", nil))
				}
				return staffTrip(s, engine.LoadRegistration{ID: id})
			},
		},
		{
			ID: stepStaffAct, Anytime: true, Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				act, rawID, _ := strings.Cut(in.Value, ":")
				id, err := strconv.ParseInt(rawID, 10, 64)
				switch {
				case err != nil:
					return staffDone(s, engine.Say("staff.reg.not_found", nil))
				case act == "v":
					return staffTrip(s, engine.DecideRegistration{ID: id, Verify: true})
				case act == "t":
					s.Set(keyStaffRecord, rawID)
					return engine.Goto(stepStaffReject)
				}
				return staffDone(s, engine.Say("staff.reg.not_found", nil))
			},
		},
		{
			ID: stepStaffReject,
			Ask: func(s *engine.Session) engine.Reply {
				bs := make([]engine.Button, 0, len(domain.RejectReasons)+1)
				for _, code := range domain.RejectReasons {
					bs = append(bs, engine.Button{Msg: "staff.reason." + code, Value: code})
				}
				rows := rows(1, bs)
				rows = append(rows, []engine.Button{{Msg: "staff.reject.cancel", Value: "cancel"}})
				return engine.Reply{Msg: "staff.reject.ask", Buttons: rows}
			},
			Accept:    engine.Of(engine.KindButton, engine.KindText),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				id, _ := strconv.ParseInt(s.Answer(keyStaffRecord), 10, 64)
				reason := in.Value
				switch {
				case in.Kind == engine.KindButton && reason == "cancel":
					s.Unset(keyStaffRecord)
					return staffDone(s, engine.Say("staff.reject.cancelled", nil))
				case in.Kind == engine.KindButton && !domain.IsRejectReason(reason):
					return engine.Fail("input.use_buttons", nil)
				case in.Kind == engine.KindText:
					typed, err := domain.ParseFreeText(in.Text, 3, 200)
					if err != nil {
						return inputError(err)
					}
					reason = typed
				}
				s.Unset(keyStaffRecord)
				return engine.Outcome{Effects: []engine.Effect{engine.DecideRegistration{ID: id, Reason: reason}}, Next: stepStaffWait}
			},
		},
		{
			ID: stepStaffQueue, Anytime: true, Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				list, rawOff, _ := strings.Cut(in.Value, ":")
				off, _ := strconv.Atoi(rawOff)
				return staffTrip(s, engine.LoadQueue{Offset: off, Waiting: list == "w"})
			},
		},
		{
			ID: stepStaffReports, Anytime: true, Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				off, _ := strconv.Atoi(in.Value)
				return staffTrip(s, engine.LoadReports{Offset: off})
			},
		},
		{
			ID: stepStaffRep, Anytime: true, Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				id, err := strconv.ParseInt(in.Value, 10, 64)
				if err != nil {
					return staffDone(s, engine.Say("staff.rep.not_found", nil))
				}
				return staffTrip(s, engine.LoadReport{ID: id})
			},
		},
		{
			ID: stepStaffStage, Anytime: true, Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				rawStage, rawID, _ := strings.Cut(in.Value, ":")
				stage := domain.Stage(rawStage)
				id, err := strconv.ParseInt(rawID, 10, 64)
				if err != nil {
					return staffDone(s, engine.Say("staff.rep.not_found", nil))
				}
				if stage == domain.StageRejected {
					s.Set(keyStaffRecord, rawID)
					return engine.Goto(stepStaffRepReject)
				}
				return staffTrip(s, engine.SetReportStage{ID: id, Stage: stage})
			},
		},
		{
			ID: stepStaffRepReject,
			Ask: func(s *engine.Session) engine.Reply {
				return engine.Reply{Msg: "staff.rep.reject_ask", Buttons: [][]engine.Button{
					{{Msg: "staff.reject.cancel", Value: "cancel"}},
				}}
			},
			Accept:    engine.Of(engine.KindButton, engine.KindText),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				id, _ := strconv.ParseInt(s.Answer(keyStaffRecord), 10, 64)
				if in.Kind == engine.KindButton {
					s.Unset(keyStaffRecord)
					return staffDone(s, engine.Say("staff.reject.cancelled", nil))
				}
				reason, err := domain.ParseFreeText(in.Text, 3, 200)
				if err != nil {
					return inputError(err)
				}
				s.Unset(keyStaffRecord)
				return engine.Outcome{Effects: []engine.Effect{engine.SetReportStage{ID: id, Stage: domain.StageRejected, Reason: reason}}, Next: stepStaffWait}
			},
		},
		{
			ID: stepStaffList, Anytime: true, Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				id, err := strconv.ParseInt(strings.TrimPrefix(in.Value, "r:"), 10, 64)
				if err != nil {
					return staffDone(s, engine.Say("staff.revoke.not_found", nil))
				}
				return staffTrip(s, engine.RevokeStaff{ID: id})
			},
		},
	}
}

// reasonValue is a stored rejection reason as template data: a picked
// reason is a message, a typed one is shown as typed.
func reasonValue(reason string) any {
	if domain.IsRejectReason(reason) {
		return engine.Msg("staff.reason." + reason)
	}
	return reason
}

// staffResult shows what a staff effect answered.
func staffResult(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
	r := in.Result
	if r.Err != "" {
		return staffDone(s, engine.Say(r.Err, nil))
	}
	v := r.Values
	switch r.Effect {
	case engine.BindStaff{}.EffectName():
		return staffDone(s, engine.Say("staff.bound", map[string]any{
			"Role": engine.Msg("staff.role." + v[engine.ResultRole]), "Area": v[engine.ResultArea],
		}))
	case engine.CreateInvite{}.EffectName():
		return staffDone(s, engine.Say("staff.invite.created", map[string]any{
			"Code": v[engine.ResultCode], "Role": engine.Msg("staff.role." + v[engine.ResultRole]), "Area": v[engine.ResultArea],
		}))
	case engine.ListStaff{}.EffectName():
		return staffDone(s, staffListReply(r))
	case engine.RevokeStaff{}.EffectName():
		if v[engine.ResultFound] == "" {
			return staffDone(s, engine.Say("staff.revoke.not_found", nil))
		}
		return staffDone(s, engine.Say("staff.revoke.done", nil))
	case engine.LoadQueue{}.EffectName():
		return staffDone(s, queueReply(r))
	case engine.SearchRegistration{}.EffectName():
		if v[engine.ResultFound] == "" {
			return staffDone(s, engine.Say("staff.search.none", nil))
		}
		return staffDone(s, registrationReply(v))
	case engine.LoadRegistration{}.EffectName():
		if v[engine.ResultFound] == "" {
			return staffDone(s, engine.Say("staff.reg.not_found", nil))
		}
		return staffDone(s, registrationReply(v))
	case engine.DecideRegistration{}.EffectName():
		return staffDone(s, decisionReply(v))
	case engine.LoadReports{}.EffectName():
		return staffDone(s, reportsReply(r))
	case engine.LoadReport{}.EffectName():
		if v[engine.ResultFound] == "" {
			return staffDone(s, engine.Say("staff.rep.not_found", nil))
		}
		return staffDone(s, reportReply(v))
	case engine.SetReportStage{}.EffectName():
		switch {
		case v[engine.ResultFound] == "":
			return staffDone(s, engine.Say("staff.rep.not_found", nil))
		case v[engine.ResultChanged] == "":
			return staffDone(s, engine.Say("staff.rep.unchanged", map[string]any{
				"Number": v[engine.ResultNumber], "Stage": engine.Msg("staff.stagename." + v[engine.ResultStage]),
			}))
		}
		return staffDone(s, engine.Say("staff.rep.staged", map[string]any{
			"Number": v[engine.ResultNumber], "Stage": engine.Msg("staff.stagename." + v[engine.ResultStage]),
		}))
	case engine.LoadRecap{}.EffectName():
		return staffDone(s, withFiles(engine.Say("staff.recap", figures(v)), r.Files, "staff.recap.chart")...)
	case engine.LoadCoverage{}.EffectName():
		data := figures(v)
		data["Rows"] = r.Items
		return staffDone(s, withFiles(engine.Say("staff.coverage", data), r.Files, "staff.coverage.chart")...)
	case engine.ExportWorkers{}.EffectName():
		if v[engine.ResultTotal] == "0" || len(r.Files) == 0 {
			return staffDone(s, engine.Say("staff.export.empty", nil))
		}
		return staffDone(s, withFiles(engine.Say("staff.export.done", map[string]any{"Total": v[engine.ResultTotal]}), r.Files, "staff.export.file")...)
	case engine.LinkGroup{}.EffectName():
		return staffDone(s, engine.Say("staff.group.linked", map[string]any{"Area": v[engine.ResultArea]}))
	}
	return staffDone(s, engine.Say("error.internal", nil))
}

// figures copies a result's values as template data with capitalised keys
// ("registered" → "Registered"), the way messages name fields.
func figures(v map[string]string) map[string]any {
	data := make(map[string]any, len(v))
	for k, x := range v {
		if k == "" {
			continue
		}
		data[strings.ToUpper(k[:1])+k[1:]] = x
	}
	return data
}

// withFiles puts each file on a reply of its own after first.
func withFiles(first engine.Reply, files []engine.File, caption string) []engine.Reply {
	out := []engine.Reply{first}
	for i := range files {
		f := files[i]
		out = append(out, engine.Reply{Msg: caption, Data: map[string]any{"Name": f.Name}, File: &f})
	}
	return out
}

func staffListReply(r *engine.Result) engine.Reply {
	var bs []engine.Button
	for _, it := range r.Items {
		bs = append(bs, engine.Button{Msg: "staff.list.revoke", Step: stepStaffList, Value: "r:" + it["id"], Data: map[string]any{
			"ID": it["id"], "Role": engine.Msg("staff.role." + it["role"]), "Area": it["area"],
		}})
	}
	return engine.Reply{Msg: "staff.list", Data: map[string]any{"Total": r.Values[engine.ResultTotal]}, Buttons: rows(1, bs)}
}

// queueReply lists a page of registrations as buttons that open them.
func queueReply(r *engine.Result) engine.Reply {
	total, _ := strconv.Atoi(r.Values[engine.ResultTotal])
	off, _ := strconv.Atoi(r.Values[engine.ResultOffset])
	waiting := r.Values[engine.ResultWaiting] != ""
	list, other, otherMsg, msg := "p", "w", "staff.queue.show_waiting", "staff.queue.list"
	if waiting {
		list, other, otherMsg, msg = "w", "p", "staff.queue.show_pending", "staff.queue.waiting"
	}
	var rowsOut [][]engine.Button
	for _, it := range r.Items {
		rowsOut = append(rowsOut, []engine.Button{{
			Label: it["number"] + " · " + it["name"] + " (" + it["nagari"] + ")", Step: stepStaffReg, Value: it["id"],
		}})
	}
	var nav []engine.Button
	if off > 0 {
		nav = append(nav, engine.Button{Msg: "staff.page.prev", Step: stepStaffQueue, Value: list + ":" + strconv.Itoa(max(off-pageSize, 0))})
	}
	if off+len(r.Items) < total {
		nav = append(nav, engine.Button{Msg: "staff.page.next", Step: stepStaffQueue, Value: list + ":" + strconv.Itoa(off+pageSize)})
	}
	if len(nav) > 0 {
		rowsOut = append(rowsOut, nav)
	}
	rowsOut = append(rowsOut, []engine.Button{{Msg: otherMsg, Step: stepStaffQueue, Value: other + ":0"}})
	if total == 0 {
		msg += "_empty"
	}
	return engine.Reply{Msg: msg, Data: map[string]any{
		"Total": total, "From": off + 1, "To": off + len(r.Items),
	}, Buttons: rowsOut}
}

// pageSize matches the store's page (postgres.QueuePage).
const pageSize = 5

// registrationReply shows a registration to staff, with the decision
// buttons while it is pending.
func registrationReply(v map[string]string) engine.Reply {
	occupation := any(engine.Msg("occupation." + v["occupation"]))
	if o := v["occupation_other"]; o != "" {
		occupation = o
	}
	data := map[string]any{
		"Number": v[engine.ResultNumber], "Status": engine.Msg("status." + v[engine.ResultStatus]),
		"NIK": v["nik"], "Name": v["name"], "BirthDate": parseStored(v["birth"]), "Gender": engine.Msg("gender." + v["gender"]),
		"Address": v["address"], "Nagari": v["nagari_name"], "Kecamatan": v["kecamatan_name"], "Occupation": occupation,
		"Phone": v["phone"], "HeirName": v["heir_name"], "HeirRelation": engine.Msg("relation." + v["heir_relation"]),
		"Reason": reasonValue(v[engine.ResultReason]), "Waiting": v[engine.ResultWaiting],
	}
	reply := engine.Reply{Msg: "staff.reg.show", Data: data}
	if v[engine.ResultStatus] == string(domain.StatusPending) {
		id := v[engine.ResultID]
		reply.Buttons = [][]engine.Button{{
			{Msg: "staff.verify", Step: stepStaffAct, Value: "v:" + id},
			{Msg: "staff.reject", Step: stepStaffAct, Value: "t:" + id},
		}}
	}
	return reply
}

func decisionReply(v map[string]string) engine.Reply {
	data := map[string]any{"Number": v[engine.ResultNumber], "Status": engine.Msg("status." + v[engine.ResultStatus])}
	switch {
	case v[engine.ResultFound] == "":
		return engine.Say("staff.reg.not_found", nil)
	case v[engine.ResultChanged] == "":
		return engine.Say("staff.reg.already", data)
	case v[engine.ResultStatus] == string(domain.StatusRejected):
		return engine.Say("staff.reg.rejected", data)
	case v[engine.ResultWaiting] != "":
		return engine.Say("staff.reg.verified_waiting", data)
	}
	return engine.Say("staff.reg.verified", data)
}

// reportsReply lists a page of reports as buttons that open them.
func reportsReply(r *engine.Result) engine.Reply {
	total, _ := strconv.Atoi(r.Values[engine.ResultTotal])
	off, _ := strconv.Atoi(r.Values[engine.ResultOffset])
	var rowsOut [][]engine.Button
	for _, it := range r.Items {
		rowsOut = append(rowsOut, []engine.Button{{
			Msg: "staff.rep.button", Step: stepStaffRep, Value: it["id"],
			Data: map[string]any{"Number": it["number"], "Stage": engine.Msg("staff.stagename." + it["stage"]), "Nagari": it["nagari"]},
		}})
	}
	var nav []engine.Button
	if off > 0 {
		nav = append(nav, engine.Button{Msg: "staff.page.prev", Step: stepStaffReports, Value: strconv.Itoa(max(off-pageSize, 0))})
	}
	if off+len(r.Items) < total {
		nav = append(nav, engine.Button{Msg: "staff.page.next", Step: stepStaffReports, Value: strconv.Itoa(off + pageSize)})
	}
	if len(nav) > 0 {
		rowsOut = append(rowsOut, nav)
	}
	if total == 0 {
		return engine.Say("staff.rep.list_empty", nil)
	}
	return engine.Reply{Msg: "staff.rep.list", Data: map[string]any{"Total": total, "From": off + 1, "To": off + len(r.Items)}, Buttons: rowsOut}
}

// reportReply shows a report with a button for its next stage and one to
// turn it down, while it is open.
func reportReply(v map[string]string) engine.Reply {
	stage, id := v[engine.ResultStage], v[engine.ResultID]
	data := map[string]any{
		"Number": v[engine.ResultNumber], "Kind": engine.Msg("staff.kind." + v["kind"]),
		"Stage": engine.Msg("staff.stagename." + stage), "Nagari": v["nagari_name"], "Reason": v[engine.ResultReason],
		"NIK": v["nik"], "Name": v["name"], "Covered": v["covered"], "Death": v["death"],
		"Date": parseStored(v["date"]), "Clock": "", "Place": v["place"], "Location": v["location"],
		"What": v["what"], "Injury": v["injury"], "Treatment": "", "Cause": "", "Traffic": v["traffic"],
		"Reporter": v["reporter"], "Relation": "", "Phone": v["phone"], "Photos": v["photos"],
		"Created": parseStored(v["created"]),
	}
	if c := v["clock"]; c != "" {
		data["Clock"] = clockText(c)
	}
	if t := v["treatment"]; t != "" {
		data["Treatment"] = engine.Msg("treatment." + t)
	}
	if c := v["cause"]; c != "" {
		data["Cause"] = engine.Msg("cause." + c)
	}
	if r := v["relation"]; r != "" {
		// A death is reported by family (an heir's relation), an accident
		// by whoever was there.
		data["Relation"] = engine.Msg("reporter." + r)
		if v["death"] != "" {
			data["Relation"] = engine.Msg("relation." + r)
		}
	}
	reply := engine.Reply{Msg: "staff.rep.show", Data: data}
	if next := domain.Stage(stage).Next(); next != "" {
		reply.Buttons = [][]engine.Button{
			{{Msg: "staff.stage.to", Data: map[string]any{"Stage": engine.Msg("staff.stagename." + string(next))}, Step: stepStaffStage, Value: string(next) + ":" + id}},
			{{Msg: "staff.stage.reject", Step: stepStaffStage, Value: string(domain.StageRejected) + ":" + id}},
		}
	}
	return reply
}
