"""Digital agents for the demo province: in each demo commune a post office,
a telecom point, a bank agent, shops and trained people in some hamlets (so
the coverage page has hamlets without an agent), hamlet reference points,
and two weeks of help logged in the two communes of the demo officers.

Positions are synthetic: each commune gets a point near its real place (an
approximate centre for the eight small-scale communes, a deterministic spot
in the province for the others) and its hamlets and agents lie within a few
kilometres. A commune that already has agents is skipped, so a second run
adds nothing. Everything is written through the services."""

import datetime
import hashlib
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from hocvuso.geography.models import COMMUNE_KINDS, LOCAL_KINDS, Unit
from hocvuso.programmes.agents.models import AgentKind, AgentService, DigitalAgent
from hocvuso.programmes.agents.services import (
    agent_catalogue_defaults_ensure,
    agent_create,
    hamlet_centre_set,
    help_log_record,
)

# Approximate centres (latitude, longitude) of the small-scale communes.
CENTRES = {
    "30742": (10.012, 105.080),  # Phường Rạch Giá
    "30898": (9.955, 105.150),  # Xã Bình An
    "31078": (10.220, 103.960),  # Đặc khu Phú Quốc
    "30577": (10.380, 104.980),  # Xã Ô Lâm
    "30403": (10.790, 105.180),  # Xã Châu Phong
    "30307": (10.386, 105.435),  # Phường Long Xuyên
    "30316": (10.705, 105.117),  # Phường Châu Đốc
    "30952": (9.740, 105.280),  # Xã Gò Quao
}
LOGGED_COMMUNES = ("30898", "30742")
SHOP_OWNERS = ("Cô Ba", "Chú Tư", "Cô Năm", "Anh Sáu", "Chị Bảy", "Cô Út")
HELPERS = ("Nguyễn Văn Tâm", "Trần Thị Hoa", "Lê Minh Khang", "Thạch Sô Phal")
HOURS = {
    "post_office": "7:00–11:30 và 13:30–17:00, thứ Hai đến thứ Bảy",
    "telecom": "7:30–20:00 mỗi ngày",
    "bank_agent": "7:30–16:30, thứ Hai đến thứ Sáu; sáng thứ Bảy",
    "shop": "6:00–21:00 mỗi ngày",
    "trained_person": "Tối 18:30–20:30 và sáng Chủ nhật; gọi trước",
}
SERVICES = {
    "post_office": ("vneid", "public_service", "health_book", "bank_account"),
    "telecom": ("sim", "vneid", "bank_account"),
    "bank_agent": ("bank_account", "online_selling"),
    "shop": ("bank_account", "online_selling", "sim"),
    "trained_person": ("vneid", "public_service", "health_book"),
}


def _centre(commune: Unit) -> tuple[float, float]:
    if commune.code in CENTRES:
        return CENTRES[commune.code]
    digest = hashlib.sha256(commune.code.encode()).digest()
    return (
        9.80 + digest[0] / 255 * 0.95,  # 9.8–10.75
        104.85 + digest[1] / 255 * 0.65,  # 104.85–105.5
    )


def _near(rng: random.Random, point: tuple[float, float], km: float) -> tuple:
    # About 0.009 degrees per km at this latitude.
    spread = km * 0.009
    return (
        Decimal(f"{point[0] + rng.uniform(-spread, spread):.6f}"),
        Decimal(f"{point[1] + rng.uniform(-spread, spread):.6f}"),
    )


def _plans(commune: Unit, hamlets: list[Unit], rng: random.Random) -> list[dict]:
    """Who serves the commune: a post office and a telecom point at its centre,
    a bank agent, and a shop or trained person in about half the hamlets."""
    name = commune.name
    plans = [
        {"kind": "post_office", "unit": commune, "name": f"Bưu điện văn hóa {name}"},
        {"kind": "telecom", "unit": commune, "name": f"Điểm giao dịch Viettel {name}"},
        {"kind": "bank_agent", "unit": commune, "name": f"Đại lý Agribank {name}"},
    ]
    served = rng.sample(hamlets, k=max(1, len(hamlets) // 2)) if hamlets else []
    for index, hamlet in enumerate(sorted(served, key=lambda h: h.path)):
        if index % 2 == 0:
            owner = SHOP_OWNERS[index % len(SHOP_OWNERS)]
            plans.append({"kind": "shop", "unit": hamlet, "name": f"Tạp hóa {owner}"})
        else:
            helper = HELPERS[index % len(HELPERS)]
            plans.append(
                {
                    "kind": "trained_person",
                    "unit": hamlet,
                    "name": f"{helper} (Tổ công nghệ số {hamlet.name})",
                    "contact": helper,
                }
            )
    return plans


@transaction.atomic
def agents_demo_ensure(*, communes: list[Unit] | None = None, seed: int = 2025) -> int:
    """Give each demo commune its agents once; return the number created."""
    agent_catalogue_defaults_ensure()
    kinds = {k.code: k for k in AgentKind.objects.filter(province=None)}
    services = {s.code: s for s in AgentService.objects.filter(province=None)}
    if communes is None:
        communes = list(
            Unit.objects.active()
            .filter(kind__in=COMMUNE_KINDS, children__kind__in=LOCAL_KINDS)
            .distinct()
            .order_by("code")
        )
    made = 0
    today = timezone.localdate()
    for commune in communes:
        if DigitalAgent.objects.filter(commune=commune).exists():
            continue
        rng = random.Random(f"{seed}-agents-{commune.code}")
        centre = _centre(commune)
        hamlets = list(
            Unit.objects.active()
            .filter(parent=commune, kind__in=LOCAL_KINDS)
            .order_by("path")
        )
        points = {}
        for hamlet in hamlets:
            points[hamlet.pk] = _near(rng, centre, 3.0)
            hamlet_centre_set(
                actor=None,
                unit=hamlet,
                latitude=points[hamlet.pk][0],
                longitude=points[hamlet.pk][1],
            )
        for plan in _plans(commune, hamlets, rng):
            unit = plan["unit"]
            base = points.get(unit.pk, centre)
            latitude, longitude = _near(rng, tuple(map(float, base)), 0.4)
            agent = agent_create(
                actor=None,
                unit=unit,
                name=plan["name"],
                kind=kinds[plan["kind"]],
                services=[services[c] for c in SERVICES[plan["kind"]]],
                address=(
                    f"Trung tâm {commune.name}"
                    if unit == commune
                    else f"Số {rng.randrange(1, 200)}, đường liên ấp"
                ),
                opening_hours=HOURS[plan["kind"]],
                latitude=latitude,
                longitude=longitude,
                contact_name=plan.get("contact") or rng.choice(HELPERS),
                contact_phone=f"09{rng.randrange(10**7, 10**8)}",
            )
            made += 1
            if commune.code in LOGGED_COMMUNES:
                offered = list(agent.services.all())
                for back in range(14):
                    day = today - datetime.timedelta(days=back)
                    if day.weekday() == 6 and plan["kind"] != "trained_person":
                        continue
                    help_log_record(
                        actor=None,
                        agent=agent,
                        day=day,
                        counts={s: rng.randrange(0, 7) for s in offered},
                    )
    return made
