"""API input and output of the auth domain."""

from marshmallow import Schema, fields, validate

from relief.core.fields import RecordId
from relief.core.permissions import ROLES

AREA_CODE = validate.Regexp(
    r"^\d{2}(\.\d{2}(\.\d{2})?)?$", error="Bukan kode provinsi, kabupaten/kota atau kecamatan."
)


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
    """A staff account as admins see it (never its password hash)."""

    id = fields.Integer()
    username = fields.String()
    name = fields.String()
    role = fields.String()
    organisation_id = fields.Integer(allow_none=True)
    area_codes = fields.List(fields.String())
    regency_code = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    active = fields.Boolean()
    created_at = fields.DateTime()


class UserCreateSchema(Schema):
    """A new staff account (admin)."""

    username = fields.String(
        required=True,
        validate=validate.Regexp(
            r"^[a-z0-9._-]{3,64}$", error="3-64 huruf kecil, angka, titik, garis bawah atau strip."
        ),
    )
    name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=256))
    organisation_id = RecordId(load_default=None, allow_none=True)
    area_codes = fields.List(
        fields.String(validate=AREA_CODE), load_default=list, validate=validate.Length(max=50)
    )
    email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=200))


class UserPatchSchema(Schema):
    """Change a staff account (admin): role, organisation, scope, or disable it."""

    name = fields.String(validate=validate.Length(min=1, max=120))
    role = fields.String(validate=validate.OneOf(ROLES))
    organisation_id = RecordId(allow_none=True)
    area_codes = fields.List(fields.String(validate=AREA_CODE), validate=validate.Length(max=50))
    active = fields.Boolean(
        metadata={
            "description": "false disables the account: its "
            "sessions and tokens stop working at once"
        }
    )


class UserQuerySchema(Schema):
    """User list filters."""

    role = fields.String(validate=validate.OneOf(ROLES))
    organisation_id = RecordId()
    active = fields.Boolean()
    area = fields.String(
        validate=AREA_CODE, metadata={"description": "accounts whose scope names this code"}
    )
    q = fields.String(validate=validate.Length(max=100))


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
