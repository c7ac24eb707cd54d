"""Public complaint pages: file a report, then follow it by its tracking code."""

from flask import make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import NotFound

from relief.core.errors import DomainError
from relief.core.form_tokens import once
from relief.core.permissions import PUBLIC, roles
from relief.extensions import limiter
from relief.public import forwarding, queries, services
from relief.public.blueprint import bp, limit_setting, not_found
from relief.public.codes import normalise_tracking_code
from relief.public.event_choice import PARAM, choose_event
from relief.public.forms import ReportForm
from relief.public.labels import steps_taken
from relief.public.search import index
from relief.public.status import place_of
from relief.unit_of_work import writes

REPORT_SCOPE = "resident-report"  # the web form and the API share one budget per address


@bp.route("/lapor", methods=["GET", "POST"])
@roles(PUBLIC)
@writes
@limiter.shared_limit(limit_setting("PUBLIC_REPORT_LIMIT"), scope=REPORT_SCOPE, methods=["POST"])
@once
def report_form():
    """The complaint form; on success the resident is sent to the tracking page."""
    form = ReportForm()
    chosen = request.args.get("desa")
    if request.method == "GET" and chosen:
        form.village.data = chosen
    choice = choose_event(request.values.get(PARAM))  # ?event= on the link, then the form
    place, candidates, status = None, [], 200
    # Under a list of candidates the resident may retype the name and search again; the
    # rest of what they wrote is kept (and nothing is filed by a search).
    again = (request.form.get("village_again") or "").strip()[:120]
    if request.method == "POST" and again:
        form.village.data = again
    if form.village.data:
        place, candidates = index.resolve_village(form.village.data)
    if choice.error:  # shown beside the event picker; a POST files nothing
        status = 400 if request.method == "GET" else 422
    if request.method == "POST" and "search" in request.form:
        if place is None and not candidates:
            form.village.errors = [_("Tidak ada desa dengan nama itu. Periksa ejaannya.")]
        return render_template(
            "public/report_form.html", form=form, place=place, candidates=candidates, choice=choice
        ), status
    if form.validate_on_submit() and choice.error is None:
        if form.website.data:  # honeypot: only robots fill a field people cannot see
            form.form_errors.append(_("Laporan tidak dapat diterima."))
            status = 422
        elif place is None:
            form.village.errors.append(
                _("Pilih desa Anda dari daftar di bawah, atau tulis kodenya.")
            )
            status = 422
        else:
            photo = form.photo.data.read() if form.photo.data else None
            try:
                report = services.file_report(
                    place.code,
                    form.category.data,
                    form.text.data,
                    form.contact.data,
                    channel="web",
                    photo=photo,
                    event_id=choice.event.id if choice.event else None,
                )
            except DomainError as refused:  # the boundary undoes the write (422)
                form.photo.errors = list(refused.fields.get("photo", [refused.message]))
                status = 422
            else:
                return redirect(
                    url_for("public.report_status", tracking_code=report.tracking_code, baru=1)
                )
    elif request.method == "POST":
        status = 422
    return render_template(
        "public/report_form.html", form=form, place=place, candidates=candidates, choice=choice
    ), status


@bp.route("/lapor/cek")
@roles(PUBLIC)
@limiter.limit(limit_setting("PUBLIC_WRONG_CODE_LIMIT"), deduct_when=not_found)
def report_lookup():
    """Go to a report's page from a code typed in any case, with or without the dash."""
    code = normalise_tracking_code(request.args.get("kode"))
    try:
        report = queries.report_by_code(code)
    except NotFound:
        return _unknown_code()
    return redirect(url_for("public.report_status", tracking_code=report.tracking_code))


def _unknown_code():
    """A mistyped code: a page with a box to try again (still 404, and the same page for
    every wrong code, so nothing tells codes apart)."""
    return render_template("public/report_unknown.html"), 404


@bp.route("/lapor/<string:tracking_code>")
@roles(PUBLIC)
@limiter.limit(limit_setting("PUBLIC_WRONG_CODE_LIMIT"), deduct_when=not_found)
def report_status(tracking_code: str):
    """Where a report stands, the resident's own text, the next deadline and the replies
    (never the contact)."""
    try:
        report = queries.report_by_code(normalise_tracking_code(tracking_code))
    except NotFound:
        return _unknown_code()
    page = make_response(
        render_template(
            "public/report_status.html",
            report=report,
            steps=steps_taken(report.history),
            place=place_of(report.village_code),
            is_new=request.args.get("baru") == "1",
            deadline=forwarding.next_deadline(report),
        )
    )
    # The page shows the resident's own words: no shared cache keeps it, no link leaks it.
    page.headers["Cache-Control"] = "no-store"
    page.headers["Referrer-Policy"] = "no-referrer"
    return page
