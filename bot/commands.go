package bot

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/flows"
	"github.com/jaganagari/jaganagari/internal/render"
)

// Menus says which command menu each chat that was ever staff should have
// (domain.MenuOf its active roles), for SyncCommands.
type Menus interface {
	StaffMenus(ctx context.Context) ([]domain.ChatMenu, error)
}

// commandLanguages are the language codes each command list is set for:
// "" (every client without a list of its own: Indonesian) and "en".
var commandLanguages = []string{"", "en"}

// commandsRetry is how long SyncCommands waits before trying again what
// failed; a bind or revoke in between tries at once.
const commandsRetry = 5 * time.Minute

// SyncCommands keeps Telegram's "/" menus right until ctx ends: the
// workers' list for everyone (the default scope), then each staff chat's
// own list (a chat scope), or the default again for a chat whose bindings
// were all revoked. It does it all once at start, then for a chat each time
// an invite is redeemed or a binding revoked there, and again every
// commandsRetry for whatever failed. Failures are logged; updates are
// handled meanwhile as ever, since the menus only help people find the
// commands, which work typed.
//
// Start it once per process next to Poll or the webhook, as run and
// simulate do.
func (b *Bot) SyncCommands(ctx context.Context) {
	log := b.log.With("part", "commands")
	defaultSet := false
	all := true // every staff chat, at start; after that the chats kicked
	pending := map[int64]bool{}
	for {
		if !defaultSet {
			defaultSet = b.setCommands(ctx, log, nil, domain.MenuWorker)
		}
		failed := !defaultSet
		if b.opts.Menus == nil {
			all, pending = false, map[int64]bool{}
		}
		if all || len(pending) > 0 {
			menus, err := b.opts.Menus.StaffMenus(ctx)
			if err != nil {
				log.Warn("load staff menus", "err", err)
				failed = true
			}
			for _, m := range menus {
				if err != nil || (!all && !pending[m.ChatID]) {
					continue
				}
				chat := m.ChatID
				if b.setCommands(ctx, log, &chat, m.Menu) {
					delete(pending, chat)
				} else {
					pending[chat] = true
					failed = true
				}
			}
			if err == nil {
				all = false
				// A kicked chat with no binding at all has nothing to set.
				for chat := range pending {
					if !hasChat(menus, chat) {
						delete(pending, chat)
					}
				}
			}
		}
		var retry <-chan time.Time
		var timer *time.Timer
		if failed {
			timer = time.NewTimer(commandsRetry)
			retry = timer.C
		}
		select {
		case <-ctx.Done():
		case <-retry:
		case chat := <-b.menuKick:
			pending[chat] = true
		}
		if timer != nil {
			timer.Stop()
		}
		if ctx.Err() != nil {
			return
		}
	}
}

func hasChat(menus []domain.ChatMenu, chat int64) bool {
	for _, m := range menus {
		if m.ChatID == chat {
			return true
		}
	}
	return false
}

// kickMenu asks SyncCommands to set chat's menu again after a staff change
// in this update. It never waits: with the queue full, the chat is picked
// up by the next kick's full look-up or the next start.
func (b *Bot) kickMenu(chat int64) {
	select {
	case b.menuKick <- chat:
	default:
		b.log.Warn("command menu update queue full", "chat", b.chatRef(chat))
	}
}

// staffChanged reports the chats whose staff bindings an update's results
// changed: the chat that redeemed an invite, the chat of a revoked officer.
func staffChanged(chat int64, results []engine.Result) []int64 {
	var out []int64
	for i := range results {
		r := &results[i]
		switch {
		case r.Err != "":
		case r.Effect == (engine.BindStaff{}).EffectName():
			out = append(out, chat)
		case r.Effect == (engine.RevokeStaff{}).EffectName():
			if a := engine.AnswerOf[engine.RevokeStaff](r); a.Found && a.ChatID != 0 {
				out = append(out, a.ChatID)
			}
		}
	}
	return out
}

// setCommands sets menu for chat (nil: the default scope) in every
// command language. A chat back on the workers' menu loses its own lists,
// so that it sees the default as everyone does. It reports whether every
// call succeeded.
func (b *Bot) setCommands(ctx context.Context, log *slog.Logger, chat *int64, menu domain.CommandMenu) bool {
	var scope models.BotCommandScope = &models.BotCommandScopeDefault{}
	if chat != nil {
		scope = &models.BotCommandScopeChat{ChatID: *chat}
		log = log.With("chat", b.chatRef(*chat))
	}
	ok := true
	for _, lang := range commandLanguages {
		var err error
		if chat != nil && menu == domain.MenuWorker {
			_, err = b.api.DeleteMyCommands(ctx, &tgbot.DeleteMyCommandsParams{Scope: scope, LanguageCode: lang})
		} else {
			var cmds []models.BotCommand
			if cmds, err = b.commandList(menu, lang); err == nil {
				_, err = b.api.SetMyCommands(ctx, &tgbot.SetMyCommandsParams{Commands: cmds, Scope: scope, LanguageCode: lang})
			}
		}
		b.opts.Metrics.apiError(err)
		if err != nil {
			log.Warn("set command menu", "menu", string(menu), "lang", lang, "err", err)
			ok = false
		}
	}
	return ok
}

// commandList is menu's commands with their descriptions in lang.
func (b *Bot) commandList(menu domain.CommandMenu, lang string) ([]models.BotCommand, error) {
	if lang == "" {
		lang = render.DefaultLanguage
	}
	names := flows.CommandMenu(menu)
	cmds := make([]models.BotCommand, 0, len(names))
	for _, name := range names {
		desc, err := b.opts.Renderer.Text(lang, "staffmenu.cmd."+name, nil)
		if err != nil {
			return nil, fmt.Errorf("describe /%s: %w", name, err)
		}
		cmds = append(cmds, models.BotCommand{Command: name, Description: desc})
	}
	return cmds, nil
}
