"""Vietnam's 54 ethnic groups with the statistics office's codes (01-54)."""

from hocvuso.core.text import fold

ETHNICITIES: list[tuple[str, str]] = [
    ("01", "Kinh"), ("02", "Tày"), ("03", "Thái"), ("04", "Hoa"), ("05", "Khmer"),
    ("06", "Mường"), ("07", "Nùng"), ("08", "Mông"), ("09", "Dao"), ("10", "Gia Rai"),
    ("11", "Ngái"), ("12", "Ê Đê"), ("13", "Ba Na"), ("14", "Xơ Đăng"),
    ("15", "Sán Chay"), ("16", "Cơ Ho"), ("17", "Chăm"), ("18", "Sán Dìu"),
    ("19", "Hrê"), ("20", "Mnông"), ("21", "Ra Glai"), ("22", "Xtiêng"),
    ("23", "Bru - Vân Kiều"), ("24", "Thổ"), ("25", "Giáy"), ("26", "Cơ Tu"),
    ("27", "Giẻ Triêng"), ("28", "Mạ"), ("29", "Khơ Mú"), ("30", "Co"),
    ("31", "Tà Ôi"), ("32", "Chơ Ro"), ("33", "Kháng"), ("34", "Xinh Mun"),
    ("35", "Hà Nhì"), ("36", "Chu Ru"), ("37", "Lào"), ("38", "La Chí"),
    ("39", "La Ha"), ("40", "Phù Lá"), ("41", "La Hủ"), ("42", "Lự"), ("43", "Lô Lô"),
    ("44", "Chứt"), ("45", "Mảng"), ("46", "Pà Thẻn"), ("47", "Cờ Lao"),
    ("48", "Cống"), ("49", "Bố Y"), ("50", "Si La"), ("51", "Pu Péo"),
    ("52", "Brâu"), ("53", "Ơ Đu"), ("54", "Rơ Măm"),
]  # fmt: skip

KINH = "01"
ETHNICITY_NAMES = dict(ETHNICITIES)
# Other spellings seen in commune lists.
_ALIASES = {
    "khome": "05",
    "kho me": "05",
    "kho-me": "05",
    "khơ me": "05",
    "hmong": "08",
    "h'mong": "08",
    "cham": "17",
    "ede": "12",
    "e de": "12",
    "bana": "13",
}
_BY_FOLDED = {fold(name).replace("-", " "): code for code, name in ETHNICITIES}
_BY_FOLDED.update({fold(k): v for k, v in _ALIASES.items()})


def ethnicity_code(value: str) -> str | None:
    """Return the code of an ethnic group named or numbered in ``value``."""
    key = fold(value).replace("-", " ").replace("dan toc ", "").strip()
    if key.isdigit() and f"{int(key):02d}" in ETHNICITY_NAMES:
        return f"{int(key):02d}"
    return _BY_FOLDED.get(key) or _BY_FOLDED.get(key.replace(" ", ""))
