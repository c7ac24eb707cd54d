"""The pages blueprint, shared by the shipment views and the bulk-import views."""

from flask import Blueprint

bp = Blueprint("logistics", __name__)
