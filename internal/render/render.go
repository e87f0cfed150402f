package render

import (
	"fmt"
	"io/fs"
	"maps"
	"strconv"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/jaganagari/jaganagari/internal/engine"
)

// DefaultLanguage is used for chats that never chose one.
const DefaultLanguage = "id"

// Renderer turns message IDs into text in a chat's language.
type Renderer struct {
	localizers map[string]*i18n.Localizer
}

// New loads every <topic>.<lang>.toml message file in fsys (active.id.toml,
// membership.id.toml, ...): one file per topic keeps each feature's texts
// together. Indonesian is the fallback for any message missing in another
// language. A message defined in two files of one language is an error, not a
// silent override.
func New(fsys fs.FS) (*Renderer, error) {
	bundle := i18n.NewBundle(language.Indonesian)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	files, err := fs.Glob(fsys, "*.*.toml")
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("find message files: %v (found %d)", err, len(files))
	}
	seen := map[string]string{} // "lang/id" -> file
	for _, f := range files {
		mf, err := bundle.LoadMessageFileFS(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", f, err)
		}
		for _, m := range mf.Messages {
			key := mf.Tag.String() + "/" + m.ID
			if other, dup := seen[key]; dup {
				return nil, fmt.Errorf("message %s is in both %s and %s", m.ID, other, f)
			}
			seen[key] = f
		}
	}
	r := &Renderer{localizers: map[string]*i18n.Localizer{}}
	for _, tag := range bundle.LanguageTags() {
		lang := tag.String()
		r.localizers[lang] = i18n.NewLocalizer(bundle, lang, DefaultLanguage)
	}
	if r.localizers[DefaultLanguage] == nil {
		return nil, fmt.Errorf("no %s messages", DefaultLanguage)
	}
	return r, nil
}

// Text renders msg with data in lang. engine.Msg and engine.Phrase values
// in data (and lists of phrases) are rendered first, and dates are written
// out with the month's name.
func (r *Renderer) Text(lang, msg string, data map[string]any) (string, error) {
	loc := r.localizers[lang]
	if loc == nil {
		loc = r.localizers[DefaultLanguage]
	}
	if len(data) > 0 {
		data = maps.Clone(data)
		for k, v := range data {
			switch v := v.(type) {
			case engine.Msg:
				s, err := r.Text(lang, string(v), nil)
				if err != nil {
					return "", err
				}
				data[k] = s
			case engine.Phrase:
				s, err := r.Text(lang, v.Msg, v.Data)
				if err != nil {
					return "", err
				}
				data[k] = s
			case []engine.Phrase:
				// A list of lines, each its own message (a month of
				// iuran), for the template to range over.
				lines := make([]string, len(v))
				for i, p := range v {
					s, err := r.Text(lang, p.Msg, p.Data)
					if err != nil {
						return "", err
					}
					lines[i] = s
				}
				data[k] = lines
			case time.Time:
				s, err := r.date(lang, v)
				if err != nil {
					return "", err
				}
				data[k] = s
			}
		}
	}
	text, err := loc.Localize(&i18n.LocalizeConfig{MessageID: msg, TemplateData: data})
	if err != nil {
		return "", fmt.Errorf("render %s in %s: %w", msg, lang, err)
	}
	return text, nil
}

func (r *Renderer) date(lang string, t time.Time) (string, error) {
	if t.IsZero() {
		return "-", nil
	}
	month, err := r.Text(lang, "month."+strconv.Itoa(int(t.Month())), nil)
	if err != nil {
		return "", err
	}
	return r.Text(lang, "date.format", map[string]any{"Day": t.Day(), "Month": month, "Year": t.Year()})
}

// Label renders a button's label.
func (r *Renderer) Label(lang string, b engine.Button) (string, error) {
	if b.Msg == "" {
		return b.Label, nil
	}
	return r.Text(lang, b.Msg, b.Data)
}
