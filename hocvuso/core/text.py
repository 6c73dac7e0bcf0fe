"""Vietnamese text helpers: NFC normalisation, diacritic-free search keys, phones."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_PHONE_NON_DIGITS = re.compile(r"[^\d+]")
MOBILE_RE = re.compile(r"^0\d{9}$")
LANDLINE_RE = re.compile(r"^02\d{9}$")


def nfc(value: str) -> str:
    """Return ``value`` in Unicode NFC with runs of white space folded to one."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def fold(value: str) -> str:
    """Return a lower-case, diacritic-free key: "Nguyễn Văn Đức" -> "nguyen van duc"."""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()


def normalise_phone(raw: str) -> str | None:
    """Return 0xxxxxxxxx from "+84 912 345 678", "84912345678", "0912.345.678"...

    Returns None when the value cannot be a Vietnamese phone number.
    """
    value = _PHONE_NON_DIGITS.sub("", raw or "")
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
