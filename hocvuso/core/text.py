"""Vietnamese text helpers: NFC normalisation and diacritic-free search keys."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(value: str) -> str:
    """Return ``value`` in Unicode NFC with runs of white space folded to one."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def fold(value: str) -> str:
    """Return a lower-case, diacritic-free key: "Nguyễn Văn Đức" -> "nguyen van duc"."""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()
