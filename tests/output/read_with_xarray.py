"""Opens the files written by results_file_test.cpp (ReadsWithXarrayAndH5py) with xarray through
h5netcdf, and with h5py, checking dimensions, coordinates, units and values.

usage: read_with_xarray.py SINGLE_RUN.h5 SWEEP.h5
"""
import sys

import h5py
import numpy as np
import xarray


def open_group(path, group):
    return xarray.open_dataset(path, group=group, engine="h5netcdf")


def check_daily(path, group):
    daily = open_group(path, group)
    sends = daily["sends"]
    assert sends.dims == ("replication", "day"), sends.dims
    assert sends.shape == (2, 5), sends.shape
    assert sends.dtype == np.int64, sends.dtype
    assert sends.attrs["units"] == "emails", sends.attrs
    assert "description" in sends.attrs
    # Day coordinates stay integers (units "day"; "days" would be decoded into timedelta64).
    assert list(daily["day"].values) == [0, 1, 2, 3, 4], daily["day"].values
    assert list(daily["replication"].values) == [0, 1]
    assert list(sends.sel(replication=0).values) == [1, 0, 3, 0, 0], sends.values
    assert daily["revenue"].dtype == np.float64
    assert list(daily["revenue"][0].values) == [0, 0.07, 0, 9.99, 0], daily["revenue"].values
    # A running sum of +7 (day 0), +12 (day 1), -2 (day 3).
    assert list(daily["subscribers"][0].values) == [7, 7, 20, 18, 18], daily["subscribers"][0].values


def check_arm(path, group):
    arm = open_group(path, group)
    conversion = arm["conversion"]
    assert conversion.dims == ("replication", "day_since_entry"), conversion.dims
    assert list(arm["day_since_entry"].values) == [0, 1, 2, 3, 4]
    assert list(conversion[0].values) == [0, 0.5, 0.5, 0.5, 0.5], conversion.values
    assert conversion.attrs["units"] == "1"
    assert arm["entrants"].dims == ("replication",)
    assert list(arm["entrants"].values) == [12, 14], arm["entrants"].values
    assert list(arm["conversion_events"][0].values) == [0, 1, 0, 0, 0]
    assert list(arm["entrant_cross_sell_revenue"].values) == [246.90, 493.80]


def check_step_and_segment(path):
    # Each step and segment group carries its own scales, so it opens alone too.
    step = open_group(path, "arms/early/steps/xsell.nudge")
    assert step["sends"].dims == ("replication",), step["sends"].dims
    assert list(step["conversions"].values) == [2, 4], step["conversions"].values
    assert list(step["revenue_last_touch"].values) == [2.0, 4.0], step["revenue_last_touch"].values
    segment = open_group(path, "arms/early/segments/fans")
    assert segment["conversion"].dims == ("replication", "day_since_entry")
    assert list(segment["entrants"].values) == [8, 16], segment["entrants"].values
    with h5py.File(path, "r") as f:
        order = [n.decode() if isinstance(n, bytes) else n for n in f["arms/early/steps/step_order"]]
        assert order == ["xsell.nudge", "xsell/b.offer"], order
        assert "xsell%2Fb.offer" in f["arms/early/steps"]


def check_single(path):
    check_daily(path, "arms/holdout/daily")
    check_arm(path, "arms/early")
    check_step_and_segment(path)
    with h5py.File(path, "r") as f:
        assert f.attrs["format_version"] == 4
        assert f.attrs["seed"] == 42 and f.attrs["seed"].dtype == np.uint64
        assert f.attrs["currency"] == "EUR"
        assert f.attrs["scenario"] == 'name = "x"\n'
        assert list(f["arms"].attrs["arm_order"]) == ["holdout", "early"]
        sends = f["arms/holdout/daily/sends"]
        assert [dim.label for dim in sends.dims] == ["replication", "day"]
        assert list(sends.dims[1][0][:]) == [0, 1, 2, 3, 4]
        conversion = f["arms/early/conversion"][0]
        assert np.all(np.diff(conversion) >= 0) and conversion[1] == 0.5


def check_sweep(path):
    table = open_group(path, "points/table")
    size = table["population.size"]
    assert size.dims == ("point",), size.dims
    # numbers as numbers, strings as strings (format_version 4)
    assert size.dtype.kind == "i" and list(size.values) == [10, 20], size.values
    assert list(table["sequences.a.steps.nudge.delay"].values) == ["1d", "3d"]
    check_daily(path, "points/1/arms/holdout/daily")
    check_arm(path, "points/1/arms/early")
    with h5py.File(path, "r") as f:
        assert "arms" not in f
        order = list(f["points/table"].attrs["parameter_order"])
        assert order == ["population.size", "sequences.a.steps.nudge.delay"], order


check_single(sys.argv[1])
check_sweep(sys.argv[2])
print("ok")
