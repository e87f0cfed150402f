package engine

import "github.com/jaganagari/jaganagari/internal/domain"

// LoadPoster finds the nagari a staff member wants a poster of: the one
// Nagari names (a code or a name), else the chat's own when its area is
// one nagari. It answers a PosterNagari; bot draws the poster
// (internal/poster) into Result.Files. Like every staff effect it sees
// only the chat's area.
type LoadPoster struct{ Nagari string }

// PosterNagari answers LoadPoster. When no single nagari was found,
// Choices are the area's nagari the staff member may pick from (all of the
// area when Nagari was empty, the area's nagari of that name when the name
// fits several), and none when Nagari named nothing in the area.
type PosterNagari struct {
	Found   bool
	Nagari  domain.Nagari
	Contact string // how workers reach the nagari office, "" if not given
	Choices []domain.Nagari
}

// EffectName implements Effect.
func (LoadPoster) EffectName() string { return "load_poster" }

func (LoadPoster) answers(PosterNagari) {}
