"""The command-line tool and the plots."""

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
    ds = xr.open_dataset(path, engine="h5netcdf")
    assert list(ds["cadence_steps_per_min"].values) == [160.0, 170.0, 180.0]
    ds.close()
    assert png.stat().st_size > 1000


def test_cli_invalid_value_is_a_clear_error(capsys):
    assert cli.main(["simulate", "--speed", "-3", "--cadence", "170"]) == 1
    assert "'speed_m_per_s' = -3" in capsys.readouterr().err
    assert cli.main(["sweep", "--cadence", "150:140:5"]) == 1
    assert "cadence_steps_per_min" in capsys.readouterr().err


def test_cli_help_documents_units():
    out = subprocess.run(
        [sys.executable, "-m", "kneeload.cli", "sweep", "--help"], capture_output=True, text=True
    ).stdout
    assert "[steps/min]" in out and "[N/m]" in out and "--shoe-stiffness" in out


def test_range_syntax_is_inclusive():
    assert list(cli.parse_values("cadence", "150:190:10")) == [150, 160, 170, 180, 190]
    with pytest.raises(ValueError, match="cadence"):
        cli.parse_values("cadence", "a:b")


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
