"""`/api/v1/organisations`: read by staff; created and changed by admins."""

from flask_smorest import Blueprint

from relief.core.errors import ErrorSchema
from relief.core.permissions import STAFF, roles
from relief.organisations import queries, services
from relief.organisations.schemas import (
    OrganisationCreateSchema,
    OrganisationPatchSchema,
    OrganisationQuerySchema,
    OrganisationSchema,
)
from relief.unit_of_work import admin_writes

blp = Blueprint(
    "organisations_api",
    __name__,
    url_prefix="/api/v1/organisations",
    description="Organisations (BPBD, Dinsos, Kemensos, PMI, NGOs)",
)


@blp.route("")
@roles(*STAFF)
@blp.arguments(OrganisationQuerySchema, location="query")
@blp.response(200, OrganisationSchema(many=True))
def list_organisations(args: dict):
    """Organisations by kind, regency served, active and name."""
    return queries.all_organisations(args)


@blp.route("", methods=["POST"])
@admin_writes(blp, OrganisationCreateSchema, OrganisationSchema)
def create_organisation(data: dict):
    """Add an organisation (admin); audited."""
    return services.create_organisation(data)


@blp.route("/<int:organisation_id>")
@roles(*STAFF)
@blp.response(200, OrganisationSchema)
@blp.alt_response(404, schema=ErrorSchema)
def get_organisation(organisation_id: int):
    """One organisation."""
    return queries.get_organisation(organisation_id)


@blp.route("/<int:organisation_id>", methods=["PATCH"])
@admin_writes(blp, OrganisationPatchSchema, OrganisationSchema, status=200, errors=(404,))
def update_organisation(data: dict, organisation_id: int):
    """Change an organisation (admin); audited."""
    return services.update_organisation(queries.get_organisation(organisation_id), data)
