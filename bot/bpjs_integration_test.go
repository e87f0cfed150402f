package bot_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/xuri/excelize/v2"

	"github.com/jaganagari/jaganagari/bot"
	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/export"
	"github.com/jaganagari/jaganagari/internal/notify"
	"github.com/jaganagari/jaganagari/internal/postgres"
)

func init() {
	// Template fields of the BPJS messages whose values tests do not pin.
	for _, k := range []string{"Missing", "Ready", "Resubmitted", "Date", "KPJ", "Start", "Membership", "Active", "Refused"} {
		anyData[k] = anyValue
	}
}

// await waits for a message to user, after the one with ID after, that
// starts as msg renders: for chats where the outbox sender and the bot's
// replies arrive in either order.
func (h *harness) await(user int64, after int, msg string) botapiMessage {
	h.t.Helper()
	want := h.text(msg, anyData)
	if i := strings.Index(want, anyValue); i >= 0 {
		want = want[:i]
	}
	if i := strings.Index(want, "{{"); i >= 0 {
		want = want[:i]
	}
	ctx, cancel := context.WithTimeout(h.t.Context(), 10*time.Second)
	defer cancel()
	m, err := h.api.WaitMessage(ctx, user, func(m botapiMessage) bool { return m.ID > after && m.FromBot && strings.HasPrefix(m.Text, want) })
	if err != nil {
		h.t.Fatalf("waiting for %s: %v\nchat so far:\n%s", msg, err, h.dump(user))
	}
	return m
}

// lastID is the ID of the last message in user's chat.
func (h *harness) lastID(user int64) int {
	chat := h.api.Chat(user)
	if len(chat) == 0 {
		return 0
	}
	return chat[len(chat)-1].ID
}

// batchFiles reads the two documents that follow a batch's message.
func batchFiles(h *harness, staff int64) (xlsxData, csvData []byte) {
	h.t.Helper()
	for range 2 {
		doc := h.expectFile(staff, "staff.export.file").Document
		data := h.download(doc.FileID)
		switch {
		case strings.HasSuffix(doc.FileName, ".xlsx"):
			xlsxData = data
		case strings.HasSuffix(doc.FileName, ".csv"):
			csvData = data
		}
	}
	if xlsxData == nil || csvData == nil {
		h.t.Fatal("a batch's files are an XLSX and a CSV")
	}
	return xlsxData, csvData
}

func membershipState(h *harness, id int64) string {
	h.t.Helper()
	var st string
	if err := h.pool.QueryRow(h.t.Context(), `select coalesce(membership_state, '') from registrations where id = $1`, id).Scan(&st); err != nil {
		h.t.Fatal(err)
	}
	return st
}

// TestBPJSMembershipThroughTelegram is the whole way: a worker registers
// and is verified; the officer makes a batch with /ajukan (only the funded
// worker is in its file), downloads it again (the same bytes), sends a
// file without BPJS's columns (nothing changes), then BPJS's answer as a
// document: the worker is aktif, told the card number by the outbox
// sender, and sees it with /status; the same file again changes nothing.
func TestBPJSMembershipThroughTelegram(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := t.Context()
	staff := officer(h, 7001, domain.RoleNagari, nagariA)

	worker := h.user(7101)
	const nik = "1302044505800001"
	fill(h, worker, nik, "")
	h.press(worker, h.expect(worker, "reg.summary.ask"), "reg.summary.submit")
	h.expect(worker, "reg.done")
	var id int64
	if err := h.pool.QueryRow(ctx, `select id from registrations where chat_id = $1`, worker).Scan(&id); err != nil {
		t.Fatal(err)
	}
	verify(h, staff, id)
	// Beside it: one verified on the waiting list (no funded place) and
	// one not verified. Neither may be in a batch.
	waiting := seedRegistration(h, h.user(7102), "1302044505800002", nagariA, time.Now())
	if _, err := h.pool.Exec(ctx, `update registrations set status = 'terverifikasi', covered_at = null where id = $1`, waiting); err != nil {
		t.Fatal(err)
	}
	pending := seedRegistration(h, h.user(7103), "1302044505800003", nagariA, time.Now())

	h.say(staff, "/ajukan")
	confirm := h.expect(staff, "bpjs.batch.confirm")
	if !strings.Contains(confirm.Text, ": 1 pekerja") {
		t.Errorf("confirmation: %q", confirm.Text)
	}
	if n := count(h, `select count(*) from bpjs_batches`); n != 0 {
		t.Fatalf("%d batches before the officer confirmed", n)
	}
	h.press(staff, confirm, "bpjs.batch.yes")
	created := h.expect(staff, "bpjs.batch.created")
	var number string
	if err := h.pool.QueryRow(ctx, `select number from bpjs_batches`).Scan(&number); err != nil || !strings.Contains(created.Text, number) {
		t.Fatalf("batch %q (%v) not named in %q", number, err, created.Text)
	}
	xlsxData, csvData := batchFiles(h, staff)
	f, err := excelize.OpenReader(bytes.NewReader(xlsxData))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(f.GetSheetName(0))
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || !slices.Equal(rows[0], domain.BatchColumns) {
		t.Fatalf("batch file rows %q, want the header and the one funded worker", rows)
	}
	want := []string{nik, "Siti Rahmah", "05-05-1980", "P", "Jorong Koto Baru, Jl. Raya Solok No. 12", "Alahan Panjang"}
	if !slices.Equal(rows[1][:len(want)], want) || rows[1][domain.BatchPhoneColumn] != "+6281234567000" {
		t.Errorf("batch row %q", rows[1])
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(csvData, []byte("\uFEFF"))))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil || len(recs) != 2 || recs[1][0] != `="`+nik+`"` || !bytes.HasPrefix(csvData, []byte("\uFEFF")) {
		t.Errorf("CSV %q (%v): a BOM, ';', the one worker, the NIK as =\"…\"", recs, err)
	}
	for who, id := range map[string]int64{"worker": id, "waiting": waiting, "pending": pending} {
		wantState := map[string]string{"worker": "diajukan"}[who]
		if got := membershipState(h, id); got != wantState {
			t.Errorf("%s membership %q, want %q", who, got, wantState)
		}
	}
	if n := count(h, `select count(*) from audit_log where action = 'membership.diajukan' and staff_id is not null`); n != 1 {
		t.Errorf("%d audited submissions by the officer, want 1", n)
	}

	// The batch again, from /ajukan's list: nothing is ready now.
	h.say(staff, "/ajukan")
	h.expect(staff, "bpjs.batch.empty")
	list := h.expect(staff, "bpjs.batch.list")
	h.pressData(staff, list, h.buttonWithValue(list, "bpjs.batch|"+number))
	h.expect(staff, "bpjs.batch.again")
	xlsxAgain, csvAgain := batchFiles(h, staff)
	if !bytes.Equal(xlsxData, xlsxAgain) || !bytes.Equal(csvData, csvAgain) {
		t.Error("the batch downloaded again is not the same file")
	}

	// From here the outbox sender runs, as beside `jaganagari run`.
	if _, err := h.pool.Exec(ctx, `delete from outbox`); err != nil {
		t.Fatal(err)
	}
	tg, err := tgbot.New(token, tgbot.WithServerURL(h.apiURL), tgbot.WithSkipGetMe())
	if err != nil {
		t.Fatal(err)
	}
	signer := bot.SignerForToken(token)
	sender, err := notify.New(notify.Options{
		API: tg, Queue: postgres.NewOutbox(h.pool), Renderer: h.render, Signer: &signer,
		ChatGap: 10 * time.Millisecond, Poll: 20 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	sctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { defer close(stopped); sender.Run(sctx) }()
	t.Cleanup(func() { cancel(); <-stopped })

	// A file that is not BPJS's answer changes nothing and says why.
	if _, err := h.api.SendDocument(staff, "daftar.csv", []byte("NIK;Nama\r\n"+nik+";Siti\r\n")); err != nil {
		t.Fatal(err)
	}
	missing := h.expect(staff, "bpjs.import.missing")
	if !strings.Contains(missing.Text, "Nomor KPJ, Status, Tanggal mulai") {
		t.Errorf("missing columns: %q", missing.Text)
	}
	if _, err := h.api.SendDocument(staff, "foto.jpg", []byte{0xff, 0xd8, 0xff, 0x00, 0x01}); err != nil {
		t.Fatal(err)
	}
	h.expect(staff, "bpjs.import.unreadable")
	if got := membershipState(h, id); got != "diajukan" {
		t.Fatalf("after bad files the worker is %q", got)
	}

	// BPJS's answer: the worker accepted, the waiting one never submitted,
	// a row with a bad date.
	answer, err := export.WriteXLSX(export.Table{Sheet: "Hasil", Columns: domain.ResultTemplateColumns(), TextColumns: []int{0, 1}, Rows: [][]string{
		{nik, "12345678901", "Diterima", "01-08-2026", "31-12-2026", "", number},
		{"1302044505800002", "22222222", "diterima", "01-08-2026", "", "", ""},
		{"1302044505800003", "33333333", "diterima", "31-02-2026", "", "", ""},
	}})
	if err != nil {
		t.Fatal(err)
	}
	before := h.lastID(staff)
	if _, err := h.api.SendDocument(staff, "hasil-bpjs.xlsx", answer); err != nil {
		t.Fatal(err)
	}
	report := h.await(staff, before, "bpjs.import.done")
	for _, want := range []string{"Aktif: 1", "belum diajukan 1", "tidak valid 1", "Baris 4 · 1302********0003: tanggal mulai tidak valid"} {
		if !strings.Contains(report.Text, want) {
			t.Errorf("report lacks %q:\n%s", want, report.Text)
		}
	}
	h.await(staff, before, "notify.bpjs.imported")
	if got := membershipState(h, id); got != "aktif" {
		t.Fatalf("after the answer the worker is %q", got)
	}
	if membershipState(h, waiting) != "" || membershipState(h, pending) != "" {
		t.Error("rows in error changed a membership")
	}
	told := h.await(worker, 0, "notify.bpjs.active")
	if !strings.Contains(told.Text, "berakhiran 8901") || strings.Contains(told.Text, "12345678901") || !strings.Contains(told.Text, "1 Agustus 2026") {
		t.Errorf("worker told %q", told.Text)
	}

	// The same file again: everything already done, nobody told again.
	before = h.lastID(staff)
	if _, err := h.api.SendDocument(staff, "hasil-bpjs.xlsx", answer); err != nil {
		t.Fatal(err)
	}
	again := h.await(staff, before, "bpjs.import.done")
	if !strings.Contains(again.Text, "Aktif: 0") || !strings.Contains(again.Text, "Sudah dicatat sebelumnya: 1") {
		t.Errorf("second import: %q", again.Text)
	}
	if n := count(h, `select count(*) from outbox where msg = 'notify.bpjs.active'`); n != 1 {
		t.Errorf("%d activation notices, want 1", n)
	}

	// The worker sees the membership with /status.
	before = h.lastID(worker)
	h.say(worker, "/status")
	st := h.await(worker, before, "bpjs.status.show")
	for _, want := range []string{"12345678901", "aktif", "1 Agustus 2026", "31 Desember 2026"} {
		if !strings.Contains(st.Text, want) {
			t.Errorf("/status lacks %q: %q", want, st.Text)
		}
	}
}
