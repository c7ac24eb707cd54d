"""The admin page for loading official village boundaries."""

import tempfile
from pathlib import Path

from flask import Blueprint, render_template
from flask_babel import gettext as _
from werkzeug.utils import secure_filename

from relief.areas import queries
from relief.areas.boundary_import import import_boundaries
from relief.areas.forms import BoundaryImportForm
from relief.core.errors import DomainError
from relief.core.permissions import ADMIN, roles
from relief.extensions import db
from relief.unit_of_work import writes

bp = Blueprint("areas", __name__)


@bp.route("/admin/geodata", methods=["GET", "POST"])
@roles(ADMIN)
@writes
def geodata():
    """Where boundaries come from, and an upload that imports an official file (synchronous)."""
    form = BoundaryImportForm()
    report, status = None, 200
    if form.validate_on_submit():
        upload = form.file.data
        name = secure_filename(upload.filename or "") or "boundaries.geojson"
        with tempfile.TemporaryDirectory(prefix="relief-upload-") as tmp:
            path = Path(tmp) / name
            upload.save(path)
            try:
                report = import_boundaries(
                    path,
                    level=form.level.data or None,
                    layer=form.layer.data or None,
                    code_field=form.code_field.data or None,
                    name_field=form.name_field.data or None,
                    source_crs=form.source_crs.data or None,
                    allow_new=form.allow_new.data,
                    dry_run=form.dry_run.data,
                    source=name,
                )
            except DomainError as err:
                db.session.rollback()
                form.file.errors.append(err.message)
                for key, messages in err.fields.items():
                    form.file.errors.extend(f"{key}: {m}" for m in messages)
                status = 422
    elif form.is_submitted():
        status = 422
    return render_template(
        "areas/geodata.html",
        form=form,
        report=report,
        sources=queries.geometry_sources(),
        title=_("Batas wilayah"),
    ), status
