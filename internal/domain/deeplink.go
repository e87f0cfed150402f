package domain

import (
	"net/url"
	"strings"
)

// A poster's QR code opens the bot with a start parameter naming its
// nagari: https://t.me/<bot>?start=n1302042001. Telegram passes the
// parameter on as "/start n1302042001". It allows only A–Z, a–z, 0–9, _
// and - (at most 64), so the code's dots are dropped: "n" and the ten
// digits of the kode_wilayah, which always has the shape 13.02.04.2001.

// nagariCodeDigits is how many digits a nagari's kode_wilayah has, in
// parts of 2, 2, 2 and 4.
const nagariCodeDigits = 10

// StartPayload is the start parameter naming the nagari with code
// ("13.02.04.2001" → "n1302042001"). It is "" for a code of another shape,
// which no nagari has.
func StartPayload(code string) string {
	digits := strings.ReplaceAll(code, ".", "")
	if len(digits) != nagariCodeDigits || !isDigits(digits) || nagariCode(digits) != code {
		return ""
	}
	return "n" + digits
}

// ParseStartPayload reads a start parameter made by StartPayload and
// answers the nagari code it names. ok is false for anything else: another
// letter, a digit too many or too few, spaces, dots, other characters. The
// caller still checks that the code is a nagari's.
func ParseStartPayload(p string) (code string, ok bool) {
	digits, found := strings.CutPrefix(p, "n")
	if !found || len(digits) != nagariCodeDigits || !isDigits(digits) {
		return "", false
	}
	return nagariCode(digits), true
}

// DeepLink is the t.me link that opens the bot called username with the
// start parameter of the nagari with code; "" when either is unusable.
func DeepLink(username, code string) string {
	return StartLink(username, StartPayload(code))
}

// StartLink is the t.me link that opens the bot called username with the
// start parameter payload; "" when either is unusable.
func StartLink(username, payload string) string {
	if payload == "" || !ValidBotUsername(username) {
		return ""
	}
	return "https://t.me/" + username + "?start=" + url.QueryEscape(payload)
}

// A worker registered with help links their own chat in one tap with
// https://t.me/<bot>?start=kKMRTXA: "k" and the six letters of their link
// code (/sambung KMR-TXA), without the dash Telegram would not pass on.
// The letters are upper case, so no nagari's "n…" parameter is one.

// LinkStartPayload is the start parameter that links a chat with the link
// code ("KMR-TXA" → "kKMRTXA"); "" for anything that is not a code.
func LinkStartPayload(code string) string {
	letters, err := ParseLinkCode(code)
	if err != nil {
		return ""
	}
	return "k" + letters
}

// ParseLinkStartPayload reads a start parameter made by LinkStartPayload
// and answers its code as ParseLinkCode does ("KMRTXA"). ok is false for
// anything else: lower-case or too few letters, digits, dashes, spaces.
func ParseLinkStartPayload(p string) (code string, ok bool) {
	letters, found := strings.CutPrefix(p, "k")
	if !found || len(letters) != LinkCodeLen {
		return "", false
	}
	for i := 0; i < len(letters); i++ {
		if letters[i] < 'A' || letters[i] > 'Z' {
			return "", false
		}
	}
	return letters, true
}

// ValidBotUsername reports whether s can be a Telegram bot's username, as
// written without the "@": 5 to 32 letters, digits and underscores, ending
// in "bot" in any case.
func ValidBotUsername(s string) bool {
	if len(s) < 5 || len(s) > 32 || !strings.HasSuffix(strings.ToLower(s), "bot") {
		return false
	}
	for _, r := range s {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

func nagariCode(digits string) string {
	return digits[0:2] + "." + digits[2:4] + "." + digits[4:6] + "." + digits[6:10]
}
