package flows

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
)

// reportWorld answers the report effects the way the store would.
type reportWorld struct {
	workers   map[string]bool // covered NIKs
	submitted []engine.SubmitReport
	added     []engine.AddReportPhotos
	closed    bool // every report is closed: adding photos is refused
	// cover is what the store found of the person's cover on the day.
	cover domain.ReportCover
	// plkk is the PLKK lists staff keep; plkkAsked the lookups made.
	plkk      engine.PLKKList
	plkkAsked []engine.LoadPLKK
}

func (rw *reportWorld) apply(w *world, e engine.Effect, r *engine.Result) {
	switch e := e.(type) {
	case engine.FindWorker:
		*r = engine.Answered(e, engine.WorkerFound{Found: rw.workers[string(e.NIK)]})
	case engine.SubmitReport:
		if !slices.ContainsFunc(rw.submitted, func(s engine.SubmitReport) bool { return s.Key == e.Key }) {
			rw.submitted = append(rw.submitted, e)
		}
		a := engine.ReportSubmitted{Number: "JKK-2026-000123", Kind: e.Report.Kind, Cover: rw.cover}
		if e.Report.Kind == domain.ReportJKM {
			a.Number = "JKM-2026-000045"
		}
		*r = engine.Answered(e, a)
	case engine.LoadPLKK:
		rw.plkkAsked = append(rw.plkkAsked, e)
		*r = engine.Answered(e, rw.plkk)
	case engine.AddReportPhotos:
		if rw.closed {
			r.Err = "rep.more.not_open"
			return
		}
		rw.added = append(rw.added, e)
		*r = engine.Answered(e, engine.PhotosAdded{Number: e.Number, Count: 4})
	}
}

func photo(id string) engine.Input { return engine.Input{Kind: engine.KindPhoto, FileID: id} }

func location(lat, lon float64) engine.Input {
	return engine.Input{Kind: engine.KindLocation, Lat: lat, Lon: lon}
}

var (
	back    = engine.Input{Kind: engine.KindButton, Value: engine.ValueBack}
	sticker = engine.Input{Kind: engine.KindOther}
	contact = engine.Input{Kind: engine.KindContact, Phone: "6281234567890", OwnContact: true}
)

// A registered man born 12 March 1985 in Lembah Gumanti.
const nikRajo = "1302041203850002"

// accidentSelf reports the chat's own accident up to the summary.
var accidentSelf = []turn{
	{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
	{press("acc"), []string{"jkk.whose.ask"}},
	{press("self"), []string{"jkk.date.ask"}},
	{press("today"), []string{"jkk.time.ask"}},
	{press("pagi"), []string{"jkk.place.ask"}},
	{text("Sawah di Jorong Koto Baru"), []string{"rep.location.ask"}},
	{location(-0.98, 100.65), []string{"rep.location.saved", "jkk.what.ask"}},
	{text("Terjatuh dari pematang sawah"), []string{"jkk.traffic.ask"}},
	{press("no"), []string{"jkk.injury.ask"}},
	{text("Kaki kiri terkilir"), []string{"jkk.treatment.ask"}},
	{press("puskesmas"), []string{"jkk.witness.ask"}},
	// A name and a phone on one line; then a name alone, whose phone is
	// asked and skipped.
	{text("Pak Datuak 0812 3456 7890"), []string{"jkk.witness.more_ask"}},
	{press("add"), []string{"jkk.witness.ask_next"}},
	{text("siti aminah"), []string{"jkk.witness.phone_ask"}},
	{press("skip"), []string{"jkk.witness.more_ask"}},
	{press("done"), []string{"jkk.photos.ask"}},
	{photo("p1"), []string{"rep.photos.received"}},
	// An album: each photo arrives as its own update.
	{photo("p2"), []string{"rep.photos.received"}},
	{photo("p3"), []string{"rep.photos.received"}},
	{press("done"), []string{"jkk.summary.ask"}},
}

// accidentOther reports a registered neighbour's accident up to the summary.
var accidentOther = []turn{
	{engine.Slash("lapor", ""), []string{"jkk.whose.ask"}},
	{press("other"), []string{"jkk.nik.ask"}},
	{text(nikRajo), []string{"jkk.date.ask"}},
	{text("5 mar"), []string{"jkk.time.ask"}},
	{text("14.30"), []string{"jkk.place.ask"}},
	{text("Jalan ke ladang, Nagari Alahan Panjang"), []string{"rep.location.ask"}},
	{text("Lewati"), []string{"keyboard.closed", "jkk.what.ask"}},
	{text("Ditabrak motor saat pulang dari ladang"), []string{"jkk.traffic.ask"}},
	{press("yes"), []string{"rep.traffic.police", "jkk.injury.ask"}},
	{text("Tangan kanan patah"), []string{"jkk.treatment.ask"}},
	{press("rumah_sakit"), []string{"jkk.witness.ask"}},
	{press("none"), []string{"jkk.witness.later", "jkk.photos.ask"}},
	{press("done"), []string{"rep.reporter.name_ask"}},
	{text("budi santoso"), []string{"jkk.reporter.relation_ask"}},
	{press("tetangga"), []string{"rep.reporter.phone_ask"}},
	{contact, []string{"reg.phone.saved", "jkk.summary.ask"}},
}

func TestAccidentReport(t *testing.T) {
	t.Parallel()
	m := testMachine(t)
	covered := func() *world {
		return &world{chatReg: "REG-2026-000007", reports: reportWorld{workers: map[string]bool{nikRajo: true}}}
	}
	ignoreKey := cmpopts.IgnoreFields(engine.SubmitReport{}, "Key")

	t.Run("own_accident_is_sent_once_with_every_field", func(t *testing.T) {
		w := covered()
		_, replies := transcript(t, m, w, engine.Session{}, append(slices.Clone(accidentSelf),
			turn{press("submit"), []string{"jkk.done", "guidance.plkk.after", "jkk.documents", "jkk.deadline", "menu.ask"}},
		))
		want := []engine.SubmitReport{{Report: domain.Report{
			Kind: domain.ReportJKK, ForSelf: true, Registered: true,
			Date: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), Clock: "pagi",
			Place: "Sawah di Jorong Koto Baru", Lat: -0.98, Lon: 100.65,
			Description: "Terjatuh dari pematang sawah", Injury: "Kaki kiri terkilir", Treatment: "puskesmas",
			Photos:    []string{"p1", "p2", "p3"},
			Witnesses: []domain.Witness{{Name: "Pak Datuak", Phone: "+6281234567890"}, {Name: "Siti Aminah"}},
		}}}
		if diff := cmp.Diff(want, w.reports.submitted, ignoreKey); diff != "" {
			t.Errorf("submitted (-want +got):\n%s", diff)
		}
		if w.reports.submitted[0].Key == "" {
			t.Error("no idempotency key")
		}
		if replies[0].Data["Number"] != "JKK-2026-000123" {
			t.Errorf("done lacks the number: %v", replies[0].Data)
		}
		if b := replies[3].Buttons; len(b) != 2 || b[0][0].Step != stepMore || b[0][0].Value != "JKK-2026-000123" ||
			b[1][0].Step != stepDocs || b[1][0].Value != "JKK-2026-000123" {
			t.Errorf("no add-photo button under the deadline note: %+v", b)
		}
	})

	// The reporter hears the cover on the accident's day, as the store
	// recorded it, after the number: never "registered, so covered".
	for _, c := range []struct {
		name  string
		cover domain.ReportCover
		said  string
	}{
		{"own_accident_within_an_active_cover_says_covered", domain.ReportCoverActive, "rep.cover.aktif"},
		{"own_accident_while_only_submitted_says_not_yet_active", domain.ReportCoverPending, "rep.cover.diajukan"},
		{"own_accident_after_the_cover_ended_says_not_covered", domain.ReportCoverOutside, "rep.cover.tidak"},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := covered()
			w.reports.cover = c.cover
			_, replies := transcript(t, m, w, engine.Session{}, append(slices.Clone(accidentSelf),
				turn{press("submit"), []string{"jkk.done", c.said, "guidance.plkk.after", "jkk.documents", "jkk.deadline", "menu.ask"}},
			))
			if replies[1].Data["Self"] != true {
				t.Errorf("the cover is not said to the worker themself: %v", replies[1].Data)
			}
		})
	}

	t.Run("someone_elses_accident_with_the_reporter", func(t *testing.T) {
		w := covered()
		transcript(t, m, w, engine.Session{}, append(slices.Clone(accidentOther),
			turn{press("submit"), []string{"jkk.done", "guidance.plkk.after", "jkk.documents", "jkk.deadline", "menu.ask"}},
		))
		got := w.reports.submitted[0].Report
		if got.ForSelf || got.SubjectNIK != nikRajo || !got.Registered || got.Clock != "14:30" || !got.Traffic ||
			got.Lat != 0 || got.ReporterName != "Budi Santoso" || got.ReporterRelation != "tetangga" ||
			got.ReporterPhone != "+6281234567890" || !got.Date.Equal(time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("report = %+v", got)
		}
	})

	t.Run("nik_not_registered_can_still_be_reported_to_its_nagari", func(t *testing.T) {
		w := covered()
		s, _ := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("lapor", ""), []string{"jkk.whose.ask"}},
			{press("other"), []string{"jkk.nik.ask"}},
			{text("1302044505800001"), []string{"jkk.uncovered.other"}},
			{press("go_on"), []string{"rep.kecamatan.ask"}},
			{text("lembah gumanti"), []string{"reg.nagari.ask"}},
			{text("alahan panjang"), []string{"jkk.date.ask"}},
		})
		s, _ = transcript(t, m, w, s, append(slices.Clone(accidentOther[3:]),
			turn{press("submit"), []string{"jkk.done", "guidance.plkk.after", "jkk.documents", "jkk.deadline", "menu.ask"}}))
		got := w.reports.submitted[0].Report
		if got.Registered || got.NagariCode != "13.02.04.2001" || got.SubjectNIK != "1302044505800001" {
			t.Errorf("report = %+v", got)
		}
		_ = s
	})

	t.Run("unregistered_chat_may_stop", func(t *testing.T) {
		w := &world{}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("lapor", ""), []string{"jkk.whose.ask"}},
			{press("self"), []string{"jkk.uncovered.self"}},
			{press("stop"), []string{"rep.uncovered.stopped", "menu.ask"}},
		})
		if len(w.reports.submitted) != 0 {
			t.Error("submitted")
		}
	})

	t.Run("every_bad_answer_is_explained_and_asked_again", func(t *testing.T) {
		transcript(t, m, covered(), engine.Session{}, []turn{
			{engine.Slash("lapor", ""), []string{"jkk.whose.ask"}},
			{text("saya"), []string{"input.use_buttons", "jkk.whose.ask"}},
			{press("other"), []string{"jkk.nik.ask"}},
			{text("12345"), []string{"nik.invalid_length", "jkk.nik.ask"}},
			{text("1302041203850000"), []string{"nik.invalid_serial", "jkk.nik.ask"}},
			{sticker, []string{"input.type_text", "jkk.nik.ask"}},
			{text(nikRajo), []string{"jkk.date.ask"}},
			{sticker, []string{"input.type_text", "jkk.date.ask"}},
			{text("besok lusa"), []string{"date.invalid", "jkk.date.ask"}},
			{text("26/11/2026"), []string{"date.future", "jkk.date.ask"}},
			{text("1/1/2020"), []string{"date.claim_window", "jkk.date.ask"}},
			{press("today"), []string{"jkk.time.ask"}},
			{text("25.00"), []string{"time.invalid", "jkk.time.ask"}},
			{text("jam 3 sore"), []string{"time.future", "jkk.time.ask"}}, // it is 10:00 now
			{text("jam 9"), []string{"jkk.place.ask"}},
			{text("ab"), []string{"text.too_short", "jkk.place.ask"}},
			{photo("x"), []string{"input.type_text", "jkk.place.ask"}},
			{text("Kebun kopi"), []string{"rep.location.ask"}},
			{sticker, []string{"input.type_text", "rep.location.ask"}},
			{location(-0.9, 100.6), []string{"rep.location.saved", "jkk.what.ask"}},
			{text("jatuh"), []string{"text.too_short", "jkk.what.ask"}},
			{text("Jatuh dari tangga saat memetik kopi"), []string{"jkk.traffic.ask"}},
			{text("tidak"), []string{"input.use_buttons", "jkk.traffic.ask"}},
			{press("no"), []string{"jkk.injury.ask"}},
			{text("Memar di punggung"), []string{"jkk.treatment.ask"}},
			{press("dukun"), []string{"input.use_buttons", "jkk.treatment.ask"}},
			{press("rumah"), []string{"jkk.witness.ask"}},
			{sticker, []string{"input.type_text", "jkk.witness.ask"}},
			{text(strings.Repeat("Datuak ", 1500)), []string{"input.too_long", "jkk.witness.ask"}},
			{text("Pak Datuak 0755 123"), []string{"phone.invalid", "jkk.witness.ask"}},
			{press("done"), []string{"input.use_buttons", "jkk.witness.ask"}}, // no witness yet to go on from
			{text("Datuak Rajo"), []string{"jkk.witness.phone_ask"}},
			{text("0755 12345"), []string{"phone.invalid", "jkk.witness.phone_ask"}},
			{engine.Input{Kind: engine.KindContact, Phone: "+6281299998888"}, []string{"jkk.witness.more_ask"}},
			{text("Siti Aminah 0813 1111 2222"), []string{"jkk.witness.more_ask"}}, // the second typed straight away
			{text("Upiak Rina 0813 3333 4444"), []string{"jkk.witness.full", "jkk.witness.more_ask"}},
			{press("add"), []string{"jkk.witness.full", "jkk.witness.more_ask"}},
			{press("none"), []string{"input.use_buttons", "jkk.witness.more_ask"}},
			{press("done"), []string{"jkk.photos.ask"}},
			{text("ini fotonya"), []string{"input.send_photo", "jkk.photos.ask"}},
			{sticker, []string{"input.send_photo", "jkk.photos.ask"}},
			{photo("a"), []string{"rep.photos.received"}},
			{photo("a"), []string{}}, // the same photo twice counts once
			{photo("b"), []string{"rep.photos.received"}},
			{photo("c"), []string{"rep.photos.received"}},
			{photo("d"), []string{"rep.photos.received"}},
			{photo("e"), []string{"rep.photos.received"}},
			{photo("f"), []string{"rep.photos.limit"}},
			{press("done"), []string{"rep.reporter.name_ask"}},
			{text("B4di"), []string{"name.invalid_chars", "rep.reporter.name_ask"}},
			{text("Budi"), []string{"jkk.reporter.relation_ask"}},
			{text("tetangga"), []string{"input.use_buttons", "jkk.reporter.relation_ask"}},
			{press("anak"), []string{"input.use_buttons", "jkk.reporter.relation_ask"}},
			{press("keluarga"), []string{"rep.reporter.phone_ask"}},
			{text("123"), []string{"phone.invalid", "rep.reporter.phone_ask"}},
			{engine.Input{Kind: engine.KindContact, Phone: "+6281299998888"}, []string{"reg.phone.not_own", "rep.reporter.phone_ask"}},
			{text("0812 9999 8888"), []string{"reg.phone.saved", "jkk.summary.ask"}},
			{text("kirim"), []string{"input.use_buttons", "jkk.summary.ask"}},
		})
	})

	t.Run("a_location_shared_for_where_answers_it", func(t *testing.T) {
		// At the scene, sharing where one is answers "where" at once.
		w := covered()
		turns := append(slices.Clone(accidentSelf[:5]),
			turn{location(-0.98, 100.65), []string{"rep.location.saved", "jkk.what.ask"}})
		turns = append(turns, accidentSelf[7:]...)
		s, _ := transcript(t, m, w, engine.Session{}, turns)
		// From the summary too.
		transcript(t, m, w, s, []turn{
			{press("edit:place"), []string{"jkk.place.ask"}},
			{location(-0.95, 100.61), []string{"rep.location.saved", "jkk.summary.ask"}},
			{press("submit"), []string{"jkk.done", "guidance.plkk.after", "jkk.documents", "jkk.deadline", "menu.ask"}},
		})
		if len(w.reports.submitted) != 1 {
			t.Fatalf("%d reports sent", len(w.reports.submitted))
		}
		got := w.reports.submitted[0].Report
		if got.Lat != -0.95 || got.Lon != 100.61 || got.Place != "-0.950000, 100.610000" {
			t.Errorf("place %q at %v,%v", got.Place, got.Lat, got.Lon)
		}
		if err := got.Validate(now); err != nil {
			t.Errorf("the store would refuse the report: %v", err)
		}
		transcript(t, m, w, s, []turn{
			{press("edit:place"), []string{"jkk.place.ask"}},
			{location(91, 0), []string{"input.type_text", "jkk.place.ask"}},
		})
	})

	t.Run("back_walks_the_path_taken", func(t *testing.T) {
		s, _ := transcript(t, m, covered(), engine.Session{}, accidentSelf[:8])
		s, _ = transcript(t, m, covered(), s, []turn{
			{back, []string{"jkk.what.ask"}},
			{back, []string{"rep.location.ask"}},
			{text("kembali"), []string{"keyboard.closed", "jkk.place.ask"}},
			{back, []string{"jkk.time.ask"}},
			{back, []string{"jkk.date.ask"}},
			{back, []string{"jkk.whose.ask"}},
			{back, []string{"jkk.whose.ask"}},
		})
		if s.Answer(keyPlace) != "Sawah di Jorong Koto Baru" {
			t.Error("going back lost an answer")
		}
	})

	t.Run("cancel_asks_first_then_deletes_the_report", func(t *testing.T) {
		w := covered()
		s, _ := transcript(t, m, w, engine.Session{}, accidentSelf[:10])
		s, _ = transcript(t, m, w, s, []turn{
			{engine.Slash("batal", ""), []string{"cancel.ask"}},
			{press("no"), []string{"jkk.treatment.ask"}},
			{engine.Slash("batal", ""), []string{"cancel.ask"}},
			{press("yes"), []string{"cancel.done", "menu.ask"}},
		})
		if s.InForm() || len(s.Answers) != 0 || len(w.reports.submitted) != 0 {
			t.Errorf("report kept after cancel: %+v", s)
		}
	})

	t.Run("edit_from_summary_returns_to_summary", func(t *testing.T) {
		w := covered()
		s, _ := transcript(t, m, w, engine.Session{}, slices.Clone(accidentSelf))
		transcript(t, m, w, s, []turn{
			{press("edit:date"), []string{"jkk.date.ask"}},
			{press("yesterday"), []string{"jkk.time.ask"}},
			{press("malam"), []string{"jkk.summary.ask"}},
			{press("edit:traffic"), []string{"jkk.traffic.ask"}},
			{press("yes"), []string{"rep.traffic.police", "jkk.summary.ask"}},
			{press("edit:photos"), []string{"jkk.photos.ask"}},
			{photo("p4"), []string{"rep.photos.received"}},
			{press("done"), []string{"jkk.summary.ask"}},
			// From "me" to someone else: the reporter is asked, then the summary.
			{press("edit:person"), []string{"jkk.whose.ask"}},
			{press("other"), []string{"jkk.nik.ask"}},
			{text(nikRajo), []string{"rep.reporter.name_ask"}},
			{text("Rina"), []string{"jkk.reporter.relation_ask"}},
			{press("keluarga"), []string{"rep.reporter.phone_ask"}},
			{contact, []string{"reg.phone.saved", "jkk.summary.ask"}},
			{press("submit"), []string{"jkk.done", "guidance.plkk.after", "jkk.documents", "jkk.deadline", "menu.ask"}},
		})
		got := w.reports.submitted[0].Report
		if got.ForSelf || got.SubjectNIK != nikRajo || got.ReporterName != "Rina" || got.Clock != "malam" ||
			!got.Traffic || len(got.Photos) != 4 || !got.Date.Equal(time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("edits not applied: %+v", got)
		}
	})

	t.Run("submit_twice_and_database_down", func(t *testing.T) {
		w := covered()
		s, _ := transcript(t, m, w, engine.Session{}, slices.Clone(accidentSelf))
		summary := s.Step
		w.down = true
		s, _ = transcript(t, m, w, s, []turn{{press("submit"), []string{"rep.submit.failed", "jkk.summary.ask"}}})
		w.down = false
		s, _ = transcript(t, m, w, s, []turn{{press("submit"), []string{"jkk.done", "guidance.plkk.after", "jkk.documents", "jkk.deadline", "menu.ask"}}})
		transcript(t, m, w, s, []turn{{engine.Press(summary, "submit"), []string{"button.stale", "menu.ask"}}})
		if len(w.reports.submitted) != 1 {
			t.Fatalf("submitted %d times", len(w.reports.submitted))
		}
	})

	t.Run("a_report_is_not_started_over_an_open_form", func(t *testing.T) {
		s, _ := transcript(t, m, &world{}, engine.Session{}, toSummary[:6])
		transcript(t, m, &world{}, s, []turn{
			{engine.Slash("lapor", ""), []string{"rep.busy", "reg.address.ask"}},
			{engine.Slash("kematian", ""), []string{"rep.busy", "reg.address.ask"}},
		})
	})

	t.Run("start_offers_to_resume_or_restart_the_report", func(t *testing.T) {
		s, _ := transcript(t, m, covered(), engine.Session{}, accidentSelf[:6])
		transcript(t, m, covered(), s, []turn{
			{engine.Slash("start", ""), []string{"welcome", "resume.ask"}},
			{press("continue"), []string{"rep.location.ask"}},
			{engine.Slash("start", ""), []string{"welcome", "resume.ask"}},
			{press("restart"), []string{"jkk.whose.ask"}},
		})
	})
}

func TestAddPhotosLater(t *testing.T) {
	t.Parallel()
	m := testMachine(t)

	t.Run("the_button_under_the_number_adds_photos", func(t *testing.T) {
		w := &world{}
		s, _ := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
			{engine.Press(stepMore, "JKM-2026-000045"), []string{"rep.more.ask"}},
			{photo("akta"), []string{"rep.photos.received"}},
			{photo("kk"), []string{"rep.photos.received"}},
		})
		_, replies := transcript(t, m, w, s, []turn{
			{press("done"), []string{"rep.more.done", "menu.ask"}},
		})
		want := []engine.AddReportPhotos{{Number: "JKM-2026-000045", Photos: []string{"akta", "kk"}}}
		if diff := cmp.Diff(want, w.reports.added); diff != "" {
			t.Errorf("added (-want +got):\n%s", diff)
		}
		if replies[0].Buttons[0][0].Step != stepMore {
			t.Error("no button to add more")
		}
	})

	t.Run("no_photos_adds_nothing", func(t *testing.T) {
		w := &world{}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Press(stepMore, "JKM-2026-000045"), []string{"rep.more.ask"}},
			{press("done"), []string{"rep.more.none", "menu.ask"}},
		})
		if len(w.reports.added) != 0 {
			t.Error("added")
		}
	})

	t.Run("a_closed_report_is_refused_before_a_photo_is_asked_for", func(t *testing.T) {
		w := &world{reports: reportWorld{closed: true}}
		transcript(t, m, w, engine.Session{}, []turn{
			{engine.Press(stepMore, "JKM-2026-000045"), []string{"docs.closed", "menu.ask"}},
		})
	})

	t.Run("a_report_closed_while_photos_are_sent_is_refused_at_done", func(t *testing.T) {
		w := &world{}
		s, _ := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Press(stepMore, "JKM-2026-000045"), []string{"rep.more.ask"}},
			{photo("akta"), []string{"rep.photos.received"}},
		})
		w.reports.closed = true
		transcript(t, m, w, s, []turn{
			{press("done"), []string{"rep.more.not_open", "menu.ask"}},
		})
	})

	t.Run("an_open_form_is_not_disturbed", func(t *testing.T) {
		s, _ := transcript(t, m, &world{}, engine.Session{}, toSummary[:6])
		s, _ = transcript(t, m, &world{}, s, []turn{
			{engine.Press(stepMore, "JKM-2026-000045"), []string{"rep.more.busy", "reg.address.ask"}},
		})
		if s.Flow != flowRegistration || s.Answer(keyName) != "Siti Rahmah" {
			t.Errorf("form disturbed: %+v", s)
		}
	})
}

// deathToSummary reports a registered worker's death from illness.
var deathToSummary = []turn{
	{engine.Slash("start", ""), []string{"welcome", "menu.ask"}},
	{press("death"), []string{"jkm.intro", "jkm.nik.ask"}},
	{text(nikRajo), []string{"jkm.date.ask"}},
	{press("yesterday"), []string{"jkm.place.ask"}},
	{text("Di rumah, Jorong Koto Baru"), []string{"jkm.cause.ask"}},
	{press("sakit"), []string{"rep.reporter.name_ask"}},
	{text("Rina Wati"), []string{"jkm.reporter.relation_ask"}},
	{press("anak"), []string{"rep.reporter.phone_ask"}},
	{contact, []string{"reg.phone.saved", "jkm.photos.ask"}},
	{photo("akta"), []string{"rep.photos.received"}},
	{press("done"), []string{"jkm.summary.ask"}},
}

func TestDeathReport(t *testing.T) {
	t.Parallel()
	m := testMachine(t)
	covered := func() *world { return &world{reports: reportWorld{workers: map[string]bool{nikRajo: true}}} }
	done := []string{"jkm.done", "jkm.documents", "jkm.next", "menu.ask"}

	t.Run("death_from_illness_is_a_jkm_report", func(t *testing.T) {
		w := covered()
		_, replies := transcript(t, m, w, engine.Session{}, append(slices.Clone(deathToSummary), turn{press("submit"), done}))
		want := domain.Report{
			Kind: domain.ReportJKM, Death: true, SubjectNIK: nikRajo, Registered: true,
			Date: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC), Place: "Di rumah, Jorong Koto Baru", Cause: "sakit",
			Photos: []string{"akta"}, ReporterName: "Rina Wati", ReporterRelation: "anak", ReporterPhone: "+6281234567890",
		}
		if diff := cmp.Diff(want, w.reports.submitted[0].Report); diff != "" {
			t.Errorf("report (-want +got):\n%s", diff)
		}
		if replies[1].Data["Relation"] != "anak" || replies[0].Data["Number"] != "JKM-2026-000045" {
			t.Errorf("done = %+v", replies[:2])
		}
	})

	t.Run("death_while_only_submitted_says_not_yet_active", func(t *testing.T) {
		w := covered()
		w.reports.cover = domain.ReportCoverPending
		_, replies := transcript(t, m, w, engine.Session{}, append(slices.Clone(deathToSummary),
			turn{press("submit"), []string{"jkm.done", "rep.cover.diajukan", "jkm.documents", "jkm.next", "menu.ask"}}))
		if replies[1].Data["Death"] != true || replies[1].Data["Self"] != false {
			t.Errorf("the cover is not said of the deceased: %v", replies[1].Data)
		}
	})

	t.Run("death_from_a_work_accident_is_a_jkk_report", func(t *testing.T) {
		w := covered()
		turns := slices.Clone(deathToSummary[:5])
		turns = append(turns,
			turn{press("kecelakaan_kerja"), []string{"jkm.cause.work_accident", "jkm.traffic.ask"}},
			turn{press("yes"), []string{"rep.traffic.police", "rep.reporter.name_ask"}},
		)
		turns = append(turns, deathToSummary[6:]...)
		transcript(t, m, w, engine.Session{}, append(turns, turn{press("submit"), done}))
		got := w.reports.submitted[0].Report
		if got.Kind != domain.ReportJKK || !got.Death || !got.Traffic || got.Cause != domain.CauseWorkAccident {
			t.Errorf("report = %+v", got)
		}
	})

	t.Run("unregistered_nik_is_told_kindly_and_may_inform_the_nagari", func(t *testing.T) {
		w := &world{}
		s, _ := transcript(t, m, w, engine.Session{}, []turn{
			{engine.Press(stepMenu, "death"), []string{"jkm.intro", "jkm.nik.ask"}},
			{text(nikRajo), []string{"jkm.uncovered.ask"}},
			// The nagari is told whom the family mourns.
			{press("go_on"), []string{"intake.name.ask"}},
			{text("rajo alam"), []string{"rep.kecamatan.ask"}},
			{press("13.02.04"), []string{"reg.nagari.ask"}},
			{press("13.02.04.2001"), []string{"jkm.date.ask"}},
		})
		transcript(t, m, w, s, append(slices.Clone(deathToSummary[3:]), turn{press("submit"), done}))
		if got := w.reports.submitted[0].Report; got.Registered || got.NagariCode != "13.02.04.2001" ||
			got.SubjectName != "Rajo Alam" || got.SubjectAge != "" || got.SubjectNIK != nikRajo {
			t.Errorf("report = %+v", got)
		}
		transcript(t, m, &world{}, engine.Session{}, []turn{
			{engine.Press(stepMenu, "death"), []string{"jkm.intro", "jkm.nik.ask"}},
			{text(nikRajo), []string{"jkm.uncovered.ask"}},
			{press("stop"), []string{"jkm.uncovered.stopped", "menu.ask"}},
		})
	})

	t.Run("every_bad_answer_is_explained_and_asked_again", func(t *testing.T) {
		transcript(t, m, covered(), engine.Session{}, []turn{
			{engine.Slash("kematian", ""), []string{"jkm.intro", "jkm.nik.ask"}},
			{text("nik saya"), []string{"nik.not_digits", "jkm.nik.ask"}},
			{text(nikRajo), []string{"jkm.date.ask"}},
			{text("30 feb 2026"), []string{"date.invalid", "jkm.date.ask"}},
			{text("1 des 2026"), []string{"date.future", "jkm.date.ask"}},
			// JKM has no claim time limit (DOMAIN.md §12): a death 7 years
			// back is taken; only an absurd date is refused, neutrally.
			{text("1/1/1990"), []string{"date.too_long_ago", "jkm.date.ask"}},
			{text("3 mei 2026"), []string{"jkm.place.ask"}},
			{text("x"), []string{"text.too_short", "jkm.place.ask"}},
			{text("RSUD Arosuka"), []string{"jkm.cause.ask"}},
			{text("sakit"), []string{"input.use_buttons", "jkm.cause.ask"}},
			{press("lainnya"), []string{"rep.reporter.name_ask"}},
			{text("R"), []string{"name.too_short", "rep.reporter.name_ask"}},
			{text("Rina"), []string{"jkm.reporter.relation_ask"}},
			{press("tetangga"), []string{"input.use_buttons", "jkm.reporter.relation_ask"}},
			{press("keluarga_lain"), []string{"rep.reporter.phone_ask"}},
			{text("0812 3456 7890"), []string{"reg.phone.saved", "jkm.photos.ask"}},
			{sticker, []string{"input.send_photo", "jkm.photos.ask"}},
			{press("done"), []string{"jkm.summary.ask"}},
		})
	})

	t.Run("back_and_cancel", func(t *testing.T) {
		w := covered()
		s, _ := transcript(t, m, w, engine.Session{}, deathToSummary[:6])
		transcript(t, m, w, s, []turn{
			{back, []string{"jkm.cause.ask"}},
			{back, []string{"jkm.place.ask"}},
			{back, []string{"jkm.date.ask"}},
			{back, []string{"jkm.nik.ask"}},
			{engine.Slash("batal", ""), []string{"cancel.ask"}},
			{press("yes"), []string{"cancel.done", "menu.ask"}},
		})
		if len(w.reports.submitted) != 0 {
			t.Error("submitted")
		}
	})

	t.Run("edit_from_summary_returns_to_summary", func(t *testing.T) {
		w := covered()
		s, _ := transcript(t, m, w, engine.Session{}, slices.Clone(deathToSummary))
		transcript(t, m, w, s, []turn{
			{press("edit:cause"), []string{"jkm.cause.ask"}},
			{press("kecelakaan_kerja"), []string{"jkm.cause.work_accident", "jkm.traffic.ask"}},
			{press("no"), []string{"jkm.summary.ask"}},
			{press("edit:reporter"), []string{"rep.reporter.name_ask"}},
			{text("Ahmad"), []string{"jkm.reporter.relation_ask"}},
			{press("pasangan"), []string{"rep.reporter.phone_ask"}},
			{text("0813 1111 2222"), []string{"reg.phone.saved", "jkm.summary.ask"}},
			{press("submit"), done},
		})
		got := w.reports.submitted[0].Report
		if got.Kind != domain.ReportJKK || got.ReporterName != "Ahmad" || got.ReporterRelation != "pasangan" {
			t.Errorf("edits not applied: %+v", got)
		}
	})
}
