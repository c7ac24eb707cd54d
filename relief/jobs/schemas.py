"""marshmallow at the jobs' edges: list filters in, job runs out."""

from marshmallow import Schema, fields, validate

from relief.core.job_runs import STATES
from relief.core.pagination import PageArgsSchema


class JobListArgsSchema(PageArgsSchema):
    """`state` filter plus `page`/`per_page`."""

    state = fields.String(validate=validate.OneOf(STATES))


class JobRunSchema(Schema):
    """One job run as the admin sees it."""

    id = fields.Integer()
    name = fields.String()
    args = fields.Dict()
    state = fields.String()
    attempts = fields.Integer()
    last_error = fields.String(allow_none=True)
    started_at = fields.AwareDateTime()
    finished_at = fields.AwareDateTime(allow_none=True)


class QueueSummarySchema(Schema):
    """The queue itself: where it lives and how much waits in it."""

    backend = fields.String()
    pending = fields.Integer()
    scheduled = fields.Integer()
    failed_runs = fields.Integer()
