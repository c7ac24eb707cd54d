"""`/api/v1/compliance`: each public-service unit's deadlines met, as JSON, XLSX or PDF."""

from flask import Response
from flask_smorest import Blueprint

from relief.core.errors import DomainError, ErrorSchema
from relief.core.permissions import ADMIN, OMBUDSMAN, roles
from relief.events.models import Event
from relief.events.queries import current_event
from relief.extensions import db
from relief.ombudsman.exports import compliance_pdf, compliance_xlsx
from relief.ombudsman.queries import compliance_rows
from relief.ombudsman.rules import BAND_NAMES, compliance_rule
from relief.ombudsman.schemas import ComplianceArgsSchema, ComplianceRowSchema

blp = Blueprint(
    "ombudsman_api",
    __name__,
    url_prefix="/api/v1",
    description="Compliance of public-service units",
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def chosen_event(event_id: int | None) -> Event:
    """The requested event or the current one; 404 / 422 when there is none."""
    event = db.session.get(Event, event_id) if event_id else current_event()
    if event is None:
        raise DomainError(
            "Kejadian tidak dikenal.",
            status=404 if event_id else 422,
            fields={"event_id": ["Kejadian tidak dikenal."]},
        )
    return event


@blp.route("/compliance")
@roles(OMBUDSMAN, ADMIN)
@blp.arguments(ComplianceArgsSchema, location="query")
@blp.response(200, ComplianceRowSchema(many=True))
@blp.alt_response(404, schema=ErrorSchema)
def compliance(args: dict):
    """Per unit: alert deadlines met, median response, complaints answered, villages by band,
    and the compliance band (rule in the README)."""
    return compliance_rows(chosen_event(args["event_id"]))


@blp.route("/compliance.xlsx")
@roles(OMBUDSMAN, ADMIN)
@blp.arguments(ComplianceArgsSchema, location="query")
@blp.alt_response(200, description="XLSX workbook")
def compliance_workbook(args: dict):
    """The compliance table as an XLSX download."""
    event = chosen_event(args["event_id"])
    body = compliance_xlsx(
        compliance_rows(event), event.name, {k: str(v) for k, v in BAND_NAMES.items()}
    )
    return Response(
        body,
        mimetype=XLSX,
        headers={"Content-Disposition": 'attachment; filename="kepatuhan.xlsx"'},
    )


@blp.route("/compliance.pdf")
@roles(OMBUDSMAN, ADMIN)
@blp.arguments(ComplianceArgsSchema, location="query")
@blp.alt_response(200, description="PDF")
def compliance_document(args: dict):
    """The compliance table as a PDF download, with its rule."""
    event = chosen_event(args["event_id"])
    body = compliance_pdf(
        compliance_rows(event),
        event.name,
        compliance_rule(),
        {k: str(v) for k, v in BAND_NAMES.items()},
    )
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": 'attachment; filename="kepatuhan.pdf"'},
    )
