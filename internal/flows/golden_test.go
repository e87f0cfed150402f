package flows

import (
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/render"
	"github.com/jaganagari/jaganagari/locales"
)

// Every transcript is also written out whole, rendered as the worker reads
// it, to testdata/<test>/<subtest>.golden: a change of wording or of a
// button shows up there as a diff to review.
var update = flag.Bool("update", false, "rewrite the golden transcripts in testdata/")

var renderer = sync.OnceValues(func() (*render.Renderer, error) { return render.New(locales.FS) })

// golden is the conversation a test has written so far.
type golden struct {
	strings.Builder
	shown []engine.Reply // the replies last shown, whose buttons a press names
}

// goldens holds the golden of each running test, and in checked the paths
// of the golden files compared or written.
var goldens = struct {
	sync.Mutex
	open    map[*testing.T]*golden
	checked map[string]bool
}{open: map[*testing.T]*golden{}, checked: map[string]bool{}}

// goldenOf returns the conversation of t, comparing it with its golden file
// (or writing it, with -update) when t ends.
func goldenOf(t *testing.T) *golden {
	goldens.Lock()
	defer goldens.Unlock()
	if b := goldens.open[t]; b != nil {
		return b
	}
	b := &golden{}
	goldens.open[t] = b
	path := filepath.Join("testdata", filepath.FromSlash(goldenName(t.Name()))+".golden")
	goldens.checked[path] = true
	t.Cleanup(func() {
		goldens.Lock()
		delete(goldens.open, t)
		goldens.Unlock()
		if t.Failed() {
			return // a conversation cut short says nothing new
		}
		checkGolden(t, path, b.String())
	})
	return b
}

// goldenName keeps a test's name to characters any shell takes unquoted.
func goldenName(name string) string {
	return strings.Map(func(r rune) rune {
		if r == '/' || r == '-' || r == '_' || r == '.' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' {
			return r
		}
		return '_'
	}, name)
}

func checkGolden(t *testing.T, path, got string) {
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v: run go test ./internal/flows -update to write it", err)
	}
	if diff := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(got, "\n")); diff != "" {
		t.Errorf("the conversation differs from %s (-golden +now); if the change is meant, run go test ./internal/flows -update and review the diff:\n%s", path, diff)
	}
}

// TestMain fails a whole run that leaves a golden file no test wrote (a
// test renamed or deleted), and with -update deletes it.
func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if code != 0 || flag.Lookup("test.run").Value.String() != "" || flag.Lookup("test.skip").Value.String() != "" {
		os.Exit(code)
	}
	err := filepath.WalkDir("testdata", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".golden") || goldens.checked[path] {
			return err
		}
		if *update {
			return os.Remove(path)
		}
		code = 1
		fmt.Fprintf(os.Stderr, "%s belongs to no test: run go test ./internal/flows -update to delete it\n", path)
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		code = 1
	}
	os.Exit(code)
}

// turn renders one turn in lang: what the user sent, the effects it set
// off, and each reply with its buttons.
func (b *golden) turn(t *testing.T, in engine.Input, replies []engine.Reply, effects []string, lang string) {
	t.Helper()
	shown := b.shown
	b.shown = replies
	r, err := renderer()
	if err != nil {
		t.Fatal(err)
	}
	label := func(btn engine.Button) string {
		l, err := r.Label(lang, btn)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	if b.Len() > 0 {
		b.WriteString("\n")
	}
	fmt.Fprintf(b, "> %s\n", describeInput(in, shown, label))
	if len(effects) > 0 {
		fmt.Fprintf(b, "* %s\n", strings.Join(effects, ", "))
	}
	for _, rp := range replies {
		text, err := r.Text(lang, rp.Msg, rp.Data)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString("\n")
		for i, line := range strings.Split(text, "\n") {
			prefix := "  "
			if i == 0 {
				prefix = "< "
			}
			b.WriteString(strings.TrimRight(prefix+line, " ") + "\n")
		}
		writeRows(b, "buttons", rp.Buttons, label)
		writeShares(t, b, rp.Buttons)
		writeRows(b, "keyboard", rp.Keyboard, label)
		if rp.RemoveKeyboard {
			b.WriteString("  (keyboard removed)\n")
		}
		if rp.File != nil {
			fmt.Fprintf(b, "  (file %s)\n", rp.File.Name)
		}
	}
}

func writeRows(b *golden, name string, rows [][]engine.Button, label func(engine.Button) string) {
	for i, row := range rows {
		head := strings.Repeat(" ", len(name)+1)
		if i == 0 {
			head = name + ":"
		}
		b.WriteString("  " + head)
		for _, btn := range row {
			l := label(btn)
			switch {
			case btn.Contact:
				l += " (shares the number)"
			case btn.Location:
				l += " (shares the location)"
			case btn.Share != nil:
				l += " (opens WhatsApp to " + string(btn.Share.Phone) + ")"
			}
			b.WriteString(" [" + l + "]")
		}
		b.WriteString("\n")
	}
}

// writeShares writes the message each share button opens WhatsApp with,
// rendered in the default language as the bot sends it, under a bot named
// JagaNagariBot.
func writeShares(t *testing.T, b *golden, rows [][]engine.Button) {
	t.Helper()
	r, err := renderer()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		for _, btn := range row {
			sh := btn.Share
			if sh == nil {
				continue
			}
			data := maps.Clone(sh.Data)
			if data == nil {
				data = map[string]any{}
			}
			data["Link"] = ""
			if sh.Start != "" {
				data["Link"] = "https://t.me/JagaNagariBot?start=" + sh.Start
			}
			text, err := r.Text(render.DefaultLanguage, sh.Msg, data)
			if err != nil {
				t.Fatal(err)
			}
			b.WriteString("  whatsapp " + string(sh.Phone) + ":\n")
			for _, line := range strings.Split(text, "\n") {
				b.WriteString(strings.TrimRight("  | "+line, " ") + "\n")
			}
		}
	}
}

// describeInput says what the user sent: a press by the label of the button
// shown, anything else by its kind.
func describeInput(in engine.Input, shown []engine.Reply, label func(engine.Button) string) string {
	switch in.Kind {
	case engine.KindText:
		return in.Text
	case engine.KindCommand:
		return strings.TrimSpace("/" + in.Command + " " + in.Text)
	case engine.KindButton:
		for _, rp := range shown {
			for _, row := range rp.Buttons {
				if i := slices.IndexFunc(row, func(b engine.Button) bool { return b.Step == in.Step && b.Value == in.Value }); i >= 0 {
					return "[" + label(row[i]) + "]"
				}
			}
		}
		if in.Value == engine.ValueBack {
			return "[" + label(engine.BackButton()) + "]"
		}
		return fmt.Sprintf("[a button of an older message: %s %s]", in.Step, in.Value)
	case engine.KindContact:
		if in.OwnContact {
			return "(shares own number " + in.Phone + ")"
		}
		return "(shares someone else's number " + in.Phone + ")"
	case engine.KindPhoto:
		return "(photo " + in.FileID + ")"
	case engine.KindDocument:
		if in.FileName != "" {
			return "(sends the document " + in.FileName + ")"
		}
		return "(file " + in.FileID + ")"
	case engine.KindLocation:
		return fmt.Sprintf("(location %.4f, %.4f)", in.Lat, in.Lon)
	case engine.KindEdit:
		return "(edits an earlier message)"
	case engine.KindForward:
		return "(forwards a message)"
	default:
		return "(a sticker, voice note or the like)"
	}
}
