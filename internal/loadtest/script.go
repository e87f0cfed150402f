package loadtest

import "strings"

// act is what a person does in one update.
type act int

const (
	actCommand act = iota // types a /command
	actText               // types text
	actPress              // presses an inline button
	actContact            // shares their own contact
	actSticker            // sends a sticker where text was asked
)

// turn is one update of a registration and what the bot must answer.
type turn struct {
	act  act
	text string
	// step and value are the button pressed. With pick, the person instead
	// picks one of the buttons of step the bot showed (never "Kembali" or
	// "Lainnya"); value is then only the fallback for a bot that shows
	// none (the bare bot). With typeLabel, they type the picked button's
	// label instead of pressing it.
	step, value string
	pick        bool
	typeLabel   bool
	// replies is how many messages the bot sends back; want is the tag of
	// the last one: the step its inline buttons belong to, tagKeyboard for
	// a reply keyboard, "" for no buttons.
	replies int
	want    string
}

// tagKeyboard tags a message with a reply keyboard (the phone step's
// "share my number").
const tagKeyboard = "keyboard"

// script is the whole registration of p, from /start to "Kirim", with p's
// mistakes on the way. Step IDs and message counts follow
// internal/flows/registration.go; a change there that alters them makes the
// load test fail loudly, not measure something else.
func script(p Person) []turn {
	ts := []turn{
		{act: actCommand, text: "/start", replies: 2, want: "menu"},
		{act: actPress, step: "menu", value: "reg", replies: 1, want: "reg.consent"},
		{act: actPress, step: "reg.consent", value: "agree", replies: 1, want: "reg.nik"},
	}
	if p.BadNIK { // one digit short: error, then asked again
		digits := strings.ReplaceAll(p.NIK, " ", "")
		ts = append(ts, turn{act: actText, text: digits[:15], replies: 2, want: "reg.nik"})
	}
	ts = append(ts,
		turn{act: actText, text: p.NIK, replies: 1, want: "reg.identity"},
		turn{act: actPress, step: "reg.identity", value: "yes", replies: 1, want: "reg.name"},
	)
	if p.Sticker {
		ts = append(ts, turn{act: actSticker, replies: 2, want: "reg.name"})
	}
	if p.BadName {
		ts = append(ts, turn{act: actText, text: p.Name + " 2", replies: 2, want: "reg.name"})
	}
	ts = append(ts,
		turn{act: actText, text: strings.ToUpper(p.Name), replies: 1, want: "reg.address"},
		turn{act: actText, text: p.Address, replies: 1, want: "reg.kecamatan"},
		turn{act: actPress, step: "reg.kecamatan", value: "13.02.04", pick: true, typeLabel: p.TypedKecamatan, replies: 1, want: "reg.nagari"},
		turn{act: actPress, step: "reg.nagari", value: "13.02.04.2001", pick: true, replies: 1, want: "reg.occupation"},
		turn{act: actPress, step: "reg.occupation", value: "petani", pick: true, replies: 1, want: tagKeyboard},
	)
	if p.TypedPhone {
		ts = append(ts, turn{act: actText, text: p.Phone, replies: 2, want: "reg.mother"})
	} else {
		ts = append(ts, turn{act: actContact, text: p.Phone, replies: 2, want: "reg.mother"})
	}
	ts = append(ts,
		turn{act: actText, text: p.MotherName, replies: 1, want: "reg.heir.name"},
		turn{act: actText, text: p.HeirName, replies: 1, want: "reg.heir.relation"},
		turn{act: actPress, step: "reg.heir.relation", value: "pasangan", pick: true, replies: 1, want: "reg.summary"},
		turn{act: actPress, step: "reg.summary", value: "submit", replies: 2, want: "menu"},
	)
	return ts
}
