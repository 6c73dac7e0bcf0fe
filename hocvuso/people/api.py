"""/api/v1/households and /api/v1/people: the same scope as the pages.

Sensitive attributes are returned only to roles that may see them, and the
national ID number never: not even its hash.
"""

from ninja import Router, Schema
from ninja.pagination import paginate

from hocvuso.core.api_pagination import Pages, search_param
from hocvuso.people.access import (
    access_household,
    access_person,
    can_view_sensitive,
)
from hocvuso.people.selectors import household_list, household_members, person_list

router = Router(tags=["people"])


def _unit_code(obj) -> str:
    return obj["unit_code"] if isinstance(obj, dict) else obj.unit.code


class HouseholdOut(Schema):
    id: int
    unit_code: str
    code: str
    address: str
    head_id: int | None

    resolve_unit_code = staticmethod(_unit_code)


class PersonOut(Schema):
    id: int
    unit_code: str
    household_id: int | None
    full_name: str
    birth_year: int | None
    sex: str
    phone: str
    relation_to_head: str
    target_group: str
    has_smartphone: bool | None

    resolve_unit_code = staticmethod(_unit_code)


class SensitiveOut(Schema):
    ethnicity: str
    disabilities: list[str]


class PersonDetailOut(PersonOut):
    sensitive: SensitiveOut | None = None


class HouseholdDetailOut(HouseholdOut):
    poverty_status: str | None = None
    members: list[PersonOut]


@router.get("/households", response=list[HouseholdOut], operation_id="household_list")
@paginate(Pages, page_size=50)
def household_list_api(request, q: str = search_param()):
    """Households in the viewer's scope; `q` matches members' names without accents."""
    return household_list(viewer=request.user, query=q)


@router.get(
    "/households/{household_id}",
    response=HouseholdDetailOut,
    operation_id="household_detail",
)
def household_detail_api(request, household_id: int):
    household = access_household(viewer=request.user, household_id=household_id)
    sensitive = can_view_sensitive(viewer=request.user, path=household.unit_path)
    return {
        "id": household.pk,
        "unit_code": household.unit.code,
        "code": household.code,
        "address": household.address,
        "head_id": household.head_id,
        "poverty_status": household.poverty_status if sensitive else None,
        "members": list(household_members(household=household).select_related("unit")),
    }


@router.get("/people", response=list[PersonOut], operation_id="person_list")
@paginate(Pages, page_size=50)
def person_list_api(request, q: str = search_param()):
    """People in the viewer's scope; `q` matches names without accents."""
    return person_list(viewer=request.user, query=q)


@router.get(
    "/people/{person_id}", response=PersonDetailOut, operation_id="person_detail"
)
def person_detail_api(request, person_id: int):
    person = access_person(viewer=request.user, person_id=person_id)
    data = PersonOut.from_orm(person).dict()
    if can_view_sensitive(viewer=request.user, path=person.unit_path):
        data["sensitive"] = {
            "ethnicity": person.ethnicity,
            "disabilities": person.disabilities,
        }
    return data
