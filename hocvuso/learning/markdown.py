"""The small Markdown subset lessons and lesson plans use, rendered safely.

Paragraphs, ``**bold**``, ``*italic*``, ``` `code` ```, links to https or
site paths, ``#``–``###`` headings, ``1.`` and ``-`` lists, ``>`` notes and
pipe tables. Everything else is escaped text: content never carries HTML.
"""

import re

from django.utils.html import escape

_LINK = re.compile(r"\[([^\]]+)\]\(((?:https://|/)[^)\s]*)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")
_CODE = re.compile(r"`([^`]+)`")
_ORDERED = re.compile(r"^\s*\d+\.\s+(.*)$")
_BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
_HEADING = re.compile(r"^(#{1,3})\s+(.*)$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}")


def inline(text: str) -> str:
    """Render one line of inline Markdown to escaped HTML."""
    html = escape(text)
    html = _CODE.sub(r"<code>\1</code>", html)
    html = _LINK.sub(r'<a href="\2">\1</a>', html)
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    return _ITALIC.sub(r"<em>\1</em>", html)


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def render(text: str, *, heading_base: int = 2) -> str:
    """Render a Markdown subset to HTML; headings start at ``h<heading_base>``."""
    out: list[str] = []
    lines = text.replace("\r\n", "\n").split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        heading = _HEADING.match(line)
        if heading:
            level = min(6, heading_base + len(heading.group(1)) - 1)
            out.append(f"<h{level}>{inline(heading.group(2))}</h{level}>")
            i += 1
            continue
        if (
            line.lstrip().startswith("|")
            and i + 1 < len(lines)
            and _TABLE_RULE.match(lines[i + 1].strip())
        ):
            head = "".join(f"<th>{inline(c)}</th>" for c in _cells(line))
            rows = []
            i += 2
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                cells = "".join(f"<td>{inline(c)}</td>" for c in _cells(lines[i]))
                rows.append(f"<tr>{cells}</tr>")
                i += 1
            out.append(
                f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead>'
                f"<tbody>{''.join(rows)}</tbody></table></div>"
            )
            continue
        for pattern, tag in ((_ORDERED, "ol"), (_BULLET, "ul")):
            if pattern.match(line):
                items = []
                while i < len(lines) and pattern.match(lines[i]):
                    items.append(f"<li>{inline(pattern.match(lines[i]).group(1))}</li>")
                    i += 1
                out.append(f"<{tag}>{''.join(items)}</{tag}>")
                break
        else:
            if line.startswith(">"):
                quoted = []
                while i < len(lines) and lines[i].startswith(">"):
                    quoted.append(lines[i][1:].strip())
                    i += 1
                out.append(f'<p class="note">{inline(" ".join(quoted))}</p>')
                continue
            para = []
            while (
                i < len(lines)
                and lines[i].strip()
                and not _HEADING.match(lines[i])
                and not _ORDERED.match(lines[i])
                and not _BULLET.match(lines[i])
                and not lines[i].startswith(">")
                and not lines[i].lstrip().startswith("|")
            ):
                para.append(inline(lines[i].strip()))
                i += 1
            out.append(f"<p>{' '.join(para)}</p>")
    return "\n".join(out)
