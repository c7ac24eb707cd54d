"""GeoJSON of village coverage: WKB display geometry plus per-village coverage properties.

Pure: takes the coverage rows (queries.village_coverage contract) and (code, wkb) pairs.
"""

import json
from collections.abc import Iterable

import shapely

from relief.coverage.math import band, weakest_link
from relief.coverage.severity import DEFAULT_POLICY, SeverityPolicy, is_worst_hit


def village_properties(rows: Iterable[dict], policy: SeverityPolicy = DEFAULT_POLICY) -> dict:
    """code -> properties: coverage per commodity, weakest link, band, severity, worst_hit."""
    villages: dict[str, dict] = {}
    core: dict[str, list[str]] = {}
    for row in rows:
        props = villages.setdefault(
            row["code"],
            {
                "code": row["code"],
                "name": row["name"],
                "district_code": row["district_code"],
                "regency_code": row["regency_code"],
                "severity": row["severity"],
                "displaced": row["displaced"],
                "affected": row["affected"],
            },
        )
        props[f"need_{row['commodity']}"] = round(row["need"], 3)
        props[f"delivered_{row['commodity']}"] = round(row["delivered"], 3)
        props[f"coverage_{row['commodity']}"] = row["coverage"]
        if row["is_core"]:
            core.setdefault(row["code"], []).append(row["commodity"])
    for code, props in villages.items():
        coverages = {
            k.removeprefix("coverage_"): v for k, v in props.items() if k.startswith("coverage_")
        }
        props["coverage"] = weakest_link(coverages, core.get(code, ()))
        props["band"] = band(props["coverage"])
        props["worst_hit"] = is_worst_hit(props["severity"], policy)
    return villages


def feature_collection(properties: dict[str, dict], geometries: Iterable[tuple[str, bytes]]) -> str:
    """A GeoJSON FeatureCollection text; villages without geometry are left out."""
    pairs = [(code, wkb) for code, wkb in geometries if wkb and code in properties]
    shapes = shapely.from_wkb([wkb for _, wkb in pairs])
    texts = shapely.to_geojson(shapes) if pairs else []
    features = [
        '{"type":"Feature","id":'
        + json.dumps(code)
        + ',"geometry":'
        + text
        + ',"properties":'
        + json.dumps(properties[code], separators=(",", ":"))
        + "}"
        for (code, _), text in zip(pairs, texts, strict=True)
    ]
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"
