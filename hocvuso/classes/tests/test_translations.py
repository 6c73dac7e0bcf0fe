from pathlib import Path

import polib
from django.utils import translation


def test_every_class_text_shows_in_vietnamese_as_written():
    """No other catalogue gives the classes' words another meaning."""
    path = Path(__file__).resolve().parents[1] / "locale/vi/LC_MESSAGES/django.po"
    entries = [e for e in polib.pofile(str(path)) if not e.msgid_plural]
    with translation.override("vi"):
        shown = {
            (e.msgctxt, e.msgid): (
                translation.pgettext(e.msgctxt, e.msgid)
                if e.msgctxt
                else translation.gettext(e.msgid)
            )
            for e in entries
        }
    assert shown == {(e.msgctxt, e.msgid): e.msgstr for e in entries}
