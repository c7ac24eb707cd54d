"""Build the coverage map with Folium from plain values (no Flask, no database here)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import folium
from markupsafe import Markup

from relief.maps import styling
from relief.maps.elements import (
    DepotMarkers,
    LayerControl,
    LayerGroup,
    Legend,
    LocalFastMarkerCluster,
    OfflineMap,
    OpenLayerControl,
    VillageLayer,
)
from relief.maps.overlays import ZOOMS, VillageSearch, ZoneLayers


@dataclass
class MapView:
    """Everything one rendering of the map needs, already queried."""

    as_of: date
    villages: dict  # code -> styling.VillageFigures
    commodities: list  # [(code, name, unit)] in layer order
    geometry: dict  # cached TopoJSON: {"overview": url of the first view's topology,
    #                 "detail": url with __region__, "detail_zoom": zoom from which regions
    #                 in view get display detail, "preloaded": regions the first view
    #                 already holds at display detail}
    expected: int  # village shapes the view should draw
    bounds: tuple | None  # (min_lat, min_lon, max_lat, max_lon)
    village_url: str  # with "__code__" where the village code goes
    labels: dict  # translated strings for the browser
    zones: dict = field(default_factory=dict)  # {"regency"|"district": {code: [band, ...]}}
    area_names: dict = field(default_factory=dict)  # regency and district code -> name
    depots: list = field(default_factory=list)  # [(lat, lon, name, kind)]
    deliveries: list = field(default_factory=list)  # [(lat, lon, label)]
    tile_url: str = ""
    tile_attribution: str = ""
    locale: str = "id"


# Delivery points are drawn on the canvas as small circles (no icon images to load), in
# clusters of the dots' blue (static/js/coverage_map.js).
DELIVERY_CALLBACK = "ReliefMap.deliveryPoint"
GEOMETRY_KEYS = ("overview", "detail", "detail_zoom", "preloaded")
CLUSTER_ICON = "ReliefMap.deliveryClusterIcon"


def build_map(view: MapView, static_url: Callable[[str], str]) -> folium.Map:
    """The coverage map: villages by coverage, worst-hit outlines, depots, deliveries, legend."""
    fmap = OfflineMap(
        static_url,
        location=_centre(view.bounds),
        zoom_start=9,
        tiles=None,
        prefer_canvas=True,
        control_scale=True,
    )
    # Folium passes zoom limits to tiles only; without tiles the cluster plugin needs them here.
    fmap.options.update({"maxZoom": 18, "minZoom": 5})
    if view.tile_url:
        folium.TileLayer(
            view.tile_url, attr=view.tile_attribution or " ", control=False, max_zoom=18
        ).add_to(fmap)
    if view.bounds:
        min_lat, min_lon, max_lat, max_lon = view.bounds
        fmap.fit_bounds([[min_lat, min_lon], [max_lat, max_lon]])
    modes = [view.labels["modes"][0]] + [name for _code, name, _unit in view.commodities]
    mode_groups = [
        LayerGroup(name=name, overlay=False, show=(i == 0)).add_to(fmap)
        for i, name in enumerate(modes)
    ]
    worst_group = LayerGroup(name=view.labels["worst_layer"], show=True).add_to(fmap)
    config = {
        "villages": styling.lookup(view.villages),
        "colours": styling.class_colours(),
        "commodities": [{"code": c, "name": n, "unit": u} for c, n, u in view.commodities],
        "geometry": {k: v for k, v in view.geometry.items() if k in GEOMETRY_KEYS},
        "expected": view.expected,
        "worst_hit": styling.WORST_HIT_SEVERITY,
        "village_url": view.village_url,
        "labels": {**view.labels, "modes": modes},
        "locale": "id-ID" if view.locale == "id" else "en-GB",
    }
    VillageLayer(config, mode_groups, worst_group, static_url).add_to(fmap)
    _add_zones(fmap, view, static_url)
    VillageSearch({k: view.labels[k] for k in ("search", "search_none")}, static_url).add_to(fmap)
    Legend(legend_html(view.labels, modes[0]), static_url).add_to(fmap)
    _add_depots(fmap, view, static_url)
    if view.deliveries:
        # Labels travel as JSON data and are escaped in the browser (ReliefMap.deliveryPoint).
        LocalFastMarkerCluster(
            [[lat, lon, label] for lat, lon, label in view.deliveries],
            static_url,
            callback=DELIVERY_CALLBACK,
            name=view.labels["deliveries_layer"],
            options={"maxClusterRadius": 40, "showCoverageOnHover": False},
            icon_create_function=CLUSTER_ICON,
        ).add_to(fmap)
    control = LayerControl(collapsed=True, position="topright").add_to(fmap)
    OpenLayerControl(control, static_url).add_to(fmap)
    return fmap


def _add_zones(fmap: folium.Map, view: MapView, static_url) -> None:
    """Regency and district zones by band, borders and names (shown by zoom)."""
    labels = view.labels
    groups = [
        LayerGroup(name=labels[key], show=True).add_to(fmap)
        for key in ("regency_zones", "district_zones", "borders", "village_names")
    ]
    band_names = dict(zip(("red", "yellow", "green"), labels["bands"], strict=True))
    config = {
        "zones": {
            "regency": view.zones.get("regency", {}),
            "district": view.zones.get("district", {}),
        },
        "names": view.area_names,
        "colours": styling.class_colours(),
        "band_names": band_names,
        "zooms": ZOOMS,
        "labels": {
            k: labels[k]
            for k in ("no_need", "sum_over_sum", "villages_red", "worst_village", "band")
        },
        "locale": "id-ID" if view.locale == "id" else "en-GB",
    }
    ZoneLayers(config, *groups, static_url).add_to(fmap)


def legend_html(labels: dict, mode: str) -> str:
    """The legend's HTML: coverage classes, no need, not assessed, outlines and points."""
    colours = styling.class_colours()
    rows = [
        (f"background:{colour}", "", label)
        for _key, _lower, colour, label in styling.COVERAGE_CLASSES
    ]
    rows += [
        (f"background:{colours[styling.NO_NEED[0]]}", "", labels["no_need"]),
        (f"background:{colours[styling.NOT_ASSESSED[0]]}", "", labels["not_assessed"]),
        ("", "outline", labels["worst_layer"]),
        ("", "zone", labels["zone_rule"]),
        ("background:#4292c6", "dot", labels["deliveries_layer"]),
        ("background:#807dba", "dot", labels["depots_layer"]),
    ]
    row_html = Markup('<div><i class="{}" style="{}"></i>{}</div>')
    items = Markup("").join(row_html.format(cls, style, text) for style, cls, text in rows)
    page = Markup(
        '<details open><summary>{}<span class="legend-mode">{}</span></summary>{}</details>'
    )
    return str(page.format(labels["coverage"], mode, items))


def _add_depots(fmap: folium.Map, view: MapView, static_url) -> None:
    if not view.depots:
        return
    group = LayerGroup(name=view.labels["depots_layer"], show=True).add_to(fmap)
    DepotMarkers(group, view.depots, static_url).add_to(fmap)


def _centre(bounds: tuple | None) -> list[float]:
    if not bounds:
        return [-6.4, 106.1]  # Banten
    min_lat, min_lon, max_lat, max_lon = bounds
    return [(min_lat + max_lat) / 2, (min_lon + max_lon) / 2]


def _number_elements(fmap: folium.Map) -> None:
    """Name the map's elements by their order (`map_0`, `feature_group_3`...) instead of
    Folium's 32 random hex digits each: the JS variables and ids stay unique in the page,
    the page is the same for the same view, and a regency's page is about 0.4 kB smaller
    under Brotli (random digits do not compress). Children keyed by their old generated
    name are keyed by the new one; children added under a name of their own keep it."""
    elements, stack = [], [fmap]
    while stack:
        element = stack.pop()
        elements.append(element)
        stack.extend(reversed(list(element._children.values())))
    old = {id(element): element.get_name() for element in elements}
    for number, element in enumerate(elements):
        element._id = str(number)
    for element in elements:
        element._children = type(element._children)(
            (child.get_name() if key == old[id(child)] else key, child)
            for key, child in element._children.items()
        )


def map_parts(fmap: folium.Map) -> dict[str, Markup]:
    """The rendered header (links, styles), body html and script, for a page template."""
    _number_elements(fmap)
    figure = fmap.get_root()
    figure.render()
    # Folium's own output: every value in it was escaped or JSON-encoded when it was built.
    return {
        "header": Markup(figure.header.render()),  # noqa: S704
        "html": Markup(figure.html.render()),  # noqa: S704
        "script": Markup(figure.script.render()),  # noqa: S704
    }
