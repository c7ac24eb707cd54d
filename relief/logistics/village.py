"""The village's signature on a delivery: PINs issued by an admin, confirmations and disputes.

`confirm_by_village` is a plain service (no request, no form): the /konfirmasi page calls it,
and an SMS handler can call it with the same arguments. It only changes rows and flushes.
"""

import secrets
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from relief.areas.models import Area
from relief.audit.services import record
from relief.audit.state import ROWS, state_of
from relief.core.errors import ConflictError, DomainError
from relief.core.models import utcnow
from relief.extensions import db
from relief.logistics.guards import announce, move_status
from relief.logistics.models import Shipment
from relief.logistics.signatures import (
    VERDICTS,
    VillageConfirmation,
    VillageConfirmationItem,
    VillagePin,
)

PIN_LENGTH = 8
CONFIRMER_ROLES = ("kepala_desa", "perangkat_desa", "koordinator_posko", "lainnya")


class WrongPin(DomainError):
    """The waybill number and PIN do not match a delivery (404: counted by the rate limit)."""

    def __init__(self) -> None:
        message = _("Nomor surat jalan atau PIN desa salah.")
        super().__init__(message, {"pin": [message]}, status=404)


def _hash(pin: str) -> str:
    method = current_app.config.get("VILLAGE_PIN_HASH_METHOD", "pbkdf2:sha256:200000")
    return generate_password_hash(pin, method)


def active_pin(village_code: str) -> VillagePin | None:
    """The village's current PIN record, if one was issued and not revoked."""
    return db.session.scalar(
        select(VillagePin)
        .where(VillagePin.village_code == village_code, VillagePin.revoked_at.is_(None))
        .order_by(VillagePin.id.desc())
        .limit(1)
    )


def issue_village_pin(village_code: str, holder: str, channel: str, user) -> tuple[VillagePin, str]:
    """A new standing PIN for a village (the old one stops working); the plain PIN once."""
    area = db.session.get(Area, village_code)
    if area is None or area.level != "village":
        raise DomainError(
            _("Data tidak valid."), {"village_code": [_("Kode desa/kelurahan tidak dikenal.")]}
        )
    if not holder.strip() or not channel.strip():
        message = _("Wajib diisi.")
        raise DomainError(
            _("Data tidak valid."), {"holder" if not holder.strip() else "channel": [message]}
        )
    now = utcnow()
    revoked = active_pin(village_code)
    if revoked is not None:
        revoked.revoked_at = now
    pin = "".join(secrets.choice("0123456789") for _ in range(PIN_LENGTH))
    row = VillagePin(
        village_code=village_code,
        pin_hash=_hash(pin),
        holder=holder.strip(),
        channel=channel.strip(),
        issued_at=now,
        issued_by_id=user.id if user is not None else None,
    )
    db.session.add(row)
    db.session.flush()
    record(
        "village_pin.issue",
        "village_pin",
        row.id,
        {
            "village_code": village_code,
            "holder": row.holder,
            "channel": row.channel,
            "revoked": revoked.id if revoked else None,
            ROWS: state_of(row, revoked),
        },
    )
    return row, pin


def normalise_waybill(text: str) -> str:
    """A typed waybill number in canonical form (upper case, no spaces)."""
    return "".join((text or "").upper().split())[:40]


def shipment_for(waybill_no: str, pin: str) -> tuple[Shipment, VillagePin]:
    """The delivery a waybill names, if the PIN is its village's; else WrongPin."""
    shipment = db.session.scalar(
        select(Shipment).where(Shipment.waybill_no == normalise_waybill(waybill_no))
    )
    pin_row = active_pin(shipment.destination_code) if shipment is not None else None
    # A waybill alone proves nothing: it travels with the goods and the driver.
    if pin_row is None or not pin or not check_password_hash(pin_row.pin_hash, pin.strip()):
        raise WrongPin()
    return shipment, pin_row


def _lines(shipment: Shipment, quantities: dict) -> list[VillageConfirmationItem]:
    """One line per item: keys are item ids or commodity codes, values in base units."""
    lines, fields = [], {}
    used_codes: set[str] = set()
    for item in shipment.items:
        value = quantities.get(item.id, quantities.get(str(item.id)))
        if value is None and item.commodity_code not in used_codes:
            value = quantities.get(item.commodity_code)
            used_codes.add(item.commodity_code)
        if value is None:
            fields[f"item_{item.id}"] = [_("Wajib diisi.")]
            continue
        value = float(value)
        if not 0 <= value <= float(item.quantity_base) * 10:
            fields[f"item_{item.id}"] = [_("Jumlah diterima tidak masuk akal.")]
            continue
        lines.append(
            VillageConfirmationItem(
                shipment_item_id=item.id,
                commodity_code=item.commodity_code,
                received_base=round(value, 3),
            )
        )
    if fields:
        raise DomainError(_("Konfirmasi tidak dapat dicatat."), fields)
    return lines


def confirm_by_village(
    waybill_no: str,
    pin: str,
    confirmer_name: str,
    confirmer_role: str,
    confirmer_phone: str,
    quantities: dict,
    verdict: str,
    note: str = "",
    channel: str = "web",
    at: datetime | None = None,
) -> tuple[VillageConfirmation, bool]:
    """Record the village's confirmation or dispute once; (record, created). A repeat of a
    recorded one changes nothing and answers the first."""
    shipment, pin_row = shipment_for(waybill_no, pin)
    if shipment.village_confirmation is not None:
        return shipment.village_confirmation, False
    fields = {}
    if verdict not in VERDICTS:
        fields["verdict"] = [_("Pilih: diterima sesuai atau dibantah.")]
    if confirmer_role not in CONFIRMER_ROLES:
        fields["role"] = [_("Peran tidak dikenal.")]
    for name, value in (("name", confirmer_name), ("phone", confirmer_phone)):
        if not (value or "").strip():
            fields[name] = [_("Wajib diisi.")]
    if verdict == "dispute" and not (note or "").strip():
        fields["note"] = [_("Tulis apa yang tidak sesuai.")]
    if fields:
        raise DomainError(_("Konfirmasi tidak dapat dicatat."), fields)
    if shipment.status not in ("dispatched", "delivered"):
        raise ConflictError(
            _("Pengiriman ini belum berangkat atau dibatalkan."),
            {"status": [_("Belum dapat dikonfirmasi.")]},
        )
    at = at or utcnow()
    moved = ()
    if shipment.status == "dispatched":  # the village saw it arrive before staff logged it
        move_status(
            shipment, "delivered", at, None, note=_("Dikonfirmasi desa dengan PIN"), label="desa"
        )
        shipment.delivered_at = at
        moved = (shipment, shipment.history[-1])
    confirmation = VillageConfirmation(
        shipment=shipment,
        pin_id=pin_row.id,
        verdict=verdict,
        confirmer_name=confirmer_name.strip()[:120],
        confirmer_role=confirmer_role,
        confirmer_phone=confirmer_phone.strip()[:32],
        note=(note or "").strip(),
        channel=channel,
        confirmed_at=at,
        items=_lines(shipment, quantities),
    )
    db.session.add(confirmation)
    db.session.flush()
    record(
        f"village_{verdict}",
        "shipment",
        shipment.id,
        {
            "waybill_no": shipment.waybill_no,
            "verdict": verdict,
            "role": confirmer_role,
            "items": [[i.commodity_code, i.received_base] for i in confirmation.items],
            ROWS: state_of(confirmation, *confirmation.items, *moved),
        },
        actor="desa",
    )
    announce(f"village_{verdict}", shipment)
    return confirmation, True
