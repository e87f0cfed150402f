package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jaganagari/jaganagari/internal/config"
	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/postgres/pgtest"
)

func TestKeygenPrintsKeysTheConfigAccepts(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	if code := realMain(t.Context(), []string{"keygen", "--id", "k2"}, func(string) string { return "" }, &out, &errOut); code != 0 {
		t.Fatalf("keygen: exit %d: %s", code, errOut.String())
	}
	env := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		k, v, _ := strings.Cut(line, "=")
		env[k] = v
	}
	if !strings.HasPrefix(env["ENCRYPTION_KEYS"], "k2:") || env["BLIND_INDEX_KEY"] == "" {
		t.Fatalf("keygen printed %q", out.String())
	}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatalf("the printed keys do not load: %v", err)
	}
	if k, err := cfg.Keys(); err != nil || k.Current() != "k2" {
		t.Fatalf("ring from the printed keys: %v, %v", k, err)
	}
	if !strings.Contains(errOut.String(), "rotate-key") {
		t.Errorf("keygen does not explain rotation: %s", errOut.String())
	}
}

// TestRotateKeyCommand registers a worker under k1, rotates to k2 from the
// command line, and exports with k2 alone.
func TestRotateKeyCommand(t *testing.T) {
	t.Parallel()
	k1 := "k1:MTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTE="
	k2 := "k2:MjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjI="
	index := "aWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWk="
	ring := func(keys string) map[string]string {
		return map[string]string{"ENCRYPTION_KEYS": keys, "BLIND_INDEX_KEY": index}
	}
	cfg, err := config.Load(func(k string) string { return ring(k1)[k] })
	if err != nil {
		t.Fatal(err)
	}
	keys, err := cfg.Keys()
	if err != nil {
		t.Fatal(err)
	}
	pool := pgtest.NewWithKeys(t, keys)
	reg := domain.Registration{
		NIK: "1302041203850001", Name: "Rajo Ameh", BirthDate: time.Date(1985, time.March, 12, 0, 0, 0, 0, time.UTC),
		Gender: domain.Male, Address: "Jorong Koto Baru", NagariCode: "13.02.04.2001", Occupation: "petani",
		Phone: "+6281234567890", MotherName: "Rosmaniar", HeirName: "Siti Nurbaya", HeirRelation: "anak",
		ConsentVersion: "2026-01", ConsentAt: time.Now().Add(-time.Minute),
	}
	res, err := postgres.NewStore(pool, keys).Apply(t.Context(), 42, []engine.Effect{engine.SubmitRegistration{Key: "f1", Registration: reg}})
	if err != nil || res[0].Err != "" {
		t.Fatalf("register: %v %+v", err, res)
	}
	if _, err := pool.Exec(t.Context(), `update registrations set status = 'terverifikasi'`); err != nil {
		t.Fatal(err)
	}

	dsn := schemaURL(t, pool)
	run := func(env map[string]string, args ...string) (string, int) {
		env["DATABASE_URL"] = dsn
		var out bytes.Buffer
		code := realMain(context.Background(), args, func(k string) string { return env[k] }, &out, &out)
		return out.String(), code
	}

	if out, code := run(ring(k2), "rotate-key"); code == 0 || !strings.Contains(out, `"k1"`) {
		t.Errorf("rotate-key without the old key: exit %d, %s; want a failure naming k1", code, out)
	}
	if out, code := run(map[string]string{}, "rotate-key"); code == 0 || !strings.Contains(out, "ENCRYPTION_KEYS") {
		t.Errorf("rotate-key without keys: exit %d, %s", code, out)
	}
	out, code := run(ring(k2+","+k1), "rotate-key")
	if code != 0 || !strings.Contains(out, "resealed 1 registrations, 0 reports and 0 report notes with key k2") {
		t.Fatalf("rotate-key: exit %d, %s", code, out)
	}
	file := filepath.Join(t.TempDir(), "alahan.csv")
	if out, code := run(ring(k2), "export", "--nagari", "13.02.04.2001", "--format", "csv", "--out", file); code != 0 {
		t.Fatalf("export with k2 alone: exit %d, %s", code, out)
	}
	csv, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(csv), "1302041203850001") || !strings.Contains(string(csv), "+6281234567890") ||
		!strings.Contains(string(csv), ";Rosmaniar;") {
		t.Errorf("export with k2 alone lacks the NIK, phone or mother's name:\n%s", csv)
	}
}
