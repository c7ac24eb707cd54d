"""API input and output of assessments and coverage."""

import json

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from relief.audit.amendments import amendments_of
from relief.audit.schemas import AmendmentSchema
from relief.core.fields import Moment, RecordId

COUNT = {"load_default": 0, "validate": validate.Range(min=0, max=10_000_000)}
COUNT_FIELDS = (
    "affected_persons",
    "displaced_persons",
    "households",
    "displaced_households",
    "houses_heavy",
    "houses_moderate",
    "houses_light",
    "deaths",
    "missing",
)


class AssessmentInSchema(Schema):
    """One assessment as logistics staff record it (form, API or an import row)."""

    event_id = RecordId(required=True)
    village_code = fields.String(required=True, validate=validate.Length(min=4, max=16))
    assessed_at = Moment(load_default=None, default_timezone=None)
    affected_persons = fields.Integer(**COUNT)
    displaced_persons = fields.Integer(**COUNT)
    households = fields.Integer(**COUNT)
    displaced_households = fields.Integer(**COUNT)
    houses_heavy = fields.Integer(**COUNT)
    houses_moderate = fields.Integer(**COUNT)
    houses_light = fields.Integer(**COUNT)
    deaths = fields.Integer(**COUNT)
    missing = fields.Integer(**COUNT)
    flood_depth_cm = fields.Float(load_default=None, validate=validate.Range(min=0, max=2000))
    source = fields.String(load_default="", validate=validate.Length(max=200))
    severity = fields.Integer(load_default=None, validate=validate.Range(min=1, max=5))
    severity_reason = fields.String(load_default=None, validate=validate.Length(max=2000))
    # Records figures a plausibility guard refused (README: plausibility guards).
    override_reason = fields.String(load_default=None, validate=validate.Length(max=2000))

    @validates_schema
    def _override_needs_reason(self, data, **kwargs):
        if data.get("severity") is not None and not (data.get("severity_reason") or "").strip():
            raise ValidationError(
                "Alasan wajib diisi bila tingkat keparahan ditetapkan manual.", "severity_reason"
            )
        if data.get("displaced_persons", 0) > 0 and data.get("displaced_households", 0) == 0:
            raise ValidationError(
                "Isi jumlah KK pengungsi bila ada pengungsi.", "displaced_households"
            )


class AssessmentSchema(Schema):
    """A stored assessment."""

    id = fields.Integer()
    event_id = fields.Integer()
    village_code = fields.String()
    assessed_at = fields.DateTime()
    affected_persons = fields.Integer()
    displaced_persons = fields.Integer()
    households = fields.Integer()
    displaced_households = fields.Integer()
    houses_heavy = fields.Integer()
    houses_moderate = fields.Integer()
    houses_light = fields.Integer()
    deaths = fields.Integer()
    missing = fields.Integer()
    flood_depth_cm = fields.Float(allow_none=True)
    severity = fields.Integer()
    severity_override_reason = fields.String(allow_none=True)
    source = fields.String()
    created_at = fields.DateTime()
    is_demo = fields.Boolean()


class AssessmentArgsSchema(Schema):
    """Filters of the assessment list."""

    event_id = RecordId(required=True)
    village_code = fields.String(load_default=None)
    all_areas = fields.Boolean(
        load_default=False,
        metadata={"description": "Logistics accounts see their own scope unless this is true"},
    )
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=25, validate=validate.Range(min=1, max=200))


class CoverageArgsSchema(Schema):
    """Filters shared by the coverage views and exports."""

    event_id = RecordId(load_default=None)
    level = fields.String(
        load_default="village", validate=validate.OneOf(("village", "district", "regency"))
    )
    parent = fields.String(load_default=None, validate=validate.Length(max=16))
    commodity = fields.String(load_default=None, validate=validate.Length(max=32))
    as_of = Moment(load_default=None, default_timezone=None)


class WorstVillageSchema(Schema):
    """The lowest-covered village of an area."""

    code = fields.String()
    name = fields.String()
    coverage = fields.Float()


class CoverageRowSchema(Schema):
    """One coverage figure of an area and a commodity."""

    code = fields.String()
    name = fields.String()
    level = fields.String()
    commodity = fields.String()
    need = fields.Float()
    delivered = fields.Float()
    coverage = fields.Float(allow_none=True)
    severity = fields.Integer(allow_none=True)
    band = fields.String(
        allow_none=True,
        metadata={
            "description": "green, yellow or red (None: no need recorded); district and regency "
            "rows are never green while villages_red > 0"
        },
    )
    villages_assessed = fields.Integer(metadata={"description": "district/regency rows"})
    villages_red = fields.Integer(
        metadata={"description": "worst-hit villages in the red band for this commodity"}
    )
    worst_village = fields.Nested(
        WorstVillageSchema,
        allow_none=True,
        metadata={"description": "the lowest-covered village of a district or regency row"},
    )


AMENDED_COUNT = {"validate": validate.Range(min=0, max=10_000_000)}


class AssessmentAmendmentSchema(Schema):
    """A correction of an assessment: only the figures given change, with a reason."""

    revision = RecordId(
        required=True,
        metadata={
            "description": "The revision last read (1 + the number of amendments); stale: 409"
        },
    )
    reason = fields.String(
        required=True,
        validate=validate.Length(
            min=10, max=2000, error="Alasan koreksi {min} sampai {max} karakter."
        ),
    )
    affected_persons = fields.Integer(**AMENDED_COUNT)
    displaced_persons = fields.Integer(**AMENDED_COUNT)
    households = fields.Integer(**AMENDED_COUNT)
    displaced_households = fields.Integer(**AMENDED_COUNT)
    houses_heavy = fields.Integer(**AMENDED_COUNT)
    houses_moderate = fields.Integer(**AMENDED_COUNT)
    houses_light = fields.Integer(**AMENDED_COUNT)
    deaths = fields.Integer(**AMENDED_COUNT)
    missing = fields.Integer(**AMENDED_COUNT)
    flood_depth_cm = fields.Float(allow_none=True, validate=validate.Range(min=0, max=2000))
    source = fields.String(validate=validate.Length(max=200))
    severity = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=5))
    severity_reason = fields.String(allow_none=True, validate=validate.Length(max=2000))
    override_reason = fields.String(allow_none=True, validate=validate.Length(max=2000))


class AmendedAssessmentSchema(AssessmentSchema):
    """An assessment as recorded, with its current (amended) figures and its amendments."""

    revision = fields.Function(
        lambda a: 1 + len(amendments_of("assessment", a.id)), metadata={"type": "integer"}
    )
    current = fields.Method(
        "_current", metadata={"type": "object", "description": "The figures as amended now"}
    )
    amendments = fields.Function(
        lambda a: AmendmentSchema(many=True).dump(amendments_of("assessment", a.id)),
        metadata={"type": "array"},
    )

    def _current(self, assessment) -> dict:
        from_amendments = {}
        for amendment in amendments_of("assessment", assessment.id):
            from_amendments.update({v.field: json.loads(v.new_value) for v in amendment.values})
        return {
            name: from_amendments.get(name, getattr(assessment, name))
            for name in (
                *COUNT_FIELDS,
                "flood_depth_cm",
                "severity",
                "severity_override_reason",
                "source",
            )
        }
