"""Public pages: find a village, browse the areas, a village's aid status and its poster."""

from flask import current_app, render_template, request, url_for
from flask_babel import gettext as _

from relief.areas.queries import ancestors, get_area
from relief.core.cache import cached_page
from relief.core.permissions import PUBLIC, roles
from relief.public import queries
from relief.public.blueprint import bp
from relief.public.event_choice import PARAM, EventChoice, choose_event
from relief.public.qr import qr_svg
from relief.public.search import index
from relief.public.status import place_of, village_status


@bp.route("/")
@roles(PUBLIC)
def home():
    """Find your village by name (spelling forgiven) or code, or browse the regencies."""
    q = (request.args.get("q") or "").strip()[:100]
    results = index.search(q) if q else []
    return render_template(
        "public/home.html", q=q, results=results, regencies=queries.children_of("36")
    )


@bp.route("/wilayah/<string:code>")
@roles(PUBLIC)
def browse(code: str):
    """The districts of a regency, or the villages of a district."""
    area = get_area(code)
    return render_template(
        "public/browse.html", area=area, trail=ancestors(area), children=queries.children_of(code)
    )


def _village_page(code: str, choice: EventChoice) -> str:
    return render_template("public/village.html", s=village_status(code, choice), choice=choice)


@bp.route("/desa/<string:code>")
@roles(PUBLIC)
def village(code: str):
    """What a village received in the chosen event (?event=), what it is still owed, and
    where to complain.

    Cached for anonymous visitors until a write about the village commits (relief.core.cache);
    the default event's page is served from the cache without the database.
    """
    value = (request.args.get(PARAM) or "").strip()
    if not value:
        return cached_page("village", code, lambda: _village_page(code, choose_event(None)))
    choice = choose_event(value)
    if choice.error:
        return _village_page(code, choice), 400
    return cached_page(f"village:{choice.event.id}", code, lambda: _village_page(code, choice))


def _public_url(endpoint: str, **values) -> str:
    base = current_app.config.get("PUBLIC_BASE_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


@bp.route("/desa/<string:code>/poster")
@roles(PUBLIC)
def poster(code: str):
    """A printable A4 notice for the posko board: QR codes to the status page and complaints."""
    place = place_of(code)
    status_url = _public_url("public.village", code=code)
    report_url = _public_url("public.report_form", desa=code)
    return render_template(
        "public/poster.html",
        place=place,
        status_url=status_url,
        report_url=report_url,
        status_qr=qr_svg(status_url, _("Kode QR status bantuan desa")),
        report_qr=qr_svg(report_url, _("Kode QR pengaduan")),
        sms_number=current_app.config.get("SMS_NUMBER") or "",
    )
