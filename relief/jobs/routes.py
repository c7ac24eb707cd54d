"""The admin's jobs page: the queue, each run's state and errors, and "retry now"."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from relief.core.fields import bounded_page
from relief.core.pagination import paginate
from relief.core.permissions import ADMIN, roles
from relief.jobs import queries, services
from relief.jobs.forms import RetryForm
from relief.unit_of_work import writes

bp = Blueprint("jobs", __name__, url_prefix="/admin/jobs")


@bp.route("")
@roles(ADMIN)
def runs():
    """Job runs, failures first, with the queue's backlog."""
    state = request.args.get("state") or None
    page = paginate(queries.job_runs(state), request.args.get("page", 1, type=bounded_page), 50)
    return render_template(
        "jobs/runs.html",
        page=page,
        summary=queries.queue_summary(),
        form=RetryForm(),
        args={"state": state} if state else {},
    )


@bp.route("/<int:run_id>/retry", methods=["POST"])
@roles(ADMIN)
@writes
def retry(run_id: int):
    """Run a failed or lost job again now."""
    form = RetryForm()
    if form.validate_on_submit():
        services.retry_run(queries.get_run(run_id))
        flash(_("Pekerjaan dimasukkan lagi ke antrean."), "success")
    return redirect(url_for("jobs.runs"))
