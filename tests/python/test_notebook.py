"""The example notebook runs from top to bottom (executed with nbclient)."""

from pathlib import Path

import nbformat
from nbclient import NotebookClient

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def execute(name, tmp_path):
    notebook = nbformat.read(EXAMPLES / name, as_version=4)
    NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    return "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")


def test_stride_sweep_notebook_executes(tmp_path):
    text = execute("stride_sweep.ipynb", tmp_path)
    assert "conditions ok" in text and "peak_pfj_force_bw" in text


def test_training_load_notebook_executes(tmp_path):
    assert "flagged weeks: [4]" in execute("training_load.ipynb", tmp_path)
