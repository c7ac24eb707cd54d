"""The default commodities, units and norms, each norm with its cited source."""

COMMODITIES = [
    # code, name_id, name_en, base unit, core, lots, units [(code, id, en, factor)]
    (
        "rice",
        "Beras",
        "Rice",
        "kg",
        True,
        False,
        [
            ("kg", "kg", "kg", 1),
            ("sack25", "karung 25 kg", "25 kg sack", 25),
            ("sack50", "karung 50 kg", "50 kg sack", 50),
        ],
    ),
    (
        "medicine",
        "Obat-obatan (paket keluarga)",
        "Medicine (family kit)",
        "kit",
        True,
        True,
        [("kit", "paket", "kit", 1), ("box10", "dus isi 10 paket", "box of 10 kits", 10)],
    ),
    (
        "clothing",
        "Pakaian",
        "Clothing",
        "set",
        True,
        False,
        [("set", "stel", "set", 1), ("bale20", "bal isi 20 stel", "bale of 20 sets", 20)],
    ),
    (
        "water",
        "Air minum",
        "Drinking water",
        "l",
        False,
        False,
        [
            ("l", "liter", "litre", 1),
            ("box_600ml_24", "dus 24 x 600 ml", "case 24 x 600 ml", 14.4),
            ("gallon19", "galon 19 l", "19 l gallon", 19),
        ],
    ),
    (
        "blanket",
        "Selimut",
        "Blanket",
        "pcs",
        False,
        False,
        [("pcs", "lembar", "piece", 1), ("bale10", "bal isi 10", "bale of 10", 10)],
    ),
    (
        "hygiene_kit",
        "Paket kebersihan",
        "Hygiene kit",
        "kit",
        False,
        False,
        [("kit", "paket", "kit", 1), ("box10", "dus isi 10 paket", "box of 10 kits", 10)],
    ),
    (
        "baby_food",
        "Makanan bayi",
        "Baby food",
        "pack",
        False,
        False,
        [("pack", "bungkus", "pack", 1), ("box24", "dus isi 24", "box of 24", 24)],
    ),
    ("tarpaulin", "Terpal", "Tarpaulin", "pcs", False, False, [("pcs", "lembar", "piece", 1)]),
]

# Sources: each figure names its document, or says it is this project's policy where no
# document fixes the amount. Article numbers are given only where they were checked.
KEMENSOS = (
    "Kemensos: standar bantuan beras 0,4 kg per jiwa per hari bagi pengungsi "
    "(pedoman logistik tanggap darurat bencana)"
)
BAPANAS = (
    "Peraturan Badan Pangan Nasional No. 30 Tahun 2023: 0,25 kg beras per jiwa per hari "
    "(profil alternatif)"
)
CLOTHING = "Kebijakan proyek mengikuti praktik Kemensos: 1 stel pakaian per pengungsi, sekali"
# Flood water reaches the homes of families who stay as much as those who flee: a family kit
# for every affected household, so an affected-but-not-displaced village has a need.
MEDICINE = (
    "Kebijakan proyek: 1 paket obat keluarga per KK terdampak (termasuk KK pengungsi), sekali"
)
WATER = (
    "Sphere Handbook 2018, standar penyediaan air 'Access and water quantity': kebutuhan "
    "minum dan makanan 2,5-3 liter per orang per hari (dari minimal 15 liter untuk semua "
    "keperluan); kebijakan proyek menghitung 2,5 liter air minum per jiwa terdampak per hari"
)
HYGIENE = (
    "Sphere Handbook 2018, standar promosi kebersihan 'Identification, access to and use "
    "of hygiene items'; jumlah 1 paket per KK terdampak, sekali, adalah kebijakan proyek"
)

# profile -> commodity -> (amount, per, period, basis, source)
_SHARED = {
    "clothing": (1, "person", "once", "displaced", CLOTHING),
    "medicine": (1, "household", "once", "affected", MEDICINE),
    "water": (2.5, "person", "day", "affected", WATER),
    "hygiene_kit": (1, "household", "once", "affected", HYGIENE),
}
NORMS = {
    "kemensos": {"rice": (0.4, "person", "day", "displaced", KEMENSOS), **_SHARED},
    "bapanas": {"rice": (0.25, "person", "day", "displaced", BAPANAS), **_SHARED},
}
