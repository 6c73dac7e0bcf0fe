"""A deterministic synthetic population on the real communes of An Giang.

An Giang since 1 July 2025 is the former An Giang and Kiên Giang provinces
together: 102 communes, wards and special zones (code 91), with its centre in
phường Rạch Giá. The demo loads those official units, adds hamlets (ấp,
khóm, khu phố) under them and fills the hamlets with households and people
whose names, ages, ethnic groups and digital milestones look like the
province: Khmer communities around Bảy Núi (Tri Tôn, Tịnh Biên) and in the
former Kiên Giang, Chăm communities around Tân Châu and An Phú, Hoa families
in the towns, island hamlets in the special zones.

Everything is drawn from ``random.Random`` seeded per commune and per hamlet,
so a seed always gives the same hamlets, names and counts, whichever
communes are built and in whatever order. No CCCD number is ever made up.

Rows are written in bulk, not through the per-row services, but they are the
rows those services write: the same dedupe keys
(``identity.household_key``/``person_key``), folded names, unit paths,
household heads and a Consent with the official-register basis for every
stored ethnicity and disability. A commune that already has households is
left alone, so running the demo again adds nothing.
"""

import datetime
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from hocvuso.accounts.models import Role, RoleGrant, User
from hocvuso.accounts.services import role_grant, user_create
from hocvuso.core.models import AuditAction
from hocvuso.core.services import audit_record, audit_record_many
from hocvuso.core.text import fold, nfc
from hocvuso.geography.models import COMMUNE_KINDS, Unit, UnitKind
from hocvuso.geography.services import unit_create_local, units_load_official
from hocvuso.people.identity import household_key, person_key
from hocvuso.people.models import (
    Assistance,
    Consent,
    ConsentBasis,
    Disability,
    Household,
    Milestone,
    MilestoneKind,
    MilestoneSource,
    Person,
    PovertyStatus,
    SensitiveCategory,
    Sex,
    TargetGroup,
)

PROVINCE_CODE = "91"
DEMO_SEED = 2025
DEMO_PASSWORD = "hocvuso-demo-2025"  # noqa: S105 - the documented demo password
# Ages are reckoned in this year; birth years run 1930-2024.
REFERENCE_YEAR = 2025
OLDEST_AGE, YOUNGEST_AGE = REFERENCE_YEAR - 1930, REFERENCE_YEAR - 2024
# The day the new communes opened their registers: the basis of the consents.
REGISTER_DAY = datetime.date(2025, 7, 1)
MILESTONES_FROM = datetime.date(2024, 1, 1)
MILESTONES_TO = datetime.date(2025, 9, 30)

RACH_GIA, BINH_AN = "30742", "30898"

# The sign-ins the demo creates, one per role; README and tests read this list.
DEMO_ACCOUNTS: list[dict[str, str]] = [
    {
        "role": Role.PROVINCE_ADMIN,
        "unit_code": PROVINCE_CODE,
        "unit_name": "An Giang",
        "phone": "0900000001",
        "full_name": "Trần Minh Khoa",
    },
    {
        "role": Role.COMMUNE_OFFICER,
        "unit_code": RACH_GIA,
        "unit_name": "Phường Rạch Giá",
        "phone": "0900000002",
        "full_name": "Lê Thị Thu Hà",
    },
    {
        "role": Role.COMMUNE_OFFICER,
        "unit_code": BINH_AN,
        "unit_name": "Xã Bình An",
        "phone": "0900000003",
        "full_name": "Phạm Quốc Bảo",
    },
    {
        "role": Role.TEAM_LEADER,
        "unit_code": f"{BINH_AN}-001",
        "unit_name": "Ấp Vĩnh Thành A",
        "phone": "0900000004",
        "full_name": "Huỳnh Văn Tài",
    },
    {
        "role": Role.VOLUNTEER,
        "unit_code": f"{BINH_AN}-001",
        "unit_name": "Ấp Vĩnh Thành A",
        "phone": "0900000005",
        "full_name": "Võ Ngọc Hân",
    },
    {
        "role": Role.VOLUNTEER,
        "unit_code": f"{RACH_GIA}-001",
        "unit_name": "Khu phố Rạch Giồng",
        "phone": "0900000006",
        "full_name": "Lâm Gia Huy",
    },
    {
        "role": Role.INSTRUCTOR,
        "unit_code": RACH_GIA,
        "unit_name": "Phường Rạch Giá",
        "phone": "0900000007",
        "full_name": "Đặng Thị Mỹ Linh",
    },
    {
        "role": Role.CONTENT_EDITOR,
        "unit_code": PROVINCE_CODE,
        "unit_name": "An Giang",
        "phone": "0900000008",
        "full_name": "Bùi Thanh Tùng",
    },
    {
        "role": Role.LEARNER,
        "unit_code": BINH_AN,
        "unit_name": "Xã Bình An",
        "phone": "0900000009",
        "full_name": "Thạch Thị Sa Ri",
    },
]


# --- The province, commune by commune ---------------------------------------


def _words(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(text.split(sep))


@dataclass(frozen=True)
class Area:
    """What a commune's hamlets look like: who lives there and where it lies."""

    weight: float = 1.0  # population relative to an average commune
    khmer: float = 0.004
    hoa: float = 0.003
    cham: float = 0.0
    remote: float = 0.0  # share of hamlets that are remote or mountainous
    coastal: float = 0.0  # share of hamlets on the coast


# Special zones and island communes (Hòn Nghệ, Sơn Hải, Tiên Hải).
ISLANDS = {"31078", "31105", "31108", "30814", "30811", "30781"}

AREAS: dict[str, Area] = {
    # Towns, with Hoa families.
    RACH_GIA: Area(weight=3.5, khmer=0.05, hoa=0.08, coastal=0.4),
    "30760": Area(weight=2.0, khmer=0.08, hoa=0.03, coastal=0.3),  # Vĩnh Thông
    "30307": Area(weight=3.0, khmer=0.01, hoa=0.05),  # Long Xuyên
    "30292": Area(weight=2.0, khmer=0.01, hoa=0.02),  # Bình Đức
    "30301": Area(weight=2.0, khmer=0.01, hoa=0.02),  # Mỹ Thới
    "30316": Area(weight=2.0, khmer=0.02, hoa=0.04, cham=0.02),  # Châu Đốc
    "30325": Area(weight=1.2, khmer=0.05, hoa=0.02, remote=0.2),  # Vĩnh Tế
    "30376": Area(weight=1.8, hoa=0.03, cham=0.01),  # Tân Châu
    "30377": Area(weight=1.5, hoa=0.01),  # Long Phú
    "30769": Area(weight=1.5, khmer=0.05, hoa=0.08, coastal=0.5),  # Hà Tiên
    "30766": Area(weight=1.2, khmer=0.05, hoa=0.03, coastal=0.3),  # Tô Châu
    # Chăm communities around Tân Châu and An Phú.
    "30403": Area(khmer=0.0, cham=0.25),  # Châu Phong
    "30367": Area(cham=0.08),  # Vĩnh Hậu
    "30346": Area(cham=0.06),  # Nhơn Hội
    "30341": Area(cham=0.04),  # Khánh Bình
    # Bảy Núi (Tri Tôn, Tịnh Biên): Khmer villages in the Seven Mountains.
    "30577": Area(khmer=0.6, remote=0.5),  # Ô Lâm
    "30544": Area(weight=1.3, khmer=0.45, remote=0.4),  # Tri Tôn
    "30580": Area(khmer=0.4, remote=0.4),  # Cô Tô
    "30547": Area(khmer=0.35, remote=0.4),  # Ba Chúc
    "30568": Area(khmer=0.35, remote=0.3),  # Vĩnh Gia
    "30526": Area(khmer=0.45, remote=0.5),  # An Cư
    "30538": Area(weight=0.7, khmer=0.3, remote=0.7),  # Núi Cấm
    "30520": Area(weight=1.2, khmer=0.25, hoa=0.01, remote=0.2),  # Tịnh Biên
    "30505": Area(khmer=0.35, remote=0.3),  # Chi Lăng
    "30502": Area(khmer=0.2, remote=0.2),  # Thới Sơn
    # Former Kiên Giang: Gò Quao, Châu Thành, Giồng Riềng, Hòn Đất and around.
    BINH_AN: Area(khmer=0.3),
    "30952": Area(khmer=0.35),  # Gò Quao
    "30958": Area(khmer=0.4),  # Định Hòa
    "30970": Area(khmer=0.45),  # Vĩnh Hòa Hưng
    "30982": Area(khmer=0.25),  # Vĩnh Tuy
    "30880": Area(khmer=0.25),  # Châu Thành
    "30886": Area(khmer=0.2),  # Thạnh Lộc
    "30904": Area(weight=1.2, khmer=0.25),  # Giồng Riềng
    "30910": Area(khmer=0.2),  # Thạnh Hưng
    "30934": Area(khmer=0.35),  # Hòa Hưng
    "30928": Area(khmer=0.25),  # Ngọc Chúc
    "30943": Area(khmer=0.25),  # Long Thạnh
    "30949": Area(khmer=0.25),  # Hòa Thuận
    "30817": Area(khmer=0.15, coastal=0.4),  # Hòn Đất
    "30835": Area(khmer=0.15),  # Sơn Kiên
    "30838": Area(khmer=0.15),  # Mỹ Thuận
    "30823": Area(khmer=0.15, coastal=0.3),  # Bình Sơn
    "30826": Area(khmer=0.15, coastal=0.3),  # Bình Giang
    "30796": Area(khmer=0.2, remote=0.4),  # Giang Thành
    "30793": Area(khmer=0.15, remote=0.2),  # Vĩnh Điều
    "30787": Area(khmer=0.08, coastal=0.4),  # Kiên Lương
    "31027": Area(khmer=0.15, remote=0.4),  # U Minh Thượng
    "31012": Area(khmer=0.1),  # Vĩnh Hòa
    "30985": Area(khmer=0.08, coastal=0.4),  # An Biên
    "30988": Area(khmer=0.1, coastal=0.4),  # Tây Yên
    "31006": Area(khmer=0.1),  # Đông Thái
    "31018": Area(khmer=0.06, coastal=0.4),  # An Minh
    "31042": Area(khmer=0.05, coastal=0.5),  # Vân Khánh
    "31031": Area(khmer=0.05, coastal=0.3),  # Tân Thạnh
    "31069": Area(khmer=0.1),  # Vĩnh Thuận
    "31051": Area(khmer=0.08),  # Vĩnh Phong
    # Islands.
    "31078": Area(weight=4.0, khmer=0.01, hoa=0.03, remote=0.1),  # Phú Quốc
    "31108": Area(weight=0.6, remote=0.5),  # Kiên Hải
    "31105": Area(weight=0.05, remote=1.0),  # Thổ Châu
    "30814": Area(weight=0.15, remote=0.5),  # Hòn Nghệ
    "30811": Area(weight=0.15, remote=0.5),  # Sơn Hải
    "30781": Area(weight=0.1, remote=0.5),  # Tiên Hải
}

# Hamlet names a commune uses first, in this order; more are generated.
HAMLET_NAMES: dict[str, tuple[str, ...]] = {
    RACH_GIA: _words(
        "Khu phố Rạch Giồng|Khu phố Vĩnh Lạc|Khu phố Vĩnh Thanh Vân|Khu phố An Hòa|"
        "Khu phố Vĩnh Quang|Khu phố Vĩnh Lợi|Khu phố Rạch Sỏi|Khu phố Vĩnh Bảo",
        sep="|",
    ),
    BINH_AN: _words(
        "Ấp Vĩnh Thành A|Ấp Vĩnh Thành B|Ấp Phước Lợi|Ấp Tà Keo|Ấp Hòa Thạnh|"
        "Ấp Minh An|Ấp Sóc Xoài|Ấp Vĩnh Hòa",
        sep="|",
    ),
    "30307": _words(
        "Khóm Đông Thịnh|Khóm Bình Khánh|Khóm Mỹ Phước|Khóm Đông An|"
        "Khóm Tây Khánh|Khóm Mỹ Quý",
        sep="|",
    ),
    "30316": _words(
        "Khóm Châu Long|Khóm Vĩnh Đông|Khóm Châu Quới|Khóm Vĩnh Tây|"
        "Khóm Mỹ Chánh|Khóm Châu Thới",
        sep="|",
    ),
    "30403": _words(
        "Ấp Châu Giang|Ấp Phũm Soài|Ấp Vĩnh Lợi|Ấp Phước Hưng|Ấp Châu Phú|Ấp Hòa Long",
        sep="|",
    ),
    "30577": _words(
        "Ấp Phnôm Pi|Ấp Ô Lâm|Ấp Sóc Tức|Ấp Tà Đảnh|Ấp Phước Lọc|Ấp Ô Tà Sóc|"
        "Ấp Tà Ngáo|Ấp Sà Lôn",
        sep="|",
    ),
    "30952": _words(
        "Ấp Phước Thạnh|Ấp Sóc Ven|Ấp Hòa Hưng|Ấp Vĩnh Hòa|Ấp Tà Tây|"
        "Ấp Phước Trung|Ấp Thạnh Bình",
        sep="|",
    ),
    "31078": _words(
        "Khu phố Dương Đông|Khu phố An Thới|Ấp Gành Dầu|Ấp Cửa Cạn|Ấp Hàm Ninh|"
        "Ấp Bãi Thơm|Ấp Rạch Vẹm|Ấp Suối Mây|Ấp Cửa Dương|Ấp Rạch Tràm",
        sep="|",
    ),
    "31108": _words(
        "Ấp Hòn Tre|Ấp Bãi Nhà|Ấp Bãi Giếng|Ấp An Sơn|Ấp Củ Tron|Ấp Bãi Bấc",
        sep="|",
    ),
    "31105": ("Ấp Bãi Ngự", "Ấp Bãi Dong", "Ấp Bãi Nhất"),
}

# `small`: eight communes that show every kind of place the movement reaches.
SMALL_COMMUNES = (
    RACH_GIA,  # provincial centre; khu phố Rạch Giồng
    BINH_AN,  # ấp Vĩnh Thành A
    "31078",  # đặc khu Phú Quốc
    "30577",  # xã Ô Lâm, Khmer majority in Bảy Núi
    "30403",  # xã Châu Phong, Chăm community
    "30307",  # phường Long Xuyên
    "30316",  # phường Châu Đốc
    "30952",  # xã Gò Quao, Khmer in the former Kiên Giang
)


@dataclass(frozen=True)
class Scale:
    people: int
    communes: tuple[str, ...] | None  # None: all 102


SCALES = {
    "small": Scale(people=5_000, communes=SMALL_COMMUNES),
    "province": Scale(people=3_700_000, communes=None),
}
PEOPLE_PER_HAMLET = 1_900  # sets the number of hamlets at province scale


def _is_former_an_giang(code: str) -> bool:
    """Communes of the former An Giang province have codes below Kiên Giang's."""
    return int(code) < 30730


def area_of(unit: Unit) -> Area:
    area = AREAS.get(unit.code)
    if area is not None:
        return area
    if unit.kind == UnitKind.WARD:
        return Area(weight=1.5, hoa=0.01)
    return Area()


# --- Hamlet names ------------------------------------------------------------


NAME_FIRST = _words(
    "An Bình Hòa Long Mỹ Phú Phước Tân Thạnh Thới Vĩnh Đông Tây Hưng Khánh "
    "Lợi Thuận Hiệp Trung Thành Định Nhơn Hội Kiến Quới"
)
NAME_SECOND = _words(
    "An Bình Hòa Lợi Thạnh Hưng Phú Thành Thuận Điền Lộc Khánh Hiệp Quới Tân "
    "Lạc Trung Hậu Thới Đông Tây Long Mỹ Phước Xuân Hữu Đức Hảo Tiến Phát"
)
PLACE_NAMES = _words(
    "Kênh Xáng|Xẻo Rô|Cái Bần|Kinh Tư|Ba Hòn|Vàm Răng|Xẻo Nhàu|Giồng Kè|"
    "Láng Cát|Rạch Tràm|Bờ Đập|Cây Dương|Xà Xiêm|Vàm Rầy|Cống Tre|Ngã Ba|"
    "Mương Điều|Cây Gáo|Xẻo Đước|Rạch Chanh|Cái Sao|Đập Đá|Cây Sộp|Lung Lớn|"
    "Tràm Dưới",
    sep="|",
)
KHMER_PLACE_NAMES = _words(
    "Phnôm Pi|Sóc Tức|Tà Đảnh|Ô Tà Sóc|Ô Lâm|Tà Ngáo|Sà Lôn|Ô Thum|Sóc Xoài|"
    "Ba Xoài|Tà Lọt|Tô Thuận|Sóc Triết|Ô Rè|Tà Miệt|Sóc Ven|Phnôm Xoài|Tà Păng|"
    "Ô Chum|Sóc Sơn|Tà Tây|Tà Keo|Ô Mịch|Sóc Chuối|Phum Chà",
    sep="|",
)
CHAM_PLACE_NAMES = ("Châu Giang", "Phũm Soài", "Đa Phước")
_KHMER_FOLDED = {fold(n) for n in KHMER_PLACE_NAMES}
_CHAM_FOLDED = {fold(n) for n in CHAM_PLACE_NAMES}
PREFIX_KINDS = {
    "Ấp": UnitKind.HAMLET,
    "Khu phố": UnitKind.QUARTER,
    "Khóm": UnitKind.KHOM,
}


def _kind_of(name: str) -> str:
    for prefix, kind in PREFIX_KINDS.items():
        if name.startswith(prefix + " "):
            return kind
    return UnitKind.HAMLET


def _root(name: str) -> str:
    for prefix in PREFIX_KINDS:
        if name.startswith(prefix + " "):
            return name[len(prefix) + 1 :]
    return name


@dataclass(frozen=True)
class HamletPlan:
    name: str
    kind: str
    is_remote: bool
    is_coastal_island: bool
    is_ethnic_minority_area: bool
    khmer: float
    hoa: float
    cham: float


def _local_prefix(unit: Unit) -> str:
    if unit.kind == UnitKind.WARD:
        return "Khóm" if _is_former_an_giang(unit.code) else "Khu phố"
    return "Ấp"


def hamlet_names(unit: Unit, area: Area, rng: random.Random, count: int) -> list[str]:
    """``count`` distinct hamlet names for a commune; longer lists extend shorter."""
    fixed = HAMLET_NAMES.get(unit.code, ())
    names = list(fixed[:count])
    taken = {fold(n) for n in names}
    prefix = _local_prefix(unit)
    numbered = unit.kind == UnitKind.WARD and not fixed and rng.random() < 0.4
    number = 0
    pending: list[str] = []
    while len(names) < count:
        if numbered:
            number += 1
            candidate = f"{prefix} {number}"
        elif pending:
            candidate = pending.pop(0)
        else:
            draw = rng.random()
            if draw < area.khmer * 1.2 and prefix == "Ấp":
                root = rng.choice(KHMER_PLACE_NAMES)
            elif draw < area.khmer * 1.2 + 0.15 and prefix == "Ấp":
                root = rng.choice(PLACE_NAMES)
            else:
                first = rng.choice(NAME_FIRST)
                second = rng.choice([s for s in NAME_SECOND if s != first])
                root = f"{first} {second}"
            if rng.random() < 0.2:
                pending.append(f"{prefix} {root} B")
                root = f"{root} A"
            candidate = f"{prefix} {root}"
        if fold(candidate) in taken:
            continue
        taken.add(fold(candidate))
        names.append(candidate)
    return names


def hamlet_plans(unit: Unit, seed: int, count: int) -> list[HamletPlan]:
    """The first ``count`` hamlets of a commune, with their flags and peoples."""
    area = area_of(unit)
    rng = random.Random(f"{seed}:{unit.code}:hamlets")
    island = unit.code in ISLANDS or unit.kind == UnitKind.SPECIAL_ZONE
    names = hamlet_names(unit, area, rng, count)
    roots = [fold(_root(n)).removesuffix(" a").removesuffix(" b") for n in names]
    # Khmer families gather in the hamlets with Khmer names; the commune's
    # share stays what AREAS says.
    khmer_named = [r in _KHMER_FOLDED for r in roots]
    share = sum(khmer_named) / len(names)
    in_named = min(0.9, 2 * area.khmer) if share < 1 else area.khmer
    elsewhere = max(0.0, (area.khmer - share * in_named) / (1 - share or 1))
    plans = []
    for name, root, named in zip(names, roots, khmer_named, strict=True):
        khmer = in_named if named else elsewhere
        cham = 0.6 if root in _CHAM_FOLDED else area.cham * 0.3
        mountain = root.startswith(("phnom", "nui"))
        is_remote = mountain or rng.random() < area.remote
        coastal = island or rng.random() < area.coastal
        plans.append(
            HamletPlan(
                name=nfc(name),
                kind=_kind_of(name),
                is_remote=is_remote,
                is_coastal_island=coastal,
                is_ethnic_minority_area=khmer + cham >= 0.3,
                khmer=khmer,
                hoa=area.hoa,
                cham=cham,
            )
        )
    return plans


# --- People ------------------------------------------------------------------

KINH_FAMILY = {
    "Nguyễn": 31,
    "Trần": 11,
    "Lê": 9,
    "Phạm": 6,
    "Huỳnh": 5,
    "Phan": 4.5,
    "Võ": 4,
    "Đặng": 2,
    "Bùi": 2,
    "Đỗ": 1.5,
    "Hồ": 1.3,
    "Ngô": 1.3,
    "Dương": 1,
    "Lý": 0.6,
    "Trương": 1,
    "Đoàn": 0.8,
    "Lâm": 0.8,
    "Mai": 0.6,
    "Cao": 0.6,
    "Châu": 0.5,
    "Tô": 0.4,
    "Thái": 0.4,
    "Lưu": 0.4,
    "Hà": 0.4,
    "Đinh": 0.4,
    "Tạ": 0.3,
    "Hoàng": 0.5,
}
MALE_MIDDLE = _words("Minh Hoàng Quốc Thanh Đức Hữu Công Tấn Gia Anh Chí Thành Trọng")
FEMALE_MIDDLE = _words("Ngọc Thanh Thu Kim Bảo Mỹ Phương Hồng Diễm Khánh Tuyết Bích")
MALE_GIVEN = _words(
    "Hùng Dũng Tuấn Minh Phúc Lộc Tài Nam Hải Sơn Thành Trung Hiếu Khang Huy "
    "Bảo Khoa Nhân Tín Nghĩa Lợi Tâm Hòa Thắng Cường Quang Vinh Phong Đạt Kiệt "
    "Duy Toàn Lâm Tú Hậu Thiện Trí Phát An Khải"
)
FEMALE_GIVEN = _words(
    "Lan Hoa Hương Mai Linh Trang Ngân Thảo Vy Nhi Hằng Yến Tuyết Nga Phượng "
    "Loan Hạnh Thủy Diệu Trinh Nhung Hà My Châu Uyên Ánh Xuân Hồng Cúc Tiên "
    "Thư Hân Quyên Trâm Như"
)
KHMER_MALE_GIVEN = _words(
    "Sóc Khon|Sô Phal|Phi Rum|Sa Rây|Kim Sang|Sóc Kha|Hên|Sa Vi|Ri Đa|Som Bát|"
    "Đa Ra|Rết|Ray|Phol|Sa Ren|Thươl|Sa Bol|Khanh|Sóc Ty|Chanh Đa|Sơ Ri|Sa Rath|"
    "Pho|Sa Rum|Hùng|Tài|Dũng|Sang",
    sep="|",
)
KHMER_FEMALE_GIVEN = _words(
    "Sa Rươne|Sa Ri|Sô Phia|Sa Muôn|Chanh Thi|Sóc Phia|Ny|Ra Ny|Sa Vy|Đa Ni|"
    "Mây|Thi|Sa Ly|Kim Thoa|Sóc Ly|Sa Phon|Chen Đa|Sà Phi|Hồng|Thu|Lan",
    sep="|",
)
KHMER_FAMILY = {"Danh": 50, "Thạch": 15, "Sơn": 12, "Kim": 10, "Lâm": 8, "Lý": 5}
HOA_FAMILY = {
    "Lâm": 12,
    "Lý": 10,
    "Quách": 8,
    "Trương": 8,
    "Hứa": 7,
    "Mã": 6,
    "Tăng": 5,
    "Diệp": 4,
    "Lưu": 5,
    "Thái": 4,
    "Trần": 8,
    "Huỳnh": 6,
    "Châu": 4,
    "La": 3,
}
HOA_MALE_MIDDLE = _words("Minh Gia Quốc Tấn Văn Chí Vĩnh Kiến")
HOA_FEMALE_MIDDLE = _words("Ngọc Mỹ Thị Tú Kim Bội Huệ")
HOA_MALE_GIVEN = _words("Phát Huy Kiệt Tài Khải Vinh Hào Hưng Cường Thành Đạt Long")
HOA_FEMALE_GIVEN = _words("Muội Lệ Huệ Quyên Mẫn Hoa Lan Phụng Linh Nghi Hân Trân")
CHAM_FAMILY = ("Mohamad", "Ysa", "Sa", "Ly", "Ha", "Mu Sa")
CHAM_MALE_GIVEN = _words(
    "Sa Ly|Ha Sanh|Ka Rim|Ro Ha Ni|Sết|A Mát|Yu Sốp|Ha Mít|Ku Sai|Sa Man|Ri Dôn|"
    "Y Sa|I Sa|Đa Út",
    sep="|",
)
CHAM_FEMALE_GIVEN = _words(
    "Ma Ri Ya|Sa Ni|Pha Ti Mah|Ka Ri Mah|Ha Li Mah|Roh Ha Na|Sa Phi Yah|Ai Sah|"
    "Ma Ry Dah|Ha Wa|Sa Mi Ah",
    sep="|",
)

KINH, HOA, KHMER, CHAM = "01", "04", "05", "17"
HEAD, WIFE, HUSBAND, CHILD, GRANDCHILD, FATHER, MOTHER = (
    "Chủ hộ",
    "Vợ",
    "Chồng",
    "Con",
    "Cháu",
    "Cha",
    "Mẹ",
)
HOUSEHOLD_SIZES = {1: 8, 2: 17, 3: 22, 4: 26, 5: 15, 6: 8, 7: 4}  # mean ≈ 3.6
HEAD_AGES = ((25, 34, 20), (35, 44, 25), (45, 54, 23), (55, 64, 17), (65, 74, 9))
HEAD_AGES += ((75, 90, 5),)
DISABILITY_WEIGHTS = {
    Disability.MOBILITY: 35,
    Disability.VISION: 20,
    Disability.HEARING: 15,
    Disability.INTELLECTUAL: 10,
    Disability.MENTAL: 10,
    Disability.OTHER: 10,
}
MOBILE_PREFIXES = _words(
    "032 033 034 035 036 037 038 039 052 056 058 059 070 076 077 078 079 081 "
    "082 083 084 085 086 088 089 090 091 092 093 094 096 097 098 099"
)
LADDER = (
    MilestoneKind.VNEID_L1,
    MilestoneKind.VNEID_L2,
    MilestoneKind.BANK_ACCOUNT,
    MilestoneKind.CASHLESS_PAYMENT,
    MilestoneKind.ONLINE_PUBLIC_SERVICE,
    MilestoneKind.EHEALTH_BOOK,
)
SOURCES = {
    MilestoneSource.VISIT: 45,
    MilestoneSource.OFFICER: 30,
    MilestoneSource.CLASS: 12,
    MilestoneSource.SELF_REPORT: 8,
    MilestoneSource.IMPORT: 5,
}
STREETS = _words(
    "Nguyễn Trung Trực|Mạc Cửu|Lạc Hồng|Trần Phú|Lê Lợi|Nguyễn Hùng Sơn|"
    "Ngô Quyền|3 Tháng 2|Lâm Quang Ky|Huỳnh Tịnh Của|Trần Hưng Đạo|"
    "Hai Bà Trưng|Lý Thường Kiệt|Nguyễn Trãi|Quang Trung|Hùng Vương|"
    "Phan Đình Phùng|Nguyễn Huệ|Tôn Đức Thắng|Võ Thị Sáu|Lê Hồng Phong|"
    "Trần Quang Khải|Mạc Thiên Tích|Bạch Đằng|Nguyễn An Ninh|Châu Văn Liêm",
    sep="|",
)


@dataclass
class MilestonePlan:
    kind: str
    achieved_on: datetime.date
    source: str
    assistance: str


@dataclass
class PersonPlan:
    full_name: str
    relation: str
    sex: str
    birth_year: int
    ethnicity: str
    phone: str = ""
    has_smartphone: bool | None = None
    target_group: str = TargetGroup.CITIZEN
    preferred_language: str = "vi"
    disabilities: list[str] = field(default_factory=list)
    milestones: list[MilestonePlan] = field(default_factory=list)

    @property
    def age(self) -> int:
        return REFERENCE_YEAR - self.birth_year


@dataclass
class HouseholdPlan:
    address: str
    poverty_status: str
    members: list[PersonPlan]

    @property
    def head(self) -> PersonPlan:
        return self.members[0]


def _pick(rng: random.Random, weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _kinh_name(rng: random.Random, sex: str, birth_year: int, family: str) -> str:
    old_style = 0.8 if birth_year < 1970 else 0.5 if birth_year < 1990 else 0.2
    if sex == Sex.FEMALE:
        middle = "Thị" if rng.random() < old_style else rng.choice(FEMALE_MIDDLE)
        given = rng.choice(FEMALE_GIVEN)
    else:
        middle = "Văn" if rng.random() < old_style else rng.choice(MALE_MIDDLE)
        given = rng.choice(MALE_GIVEN)
    if birth_year >= 1995 and middle not in {"Thị", "Văn"} and rng.random() < 0.2:
        pool = FEMALE_MIDDLE if sex == Sex.FEMALE else MALE_MIDDLE
        middle = f"{middle} {rng.choice([m for m in pool if m != middle])}"
    return f"{family} {middle} {given}"


def _family_name(rng: random.Random, ethnicity: str) -> str:
    if ethnicity == KHMER:
        return _pick(rng, KHMER_FAMILY)
    if ethnicity == HOA:
        return _pick(rng, HOA_FAMILY)
    if ethnicity == CHAM:
        return rng.choice(CHAM_FAMILY)
    return _pick(rng, KINH_FAMILY)


def person_name(
    rng: random.Random,
    *,
    sex: str,
    birth_year: int,
    ethnicity: str,
    family: str,
    chau_neang: bool,
) -> str:
    """A name as the commune register writes it, in Vietnamese script."""
    female = sex == Sex.FEMALE
    if ethnicity == KHMER:
        given = rng.choice(KHMER_FEMALE_GIVEN if female else KHMER_MALE_GIVEN)
        if chau_neang:  # former An Giang: Chau for men, Néang for women
            return f"{'Néang' if female else 'Chau'} {given}"
        if female:
            return f"Thị {given}" if family == "Danh" else f"{family} Thị {given}"
        return f"{family} {given}"
    if ethnicity == HOA:
        middle = rng.choice(HOA_FEMALE_MIDDLE if female else HOA_MALE_MIDDLE)
        given = rng.choice(HOA_FEMALE_GIVEN if female else HOA_MALE_GIVEN)
        return f"{family} {middle} {given}"
    if ethnicity == CHAM:
        if female:
            given = rng.choice(CHAM_FEMALE_GIVEN)
            return given if rng.random() < 0.5 else f"{family} {given}"
        return f"{family} {rng.choice(CHAM_MALE_GIVEN)}"
    return _kinh_name(rng, sex, birth_year, family)


def _ethnicity(rng: random.Random, hamlet: HamletPlan) -> str:
    draw = rng.random()
    if draw < hamlet.khmer:
        return KHMER
    if draw < hamlet.khmer + hamlet.cham:
        return CHAM
    if draw < hamlet.khmer + hamlet.cham + hamlet.hoa:
        return HOA
    return KINH


def _clamp_age(age: int) -> int:
    return max(YOUNGEST_AGE, min(OLDEST_AGE, age))


def _household_shape(rng: random.Random) -> list[tuple[str, str, int]]:
    """(relation, sex, age) of each member, the head first."""
    size = int(_pick(rng, HOUSEHOLD_SIZES))
    if size == 1:
        elderly = rng.random() < 0.45
        age = rng.randint(60, 92) if elderly else rng.randint(25, 59)
        sex = Sex.FEMALE if rng.random() < (0.65 if elderly else 0.4) else Sex.MALE
        return [(HEAD, sex, age)]
    low, high, _weight = rng.choices(HEAD_AGES, weights=[b[2] for b in HEAD_AGES])[0]
    head_age = rng.randint(low, high)
    head_sex = Sex.MALE if rng.random() < 0.72 else Sex.FEMALE
    members = [(HEAD, head_sex, head_age)]
    left = size - 1
    spouse_chance = 0.9 if head_age < 65 else 0.65 if head_age < 75 else 0.45
    mother_age = head_age
    if rng.random() < spouse_chance:
        if head_sex == Sex.MALE:
            mother_age = _clamp_age(max(20, head_age - rng.randint(-1, 7)))
            members.append((WIFE, Sex.FEMALE, mother_age))
        else:
            members.append(
                (HUSBAND, Sex.MALE, _clamp_age(head_age + rng.randint(0, 6)))
            )
        left -= 1
    if left and head_age < 50 and rng.random() < (0.45 if size >= 4 else 0.2):
        parents = [(FATHER, Sex.MALE), (MOTHER, Sex.FEMALE)]
        rng.shuffle(parents)
        for relation, sex in parents[: min(left, rng.randint(1, 2))]:
            members.append((relation, sex, _clamp_age(head_age + rng.randint(22, 34))))
            left -= 1
    while left:
        sex = Sex.MALE if rng.random() < 0.5 else Sex.FEMALE
        if head_age >= 58 and rng.random() < 0.45:
            age = rng.randint(1, min(20, head_age - 40))
            members.append((GRANDCHILD, sex, _clamp_age(age)))
        else:
            youngest = max(1, mother_age - 42)
            oldest = max(youngest, mother_age - 18)
            members.append((CHILD, sex, _clamp_age(rng.randint(youngest, oldest))))
        left -= 1
    return members


def _phone(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES)[0:3] + f"{rng.randint(1_000_000, 9_999_999)}"


def _person_facts(
    rng: random.Random, person: PersonPlan, *, town: bool, hamlet: HamletPlan
) -> None:
    age = person.age
    if age >= 18:
        phone_chance = 0.92 if age < 60 else 0.7 if age < 75 else 0.4
    else:
        phone_chance = 0.6 if age >= 15 else 0.0
    if rng.random() < phone_chance:
        person.phone = _phone(rng)
    if age >= 12:
        if person.phone:
            smart = (
                0.96 if age < 40 else 0.85 if age < 60 else 0.55 if age < 75 else 0.3
            )
        else:
            smart = 0.3 if age < 18 else 0.0
        person.has_smartphone = rng.random() < smart
    if 6 <= age <= 17 or (18 <= age <= 22 and rng.random() < 0.45):
        person.target_group = TargetGroup.STUDENT
    elif 23 <= age <= 60 and rng.random() < (0.06 if town else 0.035):
        person.target_group = TargetGroup.CIVIL_SERVANT
    elif 18 <= age <= 55 and rng.random() < (0.18 if town else 0.12):
        person.target_group = TargetGroup.ENTERPRISE_WORKER
    disability_chance = (
        0.012 if age < 18 else 0.022 if age < 60 else 0.07 if age < 75 else 0.16
    )
    if rng.random() < disability_chance:
        kinds = {_pick(rng, DISABILITY_WEIGHTS)}
        if rng.random() < 0.1:
            kinds.add(_pick(rng, DISABILITY_WEIGHTS))
        person.disabilities = sorted(str(k) for k in kinds)
    if person.ethnicity == KHMER and rng.random() < (0.5 if age >= 50 else 0.25):
        person.preferred_language = "km"
    if person.has_smartphone and age >= 15:
        person.milestones = _milestones(
            rng, age=age, hamlet=hamlet, ethnicity=person.ethnicity
        )


def _milestones(
    rng: random.Random, *, age: int, hamlet: HamletPlan, ethnicity: str
) -> list[MilestonePlan]:
    reached = 0.55 if age < 30 else 0.5 if age < 45 else 0.45 if age < 60 else 0.35
    if hamlet.is_remote or ethnicity != KINH:
        reached *= 0.8
    if rng.random() >= reached:
        return []
    go_on = 0.8 if age < 30 else 0.7 if age < 50 else 0.55 if age < 65 else 0.4
    help_chance = 0.25 if age < 40 else 0.5 if age < 60 else 0.8
    span = (MILESTONES_TO - MILESTONES_FROM).days - 90
    day = MILESTONES_FROM + datetime.timedelta(days=rng.randint(0, span))
    steps = ([MilestoneKind.SMARTPHONE] if age >= 50 else []) + list(LADDER)
    plans = []
    for kind in steps:
        if plans and rng.random() >= go_on:
            break
        if rng.random() < 0.05:
            assistance = Assistance.UNKNOWN
        elif rng.random() < help_chance:
            assistance = Assistance.WITH_HELP
        else:
            assistance = Assistance.ALONE
        plans.append(
            MilestonePlan(
                kind=kind,
                achieved_on=min(day, MILESTONES_TO),
                source=_pick(rng, SOURCES),
                assistance=assistance,
            )
        )
        day += datetime.timedelta(days=rng.randint(0, 75))
    return plans


def _poverty(
    rng: random.Random, head: PersonPlan, size: int, hamlet: HamletPlan, town: bool
) -> str:
    factor = 1.0
    if head.ethnicity in {KHMER, CHAM}:
        factor *= 2.2
    elif head.ethnicity == HOA:
        factor *= 0.5
    if hamlet.is_remote:
        factor *= 1.5
    if size == 1 and head.age >= 60:
        factor *= 1.6
    if town:
        factor *= 0.6
    draw = rng.random()
    if draw < 0.028 * factor:
        return PovertyStatus.POOR
    if draw < 0.066 * factor:
        return PovertyStatus.NEAR_POOR
    return PovertyStatus.NONE


def household_plans(
    *, seed: int, commune: Unit, index: int, hamlet: HamletPlan, people: int
) -> list[HouseholdPlan]:
    """Households of one hamlet until about ``people`` people live there."""
    rng = random.Random(f"{seed}:{commune.code}:{index}")
    town = hamlet.kind in {UnitKind.QUARTER, UnitKind.KHOM}
    chau_neang = _is_former_an_giang(commune.code)
    streets = rng.sample(STREETS, rng.randint(2, 4))
    number, group = rng.randint(1, 20), 1
    households: list[HouseholdPlan] = []
    total = 0
    while total < people:
        number += rng.randint(1, 4)
        if town:
            address = f"Số {number}, {streets[len(households) % len(streets)]}"
        else:
            group += rng.random() < 1 / 15
            address = f"Số {number}, tổ {group}"
        shape = _household_shape(rng)
        ethnicity = _ethnicity(rng, hamlet)
        family = _family_name(rng, ethnicity)
        father_family = family
        members: list[PersonPlan] = []
        # Folded names differ within a household, as its people's keys must.
        names: set[str] = set()
        for relation, sex, age in shape:
            member_ethnicity = ethnicity
            member_family = family
            if relation in {WIFE, HUSBAND}:
                if ethnicity != KINH and rng.random() < 0.08:
                    member_ethnicity = KINH
                member_family = _family_name(rng, member_ethnicity)
                if relation == HUSBAND:
                    father_family = member_family
            elif relation in {CHILD, GRANDCHILD}:
                member_family = father_family
            for _attempt in range(100):
                name = person_name(
                    rng,
                    sex=sex,
                    birth_year=REFERENCE_YEAR - age,
                    ethnicity=member_ethnicity,
                    family=member_family,
                    chau_neang=chau_neang,
                )
                if fold(name) not in names:
                    break
            names.add(fold(name))
            person = PersonPlan(
                full_name=nfc(name),
                relation=relation,
                sex=sex,
                birth_year=REFERENCE_YEAR - age,
                ethnicity=member_ethnicity,
            )
            _person_facts(rng, person, town=town, hamlet=hamlet)
            members.append(person)
        households.append(
            HouseholdPlan(
                address=address,
                poverty_status=_poverty(rng, members[0], len(members), hamlet, town),
                members=members,
            )
        )
        total += len(members)
    return households


# --- Writing -----------------------------------------------------------------


@dataclass
class DemoSummary:
    """What one run created; a second run with the same seed creates nothing."""

    scale: str
    seed: int
    units: Counter = field(default_factory=Counter)  # kind -> units created
    households: int = 0
    people: int = 0
    consents: int = 0
    milestones: int = 0
    visits: int = 0  # door-to-door visits of the demo teams
    agents: int = 0  # Đại lý số digital agents
    users: int = 0
    grants: int = 0
    communes_built: list[str] = field(default_factory=list)
    communes_skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0


def demo_accounts_exist() -> bool:
    return User.objects.filter(phone__in=[a["phone"] for a in DEMO_ACCOUNTS]).exists()


def _communes(scale: Scale) -> list[Unit]:
    communes = Unit.objects.filter(
        parent__code=PROVINCE_CODE, kind__in=COMMUNE_KINDS, valid_to__isnull=True
    )
    if scale.communes is not None:
        communes = communes.filter(code__in=scale.communes)
    return sorted(communes, key=lambda u: u.code)


def _people_targets(communes: list[Unit], total: int) -> dict[str, int]:
    weights = {c.code: area_of(c).weight for c in communes}
    whole = sum(weights.values())
    return {code: max(20, round(total * w / whole)) for code, w in weights.items()}


def _hamlet_count(commune: Unit, people: int, scale_name: str, seed: int) -> int:
    if scale_name == "small":
        return random.Random(f"{seed}:{commune.code}:count").randint(4, 8)
    return max(3, min(45, round(people / PEOPLE_PER_HAMLET)))


def _hamlets_ensure(
    commune: Unit, plans: list[HamletPlan], summary: DemoSummary
) -> list[Unit]:
    """The commune's hamlets for ``plans``: existing ones by name, others created.

    New rows are those ``unit_create_local`` makes (code "<commune>-NNN",
    path, folded name, flags inherited from the commune), written in one batch.
    They carry no start date: the hamlets were there before the 2025 communes.
    """
    existing = {u.name_folded: u for u in Unit.objects.active().filter(parent=commune)}
    prefix = f"{commune.code}-"
    taken = {
        code[len(prefix) :]
        for code in Unit.objects.filter(
            parent=commune, code__startswith=prefix
        ).values_list("code", flat=True)
    }
    number = len(taken)
    units, new = [], []
    for plan in plans:
        unit = existing.get(fold(plan.name))
        if unit is None:
            number += 1
            while f"{number:03d}" in taken:
                number += 1
            code = f"{prefix}{number:03d}"
            unit = Unit(
                code=code,
                name=plan.name,
                name_folded=fold(plan.name),
                kind=plan.kind,
                level=3,
                parent=commune,
                path=f"{commune.path}{code}/",
                is_remote=plan.is_remote or commune.is_remote,
                is_coastal_island=plan.is_coastal_island or commune.is_coastal_island,
                is_ethnic_minority_area=plan.is_ethnic_minority_area,
            )
            new.append(unit)
            summary.units[plan.kind] += 1
        units.append(unit)
    if new:
        Unit.objects.bulk_create(new)
        audit_record_many(
            actor=None,
            action=AuditAction.CREATE,
            object_type="unit",
            rows=[(u.pk, u.path) for u in new],
            detail={"source": "demo"},
        )
    return units


_MISSING = object()


class _Table:
    """Rows of one model written with ``executemany``, ready for the database.

    ``bulk_create`` prepares every value of every row through its field, which
    costs more than the insert itself at province scale. Here a field prepares
    each distinct date or JSON value once, missing fields take their default,
    and ids are reserved before writing so rows can point at each other
    (foreign keys are checked at commit). Use inside one transaction.
    """

    def __init__(self, model, *, with_id: bool) -> None:
        ops = connection.ops
        self.model = model
        self.fields = [
            f for f in model._meta.concrete_fields if with_id or not f.primary_key
        ]
        self.now = ops.adapt_datetimefield_value(timezone.now())
        self.prepared: dict[str, dict] = {}
        self.defaults = {}
        for f in self.fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.defaults[f.attname] = self.now
            elif not f.primary_key:
                self.defaults[f.attname] = f.get_db_prep_save(
                    f.get_default(), connection
                )
        adapt = {"JSONField", "DateField", "DateTimeField"}
        self.columns = [
            (
                f.attname,
                f.get_internal_type() in adapt,
                f,
                self.defaults.get(f.attname),
            )
            for f in self.fields
        ]
        columns = ", ".join(ops.quote_name(f.column) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        table = ops.quote_name(model._meta.db_table)
        # Only the model's own table and column names go into the text.
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
        self.rows: list[tuple] = []
        self.next_id: int | None = None

    def reserve(self, count: int) -> list[int]:
        """``count`` new primary keys for this table."""
        table, pk = self.model._meta.db_table, self.model._meta.pk.column
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                    "FROM generate_series(1, %s)",
                    [table, pk, count],
                )
                return [row[0] for row in cursor.fetchall()]
            if self.next_id is None:  # the write lock is held until commit
                quote = connection.ops.quote_name
                cursor.execute(f"SELECT MAX({quote(pk)}) FROM {quote(table)}")  # noqa: S608
                self.next_id = (cursor.fetchone()[0] or 0) + 1
        first, self.next_id = self.next_id, self.next_id + count
        return list(range(first, first + count))

    def add(self, **values) -> None:
        row = []
        for name, adapt, field_, default in self.columns:
            value = values.get(name, _MISSING)
            if value is _MISSING:
                value = default
            elif adapt:
                cache = self.prepared.setdefault(name, {})
                key = tuple(value) if isinstance(value, list) else value
                if key not in cache:
                    cache[key] = field_.get_db_prep_save(value, connection)
                value = cache[key]
            row.append(value)
        self.rows.append(tuple(row))

    def flush(self) -> int:
        written = len(self.rows)
        if self.rows:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, self.rows)
            self.rows = []
        return written


@dataclass
class _Tables:
    households: _Table
    people: _Table
    consents: _Table
    milestones: _Table

    @classmethod
    def open(cls) -> "_Tables":
        return cls(
            households=_Table(Household, with_id=True),
            people=_Table(Person, with_id=True),
            consents=_Table(Consent, with_id=False),
            milestones=_Table(Milestone, with_id=False),
        )


def _hamlet_write(
    hamlet: Unit,
    households: list[HouseholdPlan],
    *,
    tables: _Tables,
    officer: User | None,
    volunteer: User | None,
    summary: DemoSummary,
) -> None:
    """Write one hamlet's households, people, consents and milestones.

    The rows are those ``household_register``, ``person_register`` and
    ``milestone_record`` write: same keys, folded names, unit path, head, and
    a Consent (official register) for each person with ethnicity/disability.
    """
    household_ids = tables.households.reserve(len(households))
    person_ids = iter(tables.people.reserve(sum(len(h.members) for h in households)))
    recorders = {
        MilestoneSource.VISIT: getattr(volunteer, "pk", None),
        MilestoneSource.OFFICER: getattr(officer, "pk", None),
    }
    for household_id, plan in zip(household_ids, households, strict=True):
        key = household_key(address=plan.address, head_name=plan.head.full_name)
        member_ids = [next(person_ids) for _member in plan.members]
        tables.households.add(
            id=household_id,
            unit_id=hamlet.pk,
            unit_path=hamlet.path,
            code="",
            address=plan.address,
            head_id=member_ids[0],
            head_name_folded=fold(plan.head.full_name),
            poverty_status=plan.poverty_status,
            dedupe_key=key,
        )
        for person_id, member in zip(member_ids, plan.members, strict=True):
            tables.people.add(
                id=person_id,
                unit_id=hamlet.pk,
                unit_path=hamlet.path,
                household_id=household_id,
                full_name=member.full_name,
                name_folded=fold(member.full_name),
                birth_year=member.birth_year,
                sex=member.sex,
                phone=member.phone,
                relation_to_head=member.relation,
                target_group=member.target_group,
                has_smartphone=member.has_smartphone,
                preferred_language=member.preferred_language,
                ethnicity=member.ethnicity,
                disabilities=member.disabilities,
                national_id_hash=None,
                dedupe_key=person_key(
                    name=member.full_name,
                    birth_year=member.birth_year,
                    phone=member.phone,
                    household_key=key,
                ),
                created_by_id=None,
            )
            categories = [SensitiveCategory.ETHNICITY] if member.ethnicity else []
            if member.disabilities:
                categories.append(SensitiveCategory.DISABILITY)
            if categories:
                tables.consents.add(
                    person_id=person_id,
                    categories=[str(c) for c in categories],
                    basis=ConsentBasis.OFFICIAL_REGISTER,
                    given_on=REGISTER_DAY,
                    recorded_by_id=None,
                    withdrawn_at=None,
                )
            for fact in member.milestones:
                tables.milestones.add(
                    person_id=person_id,
                    kind=fact.kind,
                    achieved_on=fact.achieved_on,
                    source=fact.source,
                    assistance=fact.assistance,
                    note="",
                    recorded_by_id=recorders.get(fact.source),
                    request_id=None,
                )
    # Households first: people point at them, and they at their heads.
    summary.households += tables.households.flush()
    summary.people += tables.people.flush()
    summary.consents += tables.consents.flush()
    summary.milestones += tables.milestones.flush()


def _accounts_ensure(summary: DemoSummary) -> list[tuple[str, Unit, User]]:
    """The demo sign-ins and their grants; existing accounts are kept as they are.

    Returns (role, unit, user) for each of DEMO_ACCOUNTS, in its order: what
    the orchestrator hands to each app's demo builder, so those builders need
    nothing from this module.
    """
    sign_ins: list[tuple[str, Unit, User]] = []
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(phone=account["phone"]).first()
        if user is None:
            user = user_create(
                actor=None,
                phone=account["phone"],
                full_name=account["full_name"],
                password=DEMO_PASSWORD,
            )
            summary.users += 1
        unit = _account_unit(account)
        held = RoleGrant.objects.active().filter(
            user=user, role=account["role"], unit=unit
        )
        if not held.exists():
            role_grant(actor=None, user=user, role=account["role"], unit=unit)
            summary.grants += 1
        sign_ins.append((account["role"], unit, user))
    return sign_ins


def _account_unit(account: dict[str, str]) -> Unit:
    """The unit of an account: by code, or a hamlet by name within its commune."""
    code = account["unit_code"]
    unit = Unit.objects.filter(code=code).first()
    if unit is not None and (unit.level < 3 or unit.name == account["unit_name"]):
        return unit
    commune = Unit.objects.get(code=code.split("-")[0])
    return Unit.objects.active().filter(
        parent=commune, name_folded=fold(account["unit_name"])
    ).first() or unit_create_local(
        actor=None,
        parent=commune,
        name=account["unit_name"],
        kind=_kind_of(account["unit_name"]),
    )


def demo_populate(
    *,
    scale: str = "small",
    seed: int = DEMO_SEED,
    people: int | None = None,
    progress: Callable[[int, int, Unit, DemoSummary], None] | None = None,
) -> DemoSummary:
    """Build the demo province: official units, hamlets, people, sign-ins.

    Rules: the same seed gives the same data; a commune that already has
    households is skipped, so a second run adds nothing; each commune is
    written in one transaction, so an interrupted run resumes cleanly.
    ``progress`` is called after each commune with (done, total, commune,
    summary so far).
    """
    started = time.monotonic()
    chosen = SCALES[scale]
    summary = DemoSummary(scale=scale, seed=seed)
    official = Unit.objects.filter(path__under=f"/{PROVINCE_CODE}/", level__lte=2)
    before = set(official.values_list("code", flat=True))
    units_load_official(province_code=PROVINCE_CODE)
    for code, kind in official.values_list("code", "kind"):
        if code not in before:
            summary.units[kind] += 1
    communes = _communes(chosen)
    targets = _people_targets(communes, people or chosen.people)
    if connection.vendor == "sqlite" and sum(targets.values()) > 100_000:
        with connection.cursor() as cursor:  # indexes outgrow the default cache
            cursor.execute("PRAGMA cache_size = -262144")
    populated = {
        c.code
        for c in communes
        if Household.objects.filter(unit_path__under=c.path).exists()
    }
    work: list[tuple[Unit, list[HamletPlan], list[Unit]]] = []
    with transaction.atomic():
        for commune in communes:
            if commune.code in populated:
                summary.communes_skipped.append(commune.code)
                continue
            count = _hamlet_count(commune, targets[commune.code], scale, seed)
            plans = hamlet_plans(commune, seed, count)
            work.append((commune, plans, _hamlets_ensure(commune, plans, summary)))
        sign_ins = _accounts_ensure(summary)
    users = {
        account["phone"]: user
        for account, (_, _, user) in zip(DEMO_ACCOUNTS, sign_ins, strict=True)
    }
    officers = {
        a["unit_code"]: users[a["phone"]]
        for a in DEMO_ACCOUNTS
        if a["role"] == Role.COMMUNE_OFFICER
    }
    volunteers = {
        a["unit_code"]: users[a["phone"]]
        for a in DEMO_ACCOUNTS
        if a["role"] == Role.VOLUNTEER
    }
    for done, (commune, plans, hamlets) in enumerate(work, start=1):
        _commune_write(
            commune,
            plans,
            hamlets,
            seed=seed,
            people=targets[commune.code],
            officer=officers.get(commune.code),
            volunteers=volunteers,
            summary=summary,
        )
        summary.communes_built.append(commune.code)
        if progress is not None:
            progress(done, len(work), commune, summary)
    from hocvuso.assessment.demo import learner_demo_ensure
    from hocvuso.classes.demo import classes_demo_ensure
    from hocvuso.outreach.demo import outreach_demo_ensure
    from hocvuso.programmes.agents.demo import agents_demo_ensure

    hamlet = next(unit for role, unit, _ in sign_ins if role == Role.TEAM_LEADER)
    learner_demo_ensure(
        hamlet=hamlet,
        volunteer=next(
            user
            for role, unit, user in sign_ins
            if role == Role.VOLUNTEER and unit == hamlet
        ),
    )
    classes_demo_ensure(sign_ins=sign_ins)
    summary.visits = outreach_demo_ensure(sign_ins=sign_ins, seed=seed)
    summary.agents = agents_demo_ensure(communes=communes, seed=seed)
    summary.seconds = time.monotonic() - started
    return summary


def _split(total: int, count: int, rng: random.Random) -> list[int]:
    weights = [rng.uniform(0.6, 1.4) for _ in range(count)]
    whole = sum(weights)
    return [max(5, round(total * w / whole)) for w in weights]


@transaction.atomic
def _commune_write(
    commune: Unit,
    plans: list[HamletPlan],
    hamlets: list[Unit],
    *,
    seed: int,
    people: int,
    officer: User | None,
    volunteers: dict[str, User],
    summary: DemoSummary,
) -> None:
    before = (summary.households, summary.people)
    tables = _Tables.open()
    sizes = _split(people, len(plans), random.Random(f"{seed}:{commune.code}:sizes"))
    for index, (plan, hamlet, size) in enumerate(
        zip(plans, hamlets, sizes, strict=True)
    ):
        households = household_plans(
            seed=seed, commune=commune, index=index, hamlet=plan, people=size
        )
        _hamlet_write(
            hamlet,
            households,
            tables=tables,
            officer=officer,
            volunteer=volunteers.get(hamlet.code),
            summary=summary,
        )
    audit_record(
        actor=None,
        action=AuditAction.IMPORT,
        object_type="unit",
        object_id=commune.pk,
        unit_path=commune.path,
        detail={
            "source": "demo",
            "seed": seed,
            "households": summary.households - before[0],
            "people": summary.people - before[1],
        },
    )


def iter_account_rows() -> Iterable[dict[str, str]]:
    """DEMO_ACCOUNTS with the unit names as they stand in the database."""
    names = dict(
        Unit.objects.filter(
            code__in=[a["unit_code"] for a in DEMO_ACCOUNTS]
        ).values_list("code", "name")
    )
    for account in DEMO_ACCOUNTS:
        yield {
            **account,
            "unit_name": names.get(account["unit_code"], account["unit_name"]),
        }
