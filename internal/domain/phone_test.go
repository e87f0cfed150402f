package domain

import (
	"fmt"
	"testing"
)

func TestParsePhone(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Phone
		msg  string
	}{
		{"081234567890", "+6281234567890", ""},
		{"0812-3456-7890", "+6281234567890", ""},
		{"0812 3456 7890", "+6281234567890", ""},
		{"0812.3456.7890", "+6281234567890", ""},
		{"(0812) 3456 7890", "+6281234567890", ""},
		{"+62 812 3456 7890", "+6281234567890", ""},
		{"+62-812-3456-7890", "+6281234567890", ""},
		{"+62 (0) 812 3456 7890", "+6281234567890", ""},
		{"+620812 3456 7890", "+6281234567890", ""},
		{"6281234567890", "+6281234567890", ""},
		{"62 0812 3456 7890", "+6281234567890", ""},
		{"006281234567890", "+6281234567890", ""},
		{"81234567890", "+6281234567890", ""},
		{" 0812\u00a03456\u00a07890 ", "+6281234567890", ""},
		{"0812345678", "+62812345678", ""},                 // shortest: 8 + 8 digits
		{"0812345678901", "+62812345678901", ""},           // longest: 8 + 11 digits
		{"+6281234567890", "+6281234567890", ""},           // already canonical
		{"0895 1234 5678", "+6289512345678", ""},           // Tri
		{"0881-2345-6789", "+6288123456789", ""},           // Smartfren
		{"0855 1234 567", "+628551234567", ""},             // Indosat
		{"[0821] 1234-5678", "+6282112345678", ""},         // brackets
		{"0812/3456/7890", "+6281234567890", ""},           // slashes
		{"0812\u20113456\u20117890", "+6281234567890", ""}, // unicode hyphens

		{"", "", "phone.invalid"},
		{"   ", "", "phone.invalid"},
		{"0755 20001", "", "phone.invalid"},      // Solok landline
		{"(0755) 123456", "", "phone.invalid"},   // landline with brackets
		{"08412345678", "", "phone.invalid"},     // no 084 block
		{"08012345678", "", "phone.invalid"},     // no 080 block
		{"081234567", "", "phone.invalid"},       // too short
		{"08123456789012", "", "phone.invalid"},  // too long
		{"+1 415 555 0100", "", "phone.invalid"}, // another country
		{"+60 12 345 6789", "", "phone.invalid"}, // Malaysia
		{"081234567890a", "", "phone.invalid"},   // letter
		{"0812 3456 7890 ext 1", "", "phone.invalid"},
		{"+6281234567890+", "", "phone.invalid"},
		{"++6281234567890", "", "phone.invalid"},
		{"08+1234567890", "", "phone.invalid"},
		{"abc", "", "phone.invalid"},
		{"📞081234567890", "", "phone.invalid"},
		{"０８１２３４５６７８９０", "", "phone.invalid"},
		{long("0"), "", "phone.invalid"},
		{long("081234567890 "), "", "phone.invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParsePhone(tt.in)
			wantMsg(t, err, tt.msg)
			if got != tt.want {
				t.Errorf("ParsePhone(%q) = %q, want %q", tt.in, string(got), string(tt.want))
			}
		})
	}
}

func TestPhoneMasked(t *testing.T) {
	t.Parallel()
	tests := []struct {
		p    Phone
		want string
	}{
		{"+628123456789", "+62812****789"},
		{"+6281234567890", "+62812*****890"},
		{"+62812345678", "+62812***678"},
		{"", ""},
		{"+62", "***"},
	}
	for _, tt := range tests {
		if got := tt.p.Masked(); got != tt.want {
			t.Errorf("Phone(%q).Masked() = %q, want %q", string(tt.p), got, tt.want)
		}
		if got := tt.p.String(); got != tt.want {
			t.Errorf("Phone(%q).String() = %q, want %q", string(tt.p), got, tt.want)
		}
		if got := fmt.Sprintf("%v|%s|%#v", tt.p, tt.p, tt.p); got != tt.want+"|"+tt.want+"|\""+tt.want+"\"" {
			t.Errorf("Sprintf = %q", got)
		}
		if got := tt.p.LogValue().String(); got != tt.want {
			t.Errorf("LogValue = %q, want %q", got, tt.want)
		}
	}
}
