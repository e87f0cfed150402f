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
	got := answer(t, s, chat, engine.CorrectRegistration{Key: "fix-1", Registration: fixed})
	if got != (engine.Corrected{Found: true, Number: number, Changed: true}) {
		t.Fatalf("correction answered %v", got)
	}
	data := answer(t, s, chat, engine.LoadMyData{}).Registration
	if data.Name != "Rajo Ameh Sutan" || data.Phone != "+6281299998888" || data.Number != number ||
		data.Address != registration(1).Address {
		t.Errorf("after the correction /dataku shows %+v", data)
	}
	if n := notices(); len(n) != 1 || !strings.Contains(n[0], "1302********0001") || strings.Contains(n[0], "99998888") {
		t.Errorf("staff notices %v, want one naming the masked NIK and not the phone", n)
	}
	var fields string
	if err := pool.QueryRow(t.Context(), `select after->>'fields' from audit_log where action = 'registration.corrected'`).Scan(&fields); err != nil || fields != "name,phone" {
		t.Errorf("audit fields %q (%v), want name,phone", fields, err)
	}

	// "Simpan" pressed twice: the same answer, no second notice.
	if again := answer(t, s, chat, engine.CorrectRegistration{Key: "fix-1", Registration: fixed}); !again.Changed {
		t.Errorf("repeat answered %v", again)
	}
	// A new form that changes nothing: said so, nobody bothered.
	if same := answer(t, s, chat, engine.CorrectRegistration{Key: "fix-2", Registration: fixed}); !same.Found || same.Changed {
		t.Errorf("unchanged correction answered %v", same)
	}
	if n := notices(); len(n) != 1 {
		t.Errorf("%d notices after a repeat and an unchanged form, want 1", len(n))
	}

	// Another chat cannot correct this worker, even knowing the NIK.
	if other := answer(t, s, chat+1, engine.CorrectRegistration{Key: "fix-3", Registration: registration(1)}); other.Found {
		t.Errorf("another chat's correction answered %v", other)
	}
	if data := answer(t, s, chat, engine.LoadMyData{}); data.Registration.Name != "Rajo Ameh Sutan" {
		t.Errorf("another chat changed the name to %q", data.Registration.Name)
	}
}
