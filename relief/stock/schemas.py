"""API shapes of the stock ledger: strict inputs, whitelisted outputs."""

from marshmallow import RAISE, Schema, fields, validate, validates_schema
from marshmallow.exceptions import ValidationError

from relief.core.fields import Moment, QuantityField, RecordId
from relief.core.pagination import PageArgsSchema
from relief.stock.models import KINDS, LOSS_REASONS, SOURCES, TYPED_KINDS
from relief.stock.queries import overrides_by_id


def N_(msgid: str) -> str:  # noqa: N802 - the marker Babel extracts by default
    """Mark a message for extraction; callers translate it with gettext."""
    return msgid


class StockEntryInSchema(Schema):
    """A receipt, return, loss or count typed by staff (dispatches are written by dispatching)."""

    class Meta:
        unknown = RAISE

    kind = fields.String(
        required=True,
        validate=validate.OneOf(TYPED_KINDS, error=N_("Jenis: receipt, return, loss atau count.")),
    )
    commodity = fields.String(required=True, validate=validate.Length(min=1, max=32))
    quantity = QuantityField(
        required=True,
        allow_zero=True,
        metadata={
            "description": "In `unit` (default: the base unit); for a count, what was counted"
        },
    )
    unit = fields.String(validate=validate.Length(max=16))
    occurred_at = Moment(metadata={"description": "When it happened (default now), UTC"})
    source = fields.String(
        validate=validate.OneOf(SOURCES, error=N_("Sumber tidak dikenal.")),
        metadata={"description": "Receipts: bulog, kemensos, donation, purchase, other"},
    )
    document_no = fields.String(validate=validate.Length(max=80))
    reason = fields.String(
        validate=validate.OneOf(LOSS_REASONS, error=N_("Sebab tidak dikenal.")),
        metadata={"description": "Losses: spoiled, damaged, stolen"},
    )
    shipment_id = RecordId(
        metadata={"description": "Returns: the shipment whose BAST rejected the goods"}
    )
    note = fields.String(validate=validate.Length(max=2000))

    @validates_schema
    def _quantity_positive(self, data: dict, **kwargs) -> None:
        if data.get("kind") != "count" and data.get("quantity") == 0:
            raise ValidationError(N_("Jumlah harus lebih dari 0."), "quantity")


class StockEntrySchema(Schema):
    """One ledger entry as recorded."""

    id = fields.Integer()
    depot_id = fields.Integer()
    commodity = fields.String(attribute="commodity_code")
    kind = fields.String(metadata={"enum": list(KINDS)})
    occurred_at = fields.DateTime()
    recorded_at = fields.DateTime()
    quantity = fields.Float(allow_none=True)
    unit = fields.String(allow_none=True)
    change_base = fields.Float()
    counted_base = fields.Float(allow_none=True)
    on_hand_before = fields.Float(allow_none=True)
    variance_base = fields.Method("_variance", allow_none=True)
    source = fields.String(allow_none=True)
    document_no = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)
    note = fields.String()
    shipment_id = fields.Integer(allow_none=True)
    override_id = fields.Integer(allow_none=True)
    override_reason = fields.Method("_override_reason", allow_none=True)
    recorded_by = fields.String()

    def _variance(self, entry) -> float | None:
        return entry.change_base if entry.kind == "count" else None

    def _override_reason(self, entry) -> str | None:
        if entry.override_id is None:  # the rare case: one read each
            return None
        override = overrides_by_id({entry.override_id}).get(entry.override_id)
        return override.reason if override else None


class StockEntryQuerySchema(PageArgsSchema):
    """Filters of a depot's ledger."""

    kind = fields.String(validate=validate.OneOf(KINDS, error=N_("Jenis tidak dikenal.")))
    commodity = fields.String(validate=validate.Length(max=32))
    date_from = Moment(data_key="from")
    date_to = Moment(data_key="to")
    shipment_id = RecordId()


class AsOfSchema(Schema):
    """The moment a stock figure is asked for."""

    class Meta:
        unknown = RAISE

    as_of = Moment(metadata={"description": "Default: now"})


class StockLineSchema(Schema):
    """On hand of one commodity."""

    commodity = fields.String()
    name = fields.String()
    on_hand = fields.Float()
    unit = fields.String()


class StockSchema(Schema):
    """A depot's on hand per commodity, as of a moment."""

    depot_id = fields.Integer()
    depot = fields.String()
    as_of = fields.DateTime()
    tracked = fields.Boolean()
    tracked_since = fields.DateTime(allow_none=True)
    items = fields.List(fields.Nested(StockLineSchema))


class TrackingInSchema(Schema):
    """Since when a depot's ledger is complete (null: not tracked; admin)."""

    class Meta:
        unknown = RAISE

    tracked_since = Moment(required=True, allow_none=True)


class TrackingSchema(Schema):
    """A depot's tracking setting."""

    depot_id = fields.Integer()
    tracked_since = fields.DateTime(allow_none=True)
    set_at = fields.DateTime()
    set_by = fields.String()


class OverrideInSchema(Schema):
    """An admin's permission to dispatch beyond the recorded stock."""

    class Meta:
        unknown = RAISE

    commodity = fields.String(
        validate=validate.Length(max=32), metadata={"description": "Omit for every commodity"}
    )
    reason = fields.String(required=True, validate=validate.Length(min=5, max=2000))
    hours = fields.Integer(load_default=24, validate=validate.Range(min=1, max=24 * 14))


class OverrideSchema(Schema):
    """An override as set."""

    id = fields.Integer()
    depot_id = fields.Integer()
    commodity = fields.String(attribute="commodity_code", allow_none=True)
    reason = fields.String()
    set_by = fields.String()
    set_at = fields.DateTime()
    valid_until = fields.DateTime()
