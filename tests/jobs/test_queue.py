"""The queue's storage, job runs (retries, failures, retry now, lost runs) and the jobs API."""

import threading
from datetime import timedelta

import pytest
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage
from sqlalchemy import select

from relief.core.job_runs import JobRun
from relief.core.jobs import job, jobs_file, queue, storage_for
from relief.core.models import utcnow
from relief.extensions import db

OUTCOMES: list[str] = []  # what flaky_job does on each call: "fail" or "ok"


@job(retries=1, retry_delay=0)
def flaky_job(label: str) -> str:
    """A job that fails while OUTCOMES says so."""
    if OUTCOMES and OUTCOMES.pop(0) == "fail":
        raise RuntimeError(f"{label} gagal")
    return label


def run_queued() -> int:
    """Run what waits in the queue, as a worker thread would; answers how many ran."""
    ran = 0
    while (task := queue.dequeue()) is not None:
        queue.execute(task)
        ran += 1
    return ran


def runs(app) -> list[JobRun]:
    with app.app_context():
        rows = list(db.session.scalars(select(JobRun).order_by(JobRun.id)))
        db.session.expunge_all()
        return rows


def test_storage_is_a_file_beside_sqlite_redis_with_redis_url_memory_when_immediate(app):
    config = {
        "SQLALCHEMY_DATABASE_URI": "sqlite:////srv/pantau/pantau.db",
        "REDIS_URL": None,
        "JOBS_SQLITE_PATH": "",
        "JOBS_IMMEDIATE": False,
    }
    fake = type("FakeApp", (), {"config": config, "instance_path": "/srv/instance"})()
    assert str(jobs_file(fake)) == "/srv/pantau/pantau.db-jobs"
    config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://relief@db/relief"
    assert str(jobs_file(fake)) == "/srv/instance/jobs.sqlite"
    config["REDIS_URL"] = "redis://127.0.0.1:6379/1"
    assert isinstance(storage_for(fake), RedisStorage)
    config["JOBS_IMMEDIATE"] = True
    assert isinstance(storage_for(fake), MemoryStorage)
    with app.app_context():
        assert queue.immediate  # the suite runs jobs in the caller


def test_redis_queue_carries_a_job(app, monkeypatch):
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/1"
    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1")
    previous = queue.use(app, RedisStorage("relief-test-jobs-queue", url=url))
    try:
        with app.app_context():
            queue.flush()
            flaky_job("lewat-redis")
            assert queue.pending_count() == 1
            assert run_queued() == 1
    finally:
        with app.app_context():
            queue.flush()
        queue.use(app, previous["storage"], previous["immediate"])
    assert [(r.name.rsplit(".", 1)[-1], r.state) for r in runs(app)] == [("flaky_job", "done")]


def test_a_failing_job_is_retried_then_recorded_failed_with_its_error(app, real_queue):
    OUTCOMES[:] = ["fail", "fail"]
    with app.app_context():
        flaky_job("evaluasi")
        assert run_queued() == 2  # the first try, then huey's retry
    [run] = runs(app)
    assert run.state == "failed" and run.attempts == 2
    assert run.last_error == "RuntimeError: evaluasi gagal"


def test_a_job_that_fails_once_succeeds_on_its_retry(app, real_queue):
    OUTCOMES[:] = ["fail", "ok"]
    with app.app_context():
        flaky_job("sekali")
        run_queued()
    [run] = runs(app)
    assert (run.state, run.attempts, run.last_error) == ("done", 2, None)


def test_admin_lists_failed_jobs_and_retries_one_now(app, client, real_queue, token_for):
    OUTCOMES[:] = ["fail", "fail"]
    with app.app_context():
        flaky_job("ulang")
        run_queued()
    admin = token_for("admin")
    listed = client.get("/api/v1/jobs?state=failed", headers=admin)
    assert listed.status_code == 200
    [item] = listed.json["items"]
    assert item["attempts"] == 2 and item["last_error"] == "RuntimeError: ulang gagal"
    assert client.get("/api/v1/jobs", headers=token_for("ombudsman")).status_code == 403
    retried = client.post(f"/api/v1/jobs/{item['id']}/retry", headers=admin)
    assert retried.status_code == 202 and retried.json["state"] == "retried"
    assert client.post(f"/api/v1/jobs/{item['id']}/retry", headers=admin).status_code == 409
    with app.app_context():
        assert run_queued() == 1
    assert [r.state for r in runs(app)] == ["retried", "done"]
    summary = client.get("/api/v1/jobs/queue", headers=admin).json
    assert summary["backend"].startswith("sqlite") and summary["failed_runs"] == 0


def test_jobs_page_shows_failures_with_a_retry_button(app, client, real_queue, login_as):
    OUTCOMES[:] = ["fail", "fail"]
    with app.app_context():
        flaky_job("halaman")
        run_queued()
    login_as("admin")
    page = client.get("/admin/jobs")
    assert page.status_code == 200
    assert b"RuntimeError: halaman gagal" in page.data and b"Coba ulang sekarang" in page.data
    run_id = runs(app)[0].id
    assert client.post(f"/admin/jobs/{run_id}/retry").status_code == 302
    with app.app_context():
        assert run_queued() == 1


def test_a_run_left_running_by_a_dead_worker_is_run_again(app, real_queue, monkeypatch):
    from relief.jobs.tasks import sweep_job_runs

    monkeypatch.setitem(app.config, "JOBS_LEASE_S", 60)
    with app.app_context():
        db.session.add(
            JobRun(
                task_id="dead-1",
                name=f"{__name__}.flaky_job",
                args={"args": ["mati"], "kwargs": {}},
                state="running",
                attempts=1,
                started_at=utcnow() - timedelta(minutes=5),
            )
        )
        db.session.commit()
    OUTCOMES[:] = []
    with app.app_context():
        sweep_job_runs()
        assert run_queued() == 2  # the sweep, then the job it put back
    assert [(r.task_id == "dead-1", r.state) for r in runs(app)] == [
        (True, "lost"),
        (False, "done"),
    ]


def test_concurrent_deliveries_of_one_message_send_it_once(app, make_alert, monkeypatch):
    from relief.alerts.delivery import deliver
    from relief.alerts.models import Alert, NotificationAttempt
    from relief.alerts.notify import enqueue
    from tests.jobs.receivers import start_receiver

    receiver = start_receiver(delays=[0.5])
    monkeypatch.setitem(app.config, "MAIL_HOST", "")
    monkeypatch.setitem(
        app.config, "ALERT_WEBHOOK_URL", f"http://127.0.0.1:{receiver.server_address[1]}/hook"
    )
    with app.app_context():
        enqueue(db.session.get(Alert, make_alert()), "opened")
        db.session.commit()
        attempt_id = db.session.scalar(
            select(NotificationAttempt.id).where(NotificationAttempt.channel == "webhook")
        )
    outcomes, barrier = [], threading.Barrier(4)

    def deliver_in_thread() -> None:
        with app.app_context():
            barrier.wait()
            outcomes.append(deliver(attempt_id)[0])
            db.session.remove()

    threads = [threading.Thread(target=deliver_in_thread) for _ in range(4)]
    [t.start() for t in threads]
    [t.join(30) for t in threads]
    receiver.shutdown()
    assert sorted(outcomes) == ["sent", "skipped", "skipped", "skipped"]
    assert receiver.deliveries == [str(attempt_id)]


def test_sqlite_queue_file_is_used_by_default(app, tmp_path):
    config = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/pantau.db",
        "REDIS_URL": "",
        "JOBS_SQLITE_PATH": "",
        "JOBS_IMMEDIATE": False,
    }
    fake = type("FakeApp", (), {"config": config, "instance_path": str(tmp_path)})()
    storage = storage_for(fake)
    assert isinstance(storage, SqliteStorage)
    assert (tmp_path / "pantau.db-jobs").exists()
