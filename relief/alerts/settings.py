"""Alert thresholds and deadlines: defaults of DESIGN section 5, each overridable in config."""

from flask import current_app

DEFAULTS: dict = {
    "ALERT_WORST_HIT_SEVERITY": 4,
    "ALERT_UNDERSUPPLIED_HOURS": 72,
    "ALERT_UNDERSUPPLIED_CRITICAL_BELOW": 0.5,
    "ALERT_UNDERSUPPLIED_WARNING_BELOW": 0.8,
    "ALERT_UNDERSUPPLIED_WARNING_SEVERITY": 3,
    "ALERT_NO_DELIVERY_SEVERITY": 3,
    "ALERT_NO_DELIVERY_HOURS": 48,
    "ALERT_UNCONFIRMED_HOURS": 72,
    "ALERT_RECEIPT_GAP_BELOW": 0.95,
    "ALERT_LOCATION_MISMATCH_M": 1000.0,
    "ALERT_REPORTS_NOT_RECEIVED_MIN": 3,
    "ALERT_REPORTS_WINDOW_DAYS": 7,
    "ALERT_INEQUITY_LOW_SEVERITY": 2,
    "ALERT_INEQUITY_MIN_GROUP": 1,
    # receipt_disputed: village and staff quantities may differ by this share of the larger
    "ALERT_DISPUTE_TOLERANCE": 0.05,
    "ALERT_RESPONSE_DAYS": 3,
    "ALERT_RESOLUTION_DAYS": 14,
    # Notifications
    "MAIL_HOST": "",
    "MAIL_PORT": 25,
    "MAIL_FROM": "pantau-bantuan@localhost",
    "MAIL_TO": "",
    "ALERT_WEBHOOK_URL": "",
    "ALERT_WEBHOOK_SECRET": "",
    "ALERT_NOTIFY_TIMEOUT_S": 5.0,
    "ALERT_NOTIFY_MAX_ATTEMPTS": 5,
    "ALERT_NOTIFY_BACKOFF_S": 60,
}


def setting(name: str):
    """A setting from the app config, falling back to the documented default."""
    return current_app.config.get(name, DEFAULTS[name])


def thresholds() -> dict:
    """Every ALERT_ threshold as a plain dict for the pure rule predicates."""
    return {k: setting(k) for k in DEFAULTS if k.startswith("ALERT_")}
