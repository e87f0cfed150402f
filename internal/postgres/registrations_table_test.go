package postgres_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/postgres/pgtest"
	"github.com/jaganagari/jaganagari/internal/seal"
)

// TestRegistrationRoundTrip writes a registration with every field set and
// reads it back through each answer that carries the record: a field of
// domain.Registration that the table does not store, or its one select does
// not read back, fails here.
func TestRegistrationRoundTrip(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	r := registration(1)
	r.Occupation, r.OccupationOther = "lainnya", "Penjahit"
	sub := answer(t, s, chat, submit("reg-1", r))

	my := answer(t, s, chat, engine.LoadMyData{})
	if !my.Found {
		t.Fatal("LoadMyData found nothing")
	}
	if diff := cmp.Diff(r, my.Registration.Registration, cmp.Comparer(time.Time.Equal)); diff != "" {
		t.Errorf("LoadMyData read back (-written +read):\n%s", diff)
	}
	got := my.Registration
	if got.Number != sub.Number || got.Status != domain.StatusPending || got.ID == 0 || got.CreatedAt.IsZero() ||
		got.NagariName != "Alahan Panjang" || got.KecamatanName == "" {
		t.Errorf("record as stored: %+v", got)
	}

	// A correction rewrites the correctable fields and keeps the rest.
	fixed := r
	fixed.Name, fixed.Address, fixed.Phone = "Rajo Ameh Sutan", "Jorong Koto Tuo", "+6281299998888"
	fixed.Occupation, fixed.OccupationOther = "petani", ""
	fixed.HeirName, fixed.HeirRelation = "Siti Nurbaya", "pasangan"
	fixed.MotherName = "Rosmaniar Jamil"
	if a := answer(t, s, chat, engine.CorrectRegistration{Key: "fix-1", Registration: fixed}); !a.Changed {
		t.Fatalf("correction answered %+v", a)
	}
	my = answer(t, s, chat, engine.LoadMyData{})
	if diff := cmp.Diff(fixed, my.Registration.Registration, cmp.Comparer(time.Time.Equal)); diff != "" {
		t.Errorf("after the correction (-written +read):\n%s", diff)
	}
	if my.Registration.ChatID != chat || my.Registration.EnteredBy != chat || my.Registration.Assisted() {
		t.Errorf("one's own registration: chat %d, entered by %d, witness %d", my.Registration.ChatID, my.Registration.EnteredBy, my.Registration.Witness)
	}

	// Entered with help by a kader: no chat of its own, the kader as the
	// one who entered it and witnessed the consent, the form's photo.
	const kader, officer = chat + 10, chat + 11
	staffChat(t, s, kader, domain.RoleKader, "13.02.04.2001")
	staffChat(t, s, officer, domain.RoleNagari, "13.02.04.2001")
	helped := registration(2)
	helped.ConsentMode, helped.ConsentFormFile = domain.ConsentForm, "AgACAgUAAxkBAAIBZ2"
	number := answer(t, s, kader, submit("asst-1", helped)).Number
	var id int64
	if err := pool.QueryRow(t.Context(), `select id from registrations where number = $1`, number).Scan(&id); err != nil {
		t.Fatal(err)
	}
	rec := answer(t, s, officer, engine.LoadRegistration{ID: id}).Registration
	if diff := cmp.Diff(helped, rec.Registration, cmp.Comparer(time.Time.Equal)); diff != "" {
		t.Errorf("assisted registration read back (-written +read):\n%s", diff)
	}
	if rec.ChatID != 0 || rec.EnteredBy != kader || rec.Witness == 0 || rec.WitnessRole != domain.RoleKader {
		t.Errorf("assisted record: chat %d, entered by %d, witness %d (%s)", rec.ChatID, rec.EnteredBy, rec.Witness, rec.WitnessRole)
	}
}

// TestRegistrationWithoutMotherName: the registrations from before the
// mother's name was asked, and those imported, have none; they are stored
// and read back without one, and a correction can add it.
func TestRegistrationWithoutMotherName(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	r := registration(1)
	r.MotherName = ""
	answer(t, s, chat, submit("reg-1", r))
	var missing bool
	if err := pool.QueryRow(t.Context(), `select mother_name_sealed is null from registrations`).Scan(&missing); err != nil || !missing {
		t.Fatalf("mother_name_sealed is null: %v (%v), want true", missing, err)
	}
	if got := answer(t, s, chat, engine.LoadMyData{}).Registration; got.MotherName != "" || got.Name != r.Name {
		t.Errorf("read back %+v", got)
	}
	r.MotherName = "Rosmaniar"
	if a := answer(t, s, chat, engine.CorrectRegistration{Key: "fix-1", Registration: r}); !a.Changed {
		t.Fatalf("adding the mother's name answered %+v", a)
	}
	if got := answer(t, s, chat, engine.LoadMyData{}).Registration; got.MotherName != "Rosmaniar" {
		t.Errorf("after the correction the mother's name is %q", got.MotherName)
	}
}
