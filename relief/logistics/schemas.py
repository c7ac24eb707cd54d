"""API shapes of depots and shipments: strict inputs, whitelisted outputs."""

from datetime import UTC

from flask_login import current_user
from marshmallow import RAISE, Schema, fields, validate

from relief.audit.schemas import AmendmentSchema
from relief.core.fields import Day, IndonesianPhone, Moment, QuantityField, RecordId
from relief.core.pagination import PageArgsSchema
from relief.logistics.guards import sees_confirmation_code
from relief.logistics.models import STATUSES
from relief.logistics.rules import N_

VILLAGE_CODE = validate.Regexp(
    r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$", error=N_("Kode desa harus berbentuk 36.02.25.2004.")
)
MESSAGES = {
    "required": N_("Wajib diisi."),
    "null": N_("Tidak boleh kosong."),
    "invalid": N_("Nilai tidak valid."),
}
AMENDMENTS = AmendmentSchema(many=True)  # built once: every shipment answer dumps it


class StrictSchema(Schema):
    """Rejects unknown fields (marshmallow's default) and speaks Indonesian."""

    error_messages = {"unknown": N_("Kolom tidak dikenal."), "type": N_("Isi harus objek JSON.")}

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        """Indonesian messages for the common field errors."""
        field_obj.error_messages.update(
            {k: v for k, v in MESSAGES.items() if k in field_obj.error_messages}
        )


def length(max: int, min: int = 0) -> validate.Length:
    """A length check that explains itself in Indonesian (marshmallow's default is English)."""
    if min:
        return validate.Length(min=min, max=max, error=N_("Isi {min} sampai {max} karakter."))
    return validate.Length(max=max, error=N_("Paling banyak {max} karakter."))


def _time(**kwargs) -> fields.AwareDateTime:
    return Moment(default_timezone=UTC, **kwargs)


POSITIVE = validate.Range(min=0, min_inclusive=False, error=N_("Jumlah harus lebih dari 0."))
NOT_NEGATIVE = validate.Range(min=0, error=N_("Jumlah tidak boleh negatif."))
LAT = fields.Float(
    validate=validate.Range(-90, 90, error=N_("Lintang di luar rentang.")), allow_none=True
)
LON = fields.Float(
    validate=validate.Range(-180, 180, error=N_("Bujur di luar rentang.")), allow_none=True
)
VERSION = RecordId(required=True, metadata={"description": "The version last read"})


class ItemInSchema(StrictSchema):
    """One commodity line as logged."""

    commodity = fields.String(
        required=True, validate=validate.Length(min=1, max=32, error=N_("Pilih barang."))
    )
    quantity = QuantityField(required=True)
    unit = fields.String(
        required=True, validate=validate.Length(min=1, max=16, error=N_("Pilih satuan."))
    )
    lot = fields.String(validate=length(64), allow_none=True)
    expires_on = Day(allow_none=True)


class ShipmentCreateSchema(StrictSchema):
    """A new shipment from a depot to a village."""

    event_id = RecordId(required=True)
    origin_depot_id = RecordId(required=True)
    destination_code = fields.String(required=True, validate=VILLAGE_CODE)
    posko_name = fields.String(validate=length(200), allow_none=True)
    items = fields.List(
        fields.Nested(ItemInSchema),
        required=True,
        validate=validate.Length(min=1, max=50, error=N_("Isi 1 sampai 50 barang.")),
    )
    vehicle_plate = fields.String(validate=length(20), allow_none=True)
    driver_name = fields.String(validate=length(120), allow_none=True)
    driver_phone = IndonesianPhone(allow_none=True)
    notes = fields.String(validate=length(2000), allow_none=True)
    # Records a figure a plausibility guard refused (README: plausibility guards).
    override_reason = fields.String(validate=length(2000), allow_none=True)


class DispatchSchema(StrictSchema):
    """Send a shipment on its way."""

    version = VERSION
    dispatched_at = _time(allow_none=True)
    lat = LAT
    lon = LON


class CancelSchema(StrictSchema):
    """Cancel a shipment with a reason."""

    version = VERSION
    reason = fields.String(
        required=True,
        validate=validate.Length(
            min=1, max=1000, error=N_("Alasan wajib diisi (maks. 1000 karakter).")
        ),
    )


class ReceiptLineSchema(StrictSchema):
    """Accepted and rejected quantity of one commodity line, in the base unit."""

    commodity = fields.String(required=True)
    accepted = QuantityField(allow_zero=True, allow_none=True)
    rejected = QuantityField(allow_zero=True, load_default=0)
    reason = fields.String(load_default="", validate=length(1000))


PHOTOS = fields.List(
    fields.String(validate=validate.Regexp(r"^[0-9a-f]{64}$", error=N_("Foto tidak dikenal."))),
    load_default=list,
    validate=validate.Length(max=6, error=N_("Paling banyak 6 foto.")),
    metadata={"description": "SHA-256 of photos uploaded to /api/v1/photos"},
)
ACCURACY = fields.Float(
    allow_none=True,
    validate=validate.Range(min=0, max=100_000, error=N_("Akurasi GPS tidak valid.")),
    metadata={"description": "GPS accuracy in metres, as the device reported it"},
)
RECEIPT_ITEMS = fields.List(
    fields.Nested(ReceiptLineSchema), load_default=list, validate=length(50)
)
NAME = validate.Length(min=1, max=120, error=N_("Isi 1 sampai 120 karakter."))


class DeliverSchema(StrictSchema):
    """Mark delivered; with `received_by` the staff BAST is recorded at once."""

    version = VERSION
    delivered_at = _time(allow_none=True)
    lat = LAT
    lon = LON
    received_by = fields.String(validate=NAME, allow_none=True)
    receiver_role = fields.String(validate=length(120), allow_none=True)
    items = RECEIPT_ITEMS
    override_reason = fields.String(validate=length(2000), allow_none=True)
    photos = PHOTOS
    accuracy_m = ACCURACY


class ReceiptInSchema(StrictSchema):
    """A BAST recorded after the delivery."""

    version = RecordId(allow_none=True)
    received_by = fields.String(required=True, validate=NAME)
    receiver_role = fields.String(load_default="", validate=length(120))
    received_at = _time(allow_none=True)
    lat = LAT
    lon = LON
    items = RECEIPT_ITEMS
    photos = PHOTOS
    accuracy_m = ACCURACY


class ShipmentQuerySchema(PageArgsSchema):
    """Filters of the shipment list."""

    event_id = RecordId()
    regency = fields.String(validate=length(16))
    district = fields.String(validate=length(16))
    destination_code = fields.String(validate=length(16))
    status = fields.String(validate=validate.OneOf(STATUSES, error=N_("Status tidak dikenal.")))
    commodity = fields.String(validate=length(32))
    date_from = Day(data_key="from")
    date_to = Day(data_key="to")
    all_areas = fields.Boolean(
        load_default=False,
        metadata={"description": "Logistics accounts see their own scope unless this is true"},
    )
    missing_bast = fields.Boolean(
        load_default=False,
        metadata={
            "description": "Only delivered shipments that still have no handover report (BAST)"
        },
    )


class DepotSchema(Schema):
    """A depot."""

    id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    regency_code = fields.String()
    operator = fields.String()
    organisation_id = fields.Integer(allow_none=True)
    lat = fields.Float(allow_none=True)
    lon = fields.Float(allow_none=True)


class DepotCreateSchema(Schema):
    """A new depot (admin)."""

    class Meta:
        unknown = RAISE

    name = fields.String(required=True, validate=validate.Length(min=3, max=200))
    kind = fields.String(load_default="gudang", validate=validate.OneOf(("gudang", "posko")))
    organisation_id = RecordId(required=True)
    regency_code = fields.String(
        required=True,
        validate=validate.Regexp(r"^\d{2}\.\d{2}$", error=N_("Bukan kode kabupaten/kota.")),
    )
    lat = fields.Float(required=True, validate=validate.Range(min=-90, max=90))
    lon = fields.Float(required=True, validate=validate.Range(min=-180, max=180))


class DepotPatchSchema(Schema):
    """Rename a depot, move it or hand it to another organisation (admin)."""

    class Meta:
        unknown = RAISE

    name = fields.String(validate=validate.Length(min=3, max=200))
    kind = fields.String(validate=validate.OneOf(("gudang", "posko")))
    organisation_id = RecordId()
    lat = fields.Float(validate=validate.Range(min=-90, max=90))
    lon = fields.Float(validate=validate.Range(min=-180, max=180))


class DepotQuerySchema(Schema):
    """Depot list filters."""

    class Meta:
        unknown = RAISE

    organisation_id = RecordId()
    regency = fields.String(validate=validate.Length(max=16))
    q = fields.String(validate=validate.Length(max=100))


class ItemSchema(Schema):
    """A shipment line as logged and in the base unit."""

    id = fields.Integer()
    commodity = fields.String(attribute="commodity_code")
    quantity = fields.Float()
    unit = fields.String()
    quantity_base = fields.Float()
    base_unit = fields.Function(lambda item: item.commodity.base_unit)
    lot = fields.String(allow_none=True)
    expires_on = fields.Date(allow_none=True)


class StatusChangeSchema(Schema):
    """One timeline step."""

    from_status = fields.String(allow_none=True)
    to_status = fields.String()
    at = fields.DateTime()
    by = fields.String(attribute="by_label")
    lat = fields.Float(allow_none=True)
    lon = fields.Float(allow_none=True)
    note = fields.String()


class ReceiptItemSchema(Schema):
    """Accepted and rejected quantity of one line, in the base unit."""

    commodity = fields.String(attribute="commodity_code")
    shipment_item_id = fields.Integer()
    accepted = fields.Float(attribute="accepted_base")
    rejected = fields.Float(attribute="rejected_base")
    reason = fields.String()


class ReceiptPhotoSchema(Schema):
    """A photo of the signed paper."""

    sha256 = fields.String()
    media_type = fields.String()
    width = fields.Integer()
    height = fields.Integer()


class ReceiptSchema(Schema):
    """The BAST of a shipment."""

    received_by = fields.String()
    receiver_role = fields.String()
    received_at = fields.DateTime()
    lat = fields.Float(allow_none=True)
    lon = fields.Float(allow_none=True)
    gps_accuracy_m = fields.Float(allow_none=True)
    channel = fields.String()
    items = fields.List(fields.Nested(ReceiptItemSchema))
    photos = fields.List(fields.Nested(ReceiptPhotoSchema))
    revision = fields.Function(lambda r: 1 + len(r.amendments), metadata={"type": "integer"})
    amendments = fields.Function(
        lambda r: AMENDMENTS.dump(r.amendments),
        metadata={
            "type": "array",
            "description": "Corrections, oldest first; the lines above stay as recorded",
        },
    )


class ShipmentSummarySchema(Schema):
    """A shipment in lists (staff only: carries the driver's name and phone)."""

    id = fields.Integer()
    waybill_no = fields.String()
    event_id = fields.Integer()
    status = fields.String()
    version = fields.Integer()
    origin_depot_id = fields.Integer()
    origin_depot = fields.Function(lambda s: s.origin_depot.name)
    destination_code = fields.String()
    destination_name = fields.Function(lambda s: s.destination.name)
    regency_code = fields.Function(lambda s: s.destination.regency_code)
    district_code = fields.Function(lambda s: s.destination.district_code)
    vehicle_plate = fields.String(allow_none=True)
    driver_name = fields.String(allow_none=True)
    driver_phone = fields.String(allow_none=True)
    created_at = fields.DateTime()
    dispatched_at = fields.DateTime(allow_none=True)
    delivered_at = fields.DateTime(allow_none=True)
    cancelled_at = fields.DateTime(allow_none=True)
    is_demo = fields.Boolean()
    items = fields.List(fields.Nested(ItemSchema))


class ShipmentSchema(ShipmentSummarySchema):
    """A shipment with its timeline and, once delivered, its receipt."""

    posko_name = fields.String(allow_none=True)
    notes = fields.String()
    cancel_reason = fields.String(allow_none=True)
    delivery_lat = fields.Float(allow_none=True)
    delivery_lon = fields.Float(allow_none=True)
    delivery_distance_m = fields.Float(allow_none=True)
    confirmation_code = fields.Function(
        lambda s: s.confirmation_code if sees_confirmation_code(current_user) else None,
        allow_none=True,
        metadata={
            "type": "string",
            "description": "Village confirmation code, for logistics users only (null "
            "for other roles and before dispatch)",
        },
    )
    history = fields.List(fields.Nested(StatusChangeSchema))
    receipt = fields.Nested(ReceiptSchema, allow_none=True)
    revision = fields.Function(
        lambda s: 1 + len(s.amendments),
        metadata={"type": "integer", "description": "1 + the number of amendments"},
    )
    amendments = fields.Function(
        lambda s: AMENDMENTS.dump(s.amendments),
        metadata={
            "type": "array",
            "description": "Corrections, oldest first; the items above stay as recorded",
        },
    )
