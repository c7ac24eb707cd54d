"""Which areas and depots a logistics user works in, for the field app's reference data.

One small function to switch when users carry explicit scopes (area codes, organisation):
until then a user's regency is the scope, and a user without one sees the whole province.
"""

from relief.auth.models import User


def scope_prefixes(user: User) -> list[str] | None:
    """Area-code prefixes of the user's scope; None means every area."""
    codes = getattr(user, "area_codes", None)  # explicit scopes, once the model has them
    if codes:
        return list(codes)
    return [user.regency_code] if user.regency_code else None


def in_scope(code: str, prefixes: list[str] | None) -> bool:
    """Whether an area code lies inside one of the prefixes (None: everywhere)."""
    return prefixes is None or any(code == p or code.startswith(p + ".") for p in prefixes)
