"""Map overlays drawn in the browser: zones, borders, names and search (their code:
static/js/coverage_map.js, `ReliefMap.zoneLayers` and `ReliefMap.villageSearch`).

Regency and district shapes are merged in the browser (topojson.merge, topojson.mesh) from
the villages' overview topology the map loads anyway: no request, no geometry built on the
server; their colours come from a small lookup keyed by area code, like the villages'.
Which layer shows depends on the zoom: regency zones up to `regency_max`, district zones
up to `district_max`, then the villages' own colours; borders and names follow the same
steps. `window.reliefMap` (VillageLayer)
gives the village layers to the name labels and the search box.
"""

from folium.template import Template

from relief.maps.elements import MapScript

# Zoom steps (Leaflet zoom levels): Banten fills a 1280 px map at about 9, a phone at 7 to 8.
ZOOMS = {
    "regency_max": 8,
    "district_max": 10,
    "district_borders": 9,
    "regency_names": (7, 11),
    "district_names": (10, 13),
    "village_names": 13,
    "village_names_max": 300,
}


class ZoneLayers(MapScript):
    """Regency and district band zones, their borders and names, and village names."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        ReliefMap.zoneLayers({{ this._parent.get_name() }}, {{ this.config|tojson }}, {
            regency: {{ this.regency_group.get_name() }},
            district: {{ this.district_group.get_name() }},
            borders: {{ this.borders_group.get_name() }},
            names: {{ this.names_group.get_name() }}});
        {% endmacro %}
        """
    )

    def __init__(
        self, config: dict, regency_group, district_group, borders_group, names_group, static_url
    ):
        super().__init__(static_url)
        self._name = "ZoneLayers"
        self.config = config
        self.regency_group = regency_group
        self.district_group = district_group
        self.borders_group = borders_group
        self.names_group = names_group


class VillageSearch(MapScript):
    """A search box that finds a village by name among the map's shapes and flies to it."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        ReliefMap.villageSearch({{ this._parent.get_name() }}, {{ this.labels|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, labels: dict, static_url):
        super().__init__(static_url)
        self._name = "VillageSearch"
        self.labels = labels
