"""Extract the translatable strings into every catalogue (``make messages``).

hocvuso keeps one catalogue for the project (``locale/``: the site frame, people,
outreach, imports …) and one per app that has its own ``hocvuso/<app>/locale/``
(learning, practice, assessment, classes), so a change in one app never rewrites
another's translations. Django's ``makemessages`` decides where a string goes
from the directory it runs in, so it is run once at the root (skipping the apps
with their own catalogue) and once inside each of those apps.

``python -m hocvuso.core.i18n_messages [ROOT]`` updates the catalogues under ROOT
(the repository by default). The test suite runs it on a copy of the tree to
check that no string is left without a Vietnamese translation.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("vi", "km")
# Not source: never scan these for strings.
SKIP = (".venv", "staticfiles", "var", "tests", "bench", "node_modules", "build")


def app_catalogue_dirs(root: Path) -> list[Path]:
    """The apps that keep their own catalogue."""
    return sorted(p.parent for p in (root / "hocvuso").glob("*/locale") if p.is_dir())


def catalogue_paths(root: Path, language: str) -> list[Path]:
    """Every .po file of a language: the project's first, then each app's."""
    dirs = [root, *app_catalogue_dirs(root)]
    return [d / "locale" / language / "LC_MESSAGES" / "django.po" for d in dirs]


def make_messages(root: Path = ROOT, languages=LANGUAGES) -> None:
    root = Path(root).resolve()
    # -P: the app directory it runs in is not put on sys.path (an app's
    # selectors.py would shadow the standard library's). Settings come from
    # ROOT's own config (first on PYTHONPATH), so the project catalogue
    # written is ROOT/locale, never another checkout's.
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(root), os.environ.get("PYTHONPATH")])
        ),
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
    }
    base = [
        sys.executable,
        "-P",
        "-m",
        "django",
        "makemessages",
        "--no-location",
        "--no-obsolete",
    ]
    base += [f"--locale={lang}" for lang in languages]
    apps = app_catalogue_dirs(root)
    skip = [*SKIP, *(str(a.relative_to(root)) for a in apps)]
    for cwd, extra in [
        (root, [f"--ignore={s}/*" for s in skip]),
        *((a, []) for a in apps),
    ]:
        subprocess.run(  # noqa: S603 (our own arguments, no shell)
            [*base, *extra, "--verbosity=0"], cwd=cwd, env=env, check=True, timeout=300
        )


if __name__ == "__main__":
    make_messages(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT)
