import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")  # no screen on CI

DOCS = Path(__file__).resolve().parents[2] / "docs"
# The flags of `make docs`: warnings are errors, every warning reported, every reference checked.
SPHINX_FLAGS = ("-W", "--keep-going", "-n", "-q")


@dataclass(frozen=True)
class DocsBuild:
    """One build of the documentation: its exit code, what it printed and where it wrote."""

    returncode: int
    log: str
    html: Path
    executed: Path  # the notebooks and Markdown notebooks as executed by the build (myst-nb)


@pytest.fixture(scope="session")
def docs_build(tmp_path_factory) -> DocsBuild:
    """The documentation built once per test session (it executes the tutorial, the validation
    page and the example notebooks, which the notebook tests then read)."""
    out = tmp_path_factory.mktemp("docs")
    command = [sys.executable, "-m", "sphinx", *SPHINX_FLAGS, "-b", "html", str(DOCS), str(out / "html")]
    result = subprocess.run(command, capture_output=True, text=True)
    return DocsBuild(result.returncode, result.stdout + result.stderr, out / "html", out / "jupyter_execute")
