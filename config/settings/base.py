"""All settings. dev/test/prod only override what differs."""

from pathlib import Path

import dj_database_url

from config import env

BASE_DIR = env.BASE_DIR
VAR_DIR = env.VAR_DIR

DEBUG = env.flag("HOCVUSO_DEBUG")
SECRET_KEY = env.text("SECRET_KEY") or env.generated_secret("secret_key")
# Keys the national ID number hash (HMAC); rotating it breaks de-duplication.
NATIONAL_ID_HASH_KEY = env.text("NATIONAL_ID_HASH_KEY") or env.generated_secret(
    "national_id_key"
)
ALLOWED_HOSTS = [
    h.strip()
    for h in env.text("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "hocvuso.core",
    "hocvuso.geography",
    "hocvuso.accounts",
    "hocvuso.people",
    "hocvuso.learning",
    "hocvuso.outreach",
    "hocvuso.classes",
    "hocvuso.assessment",
    "hocvuso.practice",
    "hocvuso.programmes",
    "hocvuso.reporting",
    "hocvuso.demo",
    "hocvuso.operations",
    # Last: an app listed earlier wins a translation, and the admin's own
    # Vietnamese words ("Remove"…) must not replace the project's.
    "django.contrib.admin",
]

MIDDLEWARE = [
    "hocvuso.operations.middleware.ClientAddressMiddleware",
    "hocvuso.operations.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "hocvuso.operations.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hocvuso.core.middleware.DefaultLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hocvuso.core.middleware.DisplayPreferencesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hocvuso.core.context_processors.display_preferences",
                "hocvuso.accounts.context_processors.navigation",
            ],
        },
    },
]


def _database(url: str) -> dict:
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
            ),
        }
    return config


DATABASES = {
    "default": _database(
        env.text("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'hocvuso.sqlite3'}"
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "reporting:home"
LOGOUT_REDIRECT_URL = "accounts:login"
# Sign-in throttle: this many failures per phone number or per address lock
# sign-in for LOGIN_LOCK_SECONDS.
LOGIN_MAX_FAILURES = 5
LOGIN_LOCK_SECONDS = 15 * 60

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Volunteers work offline for days: a week lets queued visits sync
# without signing in again.
SESSION_COOKIE_AGE = 7 * 24 * 60 * 60
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Features no page uses are switched off for every page and anything it embeds.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "serial",
        "bluetooth",
        "browsing-topics",
    )
}
# Addresses of reverse proxies whose X-Real-IP header is believed (prod.py).
TRUSTED_PROXIES: list[str] = []

LANGUAGE_CODE = "vi"
# Vietnamese first; English and Khmer through gettext (see docs/i18n.md).
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English"), ("km", "ភាសាខ្មែរ")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "hocvuso_lang"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"
# `hocvuso backup` writes its archives here (docs/deploy.md#backups).
BACKUP_DIR = Path(env.text("HOCVUSO_BACKUP_DIR") or VAR_DIR / "backups")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_BYTES = 50 * 1024 * 1024
# Run uploaded imports in a background thread; tests run them inline.
IMPORT_RUN_INLINE = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"bare": {"format": "%(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "requests": {"class": "logging.StreamHandler", "formatter": "bare"},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    # One JSON line per request (operations.middleware.RequestLogMiddleware).
    "loggers": {
        "hocvuso.requests": {
            "handlers": ["requests"],
            "level": "INFO",
            "propagate": False,
        }
    },
}
