"""The evidence report as a PDF (fpdf2: pure Python, no browser, no system libraries).

Built from the same `EvidenceReport` and the same fact descriptions as the printable page.
The PDF's built-in fonts cover Latin-1, which Indonesian needs; other characters are spelled
out or replaced so a note typed with an emoji cannot break the download.
"""

import io

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from fpdf import FPDF
from fpdf.fonts import FontFace

from relief.alerts.categories import label as _label
from relief.alerts.facts import alert_facts, wib_moment
from relief.alerts.report import EvidenceReport
from relief.audit.labels import amendment_changes, amendment_subject
from relief.catalog.labels import goods
from relief.complaints.labels import category_label, state_label
from relief.core.formatting import local_name, percent, quantity
from relief.core.permissions import actor_label
from relief.logistics.labels import status_label
from relief.media.queries import photo_bytes

FONT = "helvetica"
PHOTO_WIDTH_MM = 55
PHOTOS_PER_SHIPMENT = 3
HEADINGS = FontFace(emphasis="BOLD", fill_color=(235, 238, 242))
_SPELLED = str.maketrans(
    {
        "—": "-",
        "–": "-",
        "→": "->",
        "≥": ">=",
        "≤": "<=",
        "‘": "'",
        "’": "'",
        "“": '"',
        "”": '"',
        "…": "...",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
    }
)


def latin1(text) -> str:
    """Text the built-in PDF fonts can draw."""
    return str(text).translate(_SPELLED).encode("latin-1", "replace").decode("latin-1")


class _Document(FPDF):
    def __init__(self, title: str, stamp=None) -> None:
        super().__init__(format="A4")
        self.title_text = title
        self.stamp = stamp
        self.set_margins(14, 14, 14)
        self.set_auto_page_break(True, margin=14)
        self.set_title(latin1(title))
        self.set_creator("Pantau Bantuan")

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font(FONT, size=7)
        self.cell(0, 4, latin1(f"{self.title_text} · {self.page_no()}/{{nb}}"), align="C")
        if self.stamp is not None:
            self.set_y(-6)
            self.cell(0, 3, latin1(_stamp_line(self.stamp)), align="C")

    def heading(self, text: str, size: float = 11) -> None:
        self.set_font(FONT, "B", size)
        self.multi_cell(0, size * 0.5, latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def paragraph(self, text: str, size: float = 9) -> None:
        self.set_font(FONT, size=size)
        self.multi_cell(0, size * 0.48, latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def grid(
        self,
        header: list[str] | None,
        rows: list[list],
        widths: tuple | None = None,
        size: float = 8,
    ) -> None:
        self.set_font(FONT, size=size)
        with self.table(
            col_widths=widths,
            headings_style=HEADINGS,
            first_row_as_headings=header is not None,
            line_height=size * 0.5,
            padding=0.8,
            text_align="LEFT",
        ) as table:
            for values in ([header] if header else []) + rows:
                row = table.row()
                for value in values:
                    row.cell(latin1("" if value is None else value))
        self.ln(2)


def _quantity(value) -> str:
    return quantity(value or 0)


def _figure(amended, target: str, row, field: str, show=_quantity) -> str:
    """A figure as amended, marked with * when an amendment changed it."""
    text = show(amended.value(target, row, field))
    return f"{text} *" if amended.marked(target, row, field) else text


def _evidence(pdf: _Document, evidence: dict) -> None:
    amended = evidence["amended"]
    pdf.heading(_("Kaji cepat"), 9)
    pdf.grid(
        [_("Waktu"), _("Keparahan"), _("Pengungsi"), _("Terdampak"), _("KK"), _("Sumber")],
        [
            [
                wib_moment(s.assessed_at),
                _figure(amended, "assessment", s, "severity", str),
                _figure(amended, "assessment", s, "displaced_persons"),
                _figure(amended, "assessment", s, "affected_persons"),
                _figure(amended, "assessment", s, "households"),
                s.source,
            ]
            for s in evidence["assessments"]
        ]
        or [[_("Belum ada kaji cepat."), "", "", "", "", ""]],
        (22, 10, 12, 12, 10, 34),
    )
    pdf.heading(_("Pengiriman"), 9)
    rows = []
    for sh in evidence["shipments"]:
        items = ", ".join(
            _figure(
                amended, "shipment_item", i, "quantity_base", lambda q, c=i.commodity: goods(c, q)
            )
            for i in sh.items
        )
        if sh.status != "delivered":
            receipt = "-"
        elif sh.receipt:
            received = ", ".join(
                _figure(
                    amended,
                    "receipt_item",
                    i,
                    "accepted_base",
                    lambda q, c=i.commodity: goods(c, q),
                )
                for i in sh.receipt.items
            )
            receipt = f"{wib_moment(sh.receipt.received_at)}: {received}"
        else:
            receipt = _("belum ada BAST")
        distance = (
            "-" if sh.delivery_distance_m is None else _quantity(round(sh.delivery_distance_m))
        )
        when = wib_moment(sh.delivered_at) if sh.delivered_at else ""
        rows.append(
            [
                sh.waybill_no or f"#{sh.id}",
                f"{status_label(sh.status)} {when}".strip(),
                items,
                receipt,
                distance,
            ]
        )
    pdf.grid(
        [
            _("Surat jalan"),
            _("Status"),
            _("Barang"),
            _("Diterima (BAST)"),
            _("Jarak titik serah (m)"),
        ],
        rows or [[_("Belum ada pengiriman."), "", "", "", ""]],
        (24, 24, 24, 32, 12),
    )
    _bast_photos(pdf, evidence["shipments"])
    _amendments(pdf, evidence["amendments"])
    pdf.heading(_("Pengaduan warga"), 9)
    pdf.grid(
        [_("Waktu"), _("Kategori"), _("Status")],
        [
            [wib_moment(r.created_at), category_label(r.category), state_label(r.state)]
            for r in evidence["reports"]
        ]
        or [[_("Belum ada pengaduan."), "", ""]],
        (30, 40, 30),
    )


def _amendments(pdf: _Document, amendments) -> None:
    """Every correction of the village's records, with its reason (figures marked *)."""
    if not amendments:
        return
    pdf.heading(_("Koreksi (angka bertanda *; catatan asli tetap tersimpan)"), 9)
    pdf.grid(
        [_("Berlaku sejak"), _("Catatan"), _("Oleh"), _("Alasan"), _("Perubahan")],
        [
            [wib_moment(a.at), amendment_subject(a), a.by, a.reason, amendment_changes(a)]
            for a in amendments
        ],
        (20, 16, 16, 30, 38),
    )


def _bast_photos(pdf: _Document, shipments) -> None:
    """The photos of each signed BAST, with their SHA-256 (as in the audit) and position."""
    for sh in shipments:
        photos = sh.receipt.photos[:PHOTOS_PER_SHIPMENT] if sh.receipt else []
        if not photos:
            continue
        receipt = sh.receipt
        place = ""
        if receipt.lat is not None:
            place = f" · {receipt.lat:.5f}, {receipt.lon:.5f}"
            if receipt.gps_accuracy_m is not None:
                place += f" (±{round(receipt.gps_accuracy_m)} m)"
        label = _("Foto BAST")  # outside the f-string, where Babel's extractor finds it
        pdf.heading(f"{label} {sh.waybill_no or sh.id}{place}", 9)
        for photo in photos:
            data = photo_bytes(photo)
            if data is None:
                missing = _("Foto tidak ditemukan di penyimpanan")
                pdf.paragraph(f"{missing}: {photo.sha256}", 7)
                continue
            height = PHOTO_WIDTH_MM * photo.height / max(photo.width, 1)
            if pdf.will_page_break(height + 6):
                pdf.add_page()
            pdf.image(io.BytesIO(data), w=PHOTO_WIDTH_MM)
            pdf.paragraph(f"SHA-256 {photo.sha256}", 6)


def _alert(pdf: _Document, alert, evidence: dict | None) -> None:
    village = alert.village.name if alert.village else alert.village_code
    commodity = f": {local_name(alert.commodity)}" if alert.commodity else ""
    pdf.heading(
        f"#{alert.id} {_label('kind', alert.kind)}{commodity} · {village} ({alert.village_code})",
        12,
    )
    status = [
        _label("level", alert.level),
        _label("state", alert.state),
        _label("category", alert.category),
        f"{_('dibuka')} {wib_moment(alert.opened_at)}",
    ]
    if alert.condition_cleared_at:
        status.append(f"{_('kondisi pulih')} {wib_moment(alert.condition_cleared_at)}")
    pdf.paragraph(" · ".join(status))
    pdf.paragraph(
        f"{_('Tanggapan paling lambat')}: {wib_moment(alert.response_due_at)} · "
        f"{_('Penyelesaian paling lambat')}: {wib_moment(alert.resolution_due_at)}"
    )
    pdf.heading(_("Fakta saat dibuka"), 9)
    pdf.grid(None, [list(r) for r in alert_facts(alert, opening=True)], (60, 60))
    pdf.heading(_("Fakta terakhir"), 9)
    pdf.grid(None, [list(r) for r in alert_facts(alert)], (60, 60))
    pdf.heading(_("Riwayat"), 9)
    pdf.grid(
        [_("Waktu"), _("Tindakan"), _("Oleh"), _("Catatan")],
        [
            [
                wib_moment(a.at),
                _label("action", a.action),
                actor_label(a.account.name if a.account else a.actor, a.role),
                a.note,
            ]
            for a in alert.actions
        ],
        (24, 22, 24, 50),
    )
    if evidence is not None:
        _evidence(pdf, evidence)


def _stamp_line(stamp) -> str:
    return _(
        "ID verifikasi %(i)s · kepala jejak audit %(s)s:%(h)s · periksa di /verifikasi",
        i=stamp.verification_id,
        s=stamp.audit_seq,
        h=stamp.audit_hash[:16],
    )


BAND_NAMES = {"green": _l("Hijau"), "yellow": _l("Kuning"), "red": _l("Merah")}


def _summary(pdf: _Document, summary: dict) -> None:
    """The regency report's first page (see report.regency_summary)."""
    pdf.heading(_("Ringkasan"), 12)
    c = summary["coverage"]
    if c:
        worst = c["worst_village"]
        pdf.grid(
            [
                _("Pita"),
                _("jumlah/jumlah"),
                _("Desa dikaji"),
                _("Desa terparah merah"),
                _("Desa terendah"),
            ],
            [
                [
                    str(BAND_NAMES.get(c["band"], "-")),
                    percent(c["weakest"]) if c["weakest"] is not None else "-",
                    c["villages_assessed"],
                    c["villages_red"],
                    f"{worst['name']} {percent(worst['coverage'])}" if worst else "-",
                ]
            ],
        )
    if summary["worst_villages"]:
        pdf.heading(_("Desa terparah dengan cakupan terendah"), 10)
        pdf.grid(
            [_("Desa"), _("Keparahan"), _("Cakupan (terlemah)")],
            [
                [f"{v['name']} ({v['code']})", v["severity"], percent(v["coverage"])]
                for v in summary["worst_villages"]
            ],
            (90, 30, 40),
        )
    if summary.get("stock"):
        pdf.heading(_("Stok gudang dan kebutuhan kabupaten"), 10)
        pdf.grid(
            [
                _("Barang"),
                _("Stok di gudang"),
                _("Kebutuhan"),
                _("Tersalur"),
                _("Kekurangan desa"),
                _("Gudang"),
            ],
            [
                [
                    s["name"],
                    f"{quantity(s['on_hand'])} {s['unit']}",
                    f"{quantity(s['need'])} {s['unit']}",
                    f"{quantity(s['delivered'])} {s['unit']}",
                    f"{quantity(s['owed'])} {s['unit']}",
                    ", ".join(f"{n} {quantity(q)}" for n, q in s["depots"]) or "-",
                ]
                for s in summary["stock"]
            ],
            (24, 26, 26, 26, 26, 52),
        )
        pdf.paragraph(
            _(
                "Stok menurut buku stok gudang yang dilacak (penerimaan, pengiriman, "
                "pengembalian, kehilangan, stock opname) pada saat laporan."
            ),
            8,
        )
    pdf.heading(_("Peringatan per jenis"), 10)
    totals = summary["totals"]
    pdf.grid(
        [_("Jenis"), _("Semua"), _("kritis"), _("belum ditanggapi"), _("lewat tenggat")],
        [
            [_label("kind", kind), n["all"], n["critical"], n["open"], n["overdue"]]
            for kind, n in summary["by_kind"]
        ]
        + [[_("Jumlah"), totals["all"], totals["critical"], totals["open"], totals["overdue"]]],
    )
    pdf.paragraph(
        _(
            "Aturan rangkuman: kecamatan atau kabupaten dengan satu saja desa terparah "
            "(keparahan >= 4) di pita merah tidak pernah hijau (paling tinggi kuning), "
            "berapa pun angka jumlah/jumlah-nya; jumlah desa merah dan desa dengan "
            "cakupan terendah ditampilkan di sampingnya."
        ),
        8,
    )


def render_pdf(report: EvidenceReport, stamp=None) -> bytes:
    """The report as PDF bytes: header, then one section per alert (a page each).

    With a `stamp` (relief.audit.evidence) every page names the verification ID and the
    audit head at generation; the file's SHA-256 is registered under that ID.
    """
    title = _("Laporan bukti peringatan")
    if report.regency:
        title = f"{title} · {report.regency_name or report.regency} ({report.regency})"
    pdf = _Document(title, stamp)
    pdf.add_page()
    pdf.heading(title, 14)
    pdf.paragraph(_("Dicetak %(t)s dari Pantau Bantuan.", t=wib_moment(report.now)))
    if stamp is not None:
        pdf.paragraph(
            _(
                "ID verifikasi: %(i)s. Kepala jejak audit saat dicetak: entri %(s)s, "
                "HMAC-SHA256 %(h)s. SHA-256 berkas ini tercatat dengan ID tersebut; "
                "periksa keaslian di halaman /verifikasi.",
                i=stamp.verification_id,
                s=stamp.audit_seq,
                h=stamp.audit_hash,
            ),
            8,
        )
    if report.demo:
        pdf.paragraph(_("Data skenario demo ilustratif."))
    for event in report.replayed:
        pdf.paragraph(
            _(
                "Skenario diputar ulang pada %(t)s (%(e)s): tenggat dan status lewat "
                "tenggat dinilai pada saat itu, bukan hari ini.",
                t=wib_moment(event.scenario_at),
                e=event.name,
            )
        )
    if report.summary is not None:
        _summary(pdf, report.summary)
    if not report.alerts:
        pdf.paragraph(_("Tidak ada peringatan."))
    for index, alert in enumerate(report.alerts):
        if index or report.summary is not None:
            pdf.add_page()
        _alert(pdf, alert, report.evidence.get(alert.id))
    return bytes(pdf.output())
