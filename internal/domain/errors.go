package domain

// InputError is input the user can fix. Msg is a message ID such as
// "nik.invalid_length"; the bot turns it into text, so it never holds
// Indonesian prose or the personal data that was rejected.
type InputError struct {
	// Msg is the message ID shown to the user.
	Msg string
	// Data fills the message template, e.g. {"Min": 5, "Max": 200}.
	Data map[string]any
}

// Error returns the message ID, which is safe to log because it carries no
// personal data.
func (e *InputError) Error() string { return e.Msg }

// Is reports whether target is an *InputError with the same message ID, so
// callers and tests can write errors.Is(err, domain.Invalid("date.future")).
func (e *InputError) Is(target error) bool {
	t, ok := target.(*InputError)
	return ok && t != nil && e != nil && t.Msg == e.Msg
}

// Invalid returns an *InputError with message ID msg and no template data.
func Invalid(msg string) *InputError { return &InputError{Msg: msg} }
