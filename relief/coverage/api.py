"""`/api/v1/assessments` and `/api/v1/coverage` (JSON and GeoJSON)."""

import hashlib

from flask import current_app, make_response, request
from flask_login import current_user
from flask_smorest import Blueprint
from sqlalchemy import select

from relief.areas.queries import within
from relief.audit.amendments import amendments_of
from relief.audit.schemas import AmendmentSchema
from relief.auth.scope import scope_filter
from relief.core.errors import DomainError, ErrorSchema
from relief.core.idempotency import idempotent
from relief.core.pagination import page_of, paginate
from relief.core.permissions import ADMIN, STAFF, WRITERS, roles
from relief.coverage import amendments, queries, services
from relief.coverage.geo import feature_collection, village_properties
from relief.coverage.math import band
from relief.coverage.models import Assessment
from relief.coverage.schemas import (
    AmendedAssessmentSchema,
    AssessmentAmendmentSchema,
    AssessmentArgsSchema,
    AssessmentInSchema,
    AssessmentSchema,
    CoverageArgsSchema,
    CoverageRowSchema,
)
from relief.coverage.severity import policy_from_config
from relief.events.queries import current_event
from relief.extensions import db
from relief.unit_of_work import writes

blp = Blueprint("coverage_api", __name__, url_prefix="/api/v1", description="Needs and coverage")


@blp.route("/assessments", methods=["POST"])
@roles(*WRITERS)
@writes
@idempotent  # the field app's outbox repeats a send it could not see answered
@blp.arguments(AssessmentInSchema)
@blp.response(201, AssessmentSchema)
@blp.alt_response(403, schema=ErrorSchema, description="Village outside the writer's scope")
@blp.alt_response(409, schema=ErrorSchema, description="A replayed event takes no writes")
@blp.alt_response(422, schema=ErrorSchema, description="Invalid assessment")
def create_assessment(data: dict):
    """Record a village assessment; severity is computed unless set with a reason."""
    return services.record_assessment(data)


@blp.route("/assessments", methods=["GET"])
@roles(*STAFF)
@blp.arguments(AssessmentArgsSchema, location="query")
@blp.response(200, page_of(AssessmentSchema))
def list_assessments(args: dict):
    """Assessments of an event, newest first, optionally of one village; logistics accounts
    see their own scope unless `all_areas=true`."""
    stmt = select(Assessment).where(Assessment.event_id == args["event_id"])
    scope = None if args["all_areas"] else scope_filter(current_user)
    if scope is not None:
        stmt = stmt.where(within(Assessment.village_code, scope))
    if args["village_code"]:
        stmt = stmt.where(Assessment.village_code == args["village_code"])
    stmt = stmt.order_by(Assessment.assessed_at.desc(), Assessment.id.desc())
    return paginate(stmt, args["page"], args["per_page"])


@blp.route("/assessments/<int:assessment_id>")
@roles(*STAFF)
@blp.response(200, AmendedAssessmentSchema)
@blp.alt_response(404, schema=ErrorSchema)
def get_assessment(assessment_id: int):
    """One assessment as recorded, its figures as amended now (`current`) and its amendments."""
    return db.get_or_404(Assessment, assessment_id)


@blp.route("/assessments/<int:assessment_id>/amendments")
@roles(*STAFF)
@blp.response(200, AmendmentSchema(many=True))
@blp.alt_response(404, schema=ErrorSchema)
def list_assessment_amendments(assessment_id: int):
    """An assessment's corrections, oldest first (the assessment stays as recorded)."""
    return amendments_of("assessment", db.get_or_404(Assessment, assessment_id).id)


@blp.route("/assessments/<int:assessment_id>/amendments", methods=["POST"])
@roles(*WRITERS, ADMIN)
@writes
@idempotent
@blp.arguments(AssessmentAmendmentSchema)
@blp.response(201, AmendmentSchema)
@blp.alt_response(403, schema=ErrorSchema, description="Village outside the writer's scope")
@blp.alt_response(404, schema=ErrorSchema)
@blp.alt_response(409, schema=ErrorSchema, description="Stale revision, or a replayed event")
@blp.alt_response(422, schema=ErrorSchema, description="Invalid correction, per-field messages")
def amend_assessment(data: dict, assessment_id: int):
    """Correct an assessment's figures with a reason; coverage uses them from then on."""
    return amendments.amend_assessment(db.get_or_404(Assessment, assessment_id), data, current_user)


def resolve_event_id(args: dict) -> int:
    """The requested event, or the current one; 422 when there is none."""
    if args.get("event_id"):
        return args["event_id"]
    event = current_event()
    if event is None:
        raise DomainError("Belum ada kejadian.", {"event_id": ["Wajib diisi."]})
    return event.id


def coverage_rows(args: dict) -> list[dict]:
    """Rows of the coverage API for validated CoverageArgsSchema arguments."""
    event_id = resolve_event_id(args)
    if args["level"] == "village":
        rows = queries.village_coverage(event_id, args["as_of"], args["parent"], args["commodity"])
        for row in rows:
            row["level"] = "village"
            row["band"] = band(row["coverage"])
        return rows
    return queries.area_coverage(
        event_id, args["as_of"], args["level"], args["parent"], args["commodity"]
    )


@blp.route("/coverage", methods=["GET"])
@roles(*STAFF)
@blp.arguments(CoverageArgsSchema, location="query")
@blp.response(200, CoverageRowSchema(many=True))
@blp.alt_response(422, schema=ErrorSchema, description="Invalid filters")
def coverage(args: dict):
    """Need, delivered (base units) and coverage (fraction) per area and commodity."""
    return coverage_rows(args)


def coverage_geojson_text(args: dict) -> str:
    """Village polygons with coverage per commodity, weakest link, severity and worst_hit."""
    event_id = resolve_event_id(args)
    rows = queries.village_coverage(
        event_id, args["as_of"], args["parent"], args["commodity"], only_active=False
    )
    properties = village_properties(rows, policy_from_config(current_app.config))
    return feature_collection(properties, queries.village_geometries(args["parent"]))


@blp.route("/coverage.geojson", methods=["GET"])
@roles(*STAFF)
@blp.arguments(CoverageArgsSchema, location="query")
@blp.alt_response(200, description="GeoJSON FeatureCollection of villages")
@blp.alt_response(422, schema=ErrorSchema, description="Invalid filters")
def coverage_geojson(args: dict):
    """Villages (display geometry) with their coverage, as GeoJSON; ETag for revalidation."""
    body = coverage_geojson_text(args)
    response = make_response(body)
    response.mimetype = "application/geo+json"
    response.set_etag(hashlib.sha256(body.encode()).hexdigest()[:32])
    response.headers["Cache-Control"] = "private, max-age=60"
    response.vary.add("Cookie")
    return response.make_conditional(request)
