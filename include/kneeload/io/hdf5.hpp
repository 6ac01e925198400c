#pragma once
/// @file io/hdf5.hpp
/// HDF5 output of a sweep (compiled in src/io/hdf5.cpp), readable by xarray as a NetCDF4
/// dataset (`xarray.open_dataset(path, engine="h5netcdf")`):
///  - grid sweeps: one dimension per swept axis, with its values as a coordinate variable;
///    list sweeps: one dimension "condition", the axes as variables along it;
///  - every metric a float64 variable over those dimensions with a `units` attribute
///    (NaN where the condition failed), `status` (int32: 0 ok, 1 no periodic gait,
///    2 invalid input) and `reason` per condition (UTF-8, fixed width 256 bytes, compressed,
///    so that xarray reads it lazily; longer reasons are cut);
///  - root attributes: library version, model choices and the fixed parameters.
/// The file is written as `<path>.tmp` and renamed to `<path>` only once complete, so an
/// interrupted or failed sweep never leaves a truncated file under the final name (a file
/// that was already there is left as it was).

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "kneeload/sweep.hpp"

namespace kneeload::io {

/// Attributes written to the file's root group, in addition to the library's own.
using Attributes = std::vector<std::pair<std::string, std::string>>;

class SweepFileWriter {
public:
    /// Creates `<path>.tmp` with every variable sized for the whole sweep.
    SweepFileWriter(const std::string& path, const SweepSpec& spec, const Attributes& extra_attributes = {});
    SweepFileWriter(const SweepFileWriter&) = delete;
    SweepFileWriter& operator=(const SweepFileWriter&) = delete;
    /// Removes `<path>.tmp` unless commit() succeeded.
    ~SweepFileWriter();

    /// Writes one chunk (any flat range of conditions).
    void write(const SweepChunk& chunk);
    /// Closes the file and renames it to its final name.
    void commit();

private:
    void create(const std::string& path, const SweepSpec& spec, const Attributes& extra_attributes);
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Runs the sweep and writes it to `path` (atomically). Returns the number of ok conditions.
std::size_t write_sweep_hdf5(const std::string& path, const SweepSpec& spec, const SweepOptions& options,
                             const Attributes& extra_attributes = {});

/// Root attributes describing a condition's model choices and fixed parameters.
Attributes describe_condition(const Condition& condition);

}  // namespace kneeload::io
