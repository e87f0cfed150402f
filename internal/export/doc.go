// Package export writes the verified workers of an area as the files staff
// hand to BPJS Ketenagakerjaan: XLSX (excelize) and CSV (encoding/csv),
// each written so that a spreadsheet keeps a 16-digit NIK and a phone
// number as text and reads no worker's free text as a formula.
//
// The rows come from the store as domain.ExportRow; export does no I/O
// beyond the bytes it returns. It imports internal/domain and excelize.
package export
