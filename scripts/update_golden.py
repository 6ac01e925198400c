"""Regenerates tests/golden/reference_steps.json: every metric of a few reference conditions that
span foot strikes, shoe laws, closures, body sizes and gait targets. Run it only when the model
changes on purpose, and say in the commit what changed and why.

    .venv/bin/python scripts/update_golden.py
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import kneeload

PATH = Path(__file__).resolve().parents[1] / "tests" / "golden" / "reference_steps.json"

CONDITIONS = {
    "default_3.3": dict(speed_m_per_s=3.3),
    "forefoot_4.0": dict(speed_m_per_s=4.0, cadence_steps_per_min=175.0, foot_strike="forefoot"),
    "midfoot_kelvin_voigt_soft_surface": dict(
        speed_m_per_s=2.8,
        step_length_m=1.0,
        foot_strike="midfoot",
        shoe_law="kelvin_voigt",
        shoe_stiffness_n_per_m=150e3,
        surface_stiffness_n_per_m=200e3,
    ),
    "barefoot_heavy_doyle": dict(
        speed_m_per_s=3.5,
        cadence_ratio=1.1,
        shoe_law="barefoot",
        body_mass_kg=90.0,
        height_m=1.85,
        contact_area_curve="doyle_quartic",
    ),
    "contact_time_closure": dict(speed_m_per_s=3.0, cadence_steps_per_min=165.0, target_contact_time_s=0.25),
    "touchdown_angle_worn_shoe": dict(
        speed_m_per_s=4.5, cadence_steps_per_min=180.0, target_touchdown_angle_deg=66.0, shoe_wear_km=400.0
    ),
}


def main() -> None:
    conditions = {}
    for name, inputs in CONDITIONS.items():
        result = kneeload.simulate_step(time_series=False, **inputs)
        if not result.ok:
            raise SystemExit(f"{name}: {result.reason}")
        conditions[name] = {
            "inputs": inputs,
            "metrics": {k: (None if math.isnan(v) else v) for k, v in result.metrics.items()},
        }
    PATH.write_text(json.dumps({"kneeload_version": kneeload.__version__, "conditions": conditions}, indent=1) + "\n")
    print(f"wrote {PATH} ({len(conditions)} conditions)")


if __name__ == "__main__":
    main()
