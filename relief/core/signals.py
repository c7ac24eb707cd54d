"""Domain signals: writers announce what changed; alert rules and caches listen.

Receivers run inside the writer's transaction (they may only flush) and must not raise
for reasons unrelated to the write; a receiver that fails is logged, never fatal.
"""

from blinker import Namespace

signals = Namespace()

# sender: the writing function's name; kwargs: event_id, village_codes (set[str])
shipments_changed = signals.signal("shipments-changed")
assessments_changed = signals.signal("assessments-changed")
reports_changed = signals.signal("reports-changed")
# sender: the writing function's name; kwargs: village_codes (set[str]) whose alerts changed
alerts_changed = signals.signal("alerts-changed")
# sender: the writing function's name; no kwargs: norms or an event's profile changed
reference_changed = signals.signal("reference-changed")
# sender: importer; kwargs: codes (set[str]) whose geometry changed
geometry_changed = signals.signal("geometry-changed")
