package domain

import (
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
)

// MaxWitnesses is how many witnesses an accident report takes: BPJS's JKK
// documents ask for the e-KTP of 2 witnesses with the written kronologi
// (DOMAIN.md §4).
const MaxWitnesses = 2

// Witness is someone who saw an accident: a name as on the KTP and, when
// the reporter knows it, a mobile number.
type Witness struct {
	Name  string `json:"name"`
	Phone Phone  `json:"phone,omitempty"`
}

// LogValue hides the witness: a name is not logged, the phone only masked.
func (w Witness) LogValue() slog.Value {
	return slog.GroupValue(slog.String("name", "***"), slog.Any("phone", w.Phone))
}

// maxWitnessInput bounds the text ParseWitness reads: a name and a phone
// number with room for spaces and a "HP".
const maxWitnessInput = 4*NameMaxLen + 2*maxPhoneInput

// witnessPhoneWords are words typed between a name and a number ("Pak
// Datuak, HP 0812…"), dropped with the number.
var witnessPhoneWords = []string{"hp", "hp.", "no", "no.", "nomor", "nomer", "telp", "telp.", "tel", "tel.", "wa", "wa:", "hp:", "no:"}

// ParseWitness reads a witness typed on one line, forgivingly: a name,
// and optionally a mobile number after it ("Pak Datuak 0812 3456 7890",
// "Siti Aminah, HP 0812-3456-7890") or before it. The name is ParseName's, the number
// ParsePhone's; a number that is not a mobile number is "phone.invalid"
// rather than taken into the name. Phone is "" when none was typed.
func ParseWitness(s string) (Witness, error) {
	if len(s) > maxWitnessInput {
		return Witness{}, &InputError{Msg: "name.too_long", Data: map[string]any{"Max": NameMaxLen}}
	}
	fields := strings.FieldsFunc(s, isSpace)
	// The number is the run of fields at the end made of phone characters,
	// with at least one digit among them.
	cut := len(fields)
	digits := false
	for cut > 0 && phoneField(fields[cut-1]) {
		if strings.ContainsAny(fields[cut-1], "0123456789") {
			digits = true
		}
		cut--
	}
	phoneText, nameFields := strings.Join(fields[cut:], " "), fields[:cut]
	if !digits {
		// Or the number first: "0812 3456 7890 Pak Datuak".
		lead := 0
		for lead < len(fields) && phoneField(fields[lead]) {
			if strings.ContainsAny(fields[lead], "0123456789") {
				digits = true
			}
			lead++
		}
		phoneText, nameFields = "", fields
		if digits && lead < len(fields) {
			phoneText, nameFields = strings.Join(fields[:lead], " "), fields[lead:]
		}
	}
	if phoneText != "" {
		// "Datuak, HP:" before the number: the words and separators go.
		for len(nameFields) > 0 {
			last := strings.TrimRight(nameFields[len(nameFields)-1], ",;:/-")
			switch {
			case last == "":
				nameFields = nameFields[:len(nameFields)-1]
				continue
			case containsFold(witnessPhoneWords, last) || containsFold(witnessPhoneWords, nameFields[len(nameFields)-1]):
				nameFields = nameFields[:len(nameFields)-1]
				continue
			}
			nameFields[len(nameFields)-1] = last
			break
		}
	}
	name, err := ParseName(strings.Join(nameFields, " "))
	if err != nil {
		return Witness{}, err
	}
	w := Witness{Name: name}
	if phoneText != "" {
		if w.Phone, err = ParsePhone(phoneText); err != nil {
			return Witness{}, err
		}
	}
	return w, nil
}

// phoneField reports whether a typed word can be part of a phone number.
func phoneField(f string) bool {
	for _, r := range f {
		switch {
		case r >= '0' && r <= '9', r == '+', r == '-', r == '.', r == '(', r == ')', r == '/', r == '\u2010', r == '\u2011', r == '\u2013':
		default:
			return false
		}
	}
	return f != ""
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// CheckWitnesses re-checks a report's witnesses: at most MaxWitnesses,
// each name canonical, each phone empty or a mobile number. Errors name
// the field, never a value.
func CheckWitnesses(ws []Witness) error {
	if len(ws) > MaxWitnesses {
		return reportNotCanonical("witnesses")
	}
	for _, w := range ws {
		if name, err := ParseName(w.Name); err != nil || name != w.Name {
			return reportNotCanonical("witness_name")
		}
		if w.Phone != "" && !validPhone(string(w.Phone)) {
			return reportNotCanonical("witness_phone")
		}
	}
	return nil
}

// EncodeWitnesses writes witnesses as the text the store seals: JSON,
// "" for none.
func EncodeWitnesses(ws []Witness) string {
	if len(ws) == 0 {
		return ""
	}
	b, err := json.Marshal(ws)
	if err != nil {
		return "" // a struct of strings always marshals
	}
	return string(b)
}

// DecodeWitnesses reads what EncodeWitnesses wrote.
func DecodeWitnesses(s string) ([]Witness, error) {
	if s == "" {
		return nil, nil
	}
	var ws []Witness
	if err := json.Unmarshal([]byte(s), &ws); err != nil {
		return nil, errors.New("witnesses: not the stored form")
	}
	return ws, nil
}
