"""The only place that reads the environment.

Every setting that can change between machines comes from here, with no secret
defaults: the demo secret key is generated into ``var/`` on first use.
"""

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("HOCVUSO_VAR_DIR", BASE_DIR / "var"))


def flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def text(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def generated_secret(filename: str) -> str:
    """Return a secret stored in ``var/``, creating it with 0600 on first use."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / filename
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


def required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise RuntimeError(f"{name} must be set in production mode")
    return value
