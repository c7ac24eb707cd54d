"""WSGI entry point: `flask --app wsgi ...` and `gunicorn wsgi:app`."""

import gc

from relief import create_app
from relief.auth.startup import refuse_demo_users

app = create_app()
refuse_demo_users(app)
# Objects built at start-up live for the whole process: keep the cyclic GC from rescanning
# them on every collection (measured: about -30 % per shipment POST).
gc.freeze()
