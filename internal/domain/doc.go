// Package domain holds JagaNagari's vocabulary: NIK, phone numbers, dates
// and times of day, names and their spelling, the nagari of Kabupaten Solok,
// the codes of occupations and relations (codes.go), and the registration
// and report records, each with the parser and validator that guard it. It
// also owns the records as stored (RegistrationRecord, ReportRecord, their
// summaries, StaffMember, AreaStats) and the words the store, the flows and
// the CLI share: staff roles, report stages and their order, reject reasons.
//
// Everything else in the module rests on this package, so it imports the
// standard library only and never reads a clock: callers pass now. Errors the
// user can fix are *InputError values carrying a message ID; the Indonesian
// text for those IDs lives in locales/, so no user-facing text is written here.
package domain
