"""Card tokens: random, shown once on the printed card, stored only as a hash."""

import hashlib
import secrets

TOKEN_BYTES = 18  # 144 bits: far beyond guessing, still a short QR code


def token_new() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()
