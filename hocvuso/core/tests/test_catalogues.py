"""The translations are complete: no string reaches a learner in English by accident.

The catalogues are extracted again from the source, on a copy of the tree, exactly as
``make messages`` does; every string found must have a Vietnamese translation (the
interface's first language), and nothing may be left fuzzy (a guess by msgmerge).
Khmer may lack a string (Django then shows the Vietnamese), but never a guess, and
the learner's side (lessons, practice, learning record) is complete.
"""

import shutil
from pathlib import Path

import polib
import pytest

from hocvuso.core.i18n_messages import ROOT, catalogue_paths, make_messages

pytestmark = pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="GNU gettext is not installed"
)

LEARNER_APPS = ("learning", "practice", "assessment")


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    copy = tmp_path_factory.mktemp("tree")
    for name in ("hocvuso", "templates", "config", "locale"):
        shutil.copytree(
            ROOT / name,
            copy / name,
            ignore=shutil.ignore_patterns("__pycache__", "*.mo"),
        )
    make_messages(copy)
    return copy


def problems(po_path: Path) -> list[str]:
    po = polib.pofile(str(po_path))
    untranslated = [f"untranslated: {e.msgid!r}" for e in po.untranslated_entries()]
    return untranslated + [f"fuzzy: {e.msgid!r}" for e in po.fuzzy_entries()]


def test_every_string_has_a_vietnamese_translation(fresh):
    found = {
        str(path.relative_to(fresh)): problems(path)
        for path in catalogue_paths(fresh, "vi")
    }
    assert {path: found for path, found in found.items() if found} == {}


def test_khmer_has_no_guesses_and_the_learner_side_is_complete(fresh):
    for path in catalogue_paths(fresh, "km"):
        po = polib.pofile(str(path))
        assert po.fuzzy_entries() == [], path
        if path.parts[-5] in LEARNER_APPS:
            assert problems(path) == [], path


def test_the_checked_copy_matches_the_committed_catalogues(fresh):
    # make messages was run before committing: the catalogues in git hold the
    # same strings as the source.
    for language in ("vi", "km"):
        for path in catalogue_paths(fresh, language):
            committed = ROOT / path.relative_to(fresh)
            ids = {e.msgid for e in polib.pofile(str(path))}
            assert ids == {e.msgid for e in polib.pofile(str(committed))}, committed


@pytest.mark.parametrize("language", ["vi", "km"])
def test_each_catalogue_shows_as_written(language):
    """Django merges the catalogues into one; a string two catalogues translate
    differently would show one of them in the other's pages."""
    from django.utils import translation

    clashes = []
    for path in catalogue_paths(ROOT, language):
        with translation.override(language):
            for e in polib.pofile(str(path)).translated_entries():
                if e.msgid_plural:
                    continue
                shown = (
                    translation.pgettext(e.msgctxt, e.msgid)
                    if e.msgctxt
                    else translation.gettext(e.msgid)
                )
                if shown != e.msgstr:
                    clashes.append((path.parts[-5], e.msgid, e.msgstr, shown))
    assert clashes == []
