"""The house reads one way: an app imports only from the apps below it.

Every module under ``hocvuso/`` is read with ``ast`` (imports inside functions
count too, and so do tests and management commands: a lazy import is still a
dependency). ``LAYERS`` is the allowed direction, as data; docs/architecture.md
draws the same picture.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]  # hocvuso/

# The layers, lowest first. An app may import from any app in a lower layer,
# never from its own layer's other apps or from a layer above. core imports
# no app at all. Apps not built yet have their place already: programmes
# (digital agents, markets, digital families, campaigns) under reporting,
# reporting (indicators, roll-ups, the staff home) on top of every domain app.
LAYERS: list[set[str]] = [
    {"core"},  # audit, errors, text rules, spreadsheets: no domain
    {"geography"},  # the unit tree every scope and record hangs on
    {"accounts"},  # users and role grants on units; scope.py, the access layer
    {"people"},  # households, persons, milestones, imports
    {"learning"},  # framework, courses, lessons
    {"assessment"},  # learner sign-in cards, results, completion records
    {"practice"},  # simulators, run by a signed-in learner
    {"classes", "outreach"},  # the movement's field work
    {"programmes", "operations"},  # programmes; running in production
    {"reporting"},  # indicators and dashboards read every domain
    {"demo", "api"},  # the demo builds through every app; api mounts them
]

# Imports that break the direction today, each with the work that removes it.
# test_known_knots_remain fails (strict xfail) once one is gone: then delete
# its entry here, and the general test guards it from then on.
KNOWN_KNOTS: dict[tuple[str, str], str] = {
    ("hocvuso.geography.access", "accounts"): "found by this test: the unit "
    "pages and the scoped reading of units use accounts.scope while "
    "accounts.RoleGrant points at geography.Unit; they belong above accounts",
    ("hocvuso.geography.views", "accounts"): "as geography.access",
    ("hocvuso.geography.tests.test_views", "accounts"): "as geography.access",
}

# Module circles (a imports b, b imports a, at any depth) known today.
KNOWN_CIRCLES: dict[frozenset[str], str] = {}


def _layer_of() -> dict[str, int]:
    return {app: level for level, apps in enumerate(LAYERS) for app in apps}


def _modules() -> Iterator[tuple[str, str, Path]]:
    """(app, dotted module name, path) for every module inside an app."""
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if len(parts) < 2:
            continue  # hocvuso/__init__.py, __main__.py: not an app
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield parts[0], ".".join(("hocvuso", *parts)), path


def _imported(module: str, path: Path) -> Iterator[str]:
    """Every module name ``path`` imports, at any depth of its code."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def _app_imports() -> set[tuple[str, str, str]]:
    """(importing app, importing module, imported app) across app boundaries."""
    found = set()
    for app, module, path in _modules():
        for name in _imported(module, path):
            parts = name.split(".")
            if (
                parts[0] == "hocvuso"
                and len(parts) > 1
                and parts[1] != app
                and (PACKAGE / parts[1]).is_dir()
            ):
                found.add((app, module, parts[1]))
    return found


def _upward(edges: set[tuple[str, str, str]]) -> set[tuple[str, str]]:
    layer = _layer_of()
    return {
        (module, imported)
        for app, module, imported in edges
        if layer[imported] >= layer[app]
    }


def _circles() -> set[frozenset[str]]:
    """The strongly connected groups of two or more modules (Tarjan)."""
    modules = {module: path for _, module, path in _modules()}
    graph = {
        module: {n for n in _imported(module, path) if n in modules and n != module}
        for module, path in modules.items()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: set[frozenset[str]] = set()

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                found.add(frozenset(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_every_app_has_a_layer():
    apps = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert apps - _layer_of().keys() == set(), "give each new app its layer"
    assert len(_layer_of()) == sum(len(apps) for apps in LAYERS), "an app twice"


def test_no_app_imports_an_app_above_it():
    upward = _upward(_app_imports()) - KNOWN_KNOTS.keys()
    assert sorted(upward) == [], "module -> app it must not import"


def test_core_imports_no_app():
    core = {
        (module, imported) for app, module, imported in _app_imports() if app == "core"
    }
    assert sorted(core - KNOWN_KNOTS.keys()) == []


@pytest.mark.parametrize(
    "knot",
    [
        pytest.param(knot, marks=pytest.mark.xfail(strict=True, reason=reason))
        for knot, reason in KNOWN_KNOTS.items()
    ],
    ids=[f"{module}->{app}" for module, app in KNOWN_KNOTS],
)
def test_known_knots_remain(knot):
    """Each known knot is still there; an xpass means: remove its entry."""
    assert knot not in _upward(_app_imports())


def test_no_module_circles():
    circles = _circles() - KNOWN_CIRCLES.keys()
    assert sorted(sorted(c) for c in circles) == []


@pytest.mark.parametrize(
    "circle",
    [
        pytest.param(circle, marks=pytest.mark.xfail(strict=True, reason=reason))
        for circle, reason in KNOWN_CIRCLES.items()
    ],
    ids=["<->".join(sorted(circle)) for circle in KNOWN_CIRCLES],
)
def test_known_circles_remain(circle):
    """Each known circle is still there; an xpass means: remove its entry."""
    assert circle not in _circles()
