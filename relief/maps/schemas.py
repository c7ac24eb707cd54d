"""Input of the coverage map page (query string)."""

from marshmallow import EXCLUDE, Schema, fields, validate

from relief.core.fields import Day, RecordId


class MapArgsSchema(Schema):
    """`?as_of=YYYY-MM-DD&regency=36.02&event_id=1`; every part optional."""

    class Meta:
        unknown = EXCLUDE  # a page URL may carry ?lang= and the like

    as_of = Day(load_default=None)
    regency = fields.String(load_default=None, validate=validate.Regexp(r"^\d{2}\.\d{2}$"))
    event_id = RecordId(load_default=None)
