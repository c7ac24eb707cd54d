"""Page arguments and the paginated answer shape shared by every collection."""

from functools import cache

from flask import current_app
from marshmallow import Schema, fields, validate

from relief.extensions import db


class PageArgsSchema(Schema):
    """`page` and `per_page` query parameters."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=25, validate=validate.Range(min=1, max=200))


@cache
def page_of(item_schema: type[Schema]) -> type[Schema]:
    """An output schema `{items, page, per_page, total, pages}` around an item schema."""
    return type(
        f"{item_schema.__name__.removesuffix('Schema')}PageSchema",
        (Schema,),
        {
            "items": fields.List(fields.Nested(item_schema)),
            "page": fields.Integer(),
            "per_page": fields.Integer(),
            "total": fields.Integer(),
            "pages": fields.Integer(),
        },
    )


def paginate(stmt, page: int, per_page: int) -> dict:
    """Run a select for one page; the total comes from a COUNT over the same filters."""
    per_page = min(per_page, current_app.config["PAGE_SIZE_MAX"])
    result = db.paginate(stmt, page=page, per_page=per_page, error_out=False)
    return {
        "items": result.items,
        "page": result.page,
        "per_page": result.per_page,
        "total": result.total,
        "pages": result.pages,
    }
