"""The compliance table as XLSX (openpyxl) and PDF (fpdf2)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from fpdf import FPDF

from relief.core.formatting import percent
from relief.core.sheets import Column, xlsx_bytes

C = Column
COLUMNS = (
    C("name", _l("Instansi")),
    C("alerts", _l("Peringatan")),
    C("responded_on_time", _l("Ditanggapi tepat waktu")),
    C("responses_due", _l("Tanggapan yang jatuh tempo")),
    C("resolved_on_time", _l("Diselesaikan tepat waktu")),
    C("resolutions_due", _l("Penyelesaian yang jatuh tempo")),
    C("median_response_hours", _l("Median jam tanggapan")),
    C("complaints", _l("Pengaduan")),
    C("answered_on_time", _l("Dijawab tepat waktu")),
    C("answers_due", _l("Jawaban jatuh tempo")),
    C("villages_green", _l("Desa hijau")),
    C("villages_yellow", _l("Desa kuning")),
    C("villages_red", _l("Desa merah")),
    C("villages_no_need", _l("Desa tanpa kebutuhan")),
    C("score", _l("Skor")),
    C("band", _l("Pita")),
    C("band_code", _l("Kode pita")),
)


def compliance_xlsx(rows: list[dict], event_name: str, band_names: dict) -> bytes:
    """One sheet: the event's name, then a row per unit (the API's columns, named for
    people; the band by name with its code beside it)."""
    readable = [
        {**row, "band": band_names.get(row["band"], "-"), "band_code": row["band"]} for row in rows
    ]
    return xlsx_bytes(readable, COLUMNS, "kepatuhan", preamble=[[event_name]])


def _latin1(text) -> str:
    return str(text).replace("≥", ">=").encode("latin-1", "replace").decode("latin-1")


def compliance_pdf(rows: list[dict], event_name: str, rule: str, band_names: dict) -> bytes:
    """A landscape A4 table, one line per unit, with the rule under it."""
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_margins(10, 10, 10)
    pdf.add_page()
    pdf.set_font("helvetica", "B", 13)
    pdf.multi_cell(
        0, 7, _latin1(f"{_('Kepatuhan instansi')} · {event_name}"), new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("helvetica", size=8)
    header = [
        _("Instansi"),
        _("Peringatan"),
        _("Ditanggapi tepat waktu"),
        _("Diselesaikan tepat waktu"),
        _("Median jam tanggapan"),
        _("Pengaduan dijawab tepat waktu"),
        _("Desa hijau/kuning/merah"),
        _("Skor"),
        _("Pita"),
    ]
    with pdf.table(
        col_widths=(60, 18, 28, 28, 24, 32, 32, 18, 18), line_height=4.5, text_align="LEFT"
    ) as table:
        for values in [header] + [
            [
                r["name"],
                r["alerts"],
                f"{r['responded_on_time']}/{r['responses_due']}",
                f"{r['resolved_on_time']}/{r['resolutions_due']}",
                "-" if r["median_response_hours"] is None else r["median_response_hours"],
                f"{r['answered_on_time']}/{r['answers_due']}",
                f"{r['villages_green']}/{r['villages_yellow']}/{r['villages_red']}",
                "-" if r["score"] is None else percent(r["score"]),
                band_names.get(r["band"], "-"),
            ]
            for r in rows
        ]:
            line = table.row()
            for value in values:
                line.cell(_latin1(value))
    pdf.ln(3)
    pdf.multi_cell(0, 4, _latin1(rule), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
