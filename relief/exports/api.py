"""`/api/v1/exports/...`: coverage and deliveries as CSV (with HXL), XLSX and GeoJSON."""

from flask import Response
from flask_smorest import Blueprint
from marshmallow import fields, validate

from relief.audit.evidence import evidence_response, register_evidence
from relief.core.errors import ErrorSchema
from relief.core.permissions import STAFF, roles
from relief.coverage.api import coverage_geojson_text, resolve_event_id
from relief.coverage.schemas import CoverageArgsSchema
from relief.exports.formats import (
    AREA_COVERAGE_COLUMNS,
    COVERAGE_COLUMNS,
    DELIVERY_COLUMNS,
    to_csv,
    to_xlsx,
)
from relief.exports.queries import area_export_rows, coverage_export_rows, delivery_export_rows
from relief.logistics.models import STATUSES
from relief.unit_of_work import writes

blp = Blueprint("exports_api", __name__, url_prefix="/api/v1/exports", description="Exports")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class DeliveryArgsSchema(CoverageArgsSchema):
    """Filters of the deliveries export."""

    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))


def _download(body, mimetype: str, filename: str) -> Response:
    """An export registered as evidence: SHA-256, audit head and verification ID travel in
    its headers and /verifikasi recognises the file."""
    data = body.encode("utf-8") if isinstance(body, str) else bytes(body)
    data, document = register_evidence(f"export_{filename}", filename, lambda stamp: data)
    return evidence_response(data, document, mimetype, filename)


def _coverage_rows(args: dict) -> tuple[list[dict], tuple]:
    """Village rows, or with `level=district|regency` the roll-up rows, and their columns."""
    if args["level"] != "village":
        return area_export_rows(
            resolve_event_id(args), args["as_of"], args["level"], args["parent"], args["commodity"]
        ), AREA_COVERAGE_COLUMNS
    return coverage_export_rows(
        resolve_event_id(args), args["as_of"], args["parent"], args["commodity"]
    ), COVERAGE_COLUMNS


def _delivery_rows(args: dict) -> list[dict]:
    return delivery_export_rows(
        resolve_event_id(args), args["as_of"], args["parent"], args["commodity"], args["status"]
    )


@blp.route("/coverage.csv")
@roles(*STAFF)
@writes  # registers the file as evidence
@blp.arguments(CoverageArgsSchema, location="query")
@blp.alt_response(200, description="CSV with an HXL hashtag row")
@blp.alt_response(422, schema=ErrorSchema, description="Invalid filters")
def coverage_csv(args: dict):
    """Coverage per village (or district/regency, `level`) and commodity as CSV with HXL."""
    rows, columns = _coverage_rows(args)
    return _download(to_csv(rows, columns), "text/csv", "coverage.csv")


@blp.route("/coverage.xlsx")
@roles(*STAFF)
@writes  # registers the file as evidence
@blp.arguments(CoverageArgsSchema, location="query")
@blp.alt_response(200, description="XLSX workbook")
@blp.alt_response(422, schema=ErrorSchema, description="Invalid filters")
def coverage_xlsx(args: dict):
    """Coverage per village (or district/regency, `level`) and commodity as XLSX."""
    rows, columns = _coverage_rows(args)
    return _download(to_xlsx(rows, columns, "coverage"), XLSX, "coverage.xlsx")


@blp.route("/coverage.geojson")
@roles(*STAFF)
@writes  # registers the file as evidence
@blp.arguments(CoverageArgsSchema, location="query")
@blp.alt_response(200, description="GeoJSON FeatureCollection")
@blp.alt_response(422, schema=ErrorSchema, description="Invalid filters")
def coverage_geojson(args: dict):
    """Villages with their coverage as a GeoJSON download."""
    return _download(coverage_geojson_text(args), "application/geo+json", "coverage.geojson")


@blp.route("/deliveries.csv")
@roles(*STAFF)
@writes  # registers the file as evidence
@blp.arguments(DeliveryArgsSchema, location="query")
@blp.alt_response(200, description="CSV with an HXL hashtag row")
@blp.alt_response(422, schema=ErrorSchema, description="Invalid filters")
def deliveries_csv(args: dict):
    """Shipment items (accepted or logged base quantity) as CSV with HXL hashtags."""
    return _download(to_csv(_delivery_rows(args), DELIVERY_COLUMNS), "text/csv", "deliveries.csv")


@blp.route("/deliveries.xlsx")
@roles(*STAFF)
@writes  # registers the file as evidence
@blp.arguments(DeliveryArgsSchema, location="query")
@blp.alt_response(200, description="XLSX workbook")
@blp.alt_response(422, schema=ErrorSchema, description="Invalid filters")
def deliveries_xlsx(args: dict):
    """Shipment items as an XLSX workbook."""
    return _download(
        to_xlsx(_delivery_rows(args), DELIVERY_COLUMNS, "deliveries"), XLSX, "deliveries.xlsx"
    )
