"""Assessment and assessment-import forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    DateTimeLocalField,
    DecimalField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

COUNT = [Optional(), NumberRange(min=0, max=10_000_000)]


class AssessmentForm(FlaskForm):
    """A village assessment as logistics staff enter it."""

    village_code = StringField(_l("Kode desa"), validators=[DataRequired(), Length(max=16)])
    assessed_at = DateTimeLocalField(
        _l("Waktu asesmen (WIB)"), format="%Y-%m-%dT%H:%M", validators=[Optional()]
    )
    affected_persons = IntegerField(_l("Jiwa terdampak"), validators=COUNT, default=0)
    displaced_persons = IntegerField(_l("Jiwa mengungsi"), validators=COUNT, default=0)
    households = IntegerField(_l("KK terdampak"), validators=COUNT, default=0)
    displaced_households = IntegerField(_l("KK mengungsi"), validators=COUNT, default=0)
    houses_heavy = IntegerField(_l("Rumah rusak berat"), validators=COUNT, default=0)
    houses_moderate = IntegerField(_l("Rumah rusak sedang"), validators=COUNT, default=0)
    houses_light = IntegerField(_l("Rumah rusak ringan"), validators=COUNT, default=0)
    deaths = IntegerField(_l("Meninggal"), validators=COUNT, default=0)
    missing = IntegerField(_l("Hilang"), validators=COUNT, default=0)
    flood_depth_cm = DecimalField(_l("Tinggi banjir (cm)"), validators=[Optional()])
    source = StringField(_l("Sumber"), validators=[Optional(), Length(max=200)])
    severity = SelectField(
        _l("Tingkat keparahan"),
        choices=[
            ("", _l("Hitung otomatis (kebijakan bawaan)")),
            ("1", "1"),
            ("2", "2"),
            ("3", "3"),
            ("4", "4"),
            ("5", "5"),
        ],
        validators=[Optional()],
    )
    severity_reason = TextAreaField(
        _l("Alasan bila ditetapkan manual"), validators=[Optional(), Length(max=2000)]
    )


class ImportForm(FlaskForm):
    """An assessment file (CSV or XLSX) to preview."""

    file = FileField(
        _l("Berkas CSV atau XLSX"),
        validators=[FileRequired(), FileAllowed(["csv", "xlsx"], _l("Hanya CSV atau XLSX."))],
    )


class ImportCommitForm(FlaskForm):
    """The token of the previewed rows, sent back to record them (once)."""

    token = HiddenField(validators=[DataRequired()])


class AssessmentAmendmentForm(FlaskForm):
    """A correction of an assessment's figures (an amendment: the original stays)."""

    revision = HiddenField(validators=[DataRequired()])
    affected_persons = IntegerField(_l("Jiwa terdampak"), validators=COUNT)
    displaced_persons = IntegerField(_l("Jiwa mengungsi"), validators=COUNT)
    households = IntegerField(_l("KK terdampak"), validators=COUNT)
    displaced_households = IntegerField(_l("KK mengungsi"), validators=COUNT)
    houses_heavy = IntegerField(_l("Rumah rusak berat"), validators=COUNT)
    houses_moderate = IntegerField(_l("Rumah rusak sedang"), validators=COUNT)
    houses_light = IntegerField(_l("Rumah rusak ringan"), validators=COUNT)
    deaths = IntegerField(_l("Meninggal"), validators=COUNT)
    missing = IntegerField(_l("Hilang"), validators=COUNT)
    reason = TextAreaField(_l("Alasan koreksi"), validators=[Length(max=2000)])
    override_reason = TextAreaField(
        _l("Alasan bila angka melewati batas kewajaran"), validators=[Optional(), Length(max=2000)]
    )
