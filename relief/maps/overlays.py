"""Map overlays drawn in the browser: zones, borders, names and search.

Regency and district shapes are merged in the browser (topojson.merge, topojson.mesh) from
the villages' overview topology the map loads anyway: no request, no geometry built on the
server; their colours come from a small lookup keyed by area code, like the villages'.
Which layer shows depends on the zoom: regency zones up to `regency_max`, district zones
up to `district_max`, then the villages' own colours; borders and names follow the same
steps. `window.reliefMap` (VillageLayer)
gives the village layers to the name labels and the search box.
"""

from folium.template import Template

from relief.maps.elements import RenderedMacro

# Zoom steps (Leaflet zoom levels): Banten fills a 1280 px map at about 9, a phone at 7 to 8.
ZOOMS = {"regency_max": 8, "district_max": 10, "district_borders": 9,
         "regency_names": (7, 11), "district_names": (10, 13), "village_names": 13,
         "village_names_max": 300}


class ZoneLayers(RenderedMacro):
    """Regency and district band zones, their borders and names, and village names."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var cfg = {{ this.config|tojson }}, Z = cfg.zooms;
            var pct = new Intl.NumberFormat(cfg.locale,
                                            {style: "percent", maximumFractionDigits: 0});
            function esc(text) {
                return String(text).replace(/[&<>"']/g, function (c) {
                    return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
                });
            }
            function codeOf(f) { return (f.properties && f.properties.code) || f.id; }
            function nameOf(f) { return (f.properties && f.properties.name) || codeOf(f); }
            map.createPane("zones");
            map.getPane("zones").style.zIndex = 420;
            map.createPane("borders");
            map.getPane("borders").style.zIndex = 440;
            map.getPane("borders").style.pointerEvents = "none";
            var zoneRenderer = L.canvas({pane: "zones", padding: 0.5});
            var borderRenderer = L.canvas({pane: "borders", padding: 0.5});
            function zoneStyle(table) {
                return function (f) {
                    var z = table[codeOf(f)];
                    return {fillColor: cfg.colours[z ? (z[0] || "nn") : "na"],
                            fillOpacity: z ? 0.8 : 0.35, color: "#444444", weight: 1.2,
                            opacity: 0.9};
                };
            }
            function zoneTooltip(table) {
                return function (layer) {
                    var f = layer.feature, z = table[codeOf(f)], L_ = cfg.labels;
                    var html = "<strong>" + esc(nameOf(f)) + "</strong>";
                    if (!z || z[0] === null) { return html + "<br>" + esc(L_.no_need); }
                    html += "<br>" + esc(L_.band) + ": <b>" + esc(cfg.band_names[z[0]]) +
                        "</b> (" + esc(L_.sum_over_sum) + " " + pct.format(z[1]) + ")";
                    if (z[2] > 0) { html += "<br>" + z[2] + " " + esc(L_.villages_red); }
                    if (z[3]) {
                        html += "<br>" + esc(L_.worst_village) + ": " + esc(z[3]) + " " +
                            (z[4] === null ? "" : pct.format(z[4]));
                    }
                    return html;
                };
            }
            function zoneLayer(table) {
                return L.geoJSON(null, {
                    renderer: zoneRenderer, pane: "zones", style: zoneStyle(table),
                    onEachFeature: function (f, layer) {
                        layer.bindTooltip(zoneTooltip(table), {sticky: true});
                        layer.on("click", function () { map.fitBounds(layer.getBounds()); });
                    }
                });
            }
            function borderLayer(weight) {
                return L.geoJSON(null, {renderer: borderRenderer, pane: "borders",
                                        interactive: false,
                                        style: {color: "#252525", weight: weight, opacity: 0.9,
                                                fill: false}});
            }
            var zones = {regency: zoneLayer(cfg.zones.regency),
                         district: zoneLayer(cfg.zones.district)};
            var borders = {regency: borderLayer(2.6), district: borderLayer(1.1)};
            var names = {regency: L.layerGroup(), district: L.layerGroup(),
                         village: L.layerGroup()};
            var groups = {regency: {{ this.regency_group.get_name() }},
                          district: {{ this.district_group.get_name() }},
                          borders: {{ this.borders_group.get_name() }},
                          names: {{ this.names_group.get_name() }}};
            function label(layer, cls) {
                return L.marker(layer.getBounds().getCenter(), {
                    interactive: false, keyboard: false,
                    icon: L.divIcon({className: "area-label " + cls, iconSize: null,
                                     html: "<span>" + esc(nameOf(layer.feature)) + "</span>"})
                });
            }
            // Regencies and districts are merged from the villages' overview topology (shared
            // arcs): no request of their own; borders are the arcs between two of them.
            function idOf(g) { return (g.properties && g.properties.code) || g.id; }
            var depth = {regency: 5, district: 8};
            function build(topo) {
                var object = topo.objects[Object.keys(topo.objects)[0]];
                ["regency", "district"].forEach(function (level) {
                    var by = {}, n = depth[level];
                    object.geometries.forEach(function (g) {
                        var key = idOf(g).slice(0, n);
                        (by[key] = by[key] || []).push(g);
                    });
                    var features = Object.keys(by).sort().map(function (key) {
                        return {type: "Feature", id: key,
                                properties: {code: key, name: cfg.names[key] || key},
                                geometry: topojson.merge(topo, by[key])};
                    });
                    zones[level].addData({type: "FeatureCollection", features: features});
                    borders[level].addData(topojson.mesh(topo, object, function (a, b) {
                        return a === b || idOf(a).slice(0, n) !== idOf(b).slice(0, n);
                    }));
                    zones[level].eachLayer(function (layer) {
                        names[level].addLayer(label(layer, level));
                    });
                });
                show();
            }
            function toggle(group, layer, on) {
                if (on && !group.hasLayer(layer)) { group.addLayer(layer); }
                if (!on && group.hasLayer(layer)) { group.removeLayer(layer); }
            }
            function between(z, range) { return z >= range[0] && z <= range[1]; }
            function villageNames(z) {
                names.village.clearLayers();
                var rm = window.reliefMap;
                if (z < Z.village_names || !rm) { return; }
                var view = map.getBounds(), n = 0;
                rm.villages.eachLayer(function (layer) {
                    if (n < Z.village_names_max && view.intersects(layer.getBounds())) {
                        names.village.addLayer(label(layer, "village"));
                        n += 1;
                    }
                });
            }
            function show() {
                var z = map.getZoom();
                toggle(groups.regency, zones.regency, z <= Z.regency_max);
                toggle(groups.district, zones.district, z > Z.regency_max && z <= Z.district_max);
                toggle(groups.borders, borders.regency, true);
                toggle(groups.borders, borders.district, z >= Z.district_borders);
                toggle(groups.names, names.regency, between(z, Z.regency_names));
                toggle(groups.names, names.district, between(z, Z.district_names));
                toggle(groups.names, names.village, z >= Z.village_names);
                villageNames(z);
            }
            map.on("zoomend moveend", show);
            var rm = window.reliefMap;
            rm.zones = zones;
            rm.names = names;
            rm.shapes = rm.ready.then(function () { build(rm.topology()); });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, config: dict, regency_group, district_group, borders_group,
                 names_group):
        super().__init__()
        self._name = "ZoneLayers"
        self.config = config
        self.regency_group = regency_group
        self.district_group = district_group
        self.borders_group = borders_group
        self.names_group = names_group


class VillageSearch(RenderedMacro):
    """A search box that finds a village by name among the map's shapes and flies to it."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var labels = {{ this.labels|tojson }};
            var box = L.control({position: "topleft"});
            box.onAdd = function () {
                var div = L.DomUtil.create("div", "map-search");
                var input = L.DomUtil.create("input", "", div);
                input.type = "search";
                input.placeholder = labels.search;
                input.setAttribute("aria-label", labels.search);
                var list = L.DomUtil.create("ul", "", div);
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                function fold(text) {
                    return String(text).toLowerCase().normalize("NFD")
                        .replace(/[\\u0300-\\u036f]/g, "");
                }
                function go(layer) {
                    map.flyToBounds(layer.getBounds(), {maxZoom: 14, duration: 0.8});
                    map.once("moveend", function () { layer.openPopup(); });
                    list.innerHTML = "";
                    input.value = layer.feature.properties.name || "";
                }
                function matches() {
                    var q = fold(input.value.trim()), found = [];
                    if (q.length < 2 || !window.reliefMap) { return found; }
                    window.reliefMap.villages.eachLayer(function (layer) {
                        var p = layer.feature.properties || {};
                        if (found.length < 8 && fold(p.name || "").indexOf(q) !== -1) {
                            found.push(layer);
                        }
                    });
                    return found;
                }
                input.addEventListener("input", function () {
                    list.innerHTML = "";
                    var found = matches();
                    if (!found.length && input.value.trim().length >= 2) {
                        var none = L.DomUtil.create("li", "none", list);
                        none.textContent = labels.search_none;
                    }
                    found.forEach(function (layer) {
                        var item = L.DomUtil.create("li", "", list);
                        var button = L.DomUtil.create("button", "", item);
                        button.type = "button";
                        button.textContent = layer.feature.properties.name + " · " +
                            (layer.feature.properties.code || layer.feature.id);
                        button.addEventListener("click", function () { go(layer); });
                    });
                });
                input.addEventListener("keydown", function (event) {
                    if (event.key !== "Enter") { return; }
                    event.preventDefault();
                    var found = matches();
                    if (found.length) { go(found[0]); }
                });
                return div;
            };
            box.addTo(map);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, labels: dict):
        super().__init__()
        self._name = "VillageSearch"
        self.labels = labels
