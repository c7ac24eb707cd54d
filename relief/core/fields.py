"""marshmallow fields shared by the domains' input schemas."""

from marshmallow import fields, validate
from werkzeug.routing import IntegerConverter

DB_INTEGER_MAX = 2_147_483_647  # PostgreSQL INTEGER; SQLite would overflow past 2**63 anyway


class RecordId(fields.Integer):
    """A database id or version: a positive 32-bit integer, refused with a message otherwise."""

    def __init__(self, **kwargs):
        kwargs.setdefault("validate", validate.Range(min=1, max=DB_INTEGER_MAX))
        super().__init__(**kwargs)


class RecordIdConverter(IntegerConverter):
    """`<int:...>` in URLs: ids beyond the database's range are a 404, not an SQL overflow."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", DB_INTEGER_MAX)
        super().__init__(url_map, *args, **kwargs)
