"""Hypothesis strategies generated from the registry: valid and invalid values of every
parameter, from its valid range. A new parameter is tested without editing this file."""

from __future__ import annotations

import math

from hypothesis import strategies as st

from kneeload import CHOICES, PARAMETERS

#: Inputs that must be given or left out together (the gait targets and closure targets).
OPTIONAL = {name for name, p in PARAMETERS.items() if p.default is None}


def valid_value(name: str) -> st.SearchStrategy[float]:
    """A value inside the parameter's valid range."""
    p = PARAMETERS[name]
    upper = p.upper if math.isfinite(p.upper) else 10.0 * p.lower
    return st.floats(p.lower, upper, exclude_min=p.lower_open, exclude_max=p.upper_open or not math.isfinite(p.upper))


def invalid_value(name: str) -> st.SearchStrategy[float]:
    """A value outside the parameter's valid range (or not a finite number where none is allowed)."""
    p = PARAMETERS[name]
    span = (p.upper - p.lower) if math.isfinite(p.upper) else abs(p.lower) or 1.0
    below = st.floats(p.lower - 100.0 * span, p.lower, exclude_max=not p.lower_open)
    outside = [below, st.just(math.nan), st.just(-math.inf)]
    if math.isfinite(p.upper):
        outside.append(st.floats(p.upper, p.upper + 100.0 * span, exclude_min=not p.upper_open))
    if not p.upper_may_be_infinite:
        outside.append(st.just(math.inf))
    return st.one_of(outside)


#: (name, invalid value) for any model parameter.
invalid_parameter = st.sampled_from(sorted(set(PARAMETERS) - OPTIONAL)).flatmap(
    lambda name: st.tuples(st.just(name), invalid_value(name))
)


def valid_model() -> st.SearchStrategy[dict]:
    """Every physical model parameter and choice drawn from its whole valid range (the integrator
    settings keep their tested defaults: a 1e-14 tolerance is valid but slow)."""
    numbers = {
        name: valid_value(name) for name, p in PARAMETERS.items() if name not in OPTIONAL and p.group != "numerics"
    }
    choices = {name: st.sampled_from(spec.options) for name, spec in CHOICES.items() if name != "closure"}
    return st.fixed_dictionaries({**numbers, **choices}).map(_cop_path_consistent)


def _cop_path_consistent(model: dict) -> dict:
    """The COP's early move reaches at least its landing lead (a cross-parameter rule the ranges
    alone do not express: registry.cpp, validate_cop_path)."""
    model["cop_early_reach_fraction"] = max(model["cop_early_reach_fraction"], model["landing_cop_lead_fraction"])
    return model
