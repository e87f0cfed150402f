package domain

import "slices"

// Stage is where an accident or death report stands with nagari staff. The
// values are stored, so they never change.
type Stage string

// The stages of a report. Staff move a report one stage on at a time, or
// turn it down (StageRejected) at any stage before StageDone.
const (
	StageNew        Stage = "baru"
	StageInProgress Stage = "ditindaklanjuti"
	StageFiled      Stage = "diajukan" // submitted to BPJS Ketenagakerjaan
	StageDone       Stage = "selesai"
	StageRejected   Stage = "ditolak"
)

// ReportStages are the stages of a report in order. Labels are
// "staff.stagename.<stage>".
var ReportStages = []Stage{StageNew, StageInProgress, StageFiled, StageDone}

// Valid reports whether s is one of ReportStages or StageRejected.
func (s Stage) Valid() bool { return s == StageRejected || slices.Contains(ReportStages, s) }

// Open reports whether staff still act on a report at stage s.
func (s Stage) Open() bool { return s.Valid() && s != StageDone && s != StageRejected }

// Next returns the stage after s, or "" when s is final.
func (s Stage) Next() Stage {
	i := slices.Index(ReportStages, s)
	if i < 0 || i == len(ReportStages)-1 {
		return ""
	}
	return ReportStages[i+1]
}
