"""What the cells of a shipment import name: depots, villages, commodities and units.

Loaded once per check (a handful of queries whatever the number of rows), then each row is
resolved in memory. A value nobody can place is refused with the values accepted, so the
person fixing the sheet need not guess ("Komoditas tidak dikenal: 'Emas'. Yang diterima:
Beras (rice), ...").
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from relief.areas.models import Area
from relief.areas.names import CODE, Village, index_by_key, load_villages, match_village
from relief.areas.queries import place_labels
from relief.catalog.names import Names, commodity_names, unit_names
from relief.catalog.queries import all_commodities
from relief.core.formatting import local_name
from relief.events.models import Event
from relief.extensions import db
from relief.logistics.models import Depot

LISTED = 12  # accepted values named in one message at most


def _listing(labels: list[str]) -> str:
    shown = ", ".join(labels[:LISTED])
    return shown + (", ..." if len(labels) > LISTED else "")


@dataclass
class Vocabulary:
    """The names an import may use, loaded for one check."""

    depots: Names
    commodities: Names
    units: dict[str, Names]
    commodity_rows: dict
    village_codes: set[str]
    regency_codes: list[str]
    _villages: list[Village] | None = field(default=None, repr=False)
    _by_key: dict = field(default_factory=dict, repr=False)
    _matches: dict = field(default_factory=dict, repr=False)  # rows repeat their villages

    @classmethod
    def load(cls, rows: list[dict], event_id: int) -> "Vocabulary":
        """Everything the rows may name, in a few queries."""
        depots = Names()
        for depot in db.session.scalars(select(Depot).order_by(Depot.name)):
            depots.add(str(depot.id), depot.name, depot.name)
        commodities = all_commodities()
        codes = {r.get("destination_code", "").strip() for r in rows}
        known = set(
            db.session.scalars(
                select(Area.code).where(
                    Area.code.in_({c for c in codes if CODE.match(c)}), Area.level == "village"
                )
            )
        )
        event = db.session.get(Event, event_id)
        return cls(
            depots=depots,
            commodities=commodity_names(commodities, local_name),
            units={c.code: unit_names(c, local_name) for c in commodities},
            commodity_rows={c.code: c for c in commodities},
            village_codes=known,
            regency_codes=list(event.regency_codes or []) if event else [],
        )

    def villages(self) -> list[Village]:
        """The villages of the event's regencies (loaded when a row names one by name)."""
        if self._villages is None:
            self._villages = load_villages(self.regency_codes)
            self._by_key = index_by_key(self._villages)
        return self._villages

    def resolve_row(self, row: dict, add: Callable[[str, str], None]) -> dict:
        """The codes a row's cells stand for (None where a cell names nothing; `add` is told
        why, by column)."""
        return {
            "depot_id": self._depot(row.get("origin_depot", ""), add),
            "village": self._village(row, add),
            **self._goods(row.get("commodity", ""), row.get("unit", ""), add),
        }

    def _depot(self, text: str, add) -> int | None:
        if not text:
            return None
        code = self.depots.resolve(text)
        if code is None:
            add(
                "origin_depot",
                _(
                    "Gudang tidak dikenal: '%(v)s'. Yang diterima: %(a)s.",
                    v=text,
                    a=_listing(list(self.depots.labels.values())),
                ),
            )
            return None
        return int(code)

    def _village(self, row: dict, add) -> str | None:
        text = row.get("destination_code", "").strip()
        if not text:
            return None
        if CODE.match(text):
            if text not in self.village_codes:
                add("destination_code", _("Kode desa/kelurahan tidak dikenal."))
                return None
            return text
        place = (text, row.get("district", ""), row.get("regency", ""))
        if place not in self._matches:
            villages = self.villages()
            self._matches[place] = match_village(villages, *place, by_key=self._by_key)
        match = self._matches[place]
        if match.code:
            return match.code
        if match.candidates:
            add(
                "destination_code",
                _(
                    "Nama desa '%(v)s' ada di %(n)d tempat: %(p)s. Tambahkan kecamatan (kolom "
                    "district, atau 'Banjarsari, Warunggunung') atau isi kode wilayah.",
                    v=text,
                    n=len(match.candidates),
                    p=_listing([f"{v.label} ({v.code})" for v in match.candidates]),
                ),
            )
        else:
            message = _(
                "Desa/kelurahan tidak dikenal di wilayah kejadian: '%(v)s'. Isi kode "
                "wilayah (36.02.25.2003) atau nama desa dengan kecamatan.",
                v=text,
            )
            if match.near:
                message += " " + _(
                    "Mungkin: %(p)s.", p=_listing([f"{v.label} ({v.code})" for v in match.near])
                )
            add("destination_code", message)
        return None

    def _goods(self, commodity_text: str, unit_text: str, add) -> dict:
        commodity = self.commodities.resolve(commodity_text) if commodity_text else None
        if commodity_text and commodity is None:
            add(
                "commodity",
                _(
                    "Komoditas tidak dikenal: '%(v)s'. Yang diterima: %(a)s.",
                    v=commodity_text,
                    a=self.commodities.accepted(),
                ),
            )
        unit = None
        if commodity is not None and unit_text:
            unit = self.units[commodity].resolve(unit_text)
            if unit is None:
                add(
                    "unit",
                    _(
                        "Satuan tidak dikenal untuk %(c)s: '%(v)s'. Yang diterima: %(a)s.",
                        c=local_name(self.commodity_rows[commodity]),
                        v=unit_text,
                        a=self.units[commodity].accepted(),
                    ),
                )
        return {"commodity": commodity, "unit": unit}

    def names_for(self, shipments: dict[str, dict]) -> tuple[dict, dict, dict]:
        """(village code -> full name, commodity code -> Commodity, depot id -> name) of the
        checked shipments, for the preview."""
        places = place_labels({body["destination_code"] for body in shipments.values()})
        depots = {int(code): label for code, label in self.depots.labels.items()}
        return places, self.commodity_rows, depots
