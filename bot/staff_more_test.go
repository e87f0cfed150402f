package bot_test

import (
	"bytes"
	"encoding/csv"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/xuri/excelize/v2"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/postgres"
)

// verify marks a registration verified the way the bot does, through the
// officer's own button.
func verify(h *harness, staff, id int64) {
	h.t.Helper()
	data := "staff.act|v:" + strconv.FormatInt(id, 10)
	m := postButton(h, staff, data)
	h.pressData(staff, m, data)
	h.seen[staff] = h.expectAny(staff, "staff.reg.verified", "staff.reg.verified_waiting").ID
}

// expectAny waits for the next bot message and checks it is one of msgs.
func (h *harness) expectAny(user int64, msgs ...string) botapiMessage {
	h.t.Helper()
	last := h.seen[user]
	m, err := h.api.WaitMessage(h.t.Context(), user, func(m botapiMessage) bool { return m.ID > last })
	if err != nil {
		h.t.Fatal(err)
	}
	h.seen[user] = m.ID
	for _, msg := range msgs {
		want := h.text(msg, anyData)
		if i := strings.Index(want, anyValue); i >= 0 {
			want = want[:i]
		}
		if strings.HasPrefix(m.Text, want) {
			return m
		}
	}
	h.t.Fatalf("got %q, want one of %v", m.Text, msgs)
	return m
}

// expectFile waits for the next bot message to be a document or photo
// captioned msg.
func (h *harness) expectFile(user int64, msg string) botapiMessage {
	h.t.Helper()
	last := h.seen[user]
	m, err := h.api.WaitMessage(h.t.Context(), user, func(m botapiMessage) bool { return m.ID > last })
	if err != nil {
		h.t.Fatal(err)
	}
	h.seen[user] = m.ID
	if m.Document == nil && len(m.Photo) == 0 {
		h.t.Fatalf("got %q, want a file captioned %s", m.Text, msg)
	}
	return m
}

// download fetches a file the bot sent, the way a Telegram client does:
// getFile, then the file path.
func (h *harness) download(fileID string) []byte {
	h.t.Helper()
	client, err := tgbot.New(token, tgbot.WithServerURL(h.apiURL), tgbot.WithSkipGetMe())
	if err != nil {
		h.t.Fatal(err)
	}
	f, err := client.GetFile(h.t.Context(), &tgbot.GetFileParams{FileID: fileID})
	if err != nil {
		h.t.Fatal(err)
	}
	resp, err := http.Get(client.FileDownloadLink(f))
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		h.t.Fatalf("download %s: %d %v", fileID, resp.StatusCode, err)
	}
	return data
}

// documentsTo counts the documents the bot sent to chat.
func documentsTo(h *harness, chat int64) int {
	n := 0
	for _, m := range h.api.Chat(chat) {
		if m.FromBot && m.Document != nil {
			n++
		}
	}
	return n
}

func TestStaffExportsVerifiedWorkers(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	staff := officer(h, 8001, domain.RoleNagari, nagariA)
	base := time.Now().Add(-time.Hour)
	idA1 := seedRegistration(h, h.user(8101), "1302044505800011", nagariA, base)
	seedRegistration(h, h.user(8102), "1302044505800012", nagariA, base.Add(time.Minute)) // stays pending
	idB := seedRegistration(h, h.user(8103), "1302134505800013", nagariB, base)
	if _, err := h.pool.Exec(t.Context(), `update registrations set status = 'terverifikasi' where id = $1`, idB); err != nil {
		t.Fatal(err)
	}
	verify(h, staff, idA1)

	h.say(staff, "/ekspor")
	done := h.expect(staff, "staff.export.done")
	if !strings.Contains(done.Text, " 1 ") {
		t.Errorf("export message: %q", done.Text)
	}
	files := map[string][]byte{}
	for range 2 {
		doc := h.expectFile(staff, "staff.export.file").Document
		if doc == nil {
			t.Fatal("export sent as a photo")
		}
		files[doc.FileName] = h.download(doc.FileID)
	}
	var xlsxData, csvData []byte
	for name, data := range files {
		switch {
		case strings.HasSuffix(name, ".xlsx"):
			xlsxData = data
		case strings.HasSuffix(name, ".csv"):
			csvData = data
		}
	}
	if xlsxData == nil || csvData == nil {
		t.Fatalf("documents sent: %v", slices.Collect(func(yield func(string) bool) {
			for k := range files {
				yield(k)
			}
		}))
	}
	f, err := excelize.OpenReader(bytes.NewReader(xlsxData))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("xlsx has %d rows, want header and 1 worker (not the pending one, not nagari B's): %q", len(rows), rows)
	}
	header := []string{"NIK", "Nama sesuai KTP", "Tanggal lahir", "Jenis kelamin", "Alamat", "Nagari", "Kecamatan", "Pekerjaan", "Nomor HP", "Nama Ibu Kandung", "Ahli waris", "Hubungan ahli waris", "Nomor pendaftaran", "Dalam kuota"}
	if !slices.Equal(rows[0], header) {
		t.Errorf("header %q", rows[0])
	}
	row := rows[1]
	want := map[int]string{0: "1302044505800011", 1: "Pekerja 0011", 2: "05-05-1980", 3: "P", 4: "Jorong Koto", 5: "Alahan Panjang",
		6: "Lembah Gumanti", 7: "petani", 8: "+6281234567890", 9: "", 10: "Budi", 11: "pasangan", 13: "ya"}
	for i, w := range want {
		if row[i] != w {
			t.Errorf("column %s = %q, want %q", header[i], row[i], w)
		}
	}
	// The CSV holds the same, for a spreadsheet in an Indonesian locale:
	// a byte order mark, ';' and the NIK and phone as ="..." text.
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(csvData, []byte("\uFEFF"))))
	r.Comma = ';'
	recs, err := r.ReadAll()
	wantCSV := slices.Clone(row)
	wantCSV[0], wantCSV[8] = `="`+row[0]+`"`, `="`+row[8]+`"`
	if err != nil || len(recs) != 2 || !bytes.HasPrefix(csvData, []byte("\uFEFF")) || !slices.Equal(recs[1], wantCSV) {
		t.Errorf("csv %q (%v) differs from xlsx %q", recs, err, row)
	}
	if got := count(h, `select count(*) from audit_log where action = 'export' and nagari_code = $1`, nagariA); got != 1 {
		t.Errorf("%d export audit rows", got)
	}

	// A worker, and an officer of another nagari, get nothing of A's.
	h.say(8102, "/ekspor")
	h.expect(8102, "staff.denied")
	other := officer(h, 8002, domain.RoleNagari, "13.02.19.2001")
	h.say(other, "/ekspor")
	h.expect(other, "staff.export.empty")
	if documentsTo(h, other) != 0 {
		t.Error("an officer of another nagari got files")
	}
}

func TestQuotaAndWaitingList(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := t.Context()
	const nagari = "13.02.13.2002" // Muaro Pingai: participating in the seed, quota 0
	staff := officer(h, 9001, domain.RoleNagari, nagari)
	two := 2
	if _, _, err := h.store.SetNagari(ctx, nagari, postgres.NagariSetting{Quota: &two}); err != nil {
		t.Fatal(err)
	}
	base := time.Now().Add(-time.Hour)
	var ids []int64
	for i := range 5 {
		ids = append(ids, seedRegistration(h, h.user(9100+int64(i)), "13021345058000"+strconv.Itoa(20+i), nagari, base.Add(time.Duration(i)*time.Minute)))
	}
	// Verified out of order: the quota's two places go to the first two
	// verified, and the rest wait in order of submission.
	for _, i := range []int{3, 0, 4, 1} {
		verify(h, staff, ids[i])
	}
	covered := func() []bool {
		var out []bool
		for _, id := range ids {
			_, _, c := regStatus(h, id)
			out = append(out, c)
		}
		return out
	}
	if got := covered(); !slices.Equal(got, []bool{true, false, false, true, false}) {
		t.Fatalf("covered after verifying 3, 0, 4, 1 with quota 2: %v", got)
	}
	if n := outbox(h, `where chat_id = $1`, int64(9104)); len(n) != 1 || n[0].Data["Status"] != postgres.NoticeWaiting {
		t.Errorf("worker beyond the quota told %+v", n)
	}
	h.say(staff, "/antrian")
	q := h.expect(staff, "staff.queue.list")
	h.pressData(staff, q, h.buttonWithValue(q, "staff.queue|w:0"))
	waiting := h.expect(staff, "staff.queue.waiting")
	var order []string
	for _, row := range waiting.ReplyMarkup.InlineKeyboard {
		if v := unsigned(row[0].CallbackData); strings.HasPrefix(v, "staff.reg|") {
			order = append(order, strings.TrimPrefix(v, "staff.reg|"))
		}
	}
	if want := []string{strconv.FormatInt(ids[1], 10), strconv.FormatInt(ids[4], 10)}; !slices.Equal(order, want) {
		t.Errorf("waiting list order %v, want %v (submission order)", order, want)
	}

	// Raising the quota by one promotes the earliest waiting, who is told.
	three := 3
	np, promoted, err := h.store.SetNagari(ctx, nagari, postgres.NagariSetting{Quota: &three})
	if err != nil {
		t.Fatal(err)
	}
	if promoted != 1 || np.Covered != 3 || np.Waiting != 1 {
		t.Errorf("after raising the quota: %+v, promoted %d", np, promoted)
	}
	if got := covered(); !slices.Equal(got, []bool{true, true, false, true, false}) {
		t.Errorf("covered after raising the quota: %v", got)
	}
	if n := outbox(h, `where chat_id = $1`, int64(9101)); len(n) != 2 || n[1].Data["Status"] != postgres.NoticePromoted {
		t.Errorf("promoted worker told %+v", n)
	}
	if text := h.text("notify.status.registration", map[string]any{"Number": "REG-1", "Status": postgres.NoticePromoted, "Reason": ""}); !strings.Contains(text, "Kabar baik") {
		t.Errorf("promotion notice: %q", text)
	}

	// A nagari that has not joined: the worker is told at once and waits;
	// verification keeps them waiting; joining with a quota promotes them.
	const outside = "13.02.03.2001" // Lolo: not in the seed
	worker := h.user(9200)
	fill(h, worker, "1302044505800099", "address")
	h.say(worker, "Jorong Lolo")
	m := h.expect(worker, "reg.kecamatan.ask")
	h.press(worker, m, "Pantai Cermin")
	m = h.expect(worker, "reg.nagari.ask")
	h.press(worker, m, "Lolo")
	m = h.expect(worker, "reg.occupation.ask")
	h.press(worker, m, "occupation.petani")
	h.expect(worker, "reg.phone.ask")
	h.say(worker, "081234567890")
	h.expect(worker, "reg.phone.saved")
	h.expect(worker, "reg.mother.ask")
	h.say(worker, "Rosmaniar")
	h.expect(worker, "reg.heir.name_ask")
	h.say(worker, "Budi")
	m = h.expect(worker, "reg.heir.relation_ask")
	h.press(worker, m, "relation.pasangan")
	h.press(worker, h.expect(worker, "reg.summary.ask"), "reg.summary.submit")
	done := h.expect(worker, "reg.done")
	if waiting := h.text("reg.done.waiting", nil); !strings.Contains(done.Text, waiting) {
		t.Errorf("worker of a nagari that has not joined is not told so: %q", done.Text)
	}
	var id int64
	if err := h.pool.QueryRow(ctx, `select id from registrations where chat_id = $1`, worker).Scan(&id); err != nil {
		t.Fatal(err)
	}
	lolo := officer(h, 9002, domain.RoleNagari, outside)
	h.say(lolo, "/antrian")
	q = h.expect(lolo, "staff.queue.list")
	h.pressData(lolo, q, h.buttonWithValue(q, "staff.queue|w:0"))
	w := h.expect(lolo, "staff.queue.waiting")
	h.buttonWithValue(w, "staff.reg|"+strconv.FormatInt(id, 10))
	verify(h, lolo, id)
	if _, _, c := regStatus(h, id); c {
		t.Error("covered in a nagari that has not joined")
	}
	yes, hundred := true, 100
	if _, promoted, err := h.store.SetNagari(ctx, outside, postgres.NagariSetting{Participating: &yes, Quota: &hundred}); err != nil || promoted != 1 {
		t.Fatalf("joining promoted %d: %v", promoted, err)
	}
	if _, _, c := regStatus(h, id); !c {
		t.Error("not covered after the nagari joined")
	}
	if got := count(h, `select count(*) from audit_log where action = 'nagari.set' and nagari_code = $1`, outside); got != 1 {
		t.Errorf("%d audit rows for nagari set", got)
	}
}
