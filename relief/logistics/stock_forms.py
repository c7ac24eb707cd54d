"""Stock forms (pages): one entry form for receipts, returns, losses and counts, and the
receipt import; the API schema validates what they collect."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import DateTimeLocalField, FloatField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from relief.core.form_messages import IndonesianMeta

KIND_LABELS = {
    "receipt": _l("Penerimaan barang"),
    "dispatch": _l("Pengiriman keluar"),
    "return": _l("Pengembalian barang ditolak"),
    "loss": _l("Kehilangan / kerusakan"),
    "count": _l("Stock opname (hitung fisik)"),
}
SOURCE_LABELS = {
    "bulog": _l("Bulog"),
    "kemensos": _l("Kemensos"),
    "donation": _l("Sumbangan"),
    "purchase": _l("Pembelian"),
    "other": _l("Lainnya"),
}
REASON_LABELS = {
    "spoiled": _l("Busuk / kedaluwarsa"),
    "damaged": _l("Rusak"),
    "stolen": _l("Hilang / dicuri"),
}


class StockEntryForm(FlaskForm):
    """A receipt, return, loss or count; the fields a kind does not need stay empty."""

    Meta = IndonesianMeta

    kind = SelectField(
        _l("Jenis catatan"), choices=[(k, v) for k, v in KIND_LABELS.items() if k != "dispatch"]
    )
    commodity = SelectField(_l("Barang"), choices=[])
    quantity = FloatField(
        _l("Jumlah (untuk opname: jumlah terhitung)"),
        validators=[InputRequired(), NumberRange(min=0)],
    )
    unit = SelectField(_l("Satuan"), choices=[], validate_choice=False)
    occurred_at = DateTimeLocalField(_l("Waktu (WIB)"), validators=[Optional()])
    source = SelectField(
        _l("Sumber (penerimaan)"), choices=[("", "—")] + list(SOURCE_LABELS.items())
    )
    document_no = StringField(
        _l("Nomor dokumen: DO, BAST, kuitansi (penerimaan)"),
        validators=[Optional(), Length(max=80)],
    )
    reason = SelectField(
        _l("Sebab (kehilangan)"), choices=[("", "—")] + list(REASON_LABELS.items())
    )
    shipment_id = StringField(
        _l("ID pengiriman yang ditolak BAST (pengembalian)"),
        validators=[Optional(), Length(max=12)],
    )
    note = TextAreaField(_l("Catatan"), validators=[Optional(), Length(max=2000)])


class StockImportForm(FlaskForm):
    """A CSV or XLSX file of stock receipts."""

    Meta = IndonesianMeta

    file = FileField(
        _l("Berkas CSV atau XLSX"),
        validators=[
            FileRequired(_l("Pilih berkas.")),
            FileAllowed(["csv", "xlsx"], _l("Hanya berkas .csv atau .xlsx.")),
        ],
    )
