"""How a person and a household are recognised again, without storing more.

- The national ID number (CCCD, 12 digits) is kept only as HMAC-SHA256 under
  ``settings.NATIONAL_ID_HASH_KEY``: it finds the same person again but cannot
  be read back.
- Without a CCCD, a person is the same when their unit, folded name, birth
  year and phone match; a household when unit and code (or folded address and
  head's name) match. Keys are hashes so they carry no readable data.
"""

import hashlib
import hmac
import re

from django.conf import settings

from hocvuso.core.text import fold

# People's own modules name the phone rule with the identity rules it feeds.
from hocvuso.core.text import normalise_phone as normalise_phone

CCCD_RE = re.compile(r"^\d{12}$")


def national_id_hash(cccd: str) -> str:
    digits = re.sub(r"\D", "", cccd or "")
    if not CCCD_RE.match(digits):
        raise ValueError("A CCCD number has 12 digits.")
    key = settings.NATIONAL_ID_HASH_KEY.encode()
    return hmac.new(key, digits.encode(), hashlib.sha256).hexdigest()


def _digest(*parts: object) -> str:
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(text.encode()).hexdigest()


def person_key(
    *, name: str, birth_year: int | None, phone: str | None, household_key: str = ""
) -> str:
    return _digest("p1", fold(name), birth_year, phone or "", household_key)


def household_key(*, code: str = "", address: str = "", head_name: str = "") -> str:
    if code.strip():
        return _digest("h1-code", fold(code))
    return _digest("h1", fold(address), fold(head_name))
