package flows

import (
	"encoding/json"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

// now is pinned: 25 November 2026, 10:00 WIB.
var now = time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)

func testRegions(t testing.TB) *domain.Regions {
	t.Helper()
	f, err := os.Open("../domain/testdata/solok-nagari.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ns, err := domain.ParseRegionsCSV(f)
	if err != nil {
		t.Fatal(err)
	}
	return domain.NewRegions(ns)
}

func testMachine(t testing.TB) *engine.Machine {
	t.Helper()
	m, err := New(testRegions(t))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// world answers effects the way the stores would, for transcripts. The real
// stores are exercised against Postgres and Redis in bot's tests.
type world struct {
	registered map[string]string      // NIK → number
	chatReg    string                 // number registered from this chat
	myReports  []domain.ReportSummary // reports /dataku lists
	myData     domain.Registration    // more fields of the chat's registration
	corrected  []engine.CorrectRegistration
	down       bool // the database is unreachable
	submitted  []engine.SubmitRegistration
	reports    reportWorld         // report_transcript_test.go
	offices    []engine.LoadOffice // the help's lookups
	staff      staffWorld          // notice_test.go
	staffMenu  staffMenuWorld      // staffmenu_test.go
	ends       endWorld            // membership_end_test.go
	claims     claimWorld          // claims_test.go
	bpjs       bpjsWorld           // bpjs_test.go
	docs       docWorld            // documents_test.go
	posters    posterWorld         // poster_test.go
	card       engine.MemberCard   // what LoadCard finds (card_test.go)
	assisted   assistedWorld       // assisted_test.go
	iuran      iuranWorld          // iuran_test.go
	intake     intakeWorld         // intake_test.go
	plkk       plkkWorld           // guidance_test.go
	// openClaims are the open reports about the chat's registration that
	// keep /hapus from erasing (guidance_test.go).
	openClaims []domain.ReportSummary
	link       linkWorld        // link_test.go
	templates  engine.Templates // what LoadTemplates finds (templates_test.go)
}

func (w *world) apply(e engine.Effect) (engine.Result, bool) {
	r := engine.Result{Effect: e.EffectName()}
	if !engine.Answers(e) {
		return r, false
	}
	if w.down {
		r.Err = "error.unavailable"
		return r, true
	}
	switch e := e.(type) {
	case engine.LoadOffice:
		w.offices = append(w.offices, e)
		r = engine.Answered(e, engine.Office{Nagari: "Alahan Panjang", Contact: "0755 123456"})
	case engine.LoadStatus:
		var a engine.RegistrationStatus
		if w.chatReg != "" {
			a = engine.RegistrationStatus{Found: true, Number: w.chatReg, Status: domain.StatusPending}
			if w.bpjs.membership.State != "" {
				a.Status, a.Membership, a.Placed = domain.StatusVerified, w.bpjs.membership, w.bpjs.placed
			}
		}
		if w.card.Found {
			a.Status, a.Membership = w.card.Status, w.card.Membership
		}
		a.People = w.assisted.people
		r = engine.Answered(e, a)
	case engine.LoadCard:
		if people := w.assisted.received(); e.Number == "" && len(people) > 1 {
			r = engine.Answered(e, engine.MemberCard{People: people})
			break
		}
		if e.Number != "" && e.Number != w.card.Number {
			r = engine.Answered(e, engine.MemberCard{})
			break
		}
		r = engine.Answered(e, w.card)
		if w.card.Membership.State == domain.MembershipActive {
			// bot draws the card here (bot.attach).
			r.Files = []engine.File{{Name: "kartu-peserta.png", Data: []byte("png"), Photo: true}}
		}
	case engine.FindRegistration:
		var a engine.RegistrationStatus
		if n, ok := w.registered[string(e.NIK)]; ok {
			a = engine.RegistrationStatus{Found: true, Number: n, Status: domain.StatusPending}
		}
		r = engine.Answered(e, a)
	case engine.LoadMyData:
		a := engine.MyData{Reports: w.myReports, OpenClaims: w.openClaims}
		if w.chatReg != "" {
			reg := w.myData
			reg.NagariCode, reg.Occupation = "13.02.04.2001", "petani"
			a.Found = true
			a.Registration = domain.RegistrationRecord{Registration: reg, Number: w.chatReg, Status: domain.StatusPending}
			if e.Number != "" {
				a.Registration.Number = e.Number
			}
		}
		a.People = w.assisted.received()
		r = engine.Answered(e, a)
	case engine.CorrectRegistration:
		w.corrected = append(w.corrected, e)
		var a engine.Corrected
		if w.chatReg != "" {
			a = engine.Corrected{Found: true, Number: w.chatReg, Changed: true}
		}
		r = engine.Answered(e, a)
	case engine.EraseMyData:
		var a engine.Erased
		w.assisted.erased = append(w.assisted.erased, e.Number)
		if w.chatReg != "" {
			a = engine.Erased{Found: true, Number: w.chatReg}
			w.chatReg = ""
		}
		r = engine.Answered(e, a)
	case engine.SubmitRegistration:
		w.submitted = append(w.submitted, e)
		a := engine.Submitted{Number: "REG-2026-000001", Status: domain.StatusPending, Waiting: w.link.waiting}
		if e.Registration.ConsentMode.Assisted() {
			a.LinkCode, a.LinkExpires = w.link.onSubmit, now.Add(7*24*time.Hour)
		}
		r = engine.Answered(e, a)
	case engine.LoadAssistance:
		r = w.assisted.load(e)
	default:
		w.reports.apply(w, e, &r)
		w.staff.apply(e, &r)
		w.plkk.apply(e, &r)
		w.staffMenu.apply(e, &r)
		w.ends.apply(e, &r)
		w.claims.apply(e, &r)
		w.bpjs.apply(e, &r)
		w.docs.apply(w, e, &r)
		w.posters.apply(e, &r)
		if lt, ok := e.(engine.LoadTemplates); ok {
			r = engine.Answered(lt, w.templates)
			// bot writes the files here (bot.attachTemplates).
			if w.templates.Import {
				r.Files = append(r.Files, engine.File{Name: "templat-impor-peserta.xlsx", Data: []byte("xlsx")})
			}
			if w.templates.Result {
				r.Files = append(r.Files, engine.File{Name: "templat-hasil-bpjs.xlsx", Data: []byte("xlsx")})
			}
		}
		w.iuran.apply(e, &r)
		w.intake.apply(w, e, &r)
		w.link.apply(e, &r)
	}
	if _, ok := e.(engine.LoadStaffRoles); ok && r.Err == "" {
		// The store says whether the chat receives a registration.
		a := engine.AnswerOf[engine.LoadStaffRoles](&r)
		a.Registered = w.chatReg != "" || len(w.assisted.received()) > 0
		r = engine.Answered(engine.LoadStaffRoles{}, a)
	}
	return r, true
}

// carryOut is the world's engine.Apply.
func (w *world) carryOut(effects []engine.Effect) []engine.Result {
	var rs []engine.Result
	for _, e := range effects {
		if r, ok := w.apply(e); ok {
			rs = append(rs, r)
		}
	}
	return rs
}

// effectLog names each effect for the golden transcript, with the error
// it answered, if any.
func effectLog(es []engine.Effect, rs []engine.Result) []string {
	var out []string
	for _, e := range es {
		name := e.EffectName()
		if i := slices.IndexFunc(rs, func(r engine.Result) bool { return r.Effect == name && r.Err != "" }); i >= 0 {
			name += " → " + rs[i].Err
		}
		out = append(out, name)
	}
	return out
}

// turn is one input and the message IDs it must produce.
type turn struct {
	in   engine.Input
	want []string
}

// transcript plays turns through the machine, round-tripping the session
// through JSON between turns as Redis would, and returns the final session
// and the last replies.
func transcript(t *testing.T, m *engine.Machine, w *world, s engine.Session, turns []turn) (engine.Session, []engine.Reply) {
	t.Helper()
	var last []engine.Reply
	for i, tn := range turns {
		in := tn.in
		// Buttons are pressed on the step then current, as a user would.
		if in.Kind == engine.KindButton && in.Step == "" {
			in.Step = s.Step
		}
		var replies []engine.Reply
		var effects []string
		var err error
		s, replies, err = m.Run(s, in, now, func(es []engine.Effect) []engine.Result {
			rs := w.carryOut(es)
			effects = append(effects, effectLog(es, rs)...)
			return rs
		})
		if err != nil {
			t.Fatalf("turn %d: %v", i, err)
		}
		goldenOf(t).turn(t, in, replies, effects, s.Lang)
		got := make([]string, len(replies))
		for j, r := range replies {
			got[j] = r.Msg
		}
		if diff := cmp.Diff(tn.want, got); diff != "" {
			t.Fatalf("turn %d (%+v) at step %q: replies (-want +got):\n%s", i, tn.in, s.Step, diff)
		}
		raw, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var back engine.Session
		if err := json.Unmarshal(raw, &back); err != nil {
			t.Fatal(err)
		}
		s = back
		last = replies
	}
	return s, last
}

func press(value string) engine.Input { return engine.Input{Kind: engine.KindButton, Value: value} }

func text(s string) engine.Input { return engine.Text(s) }

// A woman born 5 May 1980 in Kecamatan Lembah Gumanti (13.02.04).
const nikSiti = "1302044505800001"

// toSummary fills a whole form, the happy path.
var toSummary = []turn{
	{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
	{press("reg"), []string{"reg.consent.ask"}},
	{press("agree"), []string{"reg.nik.ask"}},
	{text("1302 0445 0580 0001"), []string{"reg.identity.ask"}},
	{press("yes"), []string{"reg.name.ask"}},
	{text("SITI   RAHMAH"), []string{"reg.address.ask"}},
	{text("Jorong Koto Baru, Jl. Raya Solok No. 12"), []string{"reg.kecamatan.ask"}},
	{press("13.02.04"), []string{"reg.nagari.ask"}},
	{press("13.02.04.2001"), []string{"reg.occupation.ask"}},
	{press("petani"), []string{"reg.phone.ask"}},
	{engine.Input{Kind: engine.KindContact, Phone: "6281234567890", OwnContact: true}, []string{"reg.phone.saved", "reg.mother.ask"}},
	{text("rosmaniar"), []string{"reg.heir.name_ask"}},
	{text("budi santoso"), []string{"reg.heir.relation_ask"}},
	{press("pasangan"), []string{"reg.summary.ask"}},
}

func TestRegistration(t *testing.T) {
	t.Parallel()
	m := testMachine(t)

	t.Run("happy_path_submits_once_with_every_field", func(t *testing.T) {
		w := &world{}
		s, replies := transcript(t, m, w, engine.Session{}, append(slices.Clone(toSummary),
			turn{press("submit"), []string{"reg.done", "menu.ask"}},
		))
		if len(w.submitted) != 1 {
			t.Fatalf("submitted %d times", len(w.submitted))
		}
		got := w.submitted[0].Registration
		want := domain.Registration{
			NIK: nikSiti, Name: "Siti Rahmah", BirthDate: time.Date(1980, 5, 5, 0, 0, 0, 0, time.UTC),
			Gender: domain.Female, Address: "Jorong Koto Baru, Jl. Raya Solok No. 12", NagariCode: "13.02.04.2001",
			Occupation: "petani", Phone: "+6281234567890", MotherName: "Rosmaniar",
			HeirName: "Budi Santoso", HeirRelation: "pasangan", ConsentVersion: ConsentVersion, ConsentAt: now,
			ConsentMode: domain.ConsentOwn,
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("registration (-want +got):\n%s", diff)
		}
		if w.submitted[0].Key == "" {
			t.Error("submission has no idempotency key")
		}
		if s.InForm() || len(s.Answers) != 0 {
			t.Errorf("form not cleared after submit: %+v", s)
		}
		if replies[0].Data["Number"] != "REG-2026-000001" {
			t.Errorf("done message lacks the number: %v", replies[0].Data)
		}
	})

	t.Run("submit_pressed_twice_records_once", func(t *testing.T) {
		w := &world{}
		s, _ := transcript(t, m, w, engine.Session{}, slices.Clone(toSummary))
		summaryStep := s.Step
		s, _ = transcript(t, m, w, s, []turn{{press("submit"), []string{"reg.done", "menu.ask"}}})
		transcript(t, m, w, s, []turn{
			{engine.Press(summaryStep, "submit"), []string{"button.stale", "menu.ask"}},
		})
		if len(w.submitted) != 1 {
			t.Fatalf("submitted %d times", len(w.submitted))
		}
	})

	t.Run("database_down_at_submit_keeps_the_form_and_retry_succeeds", func(t *testing.T) {
		w := &world{}
		s, _ := transcript(t, m, w, engine.Session{}, slices.Clone(toSummary))
		w.down = true
		s, _ = transcript(t, m, w, s, []turn{{press("submit"), []string{"reg.submit.failed", "reg.summary.ask"}}})
		if !s.InForm() || s.Answer(keyNIK) != nikSiti {
			t.Fatalf("form lost after failed submit: %+v", s)
		}
		w.down = false
		transcript(t, m, w, s, []turn{{press("submit"), []string{"reg.done", "menu.ask"}}})
		if len(w.submitted) != 1 {
			t.Fatalf("submitted %d times", len(w.submitted))
		}
	})

	t.Run("consent_refused_stores_nothing", func(t *testing.T) {
		w := &world{}
		s, _ := transcript(t, m, w, engine.Session{}, []turn{
			// A menu button survives a lost session.
			{engine.Press(stepMenu, "reg"), []string{"reg.consent.ask"}},
			{press("decline"), []string{"reg.consent.declined", "menu.ask"}},
		})
		if s.InForm() || len(s.Answers) != 0 {
			t.Errorf("something kept after refusal: %+v", s)
		}
	})

	t.Run("already_registered_chat_is_shown_its_status", func(t *testing.T) {
		w := &world{chatReg: "REG-2026-000007"}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{press("reg"), []string{"reg.already", "status.show", "household.offer", "menu.ask"}},
		})
	})

	t.Run("registered_nik_is_refused_with_its_status", func(t *testing.T) {
		w := &world{registered: map[string]string{nikSiti: "REG-2026-000009"}}
		_, replies := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("daftar", ""), []string{"reg.consent.ask"}},
			{press("agree"), []string{"reg.nik.ask"}},
			{text(nikSiti), []string{"reg.nik.exists", "menu.ask"}},
		})
		if replies[0].Data["Number"] != "REG-2026-000009" {
			t.Errorf("exists message lacks the number: %v", replies[0].Data)
		}
	})

	t.Run("every_bad_answer_is_explained_and_asked_again", func(t *testing.T) {
		w := &world{}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("daftar", ""), []string{"reg.consent.ask"}},
			{text("ya"), []string{"input.use_buttons", "reg.consent.ask"}},
			{press("agree"), []string{"reg.nik.ask"}},
			{text("12345"), []string{"nik.invalid_length", "reg.nik.ask"}},
			{text("13020445058O0001"), []string{"nik.not_digits", "reg.nik.ask"}},
			{text("1302043205800001"), []string{"nik.invalid_date", "reg.nik.ask"}},
			{text("1302044505800000"), []string{"nik.invalid_serial", "reg.nik.ask"}},
			{engine.Input{Kind: engine.KindOther}, []string{"input.type_text", "reg.nik.ask"}},
			{engine.Input{Kind: engine.KindPhoto, FileID: "x"}, []string{"input.type_text", "reg.nik.ask"}},
			{text(nikSiti), []string{"reg.identity.ask"}},
			{press("yes"), []string{"reg.name.ask"}},
			{text("x"), []string{"name.too_short", "reg.name.ask"}},
			{text("Siti 123"), []string{"name.invalid_chars", "reg.name.ask"}},
			{text("Siti Rahmah"), []string{"reg.address.ask"}},
			{text("abc"), []string{"text.too_short", "reg.address.ask"}},
			{text("Jorong Koto Baru"), []string{"reg.kecamatan.ask"}},
			{text("atlantis"), []string{"reg.kecamatan.not_found", "reg.kecamatan.ask"}},
			{text("lembah gumanti"), []string{"reg.nagari.ask"}},
			{press("13.02.03.2001"), []string{"input.use_buttons", "reg.nagari.ask"}}, // a nagari of another kecamatan
			{text("alahan panjang"), []string{"reg.occupation.ask"}},
			{text("penjahit"), []string{"reg.phone.ask"}},
			{text("12345"), []string{"phone.invalid", "reg.phone.ask"}},
			{engine.Input{Kind: engine.KindContact, Phone: "+6281234567890", OwnContact: false}, []string{"reg.phone.not_own", "reg.phone.ask"}},
			{text("0812-3456-7890"), []string{"reg.phone.saved", "reg.mother.ask"}},
			{text("Rosmaniar 2"), []string{"name.invalid_chars", "reg.mother.ask"}},
			{text("Rosmaniar"), []string{"reg.heir.name_ask"}},
			{text("Budi"), []string{"reg.heir.relation_ask"}},
			{text("suami"), []string{"input.use_buttons", "reg.heir.relation_ask"}},
			{press("pasangan"), []string{"reg.summary.ask"}},
		})
	})

	t.Run("birth_date_disagreeing_with_nik_is_asked_about", func(t *testing.T) {
		w := &world{}
		s, _ := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("daftar", ""), []string{"reg.consent.ask"}},
			{press("agree"), []string{"reg.nik.ask"}},
			{text(nikSiti), []string{"reg.identity.ask"}},
			{press("birth"), []string{"reg.birth.ask"}},
			{text("tgl 5 mei 2030"), []string{"date.future", "reg.birth.ask"}},
			{text("kemarin"), []string{"date.too_young", "reg.birth.ask"}},
			{text("6 mei 1980"), []string{"reg.mismatch.ask"}},
			{press("nik"), []string{"reg.nik.ask"}},
			{text(nikSiti), []string{"reg.identity.ask"}},
			{press("birth"), []string{"reg.birth.ask"}},
			{text("5/5/1980"), []string{"reg.name.ask"}},
		})
		_, _ = transcript(t, m, w, s, []turn{
			{engine.Input{Kind: engine.KindButton, Value: engine.ValueBack}, []string{"reg.birth.ask"}},
			{text("6 Mei 1980"), []string{"reg.mismatch.ask"}},
			{press("again"), []string{"reg.birth.ask"}},
			{text("05-05-1980"), []string{"reg.name.ask"}},
			{engine.Input{Kind: engine.KindButton, Value: engine.ValueBack}, []string{"reg.birth.ask"}},
			{engine.Input{Kind: engine.KindButton, Value: engine.ValueBack}, []string{"reg.identity.ask"}},
			{press("gender"), []string{"reg.gender.ask"}},
			{press("L"), []string{"reg.mismatch.ask"}},
			{press("again"), []string{"reg.gender.ask"}},
			{press("P"), []string{"reg.name.ask"}},
		})
	})

	t.Run("a_mismatch_says_what_to_do_and_offers_a_way_on", func(t *testing.T) {
		// The worker is sure of a birth date the NIK does not encode: typing
		// it again, or the same NIK again, can never get past the check.
		toMismatch := []turn{
			{engine.Slash("daftar", ""), []string{"reg.consent.ask"}},
			{press("agree"), []string{"reg.nik.ask"}},
			{text(nikSiti), []string{"reg.identity.ask"}},
			{press("birth"), []string{"reg.birth.ask"}},
			{text("6 mei 1980"), []string{"reg.mismatch.ask"}},
		}
		s, replies := transcript(t, m, &world{}, engine.Session{}, toMismatch)
		var values []string
		for _, row := range replies[0].Buttons {
			for _, b := range row {
				values = append(values, b.Value)
			}
		}
		if diff := cmp.Diff([]string{"nik", "again", "use_nik", "office", engine.ValueBack}, values); diff != "" {
			t.Errorf("mismatch buttons (-want +got):\n%s", diff)
		}

		// Going on with what the NIK says: never the typed date, which
		// BPJS would find contradicting the NIK.
		next, _ := transcript(t, m, &world{}, s, []turn{{press("use_nik"), []string{"reg.name.ask"}}})
		if got := next.Answer(keyBirth); got != "1980-05-05" {
			t.Errorf("birth date kept as %q, want the NIK's 1980-05-05", got)
		}
		if next.Answer(keyMismatchOf) != "" {
			t.Error("the mismatch is still marked")
		}

		// Or stopping, told to bring the KTP to the nagari office.
		done, _ := transcript(t, m, &world{}, s, []turn{{press("office"), []string{"reg.mismatch.office_done", "menu.ask"}}})
		if done.InForm() || len(done.Answers) != 0 {
			t.Errorf("form kept after choosing the office: %+v", done)
		}

		// The gender the same way, and from the summary back to it.
		s, _ = transcript(t, m, &world{}, engine.Session{}, slices.Clone(toSummary))
		s, _ = transcript(t, m, &world{}, s, []turn{
			{press("edit:identity"), []string{"reg.identity.ask"}},
			{press("gender"), []string{"reg.gender.ask"}},
			{press("L"), []string{"reg.mismatch.ask"}},
			// Stopping would throw the whole form away: not offered here.
			{press("office"), []string{"input.use_buttons", "reg.mismatch.ask"}},
			{press("use_nik"), []string{"reg.summary.ask"}},
		})
		if s.Answer(keyGender) != "P" || s.Answer(keyName) != "Siti Rahmah" {
			t.Errorf("after going on with the NIK: gender %q, name %q", s.Answer(keyGender), s.Answer(keyName))
		}
	})

	t.Run("changing_the_nik_to_a_registered_one_keeps_the_form", func(t *testing.T) {
		const taken = "1302041203850002"
		w := &world{registered: map[string]string{taken: "REG-2026-000009"}}
		s, _ := transcript(t, m, w, engine.Session{}, slices.Clone(toSummary))
		s, replies := transcript(t, m, w, s, []turn{
			{press("edit:nik"), []string{"reg.nik.ask"}},
			{text(taken), []string{"reg.nik.taken", "reg.nik.ask"}},
		})
		if n := replies[0].Data["Number"]; n != nil && n != "" {
			t.Errorf("another person's registration number shown: %v", n)
		}
		if !s.InForm() || s.Answer(keyNIK) != nikSiti || s.Answer(keyName) != "Siti Rahmah" || s.Answer(keyHeirRelation) != "pasangan" {
			t.Fatalf("form not kept whole: %+v", s.Answers)
		}
		// Kembali goes back to the summary, still with the worker's own NIK.
		s, replies = transcript(t, m, w, s, []turn{{back, []string{"reg.summary.ask"}}})
		if got := replies[0].Data["NIK"]; got != nikSiti {
			t.Errorf("summary shows NIK %v, want %s", got, nikSiti)
		}
		transcript(t, m, w, s, []turn{
			{press("edit:nik"), []string{"reg.nik.ask"}},
			{text(taken), []string{"reg.nik.taken", "reg.nik.ask"}},
			{text("1302044505800002"), []string{"reg.identity.ask"}},
			{press("yes"), []string{"reg.summary.ask"}},
			{press("submit"), []string{"reg.done", "menu.ask"}},
		})
		if len(w.submitted) != 1 || w.submitted[0].Registration.NIK != "1302044505800002" || w.submitted[0].Registration.Name != "Siti Rahmah" {
			t.Errorf("submitted %+v", w.submitted)
		}
	})

	t.Run("nik_from_outside_solok_gets_a_soft_note", func(t *testing.T) {
		transcript(t, m, &world{}, engine.Session{}, []turn{
			{engine.Slash("daftar", ""), []string{"reg.consent.ask"}},
			{press("agree"), []string{"reg.nik.ask"}},
			{text("1371011203900002"), []string{"reg.nik.outside_solok", "reg.identity.ask"}},
		})
	})

	t.Run("back_walks_the_path_taken", func(t *testing.T) {
		s, _ := transcript(t, m, &world{}, engine.Session{}, toSummary[:9])
		back := engine.Input{Kind: engine.KindButton, Value: engine.ValueBack}
		s, _ = transcript(t, m, &world{}, s, []turn{
			{back, []string{"reg.nagari.ask"}},
			{back, []string{"reg.kecamatan.ask"}},
			{text("kembali"), []string{"reg.address.ask"}},
			{back, []string{"reg.name.ask"}},
			{back, []string{"reg.identity.ask"}},
			{back, []string{"reg.nik.ask"}},
		})
		if s.Answer(keyName) != "Siti Rahmah" {
			t.Error("going back lost an answer")
		}
	})

	t.Run("a_form_from_before_the_mothers_name_was_asked_asks_it_at_kirim", func(t *testing.T) {
		w := &world{}
		s, replies := transcript(t, m, w, engine.Session{}, slices.Clone(toSummary))
		if got := replies[0].Data["MotherName"]; got != "Rosmaniar" {
			t.Errorf("the summary shows the mother's name %v", got)
		}
		s.Unset(keyMotherName) // as a session saved by the release before
		s, _ = transcript(t, m, w, s, []turn{
			{press("submit"), []string{"reg.mother.ask"}},
			{text("Rosmaniar"), []string{"reg.summary.ask"}},
			{press("submit"), []string{"reg.done", "menu.ask"}},
		})
		if len(w.submitted) != 1 || w.submitted[0].Registration.MotherName != "Rosmaniar" {
			t.Errorf("submitted %+v", w.submitted)
		}
	})

	t.Run("edit_from_summary_returns_to_summary", func(t *testing.T) {
		w := &world{}
		s, _ := transcript(t, m, w, engine.Session{}, slices.Clone(toSummary))
		s, _ = transcript(t, m, w, s, []turn{
			{press("edit:name"), []string{"reg.name.ask"}},
			{text("Siti Rahmah Yunus"), []string{"reg.summary.ask"}},
			{press("edit:nagari"), []string{"reg.kecamatan.ask"}},
			{press("13.02.06"), []string{"reg.nagari.ask"}},
			{text("koto anau"), []string{"reg.summary.ask"}},
			{press("edit:occupation"), []string{"reg.occupation.ask"}},
			{press("lainnya"), []string{"reg.occupation.other_ask"}},
			{text("penjahit"), []string{"reg.summary.ask"}},
			{press("edit:phone"), []string{"reg.phone.ask"}},
			{text("0813 1111 2222"), []string{"reg.phone.saved", "reg.summary.ask"}},
			{press("edit:mother"), []string{"reg.mother.ask"}},
			{text("Rosmaniar Jamil"), []string{"reg.summary.ask"}},
			{press("edit:heir"), []string{"reg.heir.name_ask"}},
			{text("Rina"), []string{"reg.heir.relation_ask"}},
			{press("anak"), []string{"reg.summary.ask"}},
			{press("submit"), []string{"reg.done", "menu.ask"}},
		})
		got := w.submitted[0].Registration
		if got.Name != "Siti Rahmah Yunus" || got.NagariCode != "13.02.06.2005" || got.OccupationOther != "Penjahit" && got.OccupationOther != "penjahit" ||
			got.Phone != "+6281311112222" || got.MotherName != "Rosmaniar Jamil" || got.HeirName != "Rina" || got.HeirRelation != "anak" {
			t.Errorf("edits not applied: %+v", got)
		}
	})

	t.Run("cancel_asks_first_then_deletes_the_form", func(t *testing.T) {
		s, _ := transcript(t, m, &world{}, engine.Session{}, toSummary[:6])
		s, _ = transcript(t, m, &world{}, s, []turn{
			{engine.Slash("batal", ""), []string{"cancel.ask"}},
			{press("no"), []string{"reg.address.ask"}},
			{engine.Slash("batal", ""), []string{"cancel.ask"}},
			{press("yes"), []string{"cancel.done", "menu.ask"}},
		})
		if s.InForm() || len(s.Answers) != 0 {
			t.Errorf("form kept after cancel: %+v", s)
		}
	})

	t.Run("start_offers_to_continue_an_unfinished_form", func(t *testing.T) {
		s, _ := transcript(t, m, &world{}, engine.Session{}, toSummary[:6])
		transcript(t, m, &world{}, s, []turn{
			{engine.Slash("start", ""), []string{"welcome", "resume.ask"}},
			{press("continue"), []string{"reg.address.ask"}},
			{engine.Slash("start", ""), []string{"welcome", "resume.ask"}},
			{press("restart"), []string{"reg.consent.ask"}},
		})
	})

	t.Run("status_is_a_side_trip_back_to_the_form", func(t *testing.T) {
		s, _ := transcript(t, m, &world{}, engine.Session{}, toSummary[:6])
		transcript(t, m, &world{}, s, []turn{
			{engine.Slash("status", ""), []string{"status.none", "reg.address.ask"}},
			{engine.Slash("bantuan", ""), []string{"help", "reg.address.ask"}},
		})
	})

	t.Run("language_switch_is_kept_and_repeats_the_question", func(t *testing.T) {
		s, _ := transcript(t, m, &world{}, engine.Session{}, toSummary[:3])
		s, _ = transcript(t, m, &world{}, s, []turn{
			{engine.Slash("bahasa", ""), []string{"lang.changed", "reg.nik.ask"}},
		})
		if s.Lang != "en" {
			t.Fatalf("lang = %q", s.Lang)
		}
		s, _ = transcript(t, m, &world{}, s, []turn{{engine.Slash("bahasa", ""), []string{"lang.changed", "reg.nik.ask"}}})
		if s.Lang != "" {
			t.Fatalf("lang = %q after switching back", s.Lang)
		}
	})

	t.Run("form_idle_for_a_day_expires_gently", func(t *testing.T) {
		s, _ := transcript(t, m, &world{}, engine.Session{}, toSummary[:6])
		s.Touched = now.Add(-engine.FormTTL - time.Minute)
		s, _ = transcript(t, m, &world{}, s, []turn{{text("Jorong Koto Baru"), []string{"form.expired", "menu.ask"}}})
		if s.InForm() {
			t.Error("expired form kept")
		}
	})

	t.Run("stale_and_forged_buttons_do_nothing", func(t *testing.T) {
		s, _ := transcript(t, m, &world{}, engine.Session{}, toSummary[:6])
		transcript(t, m, &world{}, s, []turn{
			{engine.Press(stepConsent, "agree"), []string{"button.stale", "reg.address.ask"}},
			{engine.Press("no.such.step", "x"), []string{"button.stale", "reg.address.ask"}},
		})
	})

	t.Run("ambiguous_nagari_offers_the_candidates", func(t *testing.T) {
		s, _ := transcript(t, m, &world{}, engine.Session{}, toSummary[:7])
		s, replies := transcript(t, m, &world{}, s, []turn{
			{press("13.02.06"), []string{"reg.nagari.ask"}},
			{text("koto"), []string{"reg.nagari.ambiguous"}},
		})
		var labels []string
		for _, row := range replies[0].Buttons {
			for _, b := range row {
				if b.Step != stepNagari {
					t.Errorf("candidate %q not bound to the nagari step", b.Label)
				}
				labels = append(labels, b.Label)
			}
		}
		if len(labels) < 3 {
			t.Fatalf("candidates = %v", labels)
		}
		transcript(t, m, &world{}, s, []turn{{press("13.02.06.2003"), []string{"reg.occupation.ask"}}})
	})
}

func TestPrivacyRights(t *testing.T) {
	t.Parallel()
	m := testMachine(t)

	t.Run("dataku_shows_the_record_and_returns_to_the_form", func(t *testing.T) {
		w := &world{}
		s, _ := transcript(t, m, w, engine.Session{}, toSummary[:6])
		w.chatReg, w.myData = "REG-2026-000007", sitiOnFile().myData // registered earlier from this chat
		_, replies := transcript(t, m, w, s, []turn{{engine.Slash("dataku", ""), []string{"privacy.show", "reg.address.ask"}}})
		if replies[0].Data["Nagari"] != "Alahan Panjang" {
			t.Errorf("nagari shown as %v", replies[0].Data["Nagari"])
		}
	})
	t.Run("dataku_lists_the_reports_after_the_record", func(t *testing.T) {
		w := &world{chatReg: "REG-2026-000007", myData: sitiOnFile().myData, myReports: []domain.ReportSummary{
			{Number: "JKK-2026-000003", Kind: domain.ReportJKK, Stage: domain.StageFiled, Date: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)},
		}}
		_, replies := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{engine.Slash("dataku", ""), []string{"privacy.show", "privacy.reports", "privacy.report", "menu.ask"}},
		})
		if got := replies[len(replies)-2].Data; got["Number"] != "JKK-2026-000003" || got["Stage"] != engine.Msg("staff.stagename.diajukan") {
			t.Errorf("report shown as %v", got)
		}
	})
	t.Run("dataku_lists_the_reports_of_a_chat_without_a_registration", func(t *testing.T) {
		w := &world{myReports: []domain.ReportSummary{{Number: "JKM-2026-000001", Kind: domain.ReportJKM, Stage: domain.StageNew, Date: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)}}}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{engine.Slash("dataku", ""), []string{"privacy.reports", "privacy.report", "menu.ask"}},
		})
	})
	t.Run("hapus_asks_first_and_can_be_refused", func(t *testing.T) {
		w := &world{chatReg: "REG-2026-000007"}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{engine.Slash("hapus", ""), []string{"privacy.erase.ask"}},
			{press("no"), []string{"privacy.erase.kept", "menu.ask"}},
		})
		if w.chatReg == "" {
			t.Fatal("erased after refusing")
		}
	})
	t.Run("hapus_erases_and_drops_an_open_form", func(t *testing.T) {
		w := &world{}
		s, _ := transcript(t, m, w, engine.Session{}, toSummary[:6])
		w.chatReg = "REG-2026-000007"
		s, _ = transcript(t, m, w, s, []turn{
			{engine.Slash("hapus", ""), []string{"privacy.erase.ask"}},
			{press("yes"), []string{"privacy.erase.done", "menu.ask"}},
			{engine.Slash("dataku", ""), []string{"privacy.none", "menu.ask"}},
		})
		if w.chatReg != "" || s.InForm() || len(s.Answers) != 0 {
			t.Fatalf("data left: world %q session %+v", w.chatReg, s)
		}
	})
}
