"""kneeload.compare: interventions against each runner's baseline. Every value is checked against
simulate_step (the same engine), every derived quantity against its definition (speed = cadence /
60 x step length; per km = per step x steps per km; the interval = percentiles of the effects over
the sample), and the command line, the tables and the figure against the Dataset."""

import json
import re
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
import xarray as xr

import kneeload
from kneeload import comparison, plot
from kneeload.cli import main
from kneeload.runner import Runner

matplotlib.use("Agg")

#: A comparison's conditions run as one list sweep, each solved from a neighbour's solution
#: (sweep/chains.hpp); periodic to the solver's 1e-7 like a cold simulate_step, they agree with it
#: to the integration's accuracy, not bitwise (benchmarks/continuation.py: peak PFJ stress within
#: 3.2e-7 over a 128-entry list; test_sweep.cpp checks 1e-5).
SAME_SOLUTION = 1e-5
#: A change in percent, 100 (after / before - 1), from two such values [percentage points].
SAME_CHANGE_PCT = 100.0 * 2.0 * SAME_SOLUTION
METRIC = "peak_pfj_stress_mpa"


@pytest.fixture(scope="module")
def headline():
    """cadence +10 %, step length -10 % and a forefoot strike for two runners at two speeds."""
    runners = [Runner("default"), Runner("heavy flexed", body_mass_kg=85.0, trunk_flexion_deg=12.0)]
    return comparison.compare(
        ["cadence+10%", "step-length-10%", "foot_strike=forefoot"],
        runners=runners,
        speeds_m_per_s=[3.0, 4.0],
        uncertainty_samples=8,
    )


def step(**settings):
    return kneeload.simulate_step(time_series=False, **settings).metrics


def test_the_headline_question_is_one_call_with_tidy_dimensions(headline):
    assert headline["change_pct"].dims == ("runner", "speed_m_per_s", "intervention", "metric")
    assert list(headline.intervention.values) == ["cadence+10%", "step-length-10%", "foot_strike=forefoot"]
    assert list(headline.metric.values) == list(comparison.DEFAULT_METRICS)
    assert headline["unit"].sel(metric="pfj_stress_time_integral_per_km_mpa_s").item() == "MPa s/km"
    assert headline["per"].sel(metric="peak_pfj_stress_mpa_per_km").item() == "km"
    assert (headline["status"] == 0).all() and (headline["baseline_status"] == 0).all()
    assert list(headline["body_mass_kg"].values) == [70.0, 85.0] and headline["body_mass_kg"].attrs["units"] == "kg"
    frame = headline.to_dataframe()
    assert len(frame) == 2 * 2 * 3 * len(comparison.DEFAULT_METRICS)


def test_cadence_and_step_length_change_at_constant_speed(headline):
    for speed in (3.0, 4.0):
        ds = headline.sel(runner="default", speed_m_per_s=speed)
        base = step(speed_m_per_s=speed)
        assert ds["baseline_value"].sel(metric=METRIC).item() == pytest.approx(base[METRIC], rel=SAME_SOLUTION)
        faster = step(speed_m_per_s=speed, cadence_ratio=1.1)
        assert ds["intervention_value"].sel(intervention="cadence+10%", metric=METRIC).item() == pytest.approx(
            faster[METRIC], rel=SAME_SOLUTION
        )
        # Step length -10 % at constant speed: cadence x 1/0.9 (speed = cadence / 60 x step length).
        shorter = json.loads(ds["condition"].sel(intervention="step-length-10%").item())
        assert shorter["speed_m_per_s"] == speed and shorter["cadence_ratio"] == pytest.approx(1 / 0.9, rel=1e-12)
        shorter_step = step(**shorter)
        assert shorter_step["step_length_m"] == pytest.approx(0.9 * base["step_length_m"], rel=1e-9)
        change = 100.0 * (shorter_step[METRIC] / base[METRIC] - 1.0)
        assert ds["change_pct"].sel(intervention="step-length-10%", metric=METRIC).item() == pytest.approx(
            change, abs=SAME_CHANGE_PCT
        )


def test_per_km_is_per_step_times_steps_per_km(headline):
    ds = headline.sel(runner="heavy flexed", speed_m_per_s=3.0)
    for value in ("baseline_value", "intervention_value"):
        per_step = ds[value].sel(metric=METRIC)
        steps = ds[value].sel(metric="steps_per_km")
        np.testing.assert_allclose(ds[value].sel(metric=f"{METRIC}_per_km"), per_step * steps, rtol=1e-12)
        integral = ds[value].sel(metric="pfj_stress_time_integral_mpa_s") * steps
        np.testing.assert_allclose(ds[value].sel(metric="pfj_stress_time_integral_per_km_mpa_s"), integral, rtol=1e-9)


def test_a_new_foot_strike_brings_its_own_landing_and_keeps_the_runners_other_settings(headline):
    runner = Runner("calibrated heel striker", knee_touchdown_flexion_deg=9.0, trunk_flexion_deg=12.0)
    ds = comparison.compare(["foot_strike=forefoot"], runners=runner, speeds_m_per_s=3.5, uncertainty_samples=0)
    settings = json.loads(ds["condition"].item())
    assert "knee_touchdown_flexion_deg" not in settings and settings["trunk_flexion_deg"] == 12.0
    forefoot = step(speed_m_per_s=3.5, foot_strike="forefoot", trunk_flexion_deg=12.0)
    assert ds["intervention_value"].sel(metric=METRIC).item() == pytest.approx(forefoot[METRIC], rel=SAME_SOLUTION)
    # README (Knee): 19.8 deg touchdown knee flexion for a forefoot strike at 3.5 m/s.
    assert kneeload.simulate_step(**settings).inputs["knee_touchdown_flexion_deg"] == pytest.approx(19.8)


def test_the_interval_is_the_5_to_95_percentile_of_the_effect_over_the_sample():
    ranges = {"swing_leg_retraction_fraction": (0.5, 0.9), "contact_area_curve": (0.0, 1.0)}
    ds = comparison.compare(
        ["cadence+10%"], speeds_m_per_s=3.3, uncertainty_samples=6, uncertain_ranges=ranges, seed=3
    ).squeeze()
    effects = []
    for sample in comparison._sample(ranges, 6, 3):  # the same Latin-hypercube points
        before = step(speed_m_per_s=3.3, cadence_ratio=1.0, **sample)[METRIC]
        after = step(speed_m_per_s=3.3, cadence_ratio=1.1, **sample)[METRIC]
        effects.append(100.0 * (after / before - 1.0))
    low, high = np.percentile(effects, [5.0, 95.0])
    row = ds.sel(metric=METRIC)
    assert row["change_pct_low"].item() == pytest.approx(low, abs=SAME_CHANGE_PCT)
    assert row["change_pct_high"].item() == pytest.approx(high, abs=SAME_CHANGE_PCT)
    assert ds["uncertainty_samples_ok"].item() == 6


def test_the_cadence_effect_interval_lies_in_the_range_the_sensitivity_analysis_reports():
    # README (Sensitivity): over all samples of the default uncertain inputs, the +10 %-cadence change in
    # peak PFJ stress stays between -13.4 % and -22.6 % (default runner, 3.3 m/s; the science report's 896
    # conditions): the 5-95 % range of 16 other samples lies inside, to half a point.
    ds = comparison.compare(["cadence+10%"], speeds_m_per_s=3.3, uncertainty_samples=16).squeeze()
    row = ds.sel(metric=METRIC)
    assert -23.1 <= row["change_pct_low"].item() < row["change_pct_high"].item() <= -12.9


def test_a_condition_that_fails_is_recorded_with_its_reason_and_the_others_complete():
    # ... and warned of at the caller's line: 1 of the 3 conditions (2 interventions, 1 baseline).
    with pytest.warns(
        kneeload.FailedConditionsWarning, match=r"compare: 1 of 3 conditions .* failed \(invalid_input 1\)"
    ) as caught:
        ds = comparison.compare(["trunk-flexion+40", "cadence+10%"], speeds_m_per_s=3.3, uncertainty_samples=0)
    assert caught[0].filename == __file__
    ds = ds.squeeze()
    assert ds["status"].sel(intervention="trunk-flexion+40").item() == 2
    assert (
        "'trunk_flexion_deg' = 47.3: valid range is [-10, 40] deg"
        in ds["reason"].sel(intervention="trunk-flexion+40").item()
    )
    assert np.isnan(ds["change_pct"].sel(intervention="trunk-flexion+40")).all()
    assert ds["status"].sel(intervention="cadence+10%").item() == 0
    markdown = comparison.to_markdown(ds.expand_dims(["runner", "speed_m_per_s"]), metrics=[METRIC])
    row = next(line for line in markdown.splitlines() if "| trunk-flexion+40 | peak_pfj_stress_mpa |" in line)
    # the baseline's value, then no change and the reason
    assert re.search(r"\| [\d.]+ MPa \| — \| invalid parameter 'trunk_flexion_deg'", row), row


def test_a_failed_baseline_is_warned_of_once_and_leaves_no_interval_of_zero_samples(capsys):
    # A 125 kg, 1.95 m runner at 6.5 m/s is beyond the physiological bounds (implausible) at his
    # preferred cadence: the baseline fails, so the effect does not exist, and no interval "over
    # 0 samples" is claimed for it.
    runner = kneeload.Runner("heavy", body_mass_kg=125.0, height_m=1.95)
    with pytest.warns(kneeload.FailedConditionsWarning, match=r"compare: \d of 2 conditions") as caught:
        ds = comparison.compare(["cadence+10%"], runners=runner, speeds_m_per_s=6.5, uncertainty_samples=4)
    assert len(caught) == 1 and caught[0].filename == __file__
    assert int(ds["baseline_status"].item()) != 0 and np.isnan(ds["change_pct"]).all()
    assert "0 at the least" not in str(caught[0].message) and "as few as 0" not in comparison.to_markdown(ds)
    # The CLI's table says why and does not warn again (filterwarnings = error would raise it).
    assert main(["compare", "--speed", "3.3", "--intervention", "trunk-flexion+40", "--samples", "0"]) == 0
    assert "invalid parameter 'trunk_flexion_deg'" in capsys.readouterr().out


def test_intervals_over_fewer_samples_than_asked_say_so_and_are_warned_of():
    # A light, tall runner at 2 m/s: at +10 % cadence some samples of the uncertain parameters
    # (those of the contact-time closure, a contact 10 % longer than the empirical one) have no
    # periodic step.
    runner = kneeload.Runner("light tall", body_mass_kg=45.0, height_m=1.95)
    with pytest.warns(kneeload.FailedConditionsWarning, match=r"interval rests on fewer than the 16 samples asked"):
        ds = comparison.compare(["cadence+10%"], runners=runner, speeds_m_per_s=2.0, uncertainty_samples=16)
    ok = int(ds["uncertainty_samples_ok"].item())
    assert 0 < ok < 16
    text = f"up to 16 samples (as few as {ok} where some failed: uncertainty_samples_ok)"
    assert comparison.interval_samples_text(ds) == text
    assert text in comparison.to_markdown(ds)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"interventions": ["speed+10%"]}, "the speed is not an intervention"),
        ({"interventions": ["shoe_size=42"]}, "unknown setting 'shoe_size'"),
        ({"interventions": ["body-mass=80"]}, "unknown setting 'body-mass'; did you mean body-mass-kg or body_mass_kg"),
        ({"interventions": ["foot_strike=heel"]}, "foot_strike takes one of rearfoot, midfoot, forefoot"),
        ({"interventions": ["cadence*2"]}, "'cadence\\*2' is no change"),
        ({"interventions": ["cadence+10%", "cadence+10%"]}, "duplicate labels"),
        ({"interventions": ["cadence+10%"], "cadence_steps_per_min": 170}, "compare sets the gait itself"),
        ({"interventions": ["cadence+10%"], "metrics": ["peak_pfj"]}, "'metrics' = 'peak_pfj'"),
        ({"interventions": ["cadence+10%"], "speeds_m_per_s": [3.0, 3.0]}, "a speed is given twice"),
        ({"interventions": ["cadence+10%"], "uncertainty_samples": -1}, "'uncertainty_samples' = -1"),
    ],
)
def test_bad_comparisons_are_errors_before_any_work(kwargs, message):
    with pytest.raises(ValueError, match=message):
        comparison.compare(**kwargs)


def test_csv_markdown_and_hdf5_hold_the_same_effects(headline, tmp_path):
    comparison.to_csv(headline, tmp_path / "effects.csv")
    table = pd.read_csv(tmp_path / "effects.csv")
    assert list(table.columns) == list(comparison.TABLE_COLUMNS)
    # Each row says how it was made: the intervention's settings, the runner's included.
    heavy = json.loads(table[table.runner == "heavy flexed"].condition.iloc[0])
    assert heavy["body_mass_kg"] == 85.0 and heavy["trunk_flexion_deg"] == 12.0 and heavy["speed_m_per_s"] in (3.0, 4.0)
    assert len(table) == headline["change_pct"].size
    expected = headline["change_pct"].sel(
        runner="default", speed_m_per_s=4.0, intervention="cadence+10%", metric=METRIC
    )
    row = table[(table.runner == "default") & (table.speed_m_per_s == 4.0) & (table.intervention == "cadence+10%")]
    assert row[row.metric == METRIC].change_pct.item() == pytest.approx(expected.item(), rel=1e-12)
    markdown = comparison.to_markdown(headline, metrics=[METRIC])
    rows = [line for line in markdown.splitlines() if line.startswith("|")]
    assert len(rows) == 2 + 2 * 2 * 3
    # The note under the table: what the interval is, from how many samples, which version.
    assert f"({headline.attrs['uncertainty_samples']} samples: " in markdown and "not a confidence interval" in markdown
    assert f"kneeload {kneeload.__version__}." in markdown
    assert f"| {expected.item():+.1f} |" in markdown
    # Every change and interval with one decimal, every baseline positional (no 2.05e+04).
    cells = [line.split(" | ") for line in rows[2:]]
    assert all(re.fullmatch(r"[+-]\d+\.\d", cell[5]) for cell in cells), cells
    assert not any("e+" in cell[4] for cell in cells)
    per_km = comparison.to_markdown(headline, metrics=["pfj_stress_time_integral_per_km_mpa_s"])
    per_km_rows = [line for line in per_km.splitlines() if line.startswith("|")][2:]
    assert all(re.fullmatch(r"\d{3,} MPa s/km", line.split(" | ")[4]) for line in per_km_rows), per_km
    headline.to_netcdf(tmp_path / "effects.h5", engine="h5netcdf")
    with xr.open_dataset(tmp_path / "effects.h5", engine="h5netcdf") as back:
        xr.testing.assert_allclose(back["change_pct"], headline["change_pct"])


def test_the_command_line_prints_the_effects_and_writes_the_table_and_figure(tmp_path, capsys):
    csv, png = tmp_path / "compare.csv", tmp_path / "compare.png"
    code = main(["compare", "-i", "cadence+10%", "-i", "shoe-wear=800", "--samples", "4", "--mass", "80",
                 "-o", str(csv), "--plot", str(png)])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0 and csv.exists() and png.stat().st_size > 10_000
    expected = comparison.compare(
        ["cadence+10%", "shoe-wear=800"], runners=Runner("runner", body_mass_kg=80.0), uncertainty_samples=4
    )
    value = expected["change_pct"].sel(intervention="cadence+10%", metric=METRIC).item()
    assert f"{value:+.1f} [" in out and "peak_pfj_stress_mpa_per_km" in out
    # A runner given by options (80 kg here) is not called the default runner.
    assert "default runner" not in out and "runner" in out
    assert len(pd.read_csv(csv)) == 2 * len(comparison.DEFAULT_METRICS)


def test_a_misspelt_compare_argument_is_suggested_and_a_runner_by_settings_is_not_the_default_runner():
    with pytest.raises(
        ValueError, match=r"'samples' = 0: no model setting; did you mean compare's uncertainty_samples"
    ):
        kneeload.compare(["cadence+10%"], speeds_m_per_s=3.0, samples=0)
    # A new user's 60 kg runner was labelled "default runner" (the CLI already said "runner").
    effects = kneeload.compare(["cadence+10%"], speeds_m_per_s=3.0, uncertainty_samples=0, body_mass_kg=60.0)
    assert list(effects["runner"].values) == ["runner"]
    # Its settings are coordinates, as a Runner's are; a runner's own setting wins over a common one.
    assert effects["body_mass_kg"].values.tolist() == [60.0] and effects["body_mass_kg"].attrs["units"] == "kg"
    mixed = kneeload.compare(
        ["cadence+10%"], runners=[Runner("light", body_mass_kg=55.0), Runner("any")], speeds_m_per_s=3.0,
        uncertainty_samples=0, body_mass_kg=80.0, foot_strike="forefoot",
    )  # fmt: skip
    assert mixed["body_mass_kg"].values.tolist() == [55.0, 80.0]
    assert mixed["foot_strike"].values.tolist() == ["forefoot", "forefoot"]


def test_cli_prints_every_metric_asked_for(capsys):
    # A new user's three --metric printed two: the table kept only the headline metrics.
    asked = ["knee_flexion_peak_deg", "peak_vgrf_bw", "peak_pfj_force_bw"]
    argv = ["compare", "-i", "cadence+10%", "--speed", "3.0", "--samples", "0"]
    assert main([*argv, *(a for m in asked for a in ("--metric", m))]) == 0
    out = capsys.readouterr().out
    assert all(m in out for m in asked), out


def test_figures_per_runner_and_speed_go_to_the_directory_given_even_with_spaces(tmp_path):
    folder = tmp_path / "my figures"
    folder.mkdir()
    code = main(["compare", "-i", "cadence+10%", "--samples", "0", "--speed", "3.0,4.0",
                 "--plot", str(folder / "effects.png")])  # fmt: skip
    assert code == 0
    assert sorted(p.name for p in folder.iterdir()) == ["effects_default_runner_3.png", "effects_default_runner_4.png"]


@pytest.mark.parametrize(
    "argv, message",
    [
        (["compare", "-i", "cadence^2"], "'cadence^2' is no change"),
        (["compare", "-o", "x.xlsx"], "valid extensions are .csv, .md"),
        (["compare", "--population", "p.csv", "--mass", "80"], "give the runners' settings in the table"),
    ],
)
def test_bad_command_lines_exit_non_zero_naming_the_problem(argv, message, capsys):
    assert main(argv) == 1
    assert message in capsys.readouterr().err


def test_the_gait_is_no_option_of_compare(capsys):
    # compare sets the gait (speeds; cadence and step length are interventions): argparse rejects it.
    with pytest.raises(SystemExit) as exit_:
        main(["compare", "--cadence", "170"])
    assert exit_.value.code == 2 and "unrecognized argument '--cadence'" in capsys.readouterr().err


def test_the_figure_draws_effects_with_intervals_and_the_curves_with_a_legend(headline):
    fig = plot.compare(headline, runner="default", speed_m_per_s=3.0)
    effect_axes, curve_axes = fig.axes[: len(comparison.HEADLINE_METRICS)], fig.axes[len(comparison.HEADLINE_METRICS) :]
    assert len(curve_axes) == len(plot.COMPARE_CURVES)
    assert [t.get_text() for t in effect_axes[0].get_yticklabels()] == list(headline.intervention.values)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["baseline", *headline.intervention.values]
    # The first curve panel's baseline is the baseline step's vertical force in body weights.
    base = kneeload.simulate_step(3.0)
    drawn = curve_axes[0].lines[0].get_ydata()
    weight = base.metrics.peak_vgrf_n / base.metrics.peak_vgrf_bw
    np.testing.assert_allclose(drawn, base.time_series.vertical_grf_n / weight, rtol=1e-12)
    with pytest.raises(ValueError, match="compare draws one runner but the comparison has 2"):
        plot.compare(headline)
    # The example to copy is Python as written, not numpy's repr (np.float64(3.0)).
    with pytest.raises(ValueError, match=r"e\.g\. compare\(\.\.\., speed_m_per_s=3\.0\)$"):
        plot.compare(headline, runner="default")


def test_what_a_runner_or_the_caller_sets_is_not_sampled():
    # With only that parameter uncertain, every sample is the nominal condition: the interval collapses.
    ranges = {"swing_leg_retraction_fraction": (0.5, 0.9)}
    runner = Runner("calibrated", swing_leg_retraction_fraction=0.7)
    ds = comparison.compare(["cadence+10%"], runner, 3.3, [METRIC], uncertainty_samples=4, uncertain_ranges=ranges)
    row = ds.squeeze()
    assert row["change_pct_low"].item() == pytest.approx(row["change_pct"].item(), rel=1e-9)
    assert row["change_pct_high"].item() == pytest.approx(row["change_pct"].item(), rel=1e-9)
    fixed = comparison.compare(
        ["cadence+10%"],
        None,
        3.3,
        [METRIC],
        uncertainty_samples=4,
        uncertain_ranges=ranges,
        swing_leg_retraction_fraction=0.7,
    ).squeeze()
    assert fixed["change_pct"].item() == pytest.approx(row["change_pct"].item(), rel=1e-12)
    assert fixed["change_pct_high"].item() == pytest.approx(fixed["change_pct"].item(), rel=1e-9)


def test_the_shipped_population_compares_from_the_command_line(tmp_path, capsys):
    population = Path(__file__).resolve().parents[2] / "examples" / "runners.csv"
    markdown = tmp_path / "effects.md"
    assert (
        main(["compare", "--population", str(population), "-i", "cadence+10%", "--samples", "0", "-o", str(markdown)])
        == 0
    )
    runners = kneeload.read_population(population)
    assert [r.name for r in runners][:2] == ["default runner", "heavy tall heel striker"]
    assert runners[3].shoe_stiffness_n_per_m == 240e3 and runners[0].settings == {}
    out = capsys.readouterr().out
    expected = comparison.compare(["cadence+10%"], runners, uncertainty_samples=0)
    for runner in expected.runner.values:
        value = expected["change_pct"].sel(runner=runner, metric=METRIC).item()
        assert f"{runner} at 3.3 m/s" in out
        assert f"| {runner} | 3.3 | cadence+10% | {METRIC} |" in markdown.read_text()
        assert f"{value:+.3g}" in markdown.read_text()


def test_an_intervention_that_sets_what_a_runner_has_already_is_warned_of():
    runners = [Runner("stiff", shoe_stiffness_n_per_m=240e3), Runner("default")]
    with pytest.warns(kneeload.IgnoredParameterWarning) as caught:
        ds = comparison.compare(["shoe-stiffness=240e3"], runners, 3.3, [METRIC], uncertainty_samples=0)
    assert [str(w.message) for w in caught] == [
        "intervention 'shoe-stiffness=240e3' changes nothing for runner 'stiff': it has that already"
    ]
    assert ds["change_pct"].sel(runner="stiff", metric=METRIC).item() == 0.0


def test_compare_figure_labels_write_baselines_positionally(headline):
    fig = plot.compare(headline, runner="default", speed_m_per_s=3.0, curves=False)
    labels = [ax.get_xlabel() for ax in fig.axes if ax.get_xlabel()]
    assert labels and not any("e+" in label for label in labels), labels
    assert any(re.search(r"change from baseline \d{4,} MPa s/km", label) for label in labels), labels


def test_no_intervention_is_drawn_in_the_grey_of_the_baseline_curves():
    ds = comparison.compare(speeds_m_per_s=3.3, uncertainty_samples=0)  # the nine default interventions
    fig = plot.compare(ds)
    grey = matplotlib.colors.to_rgba("C7")
    drawn = [line.get_color() for ax in fig.axes for line in ax.lines]
    assert drawn and not any(matplotlib.colors.to_rgba(c) == grey for c in drawn)


def test_an_intervention_that_sets_a_default_the_runner_has_is_warned_of_too():
    with pytest.warns(kneeload.IgnoredParameterWarning, match="'shoe-stiffness=100e3' changes nothing for runner"):
        comparison.compare(["shoe-stiffness=100e3"], speeds_m_per_s=3.3, metrics=[METRIC], uncertainty_samples=0)
