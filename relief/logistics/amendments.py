"""Corrections of a shipment or its BAST as amendments (relief.audit.amendments).

Staff who may write the shipment (its village in their scope, its depot their
organisation's) and admins amend it with a reason; the shipment, its items and its BAST
stay as recorded. The same checks as at creation apply to the amended figures: the
quantity guard against the village's whole-period need, and a BAST line may not accept and
reject more than was shipped.
"""

from flask_babel import gettext as _

from relief.audit.amendments import (
    Change,
    amended_values,
    check_reason,
    check_revision,
    effective,
    record_amendment,
    revision,
)
from relief.audit.overrides import record_overrides, refuse_unless_overridden, threshold
from relief.catalog.units import to_base
from relief.core import plausibility
from relief.core.errors import ConflictError, DomainError
from relief.core.permissions import ADMIN
from relief.events.services import check_takes_writes
from relief.logistics import rules
from relief.logistics.guards import announce, check_may_write
from relief.logistics.models import Receipt, Shipment, ShipmentItem
from relief.logistics.services import whole_period_need

SHIPMENT_FIELDS = ("posko_name", "vehicle_plate", "driver_name", "driver_phone", "notes")
ITEM_FIELDS = ("quantity", "unit", "quantity_base")
RECEIPT_FIELDS = ("received_by", "receiver_role")
RECEIPT_ITEM_FIELDS = ("accepted_base", "rejected_base", "reason")
NUMERIC = frozenset({"quantity", "quantity_base", "accepted_base", "rejected_base"})


def check_may_amend(shipment: Shipment, user) -> None:
    """Who may write the shipment may amend it; an admin anywhere (a live event only)."""
    if user is not None and user.role == ADMIN:
        check_takes_writes(shipment.event)
        return
    check_may_write(shipment, user)


def shipment_revision(shipment: Shipment) -> int:
    """The shipment's revision (1 + its amendments)."""
    return revision("shipment", shipment.id)


def receipt_revision(receipt: Receipt) -> int:
    """The BAST's revision (1 + its amendments)."""
    return revision("receipt", receipt.id)


def current_items(shipment: Shipment, as_of=None) -> dict[int, dict]:
    """Item id -> quantity, unit and quantity_base as amended by `as_of` (None: now)."""
    values = amended_values("shipment_item", [i.id for i in shipment.items], as_of)
    return {i.id: effective(i, "shipment_item", ITEM_FIELDS, values) for i in shipment.items}


def current_receipt_items(receipt: Receipt, as_of=None) -> dict[int, dict]:
    """Receipt item id -> accepted_base, rejected_base and reason as amended by `as_of`."""
    values = amended_values("receipt_item", [i.id for i in receipt.items], as_of)
    return {i.id: effective(i, "receipt_item", RECEIPT_ITEM_FIELDS, values) for i in receipt.items}


def _change(target: str, row_id: int, field: str, old, new) -> Change | None:
    if field in NUMERIC:
        if old is not None and new is not None and round(float(old), 3) == round(float(new), 3):
            return None
        return Change(target, row_id, field, old, new, None if new is None else float(new))
    return None if old == new else Change(target, row_id, field, old, new)


def _item_changes(shipment: Shipment, lines: list[dict]) -> tuple[list[Change], dict]:
    """Changes of item lines ({id, quantity, unit}) and each line's new base quantity."""
    by_id = {item.id: item for item in shipment.items}
    current = current_items(shipment)
    changed, bases, fields = [], {}, {}
    for index, line in enumerate(lines):
        item: ShipmentItem | None = by_id.get(line["id"])
        if item is None:
            fields[str(index)] = {"id": [_("Baris ini bukan barang pengiriman ini.")]}
            continue
        unit = line.get("unit") or current[item.id]["unit"]
        factors = {u.code: float(u.factor) for u in item.commodity.units}
        if unit not in factors:
            fields[str(index)] = {"unit": [_("Satuan tidak dikenal untuk komoditas ini.")]}
            continue
        base = to_base(line["quantity"], unit, factors)
        bases[item.id] = (index, base)
        for field, new in (("quantity", line["quantity"]), ("unit", unit), ("quantity_base", base)):
            change = _change("shipment_item", item.id, field, current[item.id][field], new)
            if change is not None:
                changed.append(change)
    if fields:
        raise DomainError(_("Koreksi tidak dapat dicatat."), {"items": fields})
    return changed, bases


def _check_against_receipt(shipment: Shipment, bases: dict) -> None:
    """An amended quantity may not fall below what the BAST accepted and rejected."""
    if shipment.receipt is None:
        return
    received = current_receipt_items(shipment.receipt)
    fields = {}
    for line in shipment.receipt.items:
        if line.shipment_item_id in bases:
            index, base = bases[line.shipment_item_id]
            got = received[line.id]
            if round(got["accepted_base"] + got["rejected_base"], 3) > round(base, 3):
                fields[str(index)] = {
                    "quantity": [_("Lebih kecil dari yang diterima dan ditolak di berita acara.")]
                }
    if fields:
        raise DomainError(_("Koreksi tidak dapat dicatat."), {"items": fields})


def amend_shipment(shipment: Shipment, data: dict, user=None, at=None):
    """Correct a shipment's item quantities or its transport facts, with a reason."""
    check_may_amend(shipment, user)
    if shipment.status == "cancelled":
        raise ConflictError(
            _("Pengiriman yang dibatalkan tidak dapat dikoreksi."),
            {"status": [_("Pengiriman dibatalkan.")]},
        )
    reason = check_reason(data.get("reason"))
    next_revision = check_revision("shipment", shipment.id, data["revision"])
    values = amended_values("shipment", [shipment.id])
    now = effective(shipment, "shipment", SHIPMENT_FIELDS, values)
    changed = [
        c
        for f in SHIPMENT_FIELDS
        if f in data
        if (c := _change("shipment", shipment.id, f, now[f], data[f])) is not None
    ]
    item_changes, bases = _item_changes(shipment, data.get("items") or [])
    changed += item_changes
    _check_against_receipt(shipment, bases)
    commodities = {item.id: item.commodity_code for item in shipment.items}
    implausible = plausibility.quantities(
        [(index, commodities[item_id], base) for item_id, (index, base) in bases.items()],
        whole_period_need(shipment.event, shipment.destination),
        threshold("PLAUSIBILITY_NEED_MULTIPLE"),
    )
    refuse_unless_overridden(implausible, data.get("override_reason"))
    amendment = record_amendment(
        "shipment",
        shipment.id,
        shipment.event_id,
        shipment.destination_code,
        reason,
        changed,
        next_revision,
        user,
        at,
    )
    record_overrides(
        implausible,
        data.get("override_reason"),
        "shipment",
        shipment.id,
        shipment.event_id,
        shipment.destination_code,
    )
    announce("amend_shipment", shipment)
    return amendment


def amend_receipt(shipment: Shipment, data: dict, user=None, at=None):
    """Correct a BAST's accepted and rejected quantities or its receiver, with a reason."""
    check_may_amend(shipment, user)
    receipt = shipment.receipt
    if receipt is None:
        raise ConflictError(
            _("Pengiriman ini belum punya berita acara."),
            {"receipt": [_("Belum ada berita acara.")]},
        )
    reason = check_reason(data.get("reason"))
    next_revision = check_revision("receipt", receipt.id, data["revision"])
    head = effective(receipt, "receipt", RECEIPT_FIELDS, amended_values("receipt", [receipt.id]))
    changed = [
        c
        for f in RECEIPT_FIELDS
        if f in data
        if (c := _change("receipt", receipt.id, f, head[f], data[f].strip())) is not None
    ]
    logged = current_items(shipment)
    received = current_receipt_items(receipt)
    by_item = {line.shipment_item_id: line for line in receipt.items}
    fields = {}
    for index, line in enumerate(data.get("items") or []):
        row = by_item.get(line["shipment_item_id"])
        if row is None:
            fields[str(index)] = {"shipment_item_id": [_("Baris ini bukan barang pengiriman ini.")]}
            continue
        now = received[row.id]
        new = {
            "accepted_base": now["accepted_base"]
            if line.get("accepted") is None
            else float(line["accepted"]),
            "rejected_base": now["rejected_base"]
            if line.get("rejected") is None
            else float(line["rejected"]),
            "reason": now["reason"] if line.get("reason") is None else line["reason"],
        }
        problems = rules.receipt_problems(
            logged[row.shipment_item_id]["quantity_base"],
            new["accepted_base"],
            new["rejected_base"],
            new["reason"],
        )
        if problems:
            fields[str(index)] = {f: [_(m)] for f, m in problems}
            continue
        changed += [
            c
            for f in RECEIPT_ITEM_FIELDS
            if (c := _change("receipt_item", row.id, f, now[f], new[f])) is not None
        ]
    if fields:
        raise DomainError(_("Koreksi tidak dapat dicatat."), {"items": fields})
    amendment = record_amendment(
        "receipt",
        receipt.id,
        shipment.event_id,
        shipment.destination_code,
        reason,
        changed,
        next_revision,
        user,
        at,
    )
    announce("amend_receipt", shipment)
    return amendment
