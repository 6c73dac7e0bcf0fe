import hashlib
import mimetypes
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_POST

from hocvuso.core.errors import NotFound, ServiceError
from hocvuso.learning import selectors, services
from hocvuso.learning.access import access_editor, can_edit_content
from hocvuso.learning.loaders import MEDIA_NAME, ContentInvalid
from hocvuso.learning.models import Language, Level, TargetGroup, Variant

AUDIENCE_ORDER = [
    TargetGroup.CITIZEN,
    TargetGroup.OFFICIAL,
    TargetGroup.STUDENT,
    TargetGroup.WORKER,
]


def _version(request) -> tuple[str, str]:
    language = request.GET.get("lang") or request.LANGUAGE_CODE
    variant = request.GET.get("v") or Variant.STANDARD
    if language not in Language.values:
        language = Language.VI
    if variant not in Variant.values:
        variant = Variant.STANDARD
    return language, variant


def home(request):
    courses = list(selectors.course_list())
    groups = [
        (group.label, [c for c in courses if c.audience == group])
        for group in AUDIENCE_ORDER
    ]
    context = {
        "groups": [g for g in groups if g[1]],
        "can_edit": can_edit_content(request.user),
        "nav": "learn",
    }
    return render(request, "learning/learn_home.html", context)


def course_detail(request, course):
    course = selectors.course_get(course)
    context = {
        "course": course,
        "lessons": selectors.course_lessons(course),
        "nav": "learn",
    }
    return render(request, "learning/course_detail.html", context)


def course_plan(request, course):
    course = selectors.course_get(course)
    context = {
        "course": course,
        "plan": services.render_plan(course.lesson_plan),
        "nav": "learn",
    }
    return render(request, "learning/course_plan.html", context)


def lesson_detail(request, course, lesson):
    course = selectors.course_get(course)
    lesson = selectors.lesson_get(course, lesson)
    language, variant = _version(request)
    versions = selectors.lesson_versions(lesson)
    blocks = selectors.lesson_blocks(lesson, language, variant, versions)
    shown = (blocks[0].language, blocks[0].variant) if blocks else (language, variant)
    lessons = list(selectors.course_lessons(course))
    index = next(i for i, item in enumerate(lessons) if item.pk == lesson.pk)
    answered = {}
    if (
        request.GET.get("check", "").isdigit()
        and request.GET.get("choice", "").isdigit()
    ):
        answered = {int(request.GET["check"]): int(request.GET["choice"])}
    context = {
        "course": course,
        "lesson": lesson,
        "blocks": blocks,
        "language": shown[0],
        # No version in the language asked for: the page says so.
        "fallback": bool(blocks) and shown[0] != language,
        # Large print and listen-first also work as a way of showing any version.
        "variant": variant if variant in (Variant.LARGE, Variant.AUDIO) else shown[1],
        "title": lesson.titles.get(
            shown[0] if shown[1] == Variant.STANDARD else f"{shown[0]}.{shown[1]}",
            lesson.title,
        ),
        "versions": _version_links(versions, shown, variant),
        "previous": lessons[index - 1] if index > 0 else None,
        "next": lessons[index + 1] if index + 1 < len(lessons) else None,
        "position": index + 1,
        "count": len(lessons),
        "answered": answered,
        "query": urlencode(
            {k: request.GET[k] for k in ("lang", "v") if request.GET.get(k)}
        ),
        "nav": "learn",
    }
    return render(request, "learning/lesson_detail.html", context)


LANGUAGE_ORDER = [Language.VI, Language.EN, Language.KM]
VARIANT_ORDER = [Variant.STANDARD, Variant.EASY, Variant.AUDIO, Variant.LARGE]


def _version_links(versions, shown, variant_shown) -> list[dict]:
    """Links to the lesson's other versions: Vietnamese first, then English and
    Khmer, each labelled in its own language; large print and listen-first keep
    the language being read."""
    ui = get_language() or Language.VI
    labels = {
        (Language.VI, Variant.STANDARD): (_("Standard"), ui),
        (Language.VI, Variant.EASY): (_("Easy to read"), ui),
        (Language.VI, Variant.AUDIO): (_("Listen first"), ui),
        (Language.VI, Variant.LARGE): (_("Large print"), ui),
        (Language.EN, Variant.STANDARD): ("English", Language.EN),
        (Language.EN, Variant.EASY): ("English, easy to read", Language.EN),
        (Language.KM, Variant.STANDARD): ("ភាសាខ្មែរ (Khmer)", Language.KM),
    }

    def order(pair):
        language, variant = pair
        return (
            LANGUAGE_ORDER.index(language) if language in LANGUAGE_ORDER else 9,
            VARIANT_ORDER.index(variant) if variant in VARIANT_ORDER else 9,
        )

    styled = variant_shown in (Variant.LARGE, Variant.AUDIO)
    links = []
    versions = sorted(versions, key=order)
    for language, variant in versions:
        query = {}
        if language != Language.VI:
            query["lang"] = language
        if variant != Variant.STANDARD:
            query["v"] = variant
        label, label_lang = labels.get(
            (language, variant), (f"{language} · {variant}", language)
        )
        links.append(
            {
                "label": label,
                "lang": label_lang,
                "query": urlencode(query),
                "current": (language, variant) == tuple(shown)
                and (not styled or variant == variant_shown),
            }
        )
    existing = set(versions)
    for variant in (Variant.AUDIO, Variant.LARGE):
        if (shown[0], variant) not in existing:
            label = labels[(Language.VI, variant)][0]
            query = {"v": variant}
            if shown[0] != Language.VI:
                query["lang"] = shown[0]
            links.append(
                {
                    "label": label,
                    "lang": ui,
                    "query": urlencode(query),
                    "current": variant == variant_shown,
                }
            )
    return links


@require_POST
def check_answer(request, course, lesson, block):
    course = selectors.course_get(course)
    lesson = selectors.lesson_get(course, lesson)
    check = next((b for b in lesson.blocks.all() if b.pk == block), None)
    if check is None or check.kind != "check":
        raise NotFound
    choice = request.POST.get("choice", "")
    query = {k: request.POST[k] for k in ("lang", "v") if request.POST.get(k)}
    if not choice.isdigit() or int(choice) >= len(check.data.get("options", [])):
        messages.error(request, _("Choose one answer, then press “Check”."))
    else:
        query.update({"check": check.pk, "choice": choice})
    url = reverse("learning:lesson-detail", args=[course.slug, lesson.slug])
    return redirect(f"{url}?{urlencode(query)}#b{check.pk}")


@cache_control(public=True, max_age=7 * 24 * 3600)
def media(request, course, name):
    if not MEDIA_NAME.match(name):
        raise NotFound
    course = selectors.course_get(course)
    path = services.content_dir() / "courses" / course.slug / "media" / name
    if not path.is_file():
        raise NotFound
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if name.endswith(".vtt"):
        content_type = "text/vtt; charset=utf-8"
    return FileResponse(path.open("rb"), content_type=content_type)


@never_cache
def service_worker(request):
    # The cache name changes whenever a cached static file changes.
    files = (
        f"{static('css/site.css')} {static('css/learn.css')} {static('js/learn.js')}"
    )
    version = hashlib.sha256(files.encode()).hexdigest()[:12]
    body = render_to_string("learning/sw.js", {"version": version}, request=request)
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/learn/"
    return response


def framework(request):
    context = {
        "version": selectors.framework_current(),
        "domains": selectors.framework_domains(),
        "profiles": [
            selectors.profile_for(group)
            for group in AUDIENCE_ORDER
            if selectors.profile_exists(group)
        ],
        "nav": "learn",
    }
    return render(request, "learning/framework.html", context)


# ----------------------------------------------------------- content editors


@login_required
def edit_home(request):
    access_editor(viewer=request.user)
    courses = selectors.course_list().prefetch_related("lessons")
    context = {
        "courses": courses,
        "domains": selectors.framework_domains(),
        "groups": AUDIENCE_ORDER,
        "nav": "learn",
    }
    return render(request, "learning/edit_home.html", context)


@login_required
def lesson_edit(request, course, lesson):
    access_editor(viewer=request.user)
    course = selectors.course_get(course)
    lesson = selectors.lesson_get(course, lesson)
    language, variant = _version(request)
    key = language if variant == Variant.STANDARD else f"{language}.{variant}"
    title = lesson.title if key == "vi" else lesson.titles.get(key, "")
    source = services.lesson_source(lesson, language, variant)
    problems = []
    if request.method == "POST":
        title = request.POST.get("title", "")
        source = request.POST.get("source", "")
        try:
            services.lesson_source_update(
                actor=request.user,
                lesson=lesson,
                language=language,
                variant=variant,
                title=title,
                source=source,
            )
        except ContentInvalid as exc:
            problems = [str(p) for p in exc.problems]
        except ServiceError as exc:
            problems = [exc.message]
        else:
            messages.success(request, _("The lesson is saved."))
            return redirect(request.get_full_path())
    context = {
        "course": course,
        "lesson": lesson,
        "language": language,
        "variant": variant,
        "title": title,
        "source": source,
        "problems": problems,
        "nav": "learn",
    }
    return render(request, "learning/lesson_edit.html", context)


@login_required
def plan_edit(request, course):
    access_editor(viewer=request.user)
    course = selectors.course_get(course)
    if request.method == "POST":
        services.course_plan_update(
            actor=request.user,
            course=course,
            lesson_plan=request.POST.get("lesson_plan", ""),
        )
        messages.success(request, _("The lesson plan is saved."))
        return redirect("learning:plan-edit", course.slug)
    return render(
        request, "learning/plan_edit.html", {"course": course, "nav": "learn"}
    )


@login_required
def competence_edit(request, code):
    access_editor(viewer=request.user)
    competence = selectors.competence_get(code)
    errors = {}
    if request.method == "POST":
        task = next(
            (t for t in competence.tasks.all() if t.code == request.POST.get("task")),
            None,
        )
        level = request.POST.get("level", "")
        if task is None or level not in {str(v) for v in Level.values}:
            raise NotFound
        try:
            services.task_update(
                actor=request.user,
                task=task,
                text=request.POST.get("text", ""),
                text_en=request.POST.get("text_en", ""),
                level=int(level),
            )
        except ServiceError as exc:
            errors[task.code] = exc.message
        else:
            messages.success(
                request, _("Task %(code)s is saved.") % {"code": task.code}
            )
            return redirect("learning:competence-edit", competence.code)
    context = {
        "competence": competence,
        "tasks": competence.tasks.all(),
        "levels": Level.choices,
        "errors": errors,
        "nav": "learn",
    }
    return render(request, "learning/competence_edit.html", context)


@login_required
def profile_edit(request, group):
    access_editor(viewer=request.user)
    if group not in TargetGroup.values:
        raise NotFound
    profile = selectors.profile_for(group)
    rows = selectors.profile_rows(profile)
    errors = []
    if request.method == "POST":
        for row in rows:
            value = request.POST.get(f"level-{row['competence'].code}", "")
            level = int(value) if value in {"1", "2", "3"} else None
            if level == row["level"]:
                continue
            try:
                services.requirement_set(
                    actor=request.user,
                    profile=profile,
                    competence=row["competence"],
                    min_level=level,
                )
            except ServiceError as exc:
                errors.append(exc.message)
        if not errors:
            messages.success(request, _("The profile is saved."))
            return redirect("learning:profile-edit", group)
        rows = selectors.profile_rows(selectors.profile_for(group))
    context = {
        "profile": profile,
        "rows": rows,
        "levels": Level.choices,
        "errors": errors,
        "nav": "learn",
    }
    return render(request, "learning/profile_edit.html", context)
