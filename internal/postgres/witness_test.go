package postgres_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/postgres"
)

// witnessed is accident(serial) with two witnesses, one with a phone.
func witnessed(serial int) domain.Report {
	r := accident(serial)
	r.Witnesses = []domain.Witness{{Name: "Pak Datuak", Phone: "+6281377778888"}, {Name: "Siti Aminah"}}
	return r
}

func TestReportWitnessesAreSealedAndShownToStaff(t *testing.T) {
	t.Parallel()
	pool, s := sealedStore(t, "k1")
	const officer = int64(800600)
	staffChat(t, s, officer, domain.RoleNagari, "13.02.04.2001") // Alahan Panjang
	applyOne(t, s, chat, submit("reg-1", registration(1)))
	got := answer(t, s, reporterChat, engine.SubmitReport{Key: "jkk-wit", Report: witnessed(1)})
	none := accident(1)
	none.NoWitnesses = true
	gotNone := answer(t, s, reporterChat, engine.SubmitReport{Key: "jkk-none", Report: none})

	var id int64
	var keyID string
	var sealed []byte
	var noWitnesses bool
	var row string
	if err := pool.QueryRow(t.Context(), `select id, key_id, witnesses_sealed, no_witnesses, r::text from reports r where number = $1`,
		got.Number).Scan(&id, &keyID, &sealed, &noWitnesses, &row); err != nil {
		t.Fatal(err)
	}
	for _, plain := range []string{"Datuak", "Aminah", "81377778888", "7778888"} {
		if strings.Contains(row, plain) || strings.Contains(string(sealed), plain) {
			t.Errorf("%q is stored in the clear", plain)
		}
	}
	ring := keyRing(t, "k1")
	opened, err := ring.Open(keyID, postgres.FieldWitnesses, sealed)
	if err != nil || !strings.Contains(opened, "Pak Datuak") || noWitnesses {
		t.Errorf("witnesses_sealed opens to %q (%v), no_witnesses %v", opened, err, noWitnesses)
	}

	shown := answer(t, s, officer, engine.LoadReport{ID: id}).Report
	if diff := cmp.Diff(witnessed(1).Witnesses, shown.Witnesses); diff != "" || shown.NoWitnesses {
		t.Errorf("staff see witnesses (-want +got):\n%s", diff)
	}
	var noneID int64
	if err := pool.QueryRow(t.Context(), `select id from reports where number = $1 and no_witnesses and witnesses_sealed is null`,
		gotNone.Number).Scan(&noneID); err != nil {
		t.Fatalf("the report without witnesses: %v", err)
	}
	if shown := answer(t, s, officer, engine.LoadReport{ID: noneID}).Report; !shown.NoWitnesses || len(shown.Witnesses) != 0 {
		t.Errorf("\"Tidak ada saksi\" not kept: %+v", shown.Report)
	}

	// The staff notice names them, the phone masked.
	var data string
	if err := pool.QueryRow(t.Context(), `
		select data::text from outbox where kind = 'report.submitted' and data->>'Number' = $1`, got.Number).Scan(&data); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(data, `"WitnessList": "Pak Datuak, +62813*****888; Siti Aminah"`) || strings.Contains(data, "81377778888") {
		t.Errorf("staff notice: %s", data)
	}

	// Rotation reseals them under the new key.
	ring = keyRing(t, "k2", "k1")
	rotated := postgres.NewStore(pool, ring)
	if _, err := rotated.RotateKeys(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := pool.QueryRow(t.Context(), `select key_id, witnesses_sealed from reports where id = $1`, id).Scan(&keyID, &sealed); err != nil {
		t.Fatal(err)
	}
	if opened, err := ring.Open(keyID, postgres.FieldWitnesses, sealed); keyID != "k2" || err != nil || !strings.Contains(opened, "Siti Aminah") {
		t.Errorf("after rotation: key %s, witnesses %q (%v)", keyID, opened, err)
	}
	if _, err := keyRing(t, "k1").Open("k1", postgres.FieldWitnesses, sealed); err == nil {
		t.Error("the old key still opens the witnesses")
	}
	if shown := answer(t, rotated, officer, engine.LoadReport{ID: id}).Report; len(shown.Witnesses) != 2 {
		t.Errorf("after rotation staff see %+v", shown.Witnesses)
	}
}

func TestAReportWithAThirdWitnessIsRefused(t *testing.T) {
	t.Parallel()
	_, s := sealedStore(t, "k1")
	applyOne(t, s, chat, submit("reg-1", registration(1)))
	r := witnessed(1)
	r.Witnesses = append(r.Witnesses, domain.Witness{Name: "Upiak"})
	res, err := s.Apply(t.Context(), reporterChat, []engine.Effect{engine.SubmitReport{Key: "jkk-3", Report: r}})
	if err == nil && (len(res) != 1 || res[0].Err == "") {
		t.Errorf("a third witness was stored: %+v", res)
	}
}

func TestLinkingTellsTheWorkerOnce(t *testing.T) {
	t.Parallel()
	pool, s := sealedStore(t, "k1")
	const officer = int64(800700)
	staffChat(t, s, officer, domain.RoleNagari, "13.02.04.2001")
	members(t, s, pool) // registration(23), active, has its own chat, chat+3
	workerChat := chat + 3

	r := describedAccident()
	r.Witnesses = []domain.Witness{{Name: "Pak Datuak", Phone: "+6281377778888"}}
	got := answer(t, s, reporterChat, engine.SubmitReport{Key: "jkk-link", Report: r})
	var id int64
	if err := pool.QueryRow(t.Context(), `select id from reports where number = $1`, got.Number).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if a := answer(t, s, officer, engine.LinkReport{ID: id, NIK: registration(23).NIK}); !a.Linked {
		t.Fatalf("link: %+v", a)
	}
	if a := answer(t, s, officer, engine.LinkReport{ID: id, NIK: registration(23).NIK}); !a.Already {
		t.Fatalf("second link: %+v", a)
	}
	var n int
	var data string
	if err := pool.QueryRow(t.Context(), `
		select count(*), coalesce(max(data::text), '') from outbox where kind = 'report.linked_worker' and chat_id = $1`,
		workerChat).Scan(&n, &data); err != nil {
		t.Fatal(err)
	}
	if n != 1 || !strings.Contains(data, got.Number) || strings.Contains(data, string(registration(23).NIK)) {
		t.Errorf("worker told %d times: %s", n, data)
	}
	// The link reseals the row: the witnesses still open.
	if shown := answer(t, s, officer, engine.LoadReport{ID: id}).Report; len(shown.Witnesses) != 1 || shown.Witnesses[0].Phone != "+6281377778888" {
		t.Errorf("after the link staff see witnesses %+v", shown.Witnesses)
	}

	// A death is the family's news: the registration's chat is not told.
	death := domain.Report{
		Kind: domain.ReportJKM, Death: true, NagariCode: "13.02.04.2001",
		SubjectName: "Rajo Alam", SubjectAge: "50",
		Date: domain.Today(time.Now()), Place: "Di rumah", Cause: "sakit",
		ReporterName: "Rina", ReporterRelation: "anak", ReporterPhone: "+6281234567890",
	}
	gotDeath := answer(t, s, reporterChat, engine.SubmitReport{Key: "jkm-link", Report: death})
	if err := pool.QueryRow(t.Context(), `select id from reports where number = $1`, gotDeath.Number).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if a := answer(t, s, officer, engine.LinkReport{ID: id, NIK: registration(22).NIK}); !a.Linked {
		t.Fatalf("link the death: %+v", a)
	}
	if err := pool.QueryRow(t.Context(), `select count(*) from outbox where kind = 'report.linked_worker'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("%d worker notices after a death was linked (%v), want the accident's 1", n, err)
	}
}
