// Package poster draws the printable A4 poster of a nagari: the
// programme's name, the nagari and its kecamatan, a short call to
// register, a large QR code of the bot's deep link for that nagari, the
// link written out for those who cannot scan, and the nagari office's
// contact when it has given one. Staff get it with /poster and the CLI
// writes all 74 with `jaganagari poster`.
//
// The poster is one picture, PNG, 1240 × 1754 px (A4 at 150 dpi: large
// text and a QR code whose modules are whole pixels print sharply at that
// size, and the file stays small enough to send as a Telegram photo), and
// the same picture placed on one A4 page of a PDF (fpdf), which prints at
// the right size from any phone or office PC.
//
// Every word on it is given by the caller (Words), rendered from locales/;
// the package holds none. It draws with the standard library's image
// packages and golang.org/x/image's embedded Go fonts, as internal/chart
// does, so no font package is needed on the server; the QR symbol comes
// from github.com/piglig/go-qr, whose modules are drawn here as squares.
// It does no I/O: it answers bytes.
//
// It imports the standard library, golang.org/x/image, go-qr and fpdf.
package poster
