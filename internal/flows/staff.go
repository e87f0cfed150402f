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
//	staff.rep      (anytime) → details with the next stage and Tolak (staff.stage),
//	               tahap II (staff.t2) and a note (staff.note)
//	staff.stage    (anytime) <stage>:<id>: asks what the move records, then to
//	               confirm (claims.go); staff.undo takes a move back
//	staff.link, staff.notmember (anytime) on a report without a registered
//	               person: link it by NIK, or record "bukan peserta" (intake.go)
//	/rekap, /cakupan, /ekspor → staff.wait → figures, chart, files
//	/undang ROLE AREA, /staf (staff.list: revoke buttons, staffmenu.go): regency admins
//	/hubungkan     in a nagari's group → staff.wait: the group is linked
//	/poster        → staff.wait → the nagari's poster (poster.go)
//
// Every staff.wait ends with a side trip's return: the chat is back on the
// step it was on, asked again only if it was in a form.

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/notice"
)

// Notice buttons open staff.reg, staff.act and staff.rep too, so their IDs
// and values are package notice's.
const (
	stepStaffWait      = "staff.wait"
	stepStaffReg       = notice.StepRegistration
	stepStaffAct       = notice.StepDecide
	stepStaffReject    = "staff.reject"
	stepStaffQueue     = "staff.queue"
	stepStaffRep       = notice.StepReport
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
	return sideTrip(s, stepStaffWait, engine.BindStaff{Code: in.Text, Name: in.Name})
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
	return sideTrip(s, stepStaffWait, engine.SearchRegistration{NIK: nik})
}

func cmdAntrian(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
	return sideTrip(s, stepStaffWait, engine.LoadQueue{})
}

func cmdLaporan(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
	return sideTrip(s, stepStaffWait, engine.LoadReports{})
}

func cmdRekap(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
	return sideTrip(s, stepStaffWait, engine.LoadRecap{At: now})
}

func cmdCakupan(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
	return sideTrip(s, stepStaffWait, engine.LoadCoverage{})
}

func cmdEkspor(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
	return sideTrip(s, stepStaffWait, engine.ExportWorkers{})
}

func cmdStaf(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
	return sideTrip(s, stepStaffWait, engine.ListStaff{})
}

// cmdUndang reads "/undang petugas-nagari Alahan Panjang".
func cmdUndang(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
	roleWord, area, _ := strings.Cut(strings.TrimSpace(in.Text), " ")
	role, ok := domain.ParseRole(roleWord)
	if !ok {
		// The short words an admin is likely to type.
		role = map[string]domain.Role{
			"nagari": domain.RoleNagari, "kecamatan": domain.RoleKecamatan, "admin": domain.RoleAdmin,
			"pendamping": domain.RoleKader,
		}[strings.ToLower(roleWord)]
	}
	area = strings.TrimSpace(area)
	if role == "" || (role != domain.RoleAdmin && area == "") {
		return staffNote(s, engine.Say("staff.invite.usage", nil))
	}
	return sideTrip(s, stepStaffWait, engine.CreateInvite{Role: role, Area: area})
}

// cmdHubungkan links the group it is sent in; in a private chat it explains.
func cmdHubungkan(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
	if in.From == 0 {
		return staffNote(s, engine.Say("staff.group.only_group", nil))
	}
	return sideTrip(s, stepStaffWait, engine.LinkGroup{From: in.From})
}

func staffSteps() []engine.Step {
	return append([]engine.Step{
		{
			ID:        stepStaffWait,
			Accept:    engine.Of(engine.KindResult),
			Transient: true,
			Handle:    staffResult,
		},
		{
			ID: stepStaffReg, Anytime: true, Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				id, err := notice.ParseRecord(in.Value)
				if err != nil {
					return staffDone(s, engine.Say("staff.reg.not_found", nil))
				}
				return sideTrip(s, stepStaffWait, engine.LoadRegistration{ID: id})
			},
		},
		{
			ID: stepStaffAct, Anytime: true, Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				verify, id, err := notice.ParseDecide(in.Value)
				switch {
				case err != nil:
					return staffDone(s, engine.Say("staff.reg.not_found", nil))
				case verify:
					return sideTrip(s, stepStaffWait, engine.DecideRegistration{ID: id, Verify: true})
				}
				s.Set(keyStaffRecord, notice.RecordValue(id))
				return engine.Goto(stepStaffReject)
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
					typed, err := typedReason(in.Text)
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
				return sideTrip(s, stepStaffWait, engine.LoadQueue{Offset: off, Waiting: list == "w"})
			},
		},
		{
			ID: stepStaffReports, Anytime: true, Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				off, _ := strconv.Atoi(in.Value)
				return sideTrip(s, stepStaffWait, engine.LoadReports{Offset: off})
			},
		},
		{
			ID: stepStaffRep, Anytime: true, Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				id, err := notice.ParseRecord(in.Value)
				if err != nil {
					return staffDone(s, engine.Say("staff.rep.not_found", nil))
				}
				return sideTrip(s, stepStaffWait, engine.LoadReport{ID: id})
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
				if in.Kind == engine.KindButton {
					return cancelled(s)
				}
				reason, err := typedReason(in.Text)
				if err != nil {
					return inputError(err)
				}
				s.Set(keyWhy, reason)
				return engine.Goto(stepStageConfirm)
			},
		},
		{
			ID: stepStaffList, Anytime: true, Menu: true, Accept: engine.Of(engine.KindButton),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				id, err := strconv.ParseInt(strings.TrimPrefix(in.Value, "r:"), 10, 64)
				if err != nil {
					return staffDone(s, engine.Say("staff.revoke.not_found", nil))
				}
				// The list again, for the officer's name and to see they
				// are still active: the button may be days old.
				s.Set(keyStaffRecord, strconv.FormatInt(id, 10))
				return sideTrip(s, stepStaffRevokeWait, engine.ListStaff{})
			},
		},
	}, append(append(claimSteps(), staffDocumentSteps()...), intakeStaffSteps()...)...)
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
	if r.Effect == (engine.RevokeStaff{}).EffectName() {
		return revokeResult(s, r)
	}
	if r.Err != "" {
		return staffDone(s, engine.Say(r.Err, nil))
	}
	switch r.Effect {
	case engine.BindStaff{}.EffectName():
		a := engine.AnswerOf[engine.BindStaff](r)
		data := map[string]any{"Role": engine.Msg("staff.role." + string(a.Role)), "Area": a.Area}
		switch a.Role {
		case domain.RoleKader:
			// A kader registers workers with help, and does nothing else.
			return staffDone(s, engine.Say("assisted.kader.bound", data))
		}
		return staffDone(s, engine.Say("staff.bound", data))
	case engine.CreateInvite{}.EffectName():
		a := engine.AnswerOf[engine.CreateInvite](r)
		return staffDone(s, engine.Say("staff.invite.created", map[string]any{
			"Code": a.Code, "Role": engine.Msg("staff.role." + string(a.Role)), "Area": a.Area,
		}))
	case engine.ListStaff{}.EffectName():
		return staffDone(s, staffListReply(engine.AnswerOf[engine.ListStaff](r)))
	case engine.LoadQueue{}.EffectName():
		return staffDone(s, queueReply(engine.AnswerOf[engine.LoadQueue](r)))
	case engine.SearchRegistration{}.EffectName():
		a := engine.AnswerOf[engine.SearchRegistration](r)
		if !a.Found {
			return staffDone(s, engine.Say("staff.search.none", nil))
		}
		return staffDone(s, registrationReplies(a.Registration)...)
	case engine.LoadRegistration{}.EffectName():
		a := engine.AnswerOf[engine.LoadRegistration](r)
		if !a.Found {
			return staffDone(s, engine.Say("staff.reg.not_found", nil))
		}
		return staffDone(s, registrationReplies(a.Registration)...)
	case engine.DecideRegistration{}.EffectName():
		return staffDone(s, decisionReply(engine.AnswerOf[engine.DecideRegistration](r)))
	case engine.LoadReports{}.EffectName():
		return staffDone(s, reportsReply(engine.AnswerOf[engine.LoadReports](r)))
	case engine.LoadReport{}.EffectName():
		a := engine.AnswerOf[engine.LoadReport](r)
		if !a.Found {
			return staffDone(s, engine.Say("staff.rep.not_found", nil))
		}
		return staffDone(s, reportReply(a.Report))
	case engine.LoadRecap{}.EffectName():
		recap := engine.AnswerOf[engine.LoadRecap](r)
		say := withFiles(engine.Say("staff.recap", figures(recap.Total)), r.Files, "staff.recap.chart")
		// The iuran of the area's nagari comes last (iuran.go).
		return staffDone(s, append(say, recapIuranReply(recap.Iuran)...)...)
	case engine.LoadCoverage{}.EffectName():
		cov := engine.AnswerOf[engine.LoadCoverage](r)
		data := figures(cov.Total)
		rows := make([]map[string]any, len(cov.Kecamatan))
		for i, k := range cov.Kecamatan {
			rows[i] = coverageRow(k)
		}
		data["Rows"] = rows
		return staffDone(s, withFiles(engine.Say("staff.coverage", data), r.Files, "staff.coverage.chart")...)
	case engine.ExportWorkers{}.EffectName():
		total := engine.AnswerOf[engine.ExportWorkers](r).Total
		if total == 0 || len(r.Files) == 0 {
			return staffDone(s, engine.Say("staff.export.empty", nil))
		}
		return staffDone(s, withFiles(engine.Say("staff.export.done", map[string]any{"Total": total}), r.Files, "staff.export.file")...)
	case engine.EndMembership{}.EffectName():
		return staffDone(s, membershipEndedReply(engine.AnswerOf[engine.EndMembership](r)))
	case engine.LoadPoster{}.EffectName():
		return staffDone(s, posterReply(r)...)
	case engine.LoadTemplates{}.EffectName():
		return staffDone(s, templatesReply(r)...)
	case engine.LinkGroup{}.EffectName():
		return staffDone(s, engine.Say("staff.group.linked", map[string]any{"Area": engine.AnswerOf[engine.LinkGroup](r).Area}))
	}
	if out, ok := intakeResult(s, r); ok {
		return out
	}
	if out, ok := documentResult(s, r); ok {
		return out
	}
	if out, ok := claimResult(s, r); ok {
		return out
	}
	return staffDone(s, engine.Say("error.internal", nil))
}

// figures are an area's figures as template data: /rekap's and /cakupan's
// totals, and a count per report stage under the stage's capitalised name
// ("Baru", "Ditolak").
func figures(a domain.AreaStats) map[string]any {
	data := map[string]any{
		"Area": a.Name, "Nagari": a.Nagari, "Participating": a.Participating, "Quota": a.Quota,
		"Registered": a.Registered, "Verified": a.Verified, "Pending": a.Pending, "Rejected": a.Rejected,
		"Funded": a.Funded, "Waiting": a.Waiting, "Reports": a.Reports,
		"Submitted": a.Submitted, "Active": a.Active, "Ended": a.Ended,
	}
	for _, st := range append(slices.Clone(domain.ReportStages), domain.StageRejected) {
		data[strings.ToUpper(string(st[:1]))+string(st[1:])] = a.Stages[st]
	}
	return data
}

// coverageRow is a kecamatan's line of /cakupan, under the lower-case names
// the message's rows use.
func coverageRow(a domain.AreaStats) map[string]any {
	return map[string]any{
		"name": a.Name, "participating": a.Participating, "nagari": a.Nagari, "registered": a.Registered,
		"verified": a.Verified, "funded": a.Funded, "quota": a.Quota, "reports": a.Reports,
		"submitted": a.Submitted, "active": a.Active, "ended": a.Ended,
	}
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

// queueReply lists a page of registrations as buttons that open them.
func queueReply(q engine.Queue) engine.Reply {
	total, off := q.Total, q.Offset
	list, other, otherMsg, msg := "p", "w", "staff.queue.show_waiting", "staff.queue.list"
	if q.Waiting {
		list, other, otherMsg, msg = "w", "p", "staff.queue.show_pending", "staff.queue.waiting"
	}
	var rowsOut [][]engine.Button
	for _, it := range q.Registrations {
		rowsOut = append(rowsOut, []engine.Button{{
			Label: it.Number + " · " + it.Name + " (" + it.NagariName + ")", Step: stepStaffReg, Value: notice.RecordValue(it.ID),
		}})
	}
	var nav []engine.Button
	if off > 0 {
		nav = append(nav, engine.Button{Msg: "staff.page.prev", Step: stepStaffQueue, Value: list + ":" + strconv.Itoa(max(off-pageSize, 0))})
	}
	if off+len(q.Registrations) < total {
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
		"Total": total, "From": off + 1, "To": off + len(q.Registrations),
	}, Buttons: rowsOut}
}

// pageSize matches the store's page (postgres.QueuePage).
const pageSize = 5

// registrationReplies shows a registration to staff, saying first who
// entered it when an officer or kader did.
func registrationReplies(r domain.RegistrationRecord) []engine.Reply {
	if r.Assisted() {
		return []engine.Reply{engine.Say("assisted.staff.entered", witnessData(r)), registrationReply(r)}
	}
	return []engine.Reply{registrationReply(r)}
}

// registrationReply shows a registration to staff, with the decision
// buttons while it is pending.
func registrationReply(r domain.RegistrationRecord) engine.Reply {
	data := registrationData(r.Registration, r.NagariName, r.KecamatanName)
	data["Number"] = r.Number
	data["Status"] = engine.Msg("status." + string(r.Status))
	data["Reason"] = reasonValue(r.RejectReason)
	data["Waiting"] = r.Waiting()
	reply := engine.Reply{Msg: "staff.reg.show", Data: data}
	if r.Status == domain.StatusPending {
		reply.Buttons = [][]engine.Button{{
			{Msg: "staff.verify", Step: stepStaffAct, Value: notice.DecideValue(true, r.ID)},
			{Msg: "staff.reject", Step: stepStaffAct, Value: notice.DecideValue(false, r.ID)},
		}}
	}
	if r.Membership.State == domain.MembershipActive {
		reply.Buttons = append(reply.Buttons, []engine.Button{endButton(r.ID)})
	}
	return reply
}

func decisionReply(d engine.Decision) engine.Reply {
	data := map[string]any{"Number": d.Number, "Status": engine.Msg("status." + string(d.Status))}
	switch {
	case !d.Found:
		return engine.Say("staff.reg.not_found", nil)
	case !d.Changed:
		return engine.Say("staff.reg.already", data)
	case d.Status == domain.StatusRejected:
		return engine.Say("staff.reg.rejected", data)
	case d.Waiting:
		return engine.Say("staff.reg.verified_waiting", data)
	}
	return engine.Say("staff.reg.verified", data)
}

// reportsReply lists a page of reports as buttons that open them.
func reportsReply(p engine.ReportPage) engine.Reply {
	total, off := p.Total, p.Offset
	var rowsOut [][]engine.Button
	for _, it := range p.Reports {
		rowsOut = append(rowsOut, []engine.Button{{
			Msg: "staff.rep.button", Step: stepStaffRep, Value: notice.RecordValue(it.ID),
			Data: map[string]any{"Number": it.Number, "Stage": engine.Msg("staff.stagename." + string(it.Stage)), "Nagari": it.NagariName},
		}})
	}
	var nav []engine.Button
	if off > 0 {
		nav = append(nav, engine.Button{Msg: "staff.page.prev", Step: stepStaffReports, Value: strconv.Itoa(max(off-pageSize, 0))})
	}
	if off+len(p.Reports) < total {
		nav = append(nav, engine.Button{Msg: "staff.page.next", Step: stepStaffReports, Value: strconv.Itoa(off + pageSize)})
	}
	if len(nav) > 0 {
		rowsOut = append(rowsOut, nav)
	}
	if total == 0 {
		return engine.Say("staff.rep.list_empty", nil)
	}
	return engine.Reply{Msg: "staff.rep.list", Data: map[string]any{"Total": total, "From": off + 1, "To": off + len(p.Reports)}, Buttons: rowsOut}
}

// reportReply shows a report with a button for its next stage and one to
// turn it down, while it is open.
func reportReply(p domain.ReportRecord) engine.Reply {
	id := strconv.FormatInt(p.ID, 10)
	location := ""
	if p.HasLocation() {
		location = strconv.FormatFloat(p.Lat, 'f', 6, 64) + "," + strconv.FormatFloat(p.Lon, 'f', 6, 64)
	}
	data := map[string]any{
		"Number": p.Number, "Kind": engine.Msg("staff.kind." + string(p.Kind)),
		"Stage": engine.Msg("staff.stagename." + string(p.Stage)), "Nagari": p.NagariName, "Reason": p.RejectReason,
		"NIK": string(p.SubjectNIK), "Name": p.WorkerName, "Registered": p.Registered, "Death": p.Death,
		"Date": p.Date, "Clock": "", "Place": p.Place, "Location": location,
		"What": p.Description, "Injury": p.Injury, "Treatment": "", "Cause": "", "Traffic": p.Traffic,
		"Reporter": p.ReporterName, "Relation": "", "Phone": string(p.Contact()), "Photos": len(p.Photos),
		"Created": domain.Today(p.CreatedAt), "Cover": "",
	}
	if p.Cover != "" {
		data["Cover"] = engine.Msg("report.cover." + string(p.Cover))
	}
	intakeView(p, data)
	witnessView(p, data)
	if p.Clock != "" {
		data["Clock"] = clockText(p.Clock)
	}
	if p.Treatment != "" {
		data["Treatment"] = engine.Msg("treatment." + p.Treatment)
	}
	if p.Cause != "" {
		data["Cause"] = engine.Msg("cause.short." + p.Cause)
	}
	if r := p.ReporterRelation; r != "" {
		// A death is reported by family (an heir's relation), an accident
		// by whoever was there.
		data["Relation"] = engine.Msg("reporter." + r)
		if p.Death {
			data["Relation"] = engine.Msg("relation." + r)
		}
	}
	view := claimView(p)
	view["Report"] = engine.Phrase{Msg: "staff.rep.show", Data: data}
	view["Docs"] = docsView(p.Documents)
	reply := engine.Reply{Msg: "claims.rep.show", Data: view}
	if next := p.Stage.Next(); next != "" {
		reply.Buttons = [][]engine.Button{
			{{Msg: "staff.stage.do." + string(next), Step: stepStaffStage, Value: string(next) + ":" + id}},
			{{Msg: "staff.stage.reject", Step: stepStaffStage, Value: string(domain.StageRejected) + ":" + id}},
		}
	}
	reply.Buttons = append(reply.Buttons, intakeButtons(p)...)
	reply.Buttons = append(reply.Buttons, claimButtons(p)...)
	reply.Buttons = append(reply.Buttons, staffDocsButton(p.ID))
	return reply
}

// typedReason reads a reason an officer typed. Messages end the reason with
// their own full stop ("Alasan: … ."), so the officer's is dropped.
func typedReason(text string) (string, error) {
	reason, err := domain.ParseFreeText(text, 3, 200)
	if err != nil {
		return "", err
	}
	if trimmed := strings.TrimRight(reason, ". "); trimmed != "" {
		reason = trimmed
	}
	return reason, nil
}
