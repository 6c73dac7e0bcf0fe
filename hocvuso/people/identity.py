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

_NON_DIGITS = re.compile(r"[^\d+]")
CCCD_RE = re.compile(r"^\d{12}$")
MOBILE_RE = re.compile(r"^0\d{9}$")
LANDLINE_RE = re.compile(r"^02\d{9}$")


def normalise_phone(raw: str) -> str | None:
    """Return 0xxxxxxxxx from "+84 912 345 678", "84912345678", "0912.345.678"...

    Returns None when the value cannot be a Vietnamese phone number.
    """
    value = _NON_DIGITS.sub("", raw or "")
    if not value:
        return None
    if value.startswith("+84"):
        value = "0" + value[3:]
    elif value.startswith("0084"):
        value = "0" + value[4:]
    elif value.startswith("84") and len(value) == 11:
        value = "0" + value[2:]
    elif len(value) == 9 and value[0] in "35789":
        value = "0" + value  # Excel dropped the leading zero
    if "+" in value:
        return None
    if MOBILE_RE.match(value) or LANDLINE_RE.match(value):
        return value
    return None


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
