"""Tabular exports: CSV with an HXL hashtag row under the header, and XLSX (openpyxl).

The header row is for people, in the request's language; the HXL row names the columns for
machines. Values people read (bands, statuses, levels, commodity names, units) are given in
the request's language, with the machine code beside them where a program needs it
(`#item+code`, `#indicator+band+code`, `#status+code`).
"""

from collections.abc import Iterable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from relief.catalog.labels import unit_label
from relief.catalog.queries import all_commodities
from relief.core.formatting import local_name
from relief.core.sheets import Column, csv_text, xlsx_bytes
from relief.coverage.labels import band_label, level_label
from relief.logistics.labels import status_label

C = Column
COVERAGE_COLUMNS = (
    C("village_code", _l("Kode desa"), "#adm4+code"),
    C("village_name", _l("Desa"), "#adm4+name"),
    C("district_code", _l("Kode kecamatan"), "#adm3+code"),
    C("regency_code", _l("Kode kabupaten/kota"), "#adm2+code"),
    C("affected", _l("Jiwa terdampak"), "#affected+ind"),
    C("displaced", _l("Jiwa mengungsi"), "#inneed+ind"),
    C("severity", _l("Tingkat keparahan (1-5)"), "#severity+code"),
    C("commodity", _l("Kode barang"), "#item+code"),
    C("need", _l("Kebutuhan"), "#indicator+need+num"),
    C("delivered", _l("Tersalur"), "#indicator+delivered+num"),
    C("coverage_pct", _l("Cakupan (%)"), "#indicator+coverage+pct"),
    C("as_of", _l("Per tanggal"), "#date+reported"),
    C("band", _l("Pita cakupan"), "#indicator+band"),
    C("band_code", _l("Kode pita"), "#indicator+band+code"),
    C("commodity_name", _l("Nama barang"), "#item+name"),
    C("unit", _l("Satuan"), "#item+unit"),
)
# District and regency rows (`?level=district|regency`): the roll-up that cannot hide a
# village, with the sum-over-sum coverage beside it.
AREA_COVERAGE_COLUMNS = (
    C("level", _l("Tingkat"), "#meta+level"),
    C("area_code", _l("Kode wilayah"), "#loc+code"),
    C("area_name", _l("Wilayah"), "#loc+name"),
    C("commodity", _l("Kode barang"), "#item+code"),
    C("need", _l("Kebutuhan"), "#indicator+need+num"),
    C("delivered", _l("Tersalur"), "#indicator+delivered+num"),
    C("coverage_pct", _l("Cakupan jumlah/jumlah (%)"), "#indicator+coverage+pct"),
    C("band", _l("Pita cakupan"), "#indicator+band"),
    C("villages_assessed", _l("Desa dinilai"), "#indicator+villages+assessed+num"),
    C("villages_red", _l("Desa terdampak parah di pita merah"), "#indicator+villages+red+num"),
    C("worst_village_code", _l("Kode desa terendah"), "#adm4+code+worst"),
    C("worst_village_name", _l("Desa terendah"), "#adm4+name+worst"),
    C(
        "worst_village_coverage_pct",
        _l("Cakupan desa terendah (%)"),
        "#indicator+coverage+worst+pct",
    ),
    C("as_of", _l("Per tanggal"), "#date+reported"),
    C("band_code", _l("Kode pita"), "#indicator+band+code"),
    C("commodity_name", _l("Nama barang"), "#item+name"),
    C("unit", _l("Satuan"), "#item+unit"),
)
DELIVERY_COLUMNS = (
    C("shipment_id", _l("ID pengiriman"), "#meta+id"),
    C("delivered_at", _l("Tanggal tiba"), "#date+occurred"),
    C("depot", _l("Gudang asal"), "#org+impl+name"),
    C("commodity", _l("Kode barang"), "#item+code"),
    C("commodity_name", _l("Nama barang"), "#item+name"),
    C("quantity", _l("Jumlah"), "#value+num"),
    C("unit", _l("Satuan"), "#item+unit"),
    C("amended", _l("Dikoreksi"), "#meta+amended"),
    C("recorded_quantity", _l("Jumlah tercatat semula"), "#value+original+num"),
    C("regency_code", _l("Kode kabupaten/kota"), "#adm2+code"),
    C("district_code", _l("Kode kecamatan"), "#adm3+code"),
    C("village_code", _l("Kode desa"), "#adm4+code"),
    C("village_name", _l("Desa"), "#adm4+name"),
    C("lat", _l("Lintang"), "#geo+lat"),
    C("lon", _l("Bujur"), "#geo+lon"),
    C("status", _l("Status"), "#status"),
    C("status_code", _l("Kode status"), "#status+code"),
    C("waybill_no", _l("Nomor surat jalan"), "#meta+waybill"),
)


def readable(rows: Iterable[dict]) -> list[dict]:
    """Rows with the values people read in the request's language, codes kept beside them:
    band and status names, area levels, commodity names and unit names, whether amended."""
    goods = {c.code: c for c in all_commodities()}
    out = []
    for row in rows:
        row = dict(row)
        commodity = goods.get(row.get("commodity"))
        if "band" in row:
            row["band_code"], row["band"] = row["band"], band_label(row["band"])
        if "status" in row:
            row["status_code"], row["status"] = row["status"], status_label(row["status"])
        if "level" in row:
            row["level"] = level_label(row["level"])
        if "amended" in row:
            row["amended"] = _("ya") if row["amended"] else _("tidak")
        if commodity is not None:
            row["commodity_name"] = local_name(commodity)
            row["unit"] = unit_label(commodity.code, row.get("unit") or commodity.base_unit)
        out.append(row)
    return out


def to_csv(rows: Iterable[dict], columns) -> str:
    """CSV text: header row (people's names), HXL hashtag row, then the data."""
    return csv_text(readable(rows), columns)


def to_xlsx(rows: Iterable[dict], columns, title: str) -> bytes:
    """An XLSX workbook with the same header and HXL rows as the CSV, frozen and sized."""
    return xlsx_bytes(readable(rows), columns, title)
