package bot

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
)

// Signer makes button callback data that only this bot, for this chat and
// this filling of a form, accepts back: "step|value|mac". Telegram returns
// callback data untouched, so without a MAC a crafted press could claim any
// step and value; bound to the chat and the form, an old or forwarded
// button is also recognised as stale.
type Signer struct{ key []byte }

// macLen is the MAC's length in bytes: 64 bits, enough against guessing
// within Telegram's 64-byte callback limit.
const macLen = 8

// NewSigner returns a Signer keyed by key.
func NewSigner(key []byte) Signer { return Signer{key: key} }

// signerKey derives the callback key from the bot token: a secret the bot
// already has, so no other needs managing. A new token invalidates old
// buttons, which then say they are no longer valid.
func signerKey(token string) []byte {
	m := hmac.New(sha256.New, []byte(token))
	m.Write([]byte("jaganagari callback data v1"))
	return m.Sum(nil)
}

// Data returns the callback data of a button with step and value, sent to
// chatID within scope (the form's ID; "" for buttons outside a form, such
// as those on staff notices).
func (s Signer) Data(chatID int64, scope, step, value string) string {
	return step + callbackSep + value + callbackSep + s.mac(chatID, scope, step, value)
}

// Open checks data against chatID and scope and returns its step and value.
// ok is false for data this bot did not make for this chat and scope.
func (s Signer) Open(chatID int64, scope, data string) (step, value string, ok bool) {
	i := strings.LastIndex(data, callbackSep)
	if i < 0 {
		return "", "", false
	}
	body, mac := data[:i], data[i+1:]
	step, value, found := strings.Cut(body, callbackSep)
	if !found {
		return "", "", false
	}
	want := s.mac(chatID, scope, step, value)
	return step, value, hmac.Equal([]byte(mac), []byte(want))
}

// Parts splits data without checking it, to learn which step it claims.
func (s Signer) Parts(data string) (step string) {
	step, _, _ = strings.Cut(data, callbackSep)
	return step
}

func (s Signer) mac(chatID int64, scope, step, value string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(strconv.FormatInt(chatID, 10)))
	for _, part := range []string{scope, step, value} {
		m.Write([]byte{0})
		m.Write([]byte(part))
	}
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:macLen])
}
