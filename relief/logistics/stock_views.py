"""Depot stock pages for logistics staff: the depots' stock, one depot's table with the
entry form and its ledger history, and the bulk import of receipts."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import EXCLUDE, ValidationError

from relief.catalog.queries import all_commodities
from relief.core.errors import DomainError
from relief.core.form_tokens import once
from relief.core.formatting import local_name
from relief.core.models import utcnow
from relief.core.pagination import paginate
from relief.core.permissions import LOGISTICS, STAFF, roles
from relief.core.tables import UnreadableTable, read_upload
from relief.core.uploads import discard_pending, save_pending
from relief.extensions import db
from relief.logistics import import_ledger, importer, stock_import
from relief.logistics.blueprint import bp
from relief.logistics.forms import ImportCommitForm, wib_to_utc
from relief.logistics.models import Depot
from relief.logistics.pages import attach_errors
from relief.logistics.previews import add_refusal, claim_preview
from relief.logistics.stock import depot_for_write, depot_stock, record_stock_entry
from relief.logistics.stock_forms import (
    KIND_LABELS,
    REASON_LABELS,
    SOURCE_LABELS,
    StockEntryForm,
    StockImportForm,
)
from relief.stock import queries as stock_queries
from relief.stock import services as stock_services
from relief.stock.schemas import StockEntryInSchema, StockEntryQuerySchema
from relief.unit_of_work import writes

KIND = "stock-receipts"
LABELS = {"kinds": KIND_LABELS, "sources": SOURCE_LABELS, "reasons": REASON_LABELS}


@bp.route("/stock")
@roles(*STAFF)
def stock_overview():
    """Every depot's on hand (a logistics account sees its organisation's depots)."""
    depots = depot_stock(None, utcnow())
    if current_user.role == "logistics":
        own = {
            d.id
            for d in db.session.scalars(
                db.select(Depot).where(Depot.organisation_id == current_user.organisation_id)
            )
        }
        depots = [d for d in depots if d["id"] in own]
    return render_template(
        "logistics/stock_list.html", depots=depots, commodities=all_commodities()
    )


def _entry_form(depot: Depot) -> StockEntryForm:
    form = StockEntryForm()
    commodities = all_commodities()
    form.commodity.choices = [(c.code, local_name(c)) for c in commodities]
    form.unit.choices = [("", _("satuan dasar"))] + sorted(
        {(u.code, u.code) for c in commodities for u in c.units}
    )
    return form


def _body(form: StockEntryForm) -> dict:
    raw = {
        "kind": form.kind.data,
        "commodity": form.commodity.data,
        "quantity": form.quantity.data,
        "unit": form.unit.data or None,
        "occurred_at": wib_to_utc(form.occurred_at.data),
        "source": form.source.data or None,
        "document_no": form.document_no.data or None,
        "reason": form.reason.data or None,
        "note": form.note.data or None,
    }
    if form.shipment_id.data:
        raw["shipment_id"] = form.shipment_id.data.strip()
    data = {k: v for k, v in raw.items() if v is not None}
    if "occurred_at" in data:
        data["occurred_at"] = data["occurred_at"].isoformat()
    return StockEntryInSchema().load(data)


@bp.route("/depots/<int:depot_id>/stock", methods=["GET", "POST"])
@roles(*STAFF)
@writes
@once
def depot_stock_page(depot_id: int):
    """One depot: on hand per commodity (as of a moment), the entry form, the ledger."""
    depot = db.get_or_404(Depot, depot_id)
    may_write = (
        current_user.role == "logistics" and current_user.organisation_id == depot.organisation_id
    )
    form, status, extra = _entry_form(depot), 200, []
    if request.method == "POST":
        if not may_write:
            abort(403)
        if form.validate_on_submit():
            try:
                entry = record_stock_entry(
                    depot_for_write(depot.id, current_user), _body(form), current_user
                )
            except ValidationError as err:
                extra = attach_errors(form, err.messages)
                status = 422
            except DomainError as err:
                db.session.rollback()
                extra = attach_errors(
                    form, {k: v for k, v in err.fields.items() if k != "shortages"}
                )
                if err.status in (403, 409) or not extra and not err.fields:
                    extra.insert(0, err.message)
                status = 422
            else:
                flash(_("Dicatat: %(k)s.", k=KIND_LABELS[entry.kind]), "success")
                return redirect(url_for("logistics.depot_stock_page", depot_id=depot.id))
        else:
            status = 422
    try:
        args = StockEntryQuerySchema(unknown=EXCLUDE).load(request.args)
    except ValidationError:
        args = StockEntryQuerySchema().load({})
    as_of = utcnow()
    page = paginate(
        stock_queries.entry_search(
            depot.id, {**args, "from": args.get("date_from"), "to": args.get("date_to")}
        ),
        args["page"],
        50,
    )
    overrides = stock_queries.overrides_by_id(
        {e.override_id for e in page["items"] if e.override_id}
    )
    return render_template(
        "logistics/stock_depot.html",
        depot=depot,
        form=form if may_write else None,
        stock=stock_queries.on_hand_at(depot.id, as_of),
        as_of=as_of,
        tracked_since=stock_queries.tracked_since(depot.id),
        page=page,
        args=args,
        overrides=overrides,
        commodities={c.code: c for c in all_commodities()},
        labels=LABELS,
        extra=extra,
    ), status


def _preview(check, token, status=200):
    commit_form = ImportCommitForm(data={"token": token}, formdata=None) if token else None
    return render_template(
        "logistics/stock_import.html",
        form=StockImportForm(),
        check=check,
        commit_form=commit_form,
        depots={d.id: d.name for d in db.session.scalars(db.select(Depot))},
    ), status


@bp.route("/stock/import", methods=["GET", "POST"])
@roles(LOGISTICS)
@writes
def stock_import_page():
    """Upload a CSV/XLSX of receipts and see the preview with every bad row."""
    form = StockImportForm()
    if not form.validate_on_submit():
        return render_template("logistics/stock_import.html", form=form, check=None), (
            422 if form.errors else 200
        )
    upload = form.file.data
    try:
        content = read_upload(upload)
        rows = importer.read_rows(upload.filename, content, stock_import.HEADER_ALIASES)
    except (ValueError, KeyError, OSError, UnicodeError) as err:
        form.file.errors = [
            str(err)
            if isinstance(err, UnreadableTable)
            else _("Berkas tidak dapat dibaca sebagai CSV atau XLSX.")
        ]
        return render_template("logistics/stock_import.html", form=form, check=None), 422
    digest = import_ledger.content_hash(content)
    check = stock_import.check_rows(rows, current_user, digest)
    if check.problems or not rows:
        return _preview(check, None, 422)
    token = save_pending(
        KIND, current_user.id, {"rows": rows, "sha256": digest, "filename": upload.filename or ""}
    )
    return _preview(check, token)


@bp.route("/stock/import/commit", methods=["POST"])
@roles(LOGISTICS)
@writes
@once
def stock_import_commit():
    """Record every previewed receipt, or none when anything is wrong (once per preview)."""
    token, payload = claim_preview(KIND)
    check = stock_import.check_rows(payload["rows"], current_user, payload["sha256"])
    if check.problems:
        return _preview(check, None, 422)
    batch = stock_services.record_import(
        payload["filename"], payload["sha256"], len(payload["rows"]), current_user
    )
    lines = [r["_line"] for r in payload["rows"]]
    for line, (depot_id, body) in zip(lines, check.entries, strict=True):
        try:
            record_stock_entry(
                depot_for_write(depot_id, current_user), body, current_user, import_id=batch.id
            )
        except DomainError as err:
            add_refusal(check, line, err)
            return _preview(check, None, 422)  # the boundary undoes every row (422)
    discard_pending(token)
    flash(_("%(n)d penerimaan stok diimpor.", n=len(check.entries)), "success")
    return redirect(url_for("logistics.stock_overview"))


@bp.route("/stock/import/template.csv")
@roles(*STAFF)
def stock_import_template():
    """The CSV template of stock receipts."""
    return Response(
        stock_import.template_csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=templat_penerimaan_stok.csv"},
    )
