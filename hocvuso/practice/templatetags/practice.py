"""{% practice_widget simulator scenario %}: a simulator inside any page."""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from hocvuso.practice.scenarios import widget_context

register = template.Library()


@register.simple_tag(takes_context=True)
def practice_widget(context, simulator, scenario=""):
    """Render the simulator's scenario (readable without JS) and its script.

    The simulators copy real Vietnamese apps and their scenarios are written in
    Vietnamese, so a widget is always in Vietnamese (marked lang="vi"), also in a
    Khmer or English lesson; only the safety note follows the page's language.
    """
    request = context.get("request")
    page_language = translation.get_language() or "vi"
    # Unique ids per page, so two widgets on one lesson page never clash.
    count = context.render_context.get("practice_widgets", 0) + 1
    context.render_context["practice_widgets"] = count
    with translation.override("vi"):
        ctx = widget_context(simulator, scenario or None)
        ctx["page_language"] = page_language
        ctx["uid"] = f"pw{count}"
        ctx["json_id"] = f"pw{count}-data"
        ctx["results_url"] = ""
        if request is not None:
            from hocvuso.assessment.learners import current_learner

            if current_learner(request) is not None:
                ctx["results_url"] = reverse("api-v1:practice_result_record")
        return render_to_string("practice/_widget.html", ctx, request=request)
