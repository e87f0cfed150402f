// Package locales holds every text a user sees, as go-i18n message files
// named <topic>.<lang>.toml: active.id.toml and active.en.toml hold the
// first features' texts, later features have a file per topic. Indonesian
// (id) is the default. Go code refers to messages only by ID.
package locales

import "embed"

// FS holds the message files.
//
//go:embed *.toml
var FS embed.FS
