"""Helpers shared by the apps' tests."""

import re

# A letter only Vietnamese writes: a message in Vietnamese has at least one.
_VIETNAMESE = re.compile(
    r"[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]"
)


def is_vietnamese(text: str) -> bool:
    """True when ``text`` reads as Vietnamese (carries a Vietnamese letter)."""
    return bool(_VIETNAMESE.search((text or "").lower()))
