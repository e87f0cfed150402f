package notice

import (
	"strconv"

	"github.com/jaganagari/jaganagari/internal/domain"
)

// StepDocuments is the reporter's Anytime step that opens a report's
// checklist ("📎 Kirim dokumen"), with the report's number as its value.
const StepDocuments = "rep.docs"

// DocumentAdded tells a nagari's staff that the reporter sent a file for
// checklist item of report number, with the file (as stored: a photo or a
// document, see postgres.storedFile) and a button to open the report.
func DocumentAdded(id int64, number, nagariCode, item, file string) Notice {
	return Notice{
		Kind:       "report.document_added",
		NagariCode: nagariCode,
		Msg:        "notify.report.document",
		Data:       map[string]string{"Number": number, "Item": MsgValue("doc.item." + item)},
		Buttons:    [][]Button{{OpenReport(id)}},
		Photos:     []string{file},
	}
}

// DocumentsMissing reminds the reporter's chat that report number still
// lacks missing documents the family provides, with the button that opens
// its checklist.
func DocumentsMissing(chatID int64, number string, kind domain.ReportKind, death bool, missing int) Notice {
	return Notice{
		Kind: "report.documents_missing", ChatID: chatID, Msg: "notify.docs.missing",
		Data:    map[string]string{"Number": number, "Kind": MsgValue(KindMsg(kind, death)), "N": strconv.Itoa(missing)},
		Buttons: [][]Button{{NewButton("docs.button", StepDocuments, number)}},
	}
}

// KindMsg is the message naming a report's kind in the document
// conversations: "kecelakaan kerja", "kematian".
func KindMsg(kind domain.ReportKind, death bool) string {
	switch {
	case kind == domain.ReportJKK && death:
		return "docs.kind.jkk_death"
	case kind == domain.ReportJKK:
		return "docs.kind.jkk"
	}
	return "docs.kind.jkm"
}
