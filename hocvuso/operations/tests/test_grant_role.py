"""`hocvuso grant-role`: a new deployment's first province administrator."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hocvuso.accounts.models import RoleGrant, User
from hocvuso.accounts.scope import Role

pytestmark = pytest.mark.django_db


def grant(monkeypatch, stdin="a-long-new-password-2026\n", **options):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out = io.StringIO()
    call_command("grant-role", stdout=out, **options)
    return out.getvalue()


def test_it_creates_the_account_and_grants_the_role(an_giang, monkeypatch):
    said = grant(
        monkeypatch,
        phone="+84 912 000 111",
        role=Role.PROVINCE_ADMIN,
        unit="91",
        name="Lê Văn Quản Trị",
    )
    user = User.objects.get(phone="0912000111")
    assert user.check_password("a-long-new-password-2026")
    assert RoleGrant.objects.filter(user=user, role=Role.PROVINCE_ADMIN).count() == 1
    assert "created the account 0912000111" in said
    assert "0912000111 is province_admin of" in said
    # Again: the same grant, no second account.
    grant(monkeypatch, phone="0912000111", role=Role.PROVINCE_ADMIN, unit="91")
    assert User.objects.count() == 1 and RoleGrant.objects.count() == 1


@pytest.mark.parametrize(
    ("options", "stdin", "says"),
    [
        ({"unit": "99999"}, "", "no unit with code 99999"),
        ({"unit": "91"}, "", "a new account needs --name"),
        ({"unit": "91", "name": "A"}, "123\n", "too short"),
    ],
)
def test_it_refuses_with_a_clear_message(an_giang, monkeypatch, options, stdin, says):
    with pytest.raises(CommandError, match=says):
        grant(
            monkeypatch,
            stdin=stdin,
            phone="0912000222",
            role=Role.PROVINCE_ADMIN,
            **options,
        )
    assert not User.objects.filter(phone="0912000222").exists()
