"""Cells that spreadsheets would run as formulas, made plain text (CSV, XLSX and HXL exports).

Names and notes come from uploads and forms: a village named `=HYPERLINK("http://...")` in a
boundary file would otherwise become a live formula in every export that lists it. Text that
begins with a formula character gets a leading apostrophe (OWASP's advice); numbers, dates
and other values pass unchanged.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(value):
    """The value, with text that a spreadsheet would evaluate turned into plain text."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_row(values) -> list:
    """Every cell of a row through `neutralise`."""
    return [neutralise(v) for v in values]
