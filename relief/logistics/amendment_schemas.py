"""API shapes of shipment and BAST corrections (amendments): strict inputs."""

from marshmallow import fields, validate

from relief.core.fields import QuantityField, RecordId
from relief.logistics.rules import N_
from relief.logistics.schemas import NAME, StrictSchema, length

REVISION = RecordId(
    required=True,
    metadata={"description": "The revision last read (1 + the number of amendments); stale: 409"},
)
REASON = fields.String(
    required=True,
    validate=validate.Length(
        min=10, max=2000, error=N_("Alasan koreksi {min} sampai {max} karakter.")
    ),
)
OVERRIDE = fields.String(validate=length(2000), allow_none=True)


class ItemAmendmentSchema(StrictSchema):
    """A shipment line's corrected quantity (unit unchanged unless given)."""

    id = RecordId(required=True, metadata={"description": "The shipment item's id"})
    quantity = QuantityField(required=True)
    unit = fields.String(validate=validate.Length(min=1, max=16, error=N_("Pilih satuan.")))


class ShipmentAmendmentSchema(StrictSchema):
    """A correction of a shipment: item quantities and transport facts, with a reason."""

    revision = REVISION
    reason = REASON
    items = fields.List(fields.Nested(ItemAmendmentSchema), load_default=list, validate=length(50))
    posko_name = fields.String(validate=length(200))
    vehicle_plate = fields.String(validate=length(20))
    driver_name = fields.String(validate=length(120))
    driver_phone = fields.String(
        validate=validate.Regexp(r"^(\+?[0-9 ()-]{6,20})?$", error=N_("Nomor telepon tidak valid."))
    )
    notes = fields.String(validate=length(2000))
    override_reason = OVERRIDE


class ReceiptLineAmendmentSchema(StrictSchema):
    """A BAST line's corrected accepted and rejected quantity (base unit)."""

    shipment_item_id = RecordId(required=True)
    accepted = QuantityField(allow_zero=True, allow_none=True)
    rejected = QuantityField(allow_zero=True, allow_none=True)
    reason = fields.String(validate=length(1000), allow_none=True)


class ReceiptAmendmentSchema(StrictSchema):
    """A correction of a BAST, with a reason."""

    revision = REVISION
    reason = REASON
    items = fields.List(
        fields.Nested(ReceiptLineAmendmentSchema), load_default=list, validate=length(50)
    )
    received_by = fields.String(validate=NAME)
    receiver_role = fields.String(validate=length(120))
