package domain

import (
	"errors"
	"fmt"
	"time"
)

// Status is where a registration stands with nagari staff. The values are
// stored in the database, so they never change.
type Status string

// The statuses a registration moves through: pending until staff check it,
// then verified or rejected.
const (
	StatusPending  Status = "menunggu_verifikasi"
	StatusVerified Status = "terverifikasi"
	StatusRejected Status = "ditolak"
)

// Valid reports whether s is one of the three statuses.
func (s Status) Valid() bool {
	return s == StatusPending || s == StatusVerified || s == StatusRejected
}

// Length limits for the free-text fields of a Registration, shared by the
// flow that asks for them and Validate.
const (
	// AddressMinLen and AddressMaxLen bound Registration.Address: a jorong
	// name is at least a few letters, and 200 fits any rural address.
	AddressMinLen = 5
	AddressMaxLen = 200
	// OccupationOtherMinLen and OccupationOtherMaxLen bound the typed
	// occupation: long enough for "tukang jahit keliling", short enough
	// for a spreadsheet column.
	OccupationOtherMinLen = 3
	OccupationOtherMaxLen = 60
	// MaxFileID bounds a Telegram file id kept with a record (the photo of
	// a signed consent form); Telegram's are well under 200 bytes.
	MaxFileID = 256
)

// Registration is one worker's sign-up for JKK and JKM, as submitted by the
// registration flow and stored for nagari staff to verify.
type Registration struct {
	NIK       NIK
	Name      string // as on the KTP, normalised by ParseName
	BirthDate time.Time
	Gender    Gender
	Address   string // free text: jorong and street, normalised by ParseFreeText

	NagariCode      string // Kemendagri code, e.g. "13.02.06.2003"; names repeat, codes do not
	Occupation      string // one of Occupations
	OccupationOther string // the typed occupation when Occupation is "lainnya", else empty
	Phone           Phone
	// MotherName is the mother's maiden name (nama ibu kandung), which BPJS
	// Ketenagakerjaan asks to tell members apart; normalised by ParseName.
	// Registrations from before it was asked, and those imported, have
	// none ("").
	MotherName string

	HeirName     string // the ahli waris who would claim JKM
	HeirRelation string // one of HeirRelations

	// ConsentVersion and ConsentAt record which consent text the worker
	// accepted and when, the proof UU PDP Pasal 24 requires.
	ConsentVersion string
	ConsentAt      time.Time
	// ConsentMode says how the consent was given: on a phone by the person
	// (ConsentOwn, also "" in records from before it was kept), with an
	// officer or kader as witness (ConsentSpoken, ConsentForm), or on the
	// nagari's paper form before this system, recorded by the bulk import
	// (ConsentImported).
	ConsentMode ConsentMode
	// ConsentFormFile is the Telegram file id of a photo of the signed
	// consent form, when the officer sent one; only with ConsentForm.
	ConsentFormFile string
}

// ConsentMode is how a registration's consent was given. The values are
// stored, so they never change.
type ConsentMode string

// The ways consent is given: by the person on a phone, aloud to an officer
// or kader who read the consent text out, or on a paper form signed in
// front of them.
const (
	ConsentOwn    ConsentMode = "sendiri"
	ConsentSpoken ConsentMode = "lisan"
	ConsentForm   ConsentMode = "formulir"
)

// Assisted reports whether the consent was given with an officer or kader
// as witness, the registration being entered by them.
func (m ConsentMode) Assisted() bool { return m == ConsentSpoken || m == ConsentForm }

// Valid reports whether m is one of the modes; "" counts as ConsentOwn.
func (m ConsentMode) Valid() bool {
	return m == "" || m == ConsentOwn || m.Assisted() || m == ConsentImported
}

// Own is m with "" read as ConsentOwn, as the store keeps it.
func (m ConsentMode) Own() ConsentMode {
	if m == "" {
		return ConsentOwn
	}
	return m
}

// Validate re-checks every field just before the record is stored, as defence
// in depth against a flow bug or a stale session: each value must be what
// its parser would produce. A field the user can fix yields an error wrapping
// an *InputError (use errors.As); other failures are plain errors that name
// the field but never contain its value.
func (r Registration) Validate(now time.Time) error {
	nik, err := ParseNIK(string(r.NIK), now)
	if err != nil {
		return fieldErr("nik", err)
	}
	if nik != r.NIK {
		return notCanonical("nik")
	}
	if err := canonical("name", r.Name, ParseName); err != nil {
		return err
	}
	if r.BirthDate.IsZero() || !r.BirthDate.Equal(dateOf(r.BirthDate.UTC().Date())) {
		return notCanonical("birth_date")
	}
	if err := checkBirthDate(r.BirthDate, now); err != nil {
		return fieldErr("birth_date", err)
	}
	if !r.Gender.Valid() {
		return fieldErr("gender", errors.New("not L or P"))
	}
	if err := r.NIK.Matches(r.BirthDate, r.Gender, now); err != nil {
		return fieldErr("nik", err)
	}
	if err := canonical("address", r.Address, func(s string) (string, error) {
		return ParseFreeText(s, AddressMinLen, AddressMaxLen)
	}); err != nil {
		return err
	}
	if !validNagariCode(r.NagariCode) {
		return fieldErr("nagari_code", errors.New("not a kabupaten solok code"))
	}
	if !IsOccupation(r.Occupation) {
		return fieldErr("occupation", errors.New("unknown code"))
	}
	switch {
	case r.Occupation == OccupationOtherCode:
		if err := canonical("occupation_other", r.OccupationOther, func(s string) (string, error) {
			return ParseFreeText(s, OccupationOtherMinLen, OccupationOtherMaxLen)
		}); err != nil {
			return err
		}
	case r.OccupationOther != "":
		return fieldErr("occupation_other", errors.New("set without occupation lainnya"))
	}
	p, err := ParsePhone(string(r.Phone))
	if err != nil {
		return fieldErr("phone", err)
	}
	if p != r.Phone {
		return notCanonical("phone")
	}
	if r.MotherName != "" {
		if err := canonical("mother_name", r.MotherName, ParseName); err != nil {
			return err
		}
	}
	if err := canonical("heir_name", r.HeirName, ParseName); err != nil {
		return err
	}
	if !IsHeirRelation(r.HeirRelation) {
		return fieldErr("heir_relation", errors.New("unknown code"))
	}
	if r.ConsentVersion == "" {
		return fieldErr("consent_version", errors.New("empty"))
	}
	if r.ConsentAt.IsZero() || r.ConsentAt.After(now) {
		return fieldErr("consent_at", errors.New("missing or in the future"))
	}
	if !r.ConsentMode.Valid() {
		return fieldErr("consent_mode", errors.New("unknown mode"))
	}
	if r.ConsentFormFile != "" && r.ConsentMode != ConsentForm {
		return fieldErr("consent_form_file", errors.New("set without consent mode formulir"))
	}
	if len(r.ConsentFormFile) > MaxFileID {
		return fieldErr("consent_form_file", errors.New("too long"))
	}
	return nil
}

// canonical checks that v is already the output of parse, so that what is
// stored is exactly what the user confirmed.
func canonical(field, v string, parse func(string) (string, error)) error {
	got, err := parse(v)
	if err != nil {
		return fieldErr(field, err)
	}
	if got != v {
		return notCanonical(field)
	}
	return nil
}

// fieldErr names the field in err. The field name, not the value, keeps
// personal data out of logs.
func fieldErr(field string, err error) error {
	return fmt.Errorf("registration %s: %w", field, err)
}

func notCanonical(field string) error {
	return fmt.Errorf("registration %s: not in canonical form", field)
}

// Corrections names the fields a correction of r to c changes, in a fixed
// order, for the audit log: names only, never values. The NIK, the nagari
// and the consent are not among them, since a correction keeps them.
func (r Registration) Corrections(c Registration) []string {
	var changed []string
	for _, f := range []struct {
		name string
		same bool
	}{
		{"name", r.Name == c.Name},
		{"birth_date", r.BirthDate.Equal(c.BirthDate)},
		{"gender", r.Gender == c.Gender},
		{"address", r.Address == c.Address},
		{"occupation", r.Occupation == c.Occupation && r.OccupationOther == c.OccupationOther},
		{"phone", r.Phone == c.Phone},
		{"mother_name", r.MotherName == c.MotherName},
		{"heir", r.HeirName == c.HeirName && r.HeirRelation == c.HeirRelation},
	} {
		if !f.same {
			changed = append(changed, f.name)
		}
	}
	return changed
}
