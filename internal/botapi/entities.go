package botapi

import (
	"net/url"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

// Text limits, counted like entity offsets in UTF-16 code units: the
// stricter reading of "4096 characters", so a bot that passes here also
// passes on Telegram.
const (
	maxTextLen    = 4096
	maxCaptionLen = 1024
)

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// checkedURL normalises a link the way Telegram does for text links: a
// missing scheme becomes http://, and only web and tg: links are kept.
func checkedURL(raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https", "tg", "ton":
		if u.Scheme != "tg" && u.Host == "" && u.Opaque == "" {
			return "", false
		}
		return raw, true
	case "":
		if !strings.Contains(raw, ".") {
			return "", false
		}
		u, err = url.Parse("http://" + raw)
		if err != nil || u.Host == "" {
			return "", false
		}
		if u.Path == "" {
			u.Path = "/"
		}
		return u.String(), true
	}
	return "", false
}

// trimText strips leading and trailing white space, as Telegram does with
// every message.
func trimText(text string) string { return strings.TrimSpace(text) }

var (
	reURL     = regexp.MustCompile(`(?i)\bhttps?://[^\s<>"]+`)
	reEmail   = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`)
	reCommand = regexp.MustCompile(`/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?`)
	reMention = regexp.MustCompile(`@[A-Za-z0-9_]{3,32}`)
	reHashtag = regexp.MustCompile(`#[\p{L}\p{N}_]+`)
)

// detectEntities finds what Telegram marks by itself in any message: links,
// e-mail addresses, bot commands, mentions and hashtags, sorted; where two
// overlap, the one found first (in that order) wins.
func detectEntities(text string) []models.MessageEntity {
	type span struct{ start, end int } // bytes
	var taken []span
	overlaps := func(a, b int) bool {
		for _, t := range taken {
			if a < t.end && t.start < b {
				return true
			}
		}
		return false
	}
	wordBefore := func(i int) bool {
		if i == 0 {
			return false
		}
		r, _ := utf8.DecodeLastRuneInString(text[:i])
		return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '/' || r == '@' || r == '#'
	}
	var out []models.MessageEntity
	add := func(typ models.MessageEntityType, a, b int) {
		if a >= b || overlaps(a, b) {
			return
		}
		taken = append(taken, span{a, b})
		out = append(out, models.MessageEntity{Type: typ, Offset: utf16Len(text[:a]), Length: utf16Len(text[a:b])})
	}
	for _, m := range reURL.FindAllStringIndex(text, -1) {
		a, b := m[0], m[1]
		for b > a && strings.ContainsRune(".,;:!?'\")]", rune(text[b-1])) {
			b--
		}
		add(models.MessageEntityTypeURL, a, b)
	}
	for _, m := range reEmail.FindAllStringIndex(text, -1) {
		if !wordBefore(m[0]) {
			add(models.MessageEntityTypeEmail, m[0], m[1])
		}
	}
	for _, m := range reCommand.FindAllStringIndex(text, -1) {
		if wordBefore(m[0]) {
			continue
		}
		if m[1] < len(text) {
			if r, _ := utf8.DecodeRuneInString(text[m[1]:]); r == '/' || r == '@' || unicode.IsLetter(r) || unicode.IsDigit(r) {
				continue
			}
		}
		add(models.MessageEntityTypeBotCommand, m[0], m[1])
	}
	for _, m := range reMention.FindAllStringIndex(text, -1) {
		if !wordBefore(m[0]) {
			add(models.MessageEntityTypeMention, m[0], m[1])
		}
	}
	for _, m := range reHashtag.FindAllStringIndex(text, -1) {
		tag := text[m[0]+1 : m[1]]
		if wordBefore(m[0]) || strings.TrimFunc(tag, unicode.IsDigit) == "" {
			continue
		}
		add(models.MessageEntityTypeHashtag, m[0], m[1])
	}
	return sortEntities(out)
}

// sortEntities orders entities by offset, the enclosing one first.
func sortEntities(ents []models.MessageEntity) []models.MessageEntity {
	sort.SliceStable(ents, func(i, j int) bool {
		if ents[i].Offset != ents[j].Offset {
			return ents[i].Offset < ents[j].Offset
		}
		return ents[i].Length > ents[j].Length
	})
	if len(ents) == 0 {
		return nil
	}
	return ents
}

// formatText turns a text or caption field into what Telegram stores: white
// space trimmed, links and commands detected, and the length checked. what
// is "text" or "caption" and picks the error messages.
//
// Formatting is refused: the bot sends plain text, and the simulator shows
// only the entities Telegram detects by itself. A parse_mode or explicit
// entities would be rendered by Telegram and not here, so a bot that starts
// sending them is told at once rather than tested against the wrong text.
func formatText(raw, mode, entitiesJSON, what string) (string, []models.MessageEntity, *apiError) {
	if !utf8.ValidString(raw) {
		return "", nil, badRequest("%s must be encoded in UTF-8", what)
	}
	if mode != "" || entitiesJSON != "" {
		return "", nil, badRequest("formatted text (parse_mode, entities) is not served by this stand-in: send plain text")
	}
	text := trimText(raw)
	size := utf16Len(text)
	switch {
	case what == "text" && size == 0:
		return "", nil, badRequest("message text is empty")
	case what == "text" && size > maxTextLen:
		return "", nil, badRequest("message is too long")
	case what == "caption" && size > maxCaptionLen:
		return "", nil, badRequest("message caption is too long")
	}
	return text, detectEntities(text), nil
}
