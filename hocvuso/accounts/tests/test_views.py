import pytest
from django.urls import reverse

from conftest import PASSWORD
from hocvuso.accounts.models import Role
from hocvuso.core.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def test_staff_sign_in_with_phone_in_any_form(client, binh_an, make_staff):
    officer = make_staff(Role.COMMUNE_OFFICER, binh_an)
    spaced = f"+84 {officer.phone[1:4]} {officer.phone[4:7]} {officer.phone[7:]}"
    response = client.post(
        reverse("accounts:login"), {"phone": spaced, "password": PASSWORD}
    )
    assert response.status_code == 302
    home = client.get("/")
    assert "Xã Bình An" in home.content.decode()
    assert AuditEvent.objects.filter(actor=officer, action=AuditAction.SIGN_IN).exists()


def test_wrong_password_says_so_in_vietnamese(client, binh_an, make_staff):
    officer = make_staff(Role.COMMUNE_OFFICER, binh_an)
    response = client.post(
        reverse("accounts:login"), {"phone": officer.phone, "password": "wrong"}
    )
    assert response.status_code == 200
    assert "Số điện thoại hoặc mật khẩu không đúng" in response.content.decode()


def test_sign_in_is_throttled_after_five_failures(
    client, binh_an, make_staff, settings
):
    officer = make_staff(Role.COMMUNE_OFFICER, binh_an)
    for _ in range(settings.LOGIN_MAX_FAILURES):
        client.post(
            reverse("accounts:login"), {"phone": officer.phone, "password": "x"}
        )
    response = client.post(
        reverse("accounts:login"), {"phone": officer.phone, "password": PASSWORD}
    )
    assert "Bạn đã nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_out_needs_post(client, binh_an, make_staff):
    client.force_login(make_staff(Role.VOLUNTEER, binh_an))
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_pages_need_sign_in(client, an_giang):
    for name in ["people:household-list", "people:person-list", "geography:unit-list"]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
