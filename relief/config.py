"""Configuration from the environment: one class per deployment kind."""

import os
from pathlib import Path

DEFAULT_SECRET_KEY = "dev-only-change-me"  # noqa: S105 - refused outside demo/testing
TESTING_SECRET_KEY = "testing-secret"  # noqa: S105 - tests only
# Every secret published with the code: production refuses each of them, whatever else is set.
KNOWN_SECRET_KEYS = frozenset(
    {
        DEFAULT_SECRET_KEY,
        TESTING_SECRET_KEY,
        "change-me",
        "secret",
        "dev",
        "development",
        "changeme",
    }
)
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def normalise_database_url(url: str) -> str:
    """Point PostgreSQL URLs at psycopg 3, the driver requirements.txt pins."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return normalise_database_url(url)
    return f"sqlite:///{Path(instance_path) / 'pantau.db'}"


class Config:
    """Defaults shared by every deployment; every threshold is a setting."""

    SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
    DEMO_MODE = os.environ.get("DEMO_MODE", "1") == "1"
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SEND_FILE_MAX_AGE_DEFAULT = 12 * 3600  # vendored assets: cached by phones on weak links
    MAX_CONTENT_LENGTH = 64 * 1024 * 1024  # uploads (boundary files, bulk imports)
    API_MAX_BODY = 256 * 1024  # JSON bodies on /api/v1, whatever the transfer encoding
    JSON_MAX_DEPTH = 32  # nesting of JSON bodies; deeper ones answer 400
    # Bulk imports (shipments, assessments): refused before parsing beyond these.
    IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", 2_000_000))
    IMPORT_MAX_XLSX_EXPANDED_BYTES = int(
        os.environ.get("IMPORT_MAX_XLSX_EXPANDED_BYTES", 10_000_000)
    )
    # Reverse proxies in front of the app whose X-Forwarded-* headers are trusted (ProxyFix).
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", 0))
    # API tokens stop working this many days after they were issued.
    API_TOKEN_DAYS = int(os.environ.get("API_TOKEN_DAYS", 30))
    # Photos (BAST scans, residents' pictures): the bytes live in a folder named by hash.
    PHOTO_MAX_BYTES = int(os.environ.get("PHOTO_MAX_BYTES", 3 * 1024 * 1024))
    # `folder` (PHOTO_STORE_DIR, unset: instance/photos) or `s3` (any S3-compatible store; the
    # app serves the bytes itself, so the bucket stays private).
    PHOTO_STORE = os.environ.get("PHOTO_STORE", "folder")
    PHOTO_STORE_DIR = os.environ.get("PHOTO_STORE_DIR")  # unset: instance/photos
    S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL", "")  # empty: AWS itself
    S3_BUCKET = os.environ.get("S3_BUCKET", "")
    S3_ACCESS_KEY_ID = os.environ.get("S3_ACCESS_KEY_ID", "")
    S3_SECRET_ACCESS_KEY = os.environ.get("S3_SECRET_ACCESS_KEY", "")
    S3_REGION = os.environ.get("S3_REGION", "")
    S3_PREFIX = os.environ.get("S3_PREFIX", "photos/")  # key prefix inside the bucket
    # Residents send camera originals (reduced and stripped of EXIF by the server).
    REPORT_PHOTO_MAX_BYTES = int(os.environ.get("REPORT_PHOTO_MAX_BYTES", 12 * 1024 * 1024))
    REDIS_URL = os.environ.get("REDIS_URL")
    # Per-process memory unless REDIS_URL is set (setup points the limiter at Redis then).
    RATELIMIT_ENABLED = os.environ.get("RATELIMIT_ENABLED", "1") == "1"
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    TILE_URL = os.environ.get("TILE_URL", "")  # empty: no tiles, boundaries on a plain background
    TILE_ATTRIBUTION = os.environ.get("TILE_ATTRIBUTION", "")

    BABEL_DEFAULT_LOCALE = "id"
    BABEL_DEFAULT_TIMEZONE = "Asia/Jakarta"  # WIB: what residents and staff read on clocks
    LANGUAGES = ("id", "en")
    BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "translations")

    API_TITLE = "Pantau Bantuan API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_SWAGGER_UI_PATH = "docs"
    OPENAPI_SWAGGER_UI_URL = "/static/vendor/swagger-ui/"
    API_SPEC_OPTIONS = {
        "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}},
    }
    PAGE_SIZE_DEFAULT = 25
    PAGE_SIZE_MAX = 200

    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"

    # Geography: a GPS point must fall inside Indonesia's bounding box.
    INDONESIA_BBOX = (94.7, -11.2, 141.2, 6.3)  # min lon, min lat, max lon, max lat
    # Boundary imports and lookups (relief/areas).
    GEODATA_IMPORT_MAX_BYTES = int(os.environ.get("GEODATA_IMPORT_MAX_BYTES", 60_000_000))
    # A zip's members together, as its directory declares them, checked before extraction.
    GEODATA_IMPORT_MAX_EXPANDED_BYTES = int(
        os.environ.get("GEODATA_IMPORT_MAX_EXPANDED_BYTES", 300_000_000)
    )
    GEODATA_DISPLAY_TOLERANCE = float(os.environ.get("GEODATA_DISPLAY_TOLERANCE", 0.0002))  # deg
    GEODATA_LOOKUP_TOLERANCE_M = float(os.environ.get("GEODATA_LOOKUP_TOLERANCE_M", 200))
    # Point lookups: "auto" asks PostGIS where the database has its village index (see
    # relief.areas.postgis), else an STRtree in each process; "strtree" always the latter.
    GEODATA_LOOKUP_ENGINE = os.environ.get("GEODATA_LOOKUP_ENGINE", "auto")
    # The coverage map's first view (about 220 m: under a pixel at the province-wide zoom 9).
    GEODATA_OVERVIEW_TOLERANCE = float(os.environ.get("GEODATA_OVERVIEW_TOLERANCE", 0.002))
    # Built GeoJSON/TopoJSON bodies, shared by workers and restarts; unset: instance folder,
    # empty: memory only.
    GEODATA_CACHE_DIR = os.environ.get("GEODATA_CACHE_DIR")
    # How long a process answers place searches from its index before it reads the area
    # revision again (relief.public.search): areas another process imported appear in it
    # within this many seconds; the importing process's own searches see them at once.
    SEARCH_RECHECK_SECONDS = float(os.environ.get("SEARCH_RECHECK_SECONDS", 5))
    # Build the map's TopoJSON when boundaries are imported (off in tests: they build on use).
    GEODATA_BUILD_ON_IMPORT = os.environ.get("GEODATA_BUILD_ON_IMPORT", "0") == "1"
    # Public village pages for anonymous visitors, renewed by writes (relief.core.cache).
    PUBLIC_PAGE_CACHE = os.environ.get("PUBLIC_PAGE_CACHE", "1") == "1"
    PUBLIC_PAGE_CACHE_TIMEOUT = int(os.environ.get("PUBLIC_PAGE_CACHE_TIMEOUT", 300))
    # Pages and JSON answers compressed for clients that accept it (Flask-Compress): the
    # province map page is 300 kB of HTML, 40 kB gzipped, on a phone's weak signal. Brotli
    # where the browser offers it (HTTPS), else gzip; streamed answers (exports) are left
    # streaming. Static files and TopoJSON are stored compressed and sent as they are.
    # BREACH: the session cookie is SameSite=Lax, so a cross-site page cannot have a signed-in
    # browser fetch (and time) a page that carries its CSRF token; see the closing note.
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_BR_LEVEL = 5  # 10 % smaller than 4 for the map page, half a millisecond more
    COMPRESS_LEVEL = 6
    COMPRESS_STREAMS = False
    COMPRESS_MIMETYPES = ["text/html", "application/json", "text/css", "text/javascript"]
    # The coverage map's data per event, date and region (relief.maps.view.view_data), kept
    # until a write about a village there commits (relief.core.cache.cached_value).
    MAP_DATA_CACHE = os.environ.get("MAP_DATA_CACHE", "1") == "1"
    # What every public page reads from reference data alone (the events its picker offers),
    # kept in each process until a reference write commits (relief.core.cache.reference_value).
    REFERENCE_CACHE = os.environ.get("REFERENCE_CACHE", "1") == "1"
    # Public pages offer every open event and those ended within this many days (?event=).
    PUBLIC_EVENT_RECENT_DAYS = int(os.environ.get("PUBLIC_EVENT_RECENT_DAYS", 30))
    # Audit chain (relief/audit): the HMAC key lives outside the database; required in
    # production, demo/testing fall back to a published development key.
    AUDIT_KEY = os.environ.get("AUDIT_KEY")
    AUDIT_ANCHOR_FILE = os.environ.get("AUDIT_ANCHOR_FILE")  # default instance/audit-anchors.log
    # A deployment upgraded from the unkeyed chain: entries up to this seq verify unkeyed.
    AUDIT_LEGACY_UNKEYED_UNTIL = int(os.environ.get("AUDIT_LEGACY_UNKEYED_UNTIL") or 0)

    # Absolute links in notifications (https://host, no trailing slash needed).
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    # Notification channels (relief/alerts/channels.py); a channel without its host or URL is off.
    MAIL_HOST = os.environ.get("MAIL_HOST", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", 25))
    MAIL_USER = os.environ.get("MAIL_USER", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_STARTTLS = os.environ.get("MAIL_STARTTLS", "0") == "1"
    MAIL_FROM = os.environ.get("MAIL_FROM", "pantau-bantuan@localhost")
    MAIL_TO = os.environ.get("MAIL_TO", "")  # comma-separated
    ALERT_WEBHOOK_URL = os.environ.get("ALERT_WEBHOOK_URL", "")
    ALERT_WEBHOOK_SECRET = os.environ.get("ALERT_WEBHOOK_SECRET", "")
    ALERT_NOTIFY_TIMEOUT_S = float(os.environ.get("ALERT_NOTIFY_TIMEOUT_S", 5.0))
    ALERT_NOTIFY_MAX_ATTEMPTS = int(os.environ.get("ALERT_NOTIFY_MAX_ATTEMPTS", 8))
    # Retry n waits BACKOFF_S * 4**(n-1): 60 s, 4 min, 16 min, ~1 h, ~4 h ...
    ALERT_NOTIFY_BACKOFF_S = float(os.environ.get("ALERT_NOTIFY_BACKOFF_S", 60))
    # A message being sent by a worker that died is sent again after this long.
    ALERT_NOTIFY_LEASE_S = float(os.environ.get("ALERT_NOTIFY_LEASE_S", 120))
    # Live events' alert rules run by the worker every N minutes (deadlines, "no delivery").
    ALERT_EVALUATE_MINUTES = int(os.environ.get("ALERT_EVALUATE_MINUTES", 15))
    # Job queue (relief/core/jobs.py): Redis when REDIS_URL is set, else this SQLite file
    # (default: beside a SQLite database, else instance/jobs.sqlite).
    JOBS_SQLITE_PATH = os.environ.get("JOBS_SQLITE_PATH", "")
    JOBS_IMMEDIATE = os.environ.get("JOBS_IMMEDIATE", "0") == "1"  # run jobs in the caller
    JOBS_WORKERS = int(os.environ.get("JOBS_WORKERS", 2))  # threads of `flask worker`
    JOBS_LEASE_S = float(os.environ.get("JOBS_LEASE_S", 1800))  # a run "running" longer is lost
    JOBS_KEEP_DAYS = int(os.environ.get("JOBS_KEEP_DAYS", 7))  # successful runs kept this long
    # SMS/WhatsApp gateway (relief/channels): inbound hooks are off without their secret.
    SMS_INBOUND_SECRET = os.environ.get("SMS_INBOUND_SECRET", "")
    SMS_OUTBOUND_URL = os.environ.get("SMS_OUTBOUND_URL", "")  # replies also POSTed here
    SMS_OUTBOUND_SECRET = os.environ.get("SMS_OUTBOUND_SECRET", "")  # default: inbound secret
    SMS_OUTBOUND_TIMEOUT_S = float(os.environ.get("SMS_OUTBOUND_TIMEOUT_S", 10))
    SMS_TWILIO_AUTH_TOKEN = os.environ.get("SMS_TWILIO_AUTH_TOKEN", "")
    SMS_RAPIDPRO_TOKEN = os.environ.get("SMS_RAPIDPRO_TOKEN", "")
    SMS_SENDER_LIMIT = os.environ.get("SMS_SENDER_LIMIT", "10 per hour;30 per day")
    SMS_NUMBER = os.environ.get("SMS_NUMBER", "")  # shown on the public poster when set


class ProductionConfig(Config):
    """PostgreSQL through DATABASE_URL, secure cookies, no demo accounts."""

    PRODUCTION = True
    DEMO_MODE = os.environ.get("DEMO_MODE", "0") == "1"
    SESSION_COOKIE_SECURE = True


class TestingConfig(Config):
    """Used by the test suite; the database URL comes from the fixture."""

    TESTING = True
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    # Fixtures write straight to the tables, past the signals that renew cached pages;
    # tests/public/test_page_cache.py turns the cache on.
    PUBLIC_PAGE_CACHE = False
    MAP_DATA_CACHE = False  # tests/maps/test_map_cache.py turns it on
    REFERENCE_CACHE = False  # tests/public/test_event_choice.py turns it on
    SECRET_KEY = TESTING_SECRET_KEY
    GEODATA_CACHE_DIR = ""  # tests that need the disk cache point it at a temporary folder
    VILLAGE_PIN_HASH_METHOD = "pbkdf2:sha256:1000"  # fast hashes for test PINs
    JOBS_IMMEDIATE = True  # jobs run in the caller; tests of the worker switch it off
    PUBLIC_BASE_URL = "https://pantau.example.id"
    GEODATA_BUILD_ON_IMPORT = False
    # Fixtures put areas back straight in the tables; tests/public/test_search.py sets it.
    SEARCH_RECHECK_SECONDS = 0.0


CONFIGS = {"default": Config, "production": ProductionConfig, "testing": TestingConfig}
