package bot

// The template fields of locales/whatsapp.*.toml: Name, Nagari, Number,
// Waiting, Code and Expires are shared; Link is the bot's start link.
func init() {
	sampleData["Link"] = "https://t.me/JagaNagariBot?start=kKMRTXA"
}
