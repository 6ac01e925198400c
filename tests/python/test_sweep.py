"""Sweeps from Python: dataset layout and units, HDF5 round trip (C++ writer -> xarray and
h5py), Dask equals local, failures recorded, interruption leaves no file."""

import os

import h5py
import numpy as np
import pytest
import xarray as xr

import kneeload
from kneeload import _core

AXES = {"cadence_steps_per_min": [150.0, 170.0, 190.0], "shoe_stiffness_n_per_m": [60e3, 120e3]}
FIXED = {"speed_m_per_s": 3.3}


def test_grid_dataset_dimensions_coordinates_and_units():
    ds = kneeload.sweep(AXES, fixed=FIXED, progress=False)
    assert dict(ds.sizes) == {"cadence_steps_per_min": 3, "shoe_stiffness_n_per_m": 2}
    np.testing.assert_array_equal(ds["cadence_steps_per_min"].values, AXES["cadence_steps_per_min"])
    assert ds["cadence_steps_per_min"].attrs["units"] == "steps/min"
    assert ds["shoe_stiffness_n_per_m"].attrs["units"] == "N/m"
    assert ds["peak_pfj_stress_mpa"].dims == ("cadence_steps_per_min", "shoe_stiffness_n_per_m")
    assert ds["peak_pfj_stress_mpa"].attrs["units"] == "MPa"
    for name, unit in kneeload.METRICS.items():
        if name in ds:
            assert ds[name].attrs["units"] == unit
    assert (ds["status"] == 0).all()
    assert ds.attrs["closure"] == "empirical" and ds.attrs["contact_area_curve"] == "kernozek_cubic"
    assert ds.attrs["kneeload_version"] == kneeload.__version__
    assert float(ds.attrs["fixed_speed_m_per_s"]) == 3.3


def test_sweep_values_match_single_simulations():
    ds = kneeload.sweep(AXES, fixed=FIXED, progress=False)
    single = kneeload.simulate_step(3.3, 170.0, shoe_stiffness_n_per_m=120e3, time_series=False)
    assert ds["peak_pfj_stress_mpa"].sel(cadence_steps_per_min=170.0, shoe_stiffness_n_per_m=120e3).item() == \
        single.metrics["peak_pfj_stress_mpa"]


def test_results_do_not_depend_on_thread_count():
    one = kneeload.sweep(AXES, fixed=FIXED, threads=1, progress=False)
    two = kneeload.sweep(AXES, fixed=FIXED, threads=2, progress=False)
    xr.testing.assert_identical(one, two)


def test_list_sweep_has_a_condition_dimension():
    ds = kneeload.sweep(["speed_m_per_s", "cadence_steps_per_min"], points=[[3.0, 165.0], [3.5, 175.0]], progress=False)
    assert dict(ds.sizes) == {"condition": 2}
    np.testing.assert_array_equal(ds["speed_m_per_s"].values, [3.0, 3.5])
    assert ds["speed_m_per_s"].attrs["units"] == "m/s"


def test_choice_axis_becomes_a_string_dimension():
    ds = kneeload.sweep({"foot_strike": ["rearfoot", "forefoot"], "cadence_steps_per_min": [160.0, 180.0]},
                        fixed=FIXED, progress=False)
    assert list(ds["foot_strike"].values) == ["rearfoot", "forefoot"]
    assert ds["has_impact_peak"].sel(foot_strike="rearfoot").all()
    assert not ds["has_impact_peak"].sel(foot_strike="forefoot").any()


def test_hdf5_written_by_cpp_reads_back_in_xarray_and_h5py(tmp_path):
    path = tmp_path / "sweep.h5"
    ds = kneeload.sweep(AXES, fixed=FIXED, progress=False, to=path)
    local = kneeload.sweep(AXES, fixed=FIXED, progress=False)
    opened = xr.open_dataset(path, engine="h5netcdf")
    assert dict(opened.sizes) == dict(local.sizes)
    np.testing.assert_array_equal(opened["peak_pfj_stress_mpa"].values, local["peak_pfj_stress_mpa"].values)
    assert opened["peak_pfj_stress_mpa"].attrs["units"] == "MPa"
    assert opened["cadence_steps_per_min"].attrs["units"] == "steps/min"
    np.testing.assert_array_equal(opened["status"].values, local["status"].values)
    assert opened.attrs["closure"] == "empirical"
    with h5py.File(path, "r") as f:
        assert f["peak_vgrf_bw"].shape == (3, 2)
        assert f["peak_vgrf_bw"].attrs["units"] in (b"BW", "BW")
        assert f.attrs["kneeload_version"] in (kneeload.__version__, kneeload.__version__.encode())
        assert f["reason"].shape == (3, 2)
    assert not os.path.exists(str(path) + ".tmp")
    ds.close()
    opened.close()


def test_dask_result_equals_local_result_exactly():
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        remote = kneeload.sweep(AXES, fixed=FIXED, client=client, progress=False)
    local = kneeload.sweep(AXES, fixed=FIXED, progress=False)
    xr.testing.assert_identical(remote, local)


def test_impossible_conditions_complete_with_their_status():
    ds = kneeload.sweep({"cadence_steps_per_min": [170.0, 250.0], "speed_m_per_s": [1.5, 3.3]}, progress=False,
                        fixed={"closure": "contact_time", "closure_value": 0.30})
    status = ds["status"].values
    assert (status == 0).sum() >= 1
    assert (status == 1).sum() >= 1  # no periodic gait
    failed = ds["reason"].values[status != 0]
    assert all(len(r) > 0 for r in failed)
    assert np.isnan(ds["peak_pfj_stress_mpa"].values[status != 0]).all()


def test_invalid_value_in_an_axis_is_recorded_as_invalid_input():
    ds = kneeload.sweep({"shoe_stiffness_n_per_m": [120e3, -5.0]}, fixed={"speed_m_per_s": 3.3, "cadence_steps_per_min": 170},
                        progress=False)
    assert list(ds["status"].values) == [0, 2]
    assert "shoe.stiffness_n_per_m" in ds["reason"].values[1]


@pytest.mark.parametrize("axes", [{"not_a_parameter": [1.0]}, {"foot_strike": ["heel"]}, {"speed_m_per_s": []}])
def test_invalid_axes_raise_value_error_before_any_work(axes):
    with pytest.raises(ValueError):
        kneeload.sweep(axes, fixed=FIXED, progress=False)


def test_interrupted_sweep_leaves_no_file_under_the_final_name(tmp_path):
    path = tmp_path / "interrupted.h5"
    calls = []

    def interrupt(done, total):
        calls.append(done)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _core.sweep([("cadence_steps_per_min", list(np.linspace(150, 190, 400)))], None, {"speed_m_per_s": 3.3}, {},
                    2, 16, False, interrupt, str(path), {}, False)
    assert calls
    assert not path.exists()
    assert not os.path.exists(str(path) + ".tmp")


@pytest.mark.parametrize("kwargs, name", [
    (dict(threads=-1), "threads"), (dict(threads=2**40), "threads"), (dict(chunk_size=0), "chunk_size"),
])
def test_invalid_options_raise_value_error(kwargs, name):
    with pytest.raises(ValueError, match=name):
        kneeload.sweep(AXES, fixed=FIXED, progress=False, **kwargs)


def test_empty_list_and_axis_free_file_sweeps_are_rejected_and_leave_no_file(tmp_path):
    with pytest.raises(ValueError, match="points"):
        kneeload.sweep(["speed_m_per_s", "cadence_steps_per_min"], points=np.zeros((0, 2)), progress=False)
    path = tmp_path / "none.h5"
    with pytest.raises(ValueError, match="axis"):
        kneeload.sweep({}, fixed={"speed_m_per_s": 3.3, "cadence_steps_per_min": 170}, progress=False, to=path)
    with pytest.raises(ValueError, match="axis"):
        _core.sweep([], None, {"speed_m_per_s": 3.3, "cadence_steps_per_min": 170.0}, {}, 1, 16, False, None,
                    str(path), {}, False)
    assert not path.exists() and not os.path.exists(str(path) + ".tmp")
