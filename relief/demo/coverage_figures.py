"""Reported totals of early January 2020 and the villages the reports named (demo input)."""

LEBAK_DISTRICTS = ("36.02.25", "36.02.04", "36.02.12", "36.02.11", "36.02.23", "36.02.13")
# Lebakgedong, Cipanas, Sajira, Cimarga as named in the reports.
LEBAK_NAMED = (
    "36.02.25.2001",
    "36.02.25.2002",
    "36.02.25.2003",
    "36.02.25.2004",
    "36.02.25.2005",
    "36.02.25.2006",
    "36.02.04.2002",
    "36.02.04.2005",
    "36.02.04.2006",
    "36.02.04.2007",
    "36.02.04.2008",
    "36.02.04.2010",
    "36.02.04.2014",
    "36.02.04.2015",
    "36.02.12.2002",
    "36.02.12.2004",
    "36.02.12.2011",
    "36.02.12.2014",
    "36.02.11.2004",
)
LEBAK = {
    "villages": 28,
    "displaced": 11_400,
    "households": 2_914,
    "deaths": 10,
    "houses_heavy": 1_410,
}
KOTA_TANGERANG = ("36.71", {"villages": 8, "displaced": 3_350})
TANGERANG_SELATAN = ("36.74", {"villages": 10, "affected": 65_001})
KAB_TANGERANG = ("36.03", {"villages": 10, "affected": 20_305})

SOURCE_LEBAK = "Total dilaporkan BPBD Lebak awal Januari 2020; pembagian per desa ilustratif (demo)"
SOURCE_TOTAL = "Total dilaporkan awal Januari 2020 (media/BPBD); pembagian per desa ilustratif"
SOURCE_UPDATE = "Pembaruan asesmen ilustratif (demo)"

# Lightly hit Lebak villages outside the named districts: a few families' houses flooded
# (2 to 6 % of the population affected, nobody displaced: severity 2). Not in the reports;
# added so the demo shows how the worst-hit villages fare against them (inequity rule).
LEBAK_LIGHT = {"villages": 4, "share": (0.02, 0.06)}
SOURCE_LIGHT = "Asesmen ilustratif desa terdampak ringan (demo, tidak dari laporan)"
