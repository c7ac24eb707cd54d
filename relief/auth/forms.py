"""Sign-in and user-administration forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional


class LoginForm(FlaskForm):
    """Username and password."""

    username = StringField(_l("Nama pengguna"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Kata sandi"), validators=[DataRequired(), Length(max=256)])


class UserForm(FlaskForm):
    """A new staff account."""

    username = StringField(_l("Nama pengguna"), validators=[DataRequired(), Length(max=64)])
    name = StringField(_l("Nama lengkap"), validators=[DataRequired(), Length(max=120)])
    role = SelectField(
        _l("Peran"),
        choices=[
            ("logistics", _l("Logistik (BPBD/Dinsos)")),
            ("ombudsman", _l("Asisten Ombudsman")),
            ("admin", _l("Admin")),
        ],
    )
    organisation_id = SelectField(_l("Organisasi"), coerce=int, choices=[])
    area_codes = StringField(
        _l("Wilayah kerja (kode, pisahkan dengan koma)"), validators=[Optional(), Length(max=500)]
    )
    password = PasswordField(_l("Kata sandi"), validators=[DataRequired(), Length(max=256)])


class TokenForm(FlaskForm):
    """A label for a new API token."""

    label = StringField(_l("Label token"), validators=[Optional(), Length(max=120)])
