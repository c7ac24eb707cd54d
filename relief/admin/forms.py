"""Admin forms: events, organisations, depots, staff account changes."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Length, Optional

from relief.events.models import KINDS as EVENT_KINDS
from relief.organisations.models import KINDS as ORGANISATION_KINDS

EVENT_KIND_LABELS = {
    "flood": _l("Banjir"),
    "landslide": _l("Tanah longsor"),
    "earthquake": _l("Gempa bumi"),
    "tsunami": _l("Tsunami"),
    "volcano": _l("Erupsi gunung api"),
    "fire": _l("Kebakaran"),
    "drought": _l("Kekeringan"),
    "other": _l("Lainnya"),
}
ORGANISATION_KIND_LABELS = {
    "bpbd": "BPBD",
    "dinsos": _l("Dinas Sosial"),
    "kemensos": _l("Kementerian Sosial"),
    "pmi": "PMI",
    "ngo": _l("LSM / organisasi masyarakat"),
    "other": _l("Lainnya"),
}


class EventForm(FlaskForm):
    """A new live event."""

    name = StringField(_l("Nama kejadian"), validators=[DataRequired(), Length(min=3, max=200)])
    kind = SelectField(_l("Jenis"), choices=[(k, EVENT_KIND_LABELS[k]) for k in EVENT_KINDS])
    started_on = DateField(_l("Tanggal mulai"), validators=[DataRequired()])
    emergency_until = DateField(_l("Tanggap darurat sampai (opsional)"), validators=[Optional()])
    regency_codes = SelectMultipleField(
        _l("Kabupaten/kota terdampak"), choices=[], validators=[DataRequired()]
    )


class EventEditForm(FlaskForm):
    """Rename, add regencies, extend, close or reopen an event."""

    name = StringField(_l("Nama kejadian"), validators=[DataRequired(), Length(min=3, max=200)])
    regency_codes = SelectMultipleField(
        _l("Tambah kabupaten/kota"), choices=[], validators=[Optional()]
    )
    emergency_until = DateField(_l("Tanggap darurat sampai"), validators=[DataRequired()])
    closed = BooleanField(_l("Tutup kejadian (tidak menerima pengiriman baru)"))


class OrganisationForm(FlaskForm):
    """A new or changed organisation."""

    name = StringField(_l("Nama organisasi"), validators=[DataRequired(), Length(min=3, max=200)])
    kind = SelectField(
        _l("Jenis"), choices=[(k, ORGANISATION_KIND_LABELS[k]) for k in ORGANISATION_KINDS]
    )
    regency_codes = SelectMultipleField(
        _l("Kabupaten/kota yang dilayani"), choices=[], validators=[DataRequired()]
    )
    complaint_email = StringField(
        _l("Surel pengaduan (opsional)"), validators=[Optional(), Length(max=200)]
    )
    complaint_phone = StringField(
        _l("Telepon pengaduan (opsional)"), validators=[Optional(), Length(max=32)]
    )
    active = BooleanField(_l("Aktif"), default=True)


class DepotForm(FlaskForm):
    """A new or changed depot."""

    name = StringField(_l("Nama gudang/posko"), validators=[DataRequired(), Length(min=3, max=200)])
    kind = SelectField(_l("Jenis"), choices=[("gudang", _l("Gudang")), ("posko", _l("Posko"))])
    organisation_id = SelectField(_l("Organisasi"), coerce=int, choices=[])
    regency_code = SelectField(_l("Kabupaten/kota"), choices=[])
    lat = DecimalField(_l("Lintang"), places=6, validators=[DataRequired()])
    lon = DecimalField(_l("Bujur"), places=6, validators=[DataRequired()])


class AccountForm(FlaskForm):
    """Change a staff account: role, organisation, scope, or disable it."""

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
    active = BooleanField(_l("Aktif (hapus centang untuk menonaktifkan)"))


def split_codes(text: str | None) -> list[str]:
    """`36.02, 36.03` -> ["36.02", "36.03"]."""
    return [part.strip() for part in (text or "").replace(";", ",").split(",") if part.strip()]
