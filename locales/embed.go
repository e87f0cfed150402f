// Package locales holds every text a user sees, as go-i18n message files:
// active.id.toml (Indonesian, the default) and active.en.toml. Go code
// refers to messages only by ID.
package locales

import "embed"

// FS holds the message files.
//
//go:embed *.toml
var FS embed.FS
