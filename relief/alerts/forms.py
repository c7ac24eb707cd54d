"""The case-action form on the alert page."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import AnyOf, Length, Optional

from relief.alerts.categories import CATEGORIES
from relief.alerts.services import STEPS


class AlertActionForm(FlaskForm):
    """One form for every action; the button chooses `action`."""

    action = HiddenField(validators=[AnyOf(list(STEPS))])
    note = TextAreaField(_l("Catatan"), validators=[Length(max=4000)])
    planned_delivery = DateField(_l("Rencana pengiriman"), validators=[Optional()])
    category = SelectField(
        _l("Kategori maladministrasi"),
        validators=[Optional()],
        choices=[SelectChoice("", "—"), *(SelectChoice(k, v) for k, v in CATEGORIES.items())],
    )


class NotificationActionForm(FlaskForm):
    """ "Kirim pesan uji" and "coba ulang sekarang" on the notifications page (CSRF only)."""
