package postgres_test

import (
	"strings"
	"testing"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/postgres"
)

// TestMembershipIsStoredWithTheRegistration takes a verified worker
// through submitted → aktif → berakhir and reads the membership back with
// the record each time: the card number sealed with the row, surviving a
// correction and a key rotation, and kept out of the audit log.
func TestMembershipIsStoredWithTheRegistration(t *testing.T) {
	t.Parallel()
	pool, old := sealedStore(t, "k1")
	sub := answer(t, old, chat, submit("reg-1", registration(1)))
	var id int64
	if err := pool.QueryRow(t.Context(), `update registrations set status = 'terverifikasi', covered_at = now() where number = $1 returning id`, sub.Number).Scan(&id); err != nil {
		t.Fatal(err)
	}
	mine := func(s *postgres.Store) domain.RegistrationRecord {
		t.Helper()
		return answer(t, s, chat, engine.LoadMyData{}).Registration
	}
	if m := mine(old).Membership; m != (domain.Membership{}) {
		t.Fatalf("a worker never submitted has membership %+v", m)
	}

	var batch string
	if err := old.ChangeMembership(t.Context(), id, func(m domain.Membership, b string) (domain.Membership, error) {
		batch = b
		return m.Submit(b)
	}); err != nil {
		t.Fatal(err)
	}
	if got := mine(old).Membership; got.State != domain.MembershipSubmitted || got.Batch != batch || !strings.HasPrefix(batch, "AJU-") {
		t.Fatalf("after submitting: %+v", got)
	}

	start, end := time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	if err := old.ChangeMembership(t.Context(), id, func(m domain.Membership, _ string) (domain.Membership, error) {
		return m.Activate("12345678901", start, end)
	}); err != nil {
		t.Fatal(err)
	}
	want := domain.Membership{State: domain.MembershipActive, Batch: batch, KPJ: "12345678901", CoverStart: start, CoverEnd: end}
	if got := mine(old).Membership; got != want {
		t.Fatalf("after activating:\n got %+v\nwant %+v", got, want)
	}

	// A correction reseals every sealed column, the card number with them.
	fixed := registration(1)
	fixed.Address = "Jorong Koto Tuo"
	if a := answer(t, old, chat, engine.CorrectRegistration{Key: "fix-1", Registration: fixed}); !a.Changed {
		t.Fatalf("correction answered %+v", a)
	}
	if got := mine(old); got.Membership != want || got.Address != fixed.Address {
		t.Fatalf("after a correction: %+v", got)
	}

	// Rotation reseals it under the new key, and the old key can go.
	both := postgres.NewStore(pool, keyRing(t, "k2", "k1"))
	if _, err := both.RotateKeys(t.Context()); err != nil {
		t.Fatal(err)
	}
	onlyNew := postgres.NewStore(pool, keyRing(t, "k2"))
	if got := mine(onlyNew).Membership; got != want {
		t.Fatalf("after rotation: %+v", got)
	}

	if err := onlyNew.ChangeMembership(t.Context(), id, func(m domain.Membership, _ string) (domain.Membership, error) {
		return m.End(domain.EndDeath, time.Date(2026, 10, 10, 0, 0, 0, 0, time.UTC))
	}); err != nil {
		t.Fatal(err)
	}
	got := mine(onlyNew).Membership
	if got.State != domain.MembershipEnded || got.EndReason != domain.EndDeath || got.KPJ != want.KPJ ||
		got.CoverOn(time.Date(2026, 10, 9, 0, 0, 0, 0, time.UTC)) != domain.CoverActive ||
		got.CoverOn(time.Date(2026, 10, 10, 0, 0, 0, 0, time.UTC)) != domain.CoverNone {
		t.Fatalf("after ending: %+v", got)
	}

	// The audit log has every change, and never the card number.
	var n int
	var leaked bool
	err := pool.QueryRow(t.Context(), `
		select count(*), bool_or(after::text like '%12345678901%' or before::text like '%12345678901%')
		from audit_log where action like 'membership.%' and record_id = $1`, sub.Number).Scan(&n, &leaked)
	if err != nil || n != 3 || leaked {
		t.Errorf("membership audit rows = %d, card number leaked = %v (%v); want 3, false", n, leaked, err)
	}
}

// TestMembershipRulesHoldInTheSchema: the table refuses a membership the
// lifecycle cannot produce, so a bug in a later writer cannot store one.
func TestMembershipRulesHoldInTheSchema(t *testing.T) {
	t.Parallel()
	pool, s := sealedStore(t, "k1")
	answer(t, s, chat, submit("reg-1", registration(1)))
	for _, bad := range []string{
		`update registrations set membership_state = 'diajukan'`,                                                     // not verified
		`update registrations set status = 'terverifikasi', membership_state = 'aktif'`,                              // no card, no period
		`update registrations set status = 'terverifikasi', membership_state = 'ditolak_bpjs'`,                       // no reason
		`update registrations set status = 'terverifikasi', membership_state = 'diajukan', end_reason = 'meninggal'`, // not ended
		`update registrations set status = 'terverifikasi', membership_state = 'diajukan', refused_reason = 'x'`,     // not refused
		`update registrations set status = 'terverifikasi', membership_state = 'diajukan', cover_start = '2026-08-01'::date, cover_end = '2026-07-01'::date`,
	} {
		if _, err := pool.Exec(t.Context(), bad); err == nil {
			t.Errorf("the schema allowed: %s", bad)
		}
	}
}
