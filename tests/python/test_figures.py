"""What a reviewer checks in every figure: a title stating the condition, axis labels with the
registry's units, legends, event markers, axes laid out by the swept values, and errors instead
of silent slices. Expected values come from the registry, the model (simulate_step, sweep) and
the gait relation speed = cadence / 60 x step length (README, Gait)."""

import importlib.util
import math
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest

import kneeload
from kneeload import METRICS, PARAMETERS, TIME_SERIES, plot, training

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def cadence_by_shoe():
    # The default sweep of 'make run', smaller: cadence x shoe stiffness, a doubling series.
    return kneeload.sweep(
        {"cadence_steps_per_min": [160.0, 170.0, 180.0], "shoe_stiffness_n_per_m": [60e3, 120e3, 240e3]},
        fixed={"speed_m_per_s": 3.3, "body_mass_kg": 80.0},
        progress=False,
    )


def _legend_texts(ax_or_fig) -> list[str]:
    legends = ax_or_fig.legends if hasattr(ax_or_fig, "legends") else []
    legend = ax_or_fig.get_legend() if hasattr(ax_or_fig, "get_legend") else None
    return [t.get_text() for leg in [*legends, *([legend] if legend else [])] for t in leg.get_texts()]


def test_heatmap_states_condition_units_and_lays_out_a_doubling_series_in_kn_per_m(cadence_by_shoe):
    fig = plot.heatmap(cadence_by_shoe, "peak_pfj_stress_mpa", "cadence_steps_per_min", "shoe_stiffness_n_per_m")
    ax = fig.axes[0]
    title = ax.get_title(loc="left")
    assert "speed 3.3 m/s" in title and "mass 80 kg" in title and "foot strike rearfoot" in title
    assert "shoe stiffness" not in title  # an axis, not a fixed setting
    assert ax.get_xlabel().endswith(f"[{PARAMETERS['cadence_steps_per_min'].unit}]")
    assert ax.get_ylabel().endswith("[kN/m]")  # registry unit N/m, drawn in kN/m
    assert ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["60", "120", "240"]
    # Cells centred on the swept values on the log axis: edges at the geometric midpoints.
    mesh = ax.collections[0]
    y_edges = np.unique(mesh.get_coordinates()[:, :, 1])
    assert y_edges.tolist() == pytest.approx(
        [60 / math.sqrt(2), math.sqrt(60 * 120), math.sqrt(120 * 240), 240 * math.sqrt(2)]
    )
    x_edges = np.unique(mesh.get_coordinates()[:, :, 0])
    assert x_edges.tolist() == pytest.approx([155.0, 165.0, 175.0, 185.0])
    assert fig.axes[1].get_ylabel().endswith(f"[{METRICS['peak_pfj_stress_mpa'].unit}]")  # colour bar
    preferred = kneeload.preferred_cadence(3.3)
    assert f"preferred cadence {preferred:.0f} steps/min" in _legend_texts(ax.figure)
    vertical = [line for line in ax.lines if np.allclose(line.get_xdata(), preferred)]
    assert vertical, "a line at the preferred cadence"


def test_heatmap_with_more_dimensions_than_drawn_is_an_error_naming_them():
    ds = kneeload.sweep(
        {"cadence_ratio": [0.9, 1.1], "shoe_stiffness_n_per_m": [60e3, 120e3], "shoe_wear_km": [0.0, 300.0]},
        fixed={"speed_m_per_s": 3.3},
        progress=False,
    )
    with pytest.raises(ValueError, match="shoe_wear_km.*select one value"):
        plot.heatmap(ds, "peak_pfj_stress_mpa", "cadence_ratio", "shoe_stiffness_n_per_m")
    with pytest.raises(ValueError, match="shoe_wear_km.*select one value"):
        plot.percent_change(ds, ["peak_pfj_stress_mpa"], "cadence_ratio", 0.9, shoe_stiffness_n_per_m=60e3)
    with pytest.raises(ValueError, match="'shoe_wear_km' = 150"):
        plot.heatmap(ds, "peak_pfj_stress_mpa", "cadence_ratio", "shoe_stiffness_n_per_m", shoe_wear_km=150.0)
    fig = plot.heatmap(ds, "peak_pfj_stress_mpa", "cadence_ratio", "shoe_stiffness_n_per_m", shoe_wear_km=300.0)
    assert "shoe wear 300 km" in fig.axes[0].get_title(loc="left")
    drawn = np.ma.compressed(fig.axes[0].collections[0].get_array())
    expected = ds["peak_pfj_stress_mpa"].sel(shoe_wear_km=300.0).transpose("shoe_stiffness_n_per_m", "cadence_ratio")
    assert drawn.tolist() == pytest.approx(expected.values.ravel().tolist(), rel=1e-12)


def test_cadence_by_step_length_map_draws_iso_speed_lines_and_the_preferred_cadence():
    ds = kneeload.sweep(
        {"cadence_steps_per_min": [155.0, 170.0, 185.0], "step_length_m": [1.0, 1.1, 1.2]},
        progress=False,
    )
    ax = plot.heatmap(ds, "peak_pfj_stress_mpa", "cadence_steps_per_min", "step_length_m").axes[0]
    assert {"equal speed [m/s]", "preferred cadence"} <= set(_legend_texts(ax.figure))
    (iso_speed,) = [c for c in ax.collections if hasattr(c, "levels")]
    assert len(iso_speed.levels) >= 3 and len(ax.texts) >= 3  # labelled lines of equal speed
    # Round speeds (a step of 0.1, 0.2, 0.25, 0.5, 1 or 2 m/s), each line labelled with its own value.
    steps = np.diff(iso_speed.levels)
    assert np.allclose(steps, steps[0]) and min(abs(steps[0] - r) for r in (0.1, 0.2, 0.25, 0.5, 1, 2)) < 1e-9
    assert sorted(t.get_text() for t in ax.texts) == sorted(f"{v:g} m/s" for v in iso_speed.levels)
    for level, path in zip(iso_speed.levels, iso_speed.get_paths(), strict=True):
        if len(path.vertices):  # speed = cadence / 60 x step length along each line
            speed = path.vertices[:, 0] / 60.0 * path.vertices[:, 1]
            assert speed.tolist() == pytest.approx([level] * len(speed), rel=2e-3)
    (curve,) = [line for line in ax.lines if len(line.get_xdata()) > 2]
    cadence, length = np.asarray(curve.get_xdata()), np.asarray(curve.get_ydata())
    speeds = cadence / 60.0 * length
    assert cadence.tolist() == pytest.approx([kneeload.preferred_cadence(v) for v in speeds], rel=1e-9)


def test_percent_change_honours_the_baseline_and_labels_lines_with_long_names(cadence_by_shoe):
    fig = plot.percent_change(
        cadence_by_shoe,
        ["peak_pfj_stress_mpa", "peak_vgrf_bw"],
        "shoe_stiffness_n_per_m",
        120e3,
        cadence_steps_per_min=170.0,
    )
    ax = fig.axes[0]
    stress = cadence_by_shoe["peak_pfj_stress_mpa"].sel(cadence_steps_per_min=170.0).values
    assert list(ax.lines[0].get_ydata()) == pytest.approx(list(100.0 * (stress / stress[1] - 1.0)), rel=1e-12)
    assert ax.lines[0].get_ydata()[1] == 0.0
    legend = _legend_texts(ax)
    assert plot.describe("peak_pfj_stress_mpa")[0] == "peak patellofemoral joint stress"
    assert "peak patellofemoral joint stress" in legend and "baseline" in legend
    assert "midsole stiffness of the new shoe = 120 kN/m" in ax.get_title(loc="left")
    assert "cadence 170 steps/min" in ax.get_title(loc="left")
    assert ax.get_xscale() == "log" and ax.get_xlabel().endswith("[kN/m]")
    assert ax.get_ylabel() == "change from the baseline [%]"
    with pytest.raises(ValueError, match="'baseline' = 100000.0: valid values"):
        plot.percent_change(
            cadence_by_shoe, ["peak_vgrf_bw"], "shoe_stiffness_n_per_m", 100e3, cadence_steps_per_min=170.0
        )


def test_axis_layouts_follow_the_swept_values():
    import xarray as xr

    def layout(values, name="shoe_stiffness_n_per_m"):
        return plot.axis_layout(xr.DataArray(values, dims=[name], name=name), cells=True)

    assert layout([60e3, 120e3, 240e3]).scale == "log"
    assert layout([50e3, 100e3, 150e3]).scale == "linear"
    assert layout([50e3, 75e3, 150e3]).scale == "categorical"  # uneven, so cells could not be centred
    surface = layout([75.4e3, 533e3, math.inf], "surface_stiffness_n_per_m")
    assert surface.scale == "categorical" and surface.tick_labels == ["75.4", "533", "∞"]
    foot = layout(np.array(["rearfoot", "forefoot"], dtype=object), "foot_strike")
    assert foot.scale == "categorical" and foot.tick_labels == ["rearfoot", "forefoot"]


def test_step_figure_has_stance_axis_event_markers_and_time_axis():
    result = kneeload.simulate_step(4.5)  # at 4.5 m/s the default runner shows an impact peak
    assert math.isfinite(result.metrics.impact_peak_time_s)
    fig = plot.step(result)
    axes = fig.axes[:3]
    assert axes[2].get_xlabel() == "stance [% of contact time]"
    assert axes[1].get_ylabel().endswith(f"[{TIME_SERIES['knee_flexion_deg'].unit}]")
    assert axes[2].get_ylabel().endswith(f"[{TIME_SERIES['pfj_stress_mpa'].unit}]")
    title = fig.get_suptitle().replace("\n", " ")
    preferred = kneeload.preferred_cadence(4.5)
    assert "speed 4.5 m/s" in title and f"cadence {preferred:.4g} steps/min" in title
    contact = result.metrics.contact_time_s
    expected = sorted(
        [100.0 * t / contact for _, t in result.events] + [100.0 * result.metrics.impact_peak_time_s / contact]
    )
    markers = sorted(line.get_xdata()[0] for line in axes[0].lines if len(line.get_xdata()) == 1)
    assert markers == pytest.approx(expected, abs=1e-9)
    legend = " | ".join(_legend_texts(fig))
    for event in ("touchdown", "impact peak", "lowest point of the hip", "take off"):
        assert event in legend
    assert [child.get_xlabel() for child in axes[0].child_axes] == ["time since touchdown [ms]"]


def test_overlaid_steps_have_a_legend_of_what_differs():
    steps = [kneeload.simulate_step(3.3, foot_strike=f) for f in ("rearfoot", "forefoot")]
    fig = plot.step(steps)
    legend = _legend_texts(fig)
    assert "foot strike rearfoot" in legend and "foot strike forefoot" in legend
    assert "foot strike" not in fig.get_suptitle()  # it differs: in the legend, not the title
    with pytest.raises(ValueError, match="time_series=True"):
        plot.step(kneeload.simulate_step(3.3, time_series=False))


def test_training_plot_marks_flagged_weeks_with_a_legend():
    plan = [training.Week(d, speed_m_per_s=3.0, cadence_steps_per_min=170) for d in (20.0, 21.0, 25.0)]
    load = training.weekly_load(plan, shoe_wear=False, body_mass_kg=75.0)
    ax = plot.training_load(load).axes[0]
    assert load["flagged"].attrs["long_name"] in _legend_texts(ax)
    red = [
        p.get_height() for p in ax.patches if p.get_facecolor()[:3] == pytest.approx((0.839, 0.153, 0.157), abs=1e-3)
    ]
    assert red == pytest.approx(load["weekly_pfj_load_mpa_s"].values[load["flagged"].values].tolist())
    assert ax.get_ylabel().endswith("[MPa s]") and "mass 75 kg" in ax.get_title(loc="left")
    # Each week's shoe and its wear under the week (two shoes, wear accumulating per shoe).
    plan = [training.Week(20.0, speed_m_per_s=3.0, shoe=shoe) for shoe in ("trainer", "racer", "trainer")]
    load = training.weekly_load(plan, shoe_start_km={"trainer": 450.0})
    ticks = [t.get_text() for t in plot.training_load(load).axes[0].get_xticklabels()]
    assert ticks == ["1\ntrainer\n460 km", "2\nracer\n10 km", "3\ntrainer\n480 km"]


def _science_module():
    spec = importlib.util.spec_from_file_location("science_run", ROOT / "benchmarks" / "science" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_science_figures_draw_published_values_with_their_spread_and_drop_constant_panels(tmp_path, monkeypatch):
    science = _science_module()
    monkeypatch.setattr(science.plt, "close", lambda fig: None)
    study = science.STUDIES["shoe_wear"]
    ds = science.sweep_study(study)
    omitted = science.constant_metrics(study, ds)
    # With the empirical closure the contact time depends on speed and cadence only (literature.py),
    # in every shoe study.
    assert "contact_time_s" in omitted
    for other in ("shoe_stiffness", "surface"):
        other_study = science.STUDIES[other]
        assert "contact_time_s" in science.constant_metrics(other_study, science.sweep_study(other_study)), other
    science.figure("shoe_wear", study, ds, tmp_path, omitted)
    fig = plt.gcf()
    assert len(fig.axes) == len(study.metrics) - len(omitted)
    (panel,) = [ax for ax in fig.axes if ax.get_ylabel().startswith("peak vertical ground reaction")]
    # Footwear Science 2010: +4.88 % (95 % CI 3.40-6.36) after 500 km, applied to the model's new shoe.
    base = ds["peak_vgrf_bw"].sel(shoe_wear_km=0.0).item()
    (bar,) = [c for c in panel.collections if c.get_segments()]
    (segment,) = bar.get_segments()
    assert segment[:, 1].tolist() == pytest.approx([base * 1.0340, base * 1.0636], rel=1e-12)
    assert any("95 % CI" in text for text in _legend_texts(panel))
    assert "shoe wear" not in fig.get_suptitle().split("\n", 1)[1]


def test_condition_leaves_out_the_settings_its_title_states():
    # A speed alone runs at the preferred cadence (README, Gait): the condition says so, and the speed.
    settings = {"speed_m_per_s": 3.0, "body_mass_kg": 70.0, "trunk_flexion_deg": 7.3}
    full = plot.condition_text(settings, width=10_000).split(", ")
    assert {"speed 3 m/s", "mass 70 kg", "trunk flexion 7.3 deg", "preferred cadence"} <= set(full)
    title = "Body weight support at 3.0 m/s, preferred cadence"
    shown = plot.condition_text(settings, width=10_000, stated=title).split(", ")
    assert shown == [p for p in full if p not in ("speed 3 m/s", "preferred cadence")]
    # Only the same number with the same unit, or the whole phrase, counts as stated.
    for other in ("at 3.3 m/s", "3.0 km", "Speed from 2.5 to 5.5 m/s", "preferred"):
        assert plot.condition_text(settings, width=10_000, stated=other).split(", ") == full, other


def test_condition_lines_break_between_settings():
    settings = {"speed_m_per_s": 3.3, "body_mass_kg": 70.0, "height_m": 1.75, "trunk_flexion_deg": 7.3}
    phrases = plot.condition_text(settings, width=10_000).split(", ")
    wrapped = plot.condition_text(settings, width=30).splitlines()
    assert len(wrapped) > 1
    assert [p for line in wrapped for p in line.rstrip(",").split(", ")] == phrases


def test_science_figure_titles_do_not_repeat_the_study_title(tmp_path, monkeypatch):
    science = _science_module()
    monkeypatch.setattr(science.plt, "close", lambda fig: None)
    study = science.STUDIES["foot_strike"]  # "... at 3.3 m/s, preferred cadence"
    assert "preferred cadence" in study.title and "3.3 m/s" in study.title
    ds = science.sweep_study(study)
    science.figure("foot_strike", study, ds, tmp_path, science.constant_metrics(study, ds))
    title = " ".join(plt.gcf().get_suptitle().split())
    assert title.count("preferred cadence") == 1 and title.count("3.3 m/s") == 1, title
    assert "mass 70 kg" in title  # what the study title does not state stays


def test_validation_curves_show_mean_and_sd_of_the_measured_trials():
    result = kneeload.validation.validate()
    fig = plot.validation_curves(result)
    first = fig.axes[0]  # rearfoot, vertical force
    rearfoot = result.trials.set_index(["subject", "speed_m_per_s"]).foot_strike
    rows = [
        rearfoot[(s, v)] == "rearfoot"
        for s, v in zip(result.curves.subject.values, result.curves.speed_m_per_s.values, strict=True)
    ]
    measured = result.curves["vgrf_bw_measured"].values[np.array(rows)]
    band = first.collections[0].get_paths()[0].vertices[:, 1]
    assert band.max() == pytest.approx(np.max(measured.mean(axis=0) + measured.std(axis=0, ddof=1)), rel=1e-9)
    assert first.get_ylabel().endswith("[BW]") and "n = 24 trials" in first.get_title()
    scatter = plot.validation_scatter(result)
    titles = [ax.get_title() for ax in scatter.axes]
    assert any("ground-force-vector knee extensor moment" in t.replace("\n", " ") for t in titles)


def test_a_title_states_a_value_chosen_with_sel_and_not_what_its_options_ignore():
    ds = kneeload.sweep(
        {
            "cadence_ratio": [0.9, 1.1],
            "foot_strike": ["rearfoot", "forefoot"],
            "shoe_law": ["hunt_crossley_foam", "barefoot"],
        },
        fixed={"speed_m_per_s": 3.3},
        progress=False,
    )
    title = plot.heatmap(ds.sel(shoe_law="barefoot"), "peak_pfj_stress_mpa", "cadence_ratio", "foot_strike").axes[0]
    text = " ".join(title.get_title(loc="left").split())
    assert "shoe law barefoot" in text and "shoe stiffness" not in text and "shoe wear" not in text, text
    shod = plot.heatmap(ds, "peak_pfj_stress_mpa", "cadence_ratio", "foot_strike", shoe_law="hunt_crossley_foam")
    assert "shoe stiffness 100 kN/m" in " ".join(shod.axes[0].get_title(loc="left").split())


@pytest.mark.filterwarnings("ignore::kneeload.IgnoredParameterWarning")  # on purpose: a parameter without effect
def test_a_change_below_the_integrations_accuracy_is_drawn_flat_not_magnified():
    ds = kneeload.sweep(
        {"shoe_stiffness_n_per_m": [60e3, 120e3, 240e3]}, fixed={"speed_m_per_s": 3.3, "shoe_law": "barefoot"}
    )
    ax = plot.percent_change(ds, ["peak_pfj_stress_mpa"], "shoe_stiffness_n_per_m", 60e3).axes[0]
    low, high = ax.get_ylim()
    assert high - low >= plot.MIN_PERCENT_SPAN and low < 0.0 < high
    ax.figure.canvas.draw()  # the formatter sets its offset when the ticks are drawn
    assert ax.yaxis.get_major_formatter().get_offset() == ""  # no 1e-10 multiplier at the axis' top


def test_a_misspelt_metric_or_axis_is_a_value_error_with_a_suggestion():
    ds = kneeload.sweep({"cadence_ratio": [0.9, 1.1]}, fixed={"speed_m_per_s": 3.3})
    with pytest.raises(ValueError, match="'metric' = 'peak_pfj_stres_mpa'.*did you mean peak_pfj_stress_mpa"):
        plot.percent_change(ds, ["peak_pfj_stres_mpa"], "cadence_ratio", 0.9)
    grid = kneeload.sweep({"speed_m_per_s": [3.0, 3.5], "cadence_steps_per_min": [160.0, 170.0]})
    # An axis without its unit (cadence) once read as "the data also vary over" the real one.
    with pytest.raises(
        ValueError, match="'x' = 'cadence': valid values are the data's dimensions.*did you mean cadence_steps_per_min"
    ):
        plot.heatmap(grid, "peak_pfj_stress_mpa", x="cadence", y="speed_m_per_s")


def test_a_flat_percent_change_leaves_the_axes_scaling_for_a_later_curve():
    ds = kneeload.sweep({"body_mass_kg": [60.0, 70.0, 80.0]}, fixed={"speed_m_per_s": 3.3})
    ax = plot.percent_change(ds, ["steps_per_km"], "body_mass_kg", 70.0).axes[0]  # flat: the step is the same
    plot.percent_change(ds, ["peak_pfj_stress_mpa"], "body_mass_kg", 70.0, ax=ax)  # about +-15 %
    low, high = ax.get_ylim()
    assert low < -10.0 and high > 10.0, (low, high)
