"""`/api/v1/field/reference`: the reference data the field app keeps on the phone."""

from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from relief.core.permissions import LOGISTICS, roles
from relief.field.queries import reference_for

blp = Blueprint(
    "field_api", __name__, url_prefix="/api/v1/field", description="Field app reference data"
)


class ReferenceSchema(Schema):
    """Events, depots and villages of the user's scope, commodities with units, open shipments."""

    user = fields.Dict()
    events = fields.List(fields.Dict())
    depots = fields.List(fields.Dict())
    villages = fields.List(fields.Dict())
    commodities = fields.List(fields.Dict())
    shipments = fields.List(fields.Dict())
    last_shipment = fields.Dict(allow_none=True)


@blp.route("/reference")
@roles(LOGISTICS)
@blp.response(200, ReferenceSchema)
def reference():
    """What the field app needs with no signal (refreshed whenever it is online)."""
    return reference_for(current_user)
