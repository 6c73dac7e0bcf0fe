"""Production: secrets and hosts must come from the environment."""

from config import env

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env.required("SECRET_KEY")
NATIONAL_ID_HASH_KEY = env.required("NATIONAL_ID_HASH_KEY")
SESSION_COOKIE_SECURE = env.flag("HOCVUSO_HTTPS", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = 31536000 if SESSION_COOKIE_SECURE else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
