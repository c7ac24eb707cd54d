"""Folium elements of the coverage map that keep every asset local and every style in a lookup."""

import folium
from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from folium.plugins import FastMarkerCluster
from folium.template import Template

# Leaflet and the cluster plugin, vendored from npm under static/vendor (see their LICENSE files).
LEAFLET_JS = ("leaflet", "vendor/leaflet/leaflet.js")
LEAFLET_CSS = ("leaflet_css", "vendor/leaflet/leaflet.css")
CLUSTER_JS = ("markerclusterjs", "vendor/leaflet.markercluster/leaflet.markercluster.js")
# Decodes the TopoJSON the map fetches (npm topojson-client, ISC; see its LICENSE file).
TOPOJSON_JS = ("topojson", "vendor/topojson-client/topojson-client.min.js")
# The map's own behaviour (layers, controls, tooltips), served from static like the rest.
COVERAGE_MAP_JS = ("relief_coverage_map", "js/coverage_map.js")
CLUSTER_CSS = [
    ("markerclustercss", "vendor/leaflet.markercluster/MarkerCluster.css"),
    ("markerclusterdefaultcss", "vendor/leaflet.markercluster/MarkerCluster.Default.css"),
]


def local_assets(element, static_url, js: list, css: list) -> None:
    """Point one element's JS/CSS at the app's own copies (per instance: no class mutation)."""
    element.default_js = [(name, static_url(path)) for name, path in js]
    element.default_css = [(name, static_url(path)) for name, path in css]


class RawElement(Element):
    """Text already rendered, added to the page as it is."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        """The text itself."""
        return self.text


class RenderedMacro(MacroElement):
    """A MacroElement whose rendered parts join the page as text.

    branca's MacroElement wraps each rendered part in `Element(text)`, which compiles the
    text, data and all, as a new Jinja template on every request: for the map's lookups
    that compile was the largest cost of the page, and a `{{` in a place name would have
    been evaluated as template code.
    """

    def render(self, **kwargs) -> None:
        """Add header, html and script as text, then render the children."""
        figure = self.get_root()
        for part in ("header", "html", "script"):
            macro = self._template.module.__dict__.get(part)
            if macro is not None:
                getattr(figure, part).add_child(
                    RawElement(macro(self, kwargs)), name=self.get_name()
                )
        for element in self._children.values():
            element.render(**kwargs)


class LayerGroup(folium.FeatureGroup, RenderedMacro):
    """folium.FeatureGroup whose script joins the page as text (see RenderedMacro)."""


class OfflineMap(folium.Map):
    """folium.Map without CDN links and without the full-page styles meant for notebooks."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <style>#{{ this.get_name() }} { position: relative; width: 100%; height: 100%; }</style>
        {% endmacro %}
        {% macro html(this, kwargs) %}
            <div class="folium-map relief-map" id={{ this.get_name()|tojson }}></div>
        {% endmacro %}
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.map({{ this.get_name()|tojson }}, {
                center: {{ this.location|tojson }},
                crs: L.CRS.{{ this.crs }},
                ...{{ this.options|tojavascript }}
            });
            {%- if this.control_scale %}
            L.control.scale({imperial: false}).addTo({{ this.get_name() }});
            {%- endif %}
        {% endmacro %}
        """
    )

    def __init__(self, static_url, **kwargs):
        super().__init__(**kwargs)
        local_assets(self, static_url, [LEAFLET_JS], [LEAFLET_CSS])


class LocalFastMarkerCluster(FastMarkerCluster, RenderedMacro):
    """Clustered points drawn in the browser from a plain array, with the vendored plugin;
    its script (the points' labels among it) joins the page as text (see RenderedMacro)."""

    def __init__(self, data, static_url, **kwargs):
        super().__init__(data, **kwargs)
        local_assets(self, static_url, [CLUSTER_JS], CLUSTER_CSS)


class MapScript(JSCSSMixin, RenderedMacro):
    """An element whose behaviour lives in static/js/coverage_map.js: its template only calls
    a `ReliefMap` function with the element's data as JSON (escaped for a script block)."""

    def __init__(self, static_url):
        super().__init__()
        local_assets(self, static_url, [COVERAGE_MAP_JS], [])


class Legend(MapScript):
    """The coverage legend as a Leaflet control: plain HTML and CSS (no d3, unlike branca's)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            ReliefMap.legend({{ this._parent.get_name() }}, {{ this.html|tojson }},
                             {{ this.wide|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str, static_url, wide: int = 700):
        super().__init__(static_url)
        self._name = "Legend"
        self.html = html
        self.wide = wide


class OpenLayerControl(MapScript):
    """Keep a collapsed layer control open on wide maps (phones keep Leaflet's toggle icon)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            ReliefMap.openLayerControl({{ this.control.get_name() }},
                                       {{ this._parent.get_name() }}, {{ this.wide|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, control, static_url, wide: int = 700):
        super().__init__(static_url)
        self._name = "OpenLayerControl"
        self.control = control
        self.wide = wide


class LayerControl(folium.LayerControl, RenderedMacro):
    """folium.LayerControl whose script joins the page as text: layer names include
    commodity names, which must never be evaluated as template code (see RenderedMacro)."""


class DepotMarkers(MapScript):
    """Depots as circles in one layer group, drawn from a JSON array of [lat, lon, name, kind]
    (names are escaped in the browser, never compiled as templates like folium's tooltips)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            ReliefMap.depots({{ this.group.get_name() }}, {{ this.rows|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, group, rows: list, static_url):
        super().__init__(static_url)
        self._name = "DepotMarkers"
        self.group = group
        self.rows = [list(row) for row in rows]


class VillageLayer(JSCSSMixin, RenderedMacro):
    """Village polygons fetched as TopoJSON from the cached endpoint, styled from a code lookup.

    One canvas layer holds every village; choosing a commodity in the layer control restyles it
    (`setStyle`) instead of drawing a second copy. Worst-hit villages get an outline layer in
    their own pane above it. The first request brings the whole view at overview detail;
    from `detail_zoom` on, each region (regency) in view is fetched once at display detail and
    its villages' shapes are swapped in place (same layers, tooltips and popups).
    `window.reliefMap` exposes the layers to tests and to the page.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = ReliefMap.villageLayer(
            {{ this._parent.get_name() }}, {{ this.config|tojson }},
            [{{ this.mode_names|join(", ") }}], {{ this.worst_group.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, config: dict, mode_groups: list, worst_group, static_url):
        super().__init__()
        self._name = "VillageLayer"
        local_assets(self, static_url, [TOPOJSON_JS, COVERAGE_MAP_JS], [])
        self.config = config
        self.mode_groups = mode_groups
        self.worst_group = worst_group

    @property
    def mode_names(self) -> list[str]:
        """The mode groups' JS variables, as named when the map is rendered."""
        return [group.get_name() for group in self.mode_groups]
