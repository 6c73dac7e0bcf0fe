"""Match a resident list's words to the register: columns, values, hamlets.

The vocabularies communes write (headings, yes/no, sex, poverty, disability,
target group), the parsers that turn a cell into a value or a ``CellError``,
and the hamlet finder. Imports nothing else of the import: reading uses it.
"""

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from hocvuso.core.tabular import (
    cell_text,
    heading_key,
)
from hocvuso.core.text import fold, nfc
from hocvuso.geography.models import COMMUNE_KINDS, LOCAL_KINDS, Unit, UnitKind
from hocvuso.people.ethnicities import ethnicity_code
from hocvuso.people.models import (
    Disability,
    PovertyStatus,
    Sex,
    TargetGroup,
)

# Headings as communes write them; matched without diacritics or punctuation.
ALIASES: dict[str, list[str]] = {
    "full_name": [
        "họ và tên",
        "họ tên",
        "họ và tên nhân khẩu",
        "họ tên nhân khẩu",
        "họ và tên người dân",
        "tên nhân khẩu",
        "full name",
    ],
    "birth": [
        "năm sinh",
        "ngày sinh",
        "ngày tháng năm sinh",
        "ngày sinh năm sinh",
        "năm sinh ngày sinh",
        "sinh năm",
        "birth year",
        "date of birth",
    ],
    "sex": ["giới tính", "phái", "nam nữ", "sex"],
    "phone": [
        "số điện thoại",
        "điện thoại",
        "sđt",
        "số đt",
        "đt",
        "điện thoại di động",
        "số di động",
        "di động",
        "phone",
    ],
    "national_id": [
        "số cccd",
        "cccd",
        "số căn cước công dân",
        "căn cước công dân",
        "số căn cước",
        "căn cước",
        "số định danh cá nhân",
        "số định danh",
        "mã định danh",
        "số cmnd",
        "cmnd",
    ],
    "ethnicity": ["dân tộc", "ethnicity"],
    "address": [
        "địa chỉ",
        "số nhà",
        "nơi ở",
        "nơi ở hiện nay",
        "nơi ở hiện tại",
        "chỗ ở hiện nay",
        "nơi thường trú",
        "địa chỉ thường trú",
        "address",
    ],
    "hamlet": [
        "ấp",
        "khu phố",
        "khóm",
        "tổ dân phố",
        "thôn",
        "bản",
        "phum",
        "sóc",
        "ấp khu phố",
        "ấp khóm",
        "thôn bản",
        "tên ấp",
        "hamlet",
    ],
    "household_code": [
        "mã hộ",
        "số hộ",
        "mã số hộ",
        "mã hộ gia đình",
        "số hộ gia đình",
        "số sổ hộ khẩu",
        "sổ hộ khẩu",
        "household code",
    ],
    # A column of heads' names, or of marks ("x") on the head's row.
    "head": ["chủ hộ", "họ tên chủ hộ", "họ và tên chủ hộ", "tên chủ hộ"],
    "relation": [
        "quan hệ với chủ hộ",
        "quan hệ",
        "quan hệ chủ hộ",
        "qh với chủ hộ",
        "qh với ch",
        "relation",
    ],
    "poverty": ["hộ nghèo", "diện hộ", "hộ nghèo cận nghèo", "phân loại hộ"],
    "disability": [
        "khuyết tật",
        "người khuyết tật",
        "dạng khuyết tật",
        "loại khuyết tật",
    ],
    "smartphone": [
        "có điện thoại thông minh",
        "điện thoại thông minh",
        "đtdđ thông minh",
        "có smartphone",
        "smartphone",
    ],
    "target_group": ["đối tượng", "nhóm đối tượng", "target group"],
}
REQUIRED = ("full_name", "birth")
# The code of an error naming a hamlet the commune does not have (yet).
UNKNOWN_HAMLET = "unknown_hamlet"

HEAD_RELATIONS = {"chu ho", "ch", "head"}
_YES = {"co", "x", "c", "yes", "1", "true", "v", "co su dung", "dang su dung"}
_NO = {"khong", "k", "ko", "no", "0", "false", "chua", "chua co", "khong co"}
HEAD_MARKS = _YES | HEAD_RELATIONS
SEX_VALUES = {
    "nam": Sex.MALE,
    "m": Sex.MALE,
    "male": Sex.MALE,
    "trai": Sex.MALE,
    "nu": Sex.FEMALE,
    "f": Sex.FEMALE,
    "female": Sex.FEMALE,
    "gai": Sex.FEMALE,
}
POVERTY_VALUES = {
    "ngheo": PovertyStatus.POOR,
    "ho ngheo": PovertyStatus.POOR,
    "hn": PovertyStatus.POOR,
    "x": PovertyStatus.POOR,
    "co": PovertyStatus.POOR,
    "can ngheo": PovertyStatus.NEAR_POOR,
    "ho can ngheo": PovertyStatus.NEAR_POOR,
    "hcn": PovertyStatus.NEAR_POOR,
    "cn": PovertyStatus.NEAR_POOR,
    # Not poor: nothing sensitive to store.
    "khong": "",
    "ko": "",
    "khong ngheo": "",
    "thoat ngheo": "",
    "ho thoat ngheo": "",
    "binh thuong": "",
    "trung binh": "",
    "kha": "",
}
DISABILITY_VALUES = {
    "khiem thi": Disability.VISION,
    "nhin": Disability.VISION,
    "mu": Disability.VISION,
    "khiem thinh": Disability.HEARING,
    "nghe noi": Disability.HEARING,
    "nghe": Disability.HEARING,
    "noi": Disability.HEARING,
    "cam": Disability.HEARING,
    "diec": Disability.HEARING,
    "van dong": Disability.MOBILITY,
    "tri tue": Disability.INTELLECTUAL,
    "tam than": Disability.MENTAL,
    "than kinh": Disability.MENTAL,
    "than kinh tam than": Disability.MENTAL,
    "khac": Disability.OTHER,
    "co": Disability.OTHER,
    "x": Disability.OTHER,
}
TARGET_GROUP_WORDS = [
    (("hoc sinh", "sinh vien", "hs", "sv"), TargetGroup.STUDENT),
    (("can bo", "cong chuc", "vien chuc", "cbccvc", "ccvc"), TargetGroup.CIVIL_SERVANT),
    (
        ("cong nhan", "lao dong", "doanh nghiep", "hop tac xa", "htx"),
        TargetGroup.ENTERPRISE_WORKER,
    ),
    (("nguoi dan", "nhan dan", "dan"), TargetGroup.CITIZEN),
]
HAMLET_PREFIXES = (
    "to dan pho",
    "khu pho",
    "ap",
    "khom",
    "kp",
    "tdp",
    "thon",
    "ban",
    "phum",
    "soc",
    "xom",
    "buon",
    "khu",
    "to",
)
_LEADING_ZEROS = re.compile(r"\b0+(\d)")

_LIST_SPLIT = re.compile(r"[,;/+]|\bva\b")


class CellError(Exception):
    """One cell's value is refused; the message is for the officer."""


def _text(value: Any) -> str:
    if isinstance(value, str):
        return nfc(value)
    return cell_text(value)


def _unknown(value: str, choices: Sequence[str]) -> CellError:
    return CellError(
        _("Unknown value “%(value)s”; use one of: %(choices)s.")
        % {"value": value, "choices": ", ".join(choices)}
    )


def parse_sex(value: Any) -> str:
    key = fold(_text(value))
    if not key:
        return Sex.UNKNOWN
    if key in SEX_VALUES:
        return SEX_VALUES[key]
    raise _unknown(_text(value), ["Nam", "Nữ"])


def parse_yes_no(value: Any) -> bool | None:
    key = fold(_text(value)).strip(".")
    if not key:
        return None
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise _unknown(_text(value), ["có", "không", "x"])


def parse_poverty(value: Any) -> str:
    key = fold(_text(value)).strip(".")
    if not key:
        return ""
    if key in POVERTY_VALUES:
        return POVERTY_VALUES[key]
    raise _unknown(_text(value), ["nghèo", "cận nghèo", "không"])


def parse_disabilities(value: Any) -> tuple[str, ...]:
    text = _text(value)
    found: list[str] = []
    for part in _LIST_SPLIT.split(fold(text)):
        key = part.strip(" .")
        for prefix in ("khuyet tat ", "kt "):
            if key.startswith(prefix):
                key = key[len(prefix) :]
        if not key or key in _NO:
            continue
        if key not in DISABILITY_VALUES:
            raise _unknown(
                text,
                ["khiếm thị", "khiếm thính", "vận động", "trí tuệ", "tâm thần"]
                + ["khác", "có"],
            )
        if DISABILITY_VALUES[key] not in found:
            found.append(DISABILITY_VALUES[key])
    return tuple(found)


def parse_target_group(value: Any) -> str:
    key = fold(_text(value))
    if not key:
        return TargetGroup.CITIZEN
    words = f" {re.sub(r'[^a-z0-9]+', ' ', key)} "
    for names, group in TARGET_GROUP_WORDS:
        if any(f" {name} " in words for name in names):
            return group
    raise _unknown(
        _text(value),
        ["người dân", "học sinh", "sinh viên", "cán bộ, công chức, viên chức"]
        + ["công nhân, người lao động"],
    )


def parse_ethnicity(value: Any) -> str:
    text = _text(value)
    if not text:
        return ""
    code = ethnicity_code(text)
    if code is None:
        raise CellError(_("Unknown ethnic group “%(value)s”.") % {"value": text})
    return code


# --- hamlets -------------------------------------------------------------------


def _strip_prefix(key: str, prefixes: Sequence[str]) -> tuple[str, bool]:
    for prefix in prefixes:
        if key.startswith(prefix + " ") and len(key) > len(prefix) + 1:
            return key[len(prefix) + 1 :].strip(), True
    return key, False


_LETTER_DIGIT = re.compile(r"(?<=[a-z])(?=\d)")

# The kind a hamlet's name or its column heading gives, longest prefix first.
KIND_PREFIXES: tuple[tuple[str, str], ...] = (
    ("to dan pho", UnitKind.RESIDENTIAL_GROUP),
    ("khu pho", UnitKind.QUARTER),
    ("tdp", UnitKind.RESIDENTIAL_GROUP),
    ("khom", UnitKind.KHOM),
    ("thon", UnitKind.VILLAGE),
    ("buon", UnitKind.MOUNTAIN_VILLAGE),
    ("ban", UnitKind.MOUNTAIN_VILLAGE),
    ("phum", UnitKind.HAMLET),
    ("soc", UnitKind.HAMLET),
    ("xom", UnitKind.VILLAGE),
    ("khu", UnitKind.QUARTER),
    ("kp", UnitKind.QUARTER),
    ("ap", UnitKind.HAMLET),
    ("to", UnitKind.RESIDENTIAL_GROUP),
)
# How a numbered hamlet's name is written in full: "KP3" -> "Khu phố 3".
KIND_NAMES = {
    UnitKind.HAMLET: "Ấp",
    UnitKind.VILLAGE: "Thôn",
    UnitKind.MOUNTAIN_VILLAGE: "Bản",
    UnitKind.QUARTER: "Khu phố",
    UnitKind.KHOM: "Khóm",
    UnitKind.RESIDENTIAL_GROUP: "Tổ dân phố",
}
# First words that are also ordinary words of names ("Tô Châu", "Khu Tây").
WEAK_PREFIXES = {"to", "khu", "ban"}
ABBREVIATIONS = {"kp", "tdp"}


def _hamlet_key(text: str) -> str:
    return _LEADING_ZEROS.sub(r"\1", _LETTER_DIGIT.sub(" ", heading_key(text)))


def _kind_prefix(key: str) -> tuple[str, str] | None:
    for prefix, kind in KIND_PREFIXES:
        if key == prefix or key.startswith(prefix + " "):
            return prefix, kind
    return None


def hamlet_kind(name: str, heading: str, parent: Unit) -> str:
    """The kind of a new hamlet: from its column heading, else from its name.

    "Khu phố" above the column gives quarters; "KP3" or "Thôn Đông" give
    their kind by their first word. A heading naming no single kind
    ("Ấp/Khu phố") and a name without one give a ward's usual kind (khu
    phố) or a commune's (ấp).
    """
    heading_kind = dict(KIND_PREFIXES).get(_hamlet_key(heading))
    if heading_kind:
        return heading_kind
    found = _kind_prefix(_hamlet_key(name))
    if found and found[0] not in WEAK_PREFIXES:
        return found[1]
    return UnitKind.QUARTER if parent.kind == UnitKind.WARD else UnitKind.HAMLET


def hamlet_name(name: str, kind: str) -> str:
    """The name a new hamlet gets: as written, with a short kind written out.

    "Ấp Vĩnh Thành A" stays; "KP3" and "Khu phố 03" -> "Khu phố 3",
    "TDP Bắc" -> "Tổ dân phố Bắc".
    """
    text = " ".join(nfc(name).split())
    key = _hamlet_key(text)
    found = _kind_prefix(key)
    if found is None or found[0] in WEAK_PREFIXES or key == found[0]:
        return text
    prefix = found[0]
    bare = key[len(prefix) + 1 :]
    if re.fullmatch(r"\d+[a-z]?", bare):
        return f"{KIND_NAMES[kind]} {bare.upper()}"
    if prefix in ABBREVIATIONS:
        rest = re.sub(rf"^{prefix}\s*", "", text, flags=re.IGNORECASE)
        return f"{KIND_NAMES[kind]} {rest}"
    return text


@dataclass
class NewHamlet:
    """A hamlet a list names that the commune does not have yet."""

    name: str
    kind: str
    rows: list[int] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # as the file spells it
    near: list[str] = field(default_factory=list)  # existing, similar names
    unit: Unit | None = None  # a stand-in until created, then the real unit

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "kind": self.kind,
            "rows": len(self.rows),
            "first_row": min(self.rows, default=0),
            "last_row": max(self.rows, default=0),
            "written": self.written,
            "near": self.near,
            "code": self.unit.code if self.unit is not None else "",
        }


class _Hamlets:
    """Finds a hamlet of the imported unit by the name a list gives it.

    "Ấp Vĩnh Thành A", "ap vinh thanh a" and "Vĩnh Thành A" all find the unit
    named "Vĩnh Thành A"; "Ấp 03" finds "Ấp 3" and "KP3" finds "Khu phố 3". A
    name shared by two hamlets once the kind is dropped must be written in
    full. Names found only loosely are kept in ``loose_matches`` for the
    report; names not found are kept in ``new`` (hamlets to create) when the
    unit is a commune, which can have hamlets created under it.
    """

    def __init__(self, unit: Unit):
        self.unit = unit
        self.units = list(
            Unit.objects.active()
            .filter(path__under=unit.path, kind__in=LOCAL_KINDS)
            .order_by("name")
        )
        self.exact: dict[str, Unit] = {}
        self.loose: dict[str, Unit | None] = {}
        for hamlet in self.units:
            key = _hamlet_key(hamlet.name)
            self.exact[key] = hamlet
            bare, _stripped = _strip_prefix(key, HAMLET_PREFIXES)
            self.loose[bare] = None if bare in self.loose else hamlet
        self.can_create = unit.kind in COMMUNE_KINDS
        self.new: dict[str, NewHamlet] = {}
        # name as written -> (existing hamlet, rows naming it)
        self.loose_matches: dict[str, tuple[Unit, list[int]]] = {}

    def find(self, name: str) -> Unit | None:
        key = _hamlet_key(name)
        if key in self.exact:
            return self.exact[key]
        bare, _stripped = _strip_prefix(key, HAMLET_PREFIXES)
        return self.exact.get(bare) or self.loose.get(bare)

    def note_match(self, name: str, hamlet: Unit, row: int) -> None:
        """Remember a name found only loosely ("KP3" for "Khu phố 3")."""
        if _hamlet_key(name) != _hamlet_key(hamlet.name):
            self.loose_matches.setdefault(name, (hamlet, []))[1].append(row)

    def note_new(self, name: str, heading: str, row: int | None) -> NewHamlet | None:
        """Count a row naming a hamlet the commune lacks; None if none can be made."""
        if not self.can_create:
            return None
        kind = hamlet_kind(name, heading, self.unit)
        full = hamlet_name(name, kind)
        key = _hamlet_key(full)
        new = self.new.get(key)
        if new is None:
            new = self.new[key] = NewHamlet(name=full, kind=kind, near=self.near(name))
            # A stand-in with its own negative key keeps its people apart in
            # the plan until the hamlet is created.
            number = -len(self.new)
            new.unit = Unit(
                pk=number,
                code="",
                name=full,
                kind=kind,
                parent=self.unit,
                path=f"{self.unit.path}new{-number}/",
            )
        if name not in new.written:
            new.written.append(name)
        if row is not None:
            new.rows.append(row)
        return new

    def near(self, name: str) -> list[str]:
        """Existing hamlets whose names look like ``name`` (one letter apart…)."""
        bare, _stripped = _strip_prefix(_hamlet_key(name), HAMLET_PREFIXES)
        names = {}
        for hamlet in self.units:
            key = _hamlet_key(hamlet.name)
            names.setdefault(key, hamlet.name)
            names.setdefault(_strip_prefix(key, HAMLET_PREFIXES)[0], hamlet.name)
        close = difflib.get_close_matches(bare, list(names), n=3, cutoff=0.75)
        return list(dict.fromkeys(names[k] for k in close))

    def unknown(self, name: str) -> str:
        message = _("%(unit)s has no hamlet named “%(name)s”.") % {
            "unit": self.unit.name,
            "name": name,
        }
        if self.units:
            names = [h.name for h in self.units[:15]]
            if len(self.units) > 15:
                names.append("…")
            message += " " + _("Hamlets on the map: %(names)s.") % {
                "names": ", ".join(names)
            }
        elif not self.can_create:
            message += " " + _("Add the hamlets to the map first.")
        return message
