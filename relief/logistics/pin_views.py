"""Admin page: issue a village's standing confirmation PIN (shown once, stored as a hash)."""

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from relief.areas.models import Area
from relief.core.errors import DomainError
from relief.core.permissions import ADMIN, roles
from relief.extensions import db
from relief.logistics.blueprint import bp
from relief.logistics.signatures import VillagePin
from relief.logistics.village import issue_village_pin
from relief.unit_of_work import writes


class PinForm(FlaskForm):
    """Which village, who holds the PIN, and how it was handed over."""

    village_code = StringField(
        _l("Kode desa/kelurahan"), validators=[DataRequired(), Length(max=16)]
    )
    holder = StringField(_l("Pemegang PIN (jabatan)"), validators=[DataRequired(), Length(max=120)])
    channel = StringField(
        _l("Diserahkan lewat (mis. surat tertutup, telepon kepala desa)"),
        validators=[DataRequired(), Length(max=120)],
    )


def _active_pins() -> list[tuple[VillagePin, str]]:
    stmt = (
        select(VillagePin, Area.name)
        .join(Area, Area.code == VillagePin.village_code)
        .where(VillagePin.revoked_at.is_(None))
        .order_by(VillagePin.village_code)
        .limit(500)
    )
    return [tuple(row) for row in db.session.execute(stmt)]


@bp.route("/admin/village-pins", methods=["GET", "POST"])
@roles(ADMIN)
@writes
def village_pins():
    """Issue (or replace) a village PIN; the PIN is shown on this answer only, never again."""
    form = PinForm()
    issued, status = None, 200
    if form.validate_on_submit():
        try:
            row, pin = issue_village_pin(
                form.village_code.data.strip(), form.holder.data, form.channel.data, current_user
            )
            issued = {"village_code": row.village_code, "pin": pin}
        except DomainError as err:
            for name, messages in err.fields.items():
                getattr(form, name).errors = list(messages)
            status = 422
    elif request.method == "POST":
        status = 422
    # No redirect after issuing: the PIN must appear once and only here (Back shows the form,
    # and a repeated post would issue a new PIN that replaces this one, never a duplicate).
    return render_template(
        "logistics/village_pins.html",
        form=form,
        issued=issued,
        pins=_active_pins(),
        title=_("PIN desa"),
    ), status
