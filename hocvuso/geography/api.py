"""/api/v1/units: the map as the viewer may see it."""

from ninja import Field, Router, Schema
from ninja.pagination import paginate

from hocvuso.core.api_pagination import Pages, search_param
from hocvuso.geography.access import access_unit, units_visible
from hocvuso.geography.selectors import unit_search

router = Router(tags=["units"])


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    level: int
    parent_code: str | None = Field(None, alias="parent.code")
    is_remote: bool
    is_coastal_island: bool
    is_ethnic_minority_area: bool
    data_version: str
    valid_to: str | None = None

    @staticmethod
    def resolve_valid_to(obj) -> str | None:
        return obj.valid_to.isoformat() if obj.valid_to else None


@router.get("", response=list[UnitOut], operation_id="unit_list")
@paginate(Pages, page_size=100)
def unit_list(request, q: str = search_param(), parent: str = ""):
    """Units in the viewer's scope; `q` matches names without accents."""
    units = unit_search(units=units_visible(viewer=request.user), query=q)
    if parent:
        units = units.filter(parent__code=parent)
    return units.select_related("parent").order_by("path")


@router.get("/{code}", response=UnitOut, operation_id="unit_detail")
def unit_detail(request, code: str):
    return access_unit(viewer=request.user, unit_code=code)
