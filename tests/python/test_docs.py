"""The documentation (docs/, Sphinx + myst-nb) builds with warnings as errors and says what the
package says: a row for every registry entry with its unit and meaning, the validation targets as
kneeload.validation computes them now, every public name in the API reference, every CLI option.
The docstring examples run (doctest).

Expected values come from the package at test time (kneeload.PARAMETERS, CHOICES, METRICS,
TIME_SERIES, kneeload.validation.validate(), kneeload.cli.build_parser()), never from copies."""

import doctest
import html
import importlib
import inspect
import math
import pkgutil
import re
import types

import pytest
from docutils.nodes import make_id

import kneeload
from kneeload import validation
from kneeload.cli import build_parser


def page(docs_build, name: str) -> str:
    assert docs_build.returncode == 0, docs_build.log[-5000:]
    return (docs_build.html / name).read_text(encoding="utf-8")


# Sphinx's "smart quotes" turn ' and -- into typographic characters in running text.
TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "--", "—": "---", "…": "..."})


def text_of(fragment: str) -> str:
    """The visible text of an HTML fragment, whitespace collapsed, typography undone."""
    plain = html.unescape(re.sub(r"<[^>]+>", " ", fragment)).translate(TYPOGRAPHY)
    return re.sub(r"\s+", " ", plain).strip()


def table_rows(fragment: str) -> list[list[str]]:
    """The cells' text of every body row of the HTML tables in a fragment."""
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", fragment, flags=re.S)
    return [[text_of(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)] for row in rows]


def test_docs_build_with_warnings_as_errors(docs_build):
    assert docs_build.returncode == 0, docs_build.log[-5000:]
    for name in ("index", "installation", "tutorial", "model", "validation", "gallery", "references"):
        assert (docs_build.html / f"{name}.html").is_file(), name


REGISTRIES = {
    "param": kneeload.PARAMETERS,
    "choice": kneeload.CHOICES,
    "metric": kneeload.METRICS,
    "column": kneeload.TIME_SERIES,
}


@pytest.mark.parametrize("prefix", REGISTRIES)
def test_vocabulary_has_a_row_for_every_registry_entry(docs_build, prefix):
    source = page(docs_build, "reference/vocabulary.html")
    registry = REGISTRIES[prefix]
    assert len(re.findall(rf'id="{prefix}-', source)) == len(registry), "one row per entry, no other"
    for name, spec in registry.items():
        match = re.search(rf'id="{make_id(f"{prefix}-{name}")}".*?</tr>', source, flags=re.S)
        assert match, f"no row for {name}"
        row = text_of("<" + match.group(0))
        assert row.startswith(name) and spec.description.translate(TYPOGRAPHY) in row, row
        if prefix == "choice":
            assert all(option in row for option in spec.options) and spec.default in row, row
            continue
        assert spec.unit in row, row
        if prefix == "param":
            assert spec.valid_range in row and (spec.source or "").translate(TYPOGRAPHY) in row, row
            if spec.default is not None and math.isfinite(spec.default):
                assert f"{spec.default:g}" in row, row


def test_model_page_cites_registry_defaults(docs_build):
    # The {param-default} role renders the registry's value; the source of a calibrated choice
    # is in the generated list of model choices.
    text = text_of(page(docs_build, "model.html"))
    retraction = kneeload.PARAMETERS["swing_leg_retraction_fraction"]
    assert f"swing_leg_retraction_fraction ({retraction.default:g}" in text
    model_choices = [p for p in kneeload.PARAMETERS.values() if (p.source or "").startswith("model choice")]
    assert model_choices and all(p.name in text for p in model_choices)


def test_validation_page_shows_the_targets_as_computed_now(docs_build):
    result = validation.validate()
    source = page(docs_build, "validation.html")
    met = int(result.targets.met.sum())
    assert f"{met} of {len(result.targets)} targets met" in text_of(source)
    rows = {(cells[0], cells[1]): cells for cells in table_rows(source) if len(cells) == 7}
    for target in result.targets.itertuples():
        cells = rows[(target.target, target.foot_strike)]
        # Shown with three significant digits (counts whole).
        assert float(cells[2]) == pytest.approx(target.value, rel=5e-3, abs=5e-3), cells
        assert cells[5] == ("yes" if target.met else "no"), cells
        assert bool(cells[6]) != bool(target.met), f"a missed target says why, a met one does not: {cells}"


def test_api_reference_documents_every_public_name(docs_build):
    source = page(docs_build, "reference/api.html")
    for name in kneeload.__all__:
        if name == "__version__":
            continue
        value = getattr(kneeload, name)
        anchor = f"module-kneeload.{name}" if isinstance(value, types.ModuleType) else f"kneeload.{name}"
        assert f'id="{anchor}"' in source, anchor
    for module in ("plot", "literature", "cli"):
        assert f'id="module-kneeload.{module}"' in source, module


def test_cli_reference_lists_every_command_and_option(docs_build):
    source = page(docs_build, "reference/cli.html")
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    for command, subparser in commands.items():
        assert f'id="kneeload-{command}"' in source, command
        for action in subparser._actions:
            if action.dest == "help":
                continue  # -h/--help: every command has it; the reference leaves it out
            for flag in action.option_strings:
                assert f"{flag}</kbd>" in source or f"{flag}," in source, (command, flag)


def test_tutorial_ran_every_cell(docs_build):
    import nbformat

    assert docs_build.returncode == 0, docs_build.log[-5000:]
    for name in ("tutorial.ipynb", "validation.ipynb"):
        notebook = nbformat.read(docs_build.executed / name, as_version=4)
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        assert len(code) >= 5 and all(cell.execution_count is not None for cell in code), name
        assert not [o for c in code for o in c.outputs if o.output_type == "error"], name


def test_figures_are_shown(docs_build):
    # The tutorial draws one step; the validation page the scatter and the curves; the stride
    # notebook its heat maps (each figure an image of the page, written by the build).
    for name, figures in (("tutorial", 1), ("validation", 2), ("examples/stride_sweep", 2)):
        images = re.findall(r'<img[^>]*src="([^"]+)"', page(docs_build, f"{name}.html"))
        assert len(images) >= figures, name
        assert all((docs_build.html / name).parent.joinpath(src).is_file() for src in images), name


# ---------------------------------------------------------------- docstring examples

MODULES = sorted(
    f"kneeload.{m.name}" for m in pkgutil.iter_modules(kneeload.__path__) if m.name not in ("__main__", "_parameters")
)


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples_run(module):
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in finder.find(importlib.import_module(module)):
        runner.run(test)
    assert runner.failures == 0, f"{runner.failures} of {runner.tries} examples of {module} fail (run doctest on it)"


def test_main_public_functions_have_examples():
    public = [getattr(kneeload, n) for n in kneeload.__all__]
    documented = [obj for obj in public if inspect.isfunction(obj) or inspect.isclass(obj)]
    assert len(documented) >= 6
    for obj in documented:
        assert "Examples\n" in inspect.getdoc(obj) and ">>> " in inspect.getdoc(obj), obj.__name__
