"""API shapes of amendments (whitelisted output)."""

import json

from marshmallow import Schema, fields


class AmendmentValueSchema(Schema):
    """One field of one row as an amendment changed it."""

    target = fields.String(
        metadata={"description": "shipment, shipment_item, receipt, receipt_item or assessment"}
    )
    row_id = fields.Integer()
    field = fields.String()
    old = fields.Function(lambda v: json.loads(v.old_value))
    new = fields.Function(lambda v: json.loads(v.new_value))


class AmendmentSchema(Schema):
    """A correction with its reason; the corrected record stays as recorded."""

    id = fields.Integer()
    entity = fields.String()
    entity_id = fields.Integer()
    revision = fields.Integer(
        metadata={"description": "The target's revision it created (the original is 1)"}
    )
    reason = fields.String()
    at = fields.DateTime(metadata={"description": "From when the amended figures count"})
    recorded_at = fields.DateTime()
    by = fields.String()
    changes = fields.List(fields.Nested(AmendmentValueSchema), attribute="values")
