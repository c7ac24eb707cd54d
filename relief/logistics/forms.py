"""Shipment forms (pages); the API schemas validate what the forms collect."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    DateTimeLocalField,
    FieldList,
    FloatField,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from relief.core.clock import local_to_utc as wib_to_utc  # noqa: F401 - used by the pages
from relief.core.form_messages import IndonesianMeta, LocalisedForm

ITEM_ROWS = 3  # without JavaScript; the page's script shows one and adds rows on demand


class ItemRowForm(LocalisedForm):
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

    Meta = IndonesianMeta

    event_id = SelectField(_l("Kejadian"), coerce=int, validators=[InputRequired()])
    origin_depot_id = SelectField(_l("Gudang asal"), coerce=int, validators=[InputRequired()])
    destination_code = StringField(
        _l("Kode desa tujuan"),
        validators=[DataRequired()],
        render_kw={"placeholder": "36.02.25.2003", "inputmode": "decimal"},
    )
    vehicle_plate = StringField(_l("Nomor polisi kendaraan"), validators=[Length(max=20)])
    driver_name = StringField(_l("Nama pengemudi"), validators=[Length(max=120)])
    driver_phone = StringField(
        _l("Telepon pengemudi"), validators=[Length(max=32)], render_kw={"inputmode": "tel"}
    )
    notes = TextAreaField(_l("Catatan"), validators=[Length(max=2000)])
    items = FieldList(FormField(ItemRowForm), _l("Barang"), min_entries=ITEM_ROWS, max_entries=50)


class VersionedForm(FlaskForm):
    """Carries the version the user saw (optimistic locking)."""

    Meta = IndonesianMeta

    version = HiddenField(validators=[DataRequired()])


class DispatchForm(VersionedForm):
    """Record departure."""

    dispatched_at = DateTimeLocalField(_l("Waktu berangkat (WIB)"), validators=[Optional()])


class CancelForm(VersionedForm):
    """Cancel with a reason."""

    reason = StringField(_l("Alasan pembatalan"), validators=[DataRequired(), Length(max=1000)])


class ReceiptRowForm(LocalisedForm):
    """Accepted and rejected quantity of one shipment item, in the waybill's unit."""

    commodity = HiddenField()
    accepted = FloatField(
        lazy_pgettext("quantity", "Diterima"), validators=[Optional(), NumberRange(min=0)]
    )
    rejected = FloatField(
        lazy_pgettext("quantity", "Ditolak"), validators=[Optional(), NumberRange(min=0)]
    )
    reason = StringField(_l("Alasan penolakan"), validators=[Optional(), Length(max=1000)])


class ReceiptForm(VersionedForm):
    """A BAST recorded after delivery."""

    received_by = StringField(_l("Diterima oleh (nama)"), validators=[Length(max=120)])
    receiver_role = StringField(_l("Jabatan penerima"), validators=[Length(max=120)])
    received_at = DateTimeLocalField(_l("Waktu serah terima (WIB)"), validators=[Optional()])
    lat = FloatField(_l("Lintang"), validators=[Optional()], render_kw={"inputmode": "decimal"})
    lon = FloatField(_l("Bujur"), validators=[Optional()], render_kw={"inputmode": "decimal"})
    items = FieldList(FormField(ReceiptRowForm), _l("Barang"), max_entries=50)


class DeliverForm(ReceiptForm):
    """Arrival, optionally with the BAST (fill in the receiver's name)."""

    delivered_at = DateTimeLocalField(_l("Waktu tiba (WIB)"), validators=[Optional()])


class ImportForm(FlaskForm):
    """A CSV or XLSX file of shipment rows."""

    Meta = IndonesianMeta

    file = FileField(
        _l("Berkas CSV atau XLSX"),
        validators=[
            FileRequired(_l("Pilih berkas.")),
            FileAllowed(["csv", "xlsx"], _l("Hanya berkas .csv atau .xlsx.")),
        ],
    )
    event_id = SelectField(_l("Kejadian"), coerce=int)


class ImportCommitForm(FlaskForm):
    """Confirms the previewed import."""

    token = HiddenField(validators=[DataRequired()])


class AmendItemRowForm(LocalisedForm):
    """One shipment line's corrected quantity, in the waybill's unit."""

    item_id = HiddenField()
    quantity = FloatField(_l("Jumlah benar"), validators=[Optional(), NumberRange(min=0)])


class AmendmentForm(FlaskForm):
    """A correction: the revision the user saw and the reason (checked by the service)."""

    Meta = IndonesianMeta

    revision = HiddenField(validators=[DataRequired()])
    reason = TextAreaField(_l("Alasan koreksi"), validators=[Length(max=2000)])


class AmendShipmentForm(AmendmentForm):
    """Correct a shipment's quantities (an amendment: the original stays)."""

    override_reason = TextAreaField(
        _l("Alasan bila jumlah melewati batas kewajaran"), validators=[Optional(), Length(max=2000)]
    )
    items = FieldList(FormField(AmendItemRowForm), max_entries=50)


class AmendReceiptRowForm(LocalisedForm):
    """One BAST line's corrected accepted and rejected quantity, in the base unit."""

    shipment_item_id = HiddenField()
    accepted = FloatField(
        lazy_pgettext("quantity", "Diterima"), validators=[Optional(), NumberRange(min=0)]
    )
    rejected = FloatField(
        lazy_pgettext("quantity", "Ditolak"), validators=[Optional(), NumberRange(min=0)]
    )


class AmendReceiptForm(AmendmentForm):
    """Correct a BAST's quantities (an amendment: the signed record stays)."""

    items = FieldList(FormField(AmendReceiptRowForm), max_entries=50)
