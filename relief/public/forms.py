"""Public forms (complaint, delivery confirmation) and the Ombudsman's handling form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DecimalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from relief.public.labels import CATEGORY_LABELS, CONFIRMER_ROLES, STATE_LABELS


class ReportForm(FlaskForm):
    """A resident's complaint; `website` is a honeypot that people never see or fill."""

    village = StringField(_l("Desa/kelurahan (nama atau kode)"),
                          validators=[DataRequired(), Length(max=120)])
    category = RadioField(_l("Apa masalahnya?"), choices=list(CATEGORY_LABELS.items()),
                          validators=[DataRequired()])
    text = TextAreaField(_l("Ceritakan singkat"),
                         validators=[DataRequired(), Length(min=10, max=2000)])
    contact = StringField(_l("Nomor HP atau email (tidak wajib, tidak ditampilkan)"),
                          validators=[Optional(), Length(max=120)])
    website = StringField(_l("Jangan diisi"), validators=[Optional()])


class ConfirmLookupForm(FlaskForm):
    """The code printed on the waybill (arrives prefilled from its QR code)."""

    class Meta:
        csrf = False  # a GET lookup that changes nothing

    code = StringField(_l("Kode konfirmasi di surat jalan"),
                       validators=[DataRequired(), Length(max=16)])


class ConfirmForm(FlaskForm):
    """Who confirms; the quantities per item are added per shipment by `confirm_form_for`."""

    code = HiddenField(validators=[DataRequired(), Length(max=16)])
    role = RadioField(_l("Anda sebagai"), choices=list(CONFIRMER_ROLES.items()),
                      validators=[DataRequired()])


def confirm_form_for(items, formdata=None) -> ConfirmForm:
    """A confirmation form with one quantity field per shipment item (in the logged unit)."""

    class _Form(ConfirmForm):
        pass

    for item in items:
        limit = NumberRange(min=0, max=float(item.quantity))
        sent = float(item.quantity)
        field = DecimalField(validators=[InputRequired(), limit], places=None,
                             default=int(sent) if sent.is_integer() else sent)
        setattr(_Form, f"item_{item.id}", field)
    return _Form(formdata=formdata) if formdata is not None else _Form()


class ReportActionForm(FlaskForm):
    """One handling step; the pressed button names the action."""

    action = HiddenField(validators=[DataRequired()])
    note = TextAreaField(_l("Catatan internal"), validators=[Optional(), Length(max=2000)])
    public_reply = TextAreaField(_l("Jawaban publik (terlihat oleh pelapor)"),
                                 validators=[Optional(), Length(max=2000)])
    alert_id = IntegerField(_l("Nomor peringatan"), validators=[Optional(), NumberRange(min=1)])
    organisation_id = SelectField(_l("Teruskan ke instansi"), coerce=int, choices=[],
                                  validators=[Optional()], validate_choice=False)


class AnswerForm(FlaskForm):
    """A forwarded unit's answer to a complaint (public: the resident reads it)."""

    text = TextAreaField(_l("Jawaban instansi (terlihat oleh pelapor)"),
                         validators=[DataRequired(), Length(max=4000)])


class InboxFilterForm(FlaskForm):
    """Filters of the report inbox (query string)."""

    class Meta:
        csrf = False

    state = SelectField(_l("Status"), choices=[("", _l("Semua"))] + list(STATE_LABELS.items()),
                        validators=[Optional()])
    category = SelectField(_l("Kategori"),
                           choices=[("", _l("Semua"))] + list(CATEGORY_LABELS.items()),
                           validators=[Optional()])
    area = StringField(_l("Kode wilayah"), validators=[Optional(), Length(max=16)])
