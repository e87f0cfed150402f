package engine

import "github.com/jaganagari/jaganagari/internal/domain"

// BPJS effects: the batches a nagari submits to BPJS Ketenagakerjaan and
// the result file BPJS answers with. Like every staff effect they are
// scoped by the store to the chat's staff bindings; a chat without one
// gets Result.Err "staff.denied".

// PrepareBatch counts the workers of Nagari (a code; "" for the chat's
// own nagari, when it has exactly one) that a new batch would hold: the
// verified, funded workers never submitted or refused by BPJS. It answers
// a BatchPreview.
type PrepareBatch struct{ Nagari string }

// BatchPreview answers PrepareBatch. When the chat covers several nagari
// and none was named, Nagari is "" and Choices lists those with workers
// ready. Batches are the area's latest batches, newest first, to export
// again.
type BatchPreview struct {
	Nagari, NagariName string
	// Ready is how many workers the batch would hold, Resubmitted how many
	// of them BPJS refused before (staff corrected them since).
	Ready, Resubmitted int
	Choices            []BatchChoice
	Batches            []domain.Batch
}

// BatchChoice is a nagari with workers ready for a batch.
type BatchChoice struct {
	Nagari, Name string
	Ready        int
}

// CreateBatch numbers a new batch of Nagari's ready workers, moves them
// to diajukan and audits it. It answers a BatchCreated; Err is
// bpjs.batch.empty when no worker is ready (no batch is made). bot writes
// the batch's rows as XLSX and CSV into Result.Files.
type CreateBatch struct{ Nagari string }

// BatchCreated answers CreateBatch and ExportBatch: the batch and its
// workers, one row each under domain.BatchColumns. The rows are personal
// data and leave only as the staff's files.
type BatchCreated struct {
	Found       bool
	Batch       domain.Batch
	Resubmitted int
	Rows        []domain.ExportRow
}

// ExportBatch reads the batch Number of the chat's area again, for its
// file. It answers a BatchCreated, Found false for a batch outside the
// area.
type ExportBatch struct{ Number string }

// ImportResult applies BPJS's result file, sent by staff as a document.
// The flow sets FileID and Name; bot downloads and reads the file into
// File before the store sees the effect, since the store answers data and
// reads no files. It answers a ResultImported.
type ImportResult struct {
	FileID, Name string
	File         domain.ResultFile
}

// ResultImported answers ImportResult. Problem (a message ID) says the
// file was not read at all, with Missing naming its missing columns;
// nothing changed then.
type ResultImported struct {
	Problem string
	Missing []string
	Report  domain.ImportReport
}

// EffectName implements Effect.
func (PrepareBatch) EffectName() string { return "prepare_batch" }

// EffectName implements Effect.
func (CreateBatch) EffectName() string { return "create_batch" }

// EffectName implements Effect.
func (ExportBatch) EffectName() string { return "export_batch" }

// EffectName implements Effect.
func (ImportResult) EffectName() string { return "import_result" }

func (PrepareBatch) answers(BatchPreview)   {}
func (CreateBatch) answers(BatchCreated)    {}
func (ExportBatch) answers(BatchCreated)    {}
func (ImportResult) answers(ResultImported) {}
