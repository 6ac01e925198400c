"""Sphinx configuration of the kneeload documentation (`make docs`; built by `make test`).

Choices (docs/README.md says more):
- Sphinx, because the API reference is generated from the package's numpydoc docstrings
  (autodoc + numpydoc, which also validates the docstrings' sections) and the CLI reference from
  its argparse parser (sphinx-argparse); MkDocs has no equivalent of either for numpydoc.
- myst-nb (not nbsphinx): it reads Markdown (MyST) pages and notebooks, executes both during
  the build, and needs no pandoc (nbsphinx does: a non-Python binary). The tutorial and the
  validation page are Markdown notebooks, so every line of code in the docs runs at every build.
- The registry tables (parameters, choices, metrics, time-series columns) come from a small
  local extension (_ext/kneeload_registry.py) that reads kneeload.PARAMETERS etc. at build
  time: fast (no kernel) and never hand-listed.
- No intersphinx: the build machines have no network, so references to numpy, xarray, pandas
  and the standard library are not resolved (nitpick_ignore_regex below); references inside
  kneeload are checked (-n).
"""

from __future__ import annotations

import sys
from pathlib import Path

import kneeload

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))

project = "kneeload"
author = "The kneeload developers"
copyright = "The kneeload developers (BSD 3-Clause)"
release = kneeload.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_nb",  # Markdown (MyST) and notebooks, executed
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinxarg.ext",  # sphinx-argparse: the CLI reference from kneeload.cli.build_parser
    "kneeload_registry",  # the registry tables and the {param} / {metric} roles
]

source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
root_doc = "index"
exclude_patterns = ["_build", "README.md", "**/.ipynb_checkpoints", "examples/CMakeLists.txt"]
nitpicky = True

# -- MyST and notebook execution ------------------------------------------------------------
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
# Every notebook and Markdown notebook runs at every build ("force": no cache that could be
# stale against the compiled core); an exception in a cell fails the build.
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_execution_timeout = 600
nb_execution_in_temp = True  # files the examples write land in a temporary folder
nb_merge_streams = True

# -- API reference -----------------------------------------------------------------------------
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_default_options = {"members": True, "undoc-members": False}
autosummary_generate = False
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
# numpydoc checks the public docstrings at every build (a failure is a warning, so an error
# under -W): every parameter documented and no unknown one (PR01, PR02), types given (PR04),
# descriptions present (PR07, RT03), a Returns section where something is returned (RT01),
# summaries present (SS01, GL08).
numpydoc_validation_checks = {"PR01", "PR02", "PR04", "PR07", "RT01", "RT03", "SS01", "GL08"}
numpydoc_validation_exclude = {
    r"\.__init__$",
    r"\.__repr__$",
    # Results that users receive, not construct: documented by their Attributes sections.
    r"^kneeload\.StepResult$",
    r"^kneeload\.validation\.Validation$",
    # The compiled core's classes (docstrings from the bindings) and the registry dicts
    # (documented in reference/api.md; their entries in reference/vocabulary.md).
    r"^kneeload\._core\.",
    r"^kneeload\.(PARAMETERS|CHOICES|METRICS|TIME_SERIES|PLAUSIBILITY)$",
    # Standard-library names a module imports: autodoc reads every member's docstring while it
    # selects the members to document, and numpydoc checks what it reads.
    r"^kneeload\.\w+\.(Any|Iterable|Mapping|Sequence|dataclass|field)$",
}

_EXTERNAL_TYPES = (
    r"(numpy|np|xarray|xr|pandas|pd|matplotlib|dask|distributed|os|pathlib|collections|typing|"
    r"typing_extensions|numbers|argparse|SALib)(\..*)?"
)
_BUILTINS = r"(int|float|str|bool|bytes|dict|list|tuple|set|object|None|Any|Iterable|Mapping|Sequence|Unpack)"
nitpick_ignore_regex = [
    ("py:class", _EXTERNAL_TYPES),
    ("py:class", _BUILTINS),
    ("py:obj", _BUILTINS),
    # The keyword arguments' TypedDict (generated, python/kneeload/_parameters.py): its keys are
    # the parameter table (reference/vocabulary).
    ("py:class", r"(kneeload\._parameters\.)?Parameters"),
    # kneeload.plot's layout dataclass, documented on the API page: autodoc renders the return
    # annotation of plot.axis_layout unqualified (postponed annotations) and cannot resolve it.
    ("py:class", r"AxisLayout"),
]

# -- HTML --------------------------------------------------------------------------------------
html_theme = "alabaster"
html_theme_options = {
    "description": "Running ground contact and patellofemoral knee load",
    "page_width": "1400px",
    "body_max_width": "none",  # the registry tables are wide
    "sidebar_width": "230px",
    "fixed_sidebar": True,
}
html_title = f"kneeload {release}"
html_static_path: list[str] = []
