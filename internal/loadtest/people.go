package loadtest

import (
	"fmt"
	"strconv"
)

// Person is a simulated worker: the answers one registration gives.
type Person struct {
	NIK        string // as typed, in groups of four as on the KTP
	Name       string
	Address    string
	Phone      string
	MotherName string
	HeirName   string
	// Mistakes are the wrong answers this person gives first (each
	// corrected on the next update), so the load includes error paths.
	BadNIK, BadName, Sticker, TypedKecamatan, TypedPhone bool
}

var (
	firstNames = []string{"Siti", "Budi", "Rahmah", "Yusuf", "Nurhayati", "Zulkifli", "Fitri", "Hendra", "Yuliani", "Afrizal", "Rini", "Syafrudin", "Desi", "Irwan", "Mardiah", "Jasman"}
	lastNames  = []string{"Rahmawati", "Santoso", "Putri", "Chaniago", "Koto", "Piliang", "Sikumbang", "Tanjung", "Jambak", "Melayu", "Guci", "Caniago"}
	jorong     = []string{"Koto Baru", "Aie Dingin", "Kampung Tangah", "Batu Bajanjang", "Lubuk Selasih", "Sungai Nanam", "Talang Babungo"}
	// kecamatanCodes are digits 5-6 of NIKs issued in Kabupaten Solok.
	kecamatanCodes = []string{"03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "17", "18", "19"}
)

// maxPeople is how many distinct NIKs PersonAt makes: 9,999 serials times
// 336 birth dates (28 days, 12 months) times the kecamatan codes.
const maxPeople = 9999 * 28 * 12

// PersonAt returns the i-th simulated worker. Different i give different
// NIKs (for i below maxPeople), so every registration of a run is new; about
// one in three makes at least one mistake on the way.
func PersonAt(i int) Person {
	serial := i%9999 + 1
	d := i / 9999
	day, month := d%28+1, (d/28)%12+1
	kec := kecamatanCodes[(i/maxPeople+i)%len(kecamatanCodes)]
	year := 70 + i%30 // born 1970-1999: of working age
	if i%2 == 1 {
		day += 40 // women's NIKs add 40 to the day
	}
	nik := fmt.Sprintf("1302%s%02d%02d%02d%04d", kec, day, month, year, serial)
	first, last := firstNames[i%len(firstNames)], lastNames[(i/len(firstNames))%len(lastNames)]
	return Person{
		NIK:        nik[:4] + " " + nik[4:8] + " " + nik[8:12] + " " + nik[12:],
		Name:       first + " " + last,
		Address:    "Jorong " + jorong[i%len(jorong)] + ", Jl. Raya Solok No. " + strconv.Itoa(i%200+1),
		Phone:      "0812" + fmt.Sprintf("%08d", i%100000000),
		MotherName: firstNames[(i+3)%len(firstNames)],
		HeirName:   firstNames[(i+5)%len(firstNames)] + " " + last,

		BadNIK:         i%10 == 3,
		BadName:        i%10 == 6,
		Sticker:        i%7 == 0,
		TypedKecamatan: i%10 == 8,
		TypedPhone:     i%10 == 9,
	}
}
