"""Who may edit the framework and the lessons: content editors only.

Reading lessons needs no account. Editing needs the EDIT_CONTENT capability
(the content-editor role, on any unit); anyone else gets the same 404 as for
a page that does not exist.
"""

from hocvuso.accounts.scope import Capability, can
from hocvuso.core.errors import NotFound


def can_edit_content(viewer) -> bool:
    return can(viewer, Capability.EDIT_CONTENT)


def access_editor(*, viewer) -> None:
    """Raise NotFound unless the viewer may edit content."""
    if not can_edit_content(viewer):
        raise NotFound
