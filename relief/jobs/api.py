"""`/api/v1/jobs`: background job runs for admins, and "retry now"."""

from flask_smorest import Blueprint

from relief.core.pagination import page_of, paginate
from relief.core.permissions import ADMIN, roles
from relief.jobs import queries, services
from relief.jobs.schemas import JobListArgsSchema, JobRunSchema, QueueSummarySchema
from relief.unit_of_work import admin_writes

blp = Blueprint("jobs_api", __name__, url_prefix="/api/v1/jobs", description="Background jobs")


@blp.route("")
@roles(ADMIN)
@blp.arguments(JobListArgsSchema, location="query")
@blp.response(200, page_of(JobRunSchema))
def list_jobs(args: dict):
    """Job runs with state, attempts and last error: failures first, then newest."""
    return paginate(queries.job_runs(args.get("state")), args["page"], args["per_page"])


@blp.route("/queue")
@roles(ADMIN)
@blp.response(200, QueueSummarySchema)
def queue_summary():
    """The queue's backend and how many jobs wait in it now and scheduled for later."""
    return queries.queue_summary()


@blp.route("/<int:run_id>/retry", methods=["POST"])
@admin_writes(
    blp,
    response=JobRunSchema,
    status=202,
    errors=(404, (409, "Only failed or lost runs are retried")),
)
def retry_job(run_id: int):
    """Put a failed or lost job on the queue again now (a new run records the attempt)."""
    return services.retry_run(queries.get_run(run_id))
