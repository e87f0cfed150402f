package bot_test

import (
	"bytes"
	"context"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/jaganagari/jaganagari/internal/botapi"
	"github.com/jaganagari/jaganagari/internal/domain"
)

// The fake Bot API answers getMe with the username JagaNagariBot, so the
// harness's bot links there.
const alahanPanjangLink = "https://t.me/JagaNagariBot?start=n1302042001"

// expectPoster waits for the poster's message and its two files, the PDF
// as a document and the PNG as a photo, and answers the photo.
func expectPoster(h *harness, staff int64, nagari string) []byte {
	h.t.Helper()
	// Drawing a poster takes a tenth of a second, but many times that
	// under the race detector on a busy machine: wait for it longer than
	// expect does, the bot's own update timeout being the bound.
	ctx, cancel := context.WithTimeout(h.t.Context(), 30*time.Second)
	defer cancel()
	last := h.seen[staff]
	if _, err := h.api.WaitMessage(ctx, staff, func(m botapi.Message) bool { return m.ID > last }); err != nil {
		h.t.Fatalf("no poster: %v\nchat so far:\n%s\nlog:\n%s", err, h.dump(staff), h.logs.String())
	}
	if done := h.expect(staff, "staff.poster.done"); !strings.Contains(done.Text, nagari) {
		h.t.Errorf("poster message %q does not name %s", done.Text, nagari)
	}
	doc := h.expectFile(staff, "staff.poster.file")
	if doc.Document == nil || !strings.HasSuffix(doc.Document.FileName, ".pdf") || !strings.Contains(doc.Document.FileName, "alahan-panjang") {
		h.t.Fatalf("first file %+v, want the PDF as a document", doc.Document)
	}
	if pdf := h.download(doc.Document.FileID); !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.Contains(pdf, []byte("/MediaBox [0 0 595.28 841.89]")) {
		h.t.Errorf("the document is not an A4 PDF: %.40q", pdf)
	}
	photo := h.expectFile(staff, "staff.poster.file")
	if len(photo.Photo) == 0 {
		h.t.Fatalf("second file is not a photo: %+v", photo.Document)
	}
	// The largest size, the original, as a phone opens it.
	return h.download(photo.Photo[len(photo.Photo)-1].FileID)
}

// qrOf reads the QR code on a poster's picture with ZXing's reader.
func qrOf(t *testing.T, picture []byte) string {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(picture))
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("the poster's qr code does not decode: %v", err)
	}
	return res.GetText()
}

// Not parallel: it runs before the package's parallel tests (the chaos
// test's 200 workers among them), because drawing a poster is the most
// CPU one update asks for, and under the race detector on a busy machine
// it could otherwise outlast the bot's update timeout.
func TestPosterThroughTelegram(t *testing.T) {
	h := newHarness(t)

	// A petugas nagari gets their own nagari's poster at once.
	staff := officer(h, 9101, domain.RoleNagari, nagariA)
	h.say(staff, "/poster")
	picture := expectPoster(h, staff, "Alahan Panjang")
	if got := qrOf(t, picture); got != alahanPanjangLink {
		t.Errorf("qr code holds %q, want %q", got, alahanPanjangLink)
	}
	// Another nagari is outside their area.
	h.say(staff, "/poster Paninggahan")
	h.expect(staff, "staff.poster.not_found")

	// A petugas kecamatan picks one of the kecamatan's nagari.
	kec := officer(h, 9102, domain.RoleKecamatan, "13.02.04")
	h.say(kec, "/poster")
	pick := h.expect(kec, "staff.poster.pick_nagari")
	h.press(kec, pick, "Alahan Panjang")
	// The same nagari's poster, whoever asks: the very same picture.
	if !bytes.Equal(expectPoster(h, kec, "Alahan Panjang"), picture) {
		t.Error("the kecamatan officer got another picture of Alahan Panjang")
	}

	// A regency admin picks the kecamatan first, or names the nagari.
	admin := officer(h, 9104, domain.RoleAdmin, "")
	h.say(admin, "/poster")
	if pick := h.expect(admin, "staff.poster.pick_kecamatan"); len(pick.ReplyMarkup.InlineKeyboard) != 7 {
		t.Errorf("admin's kecamatan buttons: %d rows, want 14 kecamatan in 7", len(pick.ReplyMarkup.InlineKeyboard))
	}
	h.say(admin, "/poster Koto Laweh") // two nagari of that name
	if pick := h.expect(admin, "staff.poster.pick_named"); len(pick.ReplyMarkup.InlineKeyboard) != 2 {
		t.Errorf("Koto Laweh: %d choices, want 2", len(pick.ReplyMarkup.InlineKeyboard))
	}
	h.say(admin, "/poster alahan panjng")
	if !bytes.Equal(expectPoster(h, admin, "Alahan Panjang"), picture) {
		t.Error("the admin got another picture of Alahan Panjang")
	}

	// A worker is told the command is for staff.
	worker := h.user(9103)
	h.say(worker, "/poster")
	h.expect(worker, "staff.denied")
}

func TestPosterLinkPreselectsTheNagari(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	user := h.user(9201)
	// What Telegram sends when the poster's link is opened.
	h.say(user, "/start n1302042001")
	h.expect(user, "welcome")
	m := h.expect(user, "reg.consent.ask")
	h.press(user, m, "reg.consent.agree")
	h.expect(user, "reg.nik.ask")
	h.say(user, "1302044505800001")
	m = h.expect(user, "reg.identity.ask")
	h.press(user, m, "reg.identity.yes")
	h.expect(user, "reg.name.ask")
	h.say(user, "Siti Rahmah")
	h.expect(user, "reg.address.ask")
	h.say(user, "Jorong Koto Baru")
	m = h.expect(user, "reg.nagari.confirm_ask")
	if want := "Nagari Anda: Alahan Panjang, Kec. Lembah Gumanti?"; m.Text != want {
		t.Errorf("offer reads %q, want %q", m.Text, want)
	}
	h.press(user, m, "reg.nagari.confirm_yes")
	h.expect(user, "reg.occupation.ask")

	// A link from elsewhere is ignored politely.
	other := h.user(9202)
	h.say(other, "/start promo-2026")
	h.expect(other, "welcome")
	h.expect(other, "start.link_unknown")
	h.expect(other, "menu.ask")
}
