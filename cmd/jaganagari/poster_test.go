package main

import (
	"bytes"
	"context"
	"image/png"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/jaganagari/jaganagari/internal/botapi"
	"github.com/jaganagari/jaganagari/internal/postgres/pgtest"
)

func TestPosterCommandLine(t *testing.T) {
	t.Parallel()
	const token = "123456:TEST-token-for-the-fake-bot-api-xxxx"
	api := httptest.NewServer(botapi.New(token))
	t.Cleanup(api.Close)
	env := map[string]string{"DATABASE_URL": schemaURL(t, pgtest.New(t))}
	run := func(args ...string) (string, int) {
		var out bytes.Buffer
		code := realMain(context.Background(), args, func(k string) string { return env[k] }, &out, &out)
		return out.String(), code
	}

	dir := filepath.Join(t.TempDir(), "posters")
	if out, code := run("poster", "--out", dir, "--nagari", "13.02.04.2001"); code != 1 || !strings.Contains(out, "TELEGRAM_BOT_USERNAME") {
		t.Errorf("without a username: %d %s", code, out)
	}
	if _, code := run("poster", "--nagari", "13.02.04.2001"); code != 2 {
		t.Errorf("without --out: exit %d, want 2", code)
	}
	if out, code := run("nagari", "set", "13.02.04.2001", "--contact", "Jl. Raya Alahan Panjang No. 1, 0755 123456"); code != 0 {
		t.Fatalf("nagari set: %d %s", code, out)
	}

	// The username asked from Telegram with the token (the fake answers
	// JagaNagariBot), the nagari by name.
	env["TELEGRAM_BOT_TOKEN"], env["TELEGRAM_API_URL"] = token, api.URL
	out, code := run("poster", "--out", dir, "--nagari", "Alahan Panjang")
	if code != 0 || !strings.Contains(out, "1 posters written") {
		t.Fatalf("poster: %d %s", code, out)
	}
	files, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Name())
	}
	if strings.Join(names, " ") != "poster-13.02.04.2001-alahan-panjang.pdf poster-13.02.04.2001-alahan-panjang.png" {
		t.Fatalf("files written: %v", names)
	}
	pdf, err := os.ReadFile(filepath.Join(dir, names[0]))
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Errorf("pdf: %.20q %v", pdf, err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, names[1]))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil || res.GetText() != "https://t.me/JagaNagariBot?start=n1302042001" {
		t.Errorf("qr code: %v %v", res, err)
	}

	// TELEGRAM_BOT_USERNAME wins over asking; a name two nagari share is
	// refused, naming both codes.
	env["TELEGRAM_BOT_USERNAME"] = "@SolokNagariBot"
	if out, code := run("poster", "--out", dir, "--nagari", "Koto Laweh"); code != 1 || !strings.Contains(out, "13.02.06.2003") || !strings.Contains(out, "13.02.09.2008") {
		t.Errorf("ambiguous nagari: %d %s", code, out)
	}
	out, code = run("poster", "--out", dir, "--nagari", "13.02.03.2001")
	if code != 0 || !strings.Contains(out, "13.02.03.2001 Lolo: poster-13.02.03.2001-lolo.pdf, poster-13.02.03.2001-lolo.png") || !strings.Contains(out, "t.me/SolokNagariBot") {
		t.Errorf("poster with TELEGRAM_BOT_USERNAME: %d %s", code, out)
	}
}
