"""Changes to the framework and the lessons: loading the pack and editing.

Loading is idempotent: rows are matched by their codes and slugs, updated in
place (so ids stay stable for progress kept on devices) and only what changed
is written. A lesson a content editor corrected in the app is skipped by the
next load unless ``force`` is given, and the load says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from hocvuso.core.errors import ServiceError
from hocvuso.core.models import AuditAction
from hocvuso.core.services import audit_record
from hocvuso.learning import loaders, markdown
from hocvuso.learning.models import (
    Block,
    BlockKind,
    Competence,
    Course,
    Domain,
    FrameworkVersion,
    Language,
    Lesson,
    Profile,
    ProfileRequirement,
    Task,
    Variant,
)


def content_dir() -> Path:
    """The content pack folder (setting HOCVUSO_CONTENT_DIR, else ./content)."""
    return Path(getattr(settings, "HOCVUSO_CONTENT_DIR", settings.BASE_DIR / "content"))


@dataclass
class LoadSummary:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    warnings: list[loaders.Problem] = field(default_factory=list)


_ASK = object()


def _sync(model, lookup: dict, values: dict, summary: LoadSummary, row=_ASK):
    """Create or update one row; count whether anything changed.

    ``row`` is the existing row when the caller already fetched it (None when
    there is none), which saves one query per row on large loads.
    """
    if row is _ASK:
        row = model.objects.filter(**lookup).first()
    if row is None:
        row = model.objects.create(**lookup, **values)
        summary.created += 1
        return row
    changed = [k for k, v in values.items() if getattr(row, k) != v]
    if changed:
        for key in changed:
            setattr(row, key, values[key])
        row.save(update_fields=changed)
        summary.changed += 1
    else:
        summary.unchanged += 1
    return row


@transaction.atomic
def framework_load(*, actor, path: Path | None = None) -> LoadSummary:
    """Load framework.yaml as the current version; rerunning changes nothing.

    Rows are never deleted (results elsewhere refer to competences); a task
    left out of the file stays in the database, as codes are never reused.
    """
    data = loaders.framework_read(path or content_dir() / "framework.yaml")
    summary = LoadSummary()
    version = _sync(
        FrameworkVersion,
        {"code": data["version"]},
        {"sources": data["sources"], "levels": data["levels"]},
        summary,
    )
    if not version.is_current:
        FrameworkVersion.objects.filter(is_current=True).update(is_current=False)
        version.is_current = True
        version.save(update_fields=["is_current"])
    competences = {}
    known_domains = {d.code: d for d in Domain.objects.filter(version=version)}
    known_competences = {
        c.code: c for c in Competence.objects.filter(domain__version=version)
    }
    known_tasks = {
        (t.competence_id, t.code): t
        for t in Task.objects.filter(competence__domain__version=version)
    }
    for dom in data["domains"]:
        domain = _sync(
            Domain,
            {"version": version, "code": dom["code"]},
            {k: dom[k] for k in ("name", "name_en", "official_name", "position")},
            summary,
            row=known_domains.get(dom["code"]),
        )
        for comp in dom["competences"]:
            existing = known_competences.get(comp["code"])
            competence = _sync(
                Competence,
                {"domain": domain, "code": comp["code"]},
                {k: comp[k] for k in ("name", "name_en", "official_name", "position")},
                summary,
                row=existing if existing and existing.domain_id == domain.pk else None,
            )
            competences[comp["code"]] = competence
            for task in comp["tasks"]:
                _sync(
                    Task,
                    {"competence": competence, "code": task["code"]},
                    {k: task[k] for k in ("level", "text", "text_en", "position")},
                    summary,
                    row=known_tasks.get((competence.pk, task["code"])),
                )
    for prof in data["profiles"]:
        profile = _sync(
            Profile,
            {"version": version, "target_group": prof["target_group"]},
            {"name": prof["name"], "source": prof["source"]},
            summary,
        )
        wanted = prof["requirements"]
        profile.requirements.exclude(competence__code__in=list(wanted)).delete()
        for code, level in wanted.items():
            _sync(
                ProfileRequirement,
                {"profile": profile, "competence": competences[code]},
                {"min_level": level},
                summary,
            )
    audit_record(
        actor=actor,
        action=AuditAction.IMPORT,
        object_type="learning.framework",
        object_id=version.code,
        detail={"created": summary.created, "changed": summary.changed},
    )
    return summary


def framework_codes() -> dict:
    """Competence and task codes of the current version, for checking lessons."""
    version = FrameworkVersion.objects.current()
    if version is None:
        raise ServiceError(
            _("No framework is loaded yet. Run “hocvuso load-framework” first."),
            code="no_framework",
        )
    comps = Competence.objects.filter(domain__version=version)
    tasks = Task.objects.filter(competence__domain__version=version)
    return {
        "competences": {c.code: c for c in comps},
        "tasks": {
            t.code: t.competence.code for t in tasks.select_related("competence")
        },
        "task_rows": {t.code: t for t in tasks},
    }


def _blocks_sync(lesson: Lesson, language: str, variant: str, blocks, summary) -> None:
    existing = {
        b.position: b for b in lesson.blocks.filter(language=language, variant=variant)
    }
    for position, parsed in enumerate(blocks, start=1):
        values = {
            "kind": parsed["kind"],
            "data": parsed["data"],
            "source_line": parsed.get("line"),
        }
        _sync(
            Block,
            {
                "lesson": lesson,
                "language": language,
                "variant": variant,
                "position": position,
            },
            values,
            summary,
            row=existing.pop(position, None),
        )
    for row in existing.values():
        row.delete()
        summary.changed += 1


def _version_title(titles: dict, language: str, variant: str, title: dict) -> None:
    key = language if variant == Variant.STANDARD else f"{language}.{variant}"
    if title.get(language):
        titles[key] = title[language]
    if language == Language.VI and title.get("en") and "en" not in titles:
        titles["en"] = title["en"]


@transaction.atomic
def content_load(
    *, actor, root: Path | None = None, force: bool = False
) -> LoadSummary:
    """Load every course of the pack; idempotent; lessons edited in the app are
    kept unless ``force``."""
    root = root or content_dir()
    codes = framework_codes()
    courses, warnings = loaders.pack_read(root, codes)
    summary = LoadSummary(warnings=list(warnings))
    for data in courses:
        course = _sync(
            Course,
            {"slug": data["slug"]},
            {
                "title": data["title"].get("vi", ""),
                "title_en": data["title"].get("en", ""),
                "summary": data["summary"].get("vi", ""),
                "summary_en": data["summary"].get("en", ""),
                "title_km": data["title"].get("km", ""),
                "summary_km": data["summary"].get("km", ""),
                "audience": data["audience"],
                "for_older_people": data["for_older_people"],
                "national_platform_url": data["national_platform_url"],
                "lesson_plan": data["lesson_plan"],
                "position": data["position"],
            },
            summary,
        )
        course.competences.set([codes["competences"][c] for c in data["competences"]])
        kept = []
        for item in data["lessons"]:
            base = item["versions"][("vi", "standard")]
            kept.append(item["slug"])
            lesson = course.lessons.filter(slug=item["slug"]).first()
            if lesson is not None and lesson.edited_in_app and not force:
                summary.skipped.append(f"{course.slug}/{lesson.slug}")
                continue
            titles: dict = {}
            for (language, variant), version in sorted(item["versions"].items()):
                _version_title(titles, language, variant, version["title"])
            lesson = _sync(
                Lesson,
                {"course": course, "slug": item["slug"]},
                {
                    "position": item["position"],
                    "title": base["title"].get("vi", ""),
                    "titles": titles,
                    "minutes": base["minutes"],
                    "source_path": item["source_path"],
                    "edited_in_app": False,
                },
                summary,
            )
            lesson.competences.set(
                [codes["competences"][c] for c in base["competences"]]
            )
            lesson.tasks.set([codes["task_rows"][t] for t in base["tasks"]])
            for (language, variant), version in item["versions"].items():
                _blocks_sync(lesson, language, variant, version["blocks"], summary)
            wanted = set(item["versions"])
            for language, variant in (
                set(lesson.blocks.values_list("language", "variant")) - wanted
            ):
                lesson.blocks.filter(language=language, variant=variant).delete()
                summary.changed += 1
        for gone in course.lessons.exclude(slug__in=kept):
            summary.removed.append(f"{course.slug}/{gone.slug}")
            gone.delete()
    audit_record(
        actor=actor,
        action=AuditAction.IMPORT,
        object_type="learning.content",
        object_id=str(root.name),
        detail={
            "courses": len(courses),
            "created": summary.created,
            "changed": summary.changed,
            "skipped": summary.skipped,
        },
    )
    return summary


# -------------------------------------------------------------- editing in the app


def lesson_source(lesson: Lesson, language: str, variant: str) -> str:
    """The blocks of one version written back in the pack's ``::: kind`` form."""
    parts = []
    for block in lesson.blocks.filter(language=language, variant=variant).order_by(
        "position"
    ):
        data = block.data
        if block.kind == BlockKind.TEXT:
            head = (
                f"::: text audio={data['audio']}" if data.get("audio") else "::: text"
            )
            body = data.get("md", "")
        elif block.kind == BlockKind.STEPS:
            head = "::: steps"
            lines = []
            for n, item in enumerate(data.get("items", []), start=1):
                picture = item.get("image")
                extra = f" ![{picture['alt']}]({picture['src']})" if picture else ""
                lines.append(f"{n}. {item.get('md', '')}{extra}")
            body = "\n".join(lines)
        else:
            head = f"::: {block.kind}"
            if block.kind == BlockKind.IMAGE and str(data.get("src", "")).endswith(
                ".svg"
            ):
                # An SVG's size comes from its file on every save: not the editor's.
                data = {k: v for k, v in data.items() if k not in ("width", "height")}
            body = yaml.safe_dump(
                data, allow_unicode=True, sort_keys=False, width=1000
            ).strip()
        parts.append(f"{head}\n{body}\n:::")
    return "\n\n".join(parts) + "\n"


@transaction.atomic
def lesson_source_update(
    *, actor, lesson: Lesson, language: str, variant: str, title: str, source: str
) -> Lesson:
    """Replace one version's blocks from edited ``::: kind`` text.

    The text is checked by the same rules as the pack; problems are reported
    with their line numbers and nothing is saved.
    """
    if language not in Language.values or variant not in Variant.values:
        raise ServiceError(_("Unknown language or version."), code="invalid")
    if not title.strip():
        raise ServiceError(
            _("The title cannot be empty."), fields={"title": "required"}
        )
    codes = framework_codes()
    report = loaders.Report()
    ctx = loaders.MediaContext(
        media_dir=content_dir() / "courses" / lesson.course.slug / "media",
        competences=frozenset(codes["competences"]),
        tasks=frozenset(codes["tasks"]),
    )
    blocks = loaders.parse_blocks(
        source.replace("\r\n", "\n"), _("the text"), ctx, report
    )
    if not blocks and not report.problems:
        report.error(_("the text"), None, _("the lesson has no blocks"))
    report.raise_if_any()
    summary = LoadSummary()
    _blocks_sync(lesson, language, variant, blocks, summary)
    if language == Language.VI and variant == Variant.STANDARD:
        lesson.title = title.strip()
    else:
        key = language if variant == Variant.STANDARD else f"{language}.{variant}"
        lesson.titles = {**lesson.titles, key: title.strip()}
    lesson.edited_in_app = True
    lesson.full_clean()
    lesson.save(update_fields=["title", "titles", "edited_in_app", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="learning.lesson",
        object_id=lesson.pk,
        detail={"version": f"{language}.{variant}", "blocks": len(blocks)},
    )
    return lesson


@transaction.atomic
def course_plan_update(*, actor, course: Course, lesson_plan: str) -> Course:
    """Replace the instructors' lesson plan of a course."""
    course.lesson_plan = lesson_plan.replace("\r\n", "\n")
    course.save(update_fields=["lesson_plan", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="learning.course",
        object_id=course.pk,
        detail={"field": "lesson_plan"},
    )
    return course


@transaction.atomic
def task_update(*, actor, task: Task, text: str, text_en: str, level: int) -> Task:
    """Correct a task's "Tôi có thể…" wording or level."""
    text = text.strip()
    if not text.startswith("Tôi có thể"):
        raise ServiceError(
            _("A task must start with “Tôi có thể”."), fields={"text": "format"}
        )
    task.text, task.text_en, task.level = text, text_en.strip(), level
    task.full_clean()
    task.save(update_fields=["text", "text_en", "level"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="learning.task",
        object_id=task.code,
        detail={"level": level},
    )
    return task


@transaction.atomic
def requirement_set(
    *, actor, profile: Profile, competence: Competence, min_level: int | None
) -> None:
    """Set (or remove, with None) the minimum level a profile asks for."""
    if min_level is None:
        profile.requirements.filter(competence=competence).delete()
    else:
        if not competence.tasks.filter(level=min_level).exists():
            raise ServiceError(
                _("No task of %(code)s has level %(level)s, so nobody could reach it.")
                % {"code": competence.code, "level": min_level},
                fields={competence.code: "level"},
            )
        ProfileRequirement.objects.update_or_create(
            profile=profile, competence=competence, defaults={"min_level": min_level}
        )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="learning.profile",
        object_id=profile.pk,
        detail={"competence": competence.code, "min_level": min_level},
    )


def render_plan(text: str) -> str:
    return markdown.render(text, heading_base=1)


def pack_load(*, actor) -> tuple[LoadSummary, LoadSummary]:
    """Load the framework, then every course of the pack (what `hocvuso demo` does)."""
    return framework_load(actor=actor), content_load(actor=actor)
