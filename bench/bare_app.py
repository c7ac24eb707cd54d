"""The baseline for bench/load_bench.py: bare Flask endpoints doing one INSERT or one fetch.

Served by gunicorn beside the real app, against the same database, so that the ratio shows
what the application's own work costs on top of the database round trip. For a fair
comparison it runs with the app's own connection settings: the SQLite pragmas of
relief.core.database (WAL, synchronous=NORMAL, busy_timeout, foreign keys, BEGIN IMMEDIATE
for writes), the same engine options (pool_pre_ping) and the same URL normalisation (psycopg 3).
"""

import os

from flask import Flask, jsonify, request
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert, select

import relief.core.database  # noqa: F401 - registers the app's SQLite connection settings
from relief.config import Config, normalise_database_url

metadata = MetaData()
bare_row = Table(
    "bench_bare_row",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("destination_code", String(16)),
    Column("payload", String(2000)),
)
area = Table(
    "area", MetaData(), Column("code", String(16), primary_key=True), Column("name", String)
)

engine = create_engine(
    normalise_database_url(os.environ["DATABASE_URL"]), **Config.SQLALCHEMY_ENGINE_OPTIONS
)
metadata.create_all(engine)
app = Flask(__name__)


@app.post("/insert")
def insert_row():
    """One INSERT of the request body, committed."""
    body = request.get_json()
    with engine.begin() as conn:
        new_id = conn.execute(
            insert(bare_row).values(destination_code=body["destination_code"], payload=str(body))
        ).inserted_primary_key[0]
    return jsonify({"id": new_id}), 201


@app.get("/fetch/<code>")
def fetch_row(code: str):
    """One primary-key fetch."""
    with engine.connect() as conn:
        row = conn.execute(select(area.c.code, area.c.name).where(area.c.code == code)).one()
    return jsonify({"code": row.code, "name": row.name})
