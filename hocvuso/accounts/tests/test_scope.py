import pytest
from django.utils import timezone

from hocvuso.accounts.models import Role
from hocvuso.accounts.scope import Capability, can, scope_for
from hocvuso.accounts.services import role_revoke
from hocvuso.geography.services import unit_close

pytestmark = pytest.mark.django_db


def test_a_grant_covers_the_units_subtree_only(
    binh_an, rach_gia, make_hamlet, make_staff
):
    hamlet = make_hamlet(binh_an, "Ấp Vĩnh Thành A")
    officer = make_staff(Role.COMMUNE_OFFICER, binh_an)
    assert can(officer, Capability.VIEW_PEOPLE, hamlet.path)
    assert can(officer, Capability.VIEW_PEOPLE, binh_an.path)
    assert not can(officer, Capability.VIEW_PEOPLE, rach_gia.path)
    assert not can(officer, Capability.VIEW_PEOPLE, binh_an.parent.path)


def test_nothing_is_allowed_without_a_grant(django_user_model, an_giang):
    user = django_user_model.objects.create_user("0390999999", "x", full_name="No role")
    for capability in Capability:
        assert scope_for(user, capability).is_empty


@pytest.mark.parametrize(
    ("role", "allowed", "refused"),
    [
        (Role.VOLUNTEER, {Capability.VIEW_PEOPLE}, {Capability.VIEW_SENSITIVE}),
        (Role.TEAM_LEADER, {Capability.VIEW_SENSITIVE}, {Capability.IMPORT_PEOPLE}),
        (Role.INSTRUCTOR, {Capability.VIEW_UNITS}, {Capability.VIEW_PEOPLE}),
        (Role.CONTENT_EDITOR, set(), {Capability.VIEW_PEOPLE, Capability.VIEW_UNITS}),
        (Role.LEARNER, set(), {Capability.VIEW_PEOPLE}),
        # The province follows every commune's work and imports lists
        # (docs/import.md), but does not change records or outreach itself.
        (
            Role.PROVINCE_ADMIN,
            {
                Capability.VIEW_PEOPLE,
                Capability.IMPORT_PEOPLE,
                Capability.VIEW_OUTREACH,
            },
            {
                Capability.CHANGE_PEOPLE,
                Capability.RECORD_VISITS,
                Capability.REVIEW_OUTREACH,
                Capability.MANAGE_TEAMS,
                Capability.MANAGE_CLASSES,
            },
        ),
    ],
)
def test_roles_carry_only_their_capabilities(
    binh_an, make_staff, role, allowed, refused
):
    user = make_staff(role, binh_an)
    for capability in allowed:
        assert can(user, capability, binh_an.path)
    for capability in refused:
        assert not can(user, capability, binh_an.path)


def test_revoked_grants_and_closed_units_give_nothing(binh_an, make_hamlet, make_staff):
    officer = make_staff(Role.COMMUNE_OFFICER, binh_an)
    role_revoke(actor=None, grant=officer.grants.get())
    officer.refresh_from_db()
    assert scope_for(officer, Capability.VIEW_PEOPLE).is_empty

    hamlet = make_hamlet(binh_an, "Ấp Cũ")
    volunteer = make_staff(Role.VOLUNTEER, hamlet)
    unit_close(actor=None, unit=hamlet, closed_on=timezone.localdate(), successor=None)
    volunteer.refresh_from_db()
    assert scope_for(volunteer, Capability.VIEW_PEOPLE).is_empty


def test_nested_grants_collapse_to_the_widest(binh_an, make_hamlet, make_staff):
    from hocvuso.accounts.services import role_grant

    hamlet = make_hamlet(binh_an, "Ấp A")
    user = make_staff(Role.VOLUNTEER, hamlet)
    role_grant(actor=None, user=user, role=Role.COMMUNE_OFFICER, unit=binh_an)
    user.refresh_from_db()
    assert scope_for(user, Capability.VIEW_PEOPLE).paths == (binh_an.path,)
