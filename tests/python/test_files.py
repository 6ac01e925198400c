"""Output files: sweep files that follow the CF conventions and open in every common reader, and
writers that never lose or corrupt results (concurrent writers, full disks, incomplete sweeps,
unwritable paths, SIGTERM). Each hardening test is built from the reproducer of a defect."""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

import h5py
import netCDF4
import numpy as np
import pytest
import xarray as xr

import kneeload
from kneeload import METRICS, PARAMETERS, TIME_SERIES, _core, cli

FIXED = {"speed_m_per_s": 3.3}
GRID = {"cadence_steps_per_min": [160.0, 180.0], "shoe_stiffness_n_per_m": [60e3, 120e3, 240e3]}
CHOICE = {"foot_strike": ["rearfoot", "midfoot", "forefoot"], "cadence_ratio": [0.95, 1.05]}
#: A CF history line (CF-1.10 section 2.6.2): the creation time, UTC, then what made the file.
HISTORY = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ: kneeload")
#: The CLI's exit status on SIGTERM: 128 + the signal, as a shell reports a process it ended.
SIGTERM_STATUS = 128 + signal.SIGTERM
#: Child processes of these tests: the package and Python's own site-packages, no user site.
CHILD_ENV = {**os.environ, "PYTHONNOUSERSITE": "1"}


def _cf_registry():
    """pint's registry with the UDUNITS-2 (CF) syntax that cf_xarray adds."""
    import cf_xarray.units

    return cf_xarray.units.units


@pytest.fixture(scope="module", params=["grid", "choice"])
def sweep_file(request, tmp_path_factory) -> Path:
    """A grid sweep and a choice-axis sweep with stance curves, written by the C++ writer."""
    path = tmp_path_factory.mktemp("cf") / f"{request.param}.h5"
    axes = GRID if request.param == "grid" else CHOICE
    kneeload.sweep(axes, fixed=FIXED, progress=False, to=path, stance_curve_points=5).close()
    return path


# ---------------------------------------------------------------- A. CF conventions and readers


def test_both_xarray_engines_read_the_same_dataset(sweep_file):
    with (
        xr.open_dataset(sweep_file, engine="netcdf4") as netcdf4_engine,
        xr.open_dataset(sweep_file, engine="h5netcdf") as h5netcdf_engine,
    ):
        xr.testing.assert_identical(netcdf4_engine.load(), h5netcdf_engine.load())
        assert (netcdf4_engine["status"] == 0).all()
        assert (netcdf4_engine["reason"] == "").all()  # every condition solved: no reason


def test_ncdump_reads_the_whole_file(sweep_file):
    # ncdump of netCDF-C 4.9 looped forever on HDF5 fixed-length strings (the former `reason`).
    result = subprocess.run(["ncdump", str(sweep_file)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert ':Conventions = "CF-1.10" ;' in result.stdout
    assert "string reason(" in result.stdout
    assert re.search(r"int status\(.*\) ;\s+\S*\s*status:long_name", result.stdout)
    assert "status:flag_values = 0, 1, 2, 3 ;" in result.stdout  # integers, not the text "0 1 2 3"
    with h5py.File(sweep_file) as f:
        variables = list(f)  # every dataset is a variable or a dimension's coordinate
    for name in variables:  # ncdump printed every variable's data, not only the header
        assert re.search(rf"^ {name} =", result.stdout, re.MULTILINE), name


def test_netcdf4_python_and_h5py_see_the_same_variables_and_numeric_attributes(sweep_file):
    with netCDF4.Dataset(sweep_file) as nc, h5py.File(sweep_file) as f:
        assert set(nc.variables) == set(f)
        assert nc["status"].dtype == np.int32 and nc["status"].flag_values.dtype == np.int32
        assert list(nc["reason"][:].ravel()) == [""] * nc["reason"].size
        # Numbers are stored as numbers (not text such as "3.2999999999999998"), exactly.
        assert f.attrs["speed_m_per_s"].dtype == np.float64 and f.attrs["speed_m_per_s"] == 3.3
        assert nc.getncattr("body_mass_kg") == PARAMETERS["body_mass_kg"].default
        assert f.attrs["Conventions"] == "CF-1.10"


def test_every_variable_and_coordinate_has_a_long_name_and_units_pint_reads(sweep_file):
    ureg = _cf_registry()
    with xr.open_dataset(sweep_file, engine="netcdf4") as ds:
        for name, variable in ds.variables.items():
            assert variable.attrs.get("long_name"), name
            if "units" in variable.attrs:
                ureg.Unit(variable.attrs["units"])  # raises for a unit pint cannot read
            else:  # only the labels of choices, the outcome flags and the reasons have no unit
                assert variable.dtype.kind in "OU" or name == "status", name


def test_root_attributes_follow_cf(sweep_file):
    with xr.open_dataset(sweep_file, engine="h5netcdf") as ds:
        assert ds.attrs["Conventions"] == "CF-1.10"
        assert ds.attrs["title"].startswith("kneeload sweep")
        assert HISTORY.match(ds.attrs["history"]) and "kneeload.sweep(" in ds.attrs["history"]
        assert ds.attrs["source"].startswith(f"kneeload {kneeload.__version__} ")
        assert "REFERENCES.md" in ds.attrs["references"] and "doi:" in ds.attrs["references"]


def test_a_cli_sweep_records_its_command_line_as_history(tmp_path, capsys):
    path = tmp_path / "cli.h5"
    assert cli.main(["sweep", "--speed", "3.3", "--cadence-ratio", "0.9,1.0", "--no-progress", "-o", str(path)]) == 0
    with xr.open_dataset(path, engine="netcdf4") as ds:
        assert HISTORY.match(ds.attrs["history"])
        assert ds.attrs["history"].endswith(
            f"kneeload sweep --speed 3.3 --cadence-ratio 0.9,1.0 --no-progress -o {path}"
        )


def test_cf_xarray_decodes_the_status_flags(sweep_file):
    import cf_xarray  # noqa: F401  (registers the .cf accessor)

    with xr.open_dataset(sweep_file, engine="netcdf4") as ds:
        assert ds["status"].cf.is_flag_variable
        np.testing.assert_array_equal((ds["status"].cf == "ok").values, (ds["status"] == 0).values)
        assert not (ds["status"].cf == "no_periodic_gait").any()


def test_pint_xarray_quantifies_every_variable_with_the_right_scale(sweep_file):
    import pint_xarray

    ureg = pint_xarray.setup_registry(_cf_registry())
    with xr.open_dataset(sweep_file, engine="netcdf4") as ds:
        quantified = ds.pint.quantify(unit_registry=ureg)
        for name in METRICS:
            if name in quantified.data_vars:
                assert quantified[name].pint.units is not None, name
        # Conversions fixed by the definitions of the units: 1 min = 60 s, 1 MPa = 1e6 Pa.
        cadence = quantified["cadence_steps_per_min"].pint.to("Hz")
        np.testing.assert_allclose(cadence.pint.magnitude, ds["cadence_steps_per_min"].values / 60.0, rtol=1e-15)
        stress = quantified["peak_pfj_stress_mpa"].pint.to("Pa")
        np.testing.assert_allclose(stress.pint.magnitude, ds["peak_pfj_stress_mpa"].values * 1e6, rtol=1e-15)
        assert quantified["peak_vgrf_bw"].pint.units == ureg.dimensionless
        assert "body_mass_kg" in ds["peak_vgrf_bw"].attrs["normalisation"]


@pytest.mark.parametrize("registry", [PARAMETERS, METRICS, TIME_SERIES], ids=["parameters", "metrics", "columns"])
def test_every_registry_unit_has_a_cf_spelling_pint_reads(registry):
    # The CF spelling is derived from the registry entry (one source); a new unit that pint
    # (with the UDUNITS-2 syntax) cannot read fails here.
    ureg = _cf_registry()
    for name, spec in registry.items():
        cf = _core.cf_attributes(spec.unit, spec.description)
        assert cf["long_name"] == spec.description
        unit = ureg.Unit(cf["units"])
        if spec.unit.startswith("BW"):  # a multiple of body weight: a number, with what it is of
            assert unit.dimensionality == ureg.Unit("1" if spec.unit == "BW" else "s-1").dimensionality
            assert "body weight" in cf["normalisation"], name
        else:  # the registry's own unit, respelt only: the same quantity and scale
            assert "normalisation" not in cf
            registry_unit = spec.unit.replace("steps/min", "1/min")  # steps are counted, not a unit
            assert ureg.Quantity(1, registry_unit).to(unit).magnitude == pytest.approx(1.0, rel=1e-15), name


def test_step_export_follows_cf_too(tmp_path):
    step = kneeload.simulate_step(speed_m_per_s=3.3)
    path = tmp_path / "step.nc"
    step.to_dataset().to_netcdf(path, engine="netcdf4")
    result = subprocess.run(["ncdump", "-h", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    with xr.open_dataset(path, engine="netcdf4") as ds:
        assert ds.attrs["Conventions"] == "CF-1.10"
        assert ds["peak_vgrf_bw"].attrs["units"] == "1" and ds["knee_flexion_deg"].attrs["units"] == "degree"
        ds.pint.quantify(unit_registry=_cf_registry())


# ---------------------------------------------------------------- B1. concurrent writers


def _sweep_in_a_child(path: Path, speed: float) -> subprocess.Popen:
    code = textwrap.dedent(f"""
        import kneeload
        axes = {{"cadence_ratio": [0.9 + 0.0001 * i for i in range(3000)]}}  # ~2 s on one thread
        kneeload.sweep(axes, fixed={{"speed_m_per_s": {speed}}}, threads=1, progress=False, to={str(path)!r})
    """)
    return subprocess.Popen([sys.executable, "-c", code], env=CHILD_ENV, stderr=subprocess.PIPE, text=True)


def _assert_one_complete_file_of(path: Path, speeds: set[float], conditions: int) -> None:
    assert sorted(os.listdir(path.parent)) == [path.name]  # no temporary file left, by either writer
    with xr.open_dataset(path, engine="h5netcdf") as ds:
        assert ds.attrs["speed_m_per_s"] in speeds  # one writer's result, whole: the last to finish
        assert ds.sizes["cadence_ratio"] == conditions and (ds["status"] == 0).all()


def _temporary_files(directory: Path) -> int:
    return sum(p.suffix == ".tmp" for p in directory.iterdir())


def test_two_processes_writing_one_name_both_succeed_and_the_last_rename_wins(tmp_path):
    # Reproducer: the second writer deleted the first one's "<name>.tmp" and the first failed
    # at the rename after computing everything.
    path = tmp_path / "same.h5"
    first = _sweep_in_a_child(path, 3.0)
    while first.poll() is None and _temporary_files(tmp_path) == 0:
        time.sleep(0.01)  # the first writer has made its temporary file
    second = _sweep_in_a_child(path, 3.5)
    both_writing = False
    while not both_writing and (first.poll() is None or second.poll() is None):
        both_writing = _temporary_files(tmp_path) == 2
        time.sleep(0.01)
    for child in (first, second):
        _, stderr = child.communicate(timeout=300)
        assert child.returncode == 0, stderr
    assert both_writing  # the writers did overlap: two temporary files at once
    _assert_one_complete_file_of(path, {3.0, 3.5}, 3000)


def test_two_threads_writing_one_name_both_succeed(tmp_path):
    # Reproducer: two threads ended with "HDF5: infinite loop closing library".
    path = tmp_path / "same.h5"
    errors: list[BaseException] = []

    def write(speed: float) -> None:
        try:
            axes = {"cadence_ratio": [0.9 + 0.001 * i for i in range(300)]}
            kneeload.sweep(axes, fixed={"speed_m_per_s": speed}, threads=1, progress=False, to=path).close()
        except BaseException as error:  # noqa: BLE001  (reported below)
            errors.append(error)

    threads = [threading.Thread(target=write, args=(speed,)) for speed in (3.0, 3.5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    _assert_one_complete_file_of(path, {3.0, 3.5}, 300)


# ---------------------------------------------------------------- B2. full disk, special files


def test_csv_on_a_full_device_is_an_os_error_and_the_device_stays(tmp_path, capsys):
    # Reproducer: the CSV writer renamed its temporary file over /dev/full, replacing the device
    # with a regular file, and reported success. /dev/full fails every write with ENOSPC.
    if not stat.S_ISCHR(os.stat("/dev/full").st_mode):
        pytest.skip("/dev/full is not the full device on this machine")
    assert cli.main(["simulate", "--speed", "3.3", "--csv", "/dev/full"]) == 1
    assert f"[Errno {errno.ENOSPC}] cannot write '/dev/full': No space left on device" in capsys.readouterr().err
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)  # still the device


def test_csv_to_a_directory_fails_and_leaves_nothing(tmp_path, capsys):
    assert cli.main(["simulate", "--speed", "3.3", "--csv", str(tmp_path)]) == 1
    assert "Is a directory" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_csv_through_a_symbolic_link_replaces_the_linked_file(tmp_path):
    target, link = tmp_path / "data.csv", tmp_path / "link.csv"
    target.write_text("old\n")
    link.symlink_to(target)
    assert cli.main(["simulate", "--speed", "3.3", "--csv", str(link)]) == 0
    assert link.is_symlink() and target.read_text().startswith("time_s,")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.csv", "link.csv"]


def _run_with_file_size_limit(code: str) -> subprocess.CompletedProcess:
    """Runs `code` in a child whose writes past 64 kB fail with EFBIG, as a full disk fails with
    ENOSPC (no root needed; SIGXFSZ ignored so that the write fails instead of killing it)."""
    prelude = textwrap.dedent("""
        import resource, signal
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        import kneeload, kneeload.cli
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))
    """)
    return subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(code)],
        env=CHILD_ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_cli_sweep_csv_on_a_full_disk_fails_and_leaves_no_file(tmp_path):
    # Reproducer: the CLI's CSV was written in place, so a full disk left a partial file.
    path = tmp_path / "sweep.csv"
    result = _run_with_file_size_limit(f"""
        import sys
        sys.exit(kneeload.cli.main(["sweep", "--cadence-ratio", "0.8:1.2:0.01", "--shoe-stiffness",
                                    "60e3,120e3,240e3", "--foot-strike", "rearfoot,forefoot", "--no-progress",
                                    "-o", {str(path)!r}]))
    """)
    # 246 conditions of ~75 columns of 17-digit numbers: about 300 kB, past the 64 kB limit.
    assert result.returncode == 1, result.stdout + result.stderr
    assert "File too large" in result.stderr
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- B3. incomplete sweeps


def test_a_sweep_file_with_missing_conditions_is_not_committed(tmp_path):
    # Reproducer: commit() without writes produced an all-"ok" file of zeros.
    spec = _core.SweepSpec(FIXED, {}, [("cadence_ratio", [0.9, 1.0, 1.1])])
    file = _core.SweepFile(str(tmp_path / "empty.h5"), spec)
    with pytest.raises(OSError, match="incomplete sweep \\(condition 0 was never written\\)") as error:
        file.commit()
    assert error.value.filename == str(tmp_path / "empty.h5")
    file.discard()
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- B4. checked before any work


#: A sweep that takes tens of seconds: an error within a few seconds comes before the work.
LONG_AXES = {"cadence_ratio": list(np.linspace(0.8, 1.2, 400)), "body_mass_kg": list(np.linspace(50, 100, 250))}


@pytest.mark.parametrize(
    "target, cause",
    [("directory", "Is a directory"), ("missing/x.h5", "No such file or directory")],
)
def test_an_unusable_output_path_fails_before_any_work(tmp_path, target, cause):
    path = tmp_path if target == "directory" else tmp_path / target
    start = time.perf_counter()
    with pytest.raises(OSError, match=cause) as error:
        kneeload.sweep(LONG_AXES, fixed=FIXED, progress=False, to=path)
    assert time.perf_counter() - start < 5.0  # 10^5 conditions would take ~30 s or more
    assert error.value.filename == str(path) and error.value.errno in (errno.EISDIR, errno.ENOENT)


def test_a_directory_without_write_permission_fails_before_any_work():
    # As a user without write permission (root may write anywhere, so a child drops to "nobody"),
    # in a directory everyone may enter (pytest's own are private to their owner).
    parent = Path(tempfile.mkdtemp(prefix="kneeload_test_"))
    parent.chmod(0o755)
    directory = parent / "read_only"
    directory.mkdir(mode=0o555)
    try:
        _assert_permission_denied(directory)
    finally:
        shutil.rmtree(parent)


def _assert_permission_denied(directory: Path) -> None:
    code = f"""
        import os, sys
        import kneeload  # before dropping to "nobody", who may not read this Python installation
        if os.geteuid() == 0:
            os.setgid(65534)
            os.setuid(65534)
        try:
            kneeload.sweep({{"cadence_ratio": [0.9, 1.0]}}, fixed={{"speed_m_per_s": 3.3}}, progress=False,
                           to={str(directory / "x.h5")!r})
        except OSError as error:
            print(error.errno, error)
    """
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], env=CHILD_ENV, capture_output=True, text=True, timeout=120
    )
    assert result.stdout.startswith(f"{errno.EACCES} "), result.stdout + result.stderr
    assert "Permission denied" in result.stdout and "x.h5" in result.stdout
    assert list(directory.iterdir()) == []


def test_cli_sweep_checks_a_csv_output_before_the_sweep(tmp_path, capsys):
    # Reproducer: a directory named like the output was found only when writing, after the sweep.
    (tmp_path / "out.csv").mkdir()
    assert cli.main(["sweep", "--cadence-ratio", "0.9,1.0", "--no-progress", "-o", str(tmp_path / "out.csv")]) == 1
    captured = capsys.readouterr()
    assert "Is a directory" in captured.err and "conditions ok" not in captured.out  # no sweep ran
    assert cli.main(["sweep", "--cadence-ratio", "0.9,1.0", "--no-progress", "--plot", str(tmp_path / "no/x.png")]) == 1
    captured = capsys.readouterr()
    assert "No such file or directory" in captured.err and "conditions ok" not in captured.out
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


# ---------------------------------------------------------------- B5. SIGTERM


def _terminate_when_writing(command: list[str], directory: Path) -> subprocess.CompletedProcess:
    """Starts `command`, sends SIGTERM once its temporary file exists (mid-sweep), waits."""
    child = subprocess.Popen(command, env=CHILD_ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not any(p.name.endswith(".tmp") for p in directory.iterdir()):
        assert child.poll() is None and time.monotonic() < deadline, child.communicate()
        time.sleep(0.01)
    time.sleep(0.3)  # well inside the sweep (tens of seconds of work)
    child.send_signal(signal.SIGTERM)
    stdout, stderr = child.communicate(timeout=60)
    return subprocess.CompletedProcess(command, child.returncode, stdout, stderr)


@pytest.mark.parametrize("client", ["local", "dask"])
def test_sigterm_cancels_an_api_sweep_and_removes_its_temporary_file(tmp_path, client):
    # Reproducer: SIGTERM (a cancelled cluster job) left a stale .tmp; SIGINT was handled.
    path = tmp_path / "sweep.h5"
    path.write_bytes(b"the previous result")
    code = textwrap.dedent(f"""
        import numpy as np, kneeload
        client = None
        if {client!r} == "dask":
            from dask.distributed import Client, LocalCluster
            client = Client(LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None))
        axes = {{"cadence_ratio": np.linspace(0.8, 1.2, 400), "body_mass_kg": np.linspace(50, 100, 250)}}
        kneeload.sweep(axes, fixed={{"speed_m_per_s": 3.3}}, threads=1, progress=False, to={str(path)!r},
                       client=client)
    """)
    result = _terminate_when_writing([sys.executable, "-c", code], tmp_path)
    assert result.returncode == SIGTERM_STATUS, result.stderr  # kneeload.Terminated: SystemExit(143)
    assert [p.name for p in tmp_path.iterdir()] == ["sweep.h5"]  # no temporary file left
    assert path.read_bytes() == b"the previous result"  # the old file untouched


@pytest.mark.parametrize("output", ["sweep.h5", "sweep.csv"])
def test_sigterm_cancels_a_cli_sweep_and_removes_its_temporary_file(tmp_path, output):
    kneeload_cli = [sys.executable, "-m", "kneeload"]
    command = [*kneeload_cli, "sweep", "--speed", "3.3", "--cadence-ratio", "0.8:1.2:0.001"]
    command += ["--body-mass-kg", "50:100:0.2", "--threads", "1", "--no-progress", "-o", str(tmp_path / output)]
    result = _terminate_when_writing(command, tmp_path)
    assert result.returncode == SIGTERM_STATUS, result.stderr
    assert "kneeload: terminated (SIGTERM)" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_sigterm_handling_leaves_a_handler_the_program_set_alone():
    def own_handler(signum, frame):
        pass

    previous = signal.signal(signal.SIGTERM, own_handler)
    try:
        kneeload.sweep({"cadence_ratio": [0.9, 1.0]}, fixed=FIXED, progress=False)
        assert signal.getsignal(signal.SIGTERM) is own_handler
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert signal.getsignal(signal.SIGTERM) is previous
