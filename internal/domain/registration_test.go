package domain

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// validRegistration is a complete record as the registration flow builds it.
func validRegistration() Registration {
	return Registration{
		NIK:            "1302045505800002",
		Name:           "Siti Nurbaya",
		BirthDate:      day(1980, 5, 15),
		Gender:         Female,
		Address:        "Jorong Koto Tuo, Nagari Koto Laweh",
		NagariCode:     "13.02.06.2003",
		Occupation:     "petani",
		Phone:          "+6281234567890",
		MotherName:     "Rosmaniar",
		HeirName:       "Rahmat Hidayat",
		HeirRelation:   "anak",
		ConsentVersion: "2026-11-v1",
		ConsentAt:      now.Add(-time.Minute),
	}
}

func TestRegistrationValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(*Registration)
		msg    string // InputError message ID; "" with field set means a plain error
		field  string // field named in the error; "" means valid
	}{
		{"valid record", func(*Registration) {}, "", ""},
		{"lainnya with its text", func(r *Registration) { r.Occupation, r.OccupationOther = "lainnya", "Tukang jahit" }, "", ""},
		{"nik from outside solok", func(r *Registration) {
			r.NIK, r.BirthDate = "3174014107950003", day(1995, 7, 1)
		}, "", ""},

		{"nik with letters", func(r *Registration) { r.NIK = "13020455O5800002" }, "nik.not_digits", "nik"},
		{"nik not canonical", func(r *Registration) { r.NIK = "1302 0455 0580 0002" }, "", "nik"},
		{"nik empty", func(r *Registration) { r.NIK = "" }, "nik.invalid_length", "nik"},
		{"name empty", func(r *Registration) { r.Name = "" }, "name.too_short", "name"},
		{"name not canonical", func(r *Registration) { r.Name = "SITI NURBAYA" }, "", "name"},
		{"name with digits", func(r *Registration) { r.Name = "Siti 2" }, "name.invalid_chars", "name"},
		{"birth date zero", func(r *Registration) { r.BirthDate = time.Time{} }, "", "birth_date"},
		{"birth date with a time", func(r *Registration) { r.BirthDate = r.BirthDate.Add(time.Hour) }, "", "birth_date"},
		{"birth date not matching nik", func(r *Registration) { r.BirthDate = day(1980, 5, 16) }, "nik.birth_date_mismatch", "nik"},
		{"too young", func(r *Registration) {
			r.NIK, r.BirthDate = "1302045501150002", day(2015, 1, 15)
		}, "date.too_young", "birth_date"},
		{"gender empty", func(r *Registration) { r.Gender = "" }, "", "gender"},
		{"gender not matching nik", func(r *Registration) { r.Gender = Male }, "nik.gender_mismatch", "nik"},
		{"address too short", func(r *Registration) { r.Address = "ab" }, "text.too_short", "address"},
		{"address too long", func(r *Registration) { r.Address = strings.Repeat("a", AddressMaxLen+1) }, "text.too_long", "address"},
		{"address not canonical", func(r *Registration) { r.Address = "Jorong  Koto Tuo" }, "", "address"},
		{"nagari code empty", func(r *Registration) { r.NagariCode = "" }, "", "nagari_code"},
		{"nagari name instead of code", func(r *Registration) { r.NagariCode = "Koto Laweh" }, "", "nagari_code"},
		{"solok selatan code", func(r *Registration) { r.NagariCode = "13.11.01.2001" }, "", "nagari_code"},
		{"occupation unknown", func(r *Registration) { r.Occupation = "pilot" }, "", "occupation"},
		{"lainnya without text", func(r *Registration) { r.Occupation = "lainnya" }, "text.too_short", "occupation_other"},
		{"other text without lainnya", func(r *Registration) { r.OccupationOther = "Tukang jahit" }, "", "occupation_other"},
		{"phone local form", func(r *Registration) { r.Phone = "081234567890" }, "", "phone"},
		{"phone landline", func(r *Registration) { r.Phone = "+6275520001" }, "phone.invalid", "phone"},
		{"mother name empty, as on records from before it was asked", func(r *Registration) { r.MotherName = "" }, "", ""},
		{"mother name with digits", func(r *Registration) { r.MotherName = "Ros 2" }, "name.invalid_chars", "mother_name"},
		{"mother name not canonical", func(r *Registration) { r.MotherName = "ROSMANIAR" }, "", "mother_name"},
		{"heir name empty", func(r *Registration) { r.HeirName = "" }, "name.too_short", "heir_name"},
		{"heir relation unknown", func(r *Registration) { r.HeirRelation = "tetangga" }, "", "heir_relation"},
		{"consent version empty", func(r *Registration) { r.ConsentVersion = "" }, "", "consent_version"},
		{"consent missing", func(r *Registration) { r.ConsentAt = time.Time{} }, "", "consent_at"},
		{"consent in the future", func(r *Registration) { r.ConsentAt = now.Add(time.Hour) }, "", "consent_at"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := validRegistration()
			tt.change(&r)
			err := r.Validate(now)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatal("Validate() = nil, want an error")
			}
			if !strings.Contains(err.Error(), "registration "+tt.field+":") {
				t.Errorf("error %q does not name field %s", err, tt.field)
			}
			var ie *InputError
			if isInput := errors.As(err, &ie); isInput != (tt.msg != "") || isInput && ie.Msg != tt.msg {
				t.Errorf("error %q: InputError %v, want message %q", err, ie, tt.msg)
			}
			for _, secret := range []string{string(r.NIK), r.Name, r.Address, string(r.Phone), r.MotherName, r.HeirName} {
				if len(secret) > 3 && strings.Contains(err.Error(), secret) {
					t.Errorf("error %q contains personal data %q", err, secret)
				}
			}
		})
	}
}

func TestCodes(t *testing.T) {
	t.Parallel()
	for _, c := range Occupations {
		if !IsOccupation(c) {
			t.Errorf("IsOccupation(%q) = false", c)
		}
	}
	for _, c := range HeirRelations {
		if !IsHeirRelation(c) {
			t.Errorf("IsHeirRelation(%q) = false", c)
		}
	}
	for _, c := range []string{"", "Petani", "petani ", "anak", "lain"} {
		if IsOccupation(c) {
			t.Errorf("IsOccupation(%q) = true", c)
		}
	}
	for _, c := range []string{"", "Anak", "petani", "tetangga"} {
		if IsHeirRelation(c) {
			t.Errorf("IsHeirRelation(%q) = true", c)
		}
	}
	if Occupations[len(Occupations)-1] != OccupationOtherCode {
		t.Error("lainnya must stay last in the picker")
	}
	if HeirRelations[0] != "pasangan" || HeirRelations[len(HeirRelations)-1] != "mertua" {
		t.Error("HeirRelations must follow the legal order of ahli waris")
	}
}

func TestStatusValid(t *testing.T) {
	t.Parallel()
	for s, want := range map[Status]bool{StatusPending: true, StatusVerified: true, StatusRejected: true, "": false, "verified": false} {
		if got := s.Valid(); got != want {
			t.Errorf("Status(%q).Valid() = %v", s, got)
		}
	}
}

func TestRegistrationCorrections(t *testing.T) {
	t.Parallel()
	was := validRegistration()
	if got := was.Corrections(was); len(got) != 0 {
		t.Errorf("no change: %v", got)
	}
	c := was
	c.Phone, c.HeirRelation, c.OccupationOther = "+6281299998888", "pasangan", "x"
	c.MotherName = "Rosmaniar Jamil"
	c.NagariCode, c.ConsentVersion = "13.02.04.2001", "later" // kept by a correction, never named
	if got, want := strings.Join(was.Corrections(c), ","), "occupation,phone,mother_name,heir"; got != want {
		t.Errorf("Corrections = %s, want %s", got, want)
	}
}
