package card

import (
	"fmt"
	"strings"

	"github.com/jaganagari/jaganagari/internal/domain"
)

// Words renders a message of locales/ with data, in the chat's language
// (render.Renderer.Text with the language bound).
type Words func(msg string, data map[string]any) (string, error)

// Member is whom the card is for: the worker's name and area as
// registered, and their active membership.
type Member struct {
	Name, Nagari, Kecamatan string
	Membership              domain.Membership
}

// Card is what the card shows, every word already in the chat's language.
type Card struct {
	Title, Scheme   string // the band at the top
	Name            string
	Area            string // "Nagari …, Kecamatan …"
	KPJLabel, KPJ   string
	PeriodLabel     string
	Period          string // "1 Agustus 2026 – 31 Desember 2026"
	Programme       string
	AccidentHeading string
	Accident        []string // the steps after an accident, in order
	Note            string   // that this is not BPJS's own card
}

// Draw lays out m's card with words and draws it as PNG.
func Draw(m Member, words Words) ([]byte, error) {
	c, err := Layout(m, words)
	if err != nil {
		return nil, err
	}
	return PNG(c)
}

// Layout is m's card in words. Its messages are card.*.
func Layout(m Member, words Words) (Card, error) {
	var failed error
	text := func(msg string, data map[string]any) string {
		t, err := words(msg, data)
		if err != nil && failed == nil {
			failed = err
		}
		return t
	}
	ms := m.Membership
	period := text("card.period.open", map[string]any{"From": ms.CoverStart})
	if !ms.CoverEnd.IsZero() {
		period = text("card.period.range", map[string]any{"From": ms.CoverStart, "To": ms.CoverEnd})
	}
	c := Card{
		Title:           text("card.title", nil),
		Scheme:          text("card.scheme", nil),
		Name:            m.Name,
		Area:            text("card.area", map[string]any{"Nagari": m.Nagari, "Kecamatan": m.Kecamatan}),
		KPJLabel:        text("card.kpj", nil),
		KPJ:             GroupDigits(string(ms.KPJ)),
		PeriodLabel:     text("card.period", nil),
		Period:          period,
		Programme:       text("card.programme", nil),
		AccidentHeading: text("card.accident", nil),
		Accident:        []string{text("card.accident.report", nil), text("card.accident.treat", nil)},
		Note:            text("card.note", nil),
	}
	if failed != nil {
		return Card{}, fmt.Errorf("lay out member card: %w", failed)
	}
	return c, nil
}

// GroupDigits writes a card number in groups of four from the left, as
// card numbers are read aloud and typed: "1234 5678 901".
func GroupDigits(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}
