package engine

// LoadTemplates asks which spreadsheet templates the chat's staff role
// works with, for /templat: BPJS's result file (the staff who import
// BPJS's answer: officers and admins) and the members' import (regency
// admins). It answers a Templates; bot renders the files (internal/export)
// into Result.Files, the same ones `jaganagari bpjs template` and
// `jaganagari import template` write.
type LoadTemplates struct{}

// Templates answers LoadTemplates: the templates the chat may use. A
// chat with neither is not staff (or a kader) and gets no file.
type Templates struct {
	Result, Import bool
}

// EffectName implements Effect.
func (LoadTemplates) EffectName() string { return "load_templates" }

func (LoadTemplates) answers(Templates) {}
