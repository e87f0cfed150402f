// Package card draws the digital member card a worker gets with /kartu, as
// a PNG to keep on the phone and show: the worker's name, KPJ number,
// nagari and kecamatan, the cover period, the programme that pays, and what
// to do after a work accident. It is drawn only for an active membership;
// bot decides that, and this package draws what it is given.
//
// The card is drawn 1080 px wide, as the charts are (internal/chart), with
// text of 28 px and more, so it reads in a chat on a small phone, and
// stays under 1280 px tall, the largest photo Telegram keeps unscaled.
// Every word on it comes from the caller, rendered from locales/ in the
// chat's language; the package holds none. It says it is not BPJS's own
// card, which only BPJS issues.
//
// It draws with the standard library's image packages and golang.org/x/image
// (the Go fonts, embedded in the binary, through opentype; vector for the
// rounded panel), like internal/chart. It does no I/O.
//
// It imports internal/domain, the standard library and golang.org/x/image.
package card
