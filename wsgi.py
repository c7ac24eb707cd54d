"""WSGI entry point: `flask --app wsgi ...` and `gunicorn wsgi:app`."""

from relief import create_app
from relief.core.startup import refuse_demo_users

app = create_app()
refuse_demo_users(app)
