package postgres_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/postgres/pgtest"
	"github.com/jaganagari/jaganagari/internal/seal"
)

// linkErr applies e and returns the Err it answered.
func linkErr(t *testing.T, s *postgres.Store, chatID int64, e engine.Effect) string {
	t.Helper()
	res := apply(t, s, chatID, e)
	if len(res) != 1 {
		t.Fatalf("Apply(%s) = %+v, want one result", e.EffectName(), res)
	}
	return res[0].Err
}

// chatOf is the chat a registration's notices go to, 0 for none.
func chatOf(t *testing.T, pool *pgxpool.Pool, number string) int64 {
	t.Helper()
	var chat int64
	if err := pool.QueryRow(t.Context(), `select coalesce(chat_id, 0) from registrations where number = $1`, number).Scan(&chat); err != nil {
		t.Fatal(err)
	}
	return chat
}

// TestLinkCodes: a code is shown once and stored only as its blind index,
// made only by the record's nagari officer or the kader who entered it,
// replaced by the next, used once, dead after 7 days on the store's clock;
// a chat gets 5 wrong codes an hour; a record linked elsewhere is refused.
func TestLinkCodes(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	clock := time.Now()
	s.SetClock(func() time.Time { return clock })
	const kader, otherKader, officer, outsider, worker, stranger = chat + 30, chat + 31, chat + 32, chat + 33, chat + 34, chat + 35
	staffChat(t, s, kader, domain.RoleKader, "13.02.04.2001") // Alahan Panjang
	staffChat(t, s, otherKader, domain.RoleKader, "13.02.04.2001")
	staffChat(t, s, officer, domain.RoleNagari, "13.02.04.2001")
	staffChat(t, s, outsider, domain.RoleNagari, "13.02.06.2003") // another kecamatan

	r := assistedRegistration(1)
	sub := answer(t, s, kader, submit("asst-1", r))
	if len(sub.LinkCode) != 7 || sub.LinkCode[3] != '-' || !sub.LinkExpires.Equal(clock.Add(postgres.LinkCodeTTL)) {
		t.Fatalf("submission's code %q until %v, want XXX-XXX until %v", sub.LinkCode, sub.LinkExpires, clock.Add(postgres.LinkCodeTTL))
	}
	// Kirim again: the same record, a fresh code replacing the first.
	again := answer(t, s, kader, submit("asst-1", r))
	if again.Number != sub.Number || again.LinkCode == "" || again.LinkCode == sub.LinkCode {
		t.Fatalf("repeated Kirim = %+v, want the same number with a new code", again)
	}
	if got := linkErr(t, s, worker, engine.LinkByCode{Code: sub.LinkCode}); got != "link.code.wrong" {
		t.Errorf("the replaced code answers %q, want link.code.wrong", got)
	}
	// A worker's own registration gets no code.
	if own := answer(t, s, worker+100, submit("own-1", registration(9))); own.LinkCode != "" {
		t.Errorf("one's own registration got a code %q", own.LinkCode)
	}

	// Only the blind index is stored.
	norm := strings.ReplaceAll(again.LinkCode, "-", "")
	var hash []byte
	if err := pool.QueryRow(t.Context(), `select code_hash from link_codes`).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	if !cmp.Equal(hash, seal.Dev().Index("link_code", norm)) {
		t.Error("the stored code is not the code's blind index")
	}
	dump := dumpSchema(t, pool)
	for _, c := range []string{again.LinkCode, norm, sub.LinkCode, strings.ReplaceAll(sub.LinkCode, "-", "")} {
		if strings.Contains(dump, c) {
			t.Errorf("the code %s is stored in the clear", c)
		}
	}

	// Who may make a code.
	for name, c := range map[string]struct {
		chat int64
		want string
	}{
		"a worker":                     {worker, "link.code.denied"},
		"an officer of another nagari": {outsider, "link.code.not_found"},
		"a kader who did not enter it": {otherKader, "link.code.not_found"},
	} {
		if got := linkErr(t, s, c.chat, engine.CreateLinkCode{NIK: r.NIK}); got != c.want {
			t.Errorf("%s: CreateLinkCode = %q, want %s", name, got, c.want)
		}
	}
	if got := linkErr(t, s, officer, engine.CreateLinkCode{NIK: registration(2).NIK}); got != "link.code.not_found" {
		t.Errorf("an unknown NIK: %q", got)
	}
	byOfficer := answer(t, s, officer, engine.CreateLinkCode{NIK: r.NIK})
	if byOfficer.Number != sub.Number || byOfficer.Name != r.Name {
		t.Errorf("officer's code is for %+v", byOfficer)
	}

	// Expiry on the store's clock.
	clock = clock.Add(postgres.LinkCodeTTL)
	if got := linkErr(t, s, worker, engine.LinkByCode{Code: byOfficer.Code}); got != "link.code.expired" {
		t.Errorf("a code 7 days old answers %q, want link.code.expired", got)
	}
	fresh := answer(t, s, kader, engine.CreateLinkCode{NIK: r.NIK})
	clock = clock.Add(postgres.LinkCodeTTL - time.Minute)
	linked := answer(t, s, worker, engine.LinkByCode{Code: strings.ToLower(fresh.Code)})
	want := []engine.LinkedPerson{{Number: sub.Number, Name: r.Name, Nagari: "Alahan Panjang"}}
	if diff := cmp.Diff(want, linked.People); diff != "" {
		t.Errorf("linked (-want +got):\n%s", diff)
	}
	if got := chatOf(t, pool, sub.Number); got != worker {
		t.Fatalf("the record's chat is %d, want the worker's %d", got, worker)
	}
	var audits, notices int
	if err := pool.QueryRow(t.Context(), `select count(*) from audit_log where action = 'registration.linked' and record_id = $1 and actor = $2`,
		sub.Number, "chat:"+strconv.FormatInt(worker, 10)).Scan(&audits); err != nil || audits != 1 {
		t.Errorf("link audits: %d (%v), want 1", audits, err)
	}
	if err := pool.QueryRow(t.Context(), `select count(*) from outbox where msg = 'link.notify.entered' and chat_id = $1 and data->>'Name' = $2`,
		kader, r.Name).Scan(&notices); err != nil || notices != 1 {
		t.Errorf("notices to the kader who entered it: %d (%v), want 1", notices, err)
	}
	// Single use: another chat is refused, the same chat told again.
	if got := linkErr(t, s, stranger, engine.LinkByCode{Code: fresh.Code}); got != "link.code.used" {
		t.Errorf("a used code answers %q to another chat, want link.code.used", got)
	}
	if again := answer(t, s, worker, engine.LinkByCode{Code: fresh.Code}); len(again.People) != 1 {
		t.Errorf("the same code again by the same chat: %+v", again)
	}
	if got := linkErr(t, s, officer, engine.CreateLinkCode{NIK: r.NIK}); got != "link.code.linked" {
		t.Errorf("a code for a linked record: %q, want link.code.linked", got)
	}
	if st := answer(t, s, worker, engine.LoadStatus{}); !st.Found || st.Number != sub.Number {
		t.Errorf("the worker's /status: %+v", st)
	}

	// A record linked meanwhile by another chat (its phone) refuses the code.
	r3 := assistedRegistration(3)
	r3.Phone = "+6281377770003"
	third := answer(t, s, kader, submit("asst-3", r3))
	answer(t, s, stranger, engine.LinkByPhone{Phone: r3.Phone})
	if got := linkErr(t, s, worker, engine.LinkByCode{Code: third.LinkCode}); got != "link.taken" {
		t.Errorf("a code of a record linked elsewhere: %q, want link.taken", got)
	}
	if got := chatOf(t, pool, third.Number); got != stranger {
		t.Errorf("the record's chat is %d, want %d", got, stranger)
	}
}

// TestWrongLinkCodesAreLimited: 5 wrong codes in an hour, then even the
// right one waits; an hour on, it links.
func TestWrongLinkCodesAreLimited(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	clock := time.Now()
	s.SetClock(func() time.Time { return clock })
	const kader, guesser, other = chat + 40, chat + 41, chat + 42
	staffChat(t, s, kader, domain.RoleKader, "13.02.04.2001")
	sub := answer(t, s, kader, submit("asst-1", assistedRegistration(1)))
	for i := range postgres.MaxLinkFailures {
		if got := linkErr(t, s, guesser, engine.LinkByCode{Code: "AAA-AA" + string(rune('A'+i))}); got != "link.code.wrong" {
			t.Fatalf("wrong code %d: %q", i+1, got)
		}
	}
	if got := linkErr(t, s, guesser, engine.LinkByCode{Code: sub.LinkCode}); got != "link.wait" {
		t.Fatalf("the 6th code within the hour: %q, want link.wait", got)
	}
	// The limit is the chat's own.
	if got := linkErr(t, s, other, engine.LinkByCode{Code: "AAA-AAA"}); got != "link.code.wrong" {
		t.Errorf("another chat's first code: %q", got)
	}
	clock = clock.Add(postgres.LinkFailureWindow - time.Minute)
	if got := linkErr(t, s, guesser, engine.LinkByCode{Code: sub.LinkCode}); got != "link.wait" {
		t.Fatalf("59 minutes on: %q, want link.wait", got)
	}
	clock = clock.Add(time.Minute)
	if a := answer(t, s, guesser, engine.LinkByCode{Code: sub.LinkCode}); len(a.People) != 1 {
		t.Errorf("an hour after the first wrong codes: %+v", a)
	}
	// Failures older than the hour are not kept for anyone.
	linkErr(t, s, other, engine.LinkByCode{Code: "AAA-AAC"})
	var kept int
	if err := pool.QueryRow(t.Context(), `select count(*) from link_failures`).Scan(&kept); err != nil || kept != 1 {
		t.Errorf("%d failures kept (%v), want only the newest", kept, err)
	}
}

// TestLinkByPhoneFindsTheHouseholdByItsBlindIndex: phone_index is filled
// for rows written before migration 021 by Migrate, kept on correction,
// and a shared number links every record without a chat that has it.
func TestLinkByPhoneFindsTheHouseholdByItsBlindIndex(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	const officer, worker, other = chat + 50, chat + 51, chat + 52
	staffChat(t, s, officer, domain.RoleNagari, "13.02.04.2001")
	const home = domain.Phone("+6281255550001")
	mother, son, neighbour := assistedRegistration(1), assistedRegistration(2), assistedRegistration(3)
	mother.Phone, son.Phone, neighbour.Phone = home, home, "+6281255550009"
	a := answer(t, s, officer, submit("asst-1", mother))
	b := answer(t, s, officer, submit("asst-2", son))
	answer(t, s, officer, submit("asst-3", neighbour))
	own := registration(4) // the same phone, one's own: never taken over
	own.Phone = home
	answer(t, s, other, submit("own-4", own))

	idx := seal.Dev().Index(postgres.IndexPhone, string(home))
	countIndexed := func() int {
		var n int
		if err := pool.QueryRow(t.Context(), `select count(*) from registrations where phone_index = $1`, idx).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := countIndexed(); n != 3 {
		t.Fatalf("%d rows indexed under the home phone on insert, want 3", n)
	}
	// Rows from before migration 021 have none: Migrate fills them in.
	if _, err := pool.Exec(t.Context(), `update registrations set phone_index = null`); err != nil {
		t.Fatal(err)
	}
	if err := migrateWith(t, pool, seal.Dev()); err != nil {
		t.Fatal(err)
	}
	if n := countIndexed(); n != 3 {
		t.Fatalf("%d rows indexed under the home phone after the backfill, want 3", n)
	}
	var unindexed int
	if err := pool.QueryRow(t.Context(), `select count(*) from registrations where phone_index is null`).Scan(&unindexed); err != nil || unindexed != 0 {
		t.Fatalf("%d rows without a phone index after the backfill (%v)", unindexed, err)
	}

	if got := linkErr(t, s, worker, engine.LinkByPhone{Phone: "+6281255550002"}); got != "link.phone.none" {
		t.Errorf("an unknown number: %q, want link.phone.none", got)
	}
	got := answer(t, s, worker, engine.LinkByPhone{Phone: home})
	want := []engine.LinkedPerson{{Number: a.Number, Name: mother.Name, Nagari: "Alahan Panjang"}, {Number: b.Number, Name: son.Name, Nagari: "Alahan Panjang"}}
	if diff := cmp.Diff(want, got.People); diff != "" {
		t.Fatalf("linked (-want +got):\n%s", diff)
	}
	if chatOf(t, pool, a.Number) != worker || chatOf(t, pool, b.Number) != worker {
		t.Error("the household's records are not the worker's")
	}
	// Shared again: the same two, nothing more written.
	if again := answer(t, s, worker, engine.LinkByPhone{Phone: home}); len(again.People) != 2 {
		t.Errorf("shared again: %+v", again)
	}
	var notices int
	if err := pool.QueryRow(t.Context(), `select count(*) from outbox where msg = 'link.notify.entered' and chat_id = $1`, officer).Scan(&notices); err != nil || notices != 2 {
		t.Errorf("%d notices to the officer (%v), want 2", notices, err)
	}
	// Another chat sharing the same number finds nothing left to take.
	if got := linkErr(t, s, chat+53, engine.LinkByPhone{Phone: home}); got != "link.phone.none" {
		t.Errorf("a second chat with the same number: %q", got)
	}

	// /ubah of the phone moves the index.
	fixed := mother
	fixed.Phone = "+6281366660001"
	if c := answer(t, s, worker, engine.CorrectRegistration{Key: "fix-1", Registration: fixed}); !c.Changed {
		t.Fatalf("correction %+v", c)
	}
	var moved int
	if err := pool.QueryRow(t.Context(), `select count(*) from registrations where number = $1 and phone_index = $2`,
		a.Number, seal.Dev().Index(postgres.IndexPhone, string(fixed.Phone))).Scan(&moved); err != nil || moved != 1 {
		t.Errorf("the corrected phone is not indexed (%d, %v)", moved, err)
	}
	if n := countIndexed(); n != 2 {
		t.Errorf("%d rows still indexed under the old phone, want 2", n)
	}
}
