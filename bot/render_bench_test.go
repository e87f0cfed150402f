package bot

import (
	"testing"
	"time"

	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/render"
	"github.com/jaganagari/jaganagari/locales"
)

// BenchmarkMessage renders replies into sendMessage parameters, as send
// does for every reply: a short question with its "Kembali" button, and the
// summary, the largest message of a registration.
func BenchmarkMessage(b *testing.B) {
	r, err := render.New(locales.FS)
	if err != nil {
		b.Fatal(err)
	}
	bt := &Bot{opts: Options{Renderer: r}}
	question := engine.Reply{Msg: "reg.name.ask", Buttons: [][]engine.Button{{{Msg: "button.back", Value: "back", Step: "reg.name"}}}}
	edit := func(what string) engine.Button {
		return engine.Button{Msg: "reg.summary.edit_" + what, Value: "edit:" + what, Step: "reg.summary"}
	}
	summary := engine.Reply{
		Msg: "reg.summary.ask",
		Data: map[string]any{
			"NIK": "1302044505800001", "Name": "Siti Rahmah", "BirthDate": time.Date(1980, 5, 5, 0, 0, 0, 0, time.UTC),
			"Gender": engine.Msg("gender.P"), "Address": "Jorong Koto Baru, Jl. Raya Solok No. 12",
			"Nagari": "Alahan Panjang", "Kecamatan": "Lembah Gumanti", "Occupation": engine.Msg("occupation.petani"),
			"Phone": "+6281234567890", "MotherName": "Rosmaniar", "HeirName": "Budi Santoso",
			"HeirRelation": engine.Msg("relation.pasangan"),
		},
		Buttons: [][]engine.Button{
			{{Msg: "reg.summary.submit", Value: "submit", Step: "reg.summary"}},
			{edit("nik"), edit("identity")}, {edit("name"), edit("address")},
			{edit("nagari"), edit("occupation")}, {edit("phone"), edit("mother")}, {edit("heir")},
			{{Msg: "reg.summary.cancel", Value: "cancel", Step: "reg.summary"}},
		},
	}
	for _, c := range []struct {
		name  string
		reply engine.Reply
	}{{"question", question}, {"summary", summary}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				// Signing the buttons is part of rendering a reply.
				signed := bt.sign(42, "reg-20261125T030000.000000000", []engine.Reply{c.reply})
				if _, err := bt.message(42, render.DefaultLanguage, signed[0]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
