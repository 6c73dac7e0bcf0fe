"""Read the content pack (framework.yaml, courses/*) and check it.

The pack is plain files reviewed in git; see docs/content.md for the format.
Reading never touches the database: ``framework_read`` and ``pack_read``
return plain data or raise ``ContentInvalid`` listing every problem with its
file and line, so a content editor can fix them all in one go. Writing the
data to the database is ``services.framework_load`` / ``services.content_load``.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET  # noqa: S405 (parses our own repository files)
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

from hocvuso.core.errors import ServiceError
from hocvuso.learning import markdown
from hocvuso.learning.models import BlockKind, Language, TargetGroup, Variant

# The simulators of the practice app (docs/learning.md, interfaces).
SIMULATORS = frozenset({"vietqr-pay", "public-service", "spot-scam", "vneid"})
TT02_COMPETENCES = {
    "1": ["1.1", "1.2", "1.3"],
    "2": ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6"],
    "3": ["3.1", "3.2", "3.3", "3.4"],
    "4": ["4.1", "4.2", "4.3", "4.4"],
    "5": ["5.1", "5.2", "5.3", "5.4"],
    "6": ["6.1", "6.2", "6.3"],
}
LEVELS = frozenset({1, 2, 3})
YAML_KINDS = frozenset({"image", "audio", "video", "practice", "check"})
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LESSON_FILE = re.compile(r"^(\d\d)-([a-z0-9]+(?:-[a-z0-9]+)*)((?:\.[a-z]{2,5})*)\.md$")
BLOCK_OPEN = re.compile(r"^:::\s*([a-z]+)((?:\s+[a-z]+=\S+)*)\s*$")
STEP_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")
MEDIA_NAME = re.compile(
    r"^[a-z0-9][a-z0-9._-]*\.(svg|png|jpg|webp|mp3|ogg|m4a|mp4|webm|vtt)$"
)
KEYS = {
    # width/height: the picture's size in pixels; for an SVG they are always
    # taken from its viewBox, so an edited lesson may carry them or not.
    "image": ({"src", "alt"}, {"caption", "width", "height"}),
    "audio": ({"src", "transcript"}, set()),
    "video": ({"src", "captions"}, {"poster", "title"}),
    "practice": ({"simulator", "scenario", "description"}, set()),
    "check": ({"question", "options", "answer", "explain"}, set()),
}


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line:
            return _("%(path)s, line %(line)s: %(message)s") % {
                "path": self.path,
                "line": self.line,
                "message": self.message,
            }
        return f"{self.path}: {self.message}"


class ContentInvalid(ServiceError):  # noqa: N818 (reads as "content is invalid")
    """The pack has problems; ``problems`` lists each with file and line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems), code="content_invalid")


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int | None, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    def warn(self, path: str, line: int | None, message: str) -> None:
        self.warnings.append(Problem(path, line, message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise ContentInvalid(self.problems)


def _line_of(text: str, needle: str, start: int = 1) -> int | None:
    for number, line in enumerate(text.split("\n"), start=1):
        if number >= start and needle in line:
            return number
    return None


def _read(path: Path, rel: str, report: Report) -> str | None:
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        report.error(rel, None, _("the file does not exist"))
        return None
    except UnicodeDecodeError:
        report.error(rel, None, _("the file is not UTF-8 text"))
        return None
    if unicodedata.normalize("NFC", text) != text:
        report.error(
            rel,
            None,
            _("Vietnamese letters are not in composed form (NFC); save as NFC"),
        )
    return text


def _yaml(text: str, rel: str, report: Report, offset: int = 0):
    try:
        return yaml.safe_load(text), True
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = offset + mark.line + 1 if mark is not None else offset or None
        problem = getattr(exc, "problem", None) or str(exc)
        report.error(
            rel, line, _("YAML cannot be read: %(problem)s") % {"problem": problem}
        )
        return None, False


def _bilingual(value, rel: str, line: int | None, name: str, report: Report) -> dict:
    if isinstance(value, str) and value.strip():
        return {"vi": value.strip()}
    if not isinstance(value, dict) or not str(value.get("vi") or "").strip():
        report.error(
            rel, line, _("“%(name)s” needs a Vietnamese text (vi)") % {"name": name}
        )
        return {}
    return {k: str(v).strip() for k, v in value.items() if str(v or "").strip()}


# --------------------------------------------------------------------- framework


def framework_read(path: Path) -> dict:
    """Read and check framework.yaml; return it as plain data."""
    report = Report()
    rel = path.name
    text = _read(path, rel, report)
    report.raise_if_any()
    data, ok = _yaml(text or "", rel, report)
    report.raise_if_any()
    if not isinstance(data, dict):
        report.error(rel, 1, _("the file must be a YAML mapping"))
        report.raise_if_any()
    for key in ("version", "domains", "profiles"):
        if key not in data:
            report.error(rel, None, _("the key “%(key)s” is missing") % {"key": key})
    report.raise_if_any()

    competences: dict[str, set[int]] = {}
    tasks: set[str] = set()
    seen_domains: dict[str, list[str]] = {}
    domains = []
    for dpos, dom in enumerate(data.get("domains") or []):
        dcode = str(dom.get("code", ""))
        dline = _line_of(text, f'code: "{dcode}"') if dcode else None
        name = _bilingual(dom.get("name"), rel, dline, f"domain {dcode}", report)
        comps = []
        seen_domains[dcode] = []
        for cpos, comp in enumerate(dom.get("competences") or []):
            ccode = str(comp.get("code", ""))
            cline = _line_of(text, f'code: "{ccode}"', start=dline or 1)
            seen_domains[dcode].append(ccode)
            if not ccode.startswith(dcode + "."):
                report.error(
                    rel,
                    cline,
                    _("competence %(code)s must start with its domain code %(domain)s.")
                    % {"code": ccode, "domain": dcode},
                )
            if ccode in competences:
                report.error(
                    rel,
                    cline,
                    _("competence code %(code)s is used twice") % {"code": ccode},
                )
            cname = _bilingual(
                comp.get("name"), rel, cline, f"competence {ccode}", report
            )
            levels: set[int] = set()
            task_rows = []
            for tpos, task in enumerate(comp.get("tasks") or []):
                tcode = str(task.get("code", ""))
                tline = _line_of(text, f'"{tcode}"') if tcode else cline
                if not re.fullmatch(re.escape(ccode) + r"\.t\d+", tcode):
                    report.error(
                        rel,
                        tline,
                        _("task code %(task)s must look like %(code)s.t1")
                        % {"task": tcode or "?", "code": ccode},
                    )
                if tcode in tasks:
                    report.error(
                        rel,
                        tline,
                        _("task code %(code)s is used twice") % {"code": tcode},
                    )
                tasks.add(tcode)
                level = task.get("level")
                if level not in LEVELS:
                    report.error(
                        rel,
                        tline,
                        _("task %(code)s: level must be 1, 2 or 3") % {"code": tcode},
                    )
                vi = str(task.get("vi") or "").strip()
                if not vi.startswith("Tôi có thể"):
                    report.error(
                        rel,
                        tline,
                        _("task %(code)s must start with “Tôi có thể”")
                        % {"code": tcode},
                    )
                levels.add(level)
                task_rows.append(
                    {
                        "code": tcode,
                        "level": level,
                        "text": vi,
                        "text_en": str(task.get("en") or "").strip(),
                        "position": tpos,
                    }
                )
            if not task_rows:
                report.error(
                    rel, cline, _("competence %(code)s has no tasks") % {"code": ccode}
                )
            competences[ccode] = levels
            comps.append(
                {
                    "code": ccode,
                    "name": cname.get("vi", ""),
                    "name_en": cname.get("en", ""),
                    "official_name": str(comp.get("official_name") or ""),
                    "position": cpos,
                    "tasks": task_rows,
                }
            )
        domains.append(
            {
                "code": dcode,
                "name": name.get("vi", ""),
                "name_en": name.get("en", ""),
                "official_name": str(dom.get("official_name") or ""),
                "position": dpos,
                "competences": comps,
            }
        )
    for dcode, codes in TT02_COMPETENCES.items():
        if seen_domains.get(dcode) != codes:
            report.error(
                rel,
                None,
                _(
                    "domain %(domain)s must hold the competences %(codes)s "
                    "of Thông tư 02"
                )
                % {"domain": dcode, "codes": ", ".join(codes)},
            )
    if "0" not in seen_domains:
        report.error(rel, None, _("the device-basics domain 0 is missing"))

    profiles = []
    groups = set()
    for prof in data.get("profiles") or []:
        group = prof.get("target_group")
        pline = _line_of(text, f"target_group: {group}")
        if group not in TargetGroup.values:
            report.error(
                rel,
                pline,
                _("unknown target group “%(group)s”; use one of %(groups)s")
                % {"group": group, "groups": ", ".join(TargetGroup.values)},
            )
        groups.add(group)
        reqs = {}
        for req in prof.get("requirements") or []:
            code, level = str(req.get("competence")), req.get("level")
            rline = _line_of(text, f'competence: "{code}"', start=pline or 1)
            if code in reqs:
                report.error(
                    rel,
                    rline,
                    _("competence %(code)s is listed twice") % {"code": code},
                )
            if code not in competences:
                report.error(
                    rel, rline, _("competence %(code)s does not exist") % {"code": code}
                )
            elif level not in competences[code]:
                report.error(
                    rel,
                    rline,
                    _(
                        "level %(level)s of %(code)s is required "
                        "but no task has that level"
                    )
                    % {"level": level, "code": code},
                )
            reqs[code] = level
        pname = _bilingual(prof.get("name"), rel, pline, f"profile {group}", report)
        profiles.append(
            {
                "target_group": group,
                "name": pname.get("vi", ""),
                "source": str(prof.get("source") or ""),
                "requirements": reqs,
            }
        )
    missing = set(TargetGroup.values) - groups
    if missing:
        report.error(
            rel,
            None,
            _("profiles are missing for: %(groups)s")
            % {"groups": ", ".join(sorted(missing))},
        )
    report.raise_if_any()
    return {
        "version": str(data["version"]),
        "sources": data.get("sources") or [],
        "levels": data.get("levels") or [],
        "domains": domains,
        "profiles": profiles,
    }


# ------------------------------------------------------------------------ lessons


@dataclass
class MediaContext:
    """Where a lesson's media files live and which framework codes exist."""

    media_dir: Path
    competences: frozenset[str] = frozenset()
    tasks: frozenset[str] = frozenset()
    task_competence: dict[str, str] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)


def _media(
    name, rel: str, line: int, ctx: MediaContext, report: Report, what: str
) -> str:
    name = str(name or "").strip()
    if not name:
        report.error(rel, line, _("%(what)s needs a file name") % {"what": what})
        return ""
    if not MEDIA_NAME.match(name):
        report.error(
            rel,
            line,
            _("“%(name)s” is not an allowed media file name (lower case, no folders)")
            % {"name": name},
        )
        return ""
    if not (ctx.media_dir / name).is_file():
        report.error(
            rel, line, _("the file media/%(name)s does not exist") % {"name": name}
        )
        return ""
    ctx.used.add(name)
    return name


def parse_blocks(
    text: str, rel: str, ctx: MediaContext, report: Report, first_line: int = 1
) -> list[dict]:
    """Parse ``::: kind`` … ``:::`` blocks; each becomes {kind, line, data}."""
    blocks: list[dict] = []
    current: dict | None = None
    for number, line in enumerate(text.split("\n"), start=first_line):
        stripped = line.rstrip()
        if current is None:
            if not stripped:
                continue
            opened = BLOCK_OPEN.match(stripped)
            if not opened:
                report.error(
                    rel,
                    number,
                    _("text outside a block; start a block with “::: text”"),
                )
                continue
            kind = opened.group(1)
            if kind not in BlockKind.values:
                report.error(
                    rel,
                    number,
                    _("unknown block kind “%(kind)s”; use one of %(kinds)s")
                    % {"kind": kind, "kinds": ", ".join(BlockKind.values)},
                )
            attrs = dict(a.split("=", 1) for a in opened.group(2).split())
            current = {"kind": kind, "line": number, "body": [], "attrs": attrs}
        elif stripped == ":::":
            block = _block_data(current, rel, ctx, report)
            if block is not None:
                blocks.append(block)
            current = None
        elif stripped.startswith(":::"):
            report.error(
                rel,
                number,
                _("a new block starts before “:::” closed the block of line %(line)s")
                % {"line": current["line"]},
            )
        else:
            current["body"].append(line)
    if current is not None:
        report.error(rel, current["line"], _("this block is never closed with “:::”"))
    return blocks


def _block_data(raw: dict, rel: str, ctx: MediaContext, report: Report) -> dict | None:
    kind, line = raw["kind"], raw["line"]
    body = "\n".join(raw["body"]).strip("\n")
    if kind not in BlockKind.values:
        return None
    if not body.strip():
        report.error(rel, line, _("the block is empty"))
        return None
    data: dict = {}
    if kind == BlockKind.TEXT:
        data = {"md": body, "html": markdown.render(body, heading_base=3)}
        if "audio" in raw["attrs"]:
            data["audio"] = _media(
                raw["attrs"]["audio"], rel, line, ctx, report, _("the recording")
            )
    elif kind == BlockKind.STEPS:
        items = []
        for offset, item in enumerate(raw["body"], start=1):
            if not item.strip():
                continue
            found = re.match(r"^\s*\d+\.\s+(.*)$", item)
            if not found:
                report.error(
                    rel, line + offset, _("each step must be a line “1. …”, “2. …”")
                )
                continue
            step_md = found.group(1)
            entry: dict = {}
            picture = STEP_IMAGE.search(step_md)
            if picture:
                alt = picture.group(1).strip()
                if not alt:
                    report.error(
                        rel, line + offset, _("the step picture needs alt text")
                    )
                entry["image"] = {
                    "alt": alt,
                    "src": _media(
                        picture.group(2),
                        rel,
                        line + offset,
                        ctx,
                        report,
                        _("the picture"),
                    ),
                }
                step_md = STEP_IMAGE.sub("", step_md).strip()
            entry.update({"md": step_md, "html": markdown.inline(step_md)})
            items.append(entry)
        data = {"items": items}
    else:
        parsed, ok = _yaml(body, rel, report, offset=line)
        if not ok:
            return None
        if not isinstance(parsed, dict):
            report.error(rel, line + 1, _("the block must hold “key: value” lines"))
            return None
        required, optional = KEYS[kind]
        missing = required - set(parsed)
        extra = set(parsed) - required - optional
        if missing:
            report.error(
                rel,
                line,
                _("the %(kind)s block lacks: %(keys)s")
                % {"kind": kind, "keys": ", ".join(sorted(missing))},
            )
        if extra:
            report.error(
                rel,
                line,
                _("the %(kind)s block has unknown keys: %(keys)s")
                % {"kind": kind, "keys": ", ".join(sorted(extra))},
            )
        data = {k: parsed[k] for k in parsed if k in required | optional}
        _check_kind(kind, data, rel, line, ctx, report)
    return {"kind": kind, "line": line, "data": data}


def _svg_size(path: Path) -> dict:
    """Width and height from the SVG's viewBox, so the page does not jump."""
    found = re.search(
        r'viewBox="\s*[-\d.]+\s+[-\d.]+\s+([\d.]+)\s+([\d.]+)"', path.read_text()
    )
    if not found:
        return {}
    return {
        "width": round(float(found.group(1))),
        "height": round(float(found.group(2))),
    }


_scenario_lookup: Callable[[str], list[str]] | None = None


def scenario_names_register(lookup: Callable[[str], list[str]]) -> None:
    """Let the app that runs the simulators say which scenarios each one has.

    The loader sits below the practice app and imports nothing from it; the
    practice app registers its lookup when it is ready. Without one, a
    practice block's scenario name is checked only for its form.
    """
    global _scenario_lookup
    _scenario_lookup = lookup


def registered_scenarios(simulator: str) -> list[str] | None:
    """The simulator's scenario names, or None when no app registered them."""
    if _scenario_lookup is None:
        return None
    return _scenario_lookup(simulator)


def _check_kind(
    kind: str, data: dict, rel: str, line: int, ctx: MediaContext, report: Report
) -> None:
    if kind == BlockKind.IMAGE:
        data["alt"] = str(data.get("alt") or "").strip()
        if not data["alt"]:
            report.error(rel, line, _("the picture needs alt text (alt)"))
        data["src"] = _media(data.get("src"), rel, line, ctx, report, _("the picture"))
        for key in ("width", "height"):
            if key in data and not (
                isinstance(data[key], int)
                and not isinstance(data[key], bool)
                and 0 < data[key] <= 10000
            ):
                report.error(
                    rel,
                    line,
                    _("“%(key)s” must be a whole number of pixels (1–10000)")
                    % {"key": key},
                )
                del data[key]
        if data["src"].endswith(".svg"):
            data.pop("width", None)
            data.pop("height", None)
            data.update(_svg_size(ctx.media_dir / data["src"]))
        if "caption" in data:
            data["caption"] = str(data["caption"])
    elif kind == BlockKind.AUDIO:
        data["src"] = _media(
            data.get("src"), rel, line, ctx, report, _("the recording")
        )
        if not str(data.get("transcript") or "").strip():
            report.error(rel, line, _("the recording needs a written transcript"))
    elif kind == BlockKind.VIDEO:
        captions = str(data.get("captions") or "")
        if not captions.endswith(".vtt"):
            report.error(rel, line, _("the video needs a captions file (.vtt)"))
        else:
            data["captions"] = _media(captions, rel, line, ctx, report, _("captions"))
        data["src"] = _media(data.get("src"), rel, line, ctx, report, _("the video"))
        if data.get("poster"):
            data["poster"] = _media(
                data["poster"], rel, line, ctx, report, _("the picture")
            )
    elif kind == BlockKind.PRACTICE:
        if data.get("simulator") not in SIMULATORS:
            report.error(
                rel,
                line,
                _("unknown simulator “%(name)s”; use one of %(names)s")
                % {
                    "name": data.get("simulator"),
                    "names": ", ".join(sorted(SIMULATORS)),
                },
            )
        if not SLUG.match(str(data.get("scenario") or "")):
            report.error(
                rel, line, _("the scenario must be a short name like “normal”")
            )
        elif data.get("simulator") in SIMULATORS:
            known = registered_scenarios(data["simulator"])
            if known is not None and data["scenario"] not in known:
                report.error(
                    rel,
                    line,
                    _(
                        "the simulator %(name)s has no scenario “%(scenario)s”; "
                        "it has %(known)s"
                    )
                    % {
                        "name": data["simulator"],
                        "scenario": data["scenario"],
                        "known": ", ".join(known),
                    },
                )
    elif kind == BlockKind.CHECK:
        options = data.get("options")
        answer = data.get("answer")
        if not isinstance(options, list) or len(options) < 2:
            report.error(rel, line, _("a quick check needs at least two options"))
        elif not isinstance(answer, int) or not 0 <= answer < len(options):
            report.error(
                rel,
                line,
                _(
                    "answer must be the number of the right option, "
                    "counting from 0 (0–%(last)s)"
                )
                % {"last": len(options) - 1},
            )
        else:
            data["options"] = [str(o) for o in options]
            if len(set(data["options"])) != len(options):
                report.error(rel, line, _("two options are the same"))
        for key in ("question", "explain"):
            if not str(data.get(key) or "").strip():
                report.error(rel, line, _("“%(key)s” is empty") % {"key": key})


def split_front_matter(
    text: str, rel: str, report: Report
) -> tuple[dict | None, str, int]:
    """Return (front matter, body, line number where the body starts)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        report.error(rel, 1, _("the lesson must start with a “---” line"))
        return None, "", 1
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        report.error(rel, 1, _("the front matter is not closed with “---”"))
        return None, "", 1
    meta, ok = _yaml("\n".join(lines[1:end]), rel, report, offset=1)
    if not ok:
        return None, "", 1
    if not isinstance(meta, dict):
        report.error(rel, 2, _("the front matter must hold “key: value” lines"))
        return None, "", 1
    return meta, "\n".join(lines[end + 1 :]), end + 2


def _lesson_file(
    path: Path, rel: str, ctx: MediaContext, report: Report
) -> dict | None:
    text = _read(path, rel, report)
    if text is None:
        return None
    meta, body, first = split_front_matter(text, rel, report)
    if meta is None:
        return None
    title = _bilingual(meta.get("title"), rel, 2, "title", report)
    minutes = meta.get("minutes", 5)
    if not isinstance(minutes, int) or not 1 <= minutes <= 60:
        report.error(
            rel, _line_of(text, "minutes:"), _("minutes must be a whole number")
        )
        minutes = 5
    comps = [str(c) for c in meta.get("competences") or []]
    tasks = [str(t) for t in meta.get("tasks") or []]
    if not comps:
        report.error(
            rel,
            _line_of(text, "competences:") or 2,
            _("the lesson lists no competences"),
        )
    for code in comps:
        if code not in ctx.competences:
            report.error(
                rel,
                _line_of(text, "competences:"),
                _("competence %(code)s is not in the framework") % {"code": code},
            )
    for code in tasks:
        if code not in ctx.tasks:
            report.error(
                rel,
                _line_of(text, "tasks:"),
                _("task %(code)s is not in the framework") % {"code": code},
            )
        elif ctx.task_competence.get(code) not in comps:
            report.error(
                rel,
                _line_of(text, "tasks:"),
                _("task %(code)s belongs to a competence the lesson does not list")
                % {"code": code},
            )
    blocks = parse_blocks(body, rel, ctx, report, first_line=first)
    if not blocks:
        report.error(rel, first, _("the lesson has no blocks"))
    return {
        "title": title,
        "minutes": minutes,
        "competences": comps,
        "tasks": tasks,
        "blocks": blocks,
    }


def _version_of(suffix: str, rel: str, report: Report) -> tuple[str, str] | None:
    language, variant = Language.VI.value, Variant.STANDARD.value
    for part in [p for p in suffix.split(".") if p]:
        if part in Language.values:
            language = part
        elif part in Variant.values:
            variant = part
        else:
            report.error(
                rel,
                None,
                _(
                    "“%(part)s” in the file name is neither a language (vi, en, km) "
                    "nor a need (easy, audio, large)"
                )
                % {"part": part},
            )
            return None
    return language, variant


# -------------------------------------------------------------------------- pack


def _check_svg(path: Path, rel: str, report: Report) -> None:
    text = _read(path, rel, report)
    if text is None:
        return
    try:
        root = ET.fromstring(text)  # noqa: S314 (our own repository files)
    except ET.ParseError as exc:
        report.error(rel, exc.position[0], _("the picture is not valid SVG"))
        return
    if root.find("{http://www.w3.org/2000/svg}title") is None:
        report.error(rel, None, _("the SVG needs a <title>"))
    for bad in ("<script", 'href="http', "onload=", "<foreignObject"):
        if bad in text:
            report.error(
                rel,
                _line_of(text, bad),
                _("the SVG must not contain %(bad)s") % {"bad": bad},
            )
    if path.stat().st_size > 8192:
        report.warn(rel, None, _("the picture is larger than 8 KB; keep lessons light"))


def pack_read(root: Path, framework: dict) -> tuple[list[dict], list[Problem]]:
    """Read and check every course of the pack; return (courses, warnings).

    ``framework`` is ``framework_read``'s result or the codes in the database:
    {"competences": {code: levels}, "tasks": {code: competence}}.
    """
    report = Report()
    courses_dir = root / "courses"
    if not courses_dir.is_dir():
        report.error(str(courses_dir), None, _("the courses folder does not exist"))
        report.raise_if_any()
    courses = []
    for folder in sorted(p for p in courses_dir.iterdir() if p.is_dir()):
        course = _course_read(folder, root, framework, report)
        if course:
            courses.append(course)
    report.raise_if_any()
    return courses, report.warnings


def _course_read(
    folder: Path, root: Path, framework: dict, report: Report
) -> dict | None:
    rel_dir = folder.relative_to(root).as_posix()
    rel = f"{rel_dir}/course.yaml"
    text = _read(folder / "course.yaml", rel, report)
    if text is None:
        return None
    data, ok = _yaml(text, rel, report)
    if not ok:
        return None
    if not isinstance(data, dict):
        report.error(rel, 1, _("course.yaml must hold “key: value” lines"))
        return None
    if data.get("slug") != folder.name:
        report.error(
            rel,
            _line_of(text, "slug:"),
            _("slug must equal the folder name “%(name)s”") % {"name": folder.name},
        )
    title = _bilingual(
        data.get("title"), rel, _line_of(text, "title:"), "title", report
    )
    summary = _bilingual(
        data.get("summary") or {"vi": ""},
        rel,
        _line_of(text, "summary:"),
        "summary",
        report,
    )
    audience = data.get("audience")
    if audience not in TargetGroup.values:
        report.error(
            rel,
            _line_of(text, "audience:"),
            _("audience must be one of %(groups)s")
            % {"groups": ", ".join(TargetGroup.values)},
        )
    url = data.get("national_platform") or ""
    if url and not str(url).startswith("https://"):
        report.error(
            rel,
            _line_of(text, "national_platform:"),
            _("national_platform must be an https address"),
        )
    comps = [str(c) for c in data.get("competences") or []]
    for code in comps:
        if code not in framework["competences"]:
            report.error(
                rel,
                _line_of(text, "competences:"),
                _("competence %(code)s is not in the framework") % {"code": code},
            )
    plan = ""
    if data.get("lesson_plan"):
        plan_rel = f"{rel_dir}/{data['lesson_plan']}"
        plan = _read(folder / str(data["lesson_plan"]), plan_rel, report) or ""
        for code in set(re.findall(r"\b(\d\.\d\.t\d+)\b", plan)):
            if code not in framework["tasks"]:
                report.error(
                    plan_rel,
                    _line_of(plan, code),
                    _("task %(code)s is not in the framework") % {"code": code},
                )
    else:
        report.warn(rel, None, _("the course has no lesson plan for instructors"))
    ctx = MediaContext(
        media_dir=folder / "media",
        competences=frozenset(framework["competences"]),
        tasks=frozenset(framework["tasks"]),
        task_competence=dict(framework["tasks"]),
    )
    names = [str(n) for n in data.get("lessons") or []]
    if not names:
        report.error(rel, _line_of(text, "lessons:"), _("the course lists no lessons"))
    lessons = []
    for position, name in enumerate(names, start=1):
        found = LESSON_FILE.match(f"{name}.md")
        if not found or found.group(3):
            report.error(
                rel,
                _line_of(text, name),
                _("lesson “%(name)s” must be named like 01-lesson-name")
                % {"name": name},
            )
            continue
        base = folder / f"{name}.md"
        lesson_rel = f"{rel_dir}/{name}.md"
        if not base.is_file():
            report.error(
                rel,
                _line_of(text, name),
                _("the lesson file %(name)s.md does not exist") % {"name": name},
            )
            continue
        lesson = _lesson_file(base, lesson_rel, ctx, report)
        if lesson is None:
            continue
        versions = {("vi", "standard"): lesson}
        for other in sorted(folder.glob(f"{name}.*.md")):
            other_rel = f"{rel_dir}/{other.name}"
            key = _version_of(other.name[len(name) : -3], other_rel, report)
            if key is None:
                continue
            parsed = _lesson_file(other, other_rel, ctx, report)
            if parsed is not None:
                versions[key] = parsed
        lessons.append(
            {
                "slug": found.group(2),
                "position": position,
                "source_path": lesson_rel,
                "versions": versions,
            }
        )
    listed = set(names)
    for stray in sorted(folder.glob("*.md")):
        stem = stray.name.split(".")[0]
        if LESSON_FILE.match(stray.name) and stem not in listed:
            report.warn(
                f"{rel_dir}/{stray.name}",
                None,
                _("this lesson is not listed in course.yaml"),
            )
    media_dir = folder / "media"
    if media_dir.is_dir():
        for item in sorted(media_dir.iterdir()):
            if item.suffix == ".svg":
                _check_svg(item, f"{rel_dir}/media/{item.name}", report)
            if item.name not in ctx.used:
                report.warn(
                    f"{rel_dir}/media/{item.name}", None, _("no lesson uses this file")
                )
    return {
        "slug": folder.name,
        "title": title,
        "summary": summary,
        "audience": audience,
        "for_older_people": bool(data.get("for_older_people")),
        "national_platform_url": str(url),
        "position": int(data.get("position") or 0),
        "competences": comps,
        "lesson_plan": plan,
        "lessons": lessons,
    }
