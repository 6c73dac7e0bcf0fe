"""Production: behind nginx over HTTPS, on PostgreSQL; see docs/deploy.md.

Refuses to start unless the environment sets every value below that has no safe
default, and says which are missing, before anything else is read or written.
"""

from django.core.exceptions import ImproperlyConfigured

from config import env

REQUIRED = {
    "SECRET_KEY": "signs sessions and CSRF tokens; 50 random characters or more",
    "NATIONAL_ID_HASH_KEY": (
        "keys the hash of national ID numbers; never change it once people exist"
    ),
    "ALLOWED_HOSTS": "the site's host names, comma-separated",
    "DATABASE_URL": "postgres://user@host:5432/hocvuso",
}


def _problems() -> list[str]:
    problems = [
        f"  {name}: {meaning}"
        for name, meaning in REQUIRED.items()
        if not env.text(name).strip()
    ]
    key = env.text("SECRET_KEY").strip()
    if key and (len(key) < 50 or len(set(key)) < 5):
        problems.append("  SECRET_KEY: too short (50 random characters or more)")
    url = env.text("DATABASE_URL").strip()
    if url and not url.startswith(("postgres://", "postgresql://")):
        problems.append("  DATABASE_URL: production runs on PostgreSQL")
    return problems


if _problems():
    raise ImproperlyConfigured(
        "hocvuso will not start in production mode (config.settings.prod) until"
        " these are set in its environment (/etc/hocvuso/env, docs/deploy.md):\n"
        + "\n".join(_problems())
    )

from .base import *  # noqa: E402, F403
from .base import LOGGING  # noqa: E402

DEBUG = False

# nginx terminates TLS and tells the app with X-Forwarded-Proto; the probes of
# /healthz and /readyz come straight to the app server over its socket.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# The preload list takes only a registrable domain (not a province's
# subdomain of gov.vn) and its owner submits it: the header stays off here.
SECURE_HSTS_PRELOAD = env.flag("HOCVUSO_HSTS_PRELOAD")
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# nginx sets X-Real-IP to the client's address; only the proxy may say so.
TRUSTED_PROXIES = ["127.0.0.1", "::1", ""]

LOG_DIR = env.text("HOCVUSO_LOG_DIR")
if LOG_DIR:
    LOGGING = {
        **LOGGING,
        "handlers": {
            **LOGGING["handlers"],
            "requests": {
                "class": "logging.handlers.WatchedFileHandler",
                "filename": f"{LOG_DIR}/requests.log",
                "formatter": "bare",
            },
        },
        "loggers": {
            **LOGGING["loggers"],
            "hocvuso.requests": {
                "handlers": ["requests"],
                "level": "INFO",
                "propagate": False,
            },
        },
    }
