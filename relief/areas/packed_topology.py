"""A TopoJSON topology packed into bytes for the map: the same arcs, ids and names, fewer bytes.

The coverage map decodes this in the browser (`ReliefMap.unpackTopology` in
static/js/coverage_map.js) back into the TopoJSON object `topojson-client` reads, integer for
integer; `unpack` here is the same decoder in Python (tests compare both with the topology).
JSON writes every quantized delta as decimal text with brackets and commas; here each is a
LEB128 varint (zigzag for signed values), most of them one byte, and values of one kind sit
together (all x deltas, then all y deltas), which is what a compressor models best; an arc's
endpoints, shared with the arcs that meet there, are written once. A province's overview
(bench/scale_bench.py, 1,500 villages) is 35 kB under Brotli, its TopoJSON 60 kB (78 kB gzip).

Layout: the magic `RTP1`, a little-endian uint32 giving the length of a UTF-8 JSON header
(`type`, `object`, `transform`, `bbox`, `id_runs`: the ids as runs of consecutive codes,
relief.core.code_runs, or `ids` where some id is not a string; `names`, `arcs`: the arc
count, optional `notice`), then one varint stream:

- per geometry: its kind (0 none, 1 Polygon, 2 MultiPolygon), for a MultiPolygon its polygon
  count, per polygon its ring count, per ring its arc count and arc references. A reference
  is written against the next arc not yet referenced (`fresh`): `zigzag(index - fresh) * 2 +
  reversed`, so the usual case, the next new arc, is one small byte;
- per arc, its point count;
- per arc, for its first point and (if it has two or more) its last: 0 where the point is
  new, else `k`: it is the k-th latest endpoint written before (arcs meet at their ends, so
  most endpoints repeat one seen a few arcs earlier, and are not written again);
- every arc's x values, then every arc's y values, endpoints given by reference left out:
  a new first point relative to the previous arc's first point (the first arc's to 0), the
  rest as TopoJSON's own deltas.
"""

import json
import struct

from relief.core.code_runs import code_runs, expand

MAGIC = b"RTP1"
KINDS = {None: 0, "Polygon": 1, "MultiPolygon": 2}
NAMES = {value: key for key, value in KINDS.items()}


def _zigzag(value: int) -> int:
    return value * 2 if value >= 0 else -value * 2 - 1


def _unzigzag(value: int) -> int:
    return value // 2 if value % 2 == 0 else -(value + 1) // 2


def _varints(values: list[int], out: bytearray) -> None:
    for value in values:
        if value < 0:
            raise ValueError("varints are unsigned: zigzag first")
        while value >= 0x80:
            out.append((value & 0x7F) | 0x80)
            value >>= 7
        out.append(value)


def pack(topo: dict) -> bytes:
    """The bytes of a quantized, delta-encoded topology with one object of polygons whose
    geometries carry an id and at most a `name` property."""
    if "transform" not in topo or len(topo["objects"]) != 1:
        raise ValueError("pack needs a quantized topology with one object")
    [(object_name, collection)] = topo["objects"].items()
    geometries = collection["geometries"]
    stream: list[int] = []
    fresh = 0
    for geometry in geometries:
        kind = geometry.get("type")
        if kind not in KINDS:
            raise ValueError(f"cannot pack a {kind} geometry")
        stream.append(KINDS[kind])
        if kind is None:
            continue
        polygons = [geometry["arcs"]] if kind == "Polygon" else geometry["arcs"]
        if kind == "MultiPolygon":
            stream.append(len(polygons))
        for rings in polygons:
            stream.append(len(rings))
            for ring in rings:
                stream.append(len(ring))
                for ref in ring:
                    index = ref if ref >= 0 else ~ref
                    stream.append(_zigzag(index - fresh) * 2 + (ref < 0))
                    fresh = max(fresh, index + 1)
    arcs = topo["arcs"]
    stream += [len(arc) for arc in arcs]
    nodes, xs, ys = _arc_streams(arcs)
    stream += nodes
    header = {
        "type": "Topology",
        "object": object_name,
        "transform": topo["transform"],
        "bbox": topo.get("bbox"),
        "names": [(g.get("properties") or {}).get("name") for g in geometries],
        "arcs": len(arcs),
    }
    ids = [g.get("id") for g in geometries]
    if all(isinstance(code, str) for code in ids):
        header["id_runs"] = code_runs(ids)
    else:
        header["ids"] = ids
    if "notice" in topo:
        header["notice"] = topo["notice"]
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode()
    out = bytearray(MAGIC + struct.pack("<I", len(text)) + text)
    _varints(stream + xs + ys, out)
    return bytes(out)


def _arc_streams(arcs: list) -> tuple[list[int], list[int], list[int]]:
    """The node references and the x and y values of `arcs` (TopoJSON deltas)."""
    nodes, xs, ys = [], [], []
    seen: dict[tuple[int, int], int] = {}  # endpoint -> its latest place among the endpoints
    ends = 0
    first = (0, 0)

    def endpoint(point: tuple[int, int], previous: tuple[int, int]) -> None:
        nonlocal ends
        place = seen.get(point)
        nodes.append(0 if place is None else ends - place)
        if place is None:
            xs.append(_zigzag(point[0] - previous[0]))
            ys.append(_zigzag(point[1] - previous[1]))
        seen[point] = ends
        ends += 1

    for arc in arcs:
        if not arc:
            continue
        points = [tuple(arc[0])]
        for dx, dy in arc[1:]:
            points.append((points[-1][0] + dx, points[-1][1] + dy))
        endpoint(points[0], first)
        first = points[0]
        for (ax, ay), (bx, by) in zip(points[:-2], points[1:-1], strict=True):
            xs.append(_zigzag(bx - ax))
            ys.append(_zigzag(by - ay))
        if len(points) > 1:
            endpoint(points[-1], points[-2])
    return nodes, xs, ys


def _arcs(counts: list[int], nodes: list[int], xs: list[int], ys: list[int]) -> list:
    """TopoJSON arcs (first point, then deltas) from what `_arc_streams` wrote."""
    arcs = []
    ends: list[tuple[int, int]] = []
    node, value = iter(nodes), iter(zip(xs, ys, strict=True))
    first = (0, 0)

    def endpoint(previous: tuple[int, int]) -> tuple[int, int]:
        ref = next(node)
        if ref:
            point = ends[len(ends) - ref]
        else:
            dx, dy = next(value)
            point = (previous[0] + dx, previous[1] + dy)
        ends.append(point)
        return point

    for count in counts:
        if not count:
            arcs.append([])
            continue
        first = endpoint(first)
        points = [first]
        for _ in range(count - 2):
            dx, dy = next(value)
            points.append((points[-1][0] + dx, points[-1][1] + dy))
        if count > 1:
            points.append(endpoint(points[-1]))
        arc = [list(points[0])]
        arc += [[b[0] - a[0], b[1] - a[1]] for a, b in zip(points, points[1:], strict=False)]
        arcs.append(arc)
    return arcs


class _Reader:
    def __init__(self, data: bytes, offset: int):
        self.data, self.offset = data, offset

    def next(self) -> int:
        value = shift = 0
        while True:
            byte = self.data[self.offset]
            self.offset += 1
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                return value
            shift += 7


def unpack(body: bytes) -> dict:
    """The TopoJSON topology packed in `body` (what the browser's decoder builds)."""
    if body[:4] != MAGIC:
        raise ValueError("not a packed topology")
    (length,) = struct.unpack("<I", body[4:8])
    header = json.loads(body[8 : 8 + length].decode())
    read = _Reader(body, 8 + length)
    fresh = 0

    def ring() -> list[int]:
        nonlocal fresh
        refs = []
        for _ in range(read.next()):
            code = read.next()
            index = fresh + _unzigzag(code // 2)
            refs.append(~index if code % 2 else index)
            fresh = max(fresh, index + 1)
        return refs

    def polygon() -> list[list[int]]:
        return [ring() for _ in range(read.next())]

    geometries = []
    ids = expand(header["id_runs"]) if "id_runs" in header else header["ids"]
    for code, name in zip(ids, header["names"], strict=True):
        kind = NAMES[read.next()]
        geometry = {"type": kind, "id": code, "properties": {"name": name}}
        if kind == "Polygon":
            geometry["arcs"] = polygon()
        elif kind == "MultiPolygon":
            geometry["arcs"] = [polygon() for _ in range(read.next())]
        geometries.append(geometry)
    counts = [read.next() for _ in range(header["arcs"])]
    nodes = [read.next() for count in counts for _end in range(min(count, 2))]
    values = sum(counts) - sum(1 for ref in nodes if ref)
    xs = [_unzigzag(read.next()) for _ in range(values)]
    ys = [_unzigzag(read.next()) for _ in range(values)]
    arcs = _arcs(counts, nodes, xs, ys)
    topo = {
        "type": "Topology",
        "objects": {header["object"]: {"type": "GeometryCollection", "geometries": geometries}},
        "arcs": arcs,
        "transform": header["transform"],
    }
    if header.get("bbox") is not None:
        topo["bbox"] = header["bbox"]
    if "notice" in header:
        topo["notice"] = header["notice"]
    return topo
