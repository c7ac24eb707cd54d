"""What the three bulk imports (shipments, back-filled deliveries, stock receipts) share
between a preview and its commit."""

from flask import abort
from flask_login import current_user

from relief.core.errors import DomainError
from relief.core.uploads import consume_pending, load_pending
from relief.logistics.forms import ImportCommitForm


def claim_preview(kind: str) -> tuple[str, dict]:
    """The preview a commit form names, claimed for this commit (its token and payload): 400
    for a bad form, 404 when it is gone or another user's, 409 when committed already."""
    form = ImportCommitForm()
    if not form.validate_on_submit():
        abort(400)
    token = form.token.data
    payload = load_pending(kind, token, current_user.id)
    if payload is None:
        abort(404)
    consume_pending(kind, token, current_user.id)  # a second commit of this preview stops here
    return token, payload


def add_refusal(check, line: int, err: DomainError) -> None:
    """A service's refusal of one row, as that row's problems in the preview (`check.add`)."""
    for column, messages in (err.fields or {"-": [err.message]}).items():
        for message in messages if isinstance(messages, list) else [messages]:
            check.add(line, column, str(message))
