"""Assemble one map view from the database and the request's language (Flask side)."""

from datetime import date, datetime
from urllib.parse import urlencode

from flask import current_app, request
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup

from relief.areas.revision import current_revision
from relief.catalog.labels import unit_label
from relief.core.cache import cached_value
from relief.core.clock import WIB, end_of_local_day  # noqa: F401 - WIB for the routes
from relief.coverage.queries import village_coverage
from relief.coverage.rollup import area_figures
from relief.maps import queries, styling
from relief.maps.builder import MapView, build_map, map_parts

# The boundaries domain serves village polygons here as TopoJSON (cached, ETag, gzip): one
# request for the first view (the province at overview detail, a regency at display detail),
# then display detail per regency once a province map is zoomed in.
GEOMETRY_PATH = "/api/v1/areas.topojson"
# Overview shapes (GEODATA_OVERVIEW_TOLERANCE, 0.002 degrees) stay under a pixel up to zoom 9.
DETAIL_ZOOM = 10


end_of_day_utc = end_of_local_day


def default_as_of(event, today: date) -> date:
    """Today (the event's, see `Event.now`), within the event's emergency period."""
    if event is None:
        return today
    return max(event.started_on, min(today, event.emergency_until))


def coverage_rows(event_id: int, as_of: datetime, regency: str | None) -> list:
    """Coverage per village and commodity, from the coverage domain's one SQL query."""

    return list(village_coverage(event_id, as_of, parent=regency))


def _labels() -> dict:
    return {
        "modes": [_("Komoditas terlemah")],
        "worst_layer": _("Terdampak parah (keparahan ≥ 4)"),
        "depots_layer": _("Gudang dan posko"),
        "deliveries_layer": _("Titik serah terima"),
        "not_assessed": _("Belum ada kajian"),
        "no_need": _("tidak ada kebutuhan"),
        "severity": _("Keparahan"),
        "displaced": _("Pengungsi"),
        "affected": _("Terdampak"),
        "commodity": _("Komoditas"),
        "need": _("Kebutuhan"),
        "delivered": _("Tersalur"),
        "coverage": _("Cakupan"),
        "open_village": _("Buka halaman desa"),
        "load_failed": _("Batas wilayah gagal dimuat. Muat ulang halaman."),
        "regency_zones": _("Zona kabupaten/kota"),
        "district_zones": _("Zona kecamatan"),
        "borders": _("Batas dan nama wilayah"),
        "village_names": _("Nama desa/kelurahan"),
        "villages_red": _("desa terparah merah"),
        "worst_village": _("terendah"),
        "sum_over_sum": _("jumlah/jumlah"),
        "search": _("Cari desa/kelurahan di peta"),
        "search_none": _("Tidak ditemukan di peta ini"),
        "bands": [_("Merah"), _("Kuning"), _("Hijau")],
        "band": _("Pita"),
        "zone_rule": _("Zona kecamatan/kabupaten: tidak pernah hijau bila ada desa terparah merah"),
    }


def geometry(regency: str | None, province: str = queries.PROVINCE) -> dict:
    """The polygon requests. `overview`: the first view's one topology (regency and district
    zones are merged from it in the browser): the province at overview detail, or a regency
    at display detail, since a regency fills the map at DETAIL_ZOOM or closer and would fetch
    its display detail at once anyway (`preloaded` says so, so it is not fetched twice);
    `detail`: per region, display detail once a province map is zoomed in. Both ask for the
    packed topology (relief.areas.packed_topology) at the current geometry revision, which
    the server answers from memory without a database read (the page is cached until the
    revision changes: a boundary import renews every cached page)."""
    base = request.script_root + GEOMETRY_PATH
    packed = {"format": "packed", "rev": current_revision()}
    first = {
        "level": "village",
        "parent": regency or province,
        "detail": "display" if regency else "overview",
        **packed,
    }
    return {
        "overview": f"{base}?{urlencode(first)}",
        "detail": f"{base}?level=village&parent=__region__&detail=display&{urlencode(packed)}",
        "detail_zoom": DETAIL_ZOOM,
        "preloaded": [regency] if regency else [],
    }


def zone_lookup(rows: list, level: str) -> dict:
    """code -> [band, weakest sum-over-sum coverage, villages_red, worst village name,
    its coverage] of the regencies or districts with villages in view (the map's zones),
    folded from the village rows the map already holds: no second query."""
    table = {}
    for code, area in area_figures(rows, level).items():
        worst = area["worst_village"] or {}
        table[code] = [
            area["band"],
            _rounded(area["weakest"]),
            area["villages_red"],
            worst.get("name"),
            _rounded(worst.get("coverage")),
        ]
    return table


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def view_data(event_id: int | None, as_of: date, regency: str | None, lang: str) -> dict:
    """What the map draws in its region (a regency, else the province), from the database:
    the villages' figures, zone bands and delivery points of the event (none without one),
    the extent, zone names, depots and commodities (cached with the rendered map:
    `rendered_map`)."""
    region = regency or queries.PROVINCE
    moment = end_of_day_utc(as_of)
    # Only the coverage of what the view draws, never the country's: the page embeds it.
    rows = coverage_rows(event_id, moment, region) if event_id else []
    core = queries.core_commodities(lang)
    return {
        "villages": styling.village_figures(rows, [code for code, _n, _u in core]),
        "zones": {
            "regency": zone_lookup(rows, "regency"),
            "district": zone_lookup(rows, "district"),
        },
        "deliveries": queries.delivery_points(event_id, moment, regency) if event_id else [],
        "extent": queries.village_extent(regency),
        "area_names": queries.area_names(regency),
        "depots": queries.depot_points(regency),
        # The unit as people read it ("paket", "stel"), not its code ("kit", "set").
        "commodities": [(code, name, unit_label(code, unit)) for code, name, unit in core],
    }


def build_view(event, as_of: date, regency: str | None) -> tuple[MapView, dict]:
    """The map view plus facts for the page (counts, approximate geometry)."""
    lang = str(get_locale() or "id")
    data = view_data(event.id if event else None, as_of, regency, lang)
    villages, extent = data["villages"], data["extent"]
    view = MapView(
        as_of=as_of,
        villages=villages,
        zones=data["zones"],
        area_names=data["area_names"],
        commodities=data["commodities"],
        geometry=geometry(regency),
        expected=extent["count"],
        bounds=extent["bounds"],
        village_url=request.script_root + "/villages/__code__",
        labels=_labels(),
        depots=data["depots"],
        deliveries=data["deliveries"],
        tile_url=current_app.config.get("TILE_URL", ""),
        tile_attribution=current_app.config.get("TILE_ATTRIBUTION", ""),
        locale=lang,
    )
    facts = {
        "villages": extent["count"],
        "assessed": len(villages),
        "worst_hit": styling.worst_hit_count(villages),
        "approximate": extent["approximate"],
        "deliveries": len(view.deliveries),
    }
    return view, facts


def kept_days(event, today: date) -> tuple[date, date] | None:
    """The days whose map is cached: from the event's start to today or the end of its
    emergency period, whichever is later. Any other date asked for (a typo, or a crawl
    through every date of a century) is built and not stored, so it cannot fill the cache."""
    if event is None:
        return None
    return event.started_on, max(today, event.emergency_until)


def rendered_map(
    event, as_of: date, regency: str | None, static_url, today: date
) -> tuple[dict, dict]:
    """The map's rendered parts (header, html, script: relief.maps.builder.map_parts) and
    its facts, cached per event, date, region and language until a write about a village
    there, or a reference change (depots, norms, events, boundaries), commits
    (relief.core.cache.cached_value): a province's coverage takes a few hundred milliseconds
    at 2,000 villages, Folium's rendering most of a regency page's time, and every assistant
    opening the map asks for the same. Nothing in the parts depends on the visitor (the
    page's CSP nonce is on the template's own script tag)."""
    lang = str(get_locale() or "id")
    region = regency or queries.PROVINCE

    def build() -> dict:
        view, facts = build_view(event, as_of, regency)
        parts = map_parts(build_map(view, static_url))
        return {"parts": {key: str(value) for key, value in parts.items()}, "facts": facts}

    days = kept_days(event, today)
    if days is None or not days[0] <= as_of <= days[1]:
        hit = build()
    else:
        key = (event.id, as_of.isoformat(), lang, request.script_root)
        hit = cached_value("map-page", region, key, build)
    # Folium's own output: every value in it was escaped or JSON-encoded when it was built.
    return {k: Markup(v) for k, v in hit["parts"].items()}, hit["facts"]  # noqa: S704
