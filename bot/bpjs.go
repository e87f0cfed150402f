package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	tgbot "github.com/go-telegram/bot"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/export"
)

// maxResultFile is the largest result file the bot downloads: a nagari's
// answer from BPJS is a few hundred rows, tens of kilobytes.
const maxResultFile = 5 << 20

// Problems of a result file found while fetching it.
const (
	importTooBig         = "bpjs.import.too_big"
	importDownloadFailed = "bpjs.import.download_failed"
)

// readResultFiles downloads and reads the file of each ImportResult among
// effects into its File, before the store sees it: the store reads no
// files. A file that cannot be fetched or read becomes a File.Problem the
// staff member is told, and changes nothing.
func (b *Bot) readResultFiles(ctx context.Context, log *slog.Logger, effects []engine.Effect, now time.Time) []engine.Effect {
	for i, e := range effects {
		if reg, ok := e.(engine.ImportRegistrations); ok && reg.FileID != "" {
			effects[i] = b.readImportFile(ctx, log, reg)
			continue
		}
		imp, ok := e.(engine.ImportResult)
		if !ok || imp.FileID == "" {
			continue
		}
		data, err := b.download(ctx, imp.FileID)
		switch {
		case errors.Is(err, errFileTooBig):
			imp.File = domain.ResultFile{Problem: importTooBig}
		case err != nil:
			log.Warn("download result file", "err", err)
			imp.File = domain.ResultFile{Problem: importDownloadFailed}
		default:
			imp.File = readResultFile(imp.Name, data, now)
		}
		effects[i] = imp
	}
	return effects
}

// readResultFile reads a result file's bytes as of now.
func readResultFile(name string, data []byte, now time.Time) domain.ResultFile {
	table, err := export.Read(name, data)
	switch {
	case errors.Is(err, export.ErrTooBig):
		return domain.ResultFile{Problem: importTooBig}
	case err != nil:
		return domain.ResultFile{Problem: domain.ResultUnreadable}
	}
	return domain.ReadResult(table, now)
}

// readImportFile downloads a nagari's list of members and puts its cells
// into e.Table, or a file-level problem into e.Problem; the store reads
// the rows, since checking them needs the nagari it finds.
func (b *Bot) readImportFile(ctx context.Context, log *slog.Logger, e engine.ImportRegistrations) engine.ImportRegistrations {
	data, err := b.download(ctx, e.FileID)
	switch {
	case errors.Is(err, errFileTooBig):
		e.Problem = importFileTooBig
		return e
	case err != nil:
		log.Warn("download import file", "err", err)
		e.Problem = importFileDownloadFailed
		return e
	}
	table, err := export.Read(e.Name, data)
	switch {
	case errors.Is(err, export.ErrTooBig):
		e.Problem = importFileTooBig
	case err != nil:
		e.Problem = domain.ImportFileUnreadable
	default:
		e.Table = table
	}
	return e
}

// Problems of a members' file found while fetching it.
const (
	importFileTooBig         = "import.file.too_big"
	importFileDownloadFailed = "import.file.download_failed"
)

var errFileTooBig = errors.New("file too big")

// download fetches a file a user sent: getFile, then its bytes.
func (b *Bot) download(ctx context.Context, fileID string) ([]byte, error) {
	f, err := b.api.GetFile(ctx, &tgbot.GetFileParams{FileID: fileID})
	if err != nil {
		return nil, fmt.Errorf("get file: %w", err)
	}
	if f.FileSize > maxResultFile {
		return nil, errFileTooBig
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.api.FileDownloadLink(f), nil)
	if err != nil {
		return nil, err
	}
	resp, err := b.pollClient.Do(req)
	if err != nil {
		// The address holds the bot token: keep it out of the error.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("download file: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("download file: %s", resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResultFile+1))
	if err != nil {
		return nil, fmt.Errorf("download file: %w", err)
	}
	if len(data) > maxResultFile {
		return nil, errFileTooBig
	}
	return data, nil
}

// batchFiles are a batch's XLSX and CSV, for the reply.
func batchFiles(a engine.BatchCreated) ([]engine.File, error) {
	if !a.Found || len(a.Rows) == 0 {
		return nil, nil
	}
	xn, x, cn, c, err := export.BatchFiles(a.Batch, a.Rows)
	if err != nil {
		return nil, err
	}
	return []engine.File{{Name: xn, Data: x}, {Name: cn, Data: c}}, nil
}
