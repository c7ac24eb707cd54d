"""Read the project's village facts file into Area rows (pure: no database)."""

import csv
from collections.abc import Iterable
from pathlib import Path

FACTS_FILE = Path(__file__).resolve().parents[2] / "geodata" / "banten_villages_facts.csv"
PROVINCE = {"code": "36", "name": "Banten"}


def _number(value: str, kind=float):
    return kind(value) if value not in ("", None) else None


def area_rows(lines: Iterable[dict]) -> list[dict]:
    """Province, regency, district and village rows from village fact records."""
    villages, districts, regencies = [], {}, {}
    for rec in lines:
        regencies.setdefault(rec["regency_code"], rec["regency"])
        districts.setdefault(rec["district_code"], (rec["district"], rec["regency_code"]))
        villages.append(
            {
                "code": rec["code"],
                "name": rec["name"],
                "level": "village",
                "kind": rec["type"],
                "parent_code": rec["district_code"],
                "district_code": rec["district_code"],
                "regency_code": rec["regency_code"],
                "population": _number(rec["population_2010"], int),
                "area_km2": _number(rec["area_km2"]),
                "lat": _number(rec["lat"]),
                "lon": _number(rec["lon"]),
            }
        )
    rows = [dict(PROVINCE, level="province", kind="Provinsi")]
    for code, name in sorted(regencies.items()):
        kind = "Kota" if name.startswith("Kota") else "Kabupaten"
        rows.append(
            {
                "code": code,
                "name": name,
                "level": "regency",
                "kind": kind,
                "parent_code": "36",
                "regency_code": code,
            }
        )
    for code, (name, regency) in sorted(districts.items()):
        rows.append(
            {
                "code": code,
                "name": name,
                "level": "district",
                "kind": "Kecamatan",
                "parent_code": regency,
                "regency_code": regency,
                "district_code": code,
            }
        )
    _add_totals(rows, villages)
    return rows + villages


def _add_totals(rows: list[dict], villages: list[dict]) -> None:
    """Population and area of higher levels as sums over their villages."""
    by_code = {row["code"]: row for row in rows}
    for village in villages:
        for code in ("36", village["regency_code"], village["district_code"]):
            row = by_code[code]
            row["population"] = (row.get("population") or 0) + (village["population"] or 0)
            row["area_km2"] = round((row.get("area_km2") or 0) + (village["area_km2"] or 0), 3)


def read_facts(path: Path = FACTS_FILE) -> list[dict]:
    """All area rows from a facts CSV."""
    with path.open(newline="", encoding="utf-8") as handle:
        return area_rows(csv.DictReader(handle))
