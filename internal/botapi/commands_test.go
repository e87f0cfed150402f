package botapi_test

import (
	"errors"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/google/go-cmp/cmp"

	"github.com/jaganagari/jaganagari/internal/botapi"
)

// A chat's own command list is kept apart from the default, per language,
// removed by deleteMyCommands for that scope, and refused for a chat the
// bot does not know, as Telegram does.
func TestCommandsPerChatScope(t *testing.T) {
	t.Parallel()
	srv, url := newServer(t)
	b := newBot(t, url)
	ctx := t.Context()
	if err := srv.AddUser(botapi.User{ID: 42, FirstName: "Rina"}); err != nil {
		t.Fatal(err)
	}
	worker := []models.BotCommand{{Command: "start", Description: "Menu utama"}}
	staff := []models.BotCommand{{Command: "antrian", Description: "Antrian"}}
	must[bool](t)(b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: worker}))
	must[bool](t)(b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: staff, Scope: &models.BotCommandScopeChat{ChatID: 42}}))
	must[bool](t)(b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: staff, Scope: &models.BotCommandScopeChat{ChatID: "42"}, LanguageCode: "en"}))

	if got, ok := srv.ChatCommands(42, ""); !ok || cmp.Diff(staff, got) != "" {
		t.Errorf("chat list %v %v", got, ok)
	}
	if got, ok := srv.ChatCommands(42, "en"); !ok || cmp.Diff(staff, got) != "" {
		t.Errorf("chat list in English %v %v", got, ok)
	}
	if d := cmp.Diff(worker, srv.Commands("")); d != "" {
		t.Errorf("the default list changed (-want +got):\n%s", d)
	}
	got := must[[]models.BotCommand](t)(b.GetMyCommands(ctx, &bot.GetMyCommandsParams{Scope: &models.BotCommandScopeChat{ChatID: 42}}))
	if d := cmp.Diff(staff, got); d != "" {
		t.Errorf("getMyCommands (-want +got):\n%s", d)
	}

	must[bool](t)(b.DeleteMyCommands(ctx, &bot.DeleteMyCommandsParams{Scope: &models.BotCommandScopeChat{ChatID: 42}}))
	if _, ok := srv.ChatCommands(42, ""); ok {
		t.Error("the chat list survived deleteMyCommands")
	}
	if _, ok := srv.ChatCommands(42, "en"); !ok {
		t.Error("deleteMyCommands without a language removed the English list")
	}

	_, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: staff, Scope: &models.BotCommandScopeChat{ChatID: 777}})
	if !errors.Is(err, bot.ErrorBadRequest) {
		t.Errorf("unknown chat: err = %v", err)
	}
	calls := srv.CallsTo("setMyCommands")
	if len(calls) != 4 || calls[1].Params["scope"] != `{"type":"chat","chat_id":42}` {
		t.Errorf("recorded calls %+v", calls)
	}
}
