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
    # stock_idle: a depot's stock untouched this long while villages of its regency are
    # below this coverage in the commodity; quantities under the minimum are ignored
    "ALERT_STOCK_IDLE_HOURS": 48,
    "ALERT_STOCK_IDLE_COVERAGE_BELOW": 0.5,
    "ALERT_STOCK_IDLE_MIN": 1.0,
    "ALERT_RESPONSE_DAYS": 3,
    "ALERT_RESOLUTION_DAYS": 14,
}


# Notification channels, retries and the periodic evaluation are read from the environment
# by relief.config (see the README's configuration table).
NOTIFICATION_SETTINGS = (
    "MAIL_HOST",
    "MAIL_PORT",
    "MAIL_USER",
    "MAIL_PASSWORD",
    "MAIL_STARTTLS",
    "MAIL_FROM",
    "MAIL_TO",
    "ALERT_WEBHOOK_URL",
    "ALERT_WEBHOOK_SECRET",
    "ALERT_NOTIFY_TIMEOUT_S",
    "ALERT_NOTIFY_MAX_ATTEMPTS",
    "ALERT_NOTIFY_BACKOFF_S",
    "ALERT_NOTIFY_LEASE_S",
    "ALERT_EVALUATE_MINUTES",
    "PUBLIC_BASE_URL",
)


def setting(name: str):
    """A setting from the app config, falling back to the documented default."""
    if name in NOTIFICATION_SETTINGS:
        return current_app.config[name]
    return current_app.config.get(name, DEFAULTS[name])


def thresholds() -> dict:
    """Every ALERT_ threshold as a plain dict for the pure rule predicates."""
    return {k: setting(k) for k in DEFAULTS}
