package domain

import "testing"

func TestStageNext(t *testing.T) {
	t.Parallel()
	for stage, want := range map[Stage]Stage{
		StageNew: StageInProgress, StageInProgress: StageFiled, StageFiled: StageDone,
		StageDone: "", StageRejected: "", "hilang": "",
	} {
		if got := stage.Next(); got != want {
			t.Errorf("%q.Next() = %q, want %q", stage, got, want)
		}
	}
	for stage, open := range map[Stage]bool{
		StageNew: true, StageFiled: true, StageDone: false, StageRejected: false, "hilang": false,
	} {
		if got := stage.Open(); got != open {
			t.Errorf("%q.Open() = %v, want %v", stage, got, open)
		}
	}
}

func TestParseRole(t *testing.T) {
	t.Parallel()
	for word, want := range map[string]Role{
		"petugas-nagari": RoleNagari, "Petugas-Kecamatan": RoleKecamatan, "admin-kabupaten": RoleAdmin,
		"petugas_nagari": "", "nagari": "", "": "",
	} {
		got, ok := ParseRole(word)
		if got != want || ok != (want != "") {
			t.Errorf("ParseRole(%q) = %q, %v, want %q", word, got, ok, want)
		}
	}
}

func TestRegistrationRecordWaiting(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		status                 Status
		covered, participating bool
		want                   bool
	}{
		{StatusVerified, true, true, false},
		{StatusVerified, false, true, true},
		{StatusPending, false, true, false},
		{StatusPending, false, false, true},
		{StatusRejected, false, false, false},
	} {
		r := RegistrationRecord{Status: c.status, Funded: c.covered, Participating: c.participating}
		if got := r.Waiting(); got != c.want {
			t.Errorf("%+v.Waiting() = %v, want %v", c, got, c.want)
		}
	}
}
