"""Public forms (complaint, delivery confirmation) and the Ombudsman's handling form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DecimalField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from relief.public.labels import CATEGORY_LABELS, CONFIRMER_ROLES, STATE_LABELS


class ReportForm(FlaskForm):
    """A resident's complaint; `website` is a honeypot that people never see or fill."""

    village = StringField(
        _l("Desa/kelurahan (nama atau kode)"), validators=[DataRequired(), Length(max=120)]
    )
    category = RadioField(
        _l("Apa masalahnya?"), choices=list(CATEGORY_LABELS.items()), validators=[DataRequired()]
    )
    text = TextAreaField(
        _l("Ceritakan singkat"), validators=[DataRequired(), Length(min=10, max=2000)]
    )
    contact = StringField(
        _l("Nomor HP atau email (tidak wajib, tidak ditampilkan)"),
        validators=[Optional(), Length(max=120)],
    )
    photo = FileField(
        _l("Foto (tidak wajib)"), render_kw={"accept": "image/jpeg,image/png,image/webp"}
    )
    website = StringField(_l("Jangan diisi"), validators=[Optional()])


class ConfirmLookupForm(FlaskForm):
    """The waybill number (it names the delivery) and the village's own PIN (it signs)."""

    waybill = StringField(_l("Nomor surat jalan"), validators=[DataRequired(), Length(max=40)])
    pin = PasswordField(_l("PIN desa"), validators=[DataRequired(), Length(min=4, max=16)])


VERDICT_CHOICES = [
    ("confirm", _l("Diterima, sesuai jumlah yang saya tulis")),
    ("dispute", _l("Saya membantah: barang tidak datang atau tidak sesuai")),
]


class ConfirmForm(FlaskForm):
    """Who signs for the village and what it says; per-item quantities come from
    `confirm_form_for`."""

    waybill = HiddenField(validators=[DataRequired(), Length(max=40)])
    pin = HiddenField(validators=[DataRequired(), Length(max=16)])
    verdict = RadioField(
        _l("Pernyataan desa"), choices=VERDICT_CHOICES, validators=[DataRequired()]
    )
    name = StringField(_l("Nama Anda"), validators=[DataRequired(), Length(max=120)])
    role = RadioField(
        _l("Anda sebagai"), choices=list(CONFIRMER_ROLES.items()), validators=[DataRequired()]
    )
    phone = StringField(_l("Nomor HP"), validators=[DataRequired(), Length(min=6, max=32)])
    note = TextAreaField(
        _l("Catatan (wajib bila membantah)"), validators=[Optional(), Length(max=2000)]
    )


def confirm_form_for(items, formdata=None) -> ConfirmForm:
    """A confirmation form with one quantity field per shipment item (in the logged unit)."""

    class _Form(ConfirmForm):
        pass

    for item in items:
        sent = float(item.quantity)
        field = DecimalField(
            validators=[InputRequired(), NumberRange(min=0)],
            places=None,
            default=int(sent) if sent.is_integer() else sent,
        )
        setattr(_Form, f"item_{item.id}", field)
    return _Form(formdata=formdata) if formdata is not None else _Form()


class ReportActionForm(FlaskForm):
    """One handling step; the pressed button names the action."""

    action = HiddenField(validators=[DataRequired()])
    note = TextAreaField(_l("Catatan internal"), validators=[Optional(), Length(max=2000)])
    public_reply = TextAreaField(
        _l("Jawaban publik (terlihat oleh pelapor)"), validators=[Optional(), Length(max=2000)]
    )
    # The village's open alerts are offered (the page fills the choices); 0 is "none chosen".
    alert_id = SelectField(
        _l("Peringatan desa ini"),
        coerce=int,
        choices=[],
        validators=[Optional()],
        validate_choice=False,
    )
    organisation_id = SelectField(
        _l("Teruskan ke instansi"),
        coerce=int,
        choices=[],
        validators=[Optional()],
        validate_choice=False,
    )


class AnswerForm(FlaskForm):
    """A forwarded unit's answer to a complaint (public: the resident reads it)."""

    text = TextAreaField(
        _l("Jawaban instansi (terlihat oleh pelapor)"),
        validators=[DataRequired(), Length(max=4000)],
    )


class InboxFilterForm(FlaskForm):
    """Filters of the report inbox (query string)."""

    class Meta:
        csrf = False

    state = SelectField(
        _l("Status"),
        choices=[("", _l("Semua"))] + list(STATE_LABELS.items()),
        validators=[Optional()],
    )
    category = SelectField(
        _l("Kategori"),
        choices=[("", _l("Semua"))] + list(CATEGORY_LABELS.items()),
        validators=[Optional()],
    )
    area = StringField(_l("Kode wilayah"), validators=[Optional(), Length(max=16)])
