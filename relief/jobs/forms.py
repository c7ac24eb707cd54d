"""The one button of the jobs page (a form for its CSRF token)."""

from flask_wtf import FlaskForm


class RetryForm(FlaskForm):
    """ "Coba ulang sekarang" on a failed job or message."""
