"""The code follows the project's formatter and linter configurations (.clang-format and
[tool.ruff] in pyproject.toml): run `clang-format -i` and `ruff format; ruff check --fix` to
comply. Both tools are installed by the README's set-up."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CPP_FOLDERS = ("include", "src", "python/bindings", "tests/cpp", "tests/downstream", "examples", "benchmarks")
PYTHON_FOLDERS = ("python", "tests", "scripts", "benchmarks", "docs")


def cpp_files():
    return sorted(str(p) for folder in CPP_FOLDERS for p in (ROOT / folder).rglob("*") if p.suffix in (".hpp", ".cpp"))


def test_cpp_is_formatted():
    clang_format = shutil.which("clang-format")
    assert clang_format, "clang-format is missing: run scripts/install-deps.sh"
    result = subprocess.run([clang_format, "--dry-run", "--Werror", *cpp_files()], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]


def test_python_is_formatted_and_linted():
    ruff = [sys.executable, "-m", "ruff"]
    check = subprocess.run([*ruff, "check", *PYTHON_FOLDERS], cwd=ROOT, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout[-3000:]
    formatted = subprocess.run([*ruff, "format", "--check", *PYTHON_FOLDERS], cwd=ROOT, capture_output=True, text=True)
    assert formatted.returncode == 0, formatted.stdout[-3000:]
