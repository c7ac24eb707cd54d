// The coverage map's own layers and controls (relief/maps/elements.py, overlays.py).
// The Python side only wires data to these functions: `ReliefMap.villageLayer(map, cfg, ...)`
// and so on, each called with its configuration as JSON. Every text that comes from the
// database (village, depot and commodity names, waybills) reaches the page as JSON data and
// is escaped here before it becomes HTML, never compiled by Folium's templates.
(function () {
  "use strict";

  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }

  // Runs of consecutive codes ([first code, count], relief/core/code_runs.py) back into
  // the codes: the numeric tail counts up by one at the same width.
  function expandCodes(runs) {
    var codes = [];
    runs.forEach(function (run) {
        var first = run[0], count = run[1];
        if (count === 1) { codes.push(first); return; }
        var tail = /^(.*?)(\d+)$/.exec(first), prefix = tail[1], width = tail[2].length;
        var number = parseInt(tail[2], 10);
        for (var i = 0; i < count; i++) {
            var digits = String(number + i);
            while (digits.length < width) { digits = "0" + digits; }
            codes.push(prefix + digits);
        }
    });
    return codes;
  }

  // The packed topology (relief/areas/packed_topology.py, which documents the layout) back
  // into the TopoJSON object topojson-client reads: the same integers, ids and names.
  function unpackTopology(buffer) {
    var bytes = new Uint8Array(buffer);
    if (String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]) !== "RTP1") {
        throw new Error("not a packed topology");
    }
    var length = new DataView(buffer).getUint32(4, true);
    var header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
    var at = 8 + length;
    function next() {  // one unsigned LEB128 varint (values stay below 2^53)
        var value = 0, scale = 1, byte;
        do {
            byte = bytes[at++];
            value += (byte & 0x7f) * scale;
            scale *= 128;
        } while (byte >= 0x80);
        return value;
    }
    function signed(value) { return value % 2 ? -(value + 1) / 2 : value / 2; }
    var fresh = 0;
    function ring() {
        var refs = [], n = next();
        for (var i = 0; i < n; i++) {
            var code = next(), index = fresh + signed(Math.floor(code / 2));
            refs.push(code % 2 ? ~index : index);
            fresh = Math.max(fresh, index + 1);
        }
        return refs;
    }
    function polygon() {
        var rings = [], n = next();
        for (var i = 0; i < n; i++) { rings.push(ring()); }
        return rings;
    }
    var kinds = [null, "Polygon", "MultiPolygon"];
    var ids = header.id_runs ? expandCodes(header.id_runs) : header.ids;
    var geometries = ids.map(function (id, i) {
        var kind = kinds[next()], g = {type: kind, id: id, properties: {name: header.names[i]}};
        if (kind === "Polygon") { g.arcs = polygon(); }
        if (kind === "MultiPolygon") {
            g.arcs = [];
            for (var n = next(), j = 0; j < n; j++) { g.arcs.push(polygon()); }
        }
        return g;
    });
    var counts = [], total = 0;
    for (var a = 0; a < header.arcs; a++) { counts.push(next()); total += counts[a]; }
    var nodes = [];
    counts.forEach(function (count) {
        for (var e = 0; e < Math.min(count, 2); e++) {
            nodes.push(next());
            if (nodes[nodes.length - 1]) { total -= 1; }  // an endpoint seen before
        }
    });
    var xs = new Array(total), ys = new Array(total);
    for (var p = 0; p < total; p++) { xs[p] = signed(next()); }
    for (p = 0; p < total; p++) { ys[p] = signed(next()); }
    var arcs = [], ends = [], n = 0, v = 0, first = [0, 0];
    function endpoint(previous) {  // a new point (delta from `previous`) or one seen before
        var ref = nodes[n++], point;
        if (ref) {
            point = ends[ends.length - ref];
        } else {
            point = [previous[0] + xs[v], previous[1] + ys[v]];
            v++;
        }
        ends.push(point);
        return point;
    }
    counts.forEach(function (count) {
        if (!count) { arcs.push([]); return; }
        first = endpoint(first);
        var x = first[0], y = first[1], arc = [[x, y]];
        for (var q = 0; q < count - 2; q++, v++) {
            arc.push([xs[v], ys[v]]);
            x += xs[v];
            y += ys[v];
        }
        if (count > 1) {
            var last = endpoint([x, y]);
            arc.push([last[0] - x, last[1] - y]);
        }
        arcs.push(arc);
    });
    var topo = {type: "Topology", objects: {}, arcs: arcs, transform: header.transform};
    topo.objects[header.object] = {type: "GeometryCollection", geometries: geometries};
    if (header.bbox) { topo.bbox = header.bbox; }
    if (header.notice) { topo.notice = header.notice; }
    return topo;
  }

  // Village polygons fetched as TopoJSON, styled from the lookup `cfg.villages` (columns); the
  // layer-control groups in `modeGroups` choose the mode (weakest link, then per commodity).
  function villageLayer(map, cfg, modeGroups, worstGroup) {
    var modeOf = new Map(modeGroups.map(function (group, i) { return [group, i]; }));
    var mode = 0;
    var fmt = new Intl.NumberFormat(cfg.locale, {maximumFractionDigits: 1});
    var pct = new Intl.NumberFormat(cfg.locale,
                                    {style: "percent", maximumFractionDigits: 0});
    function codeOf(f) { return (f.properties && f.properties.code) || f.id; }
    // The lookup comes as columns (relief.maps.styling.lookup): one entry per village,
    // [unused, severity, displaced, affected, classes per mode, figures per commodity].
    var columns = cfg.villages, entries = new Map();
    expandCodes(columns.code_runs).forEach(function (code, i) {
        entries.set(code, [null, columns.severity[i], columns.displaced[i],
            columns.affected[i],
            columns.classes.map(function (mode) { return mode[i]; }),
            columns.figures.map(function (c) {
                return c[0][i] === null && c[1][i] === null && c[2][i] === null ? null
                    : [c[0][i], c[1][i], c[2][i]];
            })]);
    });
    function entryOf(f) { return entries.get(codeOf(f)); }
    function nameOf(f) { return (f.properties && f.properties.name) || codeOf(f); }
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
    worstGroup.addLayer(worst);
    map.on("baselayerchange", function (event) {
        if (!modeOf.has(event.layer)) { return; }
        mode = modeOf.get(event.layer);
        villages.setStyle(style);
        var title = map.getContainer().querySelector(".map-legend .legend-mode");
        if (title) { title.textContent = cfg.labels.modes[mode]; }
    });
    function load(url) {  // packed topology (or TopoJSON) -> GeoJSON FeatureCollection
        return fetch(url, {credentials: "same-origin"})
            .then(function (r) {
                if (!r.ok) { throw new Error(url + ": HTTP " + r.status); }
                var type = r.headers.get("Content-Type") || "";
                return type.indexOf("json") === -1 ?
                    r.arrayBuffer().then(unpackTopology) : r.json();
            }).then(function (topo) {
                if (url === cfg.geometry.overview) { overview = topo; }
                return topojson.feature(topo, topo.objects[Object.keys(topo.objects)[0]]);
            });
    }
    var overview = null;  // the first view's topology: zones and borders are merged from it
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
    // A regency's first view already is its display detail: nothing more to fetch for it.
    (cfg.geometry.preloaded || []).forEach(function (region) {
        requested.add(region);
        detailed.push(region);
    });
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
  }

  // Regency and district band zones, their borders and names, and village names.
  function zoneLayers(map, cfg, groups) {
    var Z = cfg.zooms;
    var pct = new Intl.NumberFormat(cfg.locale,
                                    {style: "percent", maximumFractionDigits: 0});
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
  }

  // A search box that finds a village by name among the map's shapes and flies to it.
  function villageSearch(map, labels) {
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
                .replace(/[\u0300-\u036f]/g, "");
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
  }

  // The coverage legend as a Leaflet control (`html` built and escaped by the server).
  function legend(map, html, wide) {
    var legend = L.control({position: "bottomright"});
    legend.onAdd = function () {
        var div = L.DomUtil.create("div", "map-legend");
        div.innerHTML = html;
        if (map.getSize().x < wide) {  // phones: start folded
            div.querySelector("details").open = false;
        }
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
    };
    legend.addTo(map);
  }

  // Keep a collapsed layer control open on wide maps (phones keep Leaflet's toggle icon).
  function openLayerControl(control, map, wide) {
    if (map.getSize().x < wide) { return; }
    // Open on wide maps; fold only while a popup needs the corner.
    var collapse = control.collapse;
    control.collapse = function () { return this; };
    control.expand();
    map.on("popupopen", function () { collapse.call(control); });
    map.on("popupclose", function () { control.expand(); });
  }

  // Depots as canvas circles in `group`: rows of [lat, lon, name, kind].
  function depots(group, rows) {
    rows.forEach(function (row) {
      var gudang = row[3] === "gudang";
      L.circleMarker([row[0], row[1]], {
        radius: gudang ? 8 : 6, weight: 2, color: "#3f007d",
        fillColor: gudang ? "#807dba" : "#efedf5", fillOpacity: 1
      }).bindTooltip(esc(row[2] + " (" + row[3] + ")")).addTo(group);
    });
    if (window.reliefMap) { window.reliefMap.depots = group; }  // for tests and the page
  }

  // Delivery points (rows of [lat, lon, label]) as small circles, for FastMarkerCluster.
  function deliveryPoint(row) {
    return L.circleMarker([row[0], row[1]], {radius: 5, weight: 1, color: "#08306b",
      fillColor: "#4292c6", fillOpacity: 0.9}).bindTooltip(esc(row[2]));
  }

  // Clusters in the delivery dots' blue: the plugin's green/yellow/orange would read as coverage.
  function deliveryClusterIcon(cluster) {
    return L.divIcon({html: "<span>" + cluster.getChildCount() + "</span>",
      className: "delivery-cluster", iconSize: L.point(28, 28)});
  }

  window.ReliefMap = {villageLayer: villageLayer, zoneLayers: zoneLayers,
                      villageSearch: villageSearch, legend: legend,
                      openLayerControl: openLayerControl, depots: depots,
                      deliveryPoint: deliveryPoint, deliveryClusterIcon: deliveryClusterIcon,
                      unpackTopology: unpackTopology, expandCodes: expandCodes, esc: esc};
})();
