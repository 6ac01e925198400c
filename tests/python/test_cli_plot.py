"""The command-line tool and the plots."""

import io
import subprocess
import sys

import matplotlib.figure
import pytest
import xarray as xr

import kneeload
from kneeload import cli, plot


def test_cli_simulate_prints_metrics_with_units(capsys, tmp_path):
    assert cli.main(["simulate", "--speed", "3.3", "--cadence", "170", "--csv", str(tmp_path / "s.csv")]) == 0
    out = capsys.readouterr().out
    assert "peak_pfj_stress_mpa" in out and "MPa" in out
    assert (tmp_path / "s.csv").read_text().startswith("time_s,")


def test_cli_sweep_writes_hdf5_and_prints_a_table(capsys, tmp_path):
    path = tmp_path / "sweep.h5"
    png = tmp_path / "sweep.png"
    assert (
        cli.main(
            [
                "sweep",
                "--speed",
                "3.3",
                "--cadence",
                "160:180:10",
                "--shoe-stiffness",
                "60e3,120e3",
                "-o",
                str(path),
                "--plot",
                str(png),
                "--no-progress",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "6 of 6 conditions ok" in out
    # Whole metric names (a cut one, peak_knee_extensor_mom, could be either knee moment), and the
    # lab-convention moment, which the literature and the PFJ chain use.
    header = out.splitlines()[0].split()
    assert "peak_knee_extensor_moment_lab_n_m_per_kg" in header
    assert all(
        name in kneeload.METRICS
        for name in header
        if name not in ("cadence_steps_per_min", "shoe_stiffness_n_per_m", "status")
    )
    ds = xr.open_dataset(path, engine="h5netcdf")
    assert list(ds["cadence_steps_per_min"].values) == [160.0, 170.0, 180.0]
    ds.close()
    assert png.stat().st_size > 1000


def test_cli_invalid_value_is_a_clear_error(capsys):
    assert cli.main(["simulate", "--speed", "-3", "--cadence", "170"]) == 1
    assert "'speed_m_per_s' = -3" in capsys.readouterr().err
    # The option as typed comes first (an alias, or an option whose parameter has another name).
    assert cli.main(["simulate", "--speed", "3.3", "--mass", "700"]) == 1
    assert capsys.readouterr().err.startswith("kneeload: error: --mass: invalid parameter 'body_mass_kg' = 700")
    assert cli.main(["sensitivity", "--samples", "10"]) == 1
    assert capsys.readouterr().err.startswith("kneeload: error: --samples: invalid parameter 'base_samples' = 10")
    assert cli.main(["sweep", "--cadence", "150:140:5"]) == 1
    assert "cadence_steps_per_min" in capsys.readouterr().err


@pytest.mark.filterwarnings("default::kneeload.IgnoredParameterWarning")  # as outside the tests
def test_cli_warns_of_a_setting_without_effect_in_its_own_words(capsys):
    assert cli.main(["simulate", "--speed", "3.3", "--shoe-law", "barefoot", "--shoe-stiffness", "2e5"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("kneeload: warning: parameter 'shoe_stiffness_n_per_m' = 200000 N/m has no effect: ")
    assert "cli.py" not in err  # not the code line that found it


def test_cli_help_documents_units():
    out = subprocess.run(
        [sys.executable, "-m", "kneeload.cli", "sweep", "--help"], capture_output=True, text=True
    ).stdout
    assert "[steps/min]" in out and "[N/m]" in out and "--shoe-stiffness" in out


@pytest.mark.parametrize("command", ["simulate", "sweep", "compare", "training", "sensitivity"])
def test_cli_help_shows_every_registry_text_as_written(command):
    # argparse formats help with %: a registry description with "+10 % step rate" once printed
    # argparse's own dict of the option instead of its help.
    out = subprocess.run(
        [sys.executable, "-m", "kneeload.cli", command, "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert "option_strings" not in out
    if command != "sensitivity":
        assert "+1.42 deg at +10 % step rate" in " ".join(out.split())


def test_range_syntax_is_inclusive():
    assert list(cli.parse_values("cadence", "150:190:10")) == [150, 160, 170, 180, 190]
    with pytest.raises(ValueError, match="cadence"):
        cli.parse_values("cadence", "a:b")
    # What is wrong with a range, said (a descending range, a zero step, a stop it never reaches).
    with pytest.raises(ValueError, match=r"needs step > 0 and stop >= start \(got step 5 from 190 to 150\)"):
        cli.parse_values("cadence", "190:150:5")
    with pytest.raises(ValueError, match=r"needs step > 0 .*\(got step 0 from"):
        cli.parse_values("cadence", "150:190:0")
    with pytest.raises(ValueError, match=r"190 is not 150 plus a whole number of steps of 7 \(the last would be 185\)"):
        cli.parse_values("cadence", "150:190:7")
    assert len(cli.parse_values("cadence_ratio", "0.8:1.2:0.001")) == 401  # rounding of the step is no gap
    assert cli.parse_values("x", "0.1:0.3:0.1")[-1] == 0.3  # the stop exactly, not 0.30000000000000004


def test_plots_return_figures():
    result = kneeload.simulate_step(3.3, 170)
    assert isinstance(plot.step(result), matplotlib.figure.Figure)
    ds = kneeload.sweep(
        {"cadence_steps_per_min": [160.0, 170.0, 180.0], "shoe_stiffness_n_per_m": [60e3, 120e3]},
        fixed={"speed_m_per_s": 3.3},
        progress=False,
    )
    assert isinstance(
        plot.heatmap(ds, "peak_pfj_stress_mpa", "cadence_steps_per_min", "shoe_stiffness_n_per_m"),
        matplotlib.figure.Figure,
    )
    fig = plot.percent_change(ds, ["peak_pfj_stress_mpa"], "cadence_steps_per_min", 170.0, shoe_stiffness_n_per_m=120e3)
    line = fig.axes[0].lines[0]
    assert line.get_ydata()[1] == pytest.approx(0.0)  # zero change at the baseline


def test_cli_sweeps_and_plots_a_choice_axis(capsys, tmp_path):
    png = tmp_path / "choice.png"
    assert (
        cli.main(["sweep", "--speed", "3.3", "--foot-strike", "rearfoot,forefoot", "--plot", str(png), "--no-progress"])
        == 0
    )
    assert "2 of 2 conditions ok" in capsys.readouterr().out
    assert png.stat().st_size > 1000


def test_cli_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"kneeload {kneeload.__version__}"


def test_cli_sweep_output_by_extension(capsys, tmp_path):
    base = ["sweep", "--speed", "3.3", "--cadence", "165,175", "--no-progress"]
    assert cli.main([*base, "-o", str(tmp_path / "s.csv")]) == 0
    text = (tmp_path / "s.csv").read_text()
    assert text.startswith("cadence_steps_per_min,") and "peak_pfj_stress_mpa" in text
    assert len(text.strip().splitlines()) == 3  # header + two conditions
    assert cli.main([*base, "-o", str(tmp_path / "s.txt")]) == 1
    assert "invalid parameter 'output'" in capsys.readouterr().err
    assert not (tmp_path / "s.txt").exists()


def test_cli_sweep_with_no_successful_condition_fails(capsys):
    # 0.05 s of contact at 2.5 m/s and 160 steps/min cannot make a periodic step: every condition fails.
    code = cli.main(
        ["sweep", "--speed", "2.5", "--cadence", "160,165", "--target-contact-time-s", "0.05", "--no-progress"]
    )
    assert code == 1
    assert "no condition of the sweep succeeded" in capsys.readouterr().err


def test_cli_sweep_strict_exits_3_when_some_conditions_fail(capsys, tmp_path):
    # 140 kg at 3.5 m/s: 120 steps/min is implausible (PFJ stress ~108 MPa, twice the bound), 170 ok.
    argv = ["sweep", "--speed", "3.5", "--cadence", "120,170", "--mass", "140", "--no-progress"]
    out = tmp_path / "s.csv"
    assert cli.main([*argv, "-o", str(out)]) == 0  # without --strict: listed, exit 0
    assert "1 of 2 conditions ok" in capsys.readouterr().out
    out.unlink()
    assert cli.main([*argv, "-o", str(out), "--strict"]) == cli.EXIT_SOME_CONDITIONS_FAILED == 3
    assert "kneeload: 1 of 2 conditions failed (--strict)" in capsys.readouterr().err
    assert out.exists()  # the outputs are still written
    assert cli.main(["sweep", "--speed", "3.5", "--cadence", "160,170", "--no-progress", "--strict"]) == 0


def test_cli_compare_strict_exits_3_when_an_intervention_fails(capsys):
    # trunk-flexion+40 takes the trunk to 47.3 deg, beyond its valid range: that condition fails.
    argv = ["compare", "--speed", "3.3", "--intervention", "trunk-flexion+40", "--samples", "0"]
    assert cli.main(argv) == 0
    capsys.readouterr()
    assert cli.main([*argv, "--strict"]) == cli.EXIT_SOME_CONDITIONS_FAILED
    assert "kneeload: 1 of 2 conditions failed (--strict)" in capsys.readouterr().err
    assert cli.main(["compare", "--speed", "3.3", "--intervention", "cadence+10%", "--samples", "0", "--strict"]) == 0


class _ClosedPipe(io.StringIO):
    """stdout whose reader has left (`kneeload ... | head -1`): every write raises EPIPE."""

    def write(self, text):
        raise BrokenPipeError(32, "Broken pipe")


def test_cli_output_into_a_closed_pipe_stops_quietly(monkeypatch, capsys):
    # The reader closed the pipe: no "kneeload: error: [Errno 32] Broken pipe", the SIGPIPE status.
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert cli.main(["simulate", "--speed", "3.3"]) == cli.EXIT_BROKEN_PIPE == 141
    assert capsys.readouterr().err == ""


def _capture_baseline(monkeypatch) -> list:
    """Records the baseline the CLI passes to plot.percent_change (and still draws)."""
    seen = []
    original = plot.percent_change

    def recording(dataset, metrics, axis, baseline, **kwargs):
        seen.append(baseline)
        return original(dataset, metrics, axis, baseline, **kwargs)

    monkeypatch.setattr(plot, "percent_change", recording)
    return seen


def test_cli_one_axis_plot_uses_the_chosen_baseline(monkeypatch, capsys, tmp_path):
    seen = _capture_baseline(monkeypatch)
    base = ["sweep", "--speed", "3.3", "--shoe-stiffness", "60e3,100e3,240e3", "--no-progress", "--plot"]
    assert cli.main([*base, str(tmp_path / "a.png")]) == 0
    assert seen[-1] == kneeload.PARAMETERS["shoe_stiffness_n_per_m"].default  # default: the registry's, on the axis
    assert cli.main([*base, str(tmp_path / "b.png"), "--baseline", "240e3"]) == 0
    assert seen[-1] == 240e3
    capsys.readouterr()
    assert cli.main([*base, str(tmp_path / "c.png"), "--baseline", "150e3"]) == 1
    err = capsys.readouterr().err
    assert "invalid parameter 'baseline' = '150e3'" in err and "60000, 100000, 240000" in err
    assert not (tmp_path / "c.png").exists()
    # A choice axis: the baseline is an option name.
    assert (
        cli.main(
            [
                "sweep",
                "--foot-strike",
                "rearfoot,forefoot",
                "--no-progress",
                "--plot",
                str(tmp_path / "d.png"),
                "--baseline",
                "forefoot",
            ]
        )
        == 0
    )
    assert seen[-1] == "forefoot"


def test_cli_plot_of_three_swept_axes_is_an_error_before_any_work(monkeypatch, capsys, tmp_path):
    import sys as sys_

    def no_sweep(*args, **kwargs):
        raise AssertionError("the sweep ran although the plot cannot be drawn")

    monkeypatch.setattr(sys_.modules["kneeload.sweep"], "sweep", no_sweep)
    png = tmp_path / "three.png"
    args = ["sweep", "--cadence-ratio", "0.9,1.1", "--shoe-stiffness", "60e3,120e3", "--shoe-wear", "0,300"]
    assert cli.main([*args, "--plot", str(png), "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert "shoe_wear_km (0.0, 300.0)" in err and "give each of those one value" in err
    assert not png.exists()


def _plan(tmp_path, rows: str):
    plan = tmp_path / "plan.csv"
    plan.write_text("week,distance_km,speed_m_per_s,cadence_steps_per_min\n" + rows)
    return plan


def test_cli_training_takes_the_runner_options_of_the_registry(capsys, tmp_path):
    import pandas as pd

    plan = _plan(tmp_path, "1,10,3.0,170\n2,12,3.0,170\n")
    light, heavy = tmp_path / "light.csv", tmp_path / "heavy.csv"
    assert cli.main(["training", str(plan), "--no-shoe-wear", "-o", str(light)]) == 0
    assert cli.main(["training", str(plan), "--no-shoe-wear", "--mass", "90", "-o", str(heavy)]) == 0
    light_load = pd.read_csv(light)["weekly_pfj_load_mpa_s"].to_numpy()
    heavy_load = pd.read_csv(heavy)["weekly_pfj_load_mpa_s"].to_numpy()
    # The model: the 90 kg runner's load per km at this speed and cadence, times the distance.
    per_km = kneeload.simulate_step(3.0, 170, body_mass_kg=90.0, time_series=False).metrics
    assert heavy_load.tolist() == pytest.approx(
        [10 * per_km.pfj_stress_time_integral_per_km_mpa_s, 12 * per_km.pfj_stress_time_integral_per_km_mpa_s], rel=1e-9
    )
    assert all(heavy_load > light_load)  # a heavier runner loads the PFJ more (larger knee moment)
    forefoot = tmp_path / "forefoot.csv"
    assert cli.main(["training", str(plan), "--no-shoe-wear", "--foot-strike", "forefoot", "-o", str(forefoot)]) == 0
    step = kneeload.simulate_step(3.0, 170, foot_strike="forefoot", time_series=False).metrics
    assert pd.read_csv(forefoot)["weekly_pfj_load_mpa_s"][0] == pytest.approx(
        10 * step.pfj_stress_time_integral_per_km_mpa_s, rel=1e-9
    )


def test_cli_training_help_lists_runner_options_but_not_what_the_plan_sets():
    out = subprocess.run(
        [sys.executable, "-m", "kneeload.cli", "training", "--help"], capture_output=True, text=True
    ).stdout
    for option in ("--mass", "--height", "--foot-strike", "--trunk-flexion", "--shoe-stiffness", "--shoe-law"):
        assert option in out
    for option in ("--speed", "--cadence", "--cadence-ratio", "--shoe-wear"):
        assert f"{option} " not in out and f"{option}," not in out


def test_cli_training_invalid_runner_value_is_a_clear_error(capsys, tmp_path):
    plan = _plan(tmp_path, "1,10,3.0,170\n")
    assert cli.main(["training", str(plan), "--mass", "-70"]) == 1
    spec = kneeload.PARAMETERS["body_mass_kg"]
    assert spec.valid_range.endswith(spec.unit)
    assert f"invalid parameter 'body_mass_kg' = -70: valid range is {spec.valid_range}" in (capsys.readouterr().err)


def test_cli_training_week_that_cannot_be_computed_fails_with_its_reason(capsys, tmp_path):
    # Week 2: 6 m/s at 100 steps/min is a 3.6 m step, outside the valid step lengths.
    plan = _plan(tmp_path, "1,10,3.0,170\n2,10,6.0,100\n")
    assert cli.main(["training", str(plan), "-o", str(tmp_path / "out.csv")]) == 1
    captured = capsys.readouterr()
    assert "week 2: invalid parameter 'step_length_m' = 3.6" in captured.err
    assert "week 1" not in captured.err and "weekly_pfj_load_mpa_s" not in captured.out
    assert not (tmp_path / "out.csv").exists()


def test_cli_training_plot(capsys, tmp_path):
    png = tmp_path / "training.png"
    assert cli.main(["training", str(_plan(tmp_path, "1,10,3.0,170\n2,12,3.0,170\n")), "--plot", str(png)]) == 0
    assert png.stat().st_size > 1000 and f"figure written to {png}" in capsys.readouterr().out


def test_cli_tables_write_units_as_the_registry_does(capsys, tmp_path):
    assert cli.main(["sweep", "--speed", "3.3", "--cadence-ratio", "1.0", "--foot-strike", "rearfoot,forefoot"]) == 0
    assert "[]" not in capsys.readouterr().out  # a choice has no unit
    plan = tmp_path / "plan.csv"
    plan.write_text("distance_km,pace_min_per_km\n20,5.5\n22,5.5\n")
    assert cli.main(["training", str(plan)]) == 0
    assert "cadence_steps_per_min [steps/min]" in capsys.readouterr().out  # not the file's CF "min-1"


@pytest.mark.parametrize(
    ("command", "work", "output"),
    [
        (["simulate", "--speed", "3.3"], ("kneeload.step", "simulate_step"), "--csv"),
        (["simulate", "--speed", "3.3"], ("kneeload.step", "simulate_step"), "--plot"),
        (["compare", "--speed", "3.3", "-i", "cadence+10%"], ("kneeload.comparison", "compare"), "-o"),
        (["compare", "--speed", "3.3", "-i", "cadence+10%"], ("kneeload.comparison", "compare"), "--plot"),
        (["sensitivity", "--speed", "3.3"], ("kneeload.sensitivity", "sobol_indices"), "-o"),
    ],
)
def test_cli_output_paths_are_checked_before_any_work(monkeypatch, capsys, tmp_path, command, work, output):
    # A missing directory is named as the user wrote it, before the run, not after it under a
    # temporary file's name (as compare -o and simulate --csv did).
    module, function = work

    def no_work(*args, **kwargs):
        raise AssertionError("the work ran although its output cannot be written")

    monkeypatch.setattr(sys.modules[module], function, no_work)
    target = str(tmp_path / "missing" / ("out.png" if output == "--plot" else "out.csv"))
    assert cli.main([*command, output, target]) == 1
    err = capsys.readouterr().err
    assert f"'{target}'" in err and "No such file or directory" in err


def test_cli_refuses_an_unknown_figure_extension_and_an_option_prefix(capsys, tmp_path):
    assert cli.main(["simulate", "--plot", str(tmp_path / "step.xyz")]) == 1
    assert "valid extensions are" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:  # a prefix (--mas) once set the mass silently
        cli.main(["simulate", "--mas", "80"])
    assert exit_.value.code == 2
    assert "unrecognized argument '--mas' (did you mean --mass" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["compare", "--sped", "3.3"])
    assert "(did you mean --speed" in capsys.readouterr().err


def test_cli_names_an_implausible_step_as_such(capsys):
    # 6.5 m/s at 0.8 x the preferred cadence: a periodic step with a knee moment beyond the bounds.
    assert cli.main(["simulate", "--speed", "6.5", "--cadence-ratio", "0.8"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("implausible step: peak_knee_extensor_moment_n_m_per_kg")
