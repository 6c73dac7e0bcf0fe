"""A volunteer records visits with no signal; they sync once, exactly once."""

import datetime
import json

import pytest
from playwright.sync_api import expect

from hocvuso.accounts.models import Role
from hocvuso.outreach.models import Visit, VisitAction
from hocvuso.outreach.services import team_create, team_member_add
from hocvuso.people.models import Milestone
from hocvuso.people.services import household_register, person_register
from tests.e2e.helpers import PHONE, cut_network, restore_network, sign_in


@pytest.fixture
def hamlet_world(transactional_db, binh_an, make_hamlet, make_staff):
    hamlet = make_hamlet(binh_an, "Ấp Vĩnh Thành A")
    other = make_hamlet(binh_an, "Ấp Vĩnh Thành B")
    people = {}
    for n, name in enumerate(
        ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"]
    ):
        household = household_register(
            actor=None, unit=hamlet, address=f"Số {n + 1}", head_name=name
        )
        people[name] = person_register(
            actor=None,
            unit=hamlet,
            household=household,
            full_name=name,
            birth_year=1950 + n,
            relation_to_head="Chủ hộ",
        )
    far = household_register(
        actor=None, unit=other, address="Số 9", head_name="Võ Văn Xa"
    )
    person_register(
        actor=None,
        unit=other,
        household=far,
        full_name="Võ Văn Xa",
        relation_to_head="Chủ hộ",
    )
    volunteer = make_staff(Role.VOLUNTEER, hamlet, "Đoàn viên Hòa")
    team = team_create(
        actor=None,
        unit=hamlet,
        name="",
        decision_number="15/QĐ-UBND",
        decision_date=datetime.date(2025, 8, 1),
    )
    team_member_add(
        actor=None,
        team=team,
        full_name=volunteer.full_name,
        role="member",
        affiliation="youth_union",
        user=volunteer,
    )
    return hamlet, people, far, volunteer


def record(page, name, kind_label, outcome_label):
    page.get_by_role("listitem").filter(has_text=name).get_by_role(
        "link", name="Ghi nhận lượt thăm"
    ).click()
    expect(page.get_by_role("heading", name="Ghi nhận lượt thăm")).to_be_visible()
    row = page.locator("fieldset.action-row").first
    row.get_by_label("Người").select_option(label=name)
    row.get_by_label("Việc đã làm").select_option(label=kind_label)
    row.get_by_label("Kết quả").select_option(label=outcome_label)
    page.get_by_role("button", name="Lưu lượt thăm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ấp Vĩnh Thành A")


def test_three_visits_offline_sync_once(browser, live_server, hamlet_world):
    hamlet, people, far, volunteer = hamlet_world
    context = browser.new_context(viewport=PHONE, service_workers="allow")
    page = context.new_page()
    base = live_server.url
    sign_in(page, base, volunteer)
    page.get_by_role("navigation").get_by_role("link", name="Đến từng nhà").click()
    page.get_by_role("link", name="Ấp Vĩnh Thành A").click()
    expect(page.get_by_text("Đã lưu trên điện thoại")).to_be_visible()
    # Once the service worker is ready, a reload puts the page under its control.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    expect(page.get_by_text("Đã lưu trên điện thoại")).to_be_visible()

    cut_network(context)
    record(page, "Nguyễn Văn An", "Cài VNeID (mức 1)", "Làm được khi có người giúp")
    record(page, "Trần Thị Bình", "Thanh toán QR lần đầu", "Tự làm được")
    record(
        page,
        "Lê Văn Cường",
        "VNeID mức 2 (tại công an xã/phường)",
        "Chuyển nơi khác giải quyết",
    )
    status = page.locator("[data-sync-status]")
    expect(status).to_have_attribute("data-waiting", "3")
    expect(status).to_contain_text("chờ gửi: 3")
    assert Visit.objects.count() == 0

    restore_network(context)
    # The "online" event starts the sync; a retry every 30 s is the fallback.
    expect(status).to_have_attribute("data-waiting", "0", timeout=45000)
    expect(status).to_contain_text("Đã gửi hết")
    assert Visit.objects.count() == 3
    assert VisitAction.objects.count() == 3
    assert set(Milestone.objects.values_list("person__full_name", "kind")) == {
        ("Nguyễn Văn An", "vneid_l1"),
        ("Trần Thị Bình", "cashless_payment"),
    }

    # The same batch sent again adds nothing.
    batch = [
        {
            "client_id": v.client_id,
            "household_id": v.household_id,
            "started_at": v.started_at.isoformat(),
            "ended_at": v.ended_at.isoformat(),
            "actions": [
                {"person_id": a.person_id, "kind": a.kind, "outcome": a.outcome}
                for a in v.actions.all()
            ],
        }
        for v in Visit.objects.all()
    ]
    token = next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")
    again = page.request.post(
        f"{base}/api/v1/outreach/visits/sync",
        data=json.dumps({"visits": batch}),
        headers={
            "Content-Type": "application/json",
            "X-CSRFToken": token,
            "Referer": base,
        },
    )
    assert [r["status"] for r in again.json()["results"]] == ["duplicate"] * 3
    assert Visit.objects.count() == 3 and Milestone.objects.count() == 2

    # A household of another hamlet: 404 by page and API; a sync is refused
    # with a clear message and the rest of the batch kept.
    assert page.goto(f"{base}/outreach/households/{far.pk}/").status == 404
    assert page.goto(f"{base}/people/{far.members.get().pk}/").status == 404
    mixed = page.request.post(
        f"{base}/api/v1/outreach/visits/sync",
        data=json.dumps(
            {
                "visits": [
                    {**batch[0], "client_id": "dev-new-visit-0001"},
                    {
                        **batch[0],
                        "client_id": "dev-new-visit-0002",
                        "household_id": far.pk,
                        "actions": [],
                    },
                ]
            }
        ),
        headers={
            "Content-Type": "application/json",
            "X-CSRFToken": token,
            "Referer": base,
        },
    ).json()["results"]
    assert [r["status"] for r in mixed] == ["stored", "rejected"]
    assert (
        mixed[1]["error"]["message"] == "Không tìm thấy hộ này trong địa bàn của bạn."
    )
    context.close()
