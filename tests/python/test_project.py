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


def test_the_python_benchmark_runs_its_list_rows(monkeypatch, capsys):
    # A smoke run of make bench-python's own code on a tiny list (its figures are measured by the
    # benchmark, not here): a change to the sweep's internals once broke it unnoticed.
    import importlib.util
    import sys

    path = ROOT / "benchmarks" / "python" / "bench_sweep.py"
    monkeypatch.syspath_prepend(str(path.parent))
    spec = importlib.util.spec_from_file_location("bench_sweep_smoke", path)
    bench = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "bench_sweep_smoke", bench)
    spec.loader.exec_module(bench)
    monkeypatch.setattr(bench, "REPEATS", 1)
    bench.list_row("smoke", ["cadence_ratio"], [[0.9], [1.0], [1.1]], {"speed_m_per_s": 3.3}, target=False)
    (row,) = bench.ROWS
    assert row.what == "smoke (3/3 ok), 1 thread, warm start (default)"
    assert re.fullmatch(r"\d+ µs \(CPU \d+\); [\d.]+ stances per gait solve", row.measured), row.measured
