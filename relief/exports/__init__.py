"""Exports of coverage and deliveries: CSV with HXL hashtags, XLSX, GeoJSON."""
