package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/jaganagari/jaganagari/internal/config"
	"github.com/jaganagari/jaganagari/internal/postgres/pgtest"
	"github.com/jaganagari/jaganagari/internal/redis/redistest"
	"github.com/jaganagari/jaganagari/internal/seal"
)

// chromiumPath is where Debian's chromium package puts the browser; CI and
// scripts/test install that package.
const chromiumPath = "/usr/bin/chromium"

// stepTimeout bounds one browser step: the machine running the tests may
// be slow and shared, but a step that never ends is a failure.
const stepTimeout = 45 * time.Second

// requireChromium stops the test when there is no browser: a failure in CI,
// where scripts/test installs it, a skip with the reason elsewhere.
func requireChromium(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err == nil {
		return
	}
	msg := chromiumPath + " not found: the browser tests need the Debian package chromium " +
		"(scripts/test installs it when run as root; otherwise: sudo apt-get install chromium)"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// newSimulationApp wires what `jaganagari simulate` runs on, over a fresh
// Postgres schema and Redis prefix.
func newSimulationApp(t *testing.T) *app {
	t.Helper()
	cfg, err := config.Load(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	rdb, prefix := redistest.New(t)
	a := &app{cfg: cfg, log: slog.New(slog.NewTextHandler(t.Output(), nil)), pool: pgtest.New(t), redis: rdb, keys: seal.Dev()}
	if err := a.wire(t.Context(), prefix); err != nil {
		t.Fatal(err)
	}
	return a
}

// newSimulation starts what `jaganagari simulate` starts, on a fresh
// Postgres schema and Redis prefix, with the web chat on a free port.
func newSimulation(t *testing.T) (*app, *simulation) {
	t.Helper()
	a := newSimulationApp(t)
	s, err := startSimulation(t.Context(), a, "127.0.0.1:0", true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.close(); err != nil {
			t.Errorf("stop the simulation: %v", err)
		}
	})
	return a, s
}

// browser is headless Chromium showing the simulator's page.
type browser struct {
	t   *testing.T
	ctx context.Context
	a   *app
	dir string        // where screenshots go
	now map[int64]int // per phone, the last bot message a step has seen
}

func newBrowser(t *testing.T, a *app, url string) *browser {
	t.Helper()
	requireChromium(t)
	profile := t.TempDir() // removed after the browser has exited: cleanups run in reverse
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox, // CI runs as root, where Chromium's sandbox cannot start
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 800),
	}
	// The browser's life is the test's, not t.Context's: t.Context ends
	// before cleanups, and the profile must outlive the browser.
	actx, stopAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(stopAlloc)
	ctx, stopTab := chromedp.NewContext(actx)
	t.Cleanup(stopTab)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", chromiumPath, err)
	}

	dir := os.Getenv("SIMULATOR_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	b := &browser{t: t, ctx: ctx, a: a, dir: dir, now: map[int64]int{}}
	b.do("open the simulator", chromedp.EmulateViewport(1280, 800), chromedp.Navigate(url))
	b.do("wait for the phones", chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`section.phone[data-phone="%d"] .start`, demoWorker.ID))))
	return b
}

// do runs browser actions as one step with a deadline.
func (b *browser) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.screenshot("failed")
		b.t.Fatalf("%s: %v", what, err)
	}
}

// text is a message as a user reading Indonesian sees it, up to its first
// variable part, with white space collapsed as XPath's normalize-space does.
func (b *browser) text(msg string) string {
	b.t.Helper()
	const marker = "\x00"
	data := map[string]any{}
	for _, k := range []string{"Number", "Kecamatan", "Status", "BirthDate", "Gender", "NIK", "What", "Max", "Min", "Name", "Address", "Nagari", "Occupation", "Phone", "MotherName", "HeirName", "HeirRelation"} {
		data[k] = marker
	}
	s, err := b.a.renderer.Text("id", msg, data)
	if err != nil {
		b.t.Fatal(err)
	}
	s, _, _ = strings.Cut(s, marker)
	return strings.Join(strings.Fields(s), " ")
}

// render is a message with its data, white space collapsed.
func (b *browser) render(msg string, data map[string]any) string {
	b.t.Helper()
	s, err := b.a.renderer.Text("id", msg, data)
	if err != nil {
		b.t.Fatal(err)
	}
	return strings.Join(strings.Fields(s), " ")
}

// shows waits until bot message id in the phone contains text.
func (b *browser) shows(phone int64, id int, text, what string) {
	b.t.Helper()
	sel := fmt.Sprintf(`%s//div[contains(@class,"msg") and @data-id="%d"][contains(normalize-space(.), %s)]`, phoneXPath(phone), id, xq(text))
	b.do("wait for "+what, chromedp.WaitVisible(sel))
}

// label is a button label: a message ID, or a literal such as a nagari name.
func (b *browser) label(label string) string {
	if s, err := b.a.renderer.Text("id", label, nil); err == nil {
		return s
	}
	return label
}

// xq quotes s as an XPath string literal.
func xq(s string) string {
	if !strings.Contains(s, `"`) {
		return `"` + s + `"`
	}
	parts := strings.Split(s, `"`)
	return `concat("` + strings.Join(parts, `", '"', "`) + `")`
}

func phoneXPath(phone int64) string {
	return fmt.Sprintf(`//section[@data-phone="%d"]`, phone)
}

// expect waits until the phone shows a new bot message containing the
// text of msg (see text) and returns its message ID.
func (b *browser) expect(phone int64, msg string) int {
	b.t.Helper()
	return b.expectText(phone, b.text(msg), msg)
}

func (b *browser) expectText(phone int64, text, what string) int {
	b.t.Helper()
	sel := fmt.Sprintf(`%s//div[contains(@class,"msg") and contains(@class,"bot") and @data-id > %d][contains(normalize-space(.), %s)]`,
		phoneXPath(phone), b.now[phone], xq(text))
	b.do("wait for "+what, chromedp.WaitVisible(sel))
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	id, err := chromedp.Run(ctx, chromedp.AttributeValue(sel, "data-id"))
	if err != nil || !id.Exists {
		b.t.Fatalf("read the id of %s: %v", what, err)
	}
	n, err := strconv.Atoi(id.Value)
	if err != nil {
		b.t.Fatal(err)
	}
	b.now[phone] = n
	return n
}

// attr reads an attribute of the first element sel finds.
func (b *browser) attr(sel chromedp.CSS, name string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.AttributeValue(sel, name))
	if err != nil || !v.Exists {
		b.t.Fatalf("read %s of %s: %v", name, sel, err)
	}
	return v.Value
}

// press clicks the inline button with this label under bot message id.
func (b *browser) press(phone int64, id int, label string) {
	b.t.Helper()
	sel := fmt.Sprintf(`%s//div[@data-id="%d"]//button[contains(@class,"ikb")][normalize-space(.)=%s]`, phoneXPath(phone), id, xq(b.label(label)))
	b.do("press "+label, chromedp.Click(sel))
}

// key taps a button of the reply keyboard above the input.
func (b *browser) key(phone int64, label string) {
	b.t.Helper()
	sel := fmt.Sprintf(`%s//div[contains(@class,"reply-kb")]//button[normalize-space(.)=%s]`, phoneXPath(phone), xq(b.label(label)))
	b.do("tap "+label, chromedp.Click(sel))
}

// say types text into the phone's input and presses Kirim.
func (b *browser) say(phone int64, text string) {
	b.t.Helper()
	input := chromedp.CSS(fmt.Sprintf(`section[data-phone="%d"] .composer input.text`, phone))
	send := chromedp.CSS(fmt.Sprintf(`section[data-phone="%d"] .composer .send`, phone))
	b.do("type "+text, chromedp.Click(input), chromedp.SendKeys(input, text), chromedp.Click(send))
}

// screenshot saves the whole page as a PNG and logs where.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Errorf("screenshot %s: %v", name, err)
		return
	}
	test := regexp.MustCompile(`[^A-Za-z0-9_-]+`).ReplaceAllString(b.t.Name(), "_")
	path := filepath.Join(b.dir, test+"-"+name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Errorf("screenshot %s: %v", name, err)
		return
	}
	b.t.Logf("screenshot: %s", path)
}

// register walks the worker through the whole registration in the page,
// clicking and typing as a person would, and returns the registration
// number the bot announced.
func (b *browser) register(worker int64) string {
	b.t.Helper()
	b.do("press MULAI", chromedp.Click(chromedp.CSS(fmt.Sprintf(`section[data-phone="%d"] .start`, worker))))
	b.expect(worker, "welcome")
	m := b.expect(worker, "menu.ask")
	b.press(worker, m, "menu.register")
	m = b.expect(worker, "reg.consent.ask")
	b.press(worker, m, "reg.consent.agree")
	b.expect(worker, "reg.nik.ask")
	b.say(worker, "1302044505800001")
	m = b.expect(worker, "reg.identity.ask")
	b.press(worker, m, "reg.identity.yes")
	b.expect(worker, "reg.name.ask")
	b.say(worker, "Siti Rahmah")
	b.expect(worker, "reg.address.ask")
	b.say(worker, "Jorong Koto Baru, Jl. Raya Solok No. 12")
	m = b.expect(worker, "reg.kecamatan.ask")
	b.press(worker, m, "Lembah Gumanti")
	m = b.expect(worker, "reg.nagari.ask")
	b.press(worker, m, "Alahan Panjang")
	m = b.expect(worker, "reg.occupation.ask")
	b.press(worker, m, "occupation.petani")
	b.expect(worker, "reg.phone.ask")
	b.screenshot("share-contact")
	b.key(worker, "reg.phone.share")
	b.expect(worker, "reg.phone.saved")
	b.do("the reply keyboard goes away",
		chromedp.WaitNotVisible(chromedp.CSS(fmt.Sprintf(`section[data-phone="%d"] .reply-kb`, worker))))
	b.expect(worker, "reg.mother.ask")
	b.say(worker, "Rosmaniar")
	b.expect(worker, "reg.heir.name_ask")
	b.say(worker, "Budi Santoso")
	m = b.expect(worker, "reg.heir.relation_ask")
	b.press(worker, m, "relation.pasangan")
	m = b.expect(worker, "reg.summary.ask")
	b.screenshot("summary")
	b.press(worker, m, "reg.summary.submit")
	done := b.expect(worker, "reg.done")

	var number string
	err := b.a.pool.QueryRow(b.t.Context(), `select number from registrations where chat_id = $1`, worker).Scan(&number)
	if err != nil {
		b.t.Fatalf("the registration is not in Postgres: %v", err)
	}
	b.shows(worker, done, number, "the registration number "+number)
	return number
}

func TestBrowserRegistration(t *testing.T) {
	requireChromium(t)
	a, s := newSimulation(t)
	b := newBrowser(t, a, s.url)
	worker := demoWorker.ID

	b.screenshot("start")
	number := b.register(worker)

	var n int
	if err := a.pool.QueryRow(t.Context(), `select count(*) from registrations`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("%d registrations in Postgres, want 1", n)
	}

	b.say(worker, "/status")
	status := b.render("status.show", map[string]any{"Number": number, "Status": b.label("status.menunggu_verifikasi"), "Reason": ""})
	b.expectText(worker, status, "the status of "+number+": waiting for the petugas")
	b.screenshot("status")

	// A photo from the phone's gallery and a shared location reach the bot.
	photo := filepath.Join(t.TempDir(), "luka.png")
	var img bytes.Buffer
	if err := png.Encode(&img, image.NewRGBA(image.Rect(0, 0, 320, 240))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(photo, img.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	mine := fmt.Sprintf(`%s//div[contains(@class,"msg") and contains(@class,"me")]`, phoneXPath(worker))
	b.do("send a photo",
		chromedp.SetUploadFiles(chromedp.CSS(fmt.Sprintf(`section[data-phone="%d"] .attach input`, worker)), []string{photo}),
		chromedp.WaitVisible(mine+`//img`))
	b.do("share the location",
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`section[data-phone="%d"] .loc`, worker))),
		chromedp.WaitVisible(mine+`[contains(., "Lokasi")]`))
	var sawPhoto, sawLocation bool
	for _, m := range s.api.Chat(worker) {
		sawPhoto = sawPhoto || (!m.FromBot && len(m.Photo) > 0 && m.UpdateID != 0)
		sawLocation = sawLocation || (!m.FromBot && m.Location != nil && m.UpdateID != 0)
	}
	if !sawPhoto || !sawLocation {
		t.Errorf("photo sent to the bot: %v, location: %v", sawPhoto, sawLocation)
	}

	// A document the bot sends (as the XLSX export will) downloads from the page.
	xlsx := []byte("PK\x03\x04 rekap pendaftaran")
	tg, err := tgbot.New(simulatorToken, tgbot.WithServerURL(s.apiURL), tgbot.WithSkipGetMe())
	if err != nil {
		t.Fatal(err)
	}
	_, err = tg.SendDocument(t.Context(), &tgbot.SendDocumentParams{ChatID: demoAdmin.ID,
		Document: &models.InputFileUpload{Filename: "rekap-alahan-panjang.xlsx", Data: bytes.NewReader(xlsx)}})
	if err != nil {
		t.Fatal(err)
	}
	link := fmt.Sprintf(`section[data-phone="%d"] .card a.download`, demoAdmin.ID)
	b.do("the document shows", chromedp.WaitVisible(chromedp.CSS(link)))
	b.screenshot("document")
	href := b.attr(chromedp.CSS(link), "href")
	resp, err := http.Get(s.url + href)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(got, xlsx) || !strings.Contains(resp.Header.Get("Content-Disposition"), "rekap-alahan-panjang.xlsx") {
		t.Errorf("download %s: %q, Content-Disposition %q", href, got, resp.Header.Get("Content-Disposition"))
	}

	// A URL button (the WhatsApp hand-off) is a link opening a new tab,
	// never a press sent to the bot.
	wa := "https://wa.me/6281266610001?text=Nomor%20pendaftaran%3A%20REG-2026-000001"
	_, err = tg.SendMessage(t.Context(), &tgbot.SendMessageParams{ChatID: demoAdmin.ID, Text: "Pendaftaran sudah kami terima",
		ReplyMarkup: models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "📲 Kirim lewat WhatsApp", URL: wa}}}}})
	if err != nil {
		t.Fatal(err)
	}
	waLink := chromedp.CSS(fmt.Sprintf(`section[data-phone="%d"] a.ikb[target="_blank"]`, demoAdmin.ID))
	b.do("the URL button shows as a link", chromedp.WaitVisible(waLink))
	if href := b.attr(waLink, "href"); href != wa {
		t.Errorf("the URL button opens %q, want %q", href, wa)
	}
	if rel := b.attr(waLink, "rel"); rel != "noopener" {
		t.Errorf("the URL button's rel is %q", rel)
	}

	// More people can be added from the page.
	b.do("add a phone",
		chromedp.Click(chromedp.CSS("#add-open")),
		chromedp.WaitVisible(chromedp.CSS("#add-dialog")),
		chromedp.SendKeys(chromedp.CSS(`#add-form input[name="name"]`), "Pak Rajo"),
		chromedp.SendKeys(chromedp.CSS(`#add-form input[name="phone"]`), "0813 7777 0000"),
		chromedp.Click(chromedp.CSS(`#add-form button[type="submit"]`)),
		chromedp.WaitVisible(`//section[contains(@class,"phone")]//b[contains(@class,"name")][normalize-space(.)="Pak Rajo"]`))
	if ps := s.sim.Phones(); len(ps) != 4 || ps[3].Phone != "+6281377770000" {
		t.Errorf("phones after adding: %+v", ps)
	}

	// The same page on a phone: one chat at a time, with tabs.
	b.do("turn into a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)))
	b.do("only the chosen phone shows",
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`.tab[data-phone="%d"]`, worker))),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`section[data-phone="%d"]`, worker))),
		chromedp.WaitNotVisible(chromedp.CSS(fmt.Sprintf(`section[data-phone="%d"]`, demoOfficer.ID))))
	b.screenshot("phone-worker")
	b.do("switch to the officer's tab", chromedp.Click(chromedp.CSS(fmt.Sprintf(`.tab[data-phone="%d"]`, demoOfficer.ID))),
		// The officer's chat holds the notice of the worker's registration.
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`section[data-phone="%d"] .msg`, demoOfficer.ID))),
		chromedp.WaitNotVisible(chromedp.CSS(fmt.Sprintf(`section[data-phone="%d"]`, worker))))
	b.screenshot("phone-officer")
}

// TestBrowserStaffVerifies is the whole story: the worker
// registers, the petugas nagari's phone gets the notice live and he
// presses Verifikasi, and the worker sees the new status. It needs staff
// roles (seedStaff) and the outbox sender wired into startSimulation.
func TestBrowserStaffVerifies(t *testing.T) {
	requireChromium(t)
	a, s := newSimulation(t)
	b := newBrowser(t, a, s.url)
	worker, officer := demoWorker.ID, demoOfficer.ID

	number := b.register(worker)

	// The notice reaches the officer's phone without a reload.
	notice := b.expectText(officer, number, "the notice of "+number+" on the officer's phone")
	b.screenshot("officer-notice")
	sel := fmt.Sprintf(`%s//div[@data-id="%d"]//button[contains(@class,"ikb")][contains(normalize-space(.), "Verifikasi")]`, phoneXPath(officer), notice)
	b.do("press Verifikasi", chromedp.Click(sel))

	b.say(worker, "/status")
	status := b.render("status.show", map[string]any{"Number": number, "Status": b.label("status.terverifikasi"), "Reason": ""})
	b.expectText(worker, status, "the status of "+number+": verified")
	b.screenshot("worker-verified")

	var stored string
	if err := a.pool.QueryRow(t.Context(), `select status from registrations where number = $1`, number).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored != "terverifikasi" {
		t.Errorf("status in Postgres %q, want terverifikasi", stored)
	}
}
