package poster

import "testing"

func BenchmarkRender(b *testing.B) {
	w := words(b)
	for b.Loop() {
		if _, err := Render(alahanPanjang, w); err != nil {
			b.Fatal(err)
		}
	}
}
