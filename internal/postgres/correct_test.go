package postgres_test

import (
	"strings"
	"testing"

	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/postgres/pgtest"
	"github.com/jaganagari/jaganagari/internal/seal"
)

func TestCorrectRegistration(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	s := postgres.NewStore(pool, seal.Dev())
	number := answer(t, s, chat, submit("reg-1", registration(1))).Number
	if _, err := pool.Exec(t.Context(), `delete from outbox`); err != nil {
		t.Fatal(err)
	}
	notices := func() []string {
		t.Helper()
		rows, err := pool.Query(t.Context(), `select data::text from outbox where kind = 'registration.corrected' order by id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var d string
			if err := rows.Scan(&d); err != nil {
				t.Fatal(err)
			}
			out = append(out, d)
		}
		return out
	}

	fixed := registration(1)
	fixed.Name, fixed.Phone = "Rajo Ameh Sutan", "+6281299998888"
	got := applyOne(t, s, chat, engine.CorrectRegistration{Key: "fix-1", Registration: fixed})
	if got[engine.ResultFound] != "1" || got[engine.ResultChanged] != "1" || got[engine.ResultNumber] != number {
		t.Fatalf("correction answered %v", got)
	}
	data := applyOne(t, s, chat, engine.LoadMyData{})
	if data[engine.DataName] != "Rajo Ameh Sutan" || data[engine.DataPhone] != "+6281299998888" || data[engine.ResultNumber] != number ||
		data[engine.DataAddress] != registration(1).Address {
		t.Errorf("after the correction /dataku shows %v", data)
	}
	if n := notices(); len(n) != 1 || !strings.Contains(n[0], "1302********0001") || strings.Contains(n[0], "99998888") {
		t.Errorf("staff notices %v, want one naming the masked NIK and not the phone", n)
	}
	var fields string
	if err := pool.QueryRow(t.Context(), `select after->>'fields' from audit_log where action = 'registration.corrected'`).Scan(&fields); err != nil || fields != "name,phone" {
		t.Errorf("audit fields %q (%v), want name,phone", fields, err)
	}

	// "Simpan" pressed twice: the same answer, no second notice.
	if again := applyOne(t, s, chat, engine.CorrectRegistration{Key: "fix-1", Registration: fixed}); again[engine.ResultChanged] != "1" {
		t.Errorf("repeat answered %v", again)
	}
	// A new form that changes nothing: said so, nobody bothered.
	if same := applyOne(t, s, chat, engine.CorrectRegistration{Key: "fix-2", Registration: fixed}); same[engine.ResultFound] != "1" || same[engine.ResultChanged] != "" {
		t.Errorf("unchanged correction answered %v", same)
	}
	if n := notices(); len(n) != 1 {
		t.Errorf("%d notices after a repeat and an unchanged form, want 1", len(n))
	}

	// Another chat cannot correct this worker, even knowing the NIK.
	if other := applyOne(t, s, chat+1, engine.CorrectRegistration{Key: "fix-3", Registration: registration(1)}); other[engine.ResultFound] != "" {
		t.Errorf("another chat's correction answered %v", other)
	}
	if data := applyOne(t, s, chat, engine.LoadMyData{}); data[engine.DataName] != "Rajo Ameh Sutan" {
		t.Errorf("another chat changed the name to %q", data[engine.DataName])
	}
}
