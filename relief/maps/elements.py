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
                getattr(figure, part).add_child(RawElement(macro(self, kwargs)),
                                                name=self.get_name())
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


class LocalFastMarkerCluster(FastMarkerCluster):
    """Clustered points drawn in the browser from a plain array, with the vendored plugin."""

    def __init__(self, data, static_url, **kwargs):
        super().__init__(data, **kwargs)
        local_assets(self, static_url, [CLUSTER_JS], CLUSTER_CSS)


class Legend(RenderedMacro):
    """The coverage legend as a Leaflet control: plain HTML and CSS (no d3, unlike branca's)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            (function (map) {
                var legend = L.control({position: "bottomright"});
                legend.onAdd = function () {
                    var div = L.DomUtil.create("div", "map-legend");
                    div.innerHTML = {{ this.html|tojson }};
                    if (map.getSize().x < {{ this.wide }}) {  // phones: start folded
                        div.querySelector("details").open = false;
                    }
                    L.DomEvent.disableClickPropagation(div);
                    L.DomEvent.disableScrollPropagation(div);
                    return div;
                };
                legend.addTo(map);
            })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str, wide: int = 700):
        super().__init__()
        self._name = "Legend"
        self.html = html
        self.wide = wide


class OpenLayerControl(RenderedMacro):
    """Keep a collapsed layer control open on wide maps (phones keep Leaflet's toggle icon)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            (function (control, map) {
                if (map.getSize().x < {{ this.wide }}) { return; }
                // Open on wide maps; fold only while a popup needs the corner.
                var collapse = control.collapse;
                control.collapse = function () { return this; };
                control.expand();
                map.on("popupopen", function () { collapse.call(control); });
                map.on("popupclose", function () { control.expand(); });
            })({{ this.control.get_name() }}, {{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, control, wide: int = 700):
        super().__init__()
        self._name = "OpenLayerControl"
        self.control = control
        self.wide = wide


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
        var {{ this.get_name() }} = (function (map) {
            var cfg = {{ this.config|tojson }};
            var modeOf = new Map([
                {%- for group in this.mode_groups %}
                [{{ group.get_name() }}, {{ loop.index0 }}],
                {%- endfor %}
            ]);
            var mode = 0;
            var fmt = new Intl.NumberFormat(cfg.locale, {maximumFractionDigits: 1});
            var pct = new Intl.NumberFormat(cfg.locale,
                                            {style: "percent", maximumFractionDigits: 0});
            function esc(text) {
                return String(text).replace(/[&<>"']/g, function (c) {
                    return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
                });
            }
            function codeOf(f) { return (f.properties && f.properties.code) || f.id; }
            function entryOf(f) { return cfg.villages[codeOf(f)]; }
            function nameOf(f) {
                var e = entryOf(f);
                return e ? e[0] : ((f.properties && f.properties.name) || codeOf(f));
            }
            var renderer = L.canvas({padding: 0.5});
            map.createPane("worstHit");
            map.getPane("worstHit").style.zIndex = 450;
            map.getPane("worstHit").style.pointerEvents = "none";
            var worstRenderer = L.canvas({pane: "worstHit", padding: 0.5});
            function style(f) {
                var e = entryOf(f);
                var key = e ? e[4][mode] : "na";
                return {fillColor: cfg.colours[key], fillOpacity: e ? 0.85 : 0.7,
                        color: "#6b6b6b", weight: 0.6, opacity: 0.9};
            }
            function tooltip(layer) {
                var f = layer.feature, e = entryOf(f), text = esc(nameOf(f));
                if (!e) { return text + "<br>" + esc(cfg.labels.not_assessed); }
                var fig = mode === 0 ? null : e[5][mode - 1];
                var cov = mode === 0 ? weakest(e) : (fig ? fig[2] : null);
                return text + "<br>" + esc(cfg.labels.modes[mode]) + ": " +
                    (cov === null ? esc(cfg.labels.no_need) : pct.format(cov));
            }
            function weakest(e) {
                var low = null;
                e[5].forEach(function (fig) {
                    if (fig && fig[2] !== null && (low === null || fig[2] < low)) { low = fig[2]; }
                });
                return low;
            }
            function popup(layer) {
                var f = layer.feature, e = entryOf(f), code = codeOf(f), L_ = cfg.labels;
                var html = "<div class='map-popup'><strong>" + esc(nameOf(f)) +
                    "</strong> <small>" + esc(code) + "</small>";
                if (e) {
                    html += "<p>" + esc(L_.severity) + ": <b>" + (e[1] === null ? "–" : e[1]) +
                        "</b> · " + esc(L_.displaced) + ": " + fmt.format(e[2] || 0) + " · " +
                        esc(L_.affected) + ": " + fmt.format(e[3] || 0) + "</p><table><tr><th>" +
                        esc(L_.commodity) + "</th><th>" + esc(L_.need) + "</th><th>" +
                        esc(L_.delivered) + "</th><th>" + esc(L_.coverage) + "</th></tr>";
                    cfg.commodities.forEach(function (c, i) {
                        var fig = e[5][i];
                        html += "<tr><td>" + esc(c.name) + "</td>";
                        html += fig ? "<td>" + fmt.format(fig[0]) + " " + esc(c.unit) +
                            "</td><td>" + fmt.format(fig[1]) + " " + esc(c.unit) + "</td><td>" +
                            (fig[2] === null ? "–" : pct.format(fig[2])) + "</td>"
                            : "<td colspan='3'>–</td>";
                        html += "</tr>";
                    });
                    html += "</table>";
                } else {
                    html += "<p>" + esc(L_.not_assessed) + "</p>";
                }
                return html + "<a href='" + esc(cfg.village_url.replace("__code__", code)) + "'>" +
                    esc(L_.open_village) + "</a></div>";
            }
            var villages = L.geoJSON(null, {
                renderer: renderer, style: style,
                onEachFeature: function (f, layer) {
                    layer.bindTooltip(tooltip, {sticky: true});
                    layer.bindPopup(popup, {maxWidth: 320});
                }
            }).addTo(map);
            var worst = L.geoJSON(null, {
                renderer: worstRenderer, pane: "worstHit", interactive: false,
                filter: function (f) { var e = entryOf(f); return !!e && e[1] >= cfg.worst_hit; },
                style: {color: "#111111", weight: 2.5, opacity: 1, fill: false}
            });
            {{ this.worst_group.get_name() }}.addLayer(worst);
            map.on("baselayerchange", function (event) {
                if (!modeOf.has(event.layer)) { return; }
                mode = modeOf.get(event.layer);
                villages.setStyle(style);
                var title = map.getContainer().querySelector(".map-legend .legend-mode");
                if (title) { title.textContent = cfg.labels.modes[mode]; }
            });
            function load(url) {  // TopoJSON -> GeoJSON FeatureCollection
                return fetch(url, {credentials: "same-origin",
                                   headers: {"Accept": "application/json"}})
                    .then(function (r) {
                        if (!r.ok) { throw new Error(url + ": HTTP " + r.status); }
                        return r.json();
                    }).then(function (topo) {
                        if (url === cfg.geometry.overview) { overview = topo; }
                        return topojson.feature(topo, topo.objects[Object.keys(topo.objects)[0]]);
                    });
            }
            var overview = null;  // the overview topology: zones and borders are merged from it
            var layerOf = new Map(), outlineOf = new Map();
            function regionOf(code) { return code.split(".").slice(0, 2).join("."); }
            var ready = load(cfg.geometry.overview).then(function (fc) {
                villages.addData(fc);
                worst.addData(fc);
                villages.eachLayer(function (layer) { layerOf.set(codeOf(layer.feature), layer); });
                worst.eachLayer(function (layer) { outlineOf.set(codeOf(layer.feature), layer); });
                map.getContainer().classList.add("map-ready");
                return villages.getLayers().length;
            });
            ready.catch(function (err) {
                var box = L.DomUtil.create("div", "map-error", map.getContainer());
                box.textContent = cfg.labels.load_failed;
                if (window.console) { console.error(err); }
            });
            var requested = new Set(), detailed = [];
            function swap(f) {  // the display-detail shape into the existing layers
                var depth = f.geometry.type === "Polygon" ? 1 : 2;
                [layerOf.get(codeOf(f)), outlineOf.get(codeOf(f))].forEach(function (layer) {
                    if (!layer) { return; }
                    layer.feature.geometry = f.geometry;
                    layer.setLatLngs(L.GeoJSON.coordsToLatLngs(f.geometry.coordinates, depth));
                });
            }
            function refine() {
                if (map.getZoom() < cfg.geometry.detail_zoom) { return; }
                var view = map.getBounds(), wanted = new Set();
                layerOf.forEach(function (layer, code) {  // regions with a village in view
                    var region = regionOf(code);
                    if (!requested.has(region) && view.intersects(layer.getBounds())) {
                        wanted.add(region);
                    }
                });
                wanted.forEach(function (region) {
                    requested.add(region);
                    load(cfg.geometry.detail.replace("__region__", encodeURIComponent(region)))
                        .then(function (fc) {
                            fc.features.forEach(swap);
                            detailed.push(region);
                        }).catch(function (err) {
                            requested.delete(region);  // the overview stays; retried on a move
                            if (window.console) { console.warn(err); }
                        });
                });
            }
            ready.then(function () { map.on("moveend", refine); refine(); }, function () {});
            window.reliefMap = {map: map, villages: villages, worst: worst, ready: ready,
                                expected: cfg.expected, detailed: detailed,
                                topology: function () { return overview; },
                                pending: function () { return requested.size - detailed.length; }};
            return villages;
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, config: dict, mode_groups: list, worst_group, static_url):
        super().__init__()
        self._name = "VillageLayer"
        local_assets(self, static_url, [TOPOJSON_JS], [])
        self.config = config
        self.mode_groups = mode_groups
        self.worst_group = worst_group
