package config_test

import (
	"errors"
	"testing"

	"github.com/jaganagari/jaganagari/internal/config"
)

func TestLoad_botUsername(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"": "", "JagaNagariBot": "JagaNagariBot", "@jaga_nagari_bot": "jaga_nagari_bot", " JagaNagariBOT ": "JagaNagariBOT"} {
		c, err := config.Load(env{"TELEGRAM_BOT_USERNAME": in}.get)
		if err != nil || c.BotUsername != want {
			t.Errorf("TELEGRAM_BOT_USERNAME=%q: %q, %v; want %q", in, c.BotUsername, err, want)
		}
	}
	for _, bad := range []string{"JagaNagari", "bot", "t.me/JagaNagariBot", "Jaga Nagari Bot", "a_username_far_too_long_for_telegram_bot"} {
		_, err := config.Load(env{"TELEGRAM_BOT_USERNAME": bad}.get)
		var ce *config.Error
		if !errors.As(err, &ce) || len(ce.Vars) != 1 || ce.Vars[0].Name != "TELEGRAM_BOT_USERNAME" {
			t.Errorf("TELEGRAM_BOT_USERNAME=%q: %v, want it refused", bad, err)
		}
	}
}
