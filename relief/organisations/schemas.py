"""API shapes of organisations."""

from marshmallow import Schema, fields, validate

from relief.organisations.models import KINDS

REGENCY_CODE = validate.Regexp(r"^\d{2}\.\d{2}$", error="Bukan kode kabupaten/kota.")


class OrganisationSchema(Schema):
    """An organisation as staff see it."""

    id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    regency_codes = fields.List(fields.String())
    complaint_email = fields.String(allow_none=True)
    complaint_phone = fields.String(allow_none=True)
    active = fields.Boolean()
    created_at = fields.DateTime()


class OrganisationCreateSchema(Schema):
    """A new organisation (admin)."""

    name = fields.String(required=True, validate=validate.Length(min=3, max=200))
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    regency_codes = fields.List(
        fields.String(validate=REGENCY_CODE), required=True, validate=validate.Length(min=1, max=50)
    )
    complaint_email = fields.Email(
        load_default=None, allow_none=True, validate=validate.Length(max=200)
    )
    complaint_phone = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Regexp(r"^\+?[0-9 ()-]{6,32}$", error="Nomor telepon tidak valid."),
    )


class OrganisationPatchSchema(Schema):
    """Change an organisation (admin): name, regencies, contact, active."""

    name = fields.String(validate=validate.Length(min=3, max=200))
    kind = fields.String(validate=validate.OneOf(KINDS))
    regency_codes = fields.List(
        fields.String(validate=REGENCY_CODE), validate=validate.Length(min=1, max=50)
    )
    complaint_email = fields.Email(allow_none=True, validate=validate.Length(max=200))
    complaint_phone = fields.String(
        allow_none=True,
        validate=validate.Regexp(r"^\+?[0-9 ()-]{6,32}$", error="Nomor telepon tidak valid."),
    )
    active = fields.Boolean()


class OrganisationQuerySchema(Schema):
    """List filters: kind, regency served, active, name."""

    kind = fields.String(validate=validate.OneOf(KINDS))
    regency = fields.String(validate=REGENCY_CODE)
    active = fields.Boolean()
    q = fields.String(validate=validate.Length(max=100))
