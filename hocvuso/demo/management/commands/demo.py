"""hocvuso demo [--scale small|province] [--if-empty] [--seed N] [--people N]"""

import time

from django.core.management.base import BaseCommand, CommandError

from hocvuso.accounts.models import Role
from hocvuso.assessment.demo import DEMO_LEARNER_PHONE, DEMO_LEARNER_PIN
from hocvuso.core.errors import ServiceError
from hocvuso.demo.population import (
    DEMO_PASSWORD,
    DEMO_SEED,
    SCALES,
    DemoSummary,
    demo_accounts_exist,
    demo_populate,
    iter_account_rows,
)
from hocvuso.geography.models import UnitKind
from hocvuso.learning.services import pack_load
from hocvuso.reporting.services import rollups_rebuild

ROLE_LABELS = {
    Role.PROVINCE_ADMIN: "Quản trị tỉnh",
    Role.COMMUNE_OFFICER: "Cán bộ xã/phường",
    Role.TEAM_LEADER: "Tổ trưởng tổ công nghệ số",
    Role.VOLUNTEER: "Tình nguyện viên",
    Role.INSTRUCTOR: "Giảng viên",
    Role.CONTENT_EDITOR: "Biên tập nội dung",
    Role.LEARNER: "Người học",
}
KIND_LABELS = {
    UnitKind.PROVINCE: "tỉnh",
    UnitKind.CITY: "thành phố",
    UnitKind.WARD: "phường",
    UnitKind.COMMUNE: "xã",
    UnitKind.SPECIAL_ZONE: "đặc khu",
    UnitKind.HAMLET: "ấp",
    UnitKind.VILLAGE: "thôn",
    UnitKind.MOUNTAIN_VILLAGE: "bản",
    UnitKind.QUARTER: "khu phố",
    UnitKind.KHOM: "khóm",
    UnitKind.RESIDENTIAL_GROUP: "tổ dân phố",
}


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


class Command(BaseCommand):
    help = (
        "Build a synthetic population on the real communes of An Giang (code 91): "
        "hamlets, households, people, milestones and one sign-in per role. "
        "The same seed gives the same data; a second run adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=sorted(SCALES),
            default="small",
            help="small: 8 communes, about 5,000 people (seconds). "
            "province: all 102 communes, about 3.7 million people (minutes).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing but list the sign-ins when the demo accounts exist.",
        )
        parser.add_argument("--seed", type=int, default=DEMO_SEED)
        parser.add_argument(
            "--people",
            type=int,
            help="Override the number of people (e.g. a smaller province run).",
        )

    def handle(self, *args, scale, if_empty, seed, people, verbosity, **options):
        if people is not None and people < 100:
            raise CommandError("--people phải từ 100 trở lên.")
        pack_load(actor=None)  # the skill framework and the lessons; idempotent
        if if_empty and demo_accounts_exist():
            self.stdout.write("Dữ liệu mẫu đã có sẵn; không tạo thêm.")
            self._accounts()
            return
        started = time.monotonic()
        progress = None
        if verbosity >= 1 and scale == "province":

            def progress(done, total, commune, summary):
                self.stdout.write(
                    f"{done}/{total} {commune.name}: {_number(summary.people)} người, "
                    f"{time.monotonic() - started:.0f} giây"
                )

        try:
            summary = demo_populate(
                scale=scale, seed=seed, people=people, progress=progress
            )
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        self._summary(summary, time.monotonic() - started)
        # The demo writes its facts in bulk, past the roll-ups' listener.
        if scale == "province":
            self.stdout.write("Tính lại số liệu báo cáo: hocvuso rollups rebuild")
        else:
            rollups_rebuild()
        self._accounts()

    def _summary(self, summary: DemoSummary, seconds: float) -> None:
        self.stdout.write(
            f"Dữ liệu mẫu tỉnh An Giang: quy mô {summary.scale}, seed {summary.seed}."
        )
        units = ", ".join(
            f"{KIND_LABELS.get(kind, kind)} {_number(count)}"
            for kind, count in sorted(
                summary.units.items(), key=lambda item: list(KIND_LABELS).index(item[0])
            )
        )
        self.stdout.write(f"Đơn vị hành chính đã tạo: {units or 'không có'}.")
        self.stdout.write(
            f"Đã tạo {_number(summary.households)} hộ, {_number(summary.people)} "
            f"người, {_number(summary.milestones)} mốc số, "
            f"{_number(summary.consents)} căn cứ lưu thông tin nhạy cảm, "
            f"{_number(summary.visits)} lượt đến nhà, "
            f"{_number(summary.agents)} đại lý số, "
            f"{_number(summary.users)} tài khoản."
        )
        if summary.communes_skipped:
            self.stdout.write(
                f"Bỏ qua {len(summary.communes_skipped)} xã/phường đã có dữ liệu."
            )
        self.stdout.write(f"Thời gian: {seconds:.1f} giây.")

    def _accounts(self) -> None:
        rows = [
            (
                ROLE_LABELS[account["role"]],
                f"{account['unit_name']} ({account['unit_code']})",
                account["phone"],
                DEMO_PASSWORD,
            )
            for account in iter_account_rows()
        ]
        header = ("Vai trò", "Đơn vị", "Số điện thoại", "Mật khẩu")
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
        self.stdout.write("")
        self.stdout.write("Tài khoản dùng thử:")
        for row in [header, tuple("-" * w for w in widths), *rows]:
            line = "  ".join(
                cell.ljust(width) for cell, width in zip(row, widths, strict=True)
            )
            self.stdout.write(line.rstrip())
        self.stdout.write("")
        self.stdout.write(
            f"Người học dùng thử: vào /learner/sign-in/, số điện thoại "
            f"{DEMO_LEARNER_PHONE}, mã PIN {DEMO_LEARNER_PIN} (mã PIN do tình "
            "nguyện viên đặt cùng người học)."
        )
