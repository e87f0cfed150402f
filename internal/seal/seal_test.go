package seal_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/jaganagari/jaganagari/internal/seal"
)

func secret(b byte) []byte { return bytes.Repeat([]byte{b}, seal.KeySize) }

func ring(t *testing.T, keys ...seal.Key) *seal.Keys {
	t.Helper()
	k, err := seal.New(keys, secret(0xee))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSeal(t *testing.T) {
	t.Parallel()
	const nik = "1302014506800001"

	t.Run("a_sealed_value_opens_and_does_not_show_the_value", func(t *testing.T) {
		t.Parallel()
		k := ring(t, seal.Key{ID: "k1", Secret: secret(1)})
		sealed := k.Seal("registrations.nik", nik)
		if bytes.Contains(sealed, []byte(nik)) || bytes.Contains(sealed, []byte("0001")) {
			t.Fatalf("sealed value contains the digits: %x", sealed)
		}
		got, err := k.Open("k1", "registrations.nik", sealed)
		if err != nil || got != nik {
			t.Fatalf("Open = %q, %v; want %q", got, err, nik)
		}
	})

	t.Run("the_same_value_seals_differently_each_time", func(t *testing.T) {
		t.Parallel()
		k := ring(t, seal.Key{ID: "k1", Secret: secret(1)})
		if bytes.Equal(k.Seal("f", nik), k.Seal("f", nik)) {
			t.Error("two seals of one value are equal: the nonce is not random")
		}
	})

	t.Run("a_value_sealed_for_another_field_does_not_open", func(t *testing.T) {
		t.Parallel()
		k := ring(t, seal.Key{ID: "k1", Secret: secret(1)})
		sealed := k.Seal("registrations.phone", "+6281234567890")
		_, err := k.Open("k1", "registrations.nik", sealed)
		if err == nil {
			t.Fatal("a phone opened as a NIK")
		}
		if strings.Contains(err.Error(), "6281234567890") {
			t.Errorf("error repeats the value: %v", err)
		}
	})

	t.Run("a_damaged_value_does_not_open", func(t *testing.T) {
		t.Parallel()
		k := ring(t, seal.Key{ID: "k1", Secret: secret(1)})
		sealed := k.Seal("f", nik)
		sealed[len(sealed)-1] ^= 1
		if _, err := k.Open("k1", "f", sealed); err == nil {
			t.Fatal("a damaged value opened")
		}
		if _, err := k.Open("k1", "f", []byte{1, 2, 3}); err == nil {
			t.Fatal("a value shorter than a nonce opened")
		}
	})

	t.Run("an_old_key_still_opens_after_a_new_one_is_added", func(t *testing.T) {
		t.Parallel()
		old := ring(t, seal.Key{ID: "k1", Secret: secret(1)})
		sealed := old.Seal("f", nik)
		rotated := ring(t, seal.Key{ID: "k2", Secret: secret(2)}, seal.Key{ID: "k1", Secret: secret(1)})
		if rotated.Current() != "k2" {
			t.Fatalf("Current = %s, want k2 (the first key seals)", rotated.Current())
		}
		if got, err := rotated.Open("k1", "f", sealed); err != nil || got != nik {
			t.Fatalf("Open with the old key = %q, %v", got, err)
		}
		if _, err := rotated.Open("k2", "f", sealed); err == nil {
			t.Fatal("a value opened under the wrong key")
		}
	})

	t.Run("a_removed_key_is_named_in_the_error", func(t *testing.T) {
		t.Parallel()
		k := ring(t, seal.Key{ID: "k2", Secret: secret(2)})
		_, err := k.Open("k1", "f", []byte("whatever it was"))
		if !errors.Is(err, seal.ErrUnknownKey) || !strings.Contains(err.Error(), `"k1"`) {
			t.Fatalf("Open with a missing key = %v, want ErrUnknownKey naming k1", err)
		}
	})

	t.Run("empty_seals_to_nil_and_nil_opens_to_empty", func(t *testing.T) {
		t.Parallel()
		k := ring(t, seal.Key{ID: "k1", Secret: secret(1)})
		if s := k.Seal("f", ""); s != nil {
			t.Errorf("Seal of empty = %x, want nil", s)
		}
		if got, err := k.Open("gone", "f", nil); got != "" || err != nil {
			t.Errorf("Open of nil = %q, %v", got, err)
		}
	})

	t.Run("the_index_is_stable_per_value_and_field_and_needs_the_index_key", func(t *testing.T) {
		t.Parallel()
		a := ring(t, seal.Key{ID: "k1", Secret: secret(1)})
		b := ring(t, seal.Key{ID: "k9", Secret: secret(9)}) // same index key, other sealing key
		if !bytes.Equal(a.Index("nik", nik), b.Index("nik", nik)) {
			t.Error("the index changed with the sealing key: rotation would break the duplicate check")
		}
		if bytes.Equal(a.Index("nik", nik), a.Index("nik", "1302014506800002")) {
			t.Error("two NIKs share an index")
		}
		if bytes.Equal(a.Index("nik", nik), a.Index("phone", nik)) {
			t.Error("two fields share an index")
		}
		other, err := seal.New([]seal.Key{{ID: "k1", Secret: secret(1)}}, secret(0xdd))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(a.Index("nik", nik), other.Index("nik", nik)) {
			t.Error("the index does not depend on the index key")
		}
	})
}

func TestNewRefusesBadRings(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		keys  []seal.Key
		index []byte
		want  string
	}{
		"no_keys":          {nil, secret(0xee), "no keys"},
		"short_key":        {[]seal.Key{{ID: "k1", Secret: secret(1)[:16]}}, secret(0xee), "16 bytes"},
		"short_index":      {[]seal.Key{{ID: "k1", Secret: secret(1)}}, secret(0xee)[:31], "index key"},
		"bad_id":           {[]seal.Key{{ID: "K 1", Secret: secret(1)}}, secret(0xee), "key ID"},
		"twice":            {[]seal.Key{{ID: "k1", Secret: secret(1)}, {ID: "k1", Secret: secret(2)}}, secret(0xee), "twice"},
		"index_is_sealing": {[]seal.Key{{ID: "k1", Secret: secret(1)}}, secret(1), "index key"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := seal.New(tc.keys, tc.index)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("New = %v, want an error mentioning %q", err, tc.want)
			}
			if strings.Contains(err.Error(), string(secret(1))) {
				t.Error("error repeats a secret")
			}
		})
	}
}

func TestSecrets(t *testing.T) {
	t.Parallel()
	s := seal.NewSecret()
	b, err := seal.ParseSecret(s)
	if err != nil || len(b) != seal.KeySize {
		t.Fatalf("ParseSecret(NewSecret()) = %d bytes, %v", len(b), err)
	}
	if seal.NewSecret() == s {
		t.Error("two new secrets are equal")
	}
	for _, bad := range []string{"", "not base64 !!", "AAAA"} {
		if _, err := seal.ParseSecret(bad); err == nil {
			t.Errorf("ParseSecret(%q) accepted", bad)
		}
	}
	if !seal.Dev().IsDev() || seal.Dev().Current() != seal.DevKeyID {
		t.Error("Dev is not marked as the development ring")
	}
}

func BenchmarkSealOpen(b *testing.B) {
	k := seal.Dev()
	for b.Loop() {
		s := k.Seal("registrations.nik", "1302014506800001")
		if _, err := k.Open(seal.DevKeyID, "registrations.nik", s); err != nil {
			b.Fatal(err)
		}
	}
}
