"""The standalone app: PyInstaller builds it from build_app.spec, and the result runs headless.

Building takes a while (about 20 s to a few minutes), so the `packaging` tests run only when
asked: `CURATOR_PACKAGING=1 python -m pytest -m packaging tests/test_packaging.py`
(after `pip install ".[build]"`); `.ci/run` does so. The self-test itself is also checked
from the source tree in the ordinary suite, which is quick.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from curator import __version__
from tests.conftest import REPO

SPEC = REPO / "build_app.spec"
BUILD_TIMEOUT_S = 1200
RUN_TIMEOUT_S = 120
MAX_BUNDLE_MB = 220
"""About 168 MB (160 MiB) now; far more means Qt modules or plugins Curator does not use came
back."""

needs_build = pytest.mark.skipif(
    os.environ.get("CURATOR_PACKAGING") != "1",
    reason="builds the app with PyInstaller (minutes): set CURATOR_PACKAGING=1 to run it")
# pytest-timeout counts fixture setup: the first test to ask for the bundle waits for the build.
build_timeout = pytest.mark.timeout(BUILD_TIMEOUT_S + RUN_TIMEOUT_S)


def _headless_env(home: Path) -> dict[str, str]:
    """The environment of a user with no display, whose own files stay out of reach."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "QT_"))}
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(home),
               XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"),
               CURATOR_DB=str(home / "curator.db"))
    return env


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The one-folder app, built once for this module's tests; its folder (removed after)."""
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.fail("CURATOR_PACKAGING=1 asks for a build, but PyInstaller is not installed: "
                    "pip install '.[build]'")
    out = tmp_path_factory.mktemp("pyinstaller")
    result = subprocess.run(
        [sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm",
         "--distpath", str(out / "dist"), "--workpath", str(out / "build")],
        cwd=REPO, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-8000:]
    folder = out / "dist" / "curator"
    assert (folder / ("curator.exe" if sys.platform == "win32" else "curator")).is_file()
    yield folder
    shutil.rmtree(out, ignore_errors=True)  # 170 MB; pytest would keep three runs of it


def _run(bundle: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    executable = bundle / ("curator.exe" if sys.platform == "win32" else "curator")
    home.mkdir(exist_ok=True)
    # Run from elsewhere: the bundle must not lean on the checkout's files.
    return subprocess.run([str(executable), *args], cwd=home, env=_headless_env(home),
                          capture_output=True, text=True, timeout=RUN_TIMEOUT_S)


@pytest.mark.packaging
@needs_build
@build_timeout
def test_built_app_prints_its_version(bundle: Path, tmp_path: Path) -> None:
    result = _run(bundle, tmp_path / "home", "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"curator {__version__}"


@pytest.mark.packaging
@needs_build
@build_timeout
def test_built_app_passes_its_self_test(bundle: Path, tmp_path: Path) -> None:
    result = _run(bundle, tmp_path / "home", "--self-test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test passed" in result.stdout
    # Nothing was written where the user keeps things: the self-test stays in a temp folder.
    assert not (tmp_path / "home" / "curator.db").exists()


@pytest.mark.packaging
@needs_build
@build_timeout
def test_bundle_holds_what_curator_uses_and_not_more(bundle: Path) -> None:
    paths = list(bundle.rglob("*"))
    names = {p.relative_to(bundle).as_posix() for p in paths}
    assert any(n.endswith("/seeds/001_87f8408c2c65ef91.txt") for n in names)
    assert any(n.endswith("/resources/curator.svg") for n in names)
    assert any(n.endswith("/resources/curator.desktop") for n in names)
    assert any("/platforms/" in n and "qoffscreen" in n for n in names)
    for unwanted in ("qpdf", "qtvirtualkeyboard", "Qt6Qml", "Qt6Quick", "Qt6Pdf", "WebEngine"):
        assert not [n for n in names if unwanted in n], unwanted
    assert not [n for n in names if "/translations/" in n and n.endswith(".qm")]
    # PyInstaller links the Qt libraries into the top folder: count each file once.
    size_mb = sum(p.lstat().st_size for p in paths if p.is_file() and not p.is_symlink()) / 1e6
    assert size_mb < MAX_BUNDLE_MB, f"the bundle is {size_mb:.0f} MB"


@pytest.mark.gui  # the self-test opens the window offscreen
def test_self_test_passes_from_the_source_tree(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "curator", "--self-test"], cwd=REPO,
                            env=_headless_env(tmp_path), capture_output=True, text=True,
                            timeout=RUN_TIMEOUT_S)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test passed" in result.stdout


@pytest.mark.gui
def test_self_test_fails_with_a_message(tmp_path: Path) -> None:
    """With no sample seeds to import, it says so and exits 1 rather than passing quietly."""
    script = ("import sys\n"
              "from pathlib import Path\n"
              "import curator.core.paths as paths\n"
              f"paths.samples_folder = lambda: Path({str(tmp_path / 'none')!r})\n"
              "from curator.gui.shell.self_test import run_self_test\n"
              "sys.exit(run_self_test())\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO,
                            env=_headless_env(tmp_path), capture_output=True, text=True,
                            timeout=RUN_TIMEOUT_S)
    assert result.returncode == 1
    assert "self-test failed: no sample seeds in" in result.stderr
