"""The transaction boundary for CLI commands."""

from collections.abc import Iterator
from contextlib import contextmanager

import click

from relief.core.errors import DomainError
from relief.extensions import db


@contextmanager
def run_in_transaction() -> Iterator[None]:
    """Commit when the block succeeds; roll back and exit 1 on a domain error."""
    try:
        yield
        db.session.commit()
    except DomainError as err:
        db.session.rollback()
        details = "; ".join(f"{k}: {', '.join(map(str, v))}" for k, v in err.fields.items())
        raise click.ClickException(f"{err.message} {details}".strip()) from err
    except Exception:
        db.session.rollback()
        raise
