package postgres_test

import (
	"bytes"
	"image/png"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/jaganagari/jaganagari/bot"
	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/postgres/pgtest"
	"github.com/jaganagari/jaganagari/internal/seal"
	"github.com/jaganagari/jaganagari/locales"
)

// recordingTexts renders with the real message files and records what the
// store asked for, in which language.
type recordingTexts struct {
	r     *bot.Renderer
	mu    sync.Mutex
	asked []string // "lang msg"
}

func (rt *recordingTexts) Text(lang, msg string, data map[string]any) (string, error) {
	rt.mu.Lock()
	rt.asked = append(rt.asked, lang+" "+msg)
	rt.mu.Unlock()
	return rt.r.Text(lang, msg, data)
}

func (rt *recordingTexts) take() []string {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	out := slices.Compact(slices.Sorted(slices.Values(rt.asked)))
	rt.asked = nil
	return out
}

// staffChat binds chatID as role over area, the way the bot does.
func staffChat(t *testing.T, s *postgres.Store, chatID int64, role domain.Role, area string) {
	t.Helper()
	inv, err := s.CreateInvite(t.Context(), "cli", "cli", role, area)
	if err != nil {
		t.Fatal(err)
	}
	applyOne(t, s, chatID, engine.BindStaff{Code: inv.Code})
}

func chartOf(t *testing.T, s *postgres.Store, chatID int64, e engine.Effect) engine.File {
	t.Helper()
	res := apply(t, s, chatID, e)
	if len(res) != 1 || res[0].Err != "" || len(res[0].Files) != 1 || !res[0].Files[0].Photo {
		t.Fatalf("Apply(%s) = %+v, want one photo", e.EffectName(), res)
	}
	img, err := png.Decode(bytes.NewReader(res[0].Files[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	if w := img.Bounds().Dx(); w != 1080 {
		t.Errorf("%s chart is %d px wide, want 1080", e.EffectName(), w)
	}
	return res[0].Files[0]
}

func TestChartWordsComeFromTheMessageFilesInTheChatsLanguage(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	render, err := bot.NewRenderer(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	texts := &recordingTexts{r: render}
	s := postgres.NewStore(pool, seal.Dev()).DrawWith(texts)
	const officer, kecamatan, admin = int64(800100), int64(800150), int64(800200)
	staffChat(t, s, officer, domain.RoleNagari, "13.02.04.2001")
	staffChat(t, s, kecamatan, domain.RoleKecamatan, "Lembah Gumanti")
	staffChat(t, s, admin, domain.RoleAdmin, "")
	if _, err := pool.Exec(t.Context(), `insert into chats (chat_id, lang) values ($1, 'en')`, officer); err != nil {
		t.Fatal(err)
	}

	stacks := []string{"chart.quota", "chart.quota.free", "chart.quota.none", "chart.quota.used",
		"chart.registered", "chart.registered.none", "chart.registered.pending", "chart.registered.rejected", "chart.registered.verified"}
	with := func(lang string, ids ...string) []string {
		var out []string
		for _, id := range ids {
			out = append(out, lang+" "+id)
		}
		return slices.Sorted(slices.Values(out))
	}

	// One nagari: its own figures, no rows, in English.
	chartOf(t, s, officer, engine.LoadRecap{})
	want := with("en", append([]string{"chart.recap.subtitle", "chart.recap.title"}, stacks...)...)
	if diff := cmp.Diff(want, texts.take()); diff != "" {
		t.Errorf("nagari recap asked for (-want +got):\n%s", diff)
	}

	// A kecamatan: a row per nagari, in the default language.
	chartOf(t, s, kecamatan, engine.LoadRecap{})
	want = with("", append([]string{"chart.recap.subtitle", "chart.recap.title", "chart.rows.nagari", "chart.rows.nagari.not_joined"}, stacks...)...)
	if diff := cmp.Diff(want, texts.take()); diff != "" {
		t.Errorf("kecamatan recap asked for (-want +got):\n%s", diff)
	}

	// The regency: a row per kecamatan.
	chartOf(t, s, admin, engine.LoadRecap{})
	want = with("", append([]string{"chart.recap.subtitle", "chart.recap.title", "chart.rows.kecamatan", "chart.rows.kecamatan.not_joined"}, stacks...)...)
	if diff := cmp.Diff(want, texts.take()); diff != "" {
		t.Errorf("regency recap asked for (-want +got):\n%s", diff)
	}

	chartOf(t, s, admin, engine.LoadCoverage{})
	want = with("", "chart.coverage.subtitle", "chart.coverage.title", "chart.joined", "chart.joined.no", "chart.joined.yes",
		"chart.quota", "chart.quota.free", "chart.quota.none", "chart.quota.used", "chart.rows.kecamatan", "chart.rows.kecamatan.not_joined")
	if diff := cmp.Diff(want, texts.take()); diff != "" {
		t.Errorf("coverage asked for (-want +got):\n%s", diff)
	}
}

func TestChartsNeedTheirWords(t *testing.T) {
	t.Parallel()
	s := postgres.NewStore(pgtest.New(t), seal.Dev()) // no DrawWith
	staffChat(t, s, 800300, domain.RoleNagari, "13.02.04.2001")
	_, err := s.Apply(t.Context(), 800300, []engine.Effect{engine.LoadRecap{}})
	if err == nil || !strings.Contains(err.Error(), "DrawWith") {
		t.Errorf("recap without texts: %v, want an error naming DrawWith", err)
	}
}
