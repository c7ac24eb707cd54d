"""`/api/v1`: a village's public aid status, and residents' reports by tracking code."""

from flask_login import current_user
from flask_smorest import Blueprint

from relief.areas.queries import village_codes_exist
from relief.core.errors import DomainError, ErrorSchema
from relief.core.models import utcnow
from relief.core.permissions import LOGISTICS, OMBUDSMAN, PUBLIC, roles
from relief.extensions import csrf, db, limiter
from relief.public import forwarding, queries, services
from relief.public.blueprint import limit_setting, not_found
from relief.public.codes import normalise_tracking_code
from relief.public.complaints import REPORT_SCOPE
from relief.public.event_choice import choose_event
from relief.public.schemas import (
    AnswerInSchema,
    ForwardedArgsSchema,
    ForwardedReportSchema,
    ForwardInSchema,
    PlaceMatchSchema,
    PlaceQuerySchema,
    ReportInSchema,
    ReportPublicSchema,
    VillageStatusArgsSchema,
    VillageStatusSchema,
)
from relief.public.search import index
from relief.public.status import village_status
from relief.unit_of_work import writes

blp = Blueprint(
    "public_api",
    __name__,
    url_prefix="/api/v1",
    description="Public facts and residents' reports (no account)",
)


@blp.route("/public/villages/<string:code>")
@roles(PUBLIC)
@blp.arguments(VillageStatusArgsSchema, location="query")
@blp.response(200, VillageStatusSchema)
@blp.alt_response(404, schema=ErrorSchema)
@blp.alt_response(422, schema=ErrorSchema, description="`event` names no event")
def get_village_status(args: dict, code: str):
    """A village's aid status in one event (`?event=`): arrived, still owed, posko; no
    personal data."""
    choice = choose_event(args.get("event"))
    if choice.error:
        raise DomainError(choice.error, {"event": [choice.error]})
    return village_status(code, choice)


@blp.route("/public/places")
@roles(PUBLIC)
@blp.arguments(PlaceQuerySchema, location="query")
@blp.response(200, PlaceMatchSchema(many=True))
def search_places(args: dict):
    """Areas whose name (spelling forgiven) or code fits `q`, best first (village pickers)."""
    # The search ranks villages first among equal scores; ask for the most, then filter.
    places = index.search(args["q"], limit=20)
    if args.get("level"):
        places = [p for p in places if p.level == args["level"]]
    return places[: args["limit"]]


@blp.route("/reports", methods=["POST"])
@roles(PUBLIC)
@writes
@csrf.exempt
@limiter.shared_limit(limit_setting("PUBLIC_REPORT_LIMIT"), scope=REPORT_SCOPE)
@blp.arguments(ReportInSchema)
@blp.response(201, ReportPublicSchema)
@blp.alt_response(404, schema=ErrorSchema, description="Unknown village code")
@blp.alt_response(422, schema=ErrorSchema)
@blp.alt_response(429, schema=ErrorSchema)
def create_report(body: dict):
    """File a complaint; answers the tracking code to follow it with."""
    if not village_codes_exist({body["village_code"]}):
        raise DomainError(
            "Desa tidak dikenal.",
            status=404,
            fields={"village_code": ["Kode desa/kelurahan tidak dikenal."]},
        )
    return services.file_report(
        body["village_code"], body["category"], body["text"], body.get("contact"), channel="api"
    )


@blp.route("/reports/<string:tracking_code>")
@roles(PUBLIC)
@limiter.limit(limit_setting("PUBLIC_WRONG_CODE_LIMIT"), deduct_when=not_found)
@blp.response(200, ReportPublicSchema)
@blp.alt_response(404, schema=ErrorSchema)
def get_report(tracking_code: str):
    """A report's state and public reply (never its text or contact)."""
    return queries.report_by_code(normalise_tracking_code(tracking_code))


@blp.route("/reports/<string:tracking_code>/forward", methods=["POST"])
@roles(OMBUDSMAN)
@writes
@blp.arguments(ForwardInSchema)
@blp.response(200, ForwardedReportSchema)
@blp.alt_response(404, schema=ErrorSchema)
@blp.alt_response(409, schema=ErrorSchema, description="The report's state forbids it")
@blp.alt_response(422, schema=ErrorSchema, description="Unknown or inactive organisation")
def forward(body: dict, tracking_code: str):
    """Forward a report to the public-service unit that must answer it, with a deadline."""
    report = queries.report_by_code(normalise_tracking_code(tracking_code))
    return forwarding.forward_report(report, body["organisation_id"], body["note"])


@blp.route("/reports/<string:tracking_code>/answers", methods=["POST"])
@roles(LOGISTICS)
@writes
@blp.arguments(AnswerInSchema)
@blp.response(201, ForwardedReportSchema)
@blp.alt_response(403, schema=ErrorSchema, description="Not the unit it was forwarded to")
@blp.alt_response(404, schema=ErrorSchema)
@blp.alt_response(409, schema=ErrorSchema, description="Not forwarded to a unit")
def answer(body: dict, tracking_code: str):
    """The forwarded unit's answer; the resident reads it on the tracking page."""
    report = queries.report_by_code(normalise_tracking_code(tracking_code))
    if report.organisation_id != current_user.organisation_id:
        raise DomainError("Hanya staf instansi tujuan yang dapat menjawab.", status=403)
    forwarding.answer_report(report, body["text"])
    return report


@blp.route("/reports/forwarded")
@roles(LOGISTICS, OMBUDSMAN)
@blp.arguments(ForwardedArgsSchema, location="query")
@blp.response(200, ForwardedReportSchema(many=True))
def forwarded(args: dict):
    """Complaints forwarded to units, nearest deadline first: a unit's staff see their own."""
    unit = args["organisation_id"]
    if current_user.role == LOGISTICS:
        unit = current_user.organisation_id or -1
    stmt = forwarding.forwarded_reports(unit, utcnow() if args["overdue"] else None)
    return list(db.session.scalars(stmt.limit(500)))
