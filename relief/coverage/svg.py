"""A village polygon as a small inline SVG path (no JavaScript, no tiles)."""

import shapely


def polygon_svg(wkb: bytes | None, size: int = 220) -> dict | None:
    """{"d", "viewbox"} for a WKB polygon scaled into a size x size box, north up."""
    if not wkb:
        return None
    shape = shapely.from_wkb(wkb)
    if shape.is_empty:
        return None
    min_x, min_y, max_x, max_y = shape.bounds
    span = max(max_x - min_x, max_y - min_y) or 1e-6
    scale = (size - 10) / span

    def point(x: float, y: float) -> str:
        return f"{(x - min_x) * scale + 5:.1f},{(max_y - y) * scale + 5:.1f}"

    parts = []
    for polygon in getattr(shape, "geoms", [shape]):
        for ring in [polygon.exterior, *polygon.interiors]:
            coords = list(ring.coords)
            parts.append("M" + " L".join(point(x, y) for x, y in coords) + " Z")
    return {"d": " ".join(parts), "viewbox": f"0 0 {size} {size}"}
