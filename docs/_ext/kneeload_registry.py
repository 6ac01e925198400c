"""Sphinx extension: the model's vocabulary, read from the registry at build time.

- Directive ``kneeload-registry`` with one argument, ``parameters``, ``choices``, ``metrics`` or
  ``time_series``: a table of every entry of ``kneeload.PARAMETERS``, ``CHOICES``, ``METRICS`` or
  ``TIME_SERIES`` (option ``:group:`` keeps one parameter group; flag ``:model-choices:`` keeps
  the parameters whose default is a model choice). Each row is a link target (``param-<name>``,
  ``choice-<name>``, ``metric-<name>``, ``column-<name>``) unless ``:no-targets:`` is given.
- Directive ``kneeload-choice-defaults`` with a choice's name: the defaults of the parameters
  that the choice sets, one column per option (e.g. ``foot_strike``).
- Roles ``param``, ``choice``, ``metric`` and ``column``: the name, linked to its row; an unknown
  name is an error, so the prose cannot name something the registry does not have.
- Role ``param-default``: a parameter's default with its unit (``{param-default}`shoe_stiffness_n_per_m```
  -> 100000 N/m), so that no default is copied by hand into the prose.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

import kneeload

REGISTRIES: dict[str, tuple[str, dict]] = {
    "parameters": ("param", kneeload.PARAMETERS),
    "choices": ("choice", kneeload.CHOICES),
    "metrics": ("metric", kneeload.METRICS),
    "time_series": ("column", kneeload.TIME_SERIES),
}
PREFIXES = {prefix: registry for prefix, registry in REGISTRIES.values()}


def format_default(spec) -> str:
    """A parameter's default with its unit; "not set" for gait quantities and targets."""
    if spec.default is None:
        return "not set"
    value = "∞" if math.isinf(spec.default) else f"{spec.default:g}"
    return value if spec.unit == "1" else f"{value} {spec.unit}"


def _parameter_row(spec) -> list:
    return [
        spec.unit,
        spec.description,
        spec.valid_range,
        format_default(spec),
        spec.source or "",
        nodes.literal(text=f"--{spec.alias}") if spec.alias else "",  # literal: no smart dashes
    ]


def _choice_row(spec) -> list:
    options = nodes.bullet_list()
    for option in spec.options:
        item = nodes.list_item()
        paragraph = nodes.paragraph()
        paragraph += nodes.literal(text=option)
        paragraph += nodes.Text(": " + spec.option_descriptions.get(option, ""))
        item += paragraph
        options += item
    return [spec.description, options, spec.default]


def _plain_row(spec) -> list:
    return [spec.unit, spec.description]


COLUMNS: dict[str, tuple[list[str], list[int], Callable]] = {
    "parameters": (
        ["name", "unit", "meaning", "valid range", "default", "source of the default", "CLI alias"],
        [20, 6, 24, 12, 8, 22, 8],
        _parameter_row,
    ),
    "choices": (["name", "meaning", "options", "default"], [20, 30, 40, 10], _choice_row),
    "metrics": (["name", "unit", "meaning"], [35, 10, 55], _plain_row),
    "time_series": (["name", "unit", "meaning"], [35, 10, 55], _plain_row),
}


def _cell(content) -> nodes.entry:
    entry = nodes.entry()
    if isinstance(content, nodes.Inline):
        entry += nodes.paragraph("", "", content)
    elif isinstance(content, nodes.Node):
        entry += content
    else:
        entry += nodes.paragraph(text=str(content))
    return entry


class RegistryTable(SphinxDirective):
    """A table of one registry, every entry, in registry order."""

    required_arguments = 1
    option_spec = {"group": directives.unchanged, "model-choices": directives.flag, "no-targets": directives.flag}

    def run(self) -> list[nodes.Node]:
        kind = self.arguments[0]
        if kind not in REGISTRIES:
            raise self.error(f"kneeload-registry: unknown registry {kind!r}; valid: {', '.join(REGISTRIES)}")
        prefix, registry = REGISTRIES[kind]
        headers, widths, row_of = COLUMNS[kind]
        entries = [s for s in registry.values() if self._selected(s)]
        if not entries:
            raise self.error(f"kneeload-registry: no {kind} selected by {self.options}")
        if kind != "parameters":
            return [table(headers, widths, [self._row(prefix, spec, row_of) for spec in entries])]
        # Parameters: one table per group (gait, closure, runner, ...), in registry order.
        out: list[nodes.Node] = []
        for group in dict.fromkeys(str(spec.group) for spec in entries):
            rows = [self._row(prefix, spec, row_of) for spec in entries if str(spec.group) == group]
            out += [nodes.rubric(text=f"{group} parameters".replace("_", " ")), table(headers, widths, rows)]
        return out

    def _row(self, prefix: str, spec, row_of: Callable) -> list:
        """The entry's row, its name cell a link target unless :no-targets: is given."""
        name_cell = _cell(nodes.literal(text=spec.name))
        if "no-targets" not in self.options:
            label = f"{prefix}-{spec.name}"
            node_id = nodes.make_id(label)
            name_cell["ids"].append(node_id)
            self.env.get_domain("std").note_hyperlink_target(label, self.env.docname, node_id, spec.name)
        return [name_cell, *row_of(spec)]

    def _selected(self, spec) -> bool:
        if "group" in self.options and str(spec.group) != self.options["group"]:
            return False
        return "model-choices" not in self.options or (spec.source or "").startswith("model choice")


class ChoiceDefaults(SphinxDirective):
    """The defaults of the parameters a choice sets (the parameters of its group), per option."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        if name not in kneeload.CHOICES:
            raise self.error(f"kneeload-choice-defaults: {name!r} is not a choice")
        options = kneeload.CHOICES[name].options
        conditions = {option: kneeload._core.Condition({}, {name: option}) for option in options}
        parameters = [p for p in kneeload.PARAMETERS.values() if str(p.group) == name]
        if not parameters:
            raise self.error(f"kneeload-choice-defaults: no parameter group {name!r}")
        rows = [
            [nodes.literal(text=p.name), p.unit, *[f"{conditions[o].number(p.name):g}" for o in options]]
            for p in parameters
        ]
        headers = ["parameter", "unit", *options]
        return [table(headers, [30, 10, *[60 // len(options)] * len(options)], rows)]


def table(headers: list[str], widths: list[int], rows: list[list]) -> nodes.table:
    """A docutils table; a cell is text, a node, or an entry."""
    out = nodes.table(classes=["kneeload-registry"])
    group = nodes.tgroup(cols=len(headers))
    out += group
    group += [nodes.colspec(colwidth=w) for w in widths]
    head = nodes.thead()
    head += nodes.row("", *[_cell(h) for h in headers])
    group += head
    body = nodes.tbody()
    for row in rows:
        body += nodes.row("", *[c if isinstance(c, nodes.entry) else _cell(c) for c in row])
    group += body
    return out


def _reference(prefix: str) -> Callable:
    def role(name, rawtext, text, lineno, inliner, options=None, content=None):
        if text not in PREFIXES[prefix]:
            message = inliner.reporter.error(f"{name}: {text!r} is not in the registry", line=lineno)
            return [inliner.problematic(rawtext, rawtext, message)], [message]
        node = addnodes.pending_xref(
            rawtext, refdomain="std", reftype="ref", reftarget=f"{prefix}-{text}", refexplicit=True, refwarn=True
        )
        node += nodes.literal(rawtext, text)
        return [node], []

    return role


def default_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    spec = kneeload.PARAMETERS.get(text)
    if spec is None or spec.default is None:
        message = inliner.reporter.error(f"{name}: {text!r} is not a parameter with a default", line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    return [nodes.Text(format_default(spec))], []


def setup(app: Sphinx) -> dict:
    app.add_directive("kneeload-registry", RegistryTable)
    app.add_directive("kneeload-choice-defaults", ChoiceDefaults)
    for prefix in PREFIXES:
        app.add_role(prefix, _reference(prefix))
    app.add_role("param-default", default_role)
    return {"version": kneeload.__version__, "parallel_read_safe": True, "parallel_write_safe": True}
