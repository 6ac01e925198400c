"""The example notebooks run from top to bottom. They are executed once, by the documentation
build (myst-nb, tests/python/conftest.py::docs_build, which fails on an exception in any cell);
these tests read the executed notebooks it wrote."""

import nbformat


def executed_text(docs_build, name):
    assert docs_build.returncode == 0, docs_build.log[-5000:]
    notebook = nbformat.read(docs_build.executed / "examples" / name, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(cell.execution_count is not None for cell in code), "every code cell ran"
    outputs = [o for cell in code for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    return "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")


def test_stride_sweep_notebook_executes(docs_build):
    text = executed_text(docs_build, "stride_sweep.ipynb")
    assert "conditions ok" in text and "peak_pfj_force_bw" in text


def test_training_load_notebook_executes(docs_build):
    assert "flagged weeks: [4]" in executed_text(docs_build, "training_load.ipynb")
