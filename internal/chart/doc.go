// Package chart draws the pictures staff get with /rekap and /cakupan, as
// PNG, because people would rather look than read: a title and subtitle,
// stacked bars of the area's quota and registrations, then one bar per
// nagari or kecamatan, sorted by the share of quota in use, with the areas
// that have not joined listed apart in grey. Each colour means one thing on
// every chart, and each bar has its numbers written beside it.
//
// The pictures are drawn 1080 px wide, at most 1280 tall (the largest
// photo Telegram keeps unscaled), with text of 28 px and more, so they can
// be read in a chat on a small phone. Every word on them is given by the
// caller, rendered from locales/ in the chat's language; the package holds
// none.
//
// It draws with the standard library's image packages and golang.org/x/image:
// the Go fonts (gofont, embedded in the binary, so no font package is needed
// on the server) through opentype, and vector for rounded bars. A plotting
// library such as gonum.org/v1/plot was weighed and not taken: it draws
// axes-and-ticks plots with one title, where these charts need a title
// hierarchy, stacked bars with legends of counts, per-row figures and a
// list instead of bars for areas that have not joined, and it would bring
// gonum, PDF, SVG and LaTeX back ends besides.
//
// Recap and Coverage lay a chart out from the figures (domain.AreaStats,
// domain.Coverage) and words rendered by the caller; bot calls them with
// the store's answers, so storage never draws.
//
// It imports internal/domain, the standard library and golang.org/x/image.
package chart
