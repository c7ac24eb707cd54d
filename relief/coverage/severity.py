"""Default severity policy (DESIGN.md section 4).

These thresholds are this project's policy, not law: each is a setting
(`SEVERITY_POLICY` in the app config overrides any field of `SeverityPolicy`).
"""

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class SeverityPolicy:
    """Thresholds of the default 1 to 5 severity score and of `worst-hit`."""

    level5_displaced_share: float = 0.30
    level5_houses_heavy: int = 100
    level4_displaced_share: float = 0.10
    level4_houses_heavy: int = 25
    level3_affected_share: float = 0.10
    worst_hit_from: int = 4


DEFAULT_POLICY = SeverityPolicy()


def policy_from_config(config: Mapping) -> SeverityPolicy:
    """The default policy with any overrides from `config["SEVERITY_POLICY"]`."""
    overrides = dict(config.get("SEVERITY_POLICY") or {})
    known = {f.name for f in fields(SeverityPolicy)}
    return replace(DEFAULT_POLICY, **{k: v for k, v in overrides.items() if k in known})


def _share(part: int, population: int | None) -> float:
    return part / population if population else 0.0


def default_severity(
    *,
    population: int | None,
    affected: int = 0,
    displaced: int = 0,
    houses_heavy: int = 0,
    deaths: int = 0,
    policy: SeverityPolicy = DEFAULT_POLICY,
) -> int:
    """Severity 1 to 5 by the default policy; shares need a known population."""
    displaced_share = _share(displaced, population)
    affected_share = _share(affected, population)
    if (
        deaths > 0
        or (population and displaced_share >= policy.level5_displaced_share)
        or houses_heavy >= policy.level5_houses_heavy
    ):
        return 5
    if (population and displaced_share >= policy.level4_displaced_share) or (
        houses_heavy >= policy.level4_houses_heavy
    ):
        return 4
    if displaced > 0 or (population and affected_share >= policy.level3_affected_share):
        return 3
    if affected > 0:
        return 2
    return 1


def is_worst_hit(severity: int | None, policy: SeverityPolicy = DEFAULT_POLICY) -> bool:
    """Worst-hit villages are those at or above the policy's severity."""
    return severity is not None and severity >= policy.worst_hit_from
