"""Compile every .po to .mo with polib (no GNU gettext needed).

The project catalogue lives in ``locale/``; an app may keep its own in
``hocvuso/<app>/locale/`` (Django looks there too), which keeps the apps'
translations apart.
"""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
LOCALE_DIRS = [ROOT / "locale", *sorted((ROOT / "hocvuso").glob("*/locale"))]


def compile_all() -> list[Path]:
    written = []
    po_paths = [p for d in LOCALE_DIRS for p in sorted(d.glob("*/LC_MESSAGES/*.po"))]
    for po_path in po_paths:
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


if __name__ == "__main__":
    compile_all()
