"""API input and output of the auth domain."""

from marshmallow import Schema, fields, validate

from relief.core.fields import RecordId


class TokenRequestSchema(Schema):
    """Credentials exchanged for a bearer token."""

    username = fields.String(required=True, validate=validate.Length(min=1, max=64))
    password = fields.String(
        required=True, validate=validate.Length(min=1, max=256), load_only=True
    )


class TokenSchema(Schema):
    """A freshly issued token, shown once."""

    token = fields.String(required=True)
    role = fields.String()
    username = fields.String()


class UserSchema(Schema):
    """A staff account as others may see it."""

    id = fields.Integer()
    username = fields.String()
    name = fields.String()
    role = fields.String()
    regency_code = fields.String(allow_none=True)


class TokenListArgsSchema(Schema):
    """Whose tokens to list (admins only may name another account)."""

    user_id = RecordId(load_default=None)


class TokenInfoSchema(Schema):
    """A token as listed: never the token itself."""

    id = fields.Integer()
    user_id = fields.Integer()
    label = fields.String()
    created_at = fields.DateTime()
    expires_at = fields.DateTime(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)
