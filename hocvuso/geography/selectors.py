"""Reads of the administrative map."""

from django.db.models import QuerySet

from hocvuso.core.ranges import search_text
from hocvuso.core.text import fold
from hocvuso.geography.models import Unit


def unit_children(*, unit: Unit, include_closed: bool = False) -> QuerySet[Unit]:
    children = Unit.objects.filter(parent=unit)
    if not include_closed:
        children = children.active()
    return children.order_by("name_folded")


def unit_ancestors(*, unit: Unit) -> list[Unit]:
    """Units above ``unit``, province first, in one query."""
    codes = unit.path_codes[:-1]
    by_code = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    return [by_code[c] for c in codes if c in by_code]


def unit_search(*, units: QuerySet[Unit], query: str) -> QuerySet[Unit]:
    key = fold(search_text(query))
    if key:
        units = units.filter(name_folded__contains=key)
    return units
