"""The national default catalogue of the Đại lý số network: kinds of agent and
the services they offer, as (code, Vietnamese name). The 0002 migration and
``agent_catalogue_defaults_ensure`` both write these; a province changes them
as data in the admin, never here."""

KINDS = [
    ("shop", "Cửa hàng, tạp hóa"),
    ("post_office", "Bưu cục, điểm bưu điện văn hóa xã"),
    ("telecom", "Điểm giao dịch viễn thông"),
    ("bank_agent", "Đại lý ngân hàng"),
    ("trained_person", "Người được tập huấn"),
]
SERVICES = [
    ("vneid", "Hỗ trợ VNeID (định danh điện tử)"),
    ("sim", "Đăng ký, chuẩn hóa thông tin thuê bao SIM"),
    ("bank_account", "Mở tài khoản ngân hàng, ví điện tử"),
    ("public_service", "Nộp hồ sơ dịch vụ công trực tuyến"),
    ("online_selling", "Bán hàng trực tuyến"),
    ("health_book", "Sổ sức khỏe điện tử"),
]


def defaults_add(kind_model, service_model) -> int:
    """Create the missing national defaults; return how many were created."""
    created = 0
    for model, rows in ((kind_model, KINDS), (service_model, SERVICES)):
        for position, (code, name) in enumerate(rows, start=1):
            _row, made = model.objects.get_or_create(
                province=None,
                code=code,
                defaults={"name": name, "position": position * 10},
            )
            created += made
    return created
