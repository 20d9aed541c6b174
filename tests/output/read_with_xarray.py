"""Opens a results file written by results_file_test.cpp with xarray (h5netcdf) and h5py."""
import sys

import h5py
import numpy as np
import xarray

path = sys.argv[1]
daily = xarray.open_dataset(path, group="arms/holdout/daily", engine="h5netcdf")
assert daily["sends"].dims == ("replication", "day"), daily["sends"].dims
assert daily["sends"].shape == (2, 5)
assert daily["sends"].attrs["units"] == "emails"
assert int(daily["sends"][0, 2]) == 3
assert float(daily["revenue"][0, 3]) == 9.99
assert list(daily["subscribers"][0].values) == [7, 7, 7, 5, 5]
arm = xarray.open_dataset(path, group="arms/early", engine="h5netcdf")
assert arm["conversion"].dims == ("replication", "day_since_entry")
with h5py.File(path, "r") as f:
    assert f.attrs["format_version"] == 1
    assert list(f["arms"].attrs["arm_order"]) == ["holdout", "early"]
    conversion = f["arms/early/conversion"][0]
    assert np.all(np.diff(conversion) >= 0) and conversion[1] == 0.5
print("ok")
