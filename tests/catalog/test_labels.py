"""Units and goods are named as people read them, in the reader's language."""

from flask_babel import force_locale

from relief.catalog import labels


def test_unit_codes_are_shown_by_name(request_ctx):
    with force_locale("id"):
        assert labels.unit_label("rice", "sack25") == "karung 25 kg"
        assert labels.unit_label("blanket", "pcs") == "lembar"
    with force_locale("en"):
        assert labels.unit_label("rice", "sack25") == "25 kg sack"
        assert labels.unit_label("rice", "no-such-unit") == "no-such-unit"
