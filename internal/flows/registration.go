package flows

// Registration of a worker, in this order:
//
//	reg.check       (waits: is this chat registered already?)
//	reg.consent     UU PDP consent; refusal stores nothing
//	reg.nik         → reg.nik.check (waits: NIK registered already?)
//	reg.identity    confirm birth date and gender read from the NIK
//	  reg.birth / reg.gender → reg.mismatch when they disagree with the NIK:
//	  fix the NIK, type again, go on with the NIK's data, or stop and go to
//	  the nagari office with the KTP
//	reg.name, reg.address
//	reg.kecamatan → reg.nagari (reg.nagari.confirm first when the form
//	  began from a poster's link: poster.go)
//	reg.occupation (→ reg.occupation.other for "Lainnya")
//	reg.phone       shared contact preferred, typed accepted
//	reg.mother      the mother's maiden name, which BPJS asks
//	reg.heir.name → reg.heir.relation
//	reg.summary     a button per field to change it, then Kirim (which asks
//	                reg.mother first of a form begun before it was asked)
//	reg.submit      (waits: written to Postgres?)

import (
	"slices"
	"strings"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

const flowRegistration = "reg"

const (
	stepRegCheck      = "reg.check"
	stepConsent       = "reg.consent"
	stepNIK           = "reg.nik"
	stepNIKCheck      = "reg.nik.check"
	stepIdentity      = "reg.identity"
	stepBirth         = "reg.birth"
	stepGender        = "reg.gender"
	stepMismatch      = "reg.mismatch"
	stepName          = "reg.name"
	stepAddress       = "reg.address"
	stepKecamatan     = "reg.kecamatan"
	stepNagari        = "reg.nagari"
	stepOccupation    = "reg.occupation"
	stepOccupationEtc = "reg.occupation.other"
	stepPhone         = "reg.phone"
	stepMother        = "reg.mother"
	stepHeirName      = "reg.heir.name"
	stepHeirRelation  = "reg.heir.relation"
	stepSummary       = "reg.summary"
	stepSubmit        = "reg.submit"
)

// Answer keys of the registration form.
const (
	keyConsentAt     = "consent_at"
	keyNIK           = "nik"
	keyNIKTyped      = "nik_typed"
	keyBirth         = "birth"
	keyGender        = "gender"
	keyName          = "name"
	keyAddress       = "address"
	keyKecamatan     = "kec"
	keyNagari        = "nagari"
	keyOccupation    = "occ"
	keyOccupationEtc = "occ_other"
	keyPhone         = "phone"
	keyMotherName    = "mother_name"
	keyHeirName      = "heir_name"
	keyHeirRelation  = "heir_rel"
	keyMismatchOf    = "mismatch_of"
)

// startRegistration first asks whether this chat is registered already, so a
// worker is never walked through a form that would be refused at the end.
func startRegistration(s *engine.Session) engine.Outcome {
	return sideTrip(s, stepRegCheck, engine.LoadStatus{})
}

func withBack(bs ...[]engine.Button) [][]engine.Button {
	return append(bs, []engine.Button{engine.BackButton()})
}

func ask(msg string) func(*engine.Session) engine.Reply {
	return func(*engine.Session) engine.Reply {
		return engine.Reply{Msg: msg, Buttons: withBack()}
	}
}

func registrationSteps(regions *domain.Regions) []engine.Step {
	text := engine.Of(engine.KindText)
	buttons := engine.Of(engine.KindButton)
	// The kecamatan and nagari steps are shared with the reports
	// (areaSteps); the nagari is followed by the occupation.
	area := areaSteps(flowRegistration, flowRegistration, "reg.kecamatan.ask", regions, func(s *engine.Session) engine.Outcome {
		return then(s, stepOccupation)
	})
	return append(area, []engine.Step{
		{
			ID:        stepRegCheck,
			Accept:    engine.Of(engine.KindResult),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				r := in.Result
				st := engine.AnswerOf[engine.LoadStatus](r)
				switch {
				case r.Err != "":
					s.Unset(keyNagariLink)
					return engine.Outcome{Say: []engine.Reply{engine.Say(r.Err, nil)}, Next: engine.Return}
				case st.Found && st.Status != domain.StatusRejected:
					s.Unset(keyNagariLink)
					// One's own registration is done; a family member
					// may still be registered from this phone.
					return engine.Outcome{Say: append(append([]engine.Reply{engine.Say("reg.already", nil)}, statusReplies(r)...),
						householdReply("household.offer")), Next: engine.Home}
				}
				keepLink(s, now)
				out := engine.Goto(stepConsent)
				if st.Found { // rejected: correct and send again
					out.Say = []engine.Reply{engine.Say("reg.resubmit", nil)}
				}
				return out
			},
		},
		{
			ID:   stepConsent,
			Flow: flowRegistration,
			Ask: func(*engine.Session) engine.Reply {
				return engine.Reply{Msg: "reg.consent.ask", Buttons: [][]engine.Button{
					{{Msg: "reg.consent.agree", Value: "agree"}},
					{{Msg: "reg.consent.decline", Value: "decline"}},
				}}
			},
			Accept: buttons,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if in.Value != "agree" {
					return engine.Outcome{End: true, Say: []engine.Reply{engine.Say("reg.consent.declined", nil)}}
				}
				s.Set(keyConsentAt, now.UTC().Format(time.RFC3339))
				s.Set(keyConsentMode, string(domain.ConsentOwn))
				return engine.Goto(stepNIK)
			},
		},
		{
			ID: stepNIK, Flow: flowRegistration,
			Ask:    ask("reg.nik.ask"),
			Accept: text,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				nik, err := domain.ParseNIK(in.Text, now)
				if err != nil {
					return inputError(err)
				}
				// Kept aside until the check: a NIK changed from the summary
				// that turns out registered must not replace the worker's own.
				s.Set(keyNIKTyped, string(nik))
				return engine.Outcome{Effects: []engine.Effect{engine.FindRegistration{NIK: nik}}, Next: stepNIKCheck}
			},
		},
		{
			ID: stepNIKCheck, Flow: flowRegistration,
			Accept:    engine.Of(engine.KindResult),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				r := in.Result
				st := engine.AnswerOf[engine.FindRegistration](r)
				nik := domain.NIK(s.Answer(keyNIKTyped))
				s.Unset(keyNIKTyped)
				switch {
				case r.Err != "":
					return engine.Outcome{Say: []engine.Reply{engine.Say(r.Err, nil)}, Next: stepNIK}
				case st.Found && st.Status != domain.StatusRejected:
					// The chat's own rejected record may be sent again, corrected.
					if s.Editing {
						// Changed from the summary: the rest of the form is
						// the worker's, so keep it and ask for the NIK again.
						return engine.Outcome{Say: []engine.Reply{engine.Say("reg.nik.taken", nil)}, Next: stepNIK}
					}
					return engine.Outcome{End: true, Say: []engine.Reply{nikExists(st.Number, st.Status)}}
				}
				info := nik.Info(now)
				if !domain.OldEnough(info.BirthDate, now) {
					// A child is not registered (domain.MinAge): said now,
					// not after the whole form.
					say := []engine.Reply{engine.Say("household.too_young", map[string]any{"Min": domain.MinAge})}
					if s.Editing {
						return engine.Outcome{Say: say, Next: stepNIK}
					}
					return engine.Outcome{End: true, Say: say}
				}
				if !domain.YoungEnough(info.BirthDate, now) {
					// BPU participants must be "belum mencapai 65 tahun"
					// at registration (DOMAIN.md §12): said now too.
					say := []engine.Reply{engine.Say("reg.too_old", map[string]any{"Max": domain.MaxRegistrationAge})}
					if s.Editing {
						return engine.Outcome{Say: say, Next: stepNIK}
					}
					return engine.Outcome{End: true, Say: say}
				}
				s.Set(keyNIK, string(nik))
				s.Set(keyBirth, date(info.BirthDate))
				s.Set(keyGender, string(info.Gender))
				var say []engine.Reply
				if !info.FromSolok {
					say = append(say, engine.Say("reg.nik.outside_solok", nil))
				}
				return engine.Outcome{Say: say, Next: stepIdentity}
			},
		},
		{
			ID: stepIdentity, Flow: flowRegistration,
			Ask: func(s *engine.Session) engine.Reply {
				return engine.Reply{Msg: "reg.identity.ask", Data: map[string]any{
					"BirthDate": parseStored(s.Answer(keyBirth)),
					"Gender":    engine.Msg("gender." + s.Answer(keyGender)),
				}, Buttons: withBack(
					[]engine.Button{{Msg: "reg.identity.yes", Value: "yes"}},
					[]engine.Button{{Msg: "reg.identity.fix_birth", Value: "birth"}},
					[]engine.Button{{Msg: "reg.identity.fix_gender", Value: "gender"}},
				)}
			},
			Accept: buttons,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				switch in.Value {
				case "birth":
					return engine.Goto(stepBirth)
				case "gender":
					return engine.Goto(stepGender)
				}
				return then(s, stepName)
			},
		},
		{
			ID: stepBirth, Flow: flowRegistration,
			Ask:    ask("reg.birth.ask"),
			Accept: text,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				d, err := domain.ParseBirthDate(in.Text, now)
				if err != nil {
					return inputError(err)
				}
				s.Set(keyBirth, date(d))
				return checkIdentity(s, now, "birth")
			},
		},
		{
			ID: stepGender, Flow: flowRegistration,
			Ask: func(*engine.Session) engine.Reply {
				return engine.Reply{Msg: "reg.gender.ask", Buttons: withBack([]engine.Button{
					{Msg: "gender.L", Value: string(domain.Male)},
					{Msg: "gender.P", Value: string(domain.Female)},
				})}
			},
			Accept: buttons,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				g := domain.Gender(in.Value)
				if g != domain.Male && g != domain.Female {
					return engine.Fail("input.use_buttons", nil)
				}
				s.Set(keyGender, string(g))
				return checkIdentity(s, now, "gender")
			},
		},
		{
			ID: stepMismatch, Flow: flowRegistration,
			Ask: func(s *engine.Session) engine.Reply {
				bs := [][]engine.Button{
					{{Msg: "reg.mismatch.fix_nik", Value: "nik"}},
					{{Msg: "reg.mismatch.again", Value: "again"}},
					{{Msg: "reg.mismatch.use_nik", Value: "use_nik"}},
				}
				if !s.Editing && !assisted(s) {
					// From the summary, stopping would throw a whole form
					// away; an officer entering it is the office.
					bs = append(bs, []engine.Button{{Msg: "reg.mismatch.office", Value: "office"}})
				}
				return engine.Reply{Msg: "reg.mismatch.ask", Data: mismatchData(s), Buttons: withBack(bs...)}
			},
			Accept:    buttons,
			Transient: true,
			// However often the worker types the same date, it will not match
			// the NIK: the last two buttons are the ways on. Neither stores
			// the typed value: a mismatch is never accepted silently.
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				switch {
				case in.Value == "nik":
					return engine.Goto(stepNIK)
				case in.Value == "again" && s.Answer(keyMismatchOf) == "gender":
					return engine.Goto(stepGender)
				case in.Value == "again":
					return engine.Goto(stepBirth)
				case in.Value == "use_nik":
					info := domain.NIK(s.Answer(keyNIK)).Info(now)
					s.Set(keyBirth, date(info.BirthDate))
					s.Set(keyGender, string(info.Gender))
					s.Unset(keyMismatchOf)
					return then(s, stepName)
				case in.Value == "office" && !s.Editing:
					return engine.Outcome{End: true, Say: []engine.Reply{engine.Say("reg.mismatch.office_done", nil)}}
				}
				return engine.Fail("input.use_buttons", nil)
			},
		},
		{
			ID: stepName, Flow: flowRegistration,
			Ask:    ask("reg.name.ask"),
			Accept: text,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				name, err := domain.ParseName(in.Text)
				if err != nil {
					return inputError(err)
				}
				s.Set(keyName, name)
				return then(s, stepAddress)
			},
		},
		{
			ID: stepAddress, Flow: flowRegistration,
			Ask:    ask("reg.address.ask"),
			Accept: text,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				addr, err := domain.ParseFreeText(in.Text, domain.AddressMinLen, domain.AddressMaxLen)
				if err != nil {
					return inputError(err)
				}
				s.Set(keyAddress, addr)
				if assisted(s) {
					// The officer's own nagari, fixed when the form began.
					return then(s, stepOccupation)
				}
				return then(s, areaStep(s, regions))
			},
		},
		{
			ID: stepOccupation, Flow: flowRegistration,
			Ask: func(*engine.Session) engine.Reply {
				bs := make([]engine.Button, len(domain.Occupations))
				for i, code := range domain.Occupations {
					bs[i] = engine.Button{Msg: "occupation." + code, Value: code}
				}
				return engine.Reply{Msg: "reg.occupation.ask", Buttons: withBack(rows(2, bs)...)}
			},
			Accept: engine.Of(engine.KindButton, engine.KindText),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				code, typedJob := in.Value, false
				if in.Kind == engine.KindText {
					var matched bool
					code, matched = guessOccupation(in.Text)
					typedJob = !matched
				}
				if !domain.IsOccupation(code) {
					return engine.Fail("input.use_buttons", nil)
				}
				s.Set(keyOccupation, code)
				s.Unset(keyOccupationEtc)
				if typedJob {
					other, err := domain.ParseFreeText(in.Text, domain.OccupationOtherMinLen, domain.OccupationOtherMaxLen)
					if err != nil {
						return inputError(err)
					}
					s.Set(keyOccupationEtc, other)
				} else if code == "lainnya" {
					return engine.Goto(stepOccupationEtc)
				}
				return then(s, stepPhone)
			},
		},
		{
			ID: stepOccupationEtc, Flow: flowRegistration,
			Ask:    ask("reg.occupation.other_ask"),
			Accept: text,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				other, err := domain.ParseFreeText(in.Text, domain.OccupationOtherMinLen, domain.OccupationOtherMaxLen)
				if err != nil {
					return inputError(err)
				}
				s.Set(keyOccupationEtc, other)
				return then(s, stepPhone)
			},
		},
		{
			ID: stepPhone, Flow: flowRegistration,
			Ask: func(s *engine.Session) engine.Reply {
				if assisted(s) {
					// The 📱 button would send the officer's own number.
					return engine.Reply{Msg: "assisted.phone.ask", Buttons: withBack()}
				}
				return phoneQuestion("reg.phone.ask")(s)
			},
			Accept: engine.Of(engine.KindContact, engine.KindText),
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if assisted(s) && in.Kind == engine.KindContact {
					return engine.Fail("assisted.phone.typed", nil)
				}
				phone, err := phoneFrom(in)
				if err != nil {
					return inputError(err)
				}
				s.Set(keyPhone, string(phone))
				saved := "reg.phone.saved"
				if fixing(s) {
					// A correction is stored only by "Simpan perubahan".
					saved = "fix.phone.changed"
				}
				out := then(s, stepMother)
				out.Say = []engine.Reply{engine.Say(saved, nil)}
				return out
			},
		},
		{
			// Next to the heir: both names come from the Kartu Keluarga,
			// and a worker fetching it for one has it for the other.
			ID: stepMother, Flow: flowRegistration,
			Ask:    ask("reg.mother.ask"),
			Accept: text,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				name, err := domain.ParseName(in.Text)
				if err != nil {
					return inputError(err)
				}
				s.Set(keyMotherName, name)
				return then(s, stepHeirName)
			},
		},
		{
			ID: stepHeirName, Flow: flowRegistration,
			Ask:    ask("reg.heir.name_ask"),
			Accept: text,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				name, err := domain.ParseName(in.Text)
				if err != nil {
					return inputError(err)
				}
				s.Set(keyHeirName, name)
				return engine.Goto(stepHeirRelation)
			},
		},
		{
			ID: stepHeirRelation, Flow: flowRegistration,
			Ask: func(*engine.Session) engine.Reply {
				bs := make([]engine.Button, len(domain.HeirRelations))
				for i, code := range domain.HeirRelations {
					bs[i] = engine.Button{Msg: "relation." + code, Value: code}
				}
				return engine.Reply{Msg: "reg.heir.relation_ask", Buttons: withBack(rows(2, bs)...)}
			},
			Accept: buttons,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				if !domain.IsHeirRelation(in.Value) {
					return engine.Fail("input.use_buttons", nil)
				}
				s.Set(keyHeirRelation, in.Value)
				return then(s, stepSummary)
			},
		},
		summaryStep(regions),
		{
			ID: stepSubmit, Flow: flowRegistration,
			Accept:    engine.Of(engine.KindResult),
			Transient: true,
			Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
				r := in.Result
				a := engine.AnswerOf[engine.SubmitRegistration](r)
				code := s.Answer(keyNagari)
				switch {
				case r.Err == "assisted.outside":
					// The binding went (revoked) while the form was filled.
					return engine.Outcome{End: true, Say: []engine.Reply{engine.Say(r.Err, nil)}}
				case r.Err != "":
					// The form stays whole in the session; Kirim can be pressed again.
					return engine.Outcome{Say: []engine.Reply{engine.Say("reg.submit.failed", nil)}, Next: stepSummary}
				case a.Duplicate && assisted(s):
					return engine.Outcome{End: true, Silent: true, Say: []engine.Reply{nikExists(a.Number, a.Status), againReply("assisted.again.ask", nil, code)}}
				case a.Duplicate:
					return engine.Outcome{End: true, Say: []engine.Reply{nikExists(a.Number, a.Status)}}
				}
				data := map[string]any{"Number": a.Number}
				if a.Waiting {
					// One message, not two: the waiting list is part of the answer.
					data["Waiting"] = engine.Msg("reg.done.waiting")
				}
				switch {
				case assisted(s):
					data["Name"] = s.Answer(keyName)
					if a.Waiting {
						data["Waiting"] = engine.Msg("assisted.done.waiting")
					}
					if a.LinkCode != "" {
						// To read out: the worker links their own chat with it.
						data["Code"] = engine.Phrase{Msg: "link.code.after", Data: map[string]any{
							"Code": a.LinkCode, "Expires": domain.InWIB(a.LinkExpires),
						}}
					}
					// Many workers in a row: the next one is one tap away,
					// and the worker's menu would only be in the way.
					done := againReply("assisted.done", data, code)
					if share := workerShare(s, regions, a); share != nil {
						done.Buttons = append([][]engine.Button{{{Msg: "whatsapp.button", Share: share}}}, done.Buttons...)
					}
					return engine.Outcome{End: true, Silent: true, Say: []engine.Reply{done}}
				case household(s):
					return engine.Outcome{End: true, Say: []engine.Reply{engine.Say("reg.done", data), householdReply("household.again")}}
				}
				return engine.Outcome{End: true, Say: []engine.Reply{engine.Say("reg.done", data)}}
			},
		},
	}...)
}

// workerShare is the message the officer sends the worker through
// WhatsApp once a registration with help is in (DOMAIN.md §14: most
// workers have WhatsApp, few Telegram): what they were registered for, the
// number, and the link that makes the record theirs. nil without a phone.
func workerShare(s *engine.Session, regions *domain.Regions, a engine.Submitted) *engine.Share {
	phone := domain.Phone(s.Answer(keyPhone))
	if phone == "" {
		return nil
	}
	n, _ := regions.Nagari(s.Answer(keyNagari))
	data := map[string]any{"Name": s.Answer(keyName), "Nagari": n.Name, "Number": a.Number, "Waiting": a.Waiting, "Code": a.LinkCode, "Expires": domain.InWIB(a.LinkExpires)}
	return &engine.Share{Phone: phone, Msg: "whatsapp.registered", Data: data, Start: domain.LinkStartPayload(a.LinkCode)}
}

// nikExists says a NIK is registered already. The store gives the number
// and status only to the chat that registered it.
func nikExists(number string, status domain.Status) engine.Reply {
	data := map[string]any{"Number": ""}
	if number != "" {
		data["Number"] = number
		data["Status"] = engine.Msg("status." + string(status))
	}
	return engine.Say("reg.nik.exists", data)
}

// checkIdentity compares the birth date and gender now held with what the
// NIK encodes: on a mismatch ask, never accept silently. BPJS checks the NIK against Dukcapil, so a record whose NIK
// contradicts its birth date would be refused there anyway.
func checkIdentity(s *engine.Session, now time.Time, what string) engine.Outcome {
	nik := domain.NIK(s.Answer(keyNIK))
	err := nik.Matches(parseStored(s.Answer(keyBirth)), domain.Gender(s.Answer(keyGender)), now)
	if err == nil {
		s.Unset(keyMismatchOf)
		return then(s, stepName)
	}
	s.Set(keyMismatchOf, what)
	return engine.Goto(stepMismatch)
}

// mismatchData names the answer that disagrees with the NIK and what the
// NIK says instead, so the worker sees what going on with the NIK means.
func mismatchData(s *engine.Session) map[string]any {
	d := map[string]any{"What": engine.Msg("reg.mismatch." + s.Answer(keyMismatchOf))}
	// Touched is this input's time: the century Info picks is the one the
	// step that stored the date picked.
	info := domain.NIK(s.Answer(keyNIK)).Info(s.Touched)
	if s.Answer(keyMismatchOf) == "gender" {
		d["FromNIK"] = engine.Msg("gender." + string(info.Gender))
	} else {
		d["FromNIK"] = info.BirthDate
	}
	return d
}

func kecamatanButtons(ks []domain.Kecamatan) []engine.Button {
	bs := make([]engine.Button, len(ks))
	for i, k := range ks {
		bs[i] = engine.Button{Label: k.Name, Value: k.Code}
	}
	return bs
}

func nagariButtons(ns []domain.Nagari) []engine.Button {
	bs := make([]engine.Button, len(ns))
	for i, n := range ns {
		bs[i] = engine.Button{Label: n.Name, Value: n.Code}
	}
	return bs
}

// nagariOptions are the nagari candidates of a name typed at the kecamatan
// question, each with its kecamatan: names repeat across kecamatan.
func nagariOptions(ns []domain.Nagari) []engine.Button {
	bs := make([]engine.Button, len(ns))
	for i, n := range ns {
		bs[i] = engine.Button{Msg: "reg.nagari.option", Data: map[string]any{"Nagari": n.Name, "Kecamatan": n.KecamatanName}, Value: n.Code}
	}
	return bs
}

// pickOne shows the candidates of an ambiguous typed answer as buttons and
// waits on the same step.
func pickOne(msg string, bs []engine.Button) engine.Outcome {
	return engine.Outcome{Say: []engine.Reply{{Msg: msg, Buttons: withBack(rows(2, bs)...)}}, Silent: true}
}

// summaryEdits maps each "Ubah …" button of the summary to the step that
// asks that field again.
var summaryEdits = []summaryEdit{
	{"nik", stepNIK},
	{"identity", stepIdentity},
	{"name", stepName},
	{"address", stepAddress},
	{"nagari", stepKecamatan},
	{"occupation", stepOccupation},
	{"phone", stepPhone},
	{"mother", stepMother},
	{"heir", stepHeirName},
}

// assistedEdits are the summary's "Ubah …" buttons of a registration
// entered with help: the nagari is the officer's own.
var assistedEdits = slices.DeleteFunc(slices.Clone(summaryEdits), func(e summaryEdit) bool { return e.value == "nagari" })

// summaryKeyboard is the summary's buttons: submit, a row of "Ubah …"
// buttons for edits, and cancel.
func summaryKeyboard(submit string, edits []summaryEdit) [][]engine.Button {
	bs := make([]engine.Button, len(edits))
	for i, e := range edits {
		bs[i] = engine.Button{Msg: "reg.summary.edit_" + e.value, Value: "edit:" + e.value}
	}
	keyboard := append([][]engine.Button{{{Msg: submit, Value: "submit"}}}, rows(2, bs)...)
	return append(keyboard, []engine.Button{{Msg: "reg.summary.cancel", Value: "cancel"}})
}

// summaryStep ends the registration form, and the correction form too
// (correct.go): the same answers, fewer of them to change, another effect.
func summaryStep(regions *domain.Regions) engine.Step {
	register, correct := summaryKeyboard("reg.summary.submit", summaryEdits), summaryKeyboard("fix.summary.submit", fixEdits)
	entered := summaryKeyboard("reg.summary.submit", assistedEdits)
	send := sendForm(stepSubmit, func(key string, r domain.Registration) engine.Effect {
		return engine.SubmitRegistration{Key: key, Registration: r}
	})
	submit := func(s *engine.Session, now time.Time) engine.Outcome {
		if s.Answer(keyMotherName) == "" {
			// A form begun before the question was asked: BPJS needs the
			// answer of every new member, so it is asked now.
			s.Editing = true
			return engine.Goto(stepMother)
		}
		if err := domain.CheckRegistrationAge(parseStored(s.Answer(keyBirth)), now); err != nil {
			// The worker turned 65 while the form waited.
			return inputError(err)
		}
		return send(s, now)
	}
	submitRegistration, submitEntered := handleSummary(summaryEdits, submit), handleSummary(assistedEdits, submit)
	submitCorrection := handleSummary(fixEdits, sendForm(stepFixSubmit, func(key string, r domain.Registration) engine.Effect {
		return engine.CorrectRegistration{Key: key, Registration: r}
	}))
	return engine.Step{
		ID: stepSummary, Flow: flowRegistration,
		Ask: func(s *engine.Session) engine.Reply {
			switch {
			case fixing(s):
				return engine.Reply{Msg: "fix.summary.ask", Data: summaryData(s, regions), Buttons: correct}
			case assisted(s):
				return engine.Reply{Msg: "reg.summary.ask", Data: summaryData(s, regions), Buttons: entered}
			}
			return engine.Reply{Msg: "reg.summary.ask", Data: summaryData(s, regions), Buttons: register}
		},
		Accept: engine.Of(engine.KindButton),
		Handle: func(s *engine.Session, in engine.Input, now time.Time) engine.Outcome {
			switch {
			case fixing(s):
				return submitCorrection(s, in, now)
			case assisted(s):
				return submitEntered(s, in, now)
			}
			return submitRegistration(s, in, now)
		},
	}
}

func summaryData(s *engine.Session, regions *domain.Regions) map[string]any {
	n, _ := regions.Nagari(s.Answer(keyNagari))
	return registrationData(answeredRegistration(s), n.Name, n.KecamatanName)
}

// sendForm is the summary's "Kirim": the answers as a registration, in the
// effect effect makes with the form's idempotency key, answered at next.
func sendForm(next string, effect func(key string, r domain.Registration) engine.Effect) func(*engine.Session, time.Time) engine.Outcome {
	return func(s *engine.Session, now time.Time) engine.Outcome {
		reg, err := registrationOf(s, now)
		if err != nil {
			// Only a session from an older deploy can lack a field here.
			return inputError(err)
		}
		return engine.Outcome{Effects: []engine.Effect{effect(s.FormID, reg)}, Next: next}
	}
}

// registrationOf assembles the record from the answers and validates it
// once more, the last check before anything is written.
func registrationOf(s *engine.Session, now time.Time) (domain.Registration, error) {
	r := answeredRegistration(s)
	return r, r.Validate(now)
}

// answeredRegistration is the registration the form's answers hold so far.
// setAnswers is its inverse: a field of domain.Registration is an answer
// key in both.
func answeredRegistration(s *engine.Session) domain.Registration {
	consentAt, _ := time.Parse(time.RFC3339, s.Answer(keyConsentAt))
	return domain.Registration{
		NIK:             domain.NIK(s.Answer(keyNIK)),
		Name:            s.Answer(keyName),
		BirthDate:       parseStored(s.Answer(keyBirth)),
		Gender:          domain.Gender(s.Answer(keyGender)),
		Address:         s.Answer(keyAddress),
		NagariCode:      s.Answer(keyNagari),
		Occupation:      s.Answer(keyOccupation),
		OccupationOther: s.Answer(keyOccupationEtc),
		Phone:           domain.Phone(s.Answer(keyPhone)),
		MotherName:      s.Answer(keyMotherName),
		HeirName:        s.Answer(keyHeirName),
		HeirRelation:    s.Answer(keyHeirRelation),
		ConsentVersion:  ConsentVersion,
		ConsentAt:       consentAt,
		ConsentMode:     domain.ConsentMode(s.Answer(keyConsentMode)),
		ConsentFormFile: s.Answer(keyFormFile),
	}
}

// setAnswers fills the form's answers from a stored registration of nagari
// n, to correct it. Empty fields stay unanswered.
func setAnswers(s *engine.Session, r domain.Registration, n domain.Nagari) {
	for key, value := range map[string]string{
		keyNIK: string(r.NIK), keyBirth: date(r.BirthDate), keyGender: string(r.Gender), keyName: r.Name,
		keyAddress: r.Address, keyKecamatan: n.KecamatanCode, keyNagari: n.Code, keyOccupation: r.Occupation,
		keyOccupationEtc: r.OccupationOther, keyPhone: string(r.Phone), keyMotherName: r.MotherName, keyHeirName: r.HeirName,
		keyHeirRelation: r.HeirRelation, keyConsentAt: r.ConsentAt.UTC().Format(time.RFC3339),
		keyConsentMode: string(r.ConsentMode), keyFormFile: r.ConsentFormFile,
	} {
		if value != "" {
			s.Set(key, value)
		}
	}
}

// registrationData is a registration as template data, with the names of
// its nagari and kecamatan: the summary, /dataku and the staff's view show
// the same fields under the same names.
func registrationData(r domain.Registration, nagari, kecamatan string) map[string]any {
	occupation := any(engine.Msg("occupation." + r.Occupation))
	if r.OccupationOther != "" {
		occupation = r.OccupationOther
	}
	mother := any(r.MotherName)
	if r.MotherName == "" { // registered before it was asked
		mother = engine.Msg("reg.mother.none")
	}
	return map[string]any{
		// string(...): NIK and Phone print masked, and here they are shown
		// to the worker or their staff in full.
		"NIK":          string(r.NIK),
		"Name":         r.Name,
		"BirthDate":    r.BirthDate,
		"Gender":       engine.Msg("gender." + string(r.Gender)),
		"Address":      r.Address,
		"Nagari":       nagari,
		"Kecamatan":    kecamatan,
		"Occupation":   occupation,
		"Phone":        string(r.Phone),
		"MotherName":   mother,
		"HeirName":     r.HeirName,
		"HeirRelation": engine.Msg("relation." + r.HeirRelation),
	}
}

// occupationWords recognises a typed occupation. These are matching keys
// for what people type, not text shown to anyone. The order settles words
// that fit two jobs: "buruh tani" is a day labourer, "tukang ojek" a driver.
var occupationWords = []struct {
	code  string
	words []string
}{
	{"buruh_harian", []string{"buruh", "harian", "serabutan", "upahan"}},
	{"ojek_sopir", []string{"ojek", "ojol", "sopir", "supir", "driver"}},
	{"guru_mengaji", []string{"guru", "mengaji", "ngaji", "marbut", "garin"}},
	{"pedagang", []string{"pedagang", "dagang", "jualan", "berjualan", "pkl", "warung"}},
	{"nelayan", []string{"nelayan", "ikan", "jala"}},
	{"peternak", []string{"peternak", "ternak", "sapi", "kambing", "ayam", "itik"}},
	{"tukang_bangunan", []string{"tukang", "bangunan", "kuli"}},
	{"umkm", []string{"umkm", "usaha", "pengrajin", "kerajinan"}},
	{"petani", []string{"petani", "tani", "pekebun", "kebun", "sawah", "ladang"}},
	{"lainnya", []string{"lainnya", "lain"}},
}

// guessOccupation picks the button a typed job means. matched is false when
// no word fits; the typed text is then itself the "Lainnya" job.
func guessOccupation(text string) (code string, matched bool) {
	fields := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !('a' <= r && r <= 'z')
	})
	for _, o := range occupationWords {
		for _, w := range o.words {
			if slices.Contains(fields, w) {
				return o.code, true
			}
		}
	}
	return "lainnya", false
}
