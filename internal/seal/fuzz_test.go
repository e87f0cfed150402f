package seal_test

import (
	"testing"

	"github.com/jaganagari/jaganagari/internal/seal"
)

// FuzzOpen feeds Open whatever a damaged or forged column could hold: it
// must fail cleanly, never panic, and never open something Seal did not
// seal. A value Seal did seal always opens to itself.
func FuzzOpen(f *testing.F) {
	k := seal.Dev()
	f.Add([]byte{}, "registrations.nik", "1302014506800001")
	f.Add([]byte{0, 1, 2}, "reports.injury", "")
	f.Add(k.Seal("registrations.nik", "1302014506800001"), "registrations.nik", "x")
	f.Fuzz(func(t *testing.T, sealed []byte, field, value string) {
		if got, err := k.Open(seal.DevKeyID, field, sealed); err == nil && sealed != nil && len(sealed) < 28 {
			t.Fatalf("%d bytes, shorter than a nonce and tag, opened to %q", len(sealed), got)
		}
		if got, err := k.Open(seal.DevKeyID, field, k.Seal(field, value)); err != nil || got != value {
			t.Fatalf("Seal then Open = %q, %v; want %q", got, err, value)
		}
	})
}

// FuzzParseSecret: a key from the environment is any text; parsing it never
// panics and accepts only KeySize bytes.
func FuzzParseSecret(f *testing.F) {
	f.Add(seal.NewSecret())
	f.Add("AAAA")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		if b, err := seal.ParseSecret(s); err == nil && len(b) != seal.KeySize {
			t.Fatalf("accepted %d bytes", len(b))
		}
	})
}
