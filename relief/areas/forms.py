"""The admin's boundary-file upload form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import Length, Optional, Regexp


class BoundaryImportForm(FlaskForm):
    """A boundary file and the options of `flask geodata import`."""

    file = FileField(
        _l("Berkas batas wilayah (.geojson, .zip berisi Shapefile, .gpkg)"),
        validators=[FileRequired()],
    )
    level = SelectField(
        _l("Tingkat"),
        choices=[
            ("", _l("Tebak dari kode")),
            ("village", _l("Desa/kelurahan")),
            ("district", _l("Kecamatan")),
            ("regency", _l("Kabupaten/kota")),
        ],
        validators=[Optional()],
    )
    layer = StringField(_l("Layer (GeoPackage)"), validators=[Optional(), Length(max=100)])
    code_field = StringField(_l("Kolom kode"), validators=[Optional(), Length(max=100)])
    name_field = StringField(_l("Kolom nama"), validators=[Optional(), Length(max=100)])
    source_crs = StringField(
        _l("CRS sumber bila berkas tidak menyebutnya (mis. EPSG:32748)"),
        validators=[Optional(), Regexp(r"^EPSG:\d{4,6}$")],
    )
    allow_new = BooleanField(_l("Tambahkan kode yang belum dikenal"))
    dry_run = BooleanField(_l("Uji saja (tidak menyimpan)"))
