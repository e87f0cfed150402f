// Package chart draws the small bar charts staff get with /rekap and
// /cakupan, as PNG, because people would rather look than read.
//
// It draws with the standard library's image and image/png, and writes
// labels with golang.org/x/image's basicfont (already in the module graph
// through excelize). A charting library would bring a font renderer, a
// plotting grammar and vector back ends for what is one kind of chart of at
// most a few dozen bars; the drawing here is short and has no state.
//
// It imports the standard library and golang.org/x/image only.
package chart
