"""Coverage in SQL: one query per view, on SQLite and PostgreSQL alike.

Row contract (other domains code against it; keys are stable):

`village_coverage(event_id, as_of, parent=None, commodity=None, codes=None, only_active=True)`
returns a list of dicts, one per (village, commodity with a norm in the event's profile),
ordered by code then commodity sort order:
    code, name, district_code, regency_code, lat, lon   the village (area facts)
    commodity        commodity code (rice, medicine, clothing, ...)
    is_core          True for the core commodities (weakest link is taken over these)
    need             float, base units: basis x norm amount x days (0 with no assessment)
    delivered        float, base units, shipments delivered at or before `as_of`
                     (accepted quantity where a receipt signed by `as_of` exists, else the
                     logged one; each as the latest amendment at or before `as_of` says)
    coverage         delivered / need as a fraction (0.5 is 50 %), None where need is 0
    severity         1..5 of the latest assessment at or before `as_of`, None without one
                     (its figures, here and below, as amended by `as_of`)
    displaced, affected, households, displaced_households   from that assessment (0 without)
    assessed_at      aware UTC datetime of that assessment, None without one
    norm_source      the cited source of the norm behind `need`
`only_active=True` keeps villages that have an assessment or a delivery by `as_of`;
False returns every village under `parent` / in `codes` (for maps that draw all shapes).
Its statement sends one row per village (what it received of each commodity in columns);
need and coverage per commodity are computed from it with relief.coverage.math's `need`
and `coverage`. The area roll-ups below compute the same figures in SQL, one row per village
and commodity; tests/coverage/test_queries.py holds the two equal.

`area_coverage(event_id, as_of, level, parent=None, commodity=None)` aggregates the same
village figures to `level` (district, regency or province) as sum(delivered) / sum(need),
never a mean of ratios. Rows: code, name, level, commodity, is_core, need, delivered,
coverage, severity (the highest village severity), villages and villages_assessed (assessed
villages), worst_hit (villages at severity >= the policy's worst-hit level), villages_red
(worst-hit villages in the red band for that commodity), worst_village ({code, name,
coverage} of the lowest-covered village, None if none had a need), band (`rollup_band`:
the sum-over-sum band, never green while villages_red > 0), displaced, affected.
`area_rollup(...)` gives the same counts over each village's weakest core commodity.
"""

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import (
    Float,
    Integer,
    String,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    true,
    union,
)

from relief.areas.models import Area
from relief.audit.amendments import amended_numbers
from relief.catalog.models import Commodity, Norm
from relief.core.database import CUSTOM_PLAN
from relief.core.models import UTCDateTime, code_prefix, prefix_end
from relief.coverage.math import (
    GREEN_FROM,
    RED_BELOW,
    band,
    coverage,
    need,
    need_days,
    rollup_band,
)
from relief.coverage.models import Assessment
from relief.coverage.severity import DEFAULT_POLICY
from relief.events.models import Event
from relief.extensions import db
from relief.logistics.models import Receipt, ReceiptItem, Shipment, ShipmentItem

LEVELS = ("village", "district", "regency", "province")
# The assessment figures coverage reads, each as its latest amendment by `as_of` says.
AMENDED_ASSESSMENT = (
    "affected_persons",
    "displaced_persons",
    "households",
    "displaced_households",
    "severity",
)


def _event(event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    if event is None:
        from flask import abort

        abort(404)
    return event


# Every value of a coverage statement is one of these named parameters, so a statement is
# built once per shape (`_shape`) and then only executed with new values: building and
# hashing the expression tree cost about 4 ms a call, as much as the query on one regency.
EVENT = bindparam("event_id", type_=Integer)
AS_OF = bindparam("as_of", type_=UTCDateTime())
PROFILE = bindparam("profile", type_=String())
DAYS = bindparam("days", type_=Integer)
PARENT = bindparam("parent", type_=String())
PREFIX = bindparam("parent_prefix", type_=String())  # "36." for province 36
PREFIX_END = bindparam("parent_prefix_end", type_=String())  # "36/": see code_prefix
COMMODITY = bindparam("commodity", type_=String())
CODES = bindparam("codes", expanding=True, type_=String())
_STATEMENTS: dict[tuple, object] = {}


def _depth(parent: str | None) -> int | None:
    """None for no parent, else its level: 0 province, 1 regency, 2 district, 3 village."""
    return None if not parent else parent.count(".")


def _under(column_code, depth: int | None):
    """Condition keeping areas under the `parent` parameter (a province, regency or district)."""
    if depth is None:
        return true()
    if depth == 0:
        return code_prefix(Area.code, PREFIX, PREFIX_END)
    if depth == 1:
        return Area.regency_code == PARENT
    if depth == 2:
        return Area.district_code == PARENT
    return column_code == PARENT


def _scoped(stmt, code_column, depth: int | None, codes: bool):
    """Restrict a subquery to villages under `parent` / in `codes`, so the planner need not
    rank or aggregate the whole country when a view shows one regency.

    A province is scoped by the prefix of the village code (Kemendagri codes are hierarchical:
    `36.` begins every code in Banten), without a join to the area table whose rows carry the
    geometry; a regency or district through the area table's index on its code, which picks
    its few hundred villages' shipments by index where a prefix would scan the country's.
    """
    if depth == 0:
        stmt = stmt.where(code_prefix(code_column, PREFIX, PREFIX_END))
    elif depth is not None and depth < 3:
        stmt = stmt.join(Area, Area.code == code_column).where(_under(Area.code, depth))
    elif depth is not None:
        stmt = stmt.where(code_column == PARENT)
    if codes:
        stmt = stmt.where(code_column.in_(CODES))
    return stmt


def _latest_assessments(depth: int | None, codes: bool, grouped: bool = False):
    """The latest assessment of each village at or before `as_of` (window function).

    `grouped` (SQLite only) adds a GROUP BY on the village, which changes no row (one per
    village already) but lets SQLite index the CTE for the join: without it SQLite scanned
    every latest assessment once per village (220 ms against 21 ms, 1,552 villages all
    assessed). PostgreSQL does not accept it (the other columns are not aggregated)."""
    # Corrected figures count from their amendment's time on (relief.audit.amendments).
    amended = amended_numbers("assessment", AMENDED_ASSESSMENT, EVENT, AS_OF, "amended_a")
    figures = [
        cast(func.coalesce(amended.c[name], getattr(Assessment, name)), Integer).label(name)
        for name in AMENDED_ASSESSMENT
    ]
    ranked = (
        select(
            Assessment.id,
            Assessment.event_id,
            Assessment.village_code,
            Assessment.assessed_at,
            *figures,
            func.row_number()
            .over(
                partition_by=Assessment.village_code,
                order_by=(Assessment.assessed_at.desc(), Assessment.id.desc()),
            )
            .label("rn"),
        )
        .outerjoin(amended, amended.c.row_id == Assessment.id)
        .where(Assessment.event_id == EVENT, Assessment.assessed_at <= AS_OF)
    )
    ranked = _scoped(ranked, Assessment.village_code, depth, codes).subquery("ranked")
    latest = select(ranked).where(ranked.c.rn == 1)
    if grouped:
        latest = latest.group_by(ranked.c.village_code)
    return latest.cte("latest")


def _delivered(depth: int | None, codes: bool, cte: bool = False, pivot: int | None = None):
    """Base units delivered per (village, commodity) at or before `as_of` (a subquery, or a
    CTE where the statement reads it twice); with `pivot`, one row per village that received
    anything, its columns d0 .. d{pivot-1} the base units of the commodities named by the
    parameters c0 .. c{pivot-1} (NULL where none of it came)."""
    # A receipt (BAST) signed after `as_of` was not known then: the logged quantity counts.
    # Amended quantities count from the amendment's time on (relief.audit.amendments).
    logged = amended_numbers("shipment_item", ("quantity_base",), EVENT, AS_OF, "amended_si")
    accepted = amended_numbers("receipt_item", ("accepted_base",), EVENT, AS_OF, "amended_ri")
    quantity = case(
        (
            Receipt.id.is_not(None),
            func.coalesce(accepted.c.accepted_base, ReceiptItem.accepted_base),
        ),
        else_=func.coalesce(logged.c.quantity_base, ShipmentItem.quantity_base),
    )
    if pivot is None:
        columns = [
            ShipmentItem.commodity_code.label("commodity_code"),
            cast(func.sum(quantity), Float).label("delivered"),
        ]
    else:
        columns = [
            cast(
                func.sum(quantity).filter(ShipmentItem.commodity_code == _commodity_param(i)),
                Float,
            ).label(f"d{i}")
            for i in range(pivot)
        ]
    stmt = (
        select(Shipment.destination_code.label("village_code"), *columns)
        .join(ShipmentItem, ShipmentItem.shipment_id == Shipment.id)
        .outerjoin(ReceiptItem, ReceiptItem.shipment_item_id == ShipmentItem.id)
        .outerjoin(
            Receipt, and_(Receipt.id == ReceiptItem.receipt_id, Receipt.received_at <= AS_OF)
        )
        .outerjoin(logged, logged.c.row_id == ShipmentItem.id)
        .outerjoin(accepted, accepted.c.row_id == ReceiptItem.id)
        .where(
            Shipment.event_id == EVENT,
            Shipment.status == "delivered",
            Shipment.delivered_at <= AS_OF,
        )
    )
    stmt = _scoped(stmt, Shipment.destination_code, depth, codes)
    if pivot is None:
        stmt = stmt.group_by(Shipment.destination_code, ShipmentItem.commodity_code)
    else:
        stmt = stmt.group_by(Shipment.destination_code)
    return stmt.cte("delivered") if cte else stmt.subquery("delivered")


def _commodity_param(i: int):
    """The parameter naming the `i`-th commodity of a pivoted statement (`_delivered`)."""
    return bindparam(f"c{i}", type_=String())


def village_delivered():
    """Subquery: base units delivered per commodity (`commodity_code`, `delivered`) to the
    village named by the `parent` parameter, at `as_of`, for `event_id`, counted exactly as
    coverage counts them (the public page reads this; nothing else defines "delivered")."""
    return _delivered(3, False)


def delivered_to_village(event_id: int, as_of: datetime, code: str) -> dict[str, float]:
    """Base units delivered to one village per commodity at `as_of`, read from
    `village_delivered` (imports and tests check their figures against this)."""
    stmt = _STATEMENTS.get("delivered_to_village")
    if stmt is None:
        delivered = village_delivered()
        stmt = _STATEMENTS["delivered_to_village"] = select(
            delivered.c.commodity_code, delivered.c.delivered
        )
    rows = db.session.execute(stmt, {"event_id": event_id, "as_of": as_of, "parent": code})
    return {commodity: float(quantity or 0) for commodity, quantity in rows}


def village_rows():
    """Subquery: the coverage rows (module docstring's contract, without `norm_source` and
    `coverage`) of the village named by the `parent` parameter, one per commodity with a norm
    in the profile, whether or not the village has been assessed or served; its values are
    `view_values(...)`. For statements that read one village's coverage beside other facts."""
    return _village_statement((3, False, False, False, False)).order_by(None).subquery("cov")


def view_values(
    event_id: int,
    profile: str,
    started_on,
    emergency_until,
    as_of: datetime,
    parent: str | None = None,
    commodity: str | None = None,
    codes=None,
) -> dict:
    """The parameter values of one coverage view, from the event's plain facts."""
    return {
        "event_id": event_id,
        "as_of": as_of,
        "profile": profile,
        "days": need_days(started_on, emergency_until, as_of, "day"),
        **parent_values(parent),
        "commodity": commodity,
        "codes": sorted(codes) if codes is not None else None,
    }


def parent_values(parent: str | None) -> dict:
    """The values of `_under`'s parameters: the parent's code, and for a province the byte
    range of its villages' codes (`code_prefix`)."""
    return {
        "parent": parent,
        "parent_prefix": f"{parent}." if parent else None,
        "parent_prefix_end": prefix_end(f"{parent}.") if parent else None,
    }


def plan_options(values: dict) -> dict:
    """The execution options of a statement run with `values`: one scoped to a province by
    its code prefix is planned for its own values each time (relief.core.database), since a
    generic plan cannot tell a province holding every village from one holding a few."""
    return CUSTOM_PLAN if _depth(values.get("parent")) == 0 else {}


def _read(stmt, values: dict):
    """A view's statement run on the session with its values and `plan_options`."""
    return db.session.execute(stmt, values, execution_options=plan_options(values))


def _values(event: Event, as_of: datetime, parent, commodity, codes) -> dict:
    """The parameter values of one coverage view."""
    return view_values(
        event.id,
        event.norm_profile,
        event.started_on,
        event.emergency_until,
        as_of,
        parent,
        commodity,
        codes,
    )


def _shape(parent, commodity, codes, only_active) -> tuple:
    """What decides a statement's structure (values do not)."""
    # SQLite starts from the active villages; PostgreSQL from every village, filtered (see
    # `_active` for why each).
    by_active = only_active and db.session.get_bind().dialect.name == "sqlite"
    return (_depth(parent), commodity is not None, codes is not None, only_active, by_active)


def _village_statement(shape: tuple):
    """The statement of one shape, one row per village and commodity (area roll-ups and the
    public page read it inside their own statements), built on first use and kept."""
    stmt = _STATEMENTS.get(shape)
    if stmt is None:
        stmt = _STATEMENTS[shape] = _build_village_statement(*shape)
    return stmt


def _build_village_statement(
    depth, commodity: bool, codes: bool, only_active: bool, by_active: bool
):
    latest = _latest_assessments(depth, codes)
    served_filter = only_active and not by_active
    delivered = _delivered(depth, codes, cte=served_filter)
    basis = case(
        (and_(Norm.per == "household", Norm.basis == "displaced"), latest.c.displaced_households),
        (Norm.per == "household", latest.c.households),
        (Norm.basis == "displaced", latest.c.displaced_persons),
        else_=latest.c.affected_persons,
    )
    # In double precision, as relief.coverage.math.need multiplies (basis x amount, then x
    # days): exact decimal products cost a PostgreSQL numeric multiplication per row.
    need_expr = (
        cast(func.coalesce(basis, 0), Float)
        * cast(Norm.amount, Float)
        * cast(case((Norm.period == "day", DAYS), else_=literal(1)), Float)
    )
    delivered_expr = func.coalesce(delivered.c.delivered, 0.0)
    village = {
        "name": Area.name,
        "district_code": Area.district_code,
        "regency_code": Area.regency_code,
        "lat": Area.lat,
        "lon": Area.lon,
        "severity": latest.c.severity,
        "displaced": func.coalesce(latest.c.displaced_persons, 0),
        "affected": func.coalesce(latest.c.affected_persons, 0),
        "households": func.coalesce(latest.c.households, 0),
        "displaced_households": func.coalesce(latest.c.displaced_households, 0),
        "assessed_at": latest.c.assessed_at,
    }
    stmt = (
        select(
            Area.code,
            *[village[key].label(key) for key in ("name", "district_code", "regency_code")],
            *[village[key].label(key) for key in ("lat", "lon")],
            Norm.commodity_code.label("commodity"),
            Commodity.is_core,
            need_expr.label("need"),
            delivered_expr.label("delivered"),
            *[village[key].label(key) for key in VILLAGE_KEYS[6:]],
            # relief.coverage.math.coverage in SQL: the division is the same IEEE one, and the
            # rows then need no Python work but a dict each.
            case((need_expr > 0, cast(delivered_expr / need_expr, Float))).label("coverage"),
        )
        .select_from(_active(depth, codes, latest) if by_active else Area)
        .join(Norm, Norm.profile == PROFILE)
        .join(Commodity, Commodity.code == Norm.commodity_code)
        .outerjoin(latest, latest.c.village_code == Area.code)
        .outerjoin(
            delivered,
            and_(
                delivered.c.village_code == Area.code,
                delivered.c.commodity_code == Norm.commodity_code,
            ),
        )
        .where(Area.level == "village", _under(Area.code, depth))
    )
    if commodity:
        stmt = stmt.where(Norm.commodity_code == COMMODITY)
    if codes:
        stmt = stmt.where(Area.code.in_(CODES))
    if served_filter:
        # Served villages read from the delivered rows (one scan of the shipments, not an
        # EXISTS per village: PostgreSQL turned that into a hashed scan of every delivered
        # shipment in the country).
        shipped = select(delivered.c.village_code.label("code")).distinct().subquery("shipped")
        stmt = stmt.outerjoin(shipped, shipped.c.code == Area.code).where(
            or_(latest.c.id.is_not(None), shipped.c.code.is_not(None))
        )
    return stmt.order_by(Area.code, Commodity.sort_order, Commodity.code)


def _active(depth: int | None, codes: bool, latest):
    """Villages with an assessment or a delivered shipment by `as_of`, joined to their area.

    SQLite's rows start from this set: started from every village under `parent`, SQLite
    rescans `latest` (no automatic index) for every village and commodity, 110 ms instead of
    2 ms for Banten's 1,552 villages. PostgreSQL keeps starting from the villages with an
    EXISTS probe on shipments: it hashes `latest` there, while here its estimate of one row
    for `rn = 1` makes it loop over the CTE once per village (seen on one regency of the
    84,000-village bench).
    """
    shipped = select(Shipment.destination_code.label("code")).where(
        Shipment.event_id == EVENT,
        Shipment.status == "delivered",
        Shipment.delivered_at <= AS_OF,
    )
    shipped = _scoped(shipped, Shipment.destination_code, depth, codes)
    active = union(select(latest.c.village_code.label("code")), shipped).subquery("active")
    return active.join(Area, Area.code == active.c.code)


# A village's own keys in a coverage row, in the row's order (`village_coverage`).
VILLAGE_KEYS = (
    "code",
    "name",
    "district_code",
    "regency_code",
    "lat",
    "lon",
    "severity",
    "displaced",
    "affected",
    "households",
    "displaced_households",
    "assessed_at",
)
_COUNTED = VILLAGE_KEYS[VILLAGE_KEYS.index("displaced") : VILLAGE_KEYS.index("assessed_at")]


def _basis_key(per: str, basis: str) -> str:
    """The row key of the persons or households a norm counts (as `need_expr` picks them)."""
    if per == "household":
        return "displaced_households" if basis == "displaced" else "households"
    return "displaced" if basis == "displaced" else "affected"


class ProfileCommodity(NamedTuple):
    """A commodity with a norm in an event's profile, and that norm."""

    code: str
    is_core: bool
    per: str
    basis: str
    amount: float
    period: str
    source: str


def profile_commodities(profile: str) -> list[ProfileCommodity]:
    """The commodities with a norm in `profile`, in display order, each with its norm."""
    stmt = (
        select(
            Commodity.code,
            Commodity.is_core,
            Norm.per,
            Norm.basis,
            Norm.amount,
            Norm.period,
            Norm.source,
        )
        .join(Norm, Norm.commodity_code == Commodity.code)
        .where(Norm.profile == profile)
        .order_by(Commodity.sort_order, Commodity.code)
    )
    return [ProfileCommodity(*row) for row in db.session.connection().execute(stmt)]


def _village_table(
    depth, codes: bool, only_active: bool, by_active: bool, count: int, sqlite: bool
):
    """One row per village: its `VILLAGE_KEYS` (assessment figures NULL without one), then
    the base units of each of `count` commodities delivered to it by `as_of` (`_delivered`
    pivoted; NULL where none came). Built on first use and kept."""
    key = ("table", depth, codes, only_active, by_active, count, sqlite)
    stmt = _STATEMENTS.get(key)
    if stmt is not None:
        return stmt
    latest = _latest_assessments(depth, codes, grouped=sqlite)
    delivered = _delivered(depth, codes, pivot=count)
    active = _active(depth, codes, latest) if by_active else None
    stmt = (
        select(
            Area.code,
            Area.name,
            Area.district_code,
            Area.regency_code,
            Area.lat,
            Area.lon,
            latest.c.severity,
            latest.c.displaced_persons,
            latest.c.affected_persons,
            latest.c.households,
            latest.c.displaced_households,
            latest.c.assessed_at,
            *[delivered.c[f"d{i}"] for i in range(count)],
        )
        .select_from(active if by_active else Area)
        .outerjoin(latest, latest.c.village_code == Area.code)
        .outerjoin(delivered, delivered.c.village_code == Area.code)
        .where(Area.level == "village")
    )
    if not by_active:  # the active set is scoped already (see `_active`)
        stmt = stmt.where(_under(Area.code, depth))
        if codes:
            stmt = stmt.where(Area.code.in_(CODES))
    if only_active and not by_active:
        # Served villages are those with a row in the delivered subquery: one scan of the
        # shipments, not an EXISTS per village.
        stmt = stmt.where(or_(latest.c.id.is_not(None), delivered.c.village_code.is_not(None)))
    # SQLite walks the active set in its own (code) order and looks each area up; ordered by
    # the area's code, it walked every area of the scope and scanned the active set for each
    # (a province of the demo: 6.5 ms against 3.3 before the rows were per village).
    order = active.left.c.code if by_active else Area.code
    stmt = _STATEMENTS[key] = stmt.order_by(order)
    return stmt


def _table_view(event: Event, as_of: datetime, parent, commodity, codes, only_active):
    """The statement `village_coverage` runs for one view, its values, and the commodities of
    its columns (none where the profile has no norm for `commodity`)."""
    commodities = profile_commodities(event.norm_profile)
    if commodity is not None:
        commodities = [c for c in commodities if c.code == commodity]
    sqlite = db.session.get_bind().dialect.name == "sqlite"
    by_active = only_active and sqlite  # see `_active`
    shape = (_depth(parent), codes is not None, only_active, by_active, len(commodities), sqlite)
    values = _values(event, as_of, parent, commodity, codes)
    values.update({f"c{i}": c.code for i, c in enumerate(commodities)})
    return _village_table(*shape), values, commodities


def _village_select(event: Event, as_of: datetime, parent, commodity, codes, only_active):
    """The statement of one view with its values bound (for compiling it on its own)."""
    stmt, values, _commodities = _table_view(event, as_of, parent, commodity, codes, only_active)
    return stmt.params(values)


def village_coverage(
    event_id: int,
    as_of: datetime | None = None,
    parent: str | None = None,
    commodity: str | None = None,
    codes=None,
    only_active: bool = True,
) -> list[dict]:
    """Need, delivered and coverage per village and commodity (see the module docstring).

    The database sends one row per village (its facts, its latest assessment and what it
    received of each commodity); need and coverage per commodity of the profile are
    relief.coverage.math's `need` and `coverage` of that row, here. Sent from SQL as one row
    per village and commodity (the village repeated on each), a 1,500-village province took
    101 ms against 23 ms for the bare delivered GROUP BY (bench/scale_bench.py, coverage)."""
    event = _event(event_id)
    as_of = as_of or event.now()  # a replayed scenario's moment, else now
    stmt, values, commodities = _table_view(event, as_of, parent, commodity, codes, only_active)
    if not commodities:
        return []
    # A Core result on the session's connection: no ORM row loading for thousands of rows.
    result = db.session.connection().execute(stmt, values, execution_options=plan_options(values))
    days = float(values["days"])
    columns = [
        (
            c.code,
            c.is_core,
            _basis_key(c.per, c.basis),
            float(c.amount),
            days if c.period == "day" else 1.0,
            c.source,
        )
        for c in commodities
    ]
    width = len(VILLAGE_KEYS)
    rows = []
    for row in result.fetchall():
        village = dict(zip(VILLAGE_KEYS, row[:width], strict=True))
        for key in _COUNTED:
            if village[key] is None:  # not assessed: nobody counted yet
                village[key] = 0
        for at, (code, is_core, basis, amount, days_of, source) in enumerate(columns, width):
            needed = need(village[basis], amount, days_of)
            delivered = 0.0 if row[at] is None else float(row[at])
            rows.append(
                {
                    **village,
                    "commodity": code,
                    "is_core": is_core,
                    "need": needed,
                    "delivered": delivered,
                    "coverage": coverage(delivered, needed),
                    "norm_source": source,
                }
            )
    return rows


def _area_key(villages, level: str):
    if level == "district":
        return villages.c.district_code
    if level == "regency":
        return villages.c.regency_code
    return func.substr(villages.c.code, 1, 2)


def _village_rows(parent, commodity):
    """The active villages' coverage statement as a subquery (one row per commodity)."""
    return _village_statement(_shape(parent, commodity, None, True)).order_by(None).subquery("v")


def _is_red(need_column, delivered_column):
    """A village figure in the red band (see `RED_BELOW`)."""
    return and_(need_column > 0, delivered_column < need_column * RED_BELOW)


def _worst_villages(villages, key, group_by: list, coverage_column):
    """Per group, the village with the lowest coverage (ties: higher severity, then code)."""
    ranked = (
        select(
            key.label("area_code"),
            *group_by,
            villages.c.code.label("worst_code"),
            villages.c.name.label("worst_name"),
            coverage_column.label("worst_coverage"),
            func.row_number()
            .over(
                partition_by=[key, *group_by],
                order_by=(coverage_column, villages.c.severity.desc(), villages.c.code),
            )
            .label("wrn"),
        )
        .where(coverage_column.is_not(None))
        .subquery("ranked_worst")
    )
    return select(ranked).where(ranked.c.wrn == 1).subquery("worst")


def area_coverage(
    event_id: int,
    as_of: datetime | None = None,
    level: str = "regency",
    parent: str | None = None,
    commodity: str | None = None,
    worst_hit_from: int = DEFAULT_POLICY.worst_hit_from,
) -> list[dict]:
    """Sum-over-sum coverage per district, regency or province with the roll-up that cannot
    hide a village: villages_red, worst_village and band (see the module docstring)."""
    if level not in ("district", "regency", "province"):
        raise ValueError(f"unknown level {level!r}")
    event = _event(event_id)
    as_of = as_of or event.now()  # a replayed scenario's moment, else now
    villages = _village_rows(parent, commodity)
    key = _area_key(villages, level)
    village_cov = case((villages.c.need > 0, villages.c.delivered / villages.c.need))
    red_worst = and_(
        villages.c.severity >= worst_hit_from, _is_red(villages.c.need, villages.c.delivered)
    )
    grouped = (
        select(
            key.label("code"),
            villages.c.commodity,
            villages.c.is_core,
            func.sum(villages.c.need).label("need"),
            func.sum(villages.c.delivered).label("delivered"),
            func.max(villages.c.severity).label("severity"),
            func.count(villages.c.assessed_at).label("villages"),
            func.sum(case((villages.c.severity >= worst_hit_from, 1), else_=0)).label("worst_hit"),
            func.sum(case((red_worst, 1), else_=0)).label("villages_red"),
            func.sum(villages.c.displaced).label("displaced"),
            func.sum(villages.c.affected).label("affected"),
        )
        .group_by(key, villages.c.commodity, villages.c.is_core)
        .subquery("g")
    )
    worst = _worst_villages(
        villages, key, [villages.c.commodity.label("worst_commodity")], village_cov
    )
    stmt = (
        select(
            grouped,
            Area.name,
            Commodity.sort_order,
            worst.c.worst_code,
            worst.c.worst_name,
            worst.c.worst_coverage,
        )
        .join(Area, Area.code == grouped.c.code)
        .join(Commodity, Commodity.code == grouped.c.commodity)
        .outerjoin(
            worst,
            and_(
                worst.c.area_code == grouped.c.code, worst.c.worst_commodity == grouped.c.commodity
            ),
        )
        .order_by(grouped.c.code, Commodity.sort_order)
    )
    rows = []
    values = _values(event, as_of, parent, commodity, None)
    for row in _read(stmt, values).mappings():
        item = {k: row[k] for k in ("code", "name", "commodity", "is_core", "severity")}
        item.update(
            level=level,
            need=float(row["need"] or 0),
            delivered=float(row["delivered"] or 0),
            villages=int(row["villages"] or 0),
            villages_assessed=int(row["villages"] or 0),
            villages_red=int(row["villages_red"] or 0),
            worst_hit=int(row["worst_hit"] or 0),
            displaced=int(row["displaced"] or 0),
            affected=int(row["affected"] or 0),
            worst_village=_worst(row),
        )
        item["coverage"] = coverage(item["delivered"], item["need"])
        item["band"] = rollup_band(item["coverage"], item["villages_red"])
        rows.append(item)
    return rows


def area_rollup(
    event_id: int,
    as_of: datetime | None = None,
    level: str = "regency",
    parent: str | None = None,
    worst_hit_from: int = DEFAULT_POLICY.worst_hit_from,
) -> dict[str, dict]:
    """Per area over the weakest core commodity of each village: code -> villages_assessed,
    villages_red (worst-hit villages whose weakest core commodity is red) and worst_village."""
    if level not in ("district", "regency", "province"):
        raise ValueError(f"unknown level {level!r}")
    event = _event(event_id)
    as_of = as_of or event.now()
    per_village = _per_village_weakest(parent)
    key = _area_key(per_village, level)
    red_worst = and_(per_village.c.severity >= worst_hit_from, per_village.c.red_commodities > 0)
    grouped = (
        select(
            key.label("code"),
            func.count(per_village.c.assessed_at).label("villages"),
            func.sum(case((red_worst, 1), else_=0)).label("villages_red"),
        )
        .group_by(key)
        .subquery("g")
    )
    worst = _worst_villages(per_village, key, [], per_village.c.weakest)
    stmt = select(
        grouped, worst.c.worst_code, worst.c.worst_name, worst.c.worst_coverage
    ).outerjoin(worst, worst.c.area_code == grouped.c.code)
    values = _values(event, as_of, parent, None, None)
    return {
        row["code"]: {
            "villages_assessed": int(row["villages"] or 0),
            "villages_red": int(row["villages_red"] or 0),
            "worst_village": _worst(row),
        }
        for row in _read(stmt, values).mappings()
    }


def _per_village_weakest(parent: str | None = None):
    """Each active village's weakest core coverage and how many core commodities are red."""
    villages = _village_rows(parent, None)
    return (
        select(
            villages.c.code,
            villages.c.name,
            villages.c.district_code,
            villages.c.regency_code,
            villages.c.severity,
            villages.c.assessed_at,
            func.min(case((villages.c.need > 0, villages.c.delivered / villages.c.need))).label(
                "weakest"
            ),
            func.sum(case((_is_red(villages.c.need, villages.c.delivered), 1), else_=0)).label(
                "red_commodities"
            ),
        )
        .where(villages.c.is_core.is_(True))
        .group_by(
            villages.c.code,
            villages.c.name,
            villages.c.district_code,
            villages.c.regency_code,
            villages.c.severity,
            villages.c.assessed_at,
        )
        .subquery("pv")
    )


def worst_villages(
    event_id: int,
    as_of: datetime | None = None,
    limit: int = 10,
    worst_hit_from: int = DEFAULT_POLICY.worst_hit_from,
    parent: str | None = None,
) -> list[dict]:
    """The worst-hit villages with the lowest weakest-link coverage, lowest first:
    code, name, regency_code, severity, coverage (fraction), band."""
    event = _event(event_id)
    as_of = as_of or event.now()
    pv = _per_village_weakest(parent)
    stmt = (
        select(
            pv.c.code, pv.c.name, pv.c.regency_code, pv.c.severity, pv.c.weakest.label("coverage")
        )
        .where(pv.c.severity >= worst_hit_from, pv.c.weakest.is_not(None))
        .order_by(pv.c.weakest, pv.c.severity.desc(), pv.c.code)
        .limit(limit)
    )
    values = _values(event, as_of, parent, None, None)
    rows = [dict(row) for row in _read(stmt, values).mappings()]
    for row in rows:
        row["band"] = band(row["coverage"])
    return rows


def village_bands_by_regency(event_id: int, as_of: datetime | None = None) -> dict[str, dict]:
    """regency code -> {band: number of active villages} over each village's weakest core
    commodity (band None: no need recorded), counted in SQL."""
    event = _event(event_id)
    as_of = as_of or event.now()
    pv = _per_village_weakest()
    banded = case(
        (pv.c.weakest.is_(None), literal("none")),
        (pv.c.weakest < RED_BELOW, literal("red")),
        (pv.c.weakest < GREEN_FROM, literal("yellow")),
        else_=literal("green"),
    ).label("band")
    stmt = select(pv.c.regency_code, banded, func.count()).group_by(pv.c.regency_code, banded)
    found: dict[str, dict] = {}
    for regency, name, count in db.session.execute(stmt, _values(event, as_of, None, None, None)):
        found.setdefault(regency, {})[None if name == "none" else name] = int(count)
    return found


def _worst(row) -> dict | None:
    if row["worst_code"] is None:
        return None
    return {
        "code": row["worst_code"],
        "name": row["worst_name"],
        "coverage": float(row["worst_coverage"]),
    }


def village_geometries(parent: str | None = None, codes=None) -> list[tuple[str, bytes]]:
    """(code, display WKB) of villages under `parent` (column select, no ORM objects)."""
    stmt = select(Area.code, Area.display_geom).where(
        Area.level == "village",
        Area.display_geom.is_not(None),
        _under(Area.code, _depth(parent)),
    )
    if codes is not None:
        stmt = stmt.where(Area.code.in_(sorted(codes)))
    rows = _read(stmt.order_by(Area.code), parent_values(parent))
    return [(code, bytes(wkb)) for code, wkb in rows]
