"""The pages blueprint (shipment, import and stock views) and the API blueprint (shipment
and depot stock endpoints)."""

from flask import Blueprint
from flask_smorest import Blueprint as ApiBlueprint

bp = Blueprint("logistics", __name__)
blp = ApiBlueprint(
    "logistics_api", __name__, url_prefix="/api/v1", description="Depots, shipments, depot stock"
)
