package seal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
)

// KeySize is the length of every key: AES-256 for sealing, and as many
// bytes for the blind index's HMAC-SHA256.
const KeySize = 32

// Key is one sealing key with the ID stored beside the values it sealed.
type Key struct {
	ID     string
	Secret []byte
}

// keyID is what a key's ID may look like: short, because it is stored on
// every row, and plain, because operators type it.
var keyID = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,15}$`)

// ValidID reports whether id may name a key.
func ValidID(id string) bool { return keyID.MatchString(id) }

// Keys seals and opens values and computes blind indexes. It is safe for
// concurrent use. Build it with New (or Dev for local runs).
type Keys struct {
	current string
	aeads   map[string]cipher.AEAD
	index   []byte
	dev     bool
}

// New returns a ring that seals with keys[0] and opens with any of keys,
// and indexes with indexKey. Every secret must be KeySize bytes and every
// ID valid and distinct; the index key must differ from the sealing keys,
// so that knowing one never helps with the other.
func New(keys []Key, indexKey []byte) (*Keys, error) {
	if len(keys) == 0 {
		return nil, errors.New("seal: no keys")
	}
	if len(indexKey) != KeySize {
		return nil, fmt.Errorf("seal: the index key is %d bytes, want %d", len(indexKey), KeySize)
	}
	k := &Keys{current: keys[0].ID, aeads: make(map[string]cipher.AEAD, len(keys)), index: append([]byte(nil), indexKey...)}
	for _, key := range keys {
		switch {
		case !ValidID(key.ID):
			return nil, fmt.Errorf("seal: key ID %q is not 1-16 characters of a-z 0-9 _ -", key.ID)
		case len(key.Secret) != KeySize:
			return nil, fmt.Errorf("seal: key %s is %d bytes, want %d", key.ID, len(key.Secret), KeySize)
		case k.aeads[key.ID] != nil:
			return nil, fmt.Errorf("seal: key ID %s is given twice", key.ID)
		case hmac.Equal(key.Secret, indexKey):
			return nil, fmt.Errorf("seal: key %s is the index key; use two different keys", key.ID)
		}
		block, err := aes.NewCipher(key.Secret)
		if err != nil {
			return nil, fmt.Errorf("seal: key %s: %w", key.ID, err)
		}
		// A random 96-bit nonce per value, prepended to it: safe for far
		// more values than a kabupaten's workers before a key must rotate.
		aead, err := cipher.NewGCMWithRandomNonce(block)
		if err != nil {
			return nil, fmt.Errorf("seal: key %s: %w", key.ID, err)
		}
		k.aeads[key.ID] = aead
	}
	return k, nil
}

// DevKeyID names the key of Dev, so that a database holding values sealed
// for local runs is recognisable.
const DevKeyID = "dev"

// Dev returns a fixed ring for the simulator, the tests and other local
// runs without configured keys. Its keys are public (they are in this
// source), so `run` refuses it: values it sealed are protected from nobody.
func Dev() *Keys {
	secret := sha256.Sum256([]byte("jaganagari local development sealing key: never for real data"))
	index := sha256.Sum256([]byte("jaganagari local development index key: never for real data"))
	k, err := New([]Key{{ID: DevKeyID, Secret: secret[:]}}, index[:])
	if err != nil {
		panic(err) // unreachable: the keys above are well formed
	}
	k.dev = true
	return k
}

// IsDev reports whether k is the public ring of Dev.
func (k *Keys) IsDev() bool { return k.dev }

// Current is the ID of the key new values are sealed with.
func (k *Keys) Current() string { return k.current }

// Has reports whether the ring can open values sealed with the key id.
func (k *Keys) Has(id string) bool { return k.aeads[id] != nil }

// Seal encrypts value with the current key. field names what the value is
// (for example "registrations.nik") and is authenticated with it, so a
// sealed phone number copied into the NIK column does not open as a NIK.
// An empty value seals to nil: an optional field left blank stays NULL.
func (k *Keys) Seal(field, value string) []byte {
	if value == "" {
		return nil
	}
	return k.aeads[k.current].Seal(nil, nil, []byte(value), []byte(field))
}

// ErrUnknownKey is returned by Open for a value sealed with a key that is
// not in the ring (removed too early, or a ring from another deployment).
var ErrUnknownKey = errors.New("sealed with a key that is not in the ring")

// Open decrypts a value that Seal sealed for field with the key id. nil
// opens to "". The error never contains the value.
func (k *Keys) Open(id, field string, sealed []byte) (string, error) {
	if sealed == nil {
		return "", nil
	}
	aead := k.aeads[id]
	if aead == nil {
		return "", fmt.Errorf("open %s: key %q: %w", field, id, ErrUnknownKey)
	}
	plain, err := aead.Open(nil, nil, sealed, []byte(field))
	if err != nil {
		return "", fmt.Errorf("open %s with key %q: the value is damaged or was sealed for another field", field, id)
	}
	return string(plain), nil
}

// Index returns the blind index of value for field: HMAC-SHA256 under the
// index key, so equal values give equal indexes and a unique constraint on
// the index is a unique constraint on the value. The field is part of the
// MAC so that indexes of different fields never coincide.
func (k *Keys) Index(field, value string) []byte {
	m := hmac.New(sha256.New, k.index)
	m.Write([]byte(field))
	m.Write([]byte{0})
	m.Write([]byte(value))
	return m.Sum(nil)
}

// NewSecret returns a fresh random key, base64-encoded as the environment
// takes it.
func NewSecret() string {
	b := make([]byte, KeySize)
	rand.Read(b) // never fails (crypto/rand since Go 1.24)
	return base64.StdEncoding.EncodeToString(b)
}

// ParseSecret reads a key as NewSecret writes it: standard or URL-safe
// base64, padded or not, of exactly KeySize bytes. Its error never repeats
// the secret.
func ParseSecret(s string) ([]byte, error) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			if len(b) != KeySize {
				return nil, fmt.Errorf("the key is %d bytes, want %d", len(b), KeySize)
			}
			return b, nil
		}
	}
	return nil, errors.New("the key is not base64")
}
