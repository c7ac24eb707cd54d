"""The one write boundary: every view, command and job that writes goes through it.

Services validate, change rows and flush; they note what they changed (relief.core.changes)
and queue audit entries (relief.audit.services.record). The boundary then does, in this
order and in this file:

1. flush the changed rows;
2. append the queued audit entries to the chain;
3. evaluate the alert rules for the villages the write touched (the alerts' own writes are
   audited: their entries are appended right after);
4. COMMIT;
5. after the commit: renew the cached pages of the villages touched (every page after a
   reference or boundary change, and this process's place search: other processes follow
   the area revision, relief.public.search), then put on the job queue what
   waits for the commit: the notifications the write queued (the worker sends them), the
   map geometry after a boundary change, and any job a service asked for.

A failure before the commit rolls everything back and forgets the notes: the database is
as it was. Views say ``@writes``; commands and jobs say ``with unit_of_work():``.
"""

import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click
from flask import g, make_response
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from relief.alerts import after_write
from relief.alerts.delivery import enqueue_pending_notifications
from relief.areas.tasks import rebuild_geometry_caches
from relief.audit import services as audit
from relief.core import cache, changes
from relief.core.errors import DomainError, ErrorSchema, conflict_response
from relief.core.permissions import ADMIN, roles
from relief.extensions import db
from relief.public import search

log = logging.getLogger(__name__)


def commit_write(evaluate_alerts: bool = True) -> None:
    """Steps 1 to 5 above, for the open transaction."""
    session = db.session()
    session.flush()
    audit.append_pending(session)
    if evaluate_alerts:
        after_write.evaluate_touched(list(changes.current().touches))
        audit.append_pending(session)
    session.commit()
    done = changes.take()
    _after_commit(done)


def _after_commit(done: changes.ChangeSet) -> None:
    if done.reference or done.geometry:
        cache.renew(None)
    else:
        cache.renew(done.village_codes())
    if done.geometry:
        search.index.clear()
    jobs = list(done.jobs)
    if done.notifications:
        jobs.append((enqueue_pending_notifications, ()))
    if done.geometry:
        jobs.append((rebuild_geometry_caches, ()))
    for enqueue, args in jobs:
        try:
            enqueue(*args)
        except Exception:  # noqa: BLE001 - committed; messages wait for the sweep, geometry is built on first use
            log.exception("could not put %s on the job queue", getattr(enqueue, "name", enqueue))


def rollback_write() -> None:
    """Undo the open transaction and forget what it noted and queued."""
    db.session.rollback()
    changes.discard()
    audit.discard_pending()


def writes(view: Callable) -> Callable:
    """Run a writing view inside the boundary: commit if it answers below 400, else undo."""

    @functools.wraps(view)
    def write_view(*args, **kwargs):
        changes.discard()  # nothing noted before the view (role checks, token lookup) counts
        try:
            response = make_response(view(*args, **kwargs))
        except BaseException:
            rollback_write()
            raise
        if response.status_code >= 400 or g.get("rollback_only"):
            rollback_write()
            return response
        try:
            commit_write()
        except (IntegrityError, StaleDataError):
            # A row changed or appeared between this request's read and its write.
            rollback_write()
            return conflict_response()
        except BaseException:
            rollback_write()
            raise
        return response

    write_view.writes = True
    return write_view


INVALID_INPUT = "Invalid input, per-field messages"


def admin_writes(
    blp, arguments=None, response=None, status: int = 201, errors: tuple = ()
) -> Callable:
    """An admin API endpoint that writes, in one decorator instead of the stack each repeated:
    `@roles(ADMIN)`, `@writes`, `@blp.arguments(arguments)`, `@blp.response(status, response)`,
    then the documented errors: each of `errors` (a status, or a status and its description)
    and, with `arguments`, 422 for invalid input. Same order, same behaviour as the stack.
    """

    def decorate(view: Callable) -> Callable:
        if arguments is not None:
            view = blp.alt_response(422, schema=ErrorSchema, description=INVALID_INPUT)(view)
        for error in reversed(errors):
            code, description = error if isinstance(error, tuple) else (error, None)
            extra = {"description": description} if description else {}
            view = blp.alt_response(code, schema=ErrorSchema, **extra)(view)
        view = blp.response(status, response)(view)
        if arguments is not None:
            view = blp.arguments(arguments)(view)
        return roles(ADMIN)(writes(view))

    return decorate


@contextmanager
def unit_of_work(evaluate_alerts: bool = True) -> Iterator[None]:
    """The boundary for commands and jobs; a domain error exits the command with status 1."""
    changes.discard()
    try:
        yield
        commit_write(evaluate_alerts=evaluate_alerts)
    except DomainError as err:
        rollback_write()
        details = "; ".join(f"{k}: {', '.join(map(str, v))}" for k, v in err.fields.items())
        raise click.ClickException(f"{err.message} {details}".strip()) from err
    except BaseException:
        rollback_write()
        raise
