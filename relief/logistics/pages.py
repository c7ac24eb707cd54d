"""Helpers of the shipment pages: choices, error mapping, the waybill QR code."""

from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from flask_babel import pgettext
from markupsafe import Markup

from relief.areas.models import Area
from relief.catalog.labels import unit_label
from relief.catalog.queries import all_commodities
from relief.core.errors import DomainError
from relief.core.formatting import local_name
from relief.events.queries import all_events
from relief.extensions import db
from relief.logistics.models import STATUSES
from relief.logistics.queries import depots_of, district_names


def fill_choices(form, user) -> dict:
    """Live open events, the user's organisation's depots, commodities and units for the
    create form; returns each commodity's units and the commodities with lots (the page's
    script offers only what fits)."""
    form.event_id.choices = [(e.id, e.name) for e in all_events({"state": "open"})]
    form.origin_depot_id.choices = [(d.id, d.name) for d in depots_of(user.organisation_id)]
    commodities = all_commodities()
    commodity_choices = [("", "—")] + [(c.code, local_name(c)) for c in commodities]
    units, by_commodity = {}, {}
    for commodity in commodities:
        ordered = sorted(commodity.units, key=lambda u: u.factor)
        by_commodity[commodity.code] = [[u.code, local_name(u)] for u in ordered]
        for unit in ordered:
            units.setdefault(unit.code, local_name(unit))
    unit_choices = [("", "—")] + sorted(units.items(), key=lambda pair: pair[1])
    for row in form.items:
        row.form.commodity.choices = commodity_choices
        row.form.unit.choices = unit_choices
    return {"units": by_commodity, "lots": [c.code for c in commodities if c.tracks_lots]}


def prefill(form, shipment, repeat: bool) -> None:
    """A fresh form: the depot of the user's last shipment, or all of it when repeating."""
    if shipment is None:
        return
    form.origin_depot_id.data = shipment.origin_depot_id
    if not repeat:
        return
    form.event_id.data = shipment.event_id
    form.destination_code.data = shipment.destination_code
    for name in ("vehicle_plate", "driver_name", "driver_phone"):
        getattr(form, name).data = getattr(shipment, name) or ""
    while len(form.items.entries) < len(shipment.items):
        form.items.append_entry()
    for row, item in zip(form.items.entries, shipment.items, strict=False):
        row.form.commodity.data = item.commodity_code
        quantity = float(item.quantity)
        row.form.quantity.data = int(quantity) if quantity.is_integer() else quantity
        row.form.unit.data = item.unit


def waybill_factors(shipment) -> list[tuple[float, str]]:
    """Per shipment item: base units per waybill unit, and the waybill unit (BAST rows)."""
    return [
        ((item.quantity_base / item.quantity) if item.quantity else 1.0, item.unit)
        for item in shipment.items
    ]


def label_bast_rows(form, shipment) -> None:
    """BAST rows ask in the waybill's unit: "Diterima (karung 25 kg)"."""
    for row, item in zip(form.items, shipment.items, strict=False):
        unit = unit_label(item.commodity_code, item.unit)
        row.form.accepted.label.text = f"{pgettext('quantity', 'Diterima')} ({unit})"
        row.form.rejected.label.text = f"{pgettext('quantity', 'Ditolak')} ({unit})"


def amended_row_names(shipment) -> dict:
    """(table, row id) -> the commodity name of each item and BAST line (amendment history)."""
    names = {("shipment_item", item.id): local_name(item.commodity) for item in shipment.items}
    if shipment.receipt is not None:
        names.update(
            {
                ("receipt_item", line.id): names[("shipment_item", line.shipment_item_id)]
                for line in shipment.receipt.items
            }
        )
    return names


def create_body(form) -> tuple[dict, list[int]]:
    """The API create body from the form, and the form row index of each non-empty item."""
    rows = [(i, row.form) for i, row in enumerate(form.items) if not row.form.is_empty()]
    items = []
    for _, row in rows:
        item = {
            "commodity": row.commodity.data,
            "quantity": row.quantity.data,
            "unit": row.unit.data,
        }
        if row.lot.data:
            item["lot"] = row.lot.data
        items.append(item)
    body = {
        "event_id": form.event_id.data,
        "origin_depot_id": form.origin_depot_id.data,
        "destination_code": (form.destination_code.data or "").strip(),
        "items": items,
    }
    for name in ("vehicle_plate", "driver_name", "driver_phone", "notes"):
        value = (getattr(form, name).data or "").strip()
        if value:
            body[name] = value
    return body, [i for i, _ in rows]


def _messages(value) -> list[str]:
    if isinstance(value, dict):
        return [m for part in value.values() for m in _messages(part)]
    if isinstance(value, list):  # structured details (a 409's figures) are not messages
        return [str(m) for m in value if not isinstance(m, dict)]
    return [str(value)]


def attach_errors(form, fields: dict, row_index: list[int] | None = None) -> list[str]:
    """Put field messages on the form's fields; returns those that fit no field."""
    leftover = []
    for name, value in fields.items():
        target = getattr(form, name, None)
        if name == "items" and isinstance(value, dict) and target is not None:
            for index, row_fields in value.items():
                position = int(index)
                if row_index is not None and position < len(row_index):
                    position = row_index[position]
                if position >= len(target.entries) or not isinstance(row_fields, dict):
                    leftover.extend(_messages(row_fields))
                    continue
                row = target.entries[position].form
                for field_name, messages in row_fields.items():
                    field = getattr(row, field_name, None)
                    if field is None:
                        leftover.extend(_messages(messages))
                    else:
                        field.errors = list(field.errors) + _messages(messages)
        elif target is not None and hasattr(target, "errors"):
            target.errors = list(target.errors) + _messages(value)
        else:
            leftover.extend(_messages(value))
    return leftover


def domain_error(err) -> DomainError:
    """A marshmallow ValidationError as a DomainError with field messages."""
    return DomainError(str(err), err.messages if isinstance(err.messages, dict) else {})


def confirmation_url(host_url: str, waybill_no: str) -> str:
    """Where the village confirms receipt (the public page, waybill number prefilled)."""
    return f"{host_url.rstrip('/')}/konfirmasi?{urlencode({'waybill': waybill_no})}"


def qr_svg(text: str) -> Markup:
    """An inline SVG QR code (no JavaScript, no image request)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    svg = image.to_string(encoding="unicode")
    return Markup(svg[svg.index("<svg") :])  # noqa: S704 - generated by qrcode, not user input


def filter_choices(regency: str | None = None) -> dict:
    """Choices of the list filters: events, regencies, districts, commodities, statuses."""
    from sqlalchemy import select

    regencies = db.session.execute(
        select(Area.code, Area.name).where(Area.level == "regency").order_by(Area.code)
    ).all()
    return {
        "events": all_events(),
        "regencies": regencies,
        "commodities": all_commodities(),
        "statuses": STATUSES,
        "districts": district_names(regency),
    }
