"""Shipment forms (pages); the API schemas validate what the forms collect."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    DateTimeLocalField,
    FieldList,
    FloatField,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from relief.core.clock import local_to_utc as wib_to_utc  # noqa: F401 - used by the pages

ITEM_ROWS = 6


class ItemRowForm(Form):
    """One item row of the create form; empty rows are ignored."""

    commodity = SelectField(_l("Barang"), choices=[], validate_choice=False)
    quantity = FloatField(_l("Jumlah"), validators=[Optional()])
    unit = SelectField(_l("Satuan"), choices=[], validate_choice=False)
    lot = StringField(_l("Lot (obat)"), validators=[Optional(), Length(max=64)])

    def is_empty(self) -> bool:
        """Neither a commodity nor a quantity was entered."""
        return not self.commodity.data and self.quantity.data is None


class ShipmentForm(FlaskForm):
    """A new shipment with several item rows."""

    event_id = SelectField(_l("Kejadian"), coerce=int, validators=[InputRequired()])
    origin_depot_id = SelectField(_l("Gudang asal"), coerce=int, validators=[InputRequired()])
    destination_code = StringField(_l("Kode desa tujuan"), validators=[DataRequired()],
                                   render_kw={"placeholder": "36.02.25.2003",
                                              "inputmode": "decimal"})
    vehicle_plate = StringField(_l("Nomor polisi kendaraan"), validators=[Length(max=20)])
    driver_name = StringField(_l("Nama pengemudi"), validators=[Length(max=120)])
    driver_phone = StringField(_l("Telepon pengemudi"), validators=[Length(max=32)],
                               render_kw={"inputmode": "tel"})
    notes = TextAreaField(_l("Catatan"), validators=[Length(max=2000)])
    items = FieldList(FormField(ItemRowForm), min_entries=ITEM_ROWS, max_entries=50)


class VersionedForm(FlaskForm):
    """Carries the version the user saw (optimistic locking)."""

    version = HiddenField(validators=[DataRequired()])


class DispatchForm(VersionedForm):
    """Record departure."""

    dispatched_at = DateTimeLocalField(_l("Waktu berangkat (WIB)"), validators=[Optional()])


class CancelForm(VersionedForm):
    """Cancel with a reason."""

    reason = StringField(_l("Alasan pembatalan"), validators=[DataRequired(), Length(max=1000)])


class ReceiptRowForm(Form):
    """Accepted and rejected quantity of one shipment item (base unit)."""

    commodity = HiddenField()
    accepted = FloatField(lazy_pgettext("quantity", "Diterima"),
                          validators=[Optional(), NumberRange(min=0)])
    rejected = FloatField(lazy_pgettext("quantity", "Ditolak"),
                          validators=[Optional(), NumberRange(min=0)])
    reason = StringField(_l("Alasan penolakan"), validators=[Optional(), Length(max=1000)])


class ReceiptForm(VersionedForm):
    """A BAST recorded after delivery."""

    received_by = StringField(_l("Diterima oleh (nama)"), validators=[Length(max=120)])
    receiver_role = StringField(_l("Jabatan penerima"), validators=[Length(max=120)])
    received_at = DateTimeLocalField(_l("Waktu serah terima (WIB)"), validators=[Optional()])
    lat = FloatField(_l("Lintang"), validators=[Optional()], render_kw={"inputmode": "decimal"})
    lon = FloatField(_l("Bujur"), validators=[Optional()], render_kw={"inputmode": "decimal"})
    items = FieldList(FormField(ReceiptRowForm), max_entries=50)


class DeliverForm(ReceiptForm):
    """Arrival, optionally with the BAST (fill in the receiver's name)."""

    delivered_at = DateTimeLocalField(_l("Waktu tiba (WIB)"), validators=[Optional()])


class ImportForm(FlaskForm):
    """A CSV or XLSX file of shipment rows."""

    file = FileField(_l("Berkas CSV atau XLSX"), validators=[
        FileRequired(_l("Pilih berkas.")),
        FileAllowed(["csv", "xlsx"], _l("Hanya berkas .csv atau .xlsx.")),
    ])
    event_id = SelectField(_l("Kejadian"), coerce=int)


class ImportCommitForm(FlaskForm):
    """Confirms the previewed import."""

    token = HiddenField(validators=[DataRequired()])


