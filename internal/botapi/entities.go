package botapi

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

// Text limits, counted like entity offsets in UTF-16 code units after the
// formatting is parsed: the stricter reading of "4096 characters", so a bot
// that passes here also passes on Telegram.
const (
	maxTextLen    = 4096
	maxCaptionLen = 1024
)

// This file turns formatted text (parse_mode HTML, MarkdownV2 or Markdown)
// into plain text and entities the way Telegram does, following the parsers
// in tdlib (td/telegram/MessageEntity.cpp), including their error messages.
// Offsets and lengths are in UTF-16 code units, as in the Bot API.

// textBuilder accumulates plain text and tracks its UTF-16 length.
type textBuilder struct {
	b   strings.Builder
	u16 int
}

func (t *textBuilder) writeString(s string) {
	t.b.WriteString(s)
	t.u16 += utf16Len(s)
}

func (t *textBuilder) writeRune(r rune) {
	t.b.WriteRune(r)
	if r >= 0x10000 {
		t.u16 += 2
	} else {
		t.u16++
	}
}

// writeRuneAt copies the UTF-8 sequence starting at s[i] and returns its length.
func (t *textBuilder) writeRuneAt(s string, i int) int {
	_, n := utf8.DecodeRuneInString(s[i:])
	t.writeString(s[i : i+n])
	return n
}

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

// parseMode parses text in the given parse mode (case-insensitive, "" for
// plain text) into plain text and entities.
func parseMode(text, mode string) (string, []models.MessageEntity, error) {
	switch strings.ToLower(mode) {
	case "":
		return text, nil, nil
	case "html":
		return parseHTML(text)
	case "markdownv2":
		return parseMarkdownV2(text)
	case "markdown":
		return parseMarkdown(text)
	}
	return "", nil, errUnsupportedParseMode
}

var errUnsupportedParseMode = errors.New("unsupported parse_mode")

// entityError builds a parse error. The wording is tdlib's, capitals
// included, because it ends up verbatim in the API's description.
func entityError(format string, args ...any) error {
	return fmt.Errorf(format, args...)
}

// --- HTML ---

type htmlTag struct {
	name    string
	attrs   map[string]string
	start   int // UTF-16 offset in the result
	byteOff int // in the source, for error messages
	lang    string
}

var htmlTags = map[string]bool{
	"b": true, "strong": true, "i": true, "em": true, "u": true, "ins": true,
	"s": true, "strike": true, "del": true, "span": true, "tg-spoiler": true,
	"a": true, "code": true, "pre": true, "blockquote": true, "tg-emoji": true,
}

func isTagNameChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
}

func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

func parseHTML(s string) (string, []models.MessageEntity, error) {
	var (
		tb    textBuilder
		stack []htmlTag
		ents  []models.MessageEntity
	)
	for i := 0; i < len(s); {
		switch s[i] {
		case '&':
			if r, n := htmlEntity(s[i:]); n > 0 {
				tb.writeRune(r)
				i += n
				continue
			}
			tb.writeString("&")
			i++
		case '<':
			begin := i
			if i+1 < len(s) && s[i+1] == '/' {
				j := i + 2
				for j < len(s) && isTagNameChar(s[j]) {
					j++
				}
				name := strings.ToLower(s[i+2 : j])
				for j < len(s) && isHTMLSpace(s[j]) {
					j++
				}
				if j >= len(s) || s[j] != '>' {
					return "", nil, entityError("Unclosed end tag at byte offset %d", begin)
				}
				i = j + 1
				if len(stack) == 0 {
					return "", nil, entityError("Unexpected end tag at byte offset %d", begin)
				}
				top := stack[len(stack)-1]
				if name != top.name {
					return "", nil, entityError("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", begin, top.name, name)
				}
				stack = stack[:len(stack)-1]
				if e, ok := htmlEntityFor(top, tb.u16-top.start, stack); ok {
					ents = append(ents, e)
				}
				continue
			}
			j := i + 1
			for j < len(s) && isTagNameChar(s[j]) {
				j++
			}
			name := strings.ToLower(s[i+1 : j])
			if !htmlTags[name] {
				return "", nil, entityError("Unsupported start tag \"%s\" at byte offset %d", name, begin)
			}
			attrs, next, err := parseHTMLAttrs(s, j, name, begin)
			if err != nil {
				return "", nil, err
			}
			i = next
			if name == "span" && attrs["class"] != "tg-spoiler" {
				return "", nil, entityError("Tag \"span\" must have class \"tg-spoiler\" at byte offset %d", begin)
			}
			stack = append(stack, htmlTag{name: name, attrs: attrs, start: tb.u16, byteOff: begin})
		default:
			i += tb.writeRuneAt(s, i)
		}
	}
	if len(stack) > 0 {
		return "", nil, entityError("Can't find end tag corresponding to start tag \"%s\"", stack[len(stack)-1].name)
	}
	return tb.b.String(), sortEntities(ents), nil
}

// parseHTMLAttrs reads attributes from s[i:] up to and including '>'.
func parseHTMLAttrs(s string, i int, tag string, begin int) (map[string]string, int, error) {
	attrs := map[string]string{}
	for {
		for i < len(s) && isHTMLSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			return nil, 0, entityError("Unclosed start tag at byte offset %d", begin)
		}
		if s[i] == '>' {
			return attrs, i + 1, nil
		}
		j := i
		for j < len(s) && (isTagNameChar(s[j]) || s[j] == '_' || s[j] == ':') {
			j++
		}
		if j == i {
			return nil, 0, entityError("Empty attribute name in the tag \"%s\" at byte offset %d", tag, begin)
		}
		key := strings.ToLower(s[i:j])
		i = j
		for i < len(s) && isHTMLSpace(s[i]) {
			i++
		}
		if i >= len(s) || s[i] != '=' {
			attrs[key] = ""
			continue
		}
		i++
		for i < len(s) && isHTMLSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			return nil, 0, entityError("Unclosed start tag at byte offset %d", begin)
		}
		var raw string
		if q := s[i]; q == '"' || q == '\'' {
			end := strings.IndexByte(s[i+1:], q)
			if end < 0 {
				return nil, 0, entityError("Unclosed start tag at byte offset %d", begin)
			}
			raw = s[i+1 : i+1+end]
			i += end + 2
		} else {
			j := i
			for j < len(s) && !isHTMLSpace(s[j]) && s[j] != '>' {
				j++
			}
			raw = s[i:j]
			i = j
		}
		attrs[key] = decodeHTMLEntities(raw)
	}
}

// htmlEntityFor makes the entity a closed tag stands for. A <code> directly
// inside <pre> gives the <pre> its language instead, as Telegram does.
func htmlEntityFor(t htmlTag, length int, stack []htmlTag) (models.MessageEntity, bool) {
	e := models.MessageEntity{Offset: t.start, Length: length}
	switch t.name {
	case "b", "strong":
		e.Type = models.MessageEntityTypeBold
	case "i", "em":
		e.Type = models.MessageEntityTypeItalic
	case "u", "ins":
		e.Type = models.MessageEntityTypeUnderline
	case "s", "strike", "del":
		e.Type = models.MessageEntityTypeStrikethrough
	case "span", "tg-spoiler":
		e.Type = models.MessageEntityTypeSpoiler
	case "a":
		href, ok := checkedURL(t.attrs["href"])
		if !ok {
			return e, false
		}
		e.Type, e.URL = models.MessageEntityTypeTextLink, href
	case "code":
		if n := len(stack); n > 0 && stack[n-1].name == "pre" && stack[n-1].start == t.start {
			if lang, ok := strings.CutPrefix(t.attrs["class"], "language-"); ok {
				stack[n-1].lang = lang
			}
			return e, false
		}
		e.Type = models.MessageEntityTypeCode
	case "pre":
		e.Type, e.Language = models.MessageEntityTypePre, t.lang
	case "blockquote":
		e.Type = models.MessageEntityTypeBlockquote
		if _, ok := t.attrs["expandable"]; ok {
			e.Type = models.MessageEntityTypeExpandableBlockquote
		}
	case "tg-emoji":
		id := t.attrs["emoji-id"]
		if id == "" {
			return e, false
		}
		e.Type, e.CustomEmojiID = models.MessageEntityTypeCustomEmoji, id
	}
	return e, length > 0
}

// htmlEntity decodes a character reference at the start of s: the four named
// ones Telegram supports, and all numeric ones. n is 0 if there is none, and
// the '&' is then literal.
func htmlEntity(s string) (r rune, n int) {
	// The longest reference is "&#x10FFFF;": look no further, so text full
	// of '&' stays linear.
	end := strings.IndexByte(s[:min(len(s), 12)], ';')
	if end < 2 || end > 10 {
		return 0, 0
	}
	name := s[1:end]
	switch name {
	case "lt":
		return '<', end + 1
	case "gt":
		return '>', end + 1
	case "amp":
		return '&', end + 1
	case "quot":
		return '"', end + 1
	}
	if num, ok := strings.CutPrefix(name, "#"); ok {
		base := 10
		if h, ok := strings.CutPrefix(strings.ToLower(num), "x"); ok {
			num, base = h, 16
		}
		v, err := strconv.ParseUint(num, base, 32)
		if err != nil || v == 0 || v > unicode.MaxRune || (v >= 0xD800 && v <= 0xDFFF) {
			return 0, 0
		}
		return rune(v), end + 1
	}
	return 0, 0
}

func decodeHTMLEntities(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] == '&' {
			if r, n := htmlEntity(s[i:]); n > 0 {
				b.WriteRune(r)
				i += n
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// --- MarkdownV2 ---

type mdEntity struct {
	typ        models.MessageEntityType
	start      int // UTF-16 offset in the result
	byteOff    int // in the source
	resultByte int // byte offset in the result, for [text] used as its own URL
	lang       string
}

// mdTypeNames are tdlib's names for entity types, used in its error messages.
var mdTypeNames = map[models.MessageEntityType]string{
	models.MessageEntityTypeBold:          "Bold",
	models.MessageEntityTypeItalic:        "Italic",
	models.MessageEntityTypeUnderline:     "Underline",
	models.MessageEntityTypeStrikethrough: "Strikethrough",
	models.MessageEntityTypeSpoiler:       "Spoiler",
	models.MessageEntityTypeCode:          "Code",
	models.MessageEntityTypePre:           "Pre",
	models.MessageEntityTypeTextLink:      "TextUrl",
	models.MessageEntityTypeCustomEmoji:   "CustomEmoji",
}

const mdV2Reserved = "_*[]()~`>#+-=|{}.!"

func isMDSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0 || c == '\v'
}

func parseMarkdownV2(s string) (string, []models.MessageEntity, error) {
	var (
		tb         textBuilder
		stack      []mdEntity
		ents       []models.MessageEntity
		quoteStart = -1
	)
	at := func(k int) byte {
		if k < len(s) {
			return s[k]
		}
		return 0
	}
	inCode := func() bool {
		if len(stack) == 0 {
			return false
		}
		t := stack[len(stack)-1].typ
		return t == models.MessageEntityTypeCode || t == models.MessageEntityTypePre
	}
	for i := 0; i < len(s); i++ {
		if !inCode() && (i == 0 || s[i-1] == '\n') {
			if s[i] == '>' {
				if quoteStart < 0 {
					quoteStart = tb.u16
				}
				continue
			}
			if quoteStart >= 0 {
				// The quote ended with the previous line; its newline is not part of it.
				if l := tb.u16 - 1 - quoteStart; l > 0 {
					ents = append(ents, models.MessageEntity{Type: models.MessageEntityTypeBlockquote, Offset: quoteStart, Length: l})
				}
				quoteStart = -1
			}
		}
		c := s[i]
		if c == '\\' && at(i+1) > 0 && at(i+1) <= 126 {
			i++
			tb.writeString(s[i : i+1])
			continue
		}
		reserved := mdV2Reserved
		if inCode() {
			reserved = "`"
		}
		if strings.IndexByte(reserved, c) < 0 {
			i += tb.writeRuneAt(s, i) - 1
			continue
		}

		isEnd := false
		if n := len(stack); n > 0 {
			switch stack[n-1].typ {
			case models.MessageEntityTypeBold:
				isEnd = c == '*'
			case models.MessageEntityTypeItalic:
				isEnd = c == '_' && at(i+1) != '_'
			case models.MessageEntityTypeCode:
				isEnd = c == '`'
			case models.MessageEntityTypePre:
				isEnd = c == '`' && at(i+1) == '`' && at(i+2) == '`'
			case models.MessageEntityTypeTextLink, models.MessageEntityTypeCustomEmoji:
				isEnd = c == ']'
			case models.MessageEntityTypeUnderline:
				isEnd = c == '_' && at(i+1) == '_'
			case models.MessageEntityTypeStrikethrough:
				isEnd = c == '~'
			case models.MessageEntityTypeSpoiler:
				isEnd = c == '|' && at(i+1) == '|'
			}
		}

		if !isEnd {
			begin := i
			var typ models.MessageEntityType
			lang := ""
			switch c {
			case '_':
				typ = models.MessageEntityTypeItalic
				if at(i+1) == '_' {
					typ = models.MessageEntityTypeUnderline
					i++
				}
			case '*':
				typ = models.MessageEntityTypeBold
			case '~':
				typ = models.MessageEntityTypeStrikethrough
			case '|':
				if at(i+1) != '|' {
					return "", nil, reservedError(c)
				}
				i++
				typ = models.MessageEntityTypeSpoiler
			case '[':
				typ = models.MessageEntityTypeTextLink
			case '`':
				if at(i+1) == '`' && at(i+2) == '`' {
					i += 3
					typ = models.MessageEntityTypePre
					end := i
					for end < len(s) && !isMDSpace(s[end]) && s[end] != '`' {
						end++
					}
					if i != end && end < len(s) && s[end] != '`' {
						lang = s[i:end]
						i = end
					}
					i = skipOneNewline(s, i)
					i--
				} else {
					typ = models.MessageEntityTypeCode
				}
			case '!':
				if at(i+1) != '[' {
					return "", nil, reservedError(c)
				}
				i++
				typ = models.MessageEntityTypeCustomEmoji
			default:
				return "", nil, reservedError(c)
			}
			stack = append(stack, mdEntity{typ: typ, start: tb.u16, byteOff: begin, resultByte: tb.b.Len(), lang: lang})
			continue
		}

		top := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		link := ""
		switch top.typ {
		case models.MessageEntityTypePre:
			i += 2
		case models.MessageEntityTypeUnderline, models.MessageEntityTypeSpoiler:
			i++
		case models.MessageEntityTypeTextLink, models.MessageEntityTypeCustomEmoji:
			if at(i+1) != '(' {
				link = tb.b.String()[top.resultByte:]
				break
			}
			i += 2
			urlBegin := i
			var ub strings.Builder
			for i < len(s) && s[i] != ')' {
				if s[i] == '\\' && at(i+1) > 0 && at(i+1) <= 126 {
					ub.WriteByte(s[i+1])
					i += 2
					continue
				}
				ub.WriteByte(s[i])
				i++
			}
			if i >= len(s) {
				return "", nil, entityError("Can't find end of a URL at byte offset %d", urlBegin)
			}
			link = ub.String()
		}
		length := tb.u16 - top.start
		if length == 0 {
			continue
		}
		e := models.MessageEntity{Type: top.typ, Offset: top.start, Length: length, Language: top.lang}
		switch top.typ {
		case models.MessageEntityTypeTextLink:
			u, ok := checkedURL(link)
			if !ok {
				continue
			}
			e.URL = u
		case models.MessageEntityTypeCustomEmoji:
			id, ok := strings.CutPrefix(link, "tg://emoji?id=")
			if !ok || id == "" {
				return "", nil, entityError("Custom emoji URL must have an emoji identifier")
			}
			e.CustomEmojiID = id
		}
		ents = append(ents, e)
	}
	if quoteStart >= 0 {
		if l := tb.u16 - quoteStart; l > 0 {
			ents = append(ents, models.MessageEntity{Type: models.MessageEntityTypeBlockquote, Offset: quoteStart, Length: l})
		}
	}
	if n := len(stack); n > 0 {
		return "", nil, entityError("Can't find end of %s entity at byte offset %d", mdTypeNames[stack[n-1].typ], stack[n-1].byteOff)
	}
	return tb.b.String(), sortEntities(ents), nil
}

func reservedError(c byte) error {
	return entityError("Character '%c' is reserved and must be escaped with the preceding '\\'", c)
}

// skipOneNewline skips a single line break ("\n", "\r", "\r\n" or "\n\r") at
// s[i], which Telegram drops after an opening ``` and its language.
func skipOneNewline(s string, i int) int {
	if i < len(s) && (s[i] == '\n' || s[i] == '\r') {
		if i+1 < len(s) && (s[i+1] == '\n' || s[i+1] == '\r') && s[i] != s[i+1] {
			return i + 2
		}
		return i + 1
	}
	return i
}

// --- Markdown (legacy) ---

func parseMarkdown(s string) (string, []models.MessageEntity, error) {
	var (
		tb   textBuilder
		ents []models.MessageEntity
	)
	at := func(k int) byte {
		if k < len(s) {
			return s[k]
		}
		return 0
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && (at(i+1) == '_' || at(i+1) == '*' || at(i+1) == '`' || at(i+1) == '[') {
			i++
			tb.writeString(s[i : i+1])
			continue
		}
		if c != '_' && c != '*' && c != '`' && c != '[' {
			i += tb.writeRuneAt(s, i) - 1
			continue
		}
		begin := i
		endChar := c
		if c == '[' {
			endChar = ']'
		}
		i++
		isPre := false
		lang := ""
		if c == '`' && at(i) == '`' && at(i+1) == '`' {
			i += 2
			isPre = true
			end := i
			for end < len(s) && !isMDSpace(s[end]) && s[end] != '`' {
				end++
			}
			if i != end && end < len(s) && s[end] != '`' {
				lang = s[i:end]
				i = end
			}
			i = skipOneNewline(s, i)
		}
		start := tb.u16
		startByte := tb.b.Len()
		for i < len(s) && (s[i] != endChar || (isPre && !(at(i+1) == '`' && at(i+2) == '`'))) {
			i += tb.writeRuneAt(s, i)
		}
		if i >= len(s) {
			return "", nil, entityError("Can't find end of the entity starting at byte offset %d", begin)
		}
		if length := tb.u16 - start; length > 0 {
			e := models.MessageEntity{Offset: start, Length: length}
			ok := true
			switch c {
			case '_':
				e.Type = models.MessageEntityTypeItalic
			case '*':
				e.Type = models.MessageEntityTypeBold
			case '[':
				link := tb.b.String()[startByte:]
				if at(i+1) == '(' {
					i += 2
					var ub strings.Builder
					for i < len(s) && s[i] != ')' {
						ub.WriteByte(s[i])
						i++
					}
					link = ub.String()
				}
				e.Type = models.MessageEntityTypeTextLink
				e.URL, ok = checkedURL(link)
			case '`':
				e.Type = models.MessageEntityTypeCode
				if isPre {
					e.Type, e.Language = models.MessageEntityTypePre, lang
				}
			}
			if ok {
				ents = append(ents, e)
			}
		}
		if isPre {
			i += 2
		}
	}
	return tb.b.String(), sortEntities(ents), nil
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

// --- trimming and entity detection ---

// trimText strips leading and trailing white space, as Telegram does with
// every message, and moves the entities along.
func trimText(text string, ents []models.MessageEntity) (string, []models.MessageEntity) {
	trimmed := strings.TrimLeftFunc(text, unicode.IsSpace)
	lead := utf16Len(text[:len(text)-len(trimmed)])
	trimmed = strings.TrimRightFunc(trimmed, unicode.IsSpace)
	size := utf16Len(trimmed)
	var out []models.MessageEntity
	for _, e := range ents {
		start, end := e.Offset-lead, e.Offset+e.Length-lead
		start, end = max(start, 0), min(end, size)
		if end <= start {
			continue
		}
		e.Offset, e.Length = start, end-start
		out = append(out, e)
	}
	return trimmed, out
}

var (
	reURL     = regexp.MustCompile(`(?i)\bhttps?://[^\s<>"]+`)
	reEmail   = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`)
	reCommand = regexp.MustCompile(`/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?`)
	reMention = regexp.MustCompile(`@[A-Za-z0-9_]{3,32}`)
	reHashtag = regexp.MustCompile(`#[\p{L}\p{N}_]+`)
)

// detectEntities finds what Telegram marks by itself in any message: links,
// e-mail addresses, bot commands, mentions and hashtags. It skips what
// overlaps the given entities, and returns them merged and sorted.
func detectEntities(text string, given []models.MessageEntity) []models.MessageEntity {
	type span struct{ start, end int } // bytes
	var taken []span
	// byteAt maps UTF-16 offsets to byte offsets, to place the given entities.
	byteAt := make([]int, 0, len(text)+1)
	for i, r := range text {
		byteAt = append(byteAt, i)
		if r >= 0x10000 {
			byteAt = append(byteAt, i)
		}
	}
	byteAt = append(byteAt, len(text))
	u16ToByte := func(off int) int { return byteAt[min(max(off, 0), len(byteAt)-1)] }
	for _, e := range given {
		taken = append(taken, span{u16ToByte(e.Offset), u16ToByte(e.Offset + e.Length)})
	}
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
	out := append([]models.MessageEntity(nil), given...)
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

// formatText turns a text or caption field into what Telegram stores: the
// formatting parsed (explicit entities win over parse_mode), white space
// trimmed, links and commands detected, and the length checked. what is
// "text" or "caption" and picks the error messages.
func formatText(raw, mode, entitiesJSON, what string) (string, []models.MessageEntity, *apiError) {
	if !utf8.ValidString(raw) {
		return "", nil, badRequest("%s must be encoded in UTF-8", what)
	}
	text, ents := raw, []models.MessageEntity(nil)
	if entitiesJSON != "" {
		if err := jsonUnmarshalString(entitiesJSON, &ents); err != nil {
			return "", nil, badRequest("can't parse entities JSON object")
		}
		ents = clipEntities(text, ents)
	} else {
		var err error
		text, ents, err = parseMode(raw, mode)
		if errors.Is(err, errUnsupportedParseMode) {
			return "", nil, badRequest("unsupported parse_mode")
		}
		if err != nil {
			return "", nil, badRequest("can't parse entities: %v", err)
		}
	}
	text, ents = trimText(text, ents)
	size := utf16Len(text)
	switch {
	case what == "text" && size == 0:
		return "", nil, badRequest("message text is empty")
	case what == "text" && size > maxTextLen:
		return "", nil, badRequest("message is too long")
	case what == "caption" && size > maxCaptionLen:
		return "", nil, badRequest("message caption is too long")
	}
	return text, detectEntities(text, ents), nil
}

// maxEntities bounds explicit entities, so a hostile request cannot make
// entity detection quadratic in a huge list.
const maxEntities = 1000

// clipEntities drops explicit entities that fall outside the text, and
// those beyond maxEntities.
func clipEntities(text string, ents []models.MessageEntity) []models.MessageEntity {
	size := utf16Len(text)
	var out []models.MessageEntity
	for _, e := range ents[:min(len(ents), maxEntities)] {
		if e.Offset < 0 || e.Length <= 0 || e.Offset+e.Length > size {
			continue
		}
		out = append(out, e)
	}
	return out
}
