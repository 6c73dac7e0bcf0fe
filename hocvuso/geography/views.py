from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hocvuso.accounts.scope import Capability, can
from hocvuso.core.errors import ServiceError
from hocvuso.core.ranges import search_from
from hocvuso.geography.access import access_unit, scope_roots, units_visible
from hocvuso.geography.forms import LocalUnitForm
from hocvuso.geography.selectors import unit_ancestors, unit_children, unit_search
from hocvuso.geography.services import unit_create_local


@login_required
def unit_list(request):
    query = search_from(request)
    units = None
    if query:
        found = unit_search(units=units_visible(viewer=request.user), query=query)
        units = Paginator(found.order_by("level", "name_folded"), 50).get_page(
            request.GET.get("page")
        )
    context = {
        "roots": scope_roots(viewer=request.user),
        "query": query,
        "units": units,
        "nav": "units",
    }
    return render(request, "geography/unit_list.html", context)


@login_required
def unit_detail(request, code):
    unit = access_unit(viewer=request.user, unit_code=code)
    can_manage = can(request.user, Capability.MANAGE_LOCAL_UNITS, unit.path)
    context = {
        "unit": unit,
        "ancestors": unit_ancestors(unit=unit),
        "children": unit_children(unit=unit),
        "form": LocalUnitForm() if can_manage and unit.level == 2 else None,
        "nav": "units",
    }
    return render(request, "geography/unit_detail.html", context)


@login_required
@require_POST
def local_unit_create(request, code):
    parent = access_unit(
        viewer=request.user, unit_code=code, capability=Capability.MANAGE_LOCAL_UNITS
    )
    form = LocalUnitForm(request.POST)
    if form.is_valid():
        try:
            unit = unit_create_local(
                actor=request.user, parent=parent, **form.cleaned_data
            )
        except ServiceError as exc:
            form.add_error("name", exc.message)
        else:
            messages.success(request, _("Added %(name)s.") % {"name": unit.name})
            return redirect("geography:unit-detail", code=parent.code)
    context = {
        "unit": parent,
        "ancestors": unit_ancestors(unit=parent),
        "children": unit_children(unit=parent),
        "form": form,
        "nav": "units",
    }
    return render(request, "geography/unit_detail.html", context, status=400)
