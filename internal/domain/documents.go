package domain

import (
	"slices"
	"time"
)

// DocumentItem is one document BPJS Ketenagakerjaan asks for with a claim,
// as a line of a report's checklist. ID is stored (report_documents.item)
// and names its label, "doc.item.<ID>", so it never changes.
type DocumentItem struct {
	ID string
	// Officer is true for a document the nagari itself issues: the
	// officer, not the family, provides it (DOMAIN.md §13).
	Officer bool
	// Traffic limits the item to traffic accidents (the police report).
	Traffic bool
	// Spouse limits the item to a claim by the husband or wife (buku nikah),
	// known from the reporter's relation.
	Spouse bool
	// AlsoOnDeath puts a JKK item on the checklist of a fatal work
	// accident too, which otherwise asks for the JKM documents.
	AlsoOnDeath bool
}

// JKKDocuments are the documents of a work-accident claim: DOMAIN.md §4,
// "Typical documents" (aspirasiku.id; pdfcoke, "prosedur pengajuan klaim
// JKK").
var JKKDocuments = []DocumentItem{
	{ID: "kartu"},
	{ID: "ktp"},
	{ID: "kronologi", AlsoOnDeath: true},
	{ID: "ktp_saksi", AlsoOnDeath: true},
	{ID: "surat_dokter"},
	{ID: "kuitansi"},
	{ID: "laporan_polisi", Traffic: true, AlsoOnDeath: true},
}

// JKMDocuments are the documents of a death claim: DOMAIN.md §5
// "Documents" (pattonfanatic.com; dannews.info) and §13 (topikpagi.com),
// which adds that the nagari issues the surat keterangan kematian and the
// surat keterangan ahli waris, so those two are the officer's.
var JKMDocuments = []DocumentItem{
	{ID: "kartu"},
	{ID: "ktp"},
	{ID: "ktp_waris"},
	{ID: "akta_kematian"},
	{ID: "sk_kematian", Officer: true},
	{ID: "kk"},
	{ID: "sk_waris", Officer: true},
	{ID: "buku_nikah", Spouse: true},
	{ID: "rekening_waris"},
}

// DocumentsFor is a report's checklist: the JKK list for an accident, the
// JKM list for a death, with the JKK items a fatal work accident also
// needs. The conditions (traffic, a spouse reporting) are the report's.
func DocumentsFor(r Report) []DocumentItem {
	keep := func(d DocumentItem) bool {
		return (!d.Traffic || r.Traffic) && (!d.Spouse || r.ReporterRelation == "pasangan")
	}
	var out []DocumentItem
	if r.Kind == ReportJKK && !r.Death {
		for _, d := range JKKDocuments {
			if keep(d) {
				out = append(out, d)
			}
		}
		return out
	}
	for _, d := range JKMDocuments {
		if keep(d) {
			out = append(out, d)
		}
	}
	if r.Kind == ReportJKK {
		for _, d := range JKKDocuments {
			if d.AlsoOnDeath && keep(d) && !slices.ContainsFunc(out, func(o DocumentItem) bool { return o.ID == d.ID }) {
				out = append(out, d)
			}
		}
	}
	return out
}

// DocState is where one checklist item stands. The values are stored.
type DocState string

// The states of a checklist item: nothing yet, a file sent (by the
// reporter or the officer), or ticked complete by the officer, who has
// seen the document (a file or the paper itself).
const (
	DocMissing  DocState = "missing"
	DocReceived DocState = "received"
	DocTicked   DocState = "ticked"
)

// MaxDocumentFiles bounds the files kept per item (a KTP's two sides, a
// few pages of a letter); more go to the officer by hand.
const MaxDocumentFiles = 5

// DocumentStatus is one item of a report's checklist as it stands.
type DocumentStatus struct {
	Item  DocumentItem
	State DocState
	Files int // files sent for it
	// At is when the item last changed; zero while it never did.
	At time.Time
}

// Missing lists the items of a checklist not ticked yet, in order. A file
// received is not enough: the officer ticks an item once they have checked
// it, so the reminders go on until then.
func Missing(list []DocumentStatus) []DocumentStatus {
	var out []DocumentStatus
	for _, d := range list {
		if d.State != DocTicked {
			out = append(out, d)
		}
	}
	return out
}

// The reporter is reminded of missing documents DocReminderFirst after the
// report, then every DocReminderEvery, at most DocReminderMax times, while
// the report is open and an item the family provides is not ticked. These
// are our own choice: DOMAIN.md gives no deadline for the documents.
const (
	DocReminderFirst = 3 * 24 * time.Hour
	DocReminderEvery = 7 * 24 * time.Hour
	DocReminderMax   = 3
)
