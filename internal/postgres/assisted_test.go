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

// assistedRegistration is registration(serial) as an officer or kader
// enters it: consent given aloud, with them as witness.
func assistedRegistration(serial int) domain.Registration {
	r := registration(serial)
	r.ConsentMode = domain.ConsentSpoken
	return r
}

// TestAssistedRegistrationStaysInTheKadersNagari: a kader registers with
// help in their own nagari only, sees their own entries and nothing else,
// and is told when staff decide; whatever the form says, the store refuses
// another nagari.
func TestAssistedRegistrationStaysInTheKadersNagari(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	const kader, officer, worker = chat + 20, chat + 21, chat + 22
	staffChat(t, s, kader, domain.RoleKader, "13.02.04.2001") // Alahan Panjang
	staffChat(t, s, officer, domain.RoleNagari, "13.02.04.2001")

	if a := answer(t, s, kader, engine.LoadAssistance{}); a.Nagari.Code != "13.02.04.2001" || a.Role != domain.RoleKader {
		t.Errorf("LoadAssistance = %+v", a)
	}
	for name, c := range map[string]struct {
		chat   int64
		nagari string
		err    string
	}{
		"another nagari":    {kader, "13.02.06.2003", "assisted.outside"},
		"a worker":          {worker, "", "assisted.denied"},
		"an unknown nagari": {kader, "Tidak Ada", "assisted.unknown"},
	} {
		res := apply(t, s, c.chat, engine.LoadAssistance{Nagari: c.nagari})
		if len(res) != 1 || res[0].Err != c.err {
			t.Errorf("%s: LoadAssistance = %+v, want Err %s", name, res, c.err)
		}
	}

	// The form names another nagari (a forged or stale session): refused,
	// nothing stored.
	outside := assistedRegistration(1)
	outside.NagariCode = "13.02.06.2003"
	if res := apply(t, s, kader, submit("asst-0", outside)); len(res) != 1 || res[0].Err != "assisted.outside" {
		t.Fatalf("submit outside the kader's nagari = %+v, want assisted.outside", res)
	}
	// A worker cannot claim a witnessed consent for themself.
	if res := apply(t, s, worker, submit("own-0", assistedRegistration(1))); len(res) != 1 || res[0].Err != "assisted.outside" {
		t.Fatalf("a worker's assisted submit = %+v, want assisted.outside", res)
	}
	if n := count(t, pool); n != 0 {
		t.Fatalf("%d registrations stored, want none", n)
	}

	first := answer(t, s, kader, submit("asst-1", assistedRegistration(1)))
	second := answer(t, s, kader, submit("asst-2", assistedRegistration(2)))
	if first.Number == "" || second.Number == "" || first.Number == second.Number {
		t.Fatalf("two entries numbered %q and %q", first.Number, second.Number)
	}
	// The same form again records once.
	if again := answer(t, s, kader, submit("asst-2", assistedRegistration(2))); again.Number != second.Number || again.Duplicate {
		t.Errorf("repeated submit = %+v", again)
	}
	var nullChats int
	if err := pool.QueryRow(t.Context(), `select count(*) from registrations where chat_id is null and entered_by_chat = $1`, kader).Scan(&nullChats); err != nil || nullChats != 2 {
		t.Fatalf("registrations without a chat entered by the kader: %d (%v), want 2", nullChats, err)
	}
	var assistedNotices int
	if err := pool.QueryRow(t.Context(), `select count(*) from outbox where msg = 'assisted.notify.registration'`).Scan(&assistedNotices); err != nil || assistedNotices != 2 {
		t.Errorf("assisted staff notices: %d (%v), want 2", assistedNotices, err)
	}

	// The kader sees their entries in /status, not as their own.
	st := answer(t, s, kader, engine.LoadStatus{})
	want := []domain.Person{
		{Number: second.Number, Name: "Rajo Ameh", Status: domain.StatusPending, Entered: true},
		{Number: first.Number, Name: "Rajo Ameh", Status: domain.StatusPending, Entered: true},
	}
	if diff := cmp.Diff(want, st.People); st.Found || diff != "" {
		t.Errorf("kader's status: found %v, people (-want +got):\n%s", st.Found, diff)
	}
	// … but cannot verify, nor see the queue or a record.
	if res := apply(t, s, kader, engine.LoadQueue{}); len(res) != 1 || res[0].Err != "staff.denied" {
		t.Errorf("kader's queue = %+v, want staff.denied", res)
	}
	var id int64
	if err := pool.QueryRow(t.Context(), `select id from registrations where number = $1`, first.Number).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if a := answer(t, s, kader, engine.LoadRegistration{ID: id}); a.Found {
		t.Error("a kader opened a registration")
	}
	if a := answer(t, s, kader, engine.DecideRegistration{ID: id, Verify: true}); a.Found || a.Changed {
		t.Errorf("a kader decided a registration: %+v", a)
	}

	// The officer rejects it: the person has no chat, so the kader who
	// entered it is told, by name.
	if a := answer(t, s, officer, engine.DecideRegistration{ID: id, Reason: "bukan_warga"}); !a.Changed {
		t.Fatalf("officer's decision = %+v", a)
	}
	var to int64
	var data string
	err := pool.QueryRow(t.Context(), `select chat_id, data::text from outbox where msg = 'assisted.notify.status'`).Scan(&to, &data)
	if err != nil || to != kader {
		t.Fatalf("status notice to %d (%v), want the kader %d", to, err, kader)
	}
	var toWorker int
	if err := pool.QueryRow(t.Context(), `select count(*) from outbox where msg = 'notify.status.registration'`).Scan(&toWorker); err != nil || toWorker != 0 {
		t.Errorf("%d notices to a chat the person does not have (%v)", toWorker, err)
	}
}

// TestHouseholdRegistrationsArePerPerson: a family member registered from
// the same phone is the chat's too; /dataku, /hapus act on the person
// picked.
func TestHouseholdRegistrationsArePerPerson(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	own := answer(t, s, chat, submit("reg-1", registration(1)))
	spouse := registration(2)
	spouse.Name = "Siti Nurbaya"
	spouseSub := answer(t, s, chat, submit("reg-2", spouse))

	my := answer(t, s, chat, engine.LoadMyData{Number: own.Number})
	if !my.Found || my.Registration.Number != own.Number || len(my.People) != 2 {
		t.Fatalf("LoadMyData of the owner: found %v, %s, %d people", my.Found, my.Registration.Number, len(my.People))
	}
	if other := answer(t, s, chat+1, engine.LoadMyData{Number: own.Number}); other.Found {
		t.Error("another chat read the registration by its number")
	}
	// /status lists each person with where they stand with BPJS: the
	// spouse active since 1 August, the owner not yet submitted.
	var spouseID int64
	if err := pool.QueryRow(t.Context(), `update registrations set status = 'terverifikasi', covered_at = now()
		where number = $1 returning id`, spouseSub.Number).Scan(&spouseID); err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)
	for _, step := range []func(domain.Membership, string) (domain.Membership, error){submitTo, activate(start, start.AddDate(1, 0, -1))} {
		if err := s.ChangeMembership(t.Context(), spouseID, step); err != nil {
			t.Fatal(err)
		}
	}
	standing := map[string]domain.Membership{}
	for _, p := range answer(t, s, chat, engine.LoadStatus{}).People {
		standing[p.Number] = p.Membership
	}
	if m := standing[spouseSub.Number]; m.State != domain.MembershipActive || !m.CoverStart.Equal(start) || m.KPJ != "" {
		t.Errorf("the spouse in /status: %+v, want aktif since %s without the card number", m, start)
	}
	if m, ok := standing[own.Number]; !ok || m.State != "" {
		t.Errorf("the owner in /status: %+v (listed %v), want no membership yet", m, ok)
	}
	// /kartu without a number asks whose; with one, that person's card.
	if c := answer(t, s, chat, engine.LoadCard{}); c.Found || len(c.People) != 2 {
		t.Fatalf("LoadCard of a household without a number = %+v, want the two people", c)
	}
	if c := answer(t, s, chat, engine.LoadCard{Number: spouseSub.Number}); !c.Found || c.Name != "Siti Nurbaya" || c.Number != spouseSub.Number {
		t.Fatalf("LoadCard of the spouse = %+v", c)
	}
	if c := answer(t, s, chat+1, engine.LoadCard{Number: own.Number}); c.Found || len(c.People) != 0 {
		t.Errorf("another chat loaded the card by its number: %+v", c)
	}
	// Without a number, erasing asks whose.
	if e := answer(t, s, chat, engine.EraseMyData{}); len(e.Choose) != 2 || e.Number != "" {
		t.Fatalf("erase without a number = %+v, want the two people", e)
	}
	if n := count(t, pool); n != 2 {
		t.Fatalf("%d registrations after asking whose, want 2", n)
	}
	if e := answer(t, s, chat, engine.EraseMyData{Number: spouseSub.Number}); !e.Found || e.Number != spouseSub.Number {
		t.Fatalf("erase the spouse = %+v", e)
	}
	st := answer(t, s, chat, engine.LoadStatus{})
	if len(st.People) != 1 || st.People[0].Number != own.Number || st.Number != own.Number {
		t.Errorf("after erasing the spouse: %+v", st)
	}
}
