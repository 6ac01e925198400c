"""The what-if notebook (examples/compare_runners.ipynb) answers the headline question end to end
for three runner profiles at two speeds: it runs top to bottom (nbclient), every condition
solves, and the cadence effect it prints is the one kneeload.compare gives."""

from pathlib import Path

import nbformat
from nbclient import NotebookClient

import kneeload

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_the_compare_notebook_answers_the_headline_question(tmp_path):
    notebook = nbformat.read(EXAMPLES / "compare_runners.ipynb", as_version=4)
    NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert "runners: 3, speeds: 2, interventions: 8, failed conditions: 0" in text
    effect = kneeload.compare(["cadence+10%"], speeds_m_per_s=[2.8, 3.8], uncertainty_samples=0)
    for speed in (2.8, 3.8):
        change = effect["change_pct"].sel(metric="peak_pfj_stress_mpa", speed_m_per_s=speed).item()
        assert f"cadence +10 % | default runner | {speed:g} m/s | peak PFJ stress per step {change:+.1f} %" in text
    for figure in ("effects.png", "rbds003_curves.png"):
        assert (tmp_path / figure).stat().st_size > 50_000
    assert (tmp_path / "effects.csv").exists() and (tmp_path / "population.csv").exists()
