"""Handover receipts (BAST), by staff or by the village's confirmation code."""

from collections import defaultdict
from datetime import datetime

from flask_babel import gettext as _

from relief.audit.services import record
from relief.audit.state import ROWS, state_of
from relief.core.errors import ConflictError, DomainError
from relief.extensions import db
from relief.logistics import rules
from relief.logistics.guards import (
    actor_name,
    announce,
    check_may_write,
    check_point,
    check_time,
    move_status,
)
from relief.logistics.models import Receipt, ReceiptItem, ReceiptPhoto, Shipment
from relief.media.queries import photos_by_hash

CHANNELS = ("staff", "village")


def _match_lines(shipment: Shipment, items: list[dict]) -> dict:
    """Pair receipt lines with shipment items: a commodity's n-th line with its n-th item."""
    by_commodity = defaultdict(list)
    for item in shipment.items:
        by_commodity[item.commodity_code].append(item)
    matched, seen, fields = {}, defaultdict(int), {}
    for index, line in enumerate(items):
        candidates = by_commodity.get(line["commodity"], [])
        position = seen[line["commodity"]]
        seen[line["commodity"]] += 1
        if position >= len(candidates):
            fields[str(index)] = {"commodity": [_("Komoditas ini tidak ada di pengiriman.")]}
            continue
        matched[candidates[position].id] = (index, line)
    if fields:
        raise DomainError(_("Berita acara tidak dapat dicatat."), {"items": fields})
    return matched


def _receipt_lines(shipment: Shipment, items: list[dict]) -> list[ReceiptItem]:
    """One line per shipment item; items left out are taken as accepted in full."""
    matched = _match_lines(shipment, items)
    lines, fields = [], {}
    for position, item in enumerate(shipment.items):
        index, line = matched.get(item.id, (None, {}))
        rejected = float(line.get("rejected") or 0)
        accepted = line.get("accepted")
        accepted = round(item.quantity_base - rejected, 3) if accepted is None else float(accepted)
        reason = line.get("reason") or ""
        problems = rules.receipt_problems(item.quantity_base, accepted, rejected, reason)
        if problems:
            # A line the client left out has no index of its own: report it by item order.
            line_fields = fields.setdefault(str(index if index is not None else position), {})
            for field, msgid in problems:
                line_fields.setdefault(field, []).append(_(msgid))
            continue
        lines.append(
            ReceiptItem(
                shipment_item_id=item.id,
                commodity_code=item.commodity_code,
                accepted_base=accepted,
                rejected_base=rejected,
                reason=reason,
            )
        )
    if fields:
        raise DomainError(_("Berita acara tidak dapat dicatat."), {"items": fields})
    return lines


def _photo_links(hashes: list[str]) -> list[ReceiptPhoto]:
    """Links to uploaded photos (each hash once, in order); unknown hashes are refused."""
    hashes = list(dict.fromkeys(hashes))
    photos, missing = photos_by_hash(hashes)
    if missing:
        raise DomainError(
            _("Berita acara tidak dapat dicatat."),
            {"photos": [_("Foto belum terkirim ke server; kirim ulang fotonya.")]},
        )
    return [ReceiptPhoto(photo=photo) for photo in photos]


def record_receipt(
    shipment: Shipment,
    received_by: str,
    receiver_role: str,
    received_at: datetime,
    lat: float | None,
    lon: float | None,
    items: list[dict],
    channel: str,
    user=None,
    *,
    photos: list[str] = (),
    accuracy_m: float | None = None,
) -> Receipt:
    """Record the one BAST of a shipment (quantities in base units).

    Staff record it for a delivered shipment. The village channel may also confirm a
    shipment still marked in transit: that marks it delivered at `received_at`. `photos`
    are hashes of uploaded photos of the signed paper; the audit entry names them.
    """
    if channel not in CHANNELS:
        raise ValueError(channel)
    if channel == "staff":
        check_may_write(shipment, user)
    if shipment.receipt is not None:
        raise ConflictError(
            _("Berita acara pengiriman ini sudah tercatat."),
            {"receipt": [_("Sudah ada berita acara.")]},
        )
    check_time("received_at", received_at)
    check_point(lat, lon)
    if not received_by.strip():
        message = _("Nama penerima wajib diisi.")
        raise DomainError(_("Data tidak valid."), {"received_by": [message]})
    moved = ()  # the shipment's rows when the village's confirmation marks it delivered
    if channel == "village" and shipment.status == "dispatched":
        move_status(
            shipment,
            "delivered",
            received_at,
            None,
            lat,
            lon,
            note=_("Dikonfirmasi desa dengan kode"),
            label="desa",
        )
        shipment.delivered_at = received_at
        moved = (shipment, shipment.history[-1])
    elif shipment.status != "delivered":
        raise ConflictError(
            _("Berita acara hanya untuk pengiriman yang sudah tiba."),
            {"status": [_("Pengiriman belum tiba.")]},
        )
    if shipment.dispatched_at and received_at < shipment.dispatched_at:
        raise DomainError(
            _("Data tidak valid."),
            {"received_at": [_("Waktu terima tidak boleh sebelum waktu berangkat.")]},
        )
    receipt = Receipt(
        shipment=shipment,
        received_by=received_by.strip(),
        receiver_role=receiver_role.strip(),
        received_at=received_at,
        lat=lat,
        lon=lon,
        gps_accuracy_m=accuracy_m,
        channel=channel,
        recorded_by_id=user.id if user is not None else None,
        items=_receipt_lines(shipment, items),
        photo_links=_photo_links(list(photos)),
    )
    db.session.add(receipt)
    db.session.flush()
    record(
        "record_receipt",
        "receipt",
        receipt.id,
        {
            "shipment_id": shipment.id,
            "channel": channel,
            "received_by": receipt.received_by,
            "at": received_at.isoformat(),
            "lat": lat,
            "lon": lon,
            "accuracy_m": accuracy_m,
            "items": [
                [i.commodity_code, i.accepted_base, i.rejected_base, i.reason]
                for i in receipt.items
            ],
            ROWS: state_of(receipt, *receipt.items, *moved),
            "photos": [p.sha256 for p in receipt.photos],
        },
        actor=actor_name(user) or (channel if channel == "village" else None),
    )
    announce("record_receipt", shipment)
    return receipt
