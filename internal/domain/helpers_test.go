package domain

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// now is the fixed clock of every test: 25 November 2026, 10:00 WIB.
var now = time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)

// day builds the 00:00 UTC date every parser returns.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// wantMsg fails unless err is an *InputError with message ID msg; msg ""
// means err must be nil.
func wantMsg(t testing.TB, err error, msg string) {
	t.Helper()
	if msg == "" {
		if err != nil {
			t.Fatalf("err = %v, want nil", err)
		}
		return
	}
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v (%T), want *InputError %q", err, err, msg)
	}
	if ie.Msg != msg {
		t.Fatalf("err = %q, want %q", ie.Msg, msg)
	}
}

// long is a 10,000-character string of r, the size of a pasted essay.
func long(r string) string { return strings.Repeat(r, 10000/len([]rune(r))) }
