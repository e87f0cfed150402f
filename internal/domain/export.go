package domain

// ExportColumns are the header row of the export of verified workers: the
// fields BPJS Ketenagakerjaan asks for a collective (nagari-paid)
// registration, in its own words, since the file is read by BPJS staff and
// not shown in the bot (the exact list is still to be confirmed with BPJS),
// then our registration number and whether the worker is within the quota.
// "Nama Ibu Kandung" is empty for the workers registered before it was
// asked.
var ExportColumns = []string{
	"NIK", "Nama sesuai KTP", "Tanggal lahir", "Jenis kelamin", "Alamat", "Nagari", "Kecamatan",
	"Pekerjaan", "Nomor HP", "Nama Ibu Kandung", "Ahli waris", "Hubungan ahli waris", "Nomor pendaftaran", "Dalam kuota",
}

// ExportRow is one verified worker as the store reads it for the export,
// every field as text, in the order of ExportColumns.
type ExportRow []string

// Where the NIK and "Nomor HP" stand in ExportColumns: the columns a
// spreadsheet must keep as text.
const (
	ExportNIKColumn   = 0
	ExportPhoneColumn = 8
)
