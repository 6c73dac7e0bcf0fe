"""Page numbers for the API's lists: a page past the last is a 404, never a 500."""

import math

from django.utils.translation import gettext as _
from ninja import Field, Query, Schema
from ninja.pagination import PageNumberPagination

from hocvuso.core.errors import NotFound
from hocvuso.core.ranges import MAX_SEARCH


class PageNotFound(NotFound):
    """A page number past the list's last page."""


class Pages(PageNumberPagination):
    """PageNumberPagination that counts first and refuses a page past the last
    (a huge page number would overflow the database's OFFSET)."""

    class Input(Schema):
        page: int = Field(1, ge=1)
        page_size: int | None = Field(None, ge=1, le=1000)

    def paginate_queryset(self, queryset, pagination: Input, request, **params):
        page_size = self._get_page_size(pagination.page_size)
        count = self._items_count(queryset)
        last = max(1, math.ceil(count / page_size))
        if pagination.page > last:
            raise PageNotFound(
                _("This page does not exist: the list has %(n)s pages.") % {"n": last}
            )
        offset = (pagination.page - 1) * page_size
        return {
            self.items_attribute: queryset[offset : offset + page_size],
            "count": count,
        }


def search_param():
    """The ``q`` of a list: text matched without accents, refused when too long."""
    return Query(
        "",
        max_length=MAX_SEARCH,
        description=f"Search text without accents, at most {MAX_SEARCH} characters.",
    )
