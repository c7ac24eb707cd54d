"""The Ombudsman's desk page."""

from flask import Blueprint, render_template, request
from marshmallow import EXCLUDE, ValidationError
from sqlalchemy import select

from relief.alerts.stock_needs import stock_against_needs
from relief.areas.models import Area
from relief.core.errors import DomainError
from relief.core.models import utcnow
from relief.core.permissions import ADMIN, OMBUDSMAN, roles
from relief.events.queries import current_event
from relief.extensions import db
from relief.logistics.stock import depot_stock
from relief.ombudsman.api import chosen_event
from relief.ombudsman.queries import compliance_rows, desk
from relief.ombudsman.rules import compliance_rule
from relief.ombudsman.schemas import ComplianceArgsSchema

bp = Blueprint("ombudsman", __name__)


@bp.route("/ombudsman")
@roles(OMBUDSMAN, ADMIN)
def desk_page():
    """New complaints, overdue alerts, the worst villages and regencies by band, as links."""
    event = current_event()
    now = utcnow()
    return render_template("ombudsman/desk.html", event=event, desk=desk(event, now), now=now)


@bp.route("/compliance")
@roles(OMBUDSMAN, ADMIN)
def compliance_page():
    """Each unit's deadlines met, median response, complaints answered, villages by band."""
    try:
        args = ComplianceArgsSchema(unknown=EXCLUDE).load(request.args)
    except ValidationError as err:
        raise DomainError("Filter tidak valid.", fields=err.messages) from err
    event = chosen_event(args["event_id"])
    return render_template(
        "ombudsman/compliance.html",
        event=event,
        rows=compliance_rows(event),
        rule=compliance_rule(),
    )


@bp.route("/ombudsman/stock")
@roles(OMBUDSMAN, ADMIN)
def stock_page():
    """Stock in each regency's depots against its villages' needs (was the aid there?)."""
    event = current_event()
    regency = (request.args.get("regency") or "").strip()[:16]
    rows = []
    if event is not None:
        as_of = event.now()
        codes = [regency] if regency else list(event.regency_codes or [])
        names = dict(
            db.session.execute(select(Area.code, Area.name).where(Area.code.in_(codes))).all()
        )
        rows = [
            {
                "code": code,
                "name": names.get(code, code),
                "needs": stock_against_needs(event.id, as_of, code),
                "depots": depot_stock(code, utcnow()),
            }
            for code in codes
            if code in names
        ]
    return render_template("ombudsman/stock.html", event=event, rows=rows, regency=regency)
