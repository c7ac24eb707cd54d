"""The compliance table as XLSX (openpyxl) and PDF (fpdf2)."""

import io

from flask_babel import gettext as _
from fpdf import FPDF
from openpyxl import Workbook

from relief.core.formatting import percent

COLUMNS = ("name", "alerts", "responded_on_time", "responses_due", "resolved_on_time",
           "resolutions_due", "median_response_hours", "complaints", "answered_on_time",
           "answers_due", "villages_green", "villages_yellow", "villages_red",
           "villages_no_need", "score", "band")


def compliance_xlsx(rows: list[dict], event_name: str) -> bytes:
    """One sheet: a row per unit, the columns of the API."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("compliance")
    sheet.append([event_name])
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([row[c] for c in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _latin1(text) -> str:
    return str(text).replace("≥", ">=").encode("latin-1", "replace").decode("latin-1")


def compliance_pdf(rows: list[dict], event_name: str, rule: str, band_names: dict) -> bytes:
    """A landscape A4 table, one line per unit, with the rule under it."""
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_margins(10, 10, 10)
    pdf.add_page()
    pdf.set_font("helvetica", "B", 13)
    pdf.multi_cell(0, 7, _latin1(f"{_('Kepatuhan instansi')} · {event_name}"),
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=8)
    header = [_("Instansi"), _("Peringatan"), _("Ditanggapi tepat waktu"),
              _("Diselesaikan tepat waktu"), _("Median jam tanggapan"),
              _("Pengaduan dijawab tepat waktu"), _("Desa hijau/kuning/merah"), _("Skor"),
              _("Pita")]
    with pdf.table(col_widths=(60, 18, 28, 28, 24, 32, 32, 18, 18), line_height=4.5,
                   text_align="LEFT") as table:
        for values in [header] + [[
            r["name"], r["alerts"], f"{r['responded_on_time']}/{r['responses_due']}",
            f"{r['resolved_on_time']}/{r['resolutions_due']}",
            "-" if r["median_response_hours"] is None else r["median_response_hours"],
            f"{r['answered_on_time']}/{r['answers_due']}",
            f"{r['villages_green']}/{r['villages_yellow']}/{r['villages_red']}",
            "-" if r["score"] is None else percent(r["score"]),
            band_names.get(r["band"], "-")] for r in rows]:
            line = table.row()
            for value in values:
                line.cell(_latin1(value))
    pdf.ln(3)
    pdf.multi_cell(0, 4, _latin1(rule), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
