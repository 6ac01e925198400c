"""Project basics: licence, citation and changelog agree with the package's version (set once, in
CMakeLists.txt)."""

import re
from pathlib import Path

import kneeload

ROOT = Path(__file__).resolve().parents[2]


def test_licence_citation_and_changelog_follow_the_version():
    assert (ROOT / "LICENSE").read_text().startswith("BSD 3-Clause License")
    citation = (ROOT / "CITATION.cff").read_text()
    assert re.search(r"^version: (\S+)$", citation, re.M).group(1) == kneeload.__version__
    assert re.search(r"^license: BSD-3-Clause$", citation, re.M)
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert f"## {kneeload.__version__}" in changelog
