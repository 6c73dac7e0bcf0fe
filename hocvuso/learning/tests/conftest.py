import pytest

from hocvuso.learning.services import content_load, framework_load
from hocvuso.learning.tests.packs import REPO_CONTENT, write_pack


@pytest.fixture
def framework(db):
    framework_load(actor=None, path=REPO_CONTENT / "framework.yaml")


@pytest.fixture
def pack(tmp_path, settings, framework):
    """The small test pack, loaded, and served as the content folder."""
    root = write_pack(tmp_path / "content")
    settings.HOCVUSO_CONTENT_DIR = root
    content_load(actor=None, root=root)
    return root
