"""Norm and norm-profile forms (the admin's norm pages)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, HiddenField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange


class NormForm(FlaskForm):
    """One norm of a profile."""

    amount = DecimalField(
        _l("Jumlah (satuan dasar)"),
        places=3,
        validators=[DataRequired(), NumberRange(min=0.001, max=100_000)],
    )
    per = SelectField(_l("Per"), choices=[("person", _l("jiwa")), ("household", _l("KK"))])
    period = SelectField(_l("Periode"), choices=[("day", _l("per hari")), ("once", _l("sekali"))])
    basis = SelectField(
        _l("Dasar"), choices=[("displaced", _l("pengungsi")), ("affected", _l("terdampak"))]
    )
    source = TextAreaField(_l("Sumber (kutipan)"), validators=[DataRequired(), Length(max=2000)])


class EventProfileForm(FlaskForm):
    """Which norm profile an event uses."""

    event_id = HiddenField(validators=[DataRequired()])
    norm_profile = SelectField(_l("Profil norma"), choices=[])
