package engine

import "github.com/jaganagari/jaganagari/internal/domain"

// LoadAssistance finds the nagari the chat registers workers of with help
// (assisted registration): the one Nagari names (a code or a name, typed
// after /daftarkan), else that of the chat's own binding, a nagari
// officer's before a kader's. It answers an Assistance; Err is
// assisted.denied when the chat is neither a nagari officer nor a kader,
// assisted.outside when none of its bindings is to the named nagari, and
// assisted.unknown when the name fits no single nagari.
type LoadAssistance struct{ Nagari string }

// Assistance answers LoadAssistance.
type Assistance struct {
	Nagari domain.Nagari
	Role   domain.Role // the binding's: petugas_nagari or kader
}

// EffectName implements Effect.
func (LoadAssistance) EffectName() string { return "load_assistance" }

func (LoadAssistance) answers(Assistance) {}
