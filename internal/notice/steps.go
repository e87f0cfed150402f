package notice

import (
	"errors"
	"strconv"
	"strings"
)

// The staff flow's Anytime steps that notice buttons open, and the values
// they read. The flows use the same names and codecs for their own buttons,
// so a button on a notice and one in a list mean the same thing. The IDs
// are stored in outbox rows and on buttons already sent, so renaming one
// breaks them.
const (
	// StepRegistration opens a registration; its value is RecordValue.
	StepRegistration = "staff.reg"
	// StepDecide verifies or rejects a registration; its value is DecideValue.
	StepDecide = "staff.act"
	// StepReport opens a report; its value is RecordValue.
	StepReport = "staff.rep"
	// StepLinkReport starts linking a report without a registered person
	// to a registration; its value is RecordValue.
	StepLinkReport = "staff.link"
	// StepNotMember records that a report's person is not a member; its
	// value is RecordValue.
	StepNotMember = "staff.notmember"
)

// RecordValue is the value naming record id.
func RecordValue(id int64) string { return strconv.FormatInt(id, 10) }

// ParseRecord reads a RecordValue.
func ParseRecord(v string) (int64, error) { return strconv.ParseInt(v, 10, 64) }

// Decisions a StepDecide button makes.
const (
	decideVerify = "v"
	decideReject = "t" // "tolak": asks for the reason first
)

// DecideValue is the value of the button that verifies (verify) or starts
// rejecting registration id.
func DecideValue(verify bool, id int64) string {
	act := decideReject
	if verify {
		act = decideVerify
	}
	return act + ":" + RecordValue(id)
}

// errDecision is ParseDecide's error for a value no DecideValue made.
var errDecision = errors.New("not a decision value")

// ParseDecide reads a DecideValue.
func ParseDecide(v string) (verify bool, id int64, err error) {
	act, raw, _ := strings.Cut(v, ":")
	if id, err = ParseRecord(raw); err != nil {
		return false, 0, err
	}
	switch act {
	case decideVerify:
		return true, id, nil
	case decideReject:
		return false, id, nil
	}
	return false, 0, errDecision
}

// OpenRegistration is the button that opens registration id.
func OpenRegistration(id int64) Button {
	return NewButton("notify.open_registration", StepRegistration, RecordValue(id))
}

// OpenReport is the button that opens report id.
func OpenReport(id int64) Button {
	return NewButton("notify.open_report", StepReport, RecordValue(id))
}
