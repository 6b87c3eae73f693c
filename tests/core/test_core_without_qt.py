"""The core must import and work with PySide6 absent."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

_BLOCK_QT = """
import sys
class _NoQt:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6'):
            raise ImportError('PySide6 is not installed')
sys.meta_path.insert(0, _NoQt())
import curator.core.exchange, curator.core.importer, curator.core.reader, curator.core.store
import curator.core.writer, curator.core.schema_doc, curator.cli, curator.core.review
import curator.core.calibration, curator.core.operations
from curator.core.store import Library
lib = Library(sys.argv[1])
print(lib.total())
assert not any(m.startswith('PySide6') for m in sys.modules)
"""


def test_core_imports_without_pyside(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _BLOCK_QT, str(tmp_path / "lib.db")],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0"
