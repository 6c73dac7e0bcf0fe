"""Template helpers for lesson pages."""

from django import template
from django.http import Http404
from django.template import Context, Template, TemplateSyntaxError
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

_WIDGET = "{% load practice %}{% practice_widget simulator scenario %}"


@register.simple_tag(takes_context=True)
def practice_block(context, block):
    """The practice app's widget for this block, or a link when it is absent."""
    simulator = block.data.get("simulator", "")
    scenario = block.data.get("scenario", "")
    try:
        widget = Template(_WIDGET)
    except TemplateSyntaxError:
        widget = None
    if widget is not None:
        try:
            return widget.render(
                Context(
                    {
                        "simulator": simulator,
                        "scenario": scenario,
                        "request": context.get("request"),
                    },
                    autoescape=True,
                )
            )
        except Http404:
            pass  # an unknown scenario: offer the simulator's own page
    try:
        url = reverse("practice:simulator-detail", args=[simulator])
    except NoReverseMatch:
        url = f"/practice/{simulator}/"
    return format_html(
        '<p><a class="btn" href="{}?scenario={}">{}</a></p>',
        url,
        scenario,
        _("Open the practice"),
    )


@register.filter
def answer_for(answered: dict, block_id: int):
    """The option the learner chose for this check (from the page URL), or None."""
    return (answered or {}).get(block_id)


@register.filter
def index(items, position):
    try:
        return items[int(position)]
    except (IndexError, TypeError, ValueError):
        return ""


def _in_page_language(vietnamese: str, translated) -> tuple[str, str]:
    """The text in the page's language when ``translated(language)`` has it,
    else the Vietnamese; with the language shown, for a lang attribute."""
    language = get_language() or "vi"
    text = translated(language) if language != "vi" else ""
    return (text, language) if text else (vietnamese, "vi")


def _localized(obj, field: str) -> tuple[str, str]:
    return _in_page_language(
        getattr(obj, field, ""), lambda lang: getattr(obj, f"{field}_{lang}", "")
    )


@register.filter
def localized(obj, field: str) -> str:
    """``obj.<field>_en`` / ``_km`` when the page is in that language and the text
    exists, else the Vietnamese ``obj.<field>``."""
    return _localized(obj, field)[0]


@register.filter
def localized_lang(obj, field: str) -> str:
    """The language of what ``localized`` shows, for the element's lang attribute."""
    return _localized(obj, field)[1]


def _lesson_title(lesson) -> tuple[str, str]:
    return _in_page_language(lesson.title, lesson.titles.get)


@register.filter
def lesson_title(lesson) -> str:
    """The lesson's title in the page's language when it has that version."""
    return _lesson_title(lesson)[0]


@register.filter
def lesson_title_lang(lesson) -> str:
    return _lesson_title(lesson)[1]
