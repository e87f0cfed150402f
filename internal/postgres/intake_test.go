package postgres_test

import (
	"strings"
	"testing"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/postgres/pgtest"
	"github.com/jaganagari/jaganagari/internal/seal"
)

// describedAccident is a neighbour's accident report about a person of
// Alahan Panjang whose NIK they do not know.
func describedAccident() domain.Report {
	r := accident(0)
	r.SubjectNIK, r.Registered, r.NagariCode = "", false, "13.02.04.2001"
	r.SubjectName, r.SubjectAge = "Rajo Alam", "50"
	return r
}

func TestLinkReportWithinTheOfficersArea(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	const officer, neighbourOfficer = int64(800500), int64(800510)
	staffChat(t, s, officer, domain.RoleNagari, "13.02.04.2001")          // Alahan Panjang
	staffChat(t, s, neighbourOfficer, domain.RoleNagari, "13.02.04.2002") // Sungai Nanam
	ids := members(t, s, pool)                                            // in Alahan Panjang; 23 is aktif
	outside := registration(40)
	outside.NagariCode = "13.02.05.2001" // Supayang, another kecamatan
	applyOne(t, s, chat+40, submit("reg-outside", outside))

	got := answer(t, s, reporterChat, engine.SubmitReport{Key: "jkk-no-nik", Report: describedAccident()})
	if got.Cover != domain.ReportCoverUnregistered {
		t.Errorf("answer: %+v", got)
	}
	var id int64
	var keyID string
	var nikSealed, nameSealed, ageSealed []byte
	if err := pool.QueryRow(t.Context(), `
		select id, key_id, subject_nik_sealed, subject_name_sealed, subject_age_sealed from reports where number = $1`,
		got.Number).Scan(&id, &keyID, &nikSealed, &nameSealed, &ageSealed); err != nil {
		t.Fatal(err)
	}
	name, err1 := seal.Dev().Open(keyID, postgres.FieldSubjectName, nameSealed)
	age, err2 := seal.Dev().Open(keyID, postgres.FieldSubjectAge, ageSealed)
	if nikSealed != nil || name != "Rajo Alam" || age != "50" || err1 != nil || err2 != nil {
		t.Errorf("row: nik %v, name %q, age %q (%v, %v)", nikSealed, name, age, err1, err2)
	}
	if strings.Contains(string(nameSealed), "Rajo") {
		t.Error("the name is stored in the clear")
	}
	var data, buttons string
	if err := pool.QueryRow(t.Context(), `select data::text, buttons::text from outbox where kind = 'report.submitted'`).Scan(&data, &buttons); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(data, `"NoNIK": "1"`) || !strings.Contains(data, `"Person": "Rajo Alam"`) ||
		!strings.Contains(buttons, "staff.link|") || !strings.Contains(buttons, "staff.notmember|") {
		t.Errorf("staff notice: %s %s", data, buttons)
	}

	shown := answer(t, s, officer, engine.LoadReport{ID: id}).Report
	if shown.Registered || shown.SubjectNIK != "" || shown.SubjectName != "Rajo Alam" || shown.SubjectAge != "50" || shown.NotMember {
		t.Errorf("staff see %+v", shown.Report)
	}

	// Another nagari's officer finds no report, and changes nothing.
	if a := answer(t, s, neighbourOfficer, engine.LinkReport{ID: id, NIK: registration(23).NIK}); a.Found || a.Linked {
		t.Errorf("another nagari's officer linked: %+v", a)
	}
	if a := answer(t, s, neighbourOfficer, engine.MarkNotMember{ID: id}); a.Found || a.Changed {
		t.Errorf("another nagari's officer marked: %+v", a)
	}
	// A registration outside the officer's area is not found.
	if a := answer(t, s, officer, engine.LinkReport{ID: id, NIK: outside.NIK}); !a.Found || a.Linked || a.Already {
		t.Errorf("linked outside the area: %+v", a)
	}
	// A NIK nobody registered, the same.
	if a := answer(t, s, officer, engine.LinkReport{ID: id, NIK: registration(98).NIK}); !a.Found || a.Linked {
		t.Errorf("linked to nobody: %+v", a)
	}

	// Bukan peserta, once.
	if a := answer(t, s, officer, engine.MarkNotMember{ID: id}); !a.Found || !a.Changed || a.Number != got.Number {
		t.Errorf("mark: %+v", a)
	}
	if a := answer(t, s, officer, engine.MarkNotMember{ID: id}); a.Changed {
		t.Errorf("marked twice: %+v", a)
	}
	if shown := answer(t, s, officer, engine.LoadReport{ID: id}).Report; !shown.NotMember || shown.NotMemberAt.IsZero() {
		t.Errorf("not shown as not a member: %+v", shown)
	}

	// Then linked after all: the worker, the NIK and the cover on the day.
	a := answer(t, s, officer, engine.LinkReport{ID: id, NIK: registration(23).NIK})
	if !a.Found || !a.Linked || a.Cover != domain.ReportCoverActive || a.WorkerName != "Rajo Ameh" || a.ID != id {
		t.Errorf("link: %+v", a)
	}
	shown = answer(t, s, officer, engine.LoadReport{ID: id}).Report
	if !shown.Registered || shown.SubjectNIK != registration(23).NIK || shown.Cover != domain.ReportCoverActive ||
		shown.WorkerName != "Rajo Ameh" || shown.NotMember || shown.SubjectName != "Rajo Alam" || shown.Injury != "Kaki kiri patah" {
		t.Errorf("after the link staff see %+v", shown)
	}
	var regID int64
	if err := pool.QueryRow(t.Context(), `select registration_id from reports where id = $1`, id).Scan(&regID); err != nil || regID != ids["active"] {
		t.Errorf("registration_id %d (%v), want %d", regID, err, ids["active"])
	}
	// The reporter is told once, without the NIK.
	var n int
	var told string
	if err := pool.QueryRow(t.Context(), `
		select count(*), coalesce(max(data::text), '') from outbox where kind = 'report.linked' and chat_id = $1`,
		reporterChat).Scan(&n, &told); err != nil {
		t.Fatal(err)
	}
	if n != 1 || strings.Contains(told, string(registration(23).NIK)) || !strings.Contains(told, `"Cover": "aktif"`) {
		t.Errorf("reporter told %d times: %s", n, told)
	}
	// A second press changes nothing and tells nobody again.
	if a := answer(t, s, officer, engine.LinkReport{ID: id, NIK: registration(23).NIK}); !a.Already || a.Linked {
		t.Errorf("linked twice: %+v", a)
	}
	if a := answer(t, s, officer, engine.MarkNotMember{ID: id}); !a.Linked || a.Changed {
		t.Errorf("a linked report marked: %+v", a)
	}
	if err := pool.QueryRow(t.Context(), `select count(*) from outbox where kind = 'report.linked'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("%d link notices (%v)", n, err)
	}
	// Audited under the officer, without the NIK.
	var audits int
	var leaked bool
	if err := pool.QueryRow(t.Context(), `
		select count(*), bool_or(before::text || after::text like '%' || $2 || '%') from audit_log
		where action in ('report.link', 'report.not_member') and record_id = $1 and actor = $3`,
		got.Number, string(registration(23).NIK), "chat:800500").Scan(&audits, &leaked); err != nil {
		t.Fatal(err)
	}
	if audits != 2 || leaked {
		t.Errorf("audit rows %d, NIK leaked %v", audits, leaked)
	}
}

func TestLinkedReportKeepsItsSubjectThroughKeyRotation(t *testing.T) {
	t.Parallel()
	pool, s := sealedStore(t, "k1")
	got := answer(t, s, reporterChat, engine.SubmitReport{Key: "jkk-no-nik", Report: describedAccident()})
	ring := keyRing(t, "k2", "k1")
	if _, err := postgres.NewStore(pool, ring).RotateKeys(t.Context()); err != nil {
		t.Fatal(err)
	}
	var keyID string
	var nameSealed []byte
	if err := pool.QueryRow(t.Context(), `select key_id, subject_name_sealed from reports where number = $1`, got.Number).Scan(&keyID, &nameSealed); err != nil {
		t.Fatal(err)
	}
	name, err := ring.Open(keyID, postgres.FieldSubjectName, nameSealed)
	if keyID != ring.Current() || name != "Rajo Alam" || err != nil {
		t.Errorf("after rotation: key %s, name %q (%v)", keyID, name, err)
	}
}
