"""One inbound message, whatever gateway brought it: parse, act through the existing
services, answer with a text short enough for one SMS.

Writes (a complaint, a village confirmation) run in a savepoint: a refusal rolls back only
that savepoint and its queued audit entries, and the resident still gets a reply.
"""

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from relief.audit.services import drop_since, mark
from relief.catalog.models import Commodity
from relief.channels import commands
from relief.core import changes
from relief.core.errors import DomainError
from relief.extensions import db
from relief.logistics.village import confirm_by_village, shipment_for
from relief.public import queries as public_queries
from relief.public import services as public_services
from relief.public.codes import normalise_tracking_code
from relief.public.labels import state_label
from relief.public.search import index
from relief.public.status import village_status

MAX_VILLAGE_WORDS = 4


def help_text() -> str:
    """What a message that was not understood gets back."""
    return _(
        "Perintah: CEK <desa>; LAPOR <desa> <isi>; STATUS <kode>; "
        "TERIMA <no surat jalan> <PIN> <jumlah...>. Contoh: CEK Banjarsari"
    )


def handle(sender: str, text: str, channel: str = "sms") -> str:
    """The reply to one message from `sender` (a phone number or gateway address)."""
    command = commands.parse(text)
    if command.name == "CEK" and command.words:
        return _check(command.rest)
    if command.name == "LAPOR" and len(command.words) >= 2:
        return _report(command.words, sender, channel)
    if command.name == "STATUS" and command.words:
        return _status(command.rest)
    if command.name in ("TERIMA", "BANTAH"):
        parts = commands.split_confirmation(command.words)
        if parts is not None:
            return _confirm(
                *parts,
                sender=sender,
                channel=channel,
                verdict="confirm" if command.name == "TERIMA" else "dispute",
            )
    return help_text()


def _village(text: str) -> tuple[object | None, str]:
    """A village a resident named, or the reply that says why not."""
    place, candidates = index.resolve_village(text)
    if place is not None:
        return place, ""
    if not candidates:
        return None, _(
            "Desa '%(t)s' tidak ditemukan. Kirim kode desa, mis. 36.02.25.2004.", t=text[:30]
        )
    names = ", ".join(f"{c.name} ({c.district}) {c.code}" for c in candidates[:3])
    return None, commands.fit([_("Ada beberapa desa: %(n)s. Kirim dengan kode desa.", n=names)])


def _check(text: str) -> str:
    place, refusal = _village(text)
    if place is None:
        return refusal
    status = village_status(place.code)
    if status["event"] is None:
        return _("Ds %(n)s: belum ada kejadian bencana yang dicatat.", n=place.name)
    units = {c: info["unit"] for c, info in status["commodities"].items()}
    names = {c: info["name_id"] for c, info in status["commodities"].items()}
    head = _("Ds %(n)s s.d. %(d)s", n=place.name, d=f"{status['as_of']:%d/%m}")
    parts = [head] + [
        _(
            "%(c)s terima %(r)s, kurang %(o)s",
            c=names.get(o["commodity"], o["commodity"]),
            r=commands.amount(o["delivered"], units.get(o["commodity"], "")),
            o=commands.amount(o["owed"], units.get(o["commodity"], "")),
        )
        for o in status["owed"]
        if o["need"] or o["delivered"]
    ]
    if len(parts) == 1:
        parts.append(_("belum ada kebutuhan tercatat"))
    return commands.fit([parts[0] + ": " + parts[1], *parts[2:]])


def _in_savepoint(work):
    """Run a write; on a refusal undo it (and its audit entries and notes), answer the error."""
    position, noted = mark(), len(changes.current().touches)
    try:
        with db.session.begin_nested():
            return work(), None
    except DomainError as refused:
        drop_since(position)
        del changes.current().touches[noted:]
        return None, refused


def _report(words: tuple[str, ...], sender: str, channel: str) -> str:
    place, used = None, 0
    if commands.is_village_code(words[0]):
        place, _unused = index.resolve_village(words[0])
        used = 1
    else:
        for n in range(min(MAX_VILLAGE_WORDS, len(words) - 1), 0, -1):
            found, _unused = index.resolve_village(" ".join(words[:n]))
            if found is not None:
                place, used = found, n
                break
    if place is None:
        refusal = _village(words[0])[1]
        return refusal or help_text()
    text = " ".join(words[used:])
    if not text:
        return _("Tulis isi laporan setelah nama desa: LAPOR <desa> <isi>.")
    report, refused = _in_savepoint(
        lambda: public_services.file_report(
            place.code, commands.category_of(text), text, sender, channel=channel
        )
    )
    if refused is not None:
        return commands.fit([refused.message])
    return commands.fit(
        [_("Laporan diterima, kode %(c)s. Cek: STATUS %(c)s", c=report.tracking_code)]
    )


def _status(text: str) -> str:
    code = normalise_tracking_code(text)
    try:
        report = public_queries.report_by_code(code)
    except NotFound:
        return _("Kode laporan tidak dikenal. Contoh: STATUS ABCDE-1234")
    latest = report.updated_at or report.created_at
    return commands.fit(
        [
            _(
                "Laporan %(c)s (Ds %(v)s): %(s)s, %(d)s",
                c=report.tracking_code,
                v=public_queries.village_or_404(report.village_code).name,
                s=state_label(report.state),
                d=f"{latest:%d/%m/%Y}",
            )
        ]
    )


def _quantities(shipment, typed: list[str]) -> dict:
    """Typed quantities by item (in item order, or `commodity=qty`), in base units; items
    not given count as received in full."""
    quantities = {item.id: float(item.quantity_base) for item in shipment.items}
    names = {}
    for c in db.session.scalars(select(Commodity)):
        names[c.code.lower()] = c.code
        names[c.name_id.split()[0].lower().rstrip(",")] = c.code
    by_code = {}
    for item in shipment.items:
        by_code.setdefault(item.commodity_code, item.id)
    for position, word in enumerate(typed):
        key, _sep, value = word.rpartition("=")
        if key:
            code = names.get(key.lower())
            if code is None or code not in by_code:
                raise DomainError(_("Komoditas %(k)s tidak ada di surat jalan ini.", k=key))
            quantities[by_code[code]] = commands.number(value)
        elif position < len(shipment.items):
            quantities[shipment.items[position].id] = commands.number(value)
    return quantities


def _confirm(
    waybill: str, pin: str, typed: list[str], note: str, sender: str, channel: str, verdict: str
) -> str:
    def work():
        shipment, _pin = shipment_for(waybill, pin)
        return confirm_by_village(
            waybill,
            pin,
            _("Desa lewat %(c)s", c=channel.upper()),
            "lainnya",
            sender,
            _quantities(shipment, typed),
            verdict,
            note=note or (_("Dibantah lewat SMS") if verdict == "dispute" else ""),
            channel=channel,
        )

    done, refused = _in_savepoint(work)
    if refused is not None:
        return commands.fit([refused.message])
    confirmation, created = done
    if not created:
        return _(
            "Surat jalan %(w)s sudah dikonfirmasi sebelumnya.", w=confirmation.shipment.waybill_no
        )
    if verdict == "dispute":
        return commands.fit(
            [
                _(
                    "Bantahan surat jalan %(w)s dicatat; Ombudsman diberi tahu.",
                    w=confirmation.shipment.waybill_no,
                )
            ]
        )
    return commands.fit(
        [
            _(
                "Terima kasih. Penerimaan surat jalan %(w)s dicatat.",
                w=confirmation.shipment.waybill_no,
            )
        ]
    )


def sender_limit() -> str:
    """Flask-Limiter's limit for one sender (a setting)."""
    return current_app.config["SMS_SENDER_LIMIT"]
