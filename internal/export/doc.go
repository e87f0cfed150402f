// Package export writes the files staff hand to BPJS Ketenagakerjaan (the
// verified workers of an area, a numbered batch) as XLSX (excelize) and CSV
// (encoding/csv), each written so that a spreadsheet keeps a 16-digit NIK
// and a phone number as text and reads no worker's free text as a formula;
// and it reads the cells of BPJS's result file back from either format.
//
// The rows come from the store as domain.ExportRow; export does no I/O
// beyond the bytes it takes and returns. It imports internal/domain and
// excelize.
package export
