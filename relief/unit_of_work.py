"""The one write boundary: every view, command and job that writes goes through it.

Mark a writing view with ``@writes`` (below its route and role decorators, above
``@idempotent`` and the flask-smorest decorators); wrap a command's or job's writes in
``with unit_of_work():``.
"""

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager


def writes(view: Callable) -> Callable:
    """Run a writing view inside the write boundary."""
    view.writes = True

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        return view(*args, **kwargs)

    wrapper.writes = True
    return wrapper


@contextmanager
def unit_of_work() -> Iterator[None]:
    """The write boundary for commands and jobs."""
    from relief.core.transactions import run_in_transaction

    with run_in_transaction():
        yield
