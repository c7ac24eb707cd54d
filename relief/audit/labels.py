"""Human labels of amended fields and values (translated), for pages and evidence."""

import json

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from relief.core.formatting import quantity

FIELD_LABELS = {
    "quantity": _l("jumlah (satuan surat jalan)"),
    "unit": _l("satuan"),
    "quantity_base": _l("jumlah (satuan dasar)"),
    "accepted_base": lazy_pgettext("quantity", "diterima"),
    "rejected_base": lazy_pgettext("quantity", "ditolak"),
    "reason": _l("alasan penolakan"),
    "received_by": _l("diterima oleh"),
    "receiver_role": _l("jabatan penerima"),
    "posko_name": _l("posko"),
    "vehicle_plate": _l("nomor polisi kendaraan"),
    "driver_name": _l("nama pengemudi"),
    "driver_phone": _l("telepon pengemudi"),
    "notes": _l("catatan"),
    "affected_persons": _l("jiwa terdampak"),
    "displaced_persons": _l("jiwa mengungsi"),
    "households": _l("KK terdampak"),
    "displaced_households": _l("KK mengungsi"),
    "houses_heavy": _l("rumah rusak berat"),
    "houses_moderate": _l("rumah rusak sedang"),
    "houses_light": _l("rumah rusak ringan"),
    "deaths": _l("meninggal"),
    "missing": _l("hilang"),
    "flood_depth_cm": _l("tinggi banjir (cm)"),
    "severity": _l("tingkat keparahan"),
    "severity_override_reason": _l("alasan keparahan manual"),
    "source": _l("sumber"),
}


def amended_field_label(field: str) -> str:
    """The label of an amended field in the current language."""
    return str(FIELD_LABELS.get(field, field))


def amended_value(text: str) -> str:
    """A stored (JSON) value as people read it: numbers formatted, empty as a dash."""
    value = json.loads(text)
    if value is None or value == "":
        return "-"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return quantity(value)
    return str(value)


SUBJECTS = {"shipment": _l("Pengiriman"), "receipt": _l("BAST"), "assessment": _l("Kaji cepat")}


def amendment_subject(amendment) -> str:
    """What an amendment corrected: "BAST #12"."""
    return f"{SUBJECTS.get(amendment.entity, amendment.entity)} #{amendment.entity_id}"


def amendment_changes(amendment) -> str:
    """An amendment's changes in one line: "diterima: 400 -> 450; ditolak: 100 -> 50"."""
    return "; ".join(
        f"{amended_field_label(v.field)}: {amended_value(v.old_value)} -> "
        f"{amended_value(v.new_value)}"
        for v in amendment.values
    )
