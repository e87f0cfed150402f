package domain

import (
	"errors"
	"fmt"
	"testing"
)

func TestInputError(t *testing.T) {
	t.Parallel()
	err := Invalid("nik.invalid_length")
	if got := err.Error(); got != "nik.invalid_length" {
		t.Errorf("Error() = %q", got)
	}
	wrapped := fmt.Errorf("registration nik: %w", err)
	if !errors.Is(wrapped, Invalid("nik.invalid_length")) {
		t.Error("errors.Is does not match the same message ID through a wrap")
	}
	if errors.Is(wrapped, Invalid("nik.not_digits")) {
		t.Error("errors.Is matches a different message ID")
	}
	var ie *InputError
	if !errors.As(wrapped, &ie) || ie.Msg != "nik.invalid_length" {
		t.Errorf("errors.As = %v", ie)
	}
}
