"""Draw a figure as a bar on the server: SVG the page needs no script for."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def bar(figure, target=None):
    """A 100-wide bar for a Figure; hidden figures draw nothing."""
    if figure.percent is None:
        return ""
    width = max(0.0, min(100.0, figure.percent))
    mark = ""
    if target:
        x = round(100 * target, 1)
        mark = format_html(
            '<line x1="{}" x2="{}" y1="0" y2="12" class="bar-target"/>', x, x
        )
    return format_html(
        '<svg class="bar" viewBox="0 0 100 12" width="100" height="12" '
        'aria-hidden="true" focusable="false"><rect width="100" height="12" '
        'class="bar-bg"/><rect width="{}" height="12" class="bar-fill"/>{}</svg>',
        width,
        mark,
    )
