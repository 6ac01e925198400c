"""The validation harness (kneeload.validation): the shipped measured table, the lab-style
processing of the model's steps, the statistics, and the targets the model is held to.

Expected values: the shipped tables themselves (their README), closed-form curves (a trapezoid's
threshold crossings, R^2 of exact and constant predictions), and the targets of the knee-model
issue, stated with their limits in kneeload.validation.TARGETS."""

import math

import numpy as np
import pytest

import kneeload
from kneeload import validation

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")


@pytest.fixture(scope="module")
def result():
    return validation.validate()


def test_the_shipped_tables_are_the_calibration_half_of_the_data_set():
    trials, waveforms = validation.load_trials(), validation.load_waveforms()
    # README of the table: 13 odd-numbered runners x 3 speeds; 101 points per trial.
    assert len(trials) == 39
    assert sorted(trials.speed_m_per_s.unique()) == [2.5, 3.5, 4.5]
    subjects = sorted(trials.subject.unique())
    assert len(subjects) == 13
    assert all(int(s[-3:]) % 2 == 1 for s in subjects), "the even-numbered runners are held out"
    assert len(waveforms) == 39 * validation.CURVE_POINTS
    assert waveforms.groupby(["subject", "speed_m_per_s"]).size().eq(validation.CURVE_POINTS).all()


def test_stance_window_finds_the_threshold_crossings_of_a_trapezoid():
    # Force rising 0 -> 1000 N over 0.1 s, flat, falling over 0.1 s: crosses 50 N at 5 ms and
    # 5 ms before the end, exactly (linear pieces).
    t = np.linspace(0.0, 0.3, 301)
    f = np.interp(t, [0.0, 0.1, 0.2, 0.3], [0.0, 1000.0, 1000.0, 0.0])
    start, end = validation._stance_window(t, f, 50.0)
    assert start == pytest.approx(0.005, abs=1e-12)
    assert end == pytest.approx(0.295, abs=1e-12)


def test_the_lab_filter_is_a_zero_lag_fourth_order_butterworth_over_the_periodic_stride():
    # A zero-lag (forward-backward) 2nd-order Butterworth passes a sinusoid at its cutoff with gain
    # 1/sqrt(2) twice: 1/2 in all, with no phase shift; one well below it (1 Hz of 10) passes within
    # 1e-4 (|H|^2 = 1 / (1 + (f / fc)^4)). The signal spans the whole stride (2 step periods), so
    # nothing is zeroed, and it is periodic over it, so the periodic padding leaves no edges.
    period = 0.5
    t = np.arange(0.0, 2.0 * period, 1.0 / validation.SAMPLE_RATE_HZ)
    for frequency_hz, gain in ((10.0, 0.5), (1.0, 1.0 / (1.0 + 0.1**4))):
        signal = np.sin(2.0 * np.pi * frequency_hz * t)
        filtered = validation._low_passed_stance(t, signal, period, 10.0)
        np.testing.assert_allclose(filtered, gain * signal, atol=2e-4)
    # Outside the stance the leg carries no ground force: a stance of 0.2 s of a 0.4 s step is
    # zero-padded, so the filtered moment leaks a little before touchdown and after take-off.
    stance = np.arange(0.0, 0.2, 1.0 / validation.SAMPLE_RATE_HZ)
    bump = np.sin(np.pi * stance / 0.2) ** 2
    filtered = validation._low_passed_stance(stance, bump, 0.4, 10.0)
    assert filtered.max() < bump.max() and filtered[0] > 0.0
    # Over the stride around the stance: a step period (0.4 s) before touchdown to one after, the
    # leak before touchdown the periodic stride's end, and the stance's values as above.
    times, values = validation._low_passed_stride(stance, bump, 0.4, 10.0)
    assert times[0] == pytest.approx(-0.4) and times[-1] == pytest.approx(0.4 - 1.0 / validation.SAMPLE_RATE_HZ)
    np.testing.assert_allclose(np.interp(stance, times, values), filtered, atol=1e-12)
    assert 0.0 < values[times < 0.0][-1] < filtered[0] and np.abs(values[np.abs(times) > 0.3]).max() < 1e-3


def test_the_tables_touchdown_knee_flexion_is_its_flexion_curves_first_point(result, unfiltered):
    # So it was read where the filtered force crosses 50 N (the curves' start), not at the raw
    # force's crossing that sets the contact time; the model's is read at its curves' start too.
    trials, waveforms = validation.load_trials(), validation.load_waveforms()
    first = waveforms[waveforms.stance_pct == 0].set_index(["subject", "speed_m_per_s"]).knee_flexion_deg
    table = trials.set_index(["subject", "speed_m_per_s"]).knee_flexion_touchdown_deg
    np.testing.assert_allclose(table, first.reindex(table.index), atol=0.05)  # the table's 0.1 deg rounding
    for processed in (result, unfiltered):
        np.testing.assert_array_equal(
            processed.trials.knee_flexion_touchdown_model, processed.curves.knee_flexion_deg_model[:, 0]
        )


def test_the_curves_stance_is_found_on_the_force_as_filtered_as_the_tables_curves_were(result, unfiltered):
    # The shipped curves start and end at 50 N on their 50 Hz force (every trial, to the table's
    # rounding): the lab cut them on the filtered force, not the raw one, whose crossings set the
    # contact time. The model's filtered curves are cut alike; unfiltered, on its raw force.
    trials, waveforms = validation.load_trials(), validation.load_waveforms()
    threshold_bw = validation.STANCE_THRESHOLD_N / (
        9.80665 * trials.set_index(["subject", "speed_m_per_s"]).body_mass_kg
    )
    ends = waveforms[waveforms.stance_pct.isin((0, 100))].set_index(["subject", "speed_m_per_s"]).vgrf_bw
    np.testing.assert_allclose(ends, threshold_bw.reindex(ends.index), atol=5e-5)
    for processed in (result, unfiltered):
        bw = validation.STANCE_THRESHOLD_N / (9.80665 * processed.trials.body_mass_kg.to_numpy())
        force = processed.curves.vgrf_bw_model.to_numpy()
        np.testing.assert_allclose(force[:, [0, -1]], np.column_stack((bw, bw)), atol=1e-9)


@pytest.fixture(scope="module")
def unfiltered():
    return validation.validate(moment_low_pass_hz=None, vgrf_low_pass_hz=None)


def test_by_default_the_model_is_processed_like_the_measured_trials(result, unfiltered):
    # The measured moments were computed from signals low-passed at 10 Hz, the vertical force at
    # 50 Hz (the table's README); by default the model's are filtered alike. The knee moment's
    # curves then fit better by more than 0.05 of R^2 and its peaks fall (the filter flattens
    # them). The exact R^2 figures are the README's: pinned so that a change that moves them
    # updates the README.
    lab, raw = result, unfiltered
    assert (lab.moment_low_pass_hz, lab.vgrf_low_pass_hz) == (10.0, 50.0)
    assert raw.moment_low_pass_hz is None and raw.vgrf_low_pass_hz is None
    # The processing is said with the results: the curves' attribute and the figures' titles.
    assert (
        lab.curves.attrs["model_processing"]
        == lab.processing
        == (
            "model's knee moment low-passed at 10 Hz, vertical force low-passed at 50 Hz "
            "(4th-order zero-lag Butterworth)"
        )
    )
    assert raw.processing == "model unfiltered"
    assert validation.processing_text(10.0, None) == (
        "model's knee moment low-passed at 10 Hz, vertical force unfiltered (4th-order zero-lag Butterworth)"
    )
    r2 = {
        (name, curve): v.targets.set_index("target").value[f"median R^2 of the {curve} curve"]
        for name, v in (("raw", raw), ("lab", lab))
        for curve in ("knee moment", "vertical force")
    }
    assert r2["lab", "knee moment"] > r2["raw", "knee moment"] + 0.05
    assert r2["raw", "knee moment"] == pytest.approx(0.703, abs=0.0015)
    assert r2["lab", "knee moment"] == pytest.approx(0.854, abs=0.0015)
    assert r2["raw", "vertical force"] == pytest.approx(0.936, abs=0.0015)
    assert r2["lab", "vertical force"] == pytest.approx(0.952, abs=0.0015)
    # The force curves are the filtered ones, cut at the filtered force's 50 N crossings: about
    # two hundredths of a body weight apart on average, up to two thirds of one where the model's
    # impact rises steepest (3 % into a fast forefoot stance: RBDS013 at 4.5 m/s).
    difference = np.abs(lab.curves.vgrf_bw_model - raw.curves.vgrf_bw_model)
    assert 0.1 < float(difference.max()) < 0.7 and float(difference.mean()) < 0.025
    for key in ("knee_moment_peak", "pfj_stress_peak"):
        assert (lab.trials[f"{key}_model"] < raw.trials[f"{key}_model"]).all(), key
    # The 50 Hz filter barely touches the force's peak (under 1 %): a stance's force holds little
    # above it. The raw-force quantities and the knee flexion do not change.
    np.testing.assert_allclose(lab.trials.peak_vgrf_model, raw.trials.peak_vgrf_model, rtol=0.01)
    pd_testing = pytest.importorskip("pandas").testing
    for key in ("contact_time", "knee_flexion_peak", "loading_rate", "impact_peak"):
        pd_testing.assert_series_equal(lab.trials[f"{key}_model"], raw.trials[f"{key}_model"])


def test_the_lab_filter_knows_the_moment_of_every_pfj_knee_moment_option():
    options = set(kneeload.CHOICES["pfj_knee_moment"].options)
    assert set(validation.PFJ_MOMENT_COLUMNS) == options
    assert set(validation.PFJ_MOMENT_COLUMNS.values()) <= set(kneeload.TIME_SERIES)
    # A numpy number is a number: the check reads its value.
    with pytest.raises(ValueError, match=r"'moment_low_pass_hz' = (np\.int64\()?0\)?: valid range"):
        validation._checked_low_pass_hz("moment_low_pass_hz", np.int64(0))
    assert validation._checked_low_pass_hz("moment_low_pass_hz", np.int64(10)) == 10.0


@pytest.mark.parametrize(("name", "lowest"), [("moment_low_pass_hz", 1), ("vgrf_low_pass_hz", 5)])
@pytest.mark.parametrize("cutoff", [0.0, -5.0, 0.5, 1e4, float("inf"), float("nan"), "10", True])
def test_a_lab_filter_cutoff_outside_its_range_is_refused_by_name(name, lowest, cutoff):
    with pytest.raises(ValueError, match=rf"invalid parameter '{name}' = .*valid range is \[{lowest}, 100\] Hz"):
        validation.validate(**{name: cutoff})


def test_a_force_filter_that_leaves_no_stance_to_cut_is_refused_by_name():
    # At 1 Hz (outside the force's range, so called directly) the filtered force of every shipped
    # runner, and at 2 Hz of some, never falls below 50 N between stances: no stance to cut the
    # curves on.
    trial = validation.load_trials().iloc[0]
    step = kneeload.simulate_step(**validation.model_inputs(trial), sample_rate_hz=validation.SAMPLE_RATE_HZ)
    with pytest.raises(ValueError, match=r"invalid parameter 'vgrf_low_pass_hz' = 1: .*use a higher cutoff"):
        validation._lab_processed(step, trial.body_mass_kg, None, 1.0)
    # At the lowest accepted cutoff, 5 Hz, every shipped trial has one.
    assert validation.validate(vgrf_low_pass_hz=5.0).trials.status.eq("ok").all()


def test_r2_and_rmse_of_exact_constant_and_offset_predictions():
    measured = np.sin(np.linspace(0.0, np.pi, 101))
    assert validation._r2(measured, measured) == pytest.approx(1.0)
    assert validation._r2(np.full_like(measured, measured.mean()), measured) == pytest.approx(0.0, abs=1e-12)
    assert validation._rmse(measured + 0.1, measured) == pytest.approx(0.1)
    with_gap = measured.copy()
    with_gap[:10] = np.nan  # NaN points (the data's knee moment under 100 N) are left out
    assert validation._rmse(with_gap + 0.2, measured) == pytest.approx(0.2)


def test_every_trial_is_run_with_its_own_inputs_and_processed_like_the_lab(result):
    trials = validation.load_trials()
    assert len(result.trials) == len(trials)
    assert list(result.trials.cadence_steps_per_min) == list(trials.cadence_steps_per_min)
    # The measured side of each comparison is the table's own column.
    for key, c in validation.COMPARISONS.items():
        if c.rearfoot_only:
            continue
        assert np.allclose(result.trials[f"{key}_measured"], trials[c.measured], equal_nan=True), key
    # A step's lab-processed contact time (force above 50 N) is shorter than the model's own,
    # and its curve's peak is the step's peak vertical force (101 points: within 0.2 %).
    one = trials.iloc[0]
    step = kneeload.simulate_step(**validation.model_inputs(one), sample_rate_hz=10_000.0)
    quantities, curves = validation._lab_processed(step, one.body_mass_kg)  # unfiltered
    assert quantities["contact_time_above_threshold_s"] < step.metrics.contact_time_s
    assert np.nanmax(curves["vertical_grf_bw"]) == pytest.approx(step.metrics.peak_vgrf_bw, rel=2e-3)


def test_impact_comparisons_only_for_rearfoot_on_both_sides(result):
    both = (result.trials.foot_strike == "rearfoot") & (
        validation.load_trials().foot_strike_left.to_numpy() == "rearfoot"
    )
    assert result.trials.loading_rate_measured[~both].isna().all()
    assert result.trials.loading_rate_measured[both].notna().all()


def test_summary_bias_is_the_mean_error_per_foot_strike(result):
    table, summary = result.trials, result.summary
    rearfoot = table[table.foot_strike == "rearfoot"]
    row = summary[(summary.foot_strike == "rearfoot") & (summary.quantity == "peak_vgrf")].iloc[0]
    expected = (100.0 * (rearfoot.peak_vgrf_model / rearfoot.peak_vgrf_measured - 1.0)).mean()
    assert row.bias == pytest.approx(expected)
    assert row.n == len(rearfoot)


def test_summary_means_are_over_the_same_trials_as_the_bias(result):
    # The impact peak exists in few model steps: the measured mean must not run over the trials
    # without a model value (it did, and the means contradicted the bias).
    table, summary = result.trials, result.summary
    both = table[
        (table.foot_strike == "rearfoot") & table.impact_peak_model.notna() & table.impact_peak_measured.notna()
    ]
    row = summary[(summary.foot_strike == "rearfoot") & (summary.quantity == "impact_peak")].iloc[0]
    assert row.n == len(both) > 0
    assert row.measured_mean == pytest.approx(both.impact_peak_measured.mean())
    assert row.model_mean == pytest.approx(both.impact_peak_model.mean())
    assert row.bias == pytest.approx((100.0 * (both.impact_peak_model / both.impact_peak_measured - 1.0)).mean())
    assert (row.unit, row.error_unit) == ("BW", "%")


def test_speed_change_is_per_runner_from_slowest_to_fastest(result):
    change = result.speed_change
    assert len(change) == 13
    assert (change.from_m_per_s == 2.5).all() and (change.to_m_per_s == 4.5).all()


# Targets the current model misses, each with the assumption that prevents it
# (validation.MISSED_TARGETS, now empty). A strict xfail: when the model starts meeting one, that list must be
# updated. Narrow margins: the curves' median R^2 meet their 0.95 and 0.85 by 0.002 and 0.004 at the lab's
# stated 10 Hz (0.952, 0.854; README: the assumed filter order moves the moment's by more), the knee-flexion
# RMSE its 5 deg by 0.15 deg and the midfoot peak knee flexion bias its 3 deg by 0.09 deg; a change that loses
# one must add the miss and its cause back to MISSED_TARGETS.


def _target_cases():
    cases = []
    for t in validation.TARGETS:
        strikes = t.foot_strikes or ("all",)
        for fs in strikes:
            reason = validation.MISSED_TARGETS.get((t.name, fs))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            cases.append(pytest.param(t.name, fs, marks=marks, id=f"{t.name}-{fs}"))
    return [pytest.param("every trial solves", "all", id="every trial solves"), *cases]


@pytest.mark.parametrize(("name", "foot_strike"), _target_cases())
def test_target(result, name, foot_strike):
    row = result.targets[(result.targets.target == name) & (result.targets.foot_strike == foot_strike)].iloc[0]
    assert math.isfinite(row.value)
    assert row.met, f"{name} ({foot_strike}): {row.value:.3g} {row.unit}, limit {row.limit:.3g}"


def test_the_tables_peaks_exceed_its_mean_curves_peaks_for_the_moment_not_the_force(result):
    # The table's peaks are means of per-stance peaks. For the vertical force they are within
    # 0.7 % of the peak of the mean curve in every trial; for the knee moment and the PFJ stress
    # computed from the mean curves they are 11 % higher on average (4-19 %). The model's one
    # step is compared with both (README: why the gap arises cannot be told from these tables).
    trials, waveforms = validation.load_trials(), validation.load_waveforms()
    by_trial = waveforms.groupby(["subject", "speed_m_per_s"], sort=False)
    table = trials.set_index(["subject", "speed_m_per_s"])
    force = table.peak_vgrf_bw / by_trial.vgrf_bw.max()
    assert force.between(0.99, 1.007).all()
    peaks = {key: [] for key in validation.MEAN_CURVE_PEAKS}
    for subject, speed in table.index:  # in the table's order, as the validation's rows
        curves = by_trial.get_group((subject, speed))
        for key, value in validation.mean_curve_peaks(curves, table.body_mass_kg[subject, speed]).items():
            peaks[key].append(value)
    moment = table.peak_knee_extensor_moment_n_m_per_kg.to_numpy() / np.array(peaks["knee_moment_peak_of_mean_curve"])
    stress = table.peak_pfj_stress_kernozek_mpa.to_numpy() / np.array(peaks["pfj_stress_peak_of_mean_curve"])
    for ratio in (moment, stress):
        assert ratio.mean() == pytest.approx(1.11, abs=0.01) and 1.03 < ratio.min() and ratio.max() < 1.2
    # The validation compares the model's peaks with these, per trial and in the summary, beside
    # the table's own.
    for key, mirrored in validation.MEAN_CURVE_PEAKS.items():
        np.testing.assert_allclose(result.trials[f"{key}_measured"], peaks[key])
        np.testing.assert_array_equal(result.trials[f"{key}_model"], result.trials[f"{mirrored}_model"])
        row = result.summary.set_index(["foot_strike", "quantity"]).loc[("all", key)]
        assert row.measured_mean == pytest.approx(np.mean(peaks[key]))
        assert row.bias == pytest.approx(100.0 * np.mean(result.trials[f"{mirrored}_model"] / peaks[key] - 1.0))


def test_the_repr_summarises_instead_of_printing_every_table(result):
    # Counted from the tables themselves; the missed targets are MISSED_TARGETS' (test_target).
    text = repr(result)
    solved, met = int((result.trials.status == "ok").sum()), int(result.targets.met.sum())
    assert text.startswith(f"<Validation: {solved} of 39 trials solved, {met} of {len(result.targets)} targets met")
    for row in result.targets[~result.targets.met].itertuples():
        assert f"{row.target}" in text and validation._bound_text(row.target, row.limit, row.unit) in text
    assert text.endswith(f"; {result.processing}>")
    assert len(text) < 400
    # Each statistic's wording, literally (from TARGETS' statistic, not the name's words).
    assert validation._bound_text("peak knee flexion bias", 3.0, "deg") == "within ±3 deg"
    assert validation._bound_text("median RMSE of the knee flexion curve", 5.0, "deg") == "at most 5 deg"
    assert validation._bound_text("median R^2 of the knee moment curve", 0.85, "1") == "at least 0.85"
    assert validation._bound_text("2.5 -> 4.5 m/s change in peak PFJ stress", 10.0, "points") == "within ±10 points"
    assert validation._bound_text("every trial solves", 39.0, "trials") == "all 39 trials"


def test_validation_figures(result):
    from kneeload import plot

    scatter = plot.validation_scatter(result)
    assert len(scatter.axes) == len(validation.COMPARISONS)
    curves = plot.validation_curves(result)
    assert len(curves.axes) == 3 * len(validation.CURVES)  # every foot strike is in the table
    # The mean-curve peaks can be drawn too, titled as such; an unknown key names the valid ones.
    peaks = plot.validation_scatter(result, list(validation.MEAN_CURVE_PEAKS))
    assert all("(of the" in ax.get_title() and "mean curve)" in ax.get_title() for ax in peaks.axes[:2])
    with pytest.raises(ValueError, match=r"unknown validation quantity 'knee_moment': valid are contact_time, "):
        plot.validation_scatter(result, ["knee_moment"])
    import matplotlib.pyplot as plt

    plt.close("all")
