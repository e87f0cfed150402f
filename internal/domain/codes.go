package domain

import "slices"

// Occupations are the codes of the pekerjaan picker, in display order: the
// work of pekerja rentan in and around Solok. Labels are message IDs "occupation.<code>";
// "lainnya" asks for free text in Registration.OccupationOther. Codes are
// stored, so never rename one.
var Occupations = []string{
	"petani",
	"buruh_harian",
	"pedagang",
	"nelayan",
	"peternak",
	"ojek_sopir",
	"tukang_bangunan",
	"guru_mengaji",
	"umkm",
	"lainnya",
}

// OccupationOtherCode is the occupation code ("lainnya") for which the user
// types the occupation into Registration.OccupationOther.
const OccupationOtherCode = "lainnya"

// HeirRelations are the codes of an ahli waris' relation to the participant,
// in their legal order (spouse and children first, mertua last), which is
// also the display order. Labels are "relation.<code>".
var HeirRelations = []string{
	"pasangan",
	"anak",
	"orang_tua",
	"cucu",
	"kakek_nenek",
	"saudara_kandung",
	"mertua",
}

// IsOccupation reports whether code is one of Occupations.
func IsOccupation(code string) bool { return slices.Contains(Occupations, code) }

// IsHeirRelation reports whether code is one of HeirRelations.
func IsHeirRelation(code string) bool { return slices.Contains(HeirRelations, code) }
